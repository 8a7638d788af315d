// The unified inbox: every request of the clerk's teams, one row each, read from the encrypted
// store in pages through the core's InboxQuery. It never loads all rows: the row count comes from
// an indexed count (or the sidebar's counts), and it holds one bounded window of consecutive rows
// around what is shown: a page next to the window is fetched from the window's edge (keyset), a
// far jump replaces the window, and pages beyond kWindowPages are dropped from the far end.
//
// A view (mine, team, unassigned, overdue, due soon, ...) and a search combine. Changes to some
// requests update the rows they touch (dataChanged, rowsInserted, rowsRemoved, rowsMoved), so the
// selection and the scroll position stay by themselves; the model resets only when the view, the
// sort or the search changes, or the store locks or unlocks.
//
// A search runs on a worker thread (InboxSearchWorker): the full-text index, the count and the
// first rows (all of them: at most kSearchHits fit the window). Until its answer comes the model
// shows what it had (searchPending()), then resets once to the results; an answer asked for before
// a newer search, view, sort or lock is dropped. A live change while a search is shown updates the
// rows at hand and asks the worker again; its answer arrives as a layout change.
#pragma once

#include "ViewsModel.h"
#include "core/Clock.h"
#include "core/Result.h"
#include "core/domain/Domain.h"
#include "core/inbox/InboxQuery.h"
#include "core/inbox/InboxSearch.h"

#include <QAbstractTableModel>
#include <QDate>
#include <QHash>
#include <functional>
#include <memory>
#include <optional>

namespace clerk {

class InboxSearchWorker;
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
    // Pages held at most (consecutive rows around what is shown); farther ones are dropped.
    static constexpr int kWindowPages = 6;
    // rowOf() looks for a request outside the window only in views up to this size.
    static constexpr int kNumberedSearchLimit = 20000;
    // A change to more requests than this at once reloads the window instead of row by row.
    static constexpr int kRowByRowLimit = 500;
    // A search finds at most this many requests (best first); all of them fit the window.
    static constexpr int kSearchHits = 500;
    static_assert(kSearchHits <= kWindowPages * kPage);
    // "Today" (overdue, due soon) comes from `clock`.
    explicit InboxModel(
        Store& store, QObject* parent = nullptr, Counting counting = Counting::Exact, Clock& clock = Clock::system());

    void setClerk(const QString& login);
    void setView(ViewsModel::View view) { setView(ViewsModel::Spec { view, {} }); }
    void setView(const ViewsModel::Spec& view);
    void setSearch(const QString& text);
    QString search() const { return m_search; }
    // A search (or a view, sort or change while searching) waits for the worker's answer; the
    // rows shown are the earlier ones until it comes.
    bool searchPending() const { return m_searchPending; }
    // The search shown found more than kSearchHits requests: the list holds the best of them.
    bool searchHasMore() const { return m_searchMore; }
    // The list shows a search's answer (not so while locked, or before the first answer came).
    bool showsSearch() const { return m_filter.searching; }
    // While the store's file is replaced under a new key: the search's worker connection closes,
    // and searches wait until the hold ends (see SidebarCounts::hold).
    void holdSearch(bool hold);
    // The words of the current search, for highlighting.
    QStringList searchTerms() const;
    ViewsModel::View view() const { return m_filter.view.kind; }
    const ViewsModel::Spec& viewSpec() const { return m_filter.view; }
    int countFor(ViewsModel::View view) const { return countFor(ViewsModel::Spec { view, {} }); }
    // Requests in a view, without the search (the sidebar's counts); refresh() counts with it.
    int countFor(const ViewsModel::Spec& view) const;
    // Every count of the sidebar from one pass over the store, on this (the GUI's) connection; a
    // large store is counted by SidebarCounts on a worker connection instead.
    Result<QList<QPair<ViewsModel::Spec, int>>> sidebarCounts() const;
    const QString& clerk() const { return m_filter.clerk; }
    const QDate& today() const { return m_filter.today; }
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

