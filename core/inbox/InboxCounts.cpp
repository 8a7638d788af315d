#include "InboxCounts.h"

#include "core/Logging.h"
#include "core/inbox/InboxQuery.h"
#include "core/store/SearchIndex.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"

#include <QHash>

namespace clerk::inbox {

Counts countAll(sql::Connection& connection, const QString& clerk, const QDate& today)
{
    Counts out;
    // One scan, grouped finely enough that every count of the sidebar is a sum of groups; the same
    // conditions as InboxQuery's views.
    auto q = connection.query(
        "SELECT service_id, status, channel, closed, count(*), sum(assignee = ?1), sum(coalesce(assignee, '') = ''), "
        "sum(flagged), sum(due_date < ?2), sum(due_date BETWEEN ?2 AND ?3) FROM requests GROUP BY 1, 2, 3, 4");
    q.bindAll(clerk, today.toJulianDay(), InboxQuery::dueSoonUntil(today).toJulianDay());
    int all = 0, team = 0, mine = 0, unassigned = 0, overdue = 0, dueSoon = 0, flagged = 0;
    QHash<QString, int> services, statuses, channels;
    while (q.next()) {
        const QString status = q.text(1);
        const bool closed = q.int64(3) != 0;
        const bool open = status == QLatin1String("received") || status == QLatin1String("in_progress")
            || status == QLatin1String("waiting");
        const int n = q.integer(4);
        all += n;
        flagged += q.integer(7);
        statuses[status] += n;
        if (!closed) {
            team += n;
            mine += q.integer(5);
            services[q.text(0)] += n;
            channels[q.text(2)] += n;
        }
        if (open) {
            unassigned += q.integer(6);
            overdue += q.integer(8);
            dueSoon += q.integer(9);
        }
    }
    if (q.error() && q.error().code != Error::Cancelled)
        qCWarning(lcStore) << "counting the inbox failed:" << q.error().detail;
    out << qMakePair(ViewSpec { View::All, {} }, all) << qMakePair(ViewSpec { View::Team, {} }, team)
        << qMakePair(ViewSpec { View::Mine, {} }, mine) << qMakePair(ViewSpec { View::Unassigned, {} }, unassigned)
        << qMakePair(ViewSpec { View::Overdue, {} }, overdue) << qMakePair(ViewSpec { View::DueSoon, {} }, dueSoon)
        << qMakePair(ViewSpec { View::Flagged, {} }, flagged);
    for (auto it = services.cbegin(); it != services.cend(); ++it)
        out << qMakePair(ViewSpec { View::Service, it.key() }, it.value());
    for (auto it = statuses.cbegin(); it != statuses.cend(); ++it)
        out << qMakePair(ViewSpec { View::StatusIs, it.key() }, it.value());
    for (auto it = channels.cbegin(); it != channels.cend(); ++it)
        out << qMakePair(ViewSpec { View::Channel, it.key() }, it.value());
    return out;
}

void prepareForCounting(sql::Connection& connection)
{
    if (Status s = connection.exec("PRAGMA cache_size = -2048"); !s)
        qCWarning(lcStore) << "could not shrink the counting connection's cache:" << s.error().detail;
}

qint64 largestRowId(sql::Connection& connection)
{
    auto size = connection.scalar("SELECT coalesce(max(rid), 0) FROM requests");
    if (!size) {
        qCWarning(lcStore) << "reading the size of the inbox failed:" << size.error().detail;
        return 0;
    }
    return size->toLongLong();
}

Result<std::unique_ptr<CountingConnection>> CountingConnection::open(const Store& store)
{
    auto c = store.openWorkerConnection();
    if (!c)
        return c.error();
    prepareForCounting(*c.value());
    return std::unique_ptr<CountingConnection>(new CountingConnection(std::move(c.value())));
}

CountingConnection::CountingConnection(std::unique_ptr<sql::Connection> connection)
    : m_connection(std::move(connection))
{ }

CountingConnection::~CountingConnection() = default;

void CountingConnection::interrupt()
{
    m_connection->interrupt();
}

bool CountingConnection::isInterrupted() const
{
    return m_connection->isInterrupted();
}

Counts CountingConnection::countAll(const QString& clerk, const QDate& today)
{
    return inbox::countAll(*m_connection, clerk, today);
}

Result<int> CountingConnection::searchHits(const QString& typed, int limit)
{
    auto hits = SearchIndex(*m_connection).search(typed, limit);
    if (!hits)
        return hits.error();
    return int(hits->size());
}

} // namespace clerk::inbox
