// Hands memory the program has freed back to the system while a window stays open all day.
//
// glibc keeps freed heap memory for reuse, in one arena per thread that allocated (the GUI thread,
// sync, jobs, counting), and raises its threshold for mapping large blocks each time one is freed,
// so that later page images and query results come from the heap and stay there. In ./dev bench
// week the window's resident size grew by about 90 MiB a simulated day; at 817 MiB, 495 MiB of it
// was such free memory (malloc_trim gave it back). MemoryTrim fixes the mapping threshold at start
// and trims every 10 seconds on a thread of its own (with minutes of freed memory gathered a trim
// took 8-104 ms, every 10 s it takes 0.2-8 ms: either way not the GUI thread's time), one trim at a time. Every 10 s
// rather than every few minutes: a working window then holds at most seconds of freed memory (bench week, a day's end:
// 145-156 MiB with a 30 s period, 108-120 MiB with 10 s, the longest GUI-thread stall the same), and on a terminal
// server many clerks' windows share one machine's memory. (While glibc trims an arena it holds that arena's lock: a
// thread allocating from it meanwhile waits, but only then, and not for the other arenas.)
// Elsewhere than glibc it does nothing.
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
    static constexpr int kAfterWorkMs = 1000;

    explicit MemoryTrim(QObject* parent = nullptr, int intervalMs = kDefaultIntervalMs);
    ~MemoryTrim() override;

    // Gives free memory back now, on the calling thread; returns how long it took in microseconds
    // (0 without glibc).
    static qint64 trimNow();
    // Starts a trim on this object's own thread (what the timer does); false when one is still on
    // its way (until its trimmed() came), and nothing is started.
    bool trimInBackground();

    // Blocks of 1 MiB and more are mapped on their own and go back to the system when freed
    // (glibc would otherwise raise that limit to 32 MiB as large blocks come and go).
    static void fixMappingThreshold();

public Q_SLOTS:
    // Work that frees much when it ends has ended (a search answered, a sync pass, requests changed,
    // a job done): a trim follows within kAfterWorkMs, one for all that end meanwhile. While the
    // clerk works, the window then holds about a second of freed memory, not up to ten; an idle
    // window is trimmed by the timer alone.
    void afterWork();

Q_SIGNALS:
    // A trim on the worker ended (in this object's thread); `thread`: the one that trimmed.
    void trimmed(qint64 microseconds, Qt::HANDLE thread);

private:
    QTimer* m_timer = nullptr;
    QTimer* m_afterWork = nullptr;
    QThreadPool* m_pool = nullptr; // one thread: trims never overlap
    bool m_trimming = false;
};

} // namespace clerk
