// The part of SyncEngine that lives on the sync thread. Internal to core/sync.
#pragma once

#include "SyncEngine.h"
#include "core/Clock.h"
#include "core/Result.h"

#include <QRandomGenerator>
#include <QTimer>
#include <functional>
#include <memory>

namespace clerk {

class LiveStream;
class SyncSession;
struct SyncReport;

class SyncWorker : public QObject
{
    Q_OBJECT
public:
    SyncWorker(QString path, QByteArray rawKey, QUrl backend, QString caBundle, Clock& clock);
    ~SyncWorker() override;

public Q_SLOTS:
    void signIn(const QString& login, const QString& password);
    void syncNow();
    void resume();
    void fetchDocument(const QString& documentId);
    void setIntervalMs(int ms);
    void setPrefetchBudget(qint64 bytes) { m_prefetchBudget = bytes; }
    void shutdown();

Q_SIGNALS:
    void stateChanged(clerk::SyncEngine::State state, const QString& message);
    void signedIn(const QString& login, const QString& name);
    void signInFailed(const QString& message);
    void synced(const QDateTime& at, int pulled, int pushed, int conflicts);
    void archiveSettled(int purged, int released, int withdrawn, const QStringList& held);
    void changed();
    void documentFetched(const QString& documentId, const QString& error);
    void progress(int pushed, int pulled);
    void prefetchProgress(int done, int total);
    void documentsStored(const QStringList& documentIds);
    void searchIndexProgress(qint64 indexed, qint64 total);
    void liveChanged(bool live);

private:
    // While the live stream is open the timer only backs it up: a pass at least this seldom.
    static constexpr int kLivePollMs = 5 * 60 * 1000;
    // Live updates: opened once signed in, closed when signed out; news → a pass.
    void startLive();
    void applyInterval();
    bool ensureOpen();
    // One job at a time on the session (a sign-in, a pass with its prefetch, a document fetch):
    // its network calls answer later, and another job must not start in between. `job` runs now
    // when nothing runs, else when the running one calls jobDone(); a document the clerk waits
    // for goes first.
    enum class Order { Last, First };
    void whenIdle(std::function<void()> job, Order order = Order::Last);
    void jobDone();
    void runNext();
    void pass();
    void passEnded(Result<SyncReport> r);
    void scheduleRetry(int atLeastSeconds = 0);
    // Fetches a few documents ahead, one after the other, then runs `then`.
    void prefetch(std::function<void()> then);
    // The search index after a first sync, a slice at a time between everything else.
    void scheduleSearchIndex(int delayMs);
    void indexSearchSlice();

    Clock& m_clock; // the GUI store's: sync times and the worker's store read it
    QString m_path;
    QByteArray m_rawKey;
    QUrl m_backend;
    QString m_caBundle;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<SyncSession> m_session;
    LiveStream* m_live = nullptr; // a child; uses m_session's client
    QTimer* m_timer = nullptr;
    QTimer* m_retry = nullptr;
    int m_intervalMs = 30000;
    int m_failures = 0;
    qint64 m_prefetchBudget = 0;
    bool m_busy = false; // a job runs (it ends with jobDone())
    QList<std::function<void()>> m_waiting;
    bool m_syncWaiting = false; // a pass is among m_waiting: "Sync now" twice means one pass
    bool m_stopped = false; // after shutdown(): nothing starts any more
    bool m_indexScheduled = false;
    QRandomGenerator m_jitter { QRandomGenerator::securelySeeded() };
};

} // namespace clerk
