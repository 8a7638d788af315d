// The unified inbox: every request of the clerk's teams, one row each, read from the encrypted
// store in pages. It never loads all rows: the row count comes from an indexed count, rows are
// fetched 200 at a time on demand and dropped when far away. A view (mine, team, unassigned,
// overdue, due soon) and a search combine. Store notifications refresh it.
#pragma once

#include "ViewsModel.h"
#include "core/Result.h"
#include "core/domain/Domain.h"

#include <QAbstractTableModel>
#include <QDate>
#include <QHash>
#include <memory>

namespace clerk {

namespace sql {
class Connection;
}

class Store;

class InboxModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        Reference,
        Service,
        Applicant,
        Received,
        Due,
        Status,
        Assignee,
        Channel,
        Attachments,
        Flag,
        ColumnCount
    };
    Q_ENUM(Column)
    enum Role {
        RequestIdRole = Qt::UserRole + 1, // QString
        RowIdRole, // qint64
        StatusKeyRole, // QString
        DueStateRole, // int: 0 fine, 1 due soon, 2 overdue
        UnreadRole, // bool
        FlaggedRole, // bool
        ServiceIdRole, // QString
    };

    // Counting::Lazy, for a large store: a view whose count is not known yet shows the rows fetched
    // so far and grows page by page as the list is scrolled (fetchMore) until setKnownCounts()
    // brings its size. Exact: every view is counted in SQL when it is shown.
    enum class Counting { Exact, Lazy };
    // Rows fetched per query. A step into a new page of a million-row store costs a query over rows
    // spread through the file; 100 keeps that step within a frame (16 ms) on a slow machine.
    static constexpr int kPage = 100;
    // rowOf() looks for a request outside the loaded pages only in views up to this size.
    static constexpr int kNumberedSearchLimit = 20000;
    explicit InboxModel(Store& store, QObject* parent = nullptr, Counting counting = Counting::Exact);

    void setClerk(const QString& login)
    {
        m_clerk = login;
        m_knownCounts.clear(); // "mine" means someone else now
        refresh();
    }
    void setView(ViewsModel::View view) { setView(ViewsModel::Spec { view, {} }); }
    void setView(const ViewsModel::Spec& view);
    void setSearch(const QString& text);
    QString search() const { return m_search; }
    // The words of the current search, for highlighting.
    QStringList searchTerms() const;
    void setToday(const QDate& today)
    {
        m_today = today;
        m_knownCounts.clear(); // overdue and due soon move with the day
    }
    ViewsModel::View view() const { return m_view.kind; }
    const ViewsModel::Spec& viewSpec() const { return m_view; }
    int countFor(ViewsModel::View view) const { return countFor(ViewsModel::Spec { view, {} }); }
    // Requests in a view, without the search (the sidebar's counts); refresh() counts with it.
    int countFor(const ViewsModel::Spec& view) const { return count(view, false); }
    // Open requests per value of a column ("service_id", "status", "channel"): one grouped query.
    QHash<QString, int> groupCounts(ViewsModel::View facet) const;
    // Every count of the sidebar (built-in views and the service, status and channel facets) from
    // one pass over the requests, keyed by ViewsModel::Spec. Saved searches are not included.
    QList<QPair<ViewsModel::Spec, int>> sidebarCounts() const;
    // The same on any connection to the store (a worker connection on another thread: one full
    // pass over a million requests takes seconds, which the GUI thread must not wait for).
    static QList<QPair<ViewsModel::Spec, int>> sidebarCounts(
        sql::Connection& connection, const QString& clerk, const QDate& today);
    // A connection of its own for the counts on a worker thread (with a small page cache).
    static Result<std::shared_ptr<sql::Connection>> openCountsConnection(Store& store);
    const QString& clerk() const { return m_clerk; }
    const QDate& today() const { return m_today; }
    QString serviceName(const QString& id) const { return m_serviceNames.value(id, id); }
    QList<QPair<QString, QString>> services() const;

    // The sidebar's counts (one pass over the store, often on another thread). A view without a
    // search takes its number of rows from them instead of counting again; when they change, rows
    // are added or removed at the end, so selection and scroll position stay.
    void setKnownCounts(const QList<QPair<ViewsModel::Spec, int>>& counts);
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    QHash<int, QByteArray> roleNames() const override;

    // The row of a request in the current view and order, or -1. `hint` is where it was before a
    // refresh: that page is looked at first, then the loaded pages, then (in views of at most
    // kNumberedSearchLimit rows) SQL.
    int rowOf(const QString& requestId, int hint = -1) const;
    QString requestIdAt(int row) const;

public Q_SLOTS:
    void refresh();

private:
    struct Row
    {
        qint64 rid;
        QString id, reference, serviceId, applicant, status, assignee, channel;
        qint64 submitted;
        qint64 due; // Julian day, 0 = none
        int attachments;
        bool unread;
        bool flagged;
        QVariant sortValue; // the sort column as stored (NULL too), for the next page's keyset
    };
    // Where a page ended: the next one starts after this key.
    struct Anchor
    {
        QVariant value;
        qint64 rid;
    };
    QString whereClause(const ViewsModel::Spec& view, QList<QVariant>* binds, bool withSearch = true) const;
    int count(const ViewsModel::Spec& view, bool withSearch) const;
    // ORDER BY the sort column and rid; `reversed`: the same order backwards (NULLs included).
    QString orderClause(bool reversed = false) const;
    const Row* rowAt(int row) const;
    void appendPage();
    const QList<Row>& page(int page) const;
    QList<Row> fetch(const QString& condition, const QList<QVariant>& conditionBinds, int limit, int offset = 0,
        bool reversed = false) const;
    QList<Row> fetchAfter(const Anchor& anchor, int limit) const;
    static QString specKey(const ViewsModel::Spec& spec);
    void loadServiceNames();

    Store& m_store;
    QString m_clerk;
    ViewsModel::Spec m_view { ViewsModel::View::All, {} };
    QString m_search;
    QList<qint64> m_searchHits; // rids, when a search is active
    int m_sortColumn = Due;
    Qt::SortOrder m_order = Qt::AscendingOrder;
    int m_count = 0;
    QDate m_today = QDate::currentDate();
    bool m_countExact = true; // false while a lazily counted view may have more rows
    bool m_lazyCounting = false;
    bool m_fetchQueued = false;
    QHash<QString, int> m_knownCounts;
    mutable QHash<int, QList<Row>> m_pages;
    mutable QHash<int, Anchor> m_anchors; // every page loaded since the last refresh, kept when the page goes
    QHash<QString, QString> m_serviceNames;
    QHash<QString, clerk::Service> m_serviceStatusNames; // services with their own outcome names
};

} // namespace clerk
