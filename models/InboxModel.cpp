#include "InboxModel.h"

#include "DateText.h"
#include "StatusNames.h"
#include "core/Logging.h"
#include "core/domain/WorkingDays.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QLocale>
#include <algorithm>

namespace clerk {

InboxModel::InboxModel(Store& store, QObject* parent, Counting counting)
    : QAbstractTableModel(parent)
    , m_store(store)
    , m_lazyCounting(counting == Counting::Lazy)
{
    connect(&m_store, &Store::requestsChanged, this, &InboxModel::refresh);
    // Locked: nothing of the requests stays on screen; unlocked: back as it was.
    connect(&m_store, &Store::locked, this, &InboxModel::refresh);
    connect(&m_store, &Store::unlocked, this, &InboxModel::refresh);
    refresh();
}

void InboxModel::loadServiceNames()
{
    m_serviceNames.clear();
    if (!m_store.isUnlocked())
        return;
    const bool german = QLocale().language() == QLocale::German;
    auto q = m_store.connection().query("SELECT id, name_de, name_en FROM services");
    m_serviceStatusNames.clear();
    while (q.next()) {
        m_serviceNames.insert(q.text(0), german || q.text(2).isEmpty() ? q.text(1) : q.text(2));
        if (auto s = m_store.service(q.text(0)); s && !s->statusNamesDe.isEmpty())
            m_serviceStatusNames.insert(s->id, s.value());
    }
}

QString InboxModel::whereClause(const ViewsModel::Spec& spec, QList<QVariant>* binds, bool withSearch) const
{
    QStringList parts;
    const qint64 today = m_today.toJulianDay();
    // A unary + keeps SQLite from reaching for a column's own index to filter (and then sorting
    // every matching row: a third of a million for a channel) where walking the index of the sort
    // order and filtering on the way fills a page sooner. Filters keep their index where it is the
    // sort order too (assignee and status have composite indexes with the due date) or where the
    // rows are rare (flagged, unassigned).
    const bool byDue = m_sortColumn == Due;
    const QString open = QStringLiteral("+status IN ('received', 'in_progress', 'waiting')");
    switch (spec.kind) {
    case ViewsModel::View::Mine:
        parts << QLatin1String(byDue ? "assignee = ?" : "+assignee = ?") << QStringLiteral("closed = 0");
        *binds << m_clerk;
        break;
    case ViewsModel::View::Team:
        parts << QStringLiteral("closed = 0");
        break;
    case ViewsModel::View::Unassigned:
        parts << QStringLiteral("coalesce(assignee, '') = ''") << open;
        break;
    case ViewsModel::View::Overdue:
        parts << open << QStringLiteral("due_date < ?");
        *binds << today;
        break;
    case ViewsModel::View::DueSoon:
        parts << open << QStringLiteral("due_date BETWEEN ? AND ?");
        *binds << today << workingdays::addWorkingDays(m_today, 2).toJulianDay();
        break;
    case ViewsModel::View::All:
    case ViewsModel::View::Section:
        break;
    case ViewsModel::View::Flagged:
        parts << QStringLiteral("flagged = 1");
        break;
    case ViewsModel::View::Service:
        parts << QStringLiteral("+service_id = ?") << QStringLiteral("closed = 0");
        *binds << spec.param;
        break;
    case ViewsModel::View::StatusIs:
        parts << QLatin1String(byDue || m_sortColumn == Status ? "status = ?" : "+status = ?");
        *binds << spec.param;
        break;
    case ViewsModel::View::Channel:
        parts << QStringLiteral("+channel = ?") << QStringLiteral("closed = 0");
        *binds << spec.param;
        break;
    case ViewsModel::View::Saved:
        break; // the saved search text goes into setSearch()
    }
    if (withSearch && !m_search.isEmpty()) {
        QStringList ids;
        for (qint64 rid : m_searchHits)
            ids << QString::number(rid);
        parts << QStringLiteral("rid IN (%1)").arg(ids.isEmpty() ? QStringLiteral("NULL") : ids.join(QLatin1Char(',')));
    }
    return parts.isEmpty() ? QString() : QStringLiteral(" WHERE ") + parts.join(QStringLiteral(" AND "));
}

QStringList InboxModel::searchTerms() const
{
    QStringList out;
    for (const QString& w : m_search.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        QString t = w;
        t.remove(QLatin1Char('"'));
        t.remove(QLatin1Char('*'));
        if (t.size() >= 2)
            out << t;
    }
    return out;
}

QHash<QString, int> InboxModel::groupCounts(ViewsModel::View facet) const
{
    QHash<QString, int> out;
    if (!m_store.isUnlocked())
        return out;
    const char* sql = facet == ViewsModel::View::Service
        ? "SELECT service_id, count(*) FROM requests WHERE closed = 0 GROUP BY 1"
        : facet == ViewsModel::View::Channel ? "SELECT channel, count(*) FROM requests WHERE closed = 0 GROUP BY 1"
                                             : "SELECT status, count(*) FROM requests GROUP BY 1";
    auto q = m_store.connection().query(sql);
    while (q.next())
        out.insert(q.text(0), q.integer(1));
    return out;
}

Result<std::shared_ptr<sql::Connection>> InboxModel::openCountsConnection(Store& store)
{
    auto c = store.openWorkerConnection();
    if (!c)
        return c.error();
    std::shared_ptr<sql::Connection> connection = std::move(c.value());
    // One sequential pass: a page cache does not help it, and it is memory beside the GUI's.
    if (clerk::Status s = connection->exec("PRAGMA cache_size = -2048"); !s)
        qCWarning(lcStore) << "the counts' connection keeps its default page cache:" << s.error().detail;
    return connection;
}

QList<QPair<ViewsModel::Spec, int>> InboxModel::sidebarCounts() const
{
    if (!m_store.isUnlocked())
        return {};
    return sidebarCounts(m_store.connection(), m_clerk, m_today);
}

QList<QPair<ViewsModel::Spec, int>> InboxModel::sidebarCounts(
    sql::Connection& connection, const QString& clerk, const QDate& today0)
{
    using V = ViewsModel::View;
    QList<QPair<ViewsModel::Spec, int>> out;
    // One scan, grouped finely enough that every count of the sidebar is a sum of groups; the same
    // conditions as whereClause().
    auto q = connection.query(
        "SELECT service_id, status, channel, closed, count(*), sum(assignee = ?1), sum(coalesce(assignee, '') = ''), "
        "sum(flagged), sum(due_date < ?2), sum(due_date BETWEEN ?2 AND ?3) FROM requests GROUP BY 1, 2, 3, 4");
    const qint64 today = today0.toJulianDay();
    q.bindAll(clerk, today, workingdays::addWorkingDays(today0, 2).toJulianDay());
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
    out << qMakePair(ViewsModel::Spec { V::All, {} }, all) << qMakePair(ViewsModel::Spec { V::Team, {} }, team)
        << qMakePair(ViewsModel::Spec { V::Mine, {} }, mine)
        << qMakePair(ViewsModel::Spec { V::Unassigned, {} }, unassigned)
        << qMakePair(ViewsModel::Spec { V::Overdue, {} }, overdue)
        << qMakePair(ViewsModel::Spec { V::DueSoon, {} }, dueSoon)
        << qMakePair(ViewsModel::Spec { V::Flagged, {} }, flagged);
    for (auto it = services.cbegin(); it != services.cend(); ++it)
        out << qMakePair(ViewsModel::Spec { V::Service, it.key() }, it.value());
    for (auto it = statuses.cbegin(); it != statuses.cend(); ++it)
        out << qMakePair(ViewsModel::Spec { V::StatusIs, it.key() }, it.value());
    for (auto it = channels.cbegin(); it != channels.cend(); ++it)
        out << qMakePair(ViewsModel::Spec { V::Channel, it.key() }, it.value());
    return out;
}

QList<QPair<QString, QString>> InboxModel::services() const
{
    QList<QPair<QString, QString>> out;
    for (auto it = m_serviceNames.cbegin(); it != m_serviceNames.cend(); ++it)
        out << qMakePair(it.key(), it.value());
    std::sort(
        out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second.localeAwareCompare(b.second) < 0; });
    return out;
}