    // The row of a request in the current view and order, or -1. `hint` is where it was: that
    // page is looked at first, then the window, then (in views of at most kNumberedSearchLimit
    // rows) SQL. -1 while a search's answer is awaited: the rows shown are the earlier list's,
    // and their numbers are gone with the reset that follows.
    int rowOf(const QString& requestId, int hint = -1) const;
    // The request's row as the store holds it now (whether or not the list shows it; none if it
    // is not in the store): for actions on a selected request whatever the list is doing.
    std::optional<inbox::Row> currentRow(const QString& requestId) const;
    QString requestIdAt(int row) const;
    // Rows held in memory now (at most kWindowPages pages).
    int cachedRows() const { return int(m_rows.size()); }

public Q_SLOTS:
    // Everything again from the store (a new view, sort or search; lock and unlock): a reset, at
    // once or (while searching) when the worker answers.
    void refresh();

Q_SIGNALS:
    // A search was asked for and the list waits for it (not for the re-search after a live change).
    void searchStarted();
    // The answer is shown (or dropped by a refresh without a search); `error` is empty, or why the
    // search failed (the list is empty then).
    void searchFinished(const QString& error);

private:
    using Row = inbox::Row;
    inbox::InboxQuery query() const;
    inbox::Order order() const
    {
        return inbox::Order { inbox::SortColumn(m_sortColumn), m_order == Qt::AscendingOrder };
    }
    // Store::requestsChanged: the rows of these requests again; empty: every row again.
    void requestsChanged(const QStringList& ids);
    void updateRows(const QStringList& ids);
    void reloadWindow();
    // Asks the worker for the search in the current view and order; `live`: after a change, the
    // answer updates the rows in place (layout change) instead of resetting.
    void askSearch(bool live);
    void searchAnswered(quint64 number, const inbox::SearchAnswer& answer, const QString& error);
    void applyLiveSearch(const inbox::SearchAnswer& answer);
    // The window's rows change (as `change` does them) as a layout change: persistent indexes
    // follow their requests.
    void relayout(const std::function<void()>& change);
    // Empties the window and reads "today" again, the services after an unlock (inside a reset).
    void clearWindow();
    void refreshServices();
    // A search was asked for and the rows shown are not its yet: nothing is fetched.
    bool waitingForReset() const { return m_searchPending && !m_liveSearch; }
    int viewCount() const;
    QString receivedText(qint64 submitted) const;
    // The view holds `newCount` rows now: rows are added at the end, or taken away where none is
    // at hand (after the window, else before it).
    void adjustCount(int newCount);
    const Row* rowAt(int row) const;
    // Makes the window hold `row` (fetching next to it, or replacing it after a jump).
    void load(int row) const;
    void trim(bool keepFront) const;
    void appendPage();
    int windowIndexOf(const QString& id) const;
    // Where `row` goes among the window's rows (without the one at `skip`): its index there, or
    // a negative value when it goes before or after the window, where the list goes on unseen.
    int placeOf(const Row& row, int skip = -1) const;
    bool windowEndsList() const { return m_countExact && m_first + int(m_rows.size()) >= m_count; }
    void updateToday();

    Store& m_store;
    Clock& m_clock;
    inbox::Filter m_filter;
    QString m_search;
    int m_sortColumn = Due;
    Qt::SortOrder m_order = Qt::AscendingOrder;
    int m_count = 0;
    QDate m_dueSoonUntil;
    bool m_countExact = true; // false while a lazily counted view may have more rows
    bool m_lazyCounting = false;
    bool m_fetchQueued = false;
    QHash<QString, int> m_knownCounts;
    // The window: rows m_first .. m_first + m_rows.size() - 1 of the list.
    mutable int m_first = 0;
    mutable QList<Row> m_rows;
    mutable int m_exhaustedAt = -1; // the window's end where the list ended although the count went on
    bool m_frozen = false; // while a change is announced: nothing is fetched
    QHash<QString, QString> m_serviceNames;
    qint64 m_servicesRevision = -1; // of the names kept; -1: none read
    bool m_servicesUnread = false; // the last read of the services failed (warned once, not at each reset)
    QHash<QString, clerk::Service> m_serviceStatusNames; // services with their own outcome names
    // The "Received" column's text by moment (a conversion to local time asks the system for the
    // time zone each time, a stat() of /etc/localtime: a paint of the list did it for every row);
    // emptied with the window of rows (each reset).
    mutable QHash<qint64, QString> m_receivedTexts;
    InboxSearchWorker* m_searchWorker = nullptr;
    quint64 m_generation = 0; // the number of the newest question: older answers are dropped
    bool m_searchPending = false;
    bool m_searchMore = false; // the search shown was cut at kSearchHits
    bool m_liveSearch = false; // the pending answer updates in place (after a live change)
};

} // namespace clerk
