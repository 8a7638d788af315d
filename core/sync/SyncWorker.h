// The part of SyncEngine that lives on the sync thread. Internal to core/sync.
#pragma once

#include "SyncEngine.h"
#include "core/Clock.h"

#include <QRandomGenerator>
#include <QTimer>
#include <memory>

namespace clerk {

class SyncSession;

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
    void changed();
    void documentFetched(const QString& documentId, const QString& error);
    void progress(int pushed, int pulled);
    void prefetchProgress(int done, int total);
    void documentsStored(const QStringList& documentIds);
    void searchIndexProgress(qint64 indexed, qint64 total);

private:
    bool ensureOpen();
    void scheduleRetry(int atLeastSeconds = 0);
    void prefetch();
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
    QTimer* m_timer = nullptr;
    QTimer* m_retry = nullptr;
    int m_intervalMs = 30000;
    int m_failures = 0;
    qint64 m_prefetchBudget = 0;
    // Network calls and PDF loading wait in nested event loops on this thread, so timers, "Sync now"
    // and shutdown can arrive while a pass is running. A pass is never entered twice, and shutdown
    // during a pass only marks it: the session and store stay until the pass has unwound.
    int m_busy = 0;
    bool m_stopping = false;
    bool m_again = false;
    bool m_indexScheduled = false;
    struct BusyGuard
    {
        explicit BusyGuard(int& n)
            : m_n(n)
        {
            ++m_n;
        }
        ~BusyGuard() { --m_n; }
        int& m_n;
    };
    QRandomGenerator m_jitter { QRandomGenerator::securelySeeded() };
};

} // namespace clerk
