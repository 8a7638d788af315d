// The window's status bar: passing messages on the left, and what lasts on the right — the
// connection and sync state as the sync engine reports it, the changes not yet sent (a link to
// the sync problems), the search index while it is built, and the time of the last sync; in demo
// mode a banner that says the data is for training only.
#pragma once

#include <QStatusBar>

class QLabel;

namespace clerk {

class SyncEngine;

class SyncStatusBar : public QStatusBar
{
    Q_OBJECT
public:
    enum class ConnectionState { Offline, Connecting, Online, Syncing, Error };
    Q_ENUM(ConnectionState)

    explicit SyncStatusBar(QWidget* parent = nullptr);

    void setConnectionState(ConnectionState state, const QString& detail = {});
    // Shows `sync`'s state, progress, prefetching and last sync from now on.
    void follow(SyncEngine* sync);
    void setDemoBanner(bool visible);

    QLabel* connectionIndicator() const { return m_connection; }
    QLabel* pendingLabel() const { return m_pending; }
    QLabel* searchIndexLabel() const { return m_searchIndex; }
    QLabel* lastSyncLabel() const { return m_lastSync; }
    QLabel* liveLabel() const { return m_live; }
    // Live updates: the stream is open (colleagues' changes arrive at once) or sync polls.
    void setLive(bool live);

Q_SIGNALS:
    // The clerk followed the link of the changes not yet sent.
    void problemsWanted();

private:
    QLabel* m_demoBanner = nullptr;
    QLabel* m_connection = nullptr;
    QLabel* m_pending = nullptr;
    QLabel* m_searchIndex = nullptr;
    QLabel* m_lastSync = nullptr;
    QLabel* m_live = nullptr;
};

} // namespace clerk
