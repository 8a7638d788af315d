// InboxModel, the part that follows changes: a change to some requests updates the rows of the
// window they touch (and moves, inserts or removes them); "everything changed" reloads the window
// as a layout change; counts that change add or take away rows where none is at hand. While a
// search is shown, the worker searches again after a change, and its answer is applied the same way.
#include "InboxModel.h"
#include "core/store/Store.h"

#include <QLocale>
#include <QScopedValueRollback>
#include <QSet>

namespace clerk {

namespace {

// placeOf(): the row goes before or after the window, where the list goes on unseen.
constexpr int kBeforeWindow = -1;
constexpr int kAfterWindow = -2;

} // namespace

void InboxModel::adjustCount(int newCount)
{
    if (newCount == m_count || newCount < 0)
        return;
    const QScopedValueRollback frozen(m_frozen, true);
    if (newCount > m_count) {
        // At the end: fetched when shown (from the window's last row if it ended the list).
        beginInsertRows({}, m_count, newCount - 1);
        m_count = newCount;
        m_exhaustedAt = -1;
        endInsertRows();
        return;
    }
    // Fewer: rows go where none is at hand, after the window first, then before it.
    int remove = m_count - newCount;
    const int end = m_first + int(m_rows.size());
    if (const int n = qMin(remove, m_rows.isEmpty() ? m_count : m_count - end); n > 0) {
        beginRemoveRows({}, m_count - n, m_count - 1);
        m_count -= n;
        endRemoveRows();
        remove -= n;
    }
    if (const int n = qMin(remove, m_rows.isEmpty() ? 0 : m_first); n > 0) {
        beginRemoveRows({}, 0, n - 1);
        m_count -= n;
        m_first -= n;
        endRemoveRows();
        remove -= n;
    }
    if (remove > 0) {
        beginRemoveRows({}, m_count - remove, m_count - 1);
        m_count -= remove;
        m_rows.resize(qMax(0, m_count - m_first));
        endRemoveRows();
    }
}

int InboxModel::windowIndexOf(const QString& id) const
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).id == id)
            return i;
    return -1;
}

