// Only work the clerk neither watches nor waits for runs below the window (core/ThreadPriority.h):
// lowerThreadBelowTheWindow() lowers the calling thread alone, and the threads that hold locks the GUI
// thread waits for (jobs: the store's write lock; sync; the memory trim: the allocator's) keep the
// window's priority. Each is read back from the system (/proc), not from what the code meant to
// set. (The sidebar's counting, which runs below, is tested with it: tst_inbox_search.)
#include "../common/ProcStatus.h"
#include "core/MemoryTrim.h"
#include "core/ThreadPriority.h"
#include "core/jobs/Job.h"
#include "core/jobs/JobRunner.h"
#include "core/store/Store.h"
#include "core/sync/SyncEngine.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <thread>

using namespace clerk;
using clerk::testproc::nicenessOfThread;

namespace {

class NicenessJob : public Job
{
public:
    NicenessJob()
        : Job(QStringLiteral("niceness"))
    { }
    std::atomic_int niceness { -100 };

protected:
    Status run() override
    {
        niceness = currentThreadNiceness();
        return {};
    }
};

} // namespace

class TestThreadPriority : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
#if !defined(Q_OS_LINUX)
        QSKIP("the niceness of a thread is read on Linux only");
#endif
        m_gui = currentThreadNiceness();
        if (m_gui >= kBackgroundNiceness)
            QSKIP("the test runs at background priority already: nothing to tell apart");
    }

    void lowersTheCallingThreadOnly()
    {
        int inside = -100, again = -100;
        bool lowered = false;
        std::thread worker([&] {
            lowered = lowerThreadBelowTheWindow();
            inside = currentThreadNiceness();
            lowerThreadBelowTheWindow(); // a second call changes nothing
            again = currentThreadNiceness();
        });
        worker.join();
        QVERIFY(lowered);
        QCOMPARE(inside, kBackgroundNiceness);
        QCOMPARE(again, kBackgroundNiceness);
        QCOMPARE(currentThreadNiceness(), m_gui);
    }

    void theWindowsThreadIsNeverLowered()
    {
        // (A pool's task may run on the thread that waits for it: SidebarCounts::drop() does.)
        QVERIFY(!lowerThreadBelowTheWindow());
        QCOMPARE(currentThreadNiceness(), m_gui);
    }

    void jobsKeepTheWindowsPriority()
    {
        JobRunner runner;
        auto* job = new NicenessJob;
        std::atomic_int seen { -100 };
        connect(job, &Job::finished, this, [&seen, job] { seen = job->niceness.load(); });
        runner.start(job);
        QTRY_VERIFY(seen.load() != -100);
        QCOMPARE(seen.load(), m_gui);
    }

    void theSyncThreadKeepsTheWindowsPriority()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        Store store(dir.filePath(QStringLiteral("clerk.db")));
        QVERIFY(store.create("thread-priority-test").ok());
        SyncEngine engine(store, QUrl(QStringLiteral("http://127.0.0.1:9"))); // never reached
        QTRY_VERIFY(nicenessOfThread("ClerkDesk sync").has_value());
        QCOMPARE(nicenessOfThread("ClerkDesk sync"), std::optional<int>(m_gui));
    }

    void theMemoryTrimKeepsTheWindowsPriority()
    {
        MemoryTrim trim(nullptr, 3600 * 1000);
        QSignalSpy trimmed(&trim, &MemoryTrim::trimmed);
        QVERIFY(trim.trimInBackground());
        QVERIFY(trimmed.wait(30000));
        // (The pool's thread stays a while after its work, under the pool's name.)
        QCOMPARE(nicenessOfThread("MemoryTrim"), std::optional<int>(m_gui));
    }

private:
    int m_gui = 0;
};

QTEST_GUILESS_MAIN(TestThreadPriority)
#include "tst_thread_priority.moc"
