// Where "now" comes from. Deadline, idle-lock and retry logic take a Clock so that tests can
// move time forward without sleeping.
#pragma once

#include <QDateTime>
#include <QTimeZone>

namespace clerk {

class Clock
{
public:
    virtual ~Clock() = default;
    virtual QDateTime now() const = 0;
    // Monotonic milliseconds, for measuring idle time and backoff.
    virtual qint64 monotonicMs() const = 0;

    static Clock& system();
};

// A clock that only moves when told to; for tests and for the demo's time travel.
class ManualClock : public Clock
{
public:
    explicit ManualClock(QDateTime start = QDateTime(QDate(2026, 11, 26), QTime(9, 0), QTimeZone::UTC))
        : m_now(start)
    { }
    QDateTime now() const override { return m_now; }
    qint64 monotonicMs() const override { return m_monotonic; }
    void advanceMs(qint64 ms)
    {
        m_now = m_now.addMSecs(ms);
        m_monotonic += ms;
    }
    void advanceSecs(qint64 s) { advanceMs(s * 1000); }

private:
    QDateTime m_now;
    qint64 m_monotonic = 0;
};

} // namespace clerk
