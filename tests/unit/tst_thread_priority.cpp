// Work the clerk does not watch runs below the window (core/ThreadPriority.h): the threads of jobs,
// the sync and the memory trim take a lower priority than the GUI thread, which keeps its own. Each
// is read back from the system (/proc), not from what the code meant to set.
#include "core/MemoryTrim.h"
#include "core/ThreadPriority.h"
#include "core/jobs/Job.h"
#include "core/jobs/JobRunner.h"
#include "core/store/Store.h"
#include "core/sync/SyncEngine.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <thread>

using namespace clerk;

namespace {

// The niceness of this process's thread named `name` (as ps shows it), from /proc; nullopt when no
// thread has that name.
std::optional<int> nicenessOfThread(const QByteArray& name)
{
    const QDir tasks(QStringLiteral("/proc/self/task"));
    for (const QString& tid : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile comm(tasks.filePath(tid + QStringLiteral("/comm")));
        if (!comm.open(QIODevice::ReadOnly) || comm.readAll().trimmed() != name)
            continue;
        QFile stat(tasks.filePath(tid + QStringLiteral("/stat")));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray line = stat.readAll();
        // After the name in parentheses: field 3 (state) onwards; the niceness is field 19.
        const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
        if (fields.size() > 16)
            return fields.at(16).toInt();
    }
    return std::nullopt;
}

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
            lowered = runInBackground();
            inside = currentThreadNiceness();
            runInBackground(); // a second call changes nothing
            again = currentThreadNiceness();
        });
        worker.join();
        QVERIFY(lowered);
        QCOMPARE(inside, kBackgroundNiceness);
        QCOMPARE(again, kBackgroundNiceness);
        QCOMPARE(currentThreadNiceness(), m_gui);
    }

    void jobsRunInBackground()
    {
        JobRunner runner;
        auto* job = new NicenessJob;
        std::atomic_int seen { -100 };
        connect(job, &Job::finished, this, [&seen, job] { seen = job->niceness.load(); });
        runner.start(job);
        QTRY_COMPARE(seen.load(), kBackgroundNiceness);
        QCOMPARE(currentThreadNiceness(), m_gui);
    }

    void theSyncThreadRunsInBackground()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        Store store(dir.filePath(QStringLiteral("clerk.db")));
        QVERIFY(store.create("thread-priority-test").ok());
        SyncEngine engine(store, QUrl(QStringLiteral("http://127.0.0.1:9"))); // never reached
        QTRY_COMPARE(nicenessOfThread("ClerkDesk sync"), std::optional<int>(kBackgroundNiceness));
        QCOMPARE(currentThreadNiceness(), m_gui);
    }

    void theMemoryTrimRunsInBackground()
    {
        MemoryTrim trim(nullptr, 3600 * 1000);
        QSignalSpy trimmed(&trim, &MemoryTrim::trimmed);
        QVERIFY(trim.trimInBackground());
        QVERIFY(trimmed.wait(30000));
        // (The pool's thread stays a while after its work, under the pool's name.)
        QCOMPARE(nicenessOfThread("MemoryTrim"), std::optional<int>(kBackgroundNiceness));
    }

private:
    int m_gui = 0;
};

QTEST_GUILESS_MAIN(TestThreadPriority)
#include "tst_thread_priority.moc"
