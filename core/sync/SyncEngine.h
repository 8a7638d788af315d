// Runs sync off the GUI thread: its own thread, its own store connection (opened with the raw
// key), a timer, "Sync now", exponential backoff with jitter after failures, and reachability.
// The GUI learns the state through signals and never waits for the network.
#pragma once

#include <QDateTime>
#include <QObject>
#include <QThread>
#include <QTimer>
#include <QUrl>

namespace clerk {

class Store;
class SyncWorker;

class SyncEngine : public QObject
{
    Q_OBJECT
public:
    enum class State { SignedOut, Connecting, Idle, Syncing, Offline, Error };
    Q_ENUM(State)

    SyncEngine(Store& store, const QUrl& backend, const QString& caBundle = {}, QObject* parent = nullptr);
    ~SyncEngine() override;

    void signIn(const QString& login, const QString& password);
    void syncNow();
    // Continues with the token kept in the store; says SignedOut when there is none.
    void resume();
    // Downloads a document's bytes into the store (resuming); answers with documentFetched.
    void fetchDocument(const QString& documentId);
    void setIntervalMs(int ms);
    // Documents of the clerk's open requests are fetched ahead after each sync, as long as the
    // cache stays within this many bytes (0: only on open).
    void setPrefetchBudget(qint64 bytes);
    State state() const { return m_state; }
    QString clerkLogin() const { return m_login; }
    QString clerkName() const { return m_name; }
    QDateTime lastSync() const { return m_lastSync; }
    // Whether the backend's live stream is open (changes arrive at once) or the engine polls.
    bool isLive() const { return m_live; }

Q_SIGNALS:
    void stateChanged(clerk::SyncEngine::State state, const QString& message);
    void signedIn(const QString& login, const QString& name);
    void signInFailed(const QString& message);
    void synced(const QDateTime& at, int pulled, int pushed, int conflicts);
    // After a pass that settled part of an Aussonderung (SyncReport): requests the archive took
    // over removed from this computer, held files for the archive (0501, 0503) released or
    // withdrawn, and why files whose answers came stay held (`held`: the clerk's words; the folder
    // cannot be reached, the file was changed). Not emitted when the pass settled none and held none back.
    void archiveSettled(int purged, int released, int withdrawn, const QStringList& held);
    void documentFetched(const QString& documentId, const QString& error);
    // Running totals while a pass is under way.
    void progress(int pushed, int pulled);
    void prefetchProgress(int done, int total);
    // The search index being built after a first sync (indexed == total: complete). Until then
    // search finds only the requests indexed so far.
    void searchIndexProgress(qint64 indexed, qint64 total);
    // The live stream opened (true) or broke (false: polling every interval until it is back).
    void liveChanged(bool live);

private:
    void setState(State s, const QString& message);

    Store& m_store;
    QThread m_thread;
    SyncWorker* m_worker = nullptr;
    State m_state = State::SignedOut;
    QString m_login, m_name;
    QDateTime m_lastSync;
    bool m_live = false;
    QTimer* m_pushSoon = nullptr; // while live: the clerk's changes go out within a second
};

} // namespace clerk