int InboxModel::count(const ViewsModel::Spec& view, bool withSearch) const
{
    if (!m_store.isUnlocked())
        return 0;
    QList<QVariant> binds;
    const QString sql = QStringLiteral("SELECT count(*) FROM requests") + whereClause(view, &binds, withSearch);
    auto q = m_store.connection().query(sql);
    for (int i = 0; i < binds.size(); ++i)
        q.bind(i + 1, binds.at(i));
    return q.next() ? q.integer(0) : 0;
}

void InboxModel::refresh()
{
    beginResetModel();
    m_pages.clear();
    m_anchors.clear();
    loadServiceNames();
    if (!m_search.isEmpty() && m_store.isUnlocked()) {
        auto hits = m_store.search(m_search, 500);
        m_searchHits = hits ? hits.value() : QList<qint64>();
    }
    m_countExact = true;
    const auto known = m_knownCounts.constFind(specKey(m_view));
    if (!m_search.isEmpty() || !m_store.isUnlocked()) {
        m_count = count(m_view, true); // at most the search's hits
    } else if (known != m_knownCounts.cend()) {
        // Possibly from before the change that caused this refresh: the next counts correct it.
        m_count = *known;
    } else if (m_lazyCounting) {
        // Counting a view of a large store can take seconds; the first page cannot.
        m_count = int(page(0).size());
        m_countExact = m_count < kPage;
    } else {
        m_count = count(m_view, false);
    }
    endResetModel();
}

