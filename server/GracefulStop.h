// A rolling update's stop: on SIGTERM the server stops taking connections (the load balancer's
// health check fails over to the other instances) and finishes what it is writing before it ends.
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <functional>

class QTcpServer;

namespace clerk::server {

class GracefulStop : public QObject
{
    Q_OBJECT
public:
    // `listener`: the server's listening socket (ApiServer::listener()); its accepted connections
    // are its children. `limitMs`: the longest wait for answers still being written. `inFlight`:
    // calls still being worked on elsewhere, not yet written (ApiServer::callsInFlight(): its
    // worker threads); none when empty.
    GracefulStop(QTcpServer* listener, int limitMs, std::function<int()> inFlight = {}, QObject* parent = nullptr);

    // Closes the listening socket and waits until no call is in flight and no connection has
    // bytes left to write (three checks in a row, 100 ms apart) or the limit passes; then emits
    // drained(). Idempotent.
    void begin();

Q_SIGNALS:
    void drained();

private:
    void check();
    int writing() const;

    QTcpServer* m_listener;
    int m_limitMs;
    std::function<int()> m_inFlight;
    QTimer m_tick;
    QElapsedTimer m_since;
    int m_quiet = 0;
    bool m_begun = false;
};

} // namespace clerk::server