int InboxModel::placeOf(const Row& row, int skip) const
{
    // Binary search over the window's rows without the one at `skip`.
    const int size = int(m_rows.size()) - (skip >= 0 ? 1 : 0);
    auto at = [&](int i) -> const Row& { return m_rows.at(skip >= 0 && i >= skip ? i + 1 : i); };
    const inbox::Order o = order();
    int lo = 0, hi = size;
    while (lo < hi) {
        const int mid = (lo + hi) / 2;
        if (inbox::InboxQuery::compare(at(mid), row, o) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0 && m_first > 0)
        return kBeforeWindow;
    if (lo == size && !windowEndsList())
        return kAfterWindow;
    return lo;
}

void InboxModel::requestsChanged(const QStringList& ids)
{
    if (!m_store.isUnlocked())
        return;
    const QDate before = m_filter.today;
    updateToday();
    if (m_filter.today != before) {
        m_knownCounts.clear(); // overdue and due soon move with the day
        refresh();
        return;
    }
    if (waitingForReset()) {
        askSearch(false); // the answer on its way may be from before the change
        return;
    }
    if (ids.isEmpty() || ids.size() > kRowByRowLimit)
        reloadWindow();
    else
        updateRows(ids);
}

void InboxModel::updateRows(const QStringList& ids)
{
    // (While searching, with the hits as they were; the worker searches again below.)
    const QHash<QString, inbox::InboxQuery::Touched> touched = query().rows(m_filter, order(), ids);
    const QScopedValueRollback frozen(m_frozen, true);
    const int last = ColumnCount - 1;
    for (const QString& id : ids) {
        const int at = windowIndexOf(id);
        const auto now = touched.constFind(id);
        const bool inView = now != touched.cend() && now->inView;
        if (at >= 0 && !inView) {
            // It left the view (another status, assignee, flag; or it is gone).
            beginRemoveRows({}, m_first + at, m_first + at);
            m_rows.removeAt(at);
            --m_count;
            endRemoveRows();
        } else if (at >= 0) {
            // Its sort key as before: its place too (the other rows did not change).
            const bool samePlace = inbox::InboxQuery::compare(m_rows.at(at), now->row, order()) == 0;
            const int place = samePlace ? at : placeOf(now->row, at);
            const int from = m_first + at;
            if (place == at) {
                m_rows[at] = now->row;
                Q_EMIT dataChanged(index(from, 0), index(from, last));
            } else if (place >= 0) {
                // Its sort key moved it within the window.
                beginMoveRows({}, from, from, {}, m_first + (place > at ? place + 1 : place));
                m_rows.move(at, place);
                m_rows[place] = now->row;
                endMoveRows();
                Q_EMIT dataChanged(index(m_first + place, 0), index(m_first + place, last));
            } else if (place == kBeforeWindow) {
                // Before the window: it goes to the row just before it, which is fetched again
                // (from the window's first row backwards) when it is shown.
                if (at > 0)
                    beginMoveRows({}, from, from, {}, m_first);
                m_rows.removeAt(at);
                ++m_first;
                if (at > 0)
                    endMoveRows();
                Q_EMIT dataChanged(index(m_first - 1, 0), index(m_first - 1, last));
            } else {
                // After the window: the same at its far end.
                const int to = m_first + int(m_rows.size()) - 1;
                if (from != to)
                    beginMoveRows({}, from, from, {}, to + 1);
                m_rows.removeAt(at);
                if (from != to)
                    endMoveRows();
                Q_EMIT dataChanged(index(to, 0), index(to, last));
            }
        } else if (inView) {
            // New in the view: shown in its place when that is within the rows at hand; further
            // away the count below takes it in.
            const int place = m_rows.isEmpty() && m_count == 0 ? 0
                : m_rows.isEmpty()                             ? kAfterWindow
                                                               : placeOf(now->row);
            if (place >= 0) {
                beginInsertRows({}, m_first + place, m_first + place);
                m_rows.insert(place, now->row);
                ++m_count;
                endInsertRows();
            }
        }
    }
    // The view's count again (exact counting; a large store's counts come from the sidebar's next
    // pass): rows come or go outside the window. A search: the changed words may find other
    // requests now; the worker's answer brings them.
    if (m_filter.searching)
        askSearch(true);
    else if (!m_lazyCounting && !m_knownCounts.contains(inbox::keyOf(m_filter.view)))
        adjustCount(query().count(m_filter, true));
    trim(true);
    m_exhaustedAt = -1;
}

void InboxModel::reloadWindow()
{
    // Everything may have changed: the count first (rows come or go outside the window), then the
    // window's rows again from where it begins, as a layout change that keeps the requests of
    // the selection and the scroll position. A search: the worker's answer does the same.
    refreshServices();
    if (m_filter.searching) {
        askSearch(true);
        return;
    }
    if (const int n = viewCount(); n >= 0)
        adjustCount(n);
    relayout([this] {
        const int size = int(m_rows.size());
        if (size == 0)
            return;
        const inbox::InboxQuery q = query();
        QList<Row> rows;
        if (m_first == 0) {
            rows = q.page(m_filter, order(), size, 0);
        } else {
            const QList<Row> previous = q.before(m_filter, order(), m_rows.first(), 1);
            rows = previous.isEmpty() ? q.page(m_filter, order(), size, 0)
                                      : q.after(m_filter, order(), previous.first(), size);
        }
        m_rows = rows;
        // Rows before the window came or went: where it begins now (counted in a view of
        // moderate size; in a larger one it stays at its index).
        if (m_first > 0 && !m_rows.isEmpty() && m_countExact && m_count <= kNumberedSearchLimit)
            m_first = q.rowsBefore(m_filter, order(), m_rows.first());
        if (m_first + int(m_rows.size()) > m_count)
            m_rows.resize(qMax(0, m_count - m_first));
    });
}

void InboxModel::applyLiveSearch(const inbox::SearchAnswer& answer)
{
    // The search's rows as they are now: those that left it go one by one (the others keep their
    // rows, and with them the selection), the count follows (rows come or go at the end), then
    // all of them (they fit the window) take their places, as a layout change.
    m_filter.hits = answer.hits;
    QSet<QString> found;
    for (const Row& r : answer.rows)
        found.insert(r.id);
    {
        const QScopedValueRollback frozen(m_frozen, true);
        for (int at = int(m_rows.size()) - 1; at >= 0; --at) {
            if (found.contains(m_rows.at(at).id))
                continue;
            beginRemoveRows({}, m_first + at, m_first + at);
            m_rows.removeAt(at);
            --m_count;
            endRemoveRows();
        }
    }
    adjustCount(qMax(answer.count, int(answer.rows.size())));
    relayout([this, &answer] {
        m_rows = answer.rows;
        m_first = 0;
        if (int(m_rows.size()) > m_count)
            m_rows.resize(m_count);
    });
}

void InboxModel::relayout(const std::function<void()>& change)
{
    const QScopedValueRollback frozen(m_frozen, true);
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    QStringList ids;
    for (const QModelIndex& i : before) {
        const int at = i.row() - m_first;
        ids << (at >= 0 && at < m_rows.size() ? m_rows.at(at).id : QString());
    }
    change();
    m_exhaustedAt = -1;
    QModelIndexList after;
    for (int i = 0; i < before.size(); ++i) {
        const QModelIndex& old = before.at(i);
        int row = old.row() < m_count ? old.row() : -1;
        if (!ids.at(i).isEmpty()) {
            const int at = windowIndexOf(ids.at(i));
            row = at >= 0 ? m_first + at : -1;
        }
        after << (row >= 0 ? index(row, old.column()) : QModelIndex());
    }
    changePersistentIndexList(before, after);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

} // namespace clerk
