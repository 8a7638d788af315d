#include "ThreadPriority.h"

#include "Logging.h"

#include <QThread>
#include <atomic>

#if defined(Q_OS_LINUX)
#include <cerrno>
#include <cstring>
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace clerk {

bool lowerThreadBelowTheWindow()
{
    // Never the GUI thread: a pool's task can run there (QFuture::waitForFinished() runs a task
    // that has not started yet on the waiting thread), and a lower priority is never raised again.
    if (QThread::isMainThread())
        return false;
    thread_local bool lowered = false;
    if (lowered)
        return true;
#if defined(Q_OS_LINUX)
    // (Linux applies PRIO_PROCESS with a thread's id to that thread only; Qt's LowPriority does
    // nothing under Linux's normal scheduling policy.)
    const int niceness = currentThreadNiceness();
    if (niceness < kBackgroundNiceness && setpriority(PRIO_PROCESS, id_t(gettid()), kBackgroundNiceness) != 0) {
        static std::atomic_bool told { false };
        if (!told.exchange(true))
            qCWarning(lcCore) << "background work could not take a lower priority:" << std::strerror(errno);
        return false;
    }
#else
    QThread::currentThread()->setPriority(QThread::LowPriority);
#endif
    lowered = true;
    return true;
}

int currentThreadNiceness()
{
#if defined(Q_OS_LINUX)
    errno = 0;
    const int niceness = getpriority(PRIO_PROCESS, id_t(gettid()));
    return errno == 0 ? niceness : 0;
#else
    return 0;
#endif
}

} // namespace clerk