QString InboxModel::specKey(const ViewsModel::Spec& spec)
{
    return QString::number(int(spec.kind)) + QLatin1Char('|') + spec.param;
}

void InboxModel::setKnownCounts(const QList<QPair<ViewsModel::Spec, int>>& counts)
{
    m_knownCounts.clear();
    for (const auto& [spec, n] : counts)
        m_knownCounts.insert(specKey(spec), n);
    const auto known = m_knownCounts.constFind(specKey(m_view));
    if (!m_search.isEmpty() || !m_store.isUnlocked() || known == m_knownCounts.cend())
        return;
    const int n = *known;
    m_countExact = true;
    if (n > m_count) {
        beginInsertRows({}, m_count, n - 1);
        m_count = n;
        endInsertRows();
    } else if (n < m_count) {
        beginRemoveRows({}, n, m_count - 1);
        m_count = n;
        endRemoveRows();
    }
}

bool InboxModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && !m_countExact && m_store.isUnlocked();
}

void InboxModel::fetchMore(const QModelIndex& parent)
{
    // The rows follow from the event loop: fetchMore() is often called from inside another change's
    // notification (a view laying out, a listener of rowsInserted), where inserting is not allowed.
    if (!canFetchMore(parent) || m_fetchQueued)
        return;
    m_fetchQueued = true;
    QMetaObject::invokeMethod(this, &InboxModel::appendPage, Qt::QueuedConnection);
}

void InboxModel::appendPage()
{
    m_fetchQueued = false;
    if (!canFetchMore({}))
        return;
    // While the count is open, the rows shown are whole pages.
    const int n = int(page(m_count / kPage).size());
    m_countExact = n < kPage;
    if (n > 0) {
        beginInsertRows({}, m_count, m_count + n - 1);
        m_count += n;
        endInsertRows();
    }
}

void InboxModel::setView(const ViewsModel::Spec& view)
{
    if (view == m_view)
        return;
    m_view = view;
    refresh();
}

void InboxModel::setSearch(const QString& text)
{
    if (text.trimmed() == m_search.trimmed() && text.isEmpty() == m_search.isEmpty())
        return;
    m_search = text.trimmed().isEmpty() ? QString() : text;
    refresh();
}

void InboxModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= ColumnCount)
        return;
    m_sortColumn = column;
    m_order = order;
    refresh();
}

const InboxModel::Row* InboxModel::rowAt(int row) const
{
    if (row < 0 || row >= m_count || !m_store.isUnlocked())
        return nullptr;
    const QList<Row>& rows = page(row / kPage);
    const int offset = row % kPage;
    return offset < rows.size() ? &rows.at(offset) : nullptr;
}

const QList<InboxModel::Row>& InboxModel::page(int number) const
{
    auto it = m_pages.constFind(number);
    if (it != m_pages.cend())
        return *it;
    if (m_pages.size() > 24)
        m_pages.clear(); // far pages go; the view asks again if it scrolls back
    // The page after one seen before starts right after that page's last row (keyset: as fast at
    // the millionth row as at the first). A jump into rows not seen counts its way there, from the
    // nearer end of the list when its length is known (the reversed order has the same indexes).
    const auto before = m_anchors.constFind(number - 1);
    const int first = number * kPage;
    QList<Row> rows;
    if (number == 0) {
        rows = fetch({}, {}, kPage);
    } else if (before != m_anchors.cend()) {
        rows = fetchAfter(*before, kPage);
    } else if (m_countExact && first > m_count / 2 && first < m_count) {
        const int last = qMin(first + kPage, m_count);
        rows = fetch({}, {}, last - first, m_count - last, true);
        std::reverse(rows.begin(), rows.end());
    } else {
        rows = fetch({}, {}, kPage, first);
    }
    if (!rows.isEmpty())
        m_anchors.insert(number, Anchor { rows.last().sortValue, rows.last().rid });
    return *m_pages.insert(number, rows);
}

