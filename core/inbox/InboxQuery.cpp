#include "InboxQuery.h"

#include "core/Logging.h"
#include "core/domain/WorkingDays.h"
#include "core/store/DatabaseAccess.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <algorithm>
#include <cstring>

namespace clerk::inbox {

namespace {

const char* const kColumns[kSortColumns] = { "reference", "service_id", "applicant", "submitted_at", "due_date",
    "status", "assignee", "channel", "attachments", "flagged" };

const char* const kRowColumns = "rid, id, reference, service_id, applicant, status, assignee, channel, submitted_at, "
                                "coalesce(due_date, 0), attachments, unread, flagged";

QLatin1String columnOf(const Order& order)
{
    return QLatin1String(kColumns[int(order.column)]);
}

// ORDER BY the sort column and rid; `reversed`: the same order backwards (NULLs included: SQLite
// sorts NULL first going up and last going down).
QString orderBy(const Order& order, bool reversed)
{
    const QString dir = order.ascending != reversed ? QStringLiteral("ASC") : QStringLiteral("DESC");
    return QStringLiteral(" ORDER BY %1 %2, rid %2").arg(columnOf(order), dir);
}

Row readRow(const sql::Query& q)
{
    return Row { q.int64(0), q.text(1), q.text(2), q.text(3), q.text(4), q.text(5), q.text(6), q.text(7), q.int64(8),
        q.int64(9), q.integer(10), q.int64(11) != 0, q.int64(12) != 0, q.value(13) };
}

void bindAll(sql::Query& q, const QList<QVariant>& binds)
{
    for (int i = 0; i < binds.size(); ++i)
        q.bind(i + 1, binds.at(i));
}

QByteArray jsonOf(const QList<qint64>& numbers)
{
    QJsonArray a;
    for (qint64 n : numbers)
        a.append(n);
    return QJsonDocument(a).toJson(QJsonDocument::Compact);
}

QByteArray jsonOf(const QStringList& texts)
{
    return QJsonDocument(QJsonArray::fromStringList(texts)).toJson(QJsonDocument::Compact);
}

void warnIfFailed(const sql::Query& q, const char* what)
{
    // (Cancelled: a worker's connection stopped because its answer is not wanted any more.)
    if (q.error() && q.error().code != Error::Cancelled)
        qCWarning(lcStore) << "inbox query failed:" << what << q.error().detail;
}

} // namespace

InboxQuery InboxQuery::of(Store& store)
{
    // The one place the inbox reaches the store's connection.
    return InboxQuery(storeConnection(store));
}

QDate InboxQuery::dueSoonUntil(const QDate& today)
{
    return workingdays::addWorkingDays(today, 2);
}

QString InboxQuery::where(const Filter& filter, const Order& order, QList<QVariant>* binds, bool withSearch) const
{
    QStringList parts;
    const qint64 today = filter.today.toJulianDay();
    // A unary + keeps SQLite from reaching for a column's own index to filter (and then sorting
    // every matching row: a third of a million for a channel) where walking the index of the sort
    // order and filtering on the way fills a page sooner. Filters keep their index where it is the
    // sort order too (assignee and status have composite indexes with the due date) or where the
    // rows are rare (flagged, unassigned).
    const bool byDue = order.column == SortColumn::Due;
    const QString open = QStringLiteral("+status IN ('received', 'in_progress', 'waiting')");
    switch (filter.view.kind) {
    case View::Mine:
        parts << QLatin1String(byDue ? "assignee = ?" : "+assignee = ?") << QStringLiteral("closed = 0");
        *binds << filter.clerk;
        break;
    case View::Team:
        parts << QStringLiteral("closed = 0");
        break;
    case View::Unassigned:
        parts << QStringLiteral("coalesce(assignee, '') = ''") << open;
        break;
    case View::Overdue:
        parts << open << QStringLiteral("due_date < ?");
        *binds << today;
        break;
    case View::DueSoon:
        parts << open << QStringLiteral("due_date BETWEEN ? AND ?");
        *binds << today << dueSoonUntil(filter.today).toJulianDay();
        break;
    case View::All:
    case View::Section:
        break;
    case View::Flagged:
        parts << QStringLiteral("flagged = 1");
        break;
    case View::Service:
        parts << QStringLiteral("+service_id = ?") << QStringLiteral("closed = 0");
        *binds << filter.view.param;
        break;
    case View::StatusIs:
        parts << QLatin1String(byDue || order.column == SortColumn::Status ? "status = ?" : "+status = ?");
        *binds << filter.view.param;
        break;
    case View::Channel:
        parts << QStringLiteral("+channel = ?") << QStringLiteral("closed = 0");
        *binds << filter.view.param;
        break;
    case View::Saved:
        break; // the saved search text is the search
    }
    if (withSearch && filter.searching) {
        parts << QStringLiteral("rid IN (SELECT value FROM json_each(?))");
        *binds << QString::fromUtf8(jsonOf(filter.hits));
    }
    return parts.join(QStringLiteral(" AND "));
}

int InboxQuery::count(const Filter& filter, bool withSearch) const
{
    QList<QVariant> binds;
    const QString condition = where(filter, Order {}, &binds, withSearch);
    auto q = m_db.query(QStringLiteral("SELECT count(*) FROM requests")
        + (condition.isEmpty() ? QString() : QStringLiteral(" WHERE ") + condition));
    bindAll(q, binds);
    const int n = q.next() ? q.integer(0) : 0;
    warnIfFailed(q, "count");
    return n;
}

QList<Row> InboxQuery::select(const Filter& filter, const Order& order, const QString& condition,
    const QList<QVariant>& conditionBinds, int limit, int offset, bool reversed) const
{
    QList<Row> rows;
    if (limit <= 0)
        return rows;
    QList<QVariant> binds;
    QStringList parts;
    if (QString view = where(filter, order, &binds, true); !view.isEmpty())
        parts << view;
    if (!condition.isEmpty())
        parts << condition;
    binds << conditionBinds << limit << offset;
    const QString sql = QStringLiteral("SELECT %1, %2 FROM requests").arg(QLatin1String(kRowColumns), columnOf(order))
        + (parts.isEmpty() ? QString() : QStringLiteral(" WHERE ") + parts.join(QStringLiteral(" AND ")))
        + orderBy(order, reversed) + QStringLiteral(" LIMIT ? OFFSET ?");
    auto q = m_db.query(sql);
    bindAll(q, binds);
    while (q.next())
        rows << readRow(q);
    warnIfFailed(q, "page");
    return rows;
}

QList<Row> InboxQuery::page(const Filter& filter, const Order& order, int limit, int offset) const
{
    return select(filter, order, {}, {}, limit, offset, false);
}

QList<Row> InboxQuery::pageFromEnd(const Filter& filter, const Order& order, int limit, int offsetFromEnd) const
{
    QList<Row> rows = select(filter, order, {}, {}, limit, offsetFromEnd, true);
    std::reverse(rows.begin(), rows.end());
    return rows;
}

QList<Row> InboxQuery::keyset(const Filter& filter, const Order& order, const Row& row, int limit) const
{
    // The order is two runs: ascending, the NULLs (by rid) and then the values; descending, the
    // values and then the NULLs. Each condition below is a range on the (column, rid) order, which
    // an index serves directly.
    const QString column = columnOf(order);
    const QVariant& value = row.sortValue;
    QList<Row> rows;
    if (order.ascending) {
        if (value.isNull()) {
            rows = select(filter, order, column + QStringLiteral(" IS NULL AND rid > ?"), { row.rid }, limit, 0, false);
            rows += select(
                filter, order, column + QStringLiteral(" IS NOT NULL"), {}, limit - int(rows.size()), 0, false);
        } else {
            rows = select(
                filter, order, QStringLiteral("(%1, rid) > (?, ?)").arg(column), { value, row.rid }, limit, 0, false);
        }
    } else {
        if (value.isNull()) {
            rows = select(filter, order, column + QStringLiteral(" IS NULL AND rid < ?"), { row.rid }, limit, 0, false);
        } else {
            rows = select(
                filter, order, QStringLiteral("(%1, rid) < (?, ?)").arg(column), { value, row.rid }, limit, 0, false);
            rows += select(filter, order, column + QStringLiteral(" IS NULL"), {}, limit - int(rows.size()), 0, false);
        }
    }
    return rows;
}

QList<Row> InboxQuery::after(const Filter& filter, const Order& order, const Row& row, int limit) const
{
    return keyset(filter, order, row, limit);
}

QList<Row> InboxQuery::before(const Filter& filter, const Order& order, const Row& row, int limit) const
{
    // The rows before a row are the rows after it in the reversed order (NULLs included).
    QList<Row> rows = keyset(filter, Order { order.column, !order.ascending }, row, limit);
    std::reverse(rows.begin(), rows.end());
    return rows;
}

int InboxQuery::rowsBefore(const Filter& filter, const Order& order, const Row& row) const
{
    // Going up, NULLs come first (by rid); going down, last (by rid, downwards).
    const QString column = columnOf(order);
    QString before;
    QList<QVariant> keyBinds;
    if (order.ascending) {
        if (row.sortValue.isNull()) {
            before = column + QStringLiteral(" IS NULL AND rid < ?");
            keyBinds << row.rid;
        } else {
            before = QStringLiteral("(%1 IS NULL OR (%1, rid) < (?, ?))").arg(column);
            keyBinds << row.sortValue << row.rid;
        }
    } else {
        if (row.sortValue.isNull()) {
            before = QStringLiteral("(%1 IS NOT NULL OR rid > ?)").arg(column);
            keyBinds << row.rid;
        } else {
            before = QStringLiteral("(%1, rid) > (?, ?)").arg(column);
            keyBinds << row.sortValue << row.rid;
        }
    }
    QList<QVariant> binds;
    QString condition = where(filter, order, &binds, true);
    condition = condition.isEmpty() ? before : condition + QStringLiteral(" AND ") + before;
    binds << keyBinds;
    auto q = m_db.query(QStringLiteral("SELECT count(*) FROM requests WHERE ") + condition);
    bindAll(q, binds);
    const int n = q.next() ? q.integer(0) : 0;
    warnIfFailed(q, "rows before");
    return n;
}

QHash<QString, InboxQuery::Touched> InboxQuery::rows(
    const Filter& filter, const Order& order, const QStringList& ids) const
{
    QHash<QString, Touched> out;
    if (ids.isEmpty())
        return out;
    QList<QVariant> binds;
    QString condition = where(filter, order, &binds, true);
    if (condition.isEmpty())
        condition = QStringLiteral("1");
    binds << QString::fromUtf8(jsonOf(ids));
    auto q = m_db.query(QStringLiteral("SELECT %1, %2, (%3) FROM requests WHERE id IN (SELECT value FROM json_each(?))")
            .arg(QLatin1String(kRowColumns), columnOf(order), condition));
    bindAll(q, binds);
    while (q.next()) {
        Row r = readRow(q);
        const bool inView = q.int64(14) != 0;
        const QString id = r.id;
        out.insert(id, Touched { std::move(r), inView });
    }
    warnIfFailed(q, "rows by id");
    return out;
}

int InboxQuery::numberOf(const Filter& filter, const Order& order, const QString& requestId) const
{
    QList<QVariant> binds;
    const QString condition = where(filter, order, &binds, true);
    const QString sql
        = QStringLiteral("SELECT pos FROM (SELECT id, row_number() OVER (%1) - 1 AS pos FROM requests%2) WHERE id = ?")
              .arg(orderBy(order, false).trimmed(),
                  condition.isEmpty() ? QString() : QStringLiteral(" WHERE ") + condition);
    binds << requestId;
    auto q = m_db.query(sql);
    bindAll(q, binds);
    const int row = q.next() ? q.integer(0) : -1;
    warnIfFailed(q, "row number");
    return row;
}

Result<QHash<QString, QString>> InboxQuery::serviceNames(bool german) const
{
    QHash<QString, QString> out;
    auto q = m_db.query("SELECT id, name_de, name_en FROM services");
    while (q.next())
        out.insert(q.text(0), german || q.text(2).isEmpty() ? q.text(1) : q.text(2));
    if (q.error())
        return q.error(); // the names read so far are some of them only
    return out;
}

int InboxQuery::compare(const Row& a, const Row& b, const Order& order)
{
    auto compareValues = [](const QVariant& x, const QVariant& y) {
        if (x.isNull() || y.isNull())
            return int(!x.isNull()) - int(!y.isNull()); // NULL first
        const bool xNumber = x.typeId() != QMetaType::QString && x.typeId() != QMetaType::QByteArray;
        const bool yNumber = y.typeId() != QMetaType::QString && y.typeId() != QMetaType::QByteArray;
        if (xNumber != yNumber)
            return xNumber ? -1 : 1; // SQLite: numbers before text
        if (xNumber) {
            const qint64 p = x.toLongLong(), q = y.toLongLong();
            return p < q ? -1 : p > q ? 1 : 0;
        }
        const QByteArray p = x.toString().toUtf8(), q = y.toString().toUtf8();
        const int c = std::memcmp(p.constData(), q.constData(), size_t(qMin(p.size(), q.size())));
        return c != 0 ? c : p.size() < q.size() ? -1 : p.size() > q.size() ? 1 : 0;
    };
    int c = compareValues(a.sortValue, b.sortValue);
    if (c == 0)
        c = a.rid < b.rid ? -1 : a.rid > b.rid ? 1 : 0;
    return order.ascending ? c : -c;
}

} // namespace clerk::inbox
