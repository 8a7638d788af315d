#include "GracefulStop.h"

#include "ServerLogging.h"

#include <QAbstractSocket>
#include <QTcpServer>

namespace clerk::server {

GracefulStop::GracefulStop(QTcpServer* listener, int limitMs, std::function<int()> inFlight, QObject* parent)
    : QObject(parent)
    , m_listener(listener)
    , m_limitMs(limitMs)
    , m_inFlight(std::move(inFlight))
{
    m_tick.setInterval(100);
    connect(&m_tick, &QTimer::timeout, this, &GracefulStop::check);
}

void GracefulStop::begin()
{
    if (m_begun)
        return;
    m_begun = true;
    if (m_listener)
        m_listener->close();
    qCInfo(lcServer) << "stopping: no new connections; finishing" << writing() << "answer(s) being written";
    m_since.start();
    m_tick.start();
}

int GracefulStop::writing() const
{
    int n = m_inFlight ? m_inFlight() : 0; // answered later: their sockets have nothing to write yet
    if (!m_listener)
        return n;
    for (const QAbstractSocket* s : m_listener->findChildren<QAbstractSocket*>())
        if (s->state() == QAbstractSocket::ConnectedState && s->bytesToWrite() > 0)
            ++n;
    return n;
}

void GracefulStop::check()
{
    m_quiet = writing() == 0 ? m_quiet + 1 : 0;
    const bool late = m_since.elapsed() >= m_limitMs;
    if (m_quiet < 3 && !late)
        return;
    m_tick.stop();
    if (late)
        qCWarning(lcServer) << "stopping with" << writing() << "answer(s) unfinished after" << m_limitMs << "ms";
    Q_EMIT drained();
}

} // namespace clerk::server
