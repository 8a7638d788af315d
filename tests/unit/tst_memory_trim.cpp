// MemoryTrim against glibc itself: freed memory that the allocator keeps (a fragmented heap, a large
// block below a raised mapping threshold) leaves the process's resident set when MemoryTrim says so.
#include "../common/ProcStatus.h"
#include "core/MemoryTrim.h"

#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <cstdlib>
#include <cstring>
#include <vector>

using namespace clerk;

namespace {

qint64 residentKb()
{
    return testproc::statusKiB("VmRSS:");
}

void* touched(size_t bytes)
{
    void* p = std::malloc(bytes);
    std::memset(p, 0x5a, bytes);
    return p;
}

} // namespace

class TestMemoryTrim : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
#if !defined(__GLIBC__)
        QSKIP("MemoryTrim only acts on glibc's allocator");
#endif
#if defined(__SANITIZE_ADDRESS__)
        QSKIP("AddressSanitizer replaces glibc's allocator (the release and dev builds run this test)");
#endif
        MemoryTrim::configureAllocator(); // as the window does when it starts
    }

    // 160 MiB in 64 KiB blocks, all freed but every 64th: the heap cannot shrink from its top, and
    // the free pages between the survivors stay resident until they are trimmed.
    void fragmentedHeapIsGivenBack()
    {
        const qint64 before = residentKb();
        std::vector<void*> blocks;
        for (int i = 0; i < 2560; ++i)
            blocks.push_back(touched(64 * 1024));
        for (size_t i = 0; i < blocks.size(); ++i)
            if (i % 64 != 63) {
                std::free(blocks[i]);
                blocks[i] = nullptr;
            }
        const qint64 held = residentKb();
        QVERIFY2(held - before > 100 * 1024, qPrintable(QStringLiteral("%1 -> %2 KiB").arg(before).arg(held)));
        QVERIFY(MemoryTrim::trimNow() >= 0);
        const qint64 after = residentKb();
        qInfo() << "resident KiB: before" << before << "holding" << held << "after the trim" << after;
        QVERIFY2(held - after > 100 * 1024, qPrintable(QStringLiteral("%1 -> %2 KiB").arg(held).arg(after)));
        for (void* p : blocks)
            std::free(p);
    }

    // glibc raises its mapping threshold to the size of a freed mapped block (up to 32 MiB): a page
    // image of 4 MiB after one of 16 MiB would come from the heap and stay. With the threshold fixed
    // at 1 MiB each one is mapped on its own and leaves with free().
    void largeBlocksLeaveWhenFreed()
    {
        std::free(touched(16 << 20));
        const qint64 before = residentKb();
        void* image = touched(4 << 20);
        std::free(image);
        const qint64 after = residentKb();
        qInfo() << "resident KiB around a freed 4 MiB block:" << before << "->" << after;
        QVERIFY2(after - before < 1024, qPrintable(QStringLiteral("%1 -> %2 KiB").arg(before).arg(after)));
    }

    // The window's timed trim runs on a thread of its own (a trim took up to 104 ms: frames the
    // GUI thread would drop), and one at a time: asked again while one is on its way, nothing starts.
    void timedTrimRunsOffThisThreadOneAtATime()
    {
        MemoryTrim trim(nullptr, 3600 * 1000);
        QSignalSpy trimmed(&trim, &MemoryTrim::trimmed);
        QVERIFY(trim.trimInBackground());
        QVERIFY(!trim.trimInBackground()); // the first is still on its way
        QTRY_COMPARE(trimmed.size(), 1);
        qInfo() << "a trim on the worker took" << trimmed.first().at(0).toLongLong() << "µs";
        QVERIFY(trimmed.first().at(1).value<Qt::HANDLE>() != QThread::currentThreadId());
        QVERIFY(trim.trimInBackground()); // done: the next may start
        QTRY_COMPARE(trimmed.size(), 2);
        QCOMPARE(trimmed.at(1).at(1).value<Qt::HANDLE>(), trimmed.first().at(1).value<Qt::HANDLE>());
    }

    // The timer trims again and again (a working window holds seconds of freed memory, not more).
    void theTimerTrimsAgainAndAgain()
    {
        MemoryTrim trim(nullptr, 200);
        QSignalSpy trimmed(&trim, &MemoryTrim::trimmed);
        QTRY_VERIFY_WITH_TIMEOUT(trimmed.size() >= 3, 10000);
    }

    void workThatEndsIsFollowedByOneTrim()
    {
        MemoryTrim trim(nullptr, 3600 * 1000); // the timer alone would not trim in this test
        QSignalSpy trimmed(&trim, &MemoryTrim::trimmed);
        for (int i = 0; i < 5; ++i)
            trim.afterWork();
        QTest::qWait(MemoryTrim::kAfterWorkMs / 5);
        QCOMPARE(trimmed.size(), 0); // after the work, not at once
        QVERIFY(trimmed.wait(MemoryTrim::kAfterWorkMs + 5000));
        QTest::qWait(MemoryTrim::kAfterWorkMs + 200);
        QCOMPARE(trimmed.size(), 1); // one for the work that ended together
        trim.afterWork(); // and again for later work
        QVERIFY(trimmed.wait(MemoryTrim::kAfterWorkMs + 5000));
    }
};

QTEST_GUILESS_MAIN(TestMemoryTrim)
#include "tst_memory_trim.moc"
