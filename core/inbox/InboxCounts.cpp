#include "InboxCounts.h"

#include "core/Logging.h"
#include "core/inbox/InboxQuery.h"
#include "core/store/SearchIndex.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"

#include <QHash>

namespace clerk::inbox {

namespace {

// The rows of one combination of the columns the sidebar groups by.
struct Group
{
    QString service, status, channel;
    bool closed = false;
    int rows = 0, mine = 0, unassigned = 0, flagged = 0, overdue = 0, dueSoon = 0;
};

} // namespace

Result<Counts> countAll(sql::Connection& connection, const QString& clerk, const QDate& today)
{
    // One scan, summed per combination of service, status, channel and closed: every count of the
    // sidebar is a sum of such groups; the same conditions as InboxQuery's views. The groups are
    // summed here, not with GROUP BY: SQLite sorts for that, and its sorter held every row of the
    // table (about 75 MiB for 1,000,000 requests, in memory: temp_store) on each counting pass.
    auto q = connection.query("SELECT service_id, status, channel, closed, assignee = ?1, coalesce(assignee, '') = '', "
                              "flagged, due_date < ?2, due_date BETWEEN ?2 AND ?3 FROM requests");
    q.bindAll(clerk, today.toJulianDay(), InboxQuery::dueSoonUntil(today).toJulianDay());
    QList<Group> groups;
    QHash<QByteArray, qsizetype> groupOf;
    QByteArray key; // (reused: no allocation a row once the groups are known)
    while (q.next()) {
        const QByteArrayView service = q.utf8(0), status = q.utf8(1), channel = q.utf8(2);
        const bool closed = q.int64(3) != 0;
        // Each text after its length: no two different rows' columns make the same key, whatever
        // bytes a backend sent in a status or channel.
        key.resize(0);
        for (const QByteArrayView text : { service, status, channel }) {
            const quint32 length = quint32(text.size());
            key.append(reinterpret_cast<const char*>(&length), sizeof length).append(text);
        }
        key.append(closed ? '1' : '0');
        auto at = groupOf.constFind(key);
        if (at == groupOf.cend()) {
            at = groupOf.insert(key, groups.size());
            groups.append(
                Group { QString::fromUtf8(service), QString::fromUtf8(status), QString::fromUtf8(channel), closed });
        }
        Group& g = groups[*at];
        ++g.rows;
        g.mine += q.integer(4);
        g.unassigned += q.integer(5);
        g.flagged += q.integer(6);
        g.overdue += q.integer(7);
        g.dueSoon += q.integer(8);
    }
    if (q.error())
        return q.error(); // the rows so far are part of the store only: no count is shown from them
    int all = 0, team = 0, mine = 0, unassigned = 0, overdue = 0, dueSoon = 0, flagged = 0;
    QHash<QString, int> services, statuses, channels;
    for (const Group& g : std::as_const(groups)) {
        const bool open = g.status == QLatin1String("received") || g.status == QLatin1String("in_progress")
            || g.status == QLatin1String("waiting");
        all += g.rows;
        flagged += g.flagged;
        statuses[g.status] += g.rows;
        if (!g.closed) {
            team += g.rows;
            mine += g.mine;
            services[g.service] += g.rows;
            channels[g.channel] += g.rows;
        }
        if (open) {
            unassigned += g.unassigned;
            overdue += g.overdue;
            dueSoon += g.dueSoon;
        }
    }
    Counts out;
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
    auto c = store.openWorkerConnection(kCacheMb);
    if (!c)
        return c.error();
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

Result<Counts> CountingConnection::countAll(const QString& clerk, const QDate& today)
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
