// Hands memory the program has freed back to the system while a window stays open all day.
//
// glibc keeps freed heap memory for reuse, in one arena per thread that allocated (the GUI thread,
// sync, search, jobs, counting), and raises its threshold for mapping large blocks each time one is
// freed, so that later page images and query results come from the heap and stay there. In ./dev
// bench week the window's resident size once grew by about 90 MiB a simulated day; at 817 MiB,
// 495 MiB of it was such free memory (malloc_trim gave it back). MemoryTrim fixes the mapping
// threshold and the number of arenas at start (kMappedFromBytes, kArenas) and trims on a thread of its own, one trim at
// a time: within kAfterWorkMs after work that frees much (afterWork(): a search answered, a sync pass, requests
// changed, a job done) and every 10 seconds in any case. A trim takes 0.2-8 ms on that thread (with
// minutes of freed memory gathered it took 8-104 ms). A working window so holds at most about
// kAfterWorkMs of freed memory, which matters on a terminal server where many clerks' windows share
// one machine's memory (how much, per period: docs/PERFORMANCE.md, "The window's memory over a
// working week"). While glibc trims an arena it holds that arena's lock: a thread allocating from it
// meanwhile waits, but only then, and not for the other arenas. Elsewhere than glibc it does nothing.
#pragma once

#include <QObject>

class QThreadPool;
class QTimer;

namespace clerk {

class MemoryTrim : public QObject
{
    Q_OBJECT
public:
    static constexpr int kDefaultIntervalMs = 10 * 1000;
    static constexpr int kAfterWorkMs = 250;

    explicit MemoryTrim(QObject* parent = nullptr, int intervalMs = kDefaultIntervalMs);
    ~MemoryTrim() override;

    // Gives free memory back now, on the calling thread; returns how long it took in microseconds
    // (0 without glibc).
    static qint64 trimNow();
    // Starts a trim on this object's own thread (what the timers do); false when one is still on
    // its way (until its trimmed() came), and nothing is started.
    bool trimInBackground();

    // Blocks of kMappedFromBytes and more are mapped on their own and go back to the system when
    // freed (glibc would otherwise raise that limit to 32 MiB as large blocks come and go). Not
    // lower: with 256 KiB the full week's day ends were no lower (101.9-108.1 MiB against
    // 98.9-104.3), and each 256 KiB document chunk would be a mapping of its own (docs/PERFORMANCE.md).
    static constexpr int kMappedFromBytes = 1024 * 1024;
    // Threads allocate from at most kArenas heaps (glibc makes up to eight per core: sixteen on a
    // two-core laptop, for the render threads of the open documents, the pool's, sync's and the
    // jobs'). Each keeps about a MiB resident after a trim: in bench week the window held 7-8 MiB in
    // arenas made during day 1, most of a day's growth.
    static constexpr int kArenas = 4;
    // Both limits; once, before the window's threads start (the constructor calls it too).
    static void configureAllocator();

public Q_SLOTS:
    // Work that frees much when it ends has ended (a search answered, a sync pass, requests changed,
    // a job done): a trim follows within kAfterWorkMs, one for all that end meanwhile. While the
    // clerk works, the window then holds a quarter of a second of freed memory, not up to ten; an
    // idle window is trimmed by the timer alone.
    void afterWork();

Q_SIGNALS:
    // A trim on the worker ended (in this object's thread); `thread`: the one that trimmed.
    void trimmed(qint64 microseconds, Qt::HANDLE thread);

private:
    QTimer* m_timer = nullptr;
    QTimer* m_afterWork = nullptr;
    QThreadPool* m_pool = nullptr; // one thread: trims never overlap
    bool m_trimming = false;
    bool m_afterWorkWaits = false; // afterWork's trim came while one ran: it follows that one
};

} // namespace clerk
