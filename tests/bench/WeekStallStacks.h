// What the GUI thread of ./dev bench week is doing while it stalls: with
// CLERKDESK_WEEK_STALL_STACKS=<file>, a watcher thread looks at the stall probe's last tick every
// 10 ms; while the GUI thread is more than 40 ms late it interrupts it (SIGPROF) once per 10 ms,
// and the GUI thread's stack is written to <file> with the activity and the GUI thread's CPU time
// so far ("cpu" below the stall's wall time: the thread waited or was not scheduled). Frames of
// the bench's own binary print as bench_week(+0xOFFSET): `addr2line -f -C -i -e bench_week 0xOFFSET`
// names them. On the first sample of each stall the process's other threads are interrupted too and
// their stacks written below it ("thread <tid> <name>"): the one holding what the GUI waits for.
#pragma once

#include <QString>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <dirent.h>
#include <execinfo.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <thread>
#include <unistd.h>

namespace clerk::bench {

inline qint64 steadyNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

class StallStacks
{
public:
    static StallStacks& instance()
    {
        static StallStacks s;
        return s;
    }
    bool enabled() const { return m_fd >= 0; }
    // From the GUI thread: each tick of the probe, and the activity under way.
    void tick() { m_lastTick.store(steadyNs(), std::memory_order_relaxed); }
    void phase(const QString& p)
    {
        const int next = m_phaseSlot.load() ^ 1;
        qstrncpy(m_phase[next], qPrintable(p), sizeof m_phase[0]);
        m_phaseSlot.store(next);
    }
    ~StallStacks()
    {
        m_stop = true;
        if (m_watcher.joinable())
            m_watcher.join();
        if (m_fd >= 0)
            ::close(m_fd);
    }

private:
    StallStacks()
    {
        const QByteArray file = qgetenv("CLERKDESK_WEEK_STALL_STACKS");
        if (file.isEmpty())
            return;
        m_fd = ::open(file.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (m_fd < 0)
            return;
        void* warm[4];
        backtrace(warm, 4); // loads libgcc before any signal handler needs it
        m_gui = pthread_self();
        m_guiTid = pid_t(::syscall(SYS_gettid));
        tick();
        struct sigaction sa = {};
        sa.sa_handler = &StallStacks::onSignal;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESTART;
        sigaction(SIGPROF, &sa, nullptr);
        m_watcher = std::thread([this] { watch(); });
    }
    static void onSignal(int)
    {
        StallStacks& s = instance();
        if (pid_t(::syscall(SYS_gettid)) != s.m_target.load())
            return; // late: its sample was given up, another thread is being sampled now
        timespec cpu {};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu);
        s.m_cpuNs = qint64(cpu.tv_sec) * 1000000000 + cpu.tv_nsec;
        s.m_depth = backtrace(s.m_frames, kFrames);
        s.m_taken.store(true, std::memory_order_release);
    }
    void watch()
    {
        qint64 stallStart = -1;
        int stall = 0;
        while (!m_stop) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
            const qint64 last = m_lastTick.load(std::memory_order_relaxed), now = steadyNs();
            if (now - last < 40000000) {
                stallStart = -1;
                continue;
            }
            if (stallStart != last) {
                stallStart = last;
                ++stall;
            }
            m_taken.store(false);
            m_target.store(m_guiTid);
            pthread_kill(m_gui, SIGPROF);
            for (int i = 0; i < 200 && !m_taken.load(std::memory_order_acquire); ++i)
                std::this_thread::sleep_for(std::chrono::microseconds(100));
            if (!m_taken.load(std::memory_order_acquire))
                continue;
            const int n = std::snprintf(m_line, sizeof m_line, "sample stall=%d phase=%s late_ms=%.1f cpu_ms=%.1f\n",
                stall, m_phase[m_phaseSlot.load()], double(now - last) / 1e6 - 5, double(m_cpuNs) / 1e6);
            if (::write(m_fd, m_line, size_t(n)) < 0)
                return;
            backtrace_symbols_fd(m_frames, m_depth, m_fd);
            if (stall != m_threadsShownFor) {
                m_threadsShownFor = stall;
                writeOtherThreads();
            }
        }
    }
    void writeOtherThreads()
    {
        DIR* tasks = ::opendir("/proc/self/task");
        if (!tasks)
            return;
        const pid_t self = pid_t(::syscall(SYS_gettid));
        while (dirent* e = ::readdir(tasks)) {
            const pid_t tid = pid_t(std::atoi(e->d_name));
            if (tid <= 0 || tid == self || tid == ::getpid())
                continue;
            char name[32] = {}, path[64];
            std::snprintf(path, sizeof path, "/proc/self/task/%d/comm", int(tid));
            if (const int fd = ::open(path, O_RDONLY); fd >= 0) {
                const ssize_t n = ::read(fd, name, sizeof name - 1);
                name[n > 0 ? n - 1 : 0] = 0;
                ::close(fd);
            }
            m_taken.store(false);
            m_target.store(tid);
            if (::syscall(SYS_tgkill, ::getpid(), tid, SIGPROF) != 0)
                continue;
            for (int i = 0; i < 200 && !m_taken.load(std::memory_order_acquire); ++i)
                std::this_thread::sleep_for(std::chrono::microseconds(100));
            if (!m_taken.load(std::memory_order_acquire))
                continue;
            const int n = std::snprintf(
                m_line, sizeof m_line, "thread %d %s cpu_ms=%.1f\n", int(tid), name, double(m_cpuNs) / 1e6);
            if (::write(m_fd, m_line, size_t(n)) < 0)
                break;
            backtrace_symbols_fd(m_frames, m_depth, m_fd);
        }
        ::closedir(tasks);
    }

    static constexpr int kFrames = 64;
    int m_fd = -1;
    pthread_t m_gui {};
    pid_t m_guiTid = 0;
    std::atomic<pid_t> m_target { 0 }; // the thread whose stack is asked for
    std::thread m_watcher;
    std::atomic<bool> m_stop { false }, m_taken { false };
    std::atomic<qint64> m_lastTick { 0 };
    char m_phase[2][32] = {};
    std::atomic<int> m_phaseSlot { 0 };
    void* m_frames[kFrames] = {};
    int m_depth = 0;
    int m_threadsShownFor = 0;
    qint64 m_cpuNs = 0;
    char m_line[160] = {};
};

} // namespace clerk::bench
