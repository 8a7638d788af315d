#include "MemoryTrim.h"

#include "Logging.h"

#include <QElapsedTimer>
#include <QTimer>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace clerk {

MemoryTrim::MemoryTrim(QObject* parent, int intervalMs)
    : QObject(parent)
    , m_timer(new QTimer(this))
{
    fixMappingThreshold();
    m_timer->setInterval(intervalMs);
    connect(m_timer, &QTimer::timeout, this, [] { trimNow(); });
    m_timer->start();
}

qint64 MemoryTrim::trimNow()
{
#if defined(__GLIBC__)
    QElapsedTimer took;
    took.start();
    malloc_trim(0);
    const qint64 us = took.nsecsElapsed() / 1000;
    qCDebug(lcCore) << "returned free memory to the system in" << us << "µs";
    return us;
#else
    return 0;
#endif
}

void MemoryTrim::fixMappingThreshold()
{
#if defined(__GLIBC__)
    static const bool fixed = [] {
        if (mallopt(M_MMAP_THRESHOLD, 1 << 20) != 1)
            qCWarning(lcCore) << "the allocator did not take a fixed mapping threshold";
        return true;
    }();
    Q_UNUSED(fixed);
#endif
}

} // namespace clerk
