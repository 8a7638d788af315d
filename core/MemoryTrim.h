// Hands memory the program has freed back to the system while a window stays open all day.
//
// glibc keeps freed heap memory for reuse, in one arena per thread that allocated (the GUI thread,
// sync, jobs, counting), and raises its threshold for mapping large blocks each time one is freed,
// so that later page images and query results come from the heap and stay there. In ./dev bench
// week the window's resident size grew by about 90 MiB a simulated day; at 817 MiB, 495 MiB of it
// was such free memory (malloc_trim gave it back). MemoryTrim fixes the mapping threshold at start
// and trims every few minutes, between events of the thread it lives in. Elsewhere than glibc it
// does nothing.
#pragma once

#include <QObject>

class QTimer;

namespace clerk {

class MemoryTrim : public QObject
{
    Q_OBJECT
public:
    static constexpr int kDefaultIntervalMs = 3 * 60 * 1000;

    explicit MemoryTrim(QObject* parent = nullptr, int intervalMs = kDefaultIntervalMs);

    // Gives free memory back now; returns how long it took in microseconds (0 without glibc).
    static qint64 trimNow();
    // Blocks of 1 MiB and more are mapped on their own and go back to the system when freed
    // (glibc would otherwise raise that limit to 32 MiB as large blocks come and go).
    static void fixMappingThreshold();

private:
    QTimer* m_timer = nullptr;
};

} // namespace clerk
