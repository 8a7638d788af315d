// The inbox's SQL: which requests a view holds, in which order, a page of them at a time. Pages
// continue from a known row (keyset: as fast at the millionth row as at the first) or are counted
// from either end of the list (LIMIT ? OFFSET ?). Every value is bound; the statement texts follow
// only from the view kind, the sort column and direction, so the connection's statement cache
// holds a small fixed set of them. The models call this; they hold no SQL of their own.
#pragma once

#include "core/inbox/InboxCounts.h"
#include "core/inbox/InboxView.h"

#include <QDate>
#include <QHash>
#include <QList>
#include <QStringList>
#include <QVariant>

namespace clerk {

class Store;

namespace sql {
class Connection;
}

namespace inbox {

// The columns the inbox sorts by (the list's columns, in their order).
enum class SortColumn { Reference, Service, Applicant, Received, Due, Status, Assignee, Channel, Attachments, Flag };
constexpr int kSortColumns = 10;

// One request as the inbox shows it.
struct Row
{
    qint64 rid = 0;
    QString id, reference, serviceId, applicant, status, assignee, channel;
    qint64 submitted = 0;
    qint64 due = 0; // Julian day, 0 = none
    int attachments = 0;
    bool unread = false;
    bool flagged = false;
    QVariant sortValue; // the sort column as stored (NULL too): the row's place in the order
};

// What the list shows: a view, whose requests "mine" means, the day "overdue" counts from, and
// the search hits (row ids) while a search is active.
struct Filter
{
    ViewSpec view;
    QString clerk;
    QDate today;
    bool searching = false;
    QList<qint64> hits;
};

struct Order
{
    SortColumn column = SortColumn::Due;
    bool ascending = true;
};

class InboxQuery
{
public:
    explicit InboxQuery(sql::Connection& connection)
        : m_db(connection)
    { }
    // On the store's own (the GUI thread's) connection; the store must be unlocked.
    static InboxQuery of(Store& store);

    // Requests in the view (with the search when `withSearch` and one is active).
    int count(const Filter& filter, bool withSearch = true) const;
    // `limit` rows from `offset` rows after the start of the list.
    QList<Row> page(const Filter& filter, const Order& order, int limit, int offset) const;
    // `limit` rows ending `offsetFromEnd` rows before the end of the list, in the list's order.
    QList<Row> pageFromEnd(const Filter& filter, const Order& order, int limit, int offsetFromEnd) const;
    // The rows right after `row` in the order (keyset), and right before it (in the list's order).
    QList<Row> after(const Filter& filter, const Order& order, const Row& row, int limit) const;
    QList<Row> before(const Filter& filter, const Order& order, const Row& row, int limit) const;
    // How many rows of the view come before `row` in the order (its index in the list): counts
    // them, so for views of moderate size.
    int rowsBefore(const Filter& filter, const Order& order, const Row& row) const;
    // Requests by id as they are now, each with whether the view holds it; ids not in the store
    // are left out.
    struct Touched
    {
        Row row;
        bool inView = false;
    };
    QHash<QString, Touched> rows(const Filter& filter, const Order& order, const QStringList& ids) const;
    // The row of a request in the view and order (SQL numbers the view's rows: for small views),
    // or -1.
    int numberOf(const Filter& filter, const Order& order, const QString& requestId) const;
    // Every count of the sidebar in one pass (see InboxCounts.h).
    Result<Counts> countAll(const QString& clerk, const QDate& today) const
    {
        return inbox::countAll(m_db, clerk, today);
    }
    // How large the store is: the highest request row id (one look at the primary key).
    qint64 largestRowId() const { return inbox::largestRowId(m_db); }
    // Service names by id, in German or (where there is one) English; all of them or an error.
    Result<QHash<QString, QString>> serviceNames(bool german) const;

    // Where `a` stands against `b` in the order: < 0 before, 0 the same row, > 0 after; as SQLite
    // orders them (NULL first going up, text by its UTF-8 bytes).
    static int compare(const Row& a, const Row& b, const Order& order);
    // The last day "due soon" covers (two working days from today).
    static QDate dueSoonUntil(const QDate& today);

private:
    QString where(const Filter& filter, const Order& order, QList<QVariant>* binds, bool withSearch) const;
    QList<Row> select(const Filter& filter, const Order& order, const QString& condition,
        const QList<QVariant>& conditionBinds, int limit, int offset, bool reversed) const;
    QList<Row> keyset(const Filter& filter, const Order& order, const Row& row, int limit) const;

    sql::Connection& m_db;
};

} // namespace inbox
} // namespace clerk
