// Decides when the clerk has been idle long enough that the cache must lock. The UI reports
// activity; a timer checks against an injectable Clock, so tests move time without sleeping.
#pragma once

#include "Clock.h"

#include <QEvent>
#include <QObject>
#include <QTimer>

namespace clerk {

class IdleLock : public QObject
{
    Q_OBJECT
public:
    explicit IdleLock(Clock& clock = Clock::system(), QObject* parent = nullptr);

    void setTimeoutMinutes(int minutes);
    int timeoutMinutes() const { return m_timeoutMs / 60000; }
    // Starts watching (after unlock); stop() while locked.
    void start();
    void stop();
    bool isWatching() const { return m_watching; }
    qint64 idleMs() const;
    // Whether `event` is the clerk at work (a key, a click, the wheel, the mouse moving): what
    // resets the idle lock.
    static bool isClerkInput(const QEvent* event);

public Q_SLOTS:
    void activity();
    void check();

Q_SIGNALS:
    void lockRequested();

private:
    Clock& m_clock;
    QTimer m_timer;
    qint64 m_timeoutMs = 10 * 60000;
    qint64 m_lastActivity = 0;
    bool m_watching = false;
};

} // namespace clerk
