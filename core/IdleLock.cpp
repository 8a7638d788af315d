#include "IdleLock.h"

#include "Logging.h"

namespace clerk {

IdleLock::IdleLock(Clock& clock, QObject* parent)
    : QObject(parent)
    , m_clock(clock)
{
    m_timer.setInterval(5000);
    connect(&m_timer, &QTimer::timeout, this, &IdleLock::check);
}

void IdleLock::setTimeoutMinutes(int minutes)
{
    m_timeoutMs = qint64(qMax(1, minutes)) * 60000;
}

void IdleLock::start()
{
    m_watching = true;
    m_lastActivity = m_clock.monotonicMs();
    m_timer.start();
}

void IdleLock::stop()
{
    m_watching = false;
    m_timer.stop();
}

qint64 IdleLock::idleMs() const
{
    return m_clock.monotonicMs() - m_lastActivity;
}

bool IdleLock::isClerkInput(const QEvent* event)
{
    switch (event->type()) {
    case QEvent::KeyPress:
    case QEvent::MouseButtonPress:
    case QEvent::MouseMove:
    case QEvent::Wheel:
        return true;
    default:
        return false;
    }
}

void IdleLock::activity()
{
    m_lastActivity = m_clock.monotonicMs();
}

void IdleLock::check()
{
    if (!m_watching || idleMs() < m_timeoutMs)
        return;
    qCInfo(lcStore) << "idle for" << idleMs() / 1000 << "s: locking";
    stop();
    Q_EMIT lockRequested();
}

} // namespace clerk
