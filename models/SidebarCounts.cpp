#include "SidebarCounts.h"

#include "core/Logging.h"
#include "core/ThreadPriority.h"
#include "core/inbox/InboxCounts.h"
#include "core/inbox/InboxQuery.h"
#include "core/store/Store.h"

#include <QElapsedTimer>
#include <QtConcurrent/QtConcurrentRun>

namespace clerk {

SidebarCounts::SidebarCounts(Store& store, const QString& clerk, QObject* parent, Clock& clock)
    : QObject(parent)
    , m_store(store)
    , m_clock(clock)
    , m_clerk(clerk)
{
    connect(&m_store, &Store::locked, this, &SidebarCounts::drop);
    m_pool.setMaxThreadCount(1);
    m_pool.setObjectName(QStringLiteral("ClerkDesk counts"));
    m_rest.setSingleShot(true);
    connect(&m_rest, &QTimer::timeout, this, [this] {
        if (std::exchange(m_again, false))
            update();
    });
}

SidebarCounts::~SidebarCounts()
{
    drop();
}

bool SidebarCounts::isLarge() const
{
    return m_store.isUnlocked() && inbox::InboxQuery::of(m_store).largestRowId() >= s_backgroundFrom;
}

void SidebarCounts::update()
{
    if (!m_store.isUnlocked())
        return;
    const QDate today = m_clock.now().toLocalTime().date();
    if (!isLarge()) {
        auto counted = inbox::InboxQuery::of(m_store).countAll(m_clerk, today);
        if (!counted) {
            qCWarning(lcStore) << "counting the inbox failed; the sidebar keeps its last counts:"
                               << counted.error().detail;
            return;
        }
        Counts counts = std::move(counted).value();
        for (const QString& text : std::as_const(m_saved)) {
            auto hits = m_store.search(text, kSavedSearchHits);
            if (hits)
                counts << qMakePair(ViewsModel::Spec { ViewsModel::View::Saved, text }, int(hits->size()));
            else
                qCWarning(lcStore) << "counting a saved search failed:" << hits.error().detail;
        }
        apply(counts);
        return;
    }
    if (m_held)
        return; // the file is being replaced: hold(false) counts again
    if (isCounting() || isResting()) {
        m_again = true;
        return;
    }
    startPass(today);
}

void SidebarCounts::startPass(const QDate& today)
{
    if (!m_connection) {
        auto c = inbox::CountingConnection::open(m_store);
        if (!c) {
            qCWarning(lcStore) << "no worker connection for the sidebar's counts:" << c.error().detail;
            return;
        }
        m_connection = std::move(c.value());
    }
    if (!m_watcher) {
        m_watcher = new QFutureWatcher<Pass>(this);
        connect(m_watcher, &QFutureWatcherBase::finished, this, [this] {
            if (!m_connection)
                return; // dropped (locked or held) after the pass ended, before this came: nothing applies
            const bool answered = m_watcher->future().isValid() && m_watcher->future().resultCount() > 0;
            // Changes that come meanwhile (also from receivers of countsChanged) are counted after it.
            // A pass that failed is tried again after the longest rest (the counts shown may be old).
            const bool failed = answered && m_watcher->result().failed;
            m_again |= failed;
            m_rest.start(int(
                failed ? kLongestRestMs : qMin<qint64>(answered ? m_watcher->result().countingMs : 0, kLongestRestMs)));
            if (answered && !m_watcher->result().discard)
                apply(m_watcher->result().counts);
        });
    }
    inbox::CountingConnection* connection = m_connection.get();
    m_watcher->setFuture(QtConcurrent::run(&m_pool, [connection, clerk = m_clerk, today, saved = m_saved] {
        lowerThreadBelowTheWindow();
        QElapsedTimer counting; // the counting itself, not the wait for a pool thread or the GUI thread
        counting.start();
        auto counted = connection->countAll(clerk, today);
        if (!counted) {
            if (counted.error().code != Error::Cancelled)
                qCWarning(lcStore) << "counting the inbox failed; the sidebar keeps its last counts:"
                                   << counted.error().detail;
            return Pass { {}, true, counted.error().code != Error::Cancelled, counting.elapsed() };
        }
        Counts counts = std::move(counted).value();
        for (const QString& text : saved) {
            auto hits = connection->searchHits(text, kSavedSearchHits);
            if (hits)
                counts << qMakePair(ViewsModel::Spec { ViewsModel::View::Saved, text }, hits.value());
            else if (hits.error().code != Error::Cancelled)
                qCWarning(lcStore) << "counting a saved search failed:" << hits.error().detail;
        }
        return Pass { counts, connection->isInterrupted(), false, counting.elapsed() };
    }));
}

void SidebarCounts::apply(const Counts& counts)
{
    m_counts = counts;
    Q_EMIT countsChanged(m_counts);
}

void SidebarCounts::drop()
{
    if (m_watcher && m_watcher->isRunning()) {
        m_connection->interrupt(); // (open: closed below, on this thread, after the pass ended)
        m_watcher->waitForFinished();
    }
    m_again = false;
    m_rest.stop();
    m_connection.reset();
}

void SidebarCounts::hold(bool hold)
{
    m_held = hold;
    if (hold)
        drop();
    else
        update();
}

} // namespace clerk
