#include "MemoryTrim.h"

#include "Logging.h"

#include <QElapsedTimer>
#include <QThread>
#include <QThreadPool>
#include <QTimer>
#include <utility>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace clerk {

MemoryTrim::MemoryTrim(QObject* parent, int intervalMs)
    : QObject(parent)
    , m_timer(new QTimer(this))
    , m_afterWork(new QTimer(this))
    , m_pool(new QThreadPool(this))
{
    configureAllocator();
    m_pool->setMaxThreadCount(1);
    m_pool->setObjectName(QStringLiteral("MemoryTrim"));
    m_timer->setInterval(intervalMs);
    connect(m_timer, &QTimer::timeout, this, [this] { trimInBackground(); });
    m_timer->start();
    m_afterWork->setSingleShot(true);
    m_afterWork->setInterval(kAfterWorkMs);
    // (A trim under way may have begun before the work ended: one more follows it.)
    connect(m_afterWork, &QTimer::timeout, this, [this] { m_afterWorkWaits = !trimInBackground(); });
}

void MemoryTrim::afterWork()
{
    if (!m_afterWork->isActive()) // (not restarted: continuous work is trimmed every kAfterWorkMs)
        m_afterWork->start();
}

MemoryTrim::~MemoryTrim()
{
    m_pool->waitForDone(); // (a trim that runs ends; its trimmed() is not delivered any more)
}

bool MemoryTrim::trimInBackground()
{
    if (m_trimming)
        return false;
    m_trimming = true;
    m_pool->start([this] {
        const qint64 us = trimNow();
        const Qt::HANDLE thread = QThread::currentThreadId();
        // This object waits for the pool in its destructor, so it lives until this returns; an
        // event posted to it goes with it.
        QMetaObject::invokeMethod(
            this,
            [this, us, thread] {
                m_trimming = false;
                if (std::exchange(m_afterWorkWaits, false))
                    m_afterWork->start();
                Q_EMIT trimmed(us, thread);
            },
            Qt::QueuedConnection);
    });
    return true;
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

void MemoryTrim::configureAllocator()
{
#if defined(__GLIBC__)
    static const bool fixed = [] {
        if (mallopt(M_MMAP_THRESHOLD, kMappedFromBytes) != 1)
            qCWarning(lcCore) << "the allocator did not take a fixed mapping threshold";
        if (mallopt(M_ARENA_MAX, kArenas) != 1)
            qCWarning(lcCore) << "the allocator did not take a limit of arenas";
        return true;
    }();
    Q_UNUSED(fixed);
#endif
}

} // namespace clerk
