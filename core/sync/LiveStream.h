// Live updates from the city backend: GET /v1/events, server-sent events (docs/api/openapi.yaml).
// The server says "there is news after cursor C" and nothing else; whoever listens pulls the
// changes feed as always. Asynchronous on the owner's thread (no nested event loop): open() returns
// at once, news() and liveChanged() come later. A stream that ends — the server stops or cuts it,
// the network goes, nothing arrives for three heartbeats (45 s), or it cannot be opened (old
// server: 404, full: 503 with Retry-After, signed out: 401) — is opened again after 1 s, 2 s,
// 4 s … up to 5 minutes, each ±50 %, so that a city's desktops do not come back in step; the sync
// engine polls meanwhile.
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QRandomGenerator>
#include <QTimer>
#include <functional>

class QNetworkReply;

namespace clerk {

class BackendClient;

class LiveStream : public QObject
{
    Q_OBJECT
public:
    static constexpr int kIdleTimeoutMs = 45000; // three of the server's 15-s heartbeats
    static constexpr int kMaxPauseMs = 5 * 60 * 1000;

    // `cursor` tells where this client's changes feed stands, read at each (re)connect.
    LiveStream(BackendClient& client, std::function<QString()> cursor, QObject* parent = nullptr);
    ~LiveStream() override;

    // Opens the stream now (again, with the client's current token), and keeps it open.
    void start();
    // Closes it and opens no other (signed out, shutting down).
    void stop();
    bool isLive() const { return m_live; }

Q_SIGNALS:
    // The server has a change newer than the client's cursor may be; `cursor` is the newest.
    void news(const QString& cursor);
    // The stream is open and answering (true), or broken and polling takes over (false).
    void liveChanged(bool live);

private:
    void connectNow();
    void onBytes();
    void onFinished();
    void dispatch();
    void setLive(bool live);
    void retryLater(int atLeastMs);

    BackendClient& m_client;
    std::function<QString()> m_cursor;
    QPointer<QNetworkReply> m_reply;
    QTimer m_retry;
    QByteArray m_buffer; // bytes of a line not complete yet
    QByteArray m_event, m_data; // the event being read
    QString m_endReason; // the server's last words ("shutdown", "signed-out", …)
    bool m_running = false;
    bool m_live = false;
    int m_failures = 0;
    qint64 m_liveSinceMs = 0;
    QRandomGenerator m_jitter { QRandomGenerator::securelySeeded() };
};

} // namespace clerk