namespace {

const char* const kSortColumns[] = { "reference", "service_id", "applicant", "submitted_at", "due_date", "status",
    "assignee", "channel", "attachments", "flagged" };

} // namespace

QString InboxModel::orderClause(bool reversed) const
{
    const QString dir = (m_order == Qt::AscendingOrder) != reversed ? QStringLiteral("ASC") : QStringLiteral("DESC");
    return QStringLiteral(" ORDER BY %1 %2, rid %2").arg(QLatin1String(kSortColumns[m_sortColumn]), dir);
}

QList<InboxModel::Row> InboxModel::fetch(
    const QString& condition, const QList<QVariant>& conditionBinds, int limit, int offset, bool reversed) const
{
    QList<Row> rows;
    if (limit <= 0 || !m_store.isUnlocked())
        return rows;
    QList<QVariant> binds;
    QString where = whereClause(m_view, &binds);
    if (!condition.isEmpty())
        where += (where.isEmpty() ? QStringLiteral(" WHERE ") : QStringLiteral(" AND ")) + condition;
    binds << conditionBinds;
    const QString sql
        = QStringLiteral("SELECT rid, id, reference, service_id, applicant, status, assignee, channel, "
                         "submitted_at, coalesce(due_date, 0), attachments, unread, flagged, %1 FROM requests")
              .arg(QLatin1String(kSortColumns[m_sortColumn]))
        + where + orderClause(reversed) + QStringLiteral(" LIMIT %1 OFFSET %2").arg(limit).arg(offset);
    auto q = m_store.connection().query(sql);
    for (int i = 0; i < binds.size(); ++i)
        q.bind(i + 1, binds.at(i));
    while (q.next())
        rows << Row { q.int64(0), q.text(1), q.text(2), q.text(3), q.text(4), q.text(5), q.text(6), q.text(7),
            q.int64(8), q.int64(9), q.integer(10), q.int64(11) != 0, q.int64(12) != 0, q.value(13) };
    return rows;
}

QList<InboxModel::Row> InboxModel::fetchAfter(const Anchor& anchor, int limit) const
{
    // SQLite sorts NULL first going up and last going down, so the order is two runs: ascending,
    // the NULLs (by rid) and then the values; descending, the values and then the NULLs. Each
    // condition below is a range on the (column, rid) order, which an index serves directly.
    const QString column = QLatin1String(kSortColumns[m_sortColumn]);
    QList<Row> rows;
    if (m_order == Qt::AscendingOrder) {
        if (anchor.value.isNull()) {
            rows = fetch(column + QStringLiteral(" IS NULL AND rid > ?"), { anchor.rid }, limit);
            rows += fetch(column + QStringLiteral(" IS NOT NULL"), {}, limit - int(rows.size()));
        } else {
            rows = fetch(QStringLiteral("(%1, rid) > (?, ?)").arg(column), { anchor.value, anchor.rid }, limit);
        }
    } else {
        if (anchor.value.isNull()) {
            rows = fetch(column + QStringLiteral(" IS NULL AND rid < ?"), { anchor.rid }, limit);
        } else {
            rows = fetch(QStringLiteral("(%1, rid) < (?, ?)").arg(column), { anchor.value, anchor.rid }, limit);
            rows += fetch(column + QStringLiteral(" IS NULL"), {}, limit - int(rows.size()));
        }
    }
    return rows;
}

int InboxModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_count;
}

int InboxModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant InboxModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row* r = rowAt(index.row());
    if (!r)
        return {};
    const QDate due = r->due ? QDate::fromJulianDay(r->due) : QDate();
    const bool open = r->status == QLatin1String("received") || r->status == QLatin1String("in_progress")
        || r->status == QLatin1String("waiting");
    const int dueState = !open || !due.isValid()         ? 0
        : due < m_today                                  ? 2
        : due <= workingdays::addWorkingDays(m_today, 2) ? 1
                                                         : 0;
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        switch (index.column()) {
        case Reference:
            return r->reference;
        case Service:
            return m_serviceNames.value(r->serviceId, r->serviceId);
        case Applicant:
            return r->applicant;
        case Received:
            return datetext::date(QDateTime::fromSecsSinceEpoch(r->submitted).toLocalTime().date());
        case Due: {
            if (!due.isValid())
                return QString();
            const QString text = datetext::date(due);
            // Colour is never the only signal: the state is in the words too.
            if (dueState == 2)
                return tr("%1 (overdue)").arg(text);
            if (dueState == 1)
                return tr("%1 (due soon)").arg(text);
            return text;
        }
        case Status:
            if (auto svc = m_serviceStatusNames.constFind(r->serviceId); svc != m_serviceStatusNames.cend())
                return StatusNames::status(r->status, svc.value());
            return StatusNames::status(r->status);
        case Assignee:
            return r->assignee.isEmpty() ? tr("—") : r->assignee;
        case Channel:
            return StatusNames::channel(r->channel);
        case Attachments:
            return r->attachments;
        case Flag:
            if (role == Qt::AccessibleTextRole)
                return r->flagged ? tr("Flagged") : tr("Not flagged");
            return r->flagged ? QStringLiteral("⚑") : QString();
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == Flag && r->flagged)
            return tr("Flagged for follow-up");
        break;
    case Qt::ForegroundRole:
        if (index.column() == Due && dueState == 2)
            return QBrush(QColor(0xb7, 0x1c, 0x1c));
        if (index.column() == Due && dueState == 1)
            return QBrush(QColor(0x8d, 0x5b, 0x00));
        break;
    case Qt::FontRole:
        if (r->unread) {
            QFont f;
            f.setBold(true);
            return f;
        }
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == Attachments)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        if (index.column() == Flag)
            return int(Qt::AlignCenter);
        break;
    case RequestIdRole:
        return r->id;
    case RowIdRole:
        return r->rid;
    case StatusKeyRole:
        return r->status;
    case DueStateRole:
        return dueState;
    case UnreadRole:
        return r->unread;
    case FlaggedRole:
        return r->flagged;
    case ServiceIdRole:
        return r->serviceId;
    }
    return {};
}

QVariant InboxModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Reference:
        return tr("Reference");
    case Service:
        return tr("Service");
    case Applicant:
        return tr("Applicant");
    case Received:
        return tr("Received");
    case Due:
        return tr("Due");
    case Status:
        return tr("Status");
    case Assignee:
        return tr("Assignee");
    case Channel:
        return tr("Channel");
    case Attachments:
        return tr("Attachments");
    case Flag:
        return tr("Flag");
    }
    return {};
}

QHash<int, QByteArray> InboxModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(RequestIdRole, "requestId");
    names.insert(RowIdRole, "rowId");
    names.insert(StatusKeyRole, "statusKey");
    names.insert(DueStateRole, "dueState");
    names.insert(UnreadRole, "unread");
    names.insert(FlaggedRole, "flagged");
    names.insert(ServiceIdRole, "serviceId");
    return names;
}

int InboxModel::rowOf(const QString& requestId, int hint) const
{
    if (hint >= 0 && hint < m_count)
        (void)rowAt(hint); // loads the page the request was on
    for (auto it = m_pages.cbegin(); it != m_pages.cend(); ++it)
        for (int i = 0; i < it->size(); ++i)
            if (it->at(i).id == requestId)
                return it.key() * kPage + i;
    // Beyond the pages at hand, SQL numbers the view's rows: fine for a few thousand, but over a
    // view of a million it took 1.3 s (after a view switch with a request selected). There the
    // request simply is not re-selected; the request pane keeps showing it.
    if (!m_store.isUnlocked() || m_count > kNumberedSearchLimit || !m_countExact)
        return -1;
    QList<QVariant> binds;
    const QString sql
        = QStringLiteral("SELECT pos FROM (SELECT id, row_number() OVER (%1) - 1 AS pos FROM requests%2) WHERE id = ?")
              .arg(orderClause().trimmed(), whereClause(m_view, &binds));
    auto q = m_store.connection().query(sql);
    int i = 0;
    for (; i < binds.size(); ++i)
        q.bind(i + 1, binds.at(i));
    q.bind(i + 1, requestId);
    return q.next() ? q.integer(0) : -1;
}

QString InboxModel::requestIdAt(int row) const
{
    const Row* r = rowAt(row);
    return r ? r->id : QString();
}

} // namespace clerk
