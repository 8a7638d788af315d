#include "core/IdleLock.h"

#include <QSignalSpy>
#include <QTest>

using namespace clerk;

class TestIdleLock : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void locksAfterTimeout()
    {
        ManualClock clock;
        IdleLock idle(clock);
        idle.setTimeoutMinutes(5);
        QSignalSpy spy(&idle, &IdleLock::lockRequested);
        idle.start();
        clock.advanceSecs(4 * 60);
        idle.check();
        QCOMPARE(spy.count(), 0);
        idle.activity(); // the clerk typed something
        clock.advanceSecs(4 * 60);
        idle.check();
        QCOMPARE(spy.count(), 0);
        clock.advanceSecs(61);
        idle.check();
        QCOMPARE(spy.count(), 1);
        QVERIFY(!idle.isWatching());
        clock.advanceSecs(3600);
        idle.check(); // locked already: once only
        QCOMPARE(spy.count(), 1);
    }
    void notWatchingWhileStopped()
    {
        ManualClock clock;
        IdleLock idle(clock);
        idle.setTimeoutMinutes(1);
        QSignalSpy spy(&idle, &IdleLock::lockRequested);
        clock.advanceSecs(600);
        idle.check();
        QCOMPARE(spy.count(), 0);
    }
};

QTEST_GUILESS_MAIN(TestIdleLock)
#include "tst_idlelock.moc"
