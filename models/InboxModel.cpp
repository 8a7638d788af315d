#include "InboxModel.h"

#include "DateText.h"
#include "InboxSearchWorker.h"
#include "StatusNames.h"
#include "core/Logging.h"
#include "core/domain/WorkingDays.h"
#include "core/store/Store.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QLocale>
#include <algorithm>

namespace clerk {

InboxModel::InboxModel(Store& store, QObject* parent, Counting counting, Clock& clock)
    : QAbstractTableModel(parent)
    , m_store(store)
    , m_clock(clock)
    , m_lazyCounting(counting == Counting::Lazy)
{
    m_searchWorker = new InboxSearchWorker(m_store, this);
    connect(m_searchWorker, &InboxSearchWorker::answered, this, &InboxModel::searchAnswered);
    connect(&m_store, &Store::requestsChanged, this, &InboxModel::requestsChanged);
    // Locked: nothing of the requests stays on screen; unlocked: back as it was.
    connect(&m_store, &Store::locked, this, &InboxModel::refresh);
    connect(&m_store, &Store::unlocked, this, &InboxModel::refresh);
    refresh();
}

inbox::InboxQuery InboxModel::query() const
{
    return inbox::InboxQuery::of(m_store);
}

void InboxModel::updateToday()
{
    m_filter.today = m_clock.now().toLocalTime().date();
    m_dueSoonUntil = inbox::InboxQuery::dueSoonUntil(m_filter.today);
}

void InboxModel::setClerk(const QString& login)
{
    m_filter.clerk = login;
    m_knownCounts.clear(); // "mine" means someone else now
    refresh();
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

int InboxModel::countFor(const ViewsModel::Spec& view) const
{
    if (!m_store.isUnlocked())
        return 0;
    inbox::Filter filter = m_filter;
    filter.view = view;
    return query().count(filter, false);
}

Result<QList<QPair<ViewsModel::Spec, int>>> InboxModel::sidebarCounts() const
{
    if (!m_store.isUnlocked())
        return Error { Error::Locked, {} };
    return query().countAll(m_filter.clerk, m_filter.today);
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

void InboxModel::askSearch(bool live)
{
    updateToday();
    inbox::Filter filter = m_filter;
    filter.hits.clear();
    const bool wasWaiting = waitingForReset();
    m_liveSearch = live;
    m_searchPending = true;
    m_searchWorker->start({ ++m_generation, m_search, filter, order(), kSearchHits, kWindowPages * kPage });
    if (!live && !wasWaiting)
        Q_EMIT searchStarted();
}

void InboxModel::searchAnswered(quint64 number, const inbox::SearchAnswer& answer, const QString& error)
{
    // Asked for before a newer search, view, sort or change, or before the store locked.
    if (number != m_generation || !m_searchPending || !m_store.isUnlocked())
        return;
    m_searchPending = false;
    if (!error.isEmpty())
        qCWarning(lcStore) << "the inbox search failed:" << error;
    if (m_liveSearch) {
        if (error.isEmpty()) { // (else the rows at hand stay)
            m_searchMore = answer.more;
            applyLiveSearch(answer);
        }
    } else {
        beginResetModel();
        m_searchMore = answer.more;
        clearWindow();
        m_filter.searching = true;
        m_filter.hits = answer.hits;
        m_rows = answer.rows;
        m_count = qMax(answer.count, int(m_rows.size()));
        m_countExact = true;
        endResetModel();
    }
    Q_EMIT searchFinished(error);
}

void InboxModel::holdSearch(bool hold)
{
    m_searchWorker->hold(hold);
}

void InboxModel::clearWindow()
{
    m_rows.clear();
    m_first = 0;
    m_exhaustedAt = -1;
    m_receivedTexts.clear();
    updateToday();
    refreshServices();
}

// The services' names and those with outcome names of their own, read again only when the store's
// services revision moved (a sync that brought a changed service, from whichever connection):
// reading and decoding every service was part of each search's answer on the GUI thread (bench
// week's stall stacks).
void InboxModel::refreshServices()
{
    if (!m_store.isUnlocked()) {
        m_serviceNames.clear();
        m_serviceStatusNames.clear();
        m_servicesRevision = -1;
        m_servicesUnread = false;
        return;
    }
    // A read that keeps failing is tried at each reset (each search's answer) and warned about once
    // a failing streak: the streak ends with a pass that read everything.
    const bool streak = m_servicesUnread;
    bool failing = false;
    auto failed = [&](const char* what, const Error& error) {
        if (error.code == Error::Cancelled) {
            m_servicesRevision = -1; // (read again, not warned about: the lock or a newer search stopped it)
            return;
        }
        if (!streak && !failing)
            qCWarning(lcStore) << what << error.detail;
        failing = true;
        m_servicesRevision = -1;
    };
    auto revision = m_store.servicesRevision();
    if (!revision) {
        failed("reading the services' revision failed:", revision.error());
    } else if (revision.value() == m_servicesRevision) {
        return;
    }
    auto names = query().serviceNames(QLocale().language() == QLocale::German);
    if (!names) {
        // The names it had stay (a list shows ids only where it never had a name), and the next
        // reset reads again: a read that failed halfway is not kept as the catalogue.
        failed("reading the services' names failed:", names.error());
        m_servicesUnread = failing || streak;
        return;
    }
    m_serviceNames = std::move(names.value());
    // (None read, or the revision not: read again at the next reset. A store without services
    // reads its empty table each time.)
    m_servicesRevision = revision && !m_serviceNames.isEmpty() ? revision.value() : -1;
    m_serviceStatusNames.clear();
    for (auto it = m_serviceNames.cbegin(); it != m_serviceNames.cend(); ++it) {
        auto svc = m_store.service(it.key());
        if (svc && !svc->statusNamesDe.isEmpty()) {
            m_serviceStatusNames.insert(svc->id, svc.value());
        } else if (!svc && svc.error().code != Error::NotFound) {
            // An outcome name not read: these are read again at the next reset, not kept without it.
            failed("reading a service failed:", svc.error());
        }
    }
    m_servicesUnread = failing;
}

int InboxModel::viewCount() const
{
    // (A search is counted by the worker: see askSearch().)
    if (!m_store.isUnlocked() || m_filter.searching)
        return 0;
    const auto known = m_knownCounts.constFind(inbox::keyOf(m_filter.view));
    if (known != m_knownCounts.cend())
        return *known; // possibly from before the latest change: the next counts correct it
    if (m_lazyCounting)
        return -1; // grows as it is scrolled
    return query().count(m_filter, false);
}

void InboxModel::refresh()
{
    if (!m_search.isEmpty() && m_store.isUnlocked()) {
        askSearch(false); // resets when the answer comes
        return;
    }
    ++m_generation; // an answer asked for before is not wanted any more
    const bool wasPending = std::exchange(m_searchPending, false);
    beginResetModel();
    m_searchMore = false;
    clearWindow();
    m_filter.searching = false;
    m_filter.hits.clear();
    m_countExact = true;
    m_count = viewCount();
    if (m_count < 0) {
        // Counting a view of a large store can take seconds; the first page cannot.
        m_rows = query().page(m_filter, order(), kPage, 0);
        m_count = int(m_rows.size());
        m_countExact = m_count < kPage;
    }
    endResetModel();
    if (wasPending)
        Q_EMIT searchFinished({}); // no search any more (cleared, or the store locked)
}

void InboxModel::setKnownCounts(const QList<QPair<ViewsModel::Spec, int>>& counts)
{
    m_knownCounts.clear();
    for (const auto& [spec, n] : counts)
        m_knownCounts.insert(inbox::keyOf(spec), n);
    const auto known = m_knownCounts.constFind(inbox::keyOf(m_filter.view));
    if (m_filter.searching || waitingForReset() || !m_store.isUnlocked() || known == m_knownCounts.cend())
        return;
    m_countExact = true;
    adjustCount(*known);
}

bool InboxModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && !m_countExact && !waitingForReset() && m_store.isUnlocked();
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
    const bool continues = !m_rows.isEmpty() && m_first + int(m_rows.size()) == m_count;
    const QList<Row> rows = continues ? query().after(m_filter, order(), m_rows.last(), kPage)
                                      : query().page(m_filter, order(), kPage, m_count);
    const int n = int(rows.size());
    if (n == 0) {
        m_countExact = true;
        return;
    }
    // (Known to be exact only once the rows are in: a jump counted from the end of the list
    // meanwhile would count from the old end.)
    const bool exact = n < kPage;
    beginInsertRows({}, m_count, m_count + n - 1);
    if (continues) {
        m_rows += rows;
    } else {
        m_rows = rows;
        m_first = m_count;
    }
    m_count += n;
    m_exhaustedAt = -1;
    trim(false);
    m_countExact = exact;
    endInsertRows();
}

void InboxModel::setView(const ViewsModel::Spec& view)
{
    if (view == m_filter.view)
        return;
    m_filter.view = view;
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
    if (row < m_first || row >= m_first + int(m_rows.size()))
        load(row);
    const int at = row - m_first;
    return at >= 0 && at < m_rows.size() ? &m_rows.at(at) : nullptr;
}

void InboxModel::load(int row) const
{
    // Not while rows are being inserted, moved or removed: the window stays as it is until the
    // change is announced; nor while a search is asked for (the rows shown are not its yet).
    if (m_frozen || waitingForReset())
        return;
    const int end = m_first + int(m_rows.size());
    const inbox::InboxQuery q = query();
    if (!m_rows.isEmpty() && row >= end && row < end + kPage) {
        // The page after the window continues from its last row (keyset).
        if (end == m_exhaustedAt)
            return; // the list ended there already (the count is ahead of it)
        const QList<Row> rows = q.after(m_filter, order(), m_rows.last(), kPage);
        if (rows.isEmpty()) {
            m_exhaustedAt = end;
            return;
        }
        m_rows += rows;
        trim(false);
    } else if (!m_rows.isEmpty() && row < m_first && row >= m_first - kPage) {
        // The page before it, from its first row backwards.
        const QList<Row> rows = q.before(m_filter, order(), m_rows.first(), qMin(kPage, m_first));
        if (rows.isEmpty())
            return;
        m_rows = rows + m_rows;
        m_first -= int(rows.size());
        trim(true);
    } else {
        // A jump to rows not at hand: a new window, counted to from the nearer end of the list
        // when its length is known (the reversed order has the same indexes).
        const int first = row / kPage * kPage;
        if (m_countExact && first > m_count / 2) {
            const int last = qMin(first + kPage, m_count);
            m_rows = q.pageFromEnd(m_filter, order(), last - first, m_count - last);
        } else {
            m_rows = q.page(m_filter, order(), kPage, first);
        }
        m_first = first;
    }
    m_exhaustedAt = -1;
}

void InboxModel::trim(bool keepFront) const
{
    // The window keeps kWindowPages pages; the pages farthest from the one just fetched go.
    const int excess = int(m_rows.size()) - kWindowPages * kPage;
    if (excess <= 0)
        return;
    if (keepFront) {
        m_rows.resize(m_rows.size() - excess);
    } else {
        m_rows.remove(0, excess);
        m_first += excess;
    }
    m_rows.squeeze();
}

int InboxModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_count;
}

int InboxModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString InboxModel::receivedText(qint64 submitted) const
{
    if (const auto kept = m_receivedTexts.constFind(submitted); kept != m_receivedTexts.cend())
        return *kept;
    if (m_receivedTexts.size() >= 4 * kPage)
        m_receivedTexts.clear();
    const QString text = datetext::date(QDateTime::fromSecsSinceEpoch(submitted).toLocalTime().date());
    m_receivedTexts.insert(submitted, text);
    return text;
}

QVariant InboxModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row* r = rowAt(index.row());
    if (!r)
        return {};
    const QDate due = r->due ? QDate::fromJulianDay(r->due) : QDate();
    const bool open = r->status == QLatin1String("received") || r->status == QLatin1String("in_progress")
        || r->status == QLatin1String("waiting");
    const int dueState = !open || !due.isValid() ? 0 : due < m_filter.today ? 2 : due <= m_dueSoonUntil ? 1 : 0;
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
            return receivedText(r->submitted);
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
    // Waiting for a search's answer, the rows at hand belong to the list before it: a row number
    // taken from them would point at another request once the answer resets the list.
    if (waitingForReset())
        return -1;
    if (hint >= 0 && hint < m_count) {
        if (const Row* r = rowAt(hint); r && r->id == requestId) // loads the page the request was on
            return hint;
    }
    if (const int at = windowIndexOf(requestId); at >= 0)
        return m_first + at;
    // Beyond the window, SQL numbers the view's rows: fine for a few thousand, but over a view of
    // a million it took 1.3 s (after a view switch with a request selected). There the request
    // simply is not re-selected; the request pane keeps showing it. (Nor when the window holds the
    // whole list, as it does for a search.)
    if (!m_store.isUnlocked() || m_count > kNumberedSearchLimit || !m_countExact
        || (m_first == 0 && int(m_rows.size()) >= m_count))
        return -1;
    return query().numberOf(m_filter, order(), requestId);
}

std::optional<inbox::Row> InboxModel::currentRow(const QString& requestId) const
{
    if (!m_store.isUnlocked() || requestId.isEmpty())
        return std::nullopt;
    const auto rows = query().rows(m_filter, order(), { requestId });
    const auto it = rows.constFind(requestId);
    if (it == rows.cend())
        return std::nullopt;
    return it->row;
}

QString InboxModel::requestIdAt(int row) const
{
    const Row* r = rowAt(row);
    return r ? r->id : QString();
}

} // namespace clerk
