// The parts of ./dev bench week that watch and drive the window: an event-loop wait, the GUI
// thread's stall probe, an answerer for the Request menu's dialogs, and the other clerk who changes
// requests on the server from a process of its own.
#pragma once

#include "../common/Waiting.h"
#include "WeekPaintCensus.h"
#include "WeekStallStacks.h"
#include "core/store/Store.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QHash>
#include <QInputDialog>
#include <QMessageBox>
#include <QProcess>
#include <QProgressDialog>
#include <QRegularExpression>
#include <QTimer>
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <ctime>
#include <fcntl.h>
#include <functional>
#include <iostream>
#include <string>
#include <sys/resource.h>
#include <unistd.h>
#include <vector>

namespace clerk::bench {

// Runs the event loop (not a busy loop, not a sleep) until `done` or the timeout.
inline bool waitUntil(const std::function<bool()>& done, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > timeoutMs)
            return false;
        QEventLoop loop;
        QTimer::singleShot(1, &loop, &QEventLoop::quit);
        loop.exec();
    }
    QCoreApplication::processEvents();
    // What the application's own loop does after each event: objects whose deleteLater() the week
    // called outside any loop (a document tab closed) go now, not in a heap at the next nested loop.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    return true;
}

// The event loop's lateness in fixed memory: counts in 0.1 ms steps up to kSteps / 10 ms (later ones
// in the last step), the exact maximum apart. (The week's samples kept in lists, about 170,000
// doubles and each day's copy, grew the bench's own memory by some 3 MiB over the week: counted in
// the window's RSS growth that the week measures.)
class LatencyHistogram
{
public:
    void add(double ms)
    {
        ++m_counts[std::size_t(std::clamp(ms * 10, 0.0, double(kSteps)))];
        ++m_n;
        m_max = std::max(m_max, ms);
    }
    qint64 count() const { return m_n; }
    double max() const { return m_max; }
    // The sample bench::percentile() picks (the one at p * count in order), as its 0.1 ms step's
    // upper end (up to 0.1 ms above the sample; the maximum itself for p = 1 and in the last step).
    double percentile(double p) const
    {
        if (m_n == 0)
            return 0;
        const qint64 k = std::min(m_n - 1, qint64(p * double(m_n)));
        qint64 seen = 0;
        for (std::size_t i = 0; i < m_counts.size(); ++i) {
            seen += m_counts[i];
            if (seen > k)
                return i == kSteps ? m_max : std::min(m_max, double(i + 1) / 10);
        }
        return m_max;
    }

private:
    static constexpr std::size_t kSteps = 5000;
    std::vector<quint32> m_counts = std::vector<quint32>(kSteps + 1);
    qint64 m_n = 0;
    double m_max = 0;
};

// The scheduler's account of the thread that made it (/proc/thread-self/schedstat): how long it
// ran on a CPU and how long it was ready but waited for one (the machine's other work: the server,
// the other clerk, this process's own workers). Zeros where the kernel keeps no such account.
class ThreadSchedule
{
public:
    struct Times
    {
        qint64 onCpuNs = 0, waitingNs = 0;
    };
    ThreadSchedule()
        : m_fd(::open("/proc/thread-self/schedstat", O_RDONLY | O_CLOEXEC))
    { }
    ~ThreadSchedule()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    ThreadSchedule(const ThreadSchedule&) = delete;
    ThreadSchedule& operator=(const ThreadSchedule&) = delete;
    bool available() const { return m_fd >= 0 && read().onCpuNs > 0; }
    Times read() const
    {
        char text[96];
        const ssize_t n = m_fd < 0 ? -1 : ::pread(m_fd, text, sizeof text - 1, 0);
        if (n <= 0)
            return {};
        text[n] = 0;
        long long onCpu = 0, waiting = 0;
        if (std::sscanf(text, "%lld %lld", &onCpu, &waiting) != 2)
            return {};
        return { onCpu, waiting };
    }

private:
    int m_fd = -1;
};

// The reference server and the other clerk stand for other machines. On the bench's two shared
// cores they run at niceness kOtherMachineNiceness, so that they take a core when this process
// does not want it: the window's process (its GUI thread, its sync and jobs at normal priority, its
// counting below them) is measured as on a clerk's machine, not as sharing it with the city's
// backend. What the GUI thread still waits for a CPU is printed beside each stall.
inline constexpr int kOtherMachineNiceness = 10;

inline void runAsAnotherMachine(QProcess& process)
{
    process.setChildProcessModifier([] {
        // (In the forked child nothing may be logged; a refusal shows in niceOf()'s figure.)
        errno = 0;
        if (::nice(kOtherMachineNiceness) == -1 && errno != 0)
            return;
    });
}

// A process's niceness, or a negative figure when it cannot be read.
inline int niceOf(qint64 pid)
{
    if (pid <= 0)
        return -100; // (not running: 0 would name this process)
    errno = 0;
    const int n = ::getpriority(PRIO_PROCESS, id_t(pid));
    return errno == 0 ? n : -100;
}

// The GUI thread's stalls: a 5 ms timer whose lateness is recorded while measure(true). Each
// tick's interval (5 ms and the lateness) is also split by the scheduler's account of the GUI
// thread: the time it ran on a CPU and the time it was ready but waited for one (the machine's:
// two shared cores). The lateness less that wait estimates the window's own part (on a CPU, or
// blocked: a lock, a disk read); the account lags by up to a scheduler tick (a few ms).
class StallProbe
{
public:
    struct Stall
    {
        double ms = 0, onCpuMs = 0, waitingMs = 0;
        double ownMs() const { return qMax(0.0, ms - waitingMs); }
    };
    StallProbe()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(5);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            const ThreadSchedule::Times times = m_schedule.read();
            StallStacks::instance().tick();
            if (m_on) {
                Stall s;
                s.ms = qMax(0.0, double(now - m_last) / 1e6 - 5.0);
                s.onCpuMs = double(times.onCpuNs - m_lastTimes.onCpuNs) / 1e6;
                s.waitingMs = double(times.waitingNs - m_lastTimes.waitingNs) / 1e6;
                m_late.add(s.ms);
                m_day.add(s.ms);
                m_lateOwn.add(s.ownMs());
                m_dayOwn.add(s.ownMs());
                if (s.ms > m_worst.value(m_phase).ms)
                    m_worst.insert(m_phase, s);
                if (s.ownMs() > m_worstOwn.value(m_phase).ownMs())
                    m_worstOwn.insert(m_phase, s);
                if (m_log && s.ms >= kLoggedFromMs)
                    std::fprintf(m_log, "%lld %.1f %.1f %.1f %s\n", static_cast<long long>(monotonicNs()), s.ms,
                        s.onCpuMs, s.waitingMs, qPrintable(m_phase));
            }
            m_last = now;
            m_lastTimes = times;
        });
        m_clock.start();
        m_timer.start();
        const QByteArray log = qgetenv("CLERKDESK_WEEK_STALL_LOG");
        if (!log.isEmpty()) {
            m_log = std::fopen(log.constData(), "we"); // (not inherited by the server's process)
            if (m_log)
                std::setvbuf(m_log, nullptr, _IOLBF, 0); // a line per stall, kept if the bench is killed
            if (m_log)
                std::fprintf(m_log,
                    "# end_monotonic_ns stall_ms on_cpu_ms waiting_ms activity (stalls of %.0f ms "
                    "and more; the clock is perf's --clockid monotonic)\n",
                    kLoggedFromMs);
            else
                std::fprintf(stderr, "CLERKDESK_WEEK_STALL_LOG: cannot write %s\n", log.constData());
        }
    }
    ~StallProbe()
    {
        if (m_log)
            std::fclose(m_log);
    }
    StallProbe(const StallProbe&) = delete;
    StallProbe& operator=(const StallProbe&) = delete;
    void measure(bool on, const QString& phase = {})
    {
        m_on = on;
        m_phase = phase;
        m_last = m_clock.nsecsElapsed();
        m_lastTimes = m_schedule.read();
    }
    void phase(const QString& phase)
    {
        m_phase = phase;
        StallStacks::instance().phase(phase);
        PaintCensus::instance().phase(phase);
    }
    bool splits() const { return m_schedule.available(); }
    LatencyHistogram takeDay() { return std::exchange(m_day, {}); }
    // The day's stalls less the GUI thread's wait for a CPU in each.
    LatencyHistogram takeDayOwn() { return std::exchange(m_dayOwn, {}); }
    const LatencyHistogram& all() const { return m_late; }
    const LatencyHistogram& allOwn() const { return m_lateOwn; }
    // Per activity: its longest stall, and its longest less the wait for a CPU.
    const QHash<QString, Stall>& worstByPhase() const { return m_worst; }
    const QHash<QString, Stall>& worstOwnByPhase() const { return m_worstOwn; }

private:
    static constexpr double kLoggedFromMs = 20;
    static qint64 monotonicNs()
    {
        timespec ts {};
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
    }
    std::FILE* m_log = nullptr; // CLERKDESK_WEEK_STALL_LOG: each stall's end, to match with a profile
    QTimer m_timer;
    QElapsedTimer m_clock;
    ThreadSchedule m_schedule; // (made on the GUI thread: its account)
    qint64 m_last = 0;
    ThreadSchedule::Times m_lastTimes;
    bool m_on = false;
    QString m_phase;
    LatencyHistogram m_late, m_day, m_lateOwn, m_dayOwn;
    QHash<QString, Stall> m_worst, m_worstOwn;
};

// Answers the Request menu's dialogs (assign to, new status) with their first choice.
class DialogAnswerer
{
public:
    DialogAnswerer()
    {
        m_timer.setInterval(1);
        QObject::connect(&m_timer, &QTimer::timeout, [] {
            QWidget* modal = QApplication::activeModalWidget();
            if (auto* input = qobject_cast<QInputDialog*>(modal))
                input->accept();
            else if (auto* box = qobject_cast<QMessageBox*>(modal))
                box->done(QMessageBox::Ok);
            else if (auto* other = qobject_cast<QDialog*>(modal); other && !qobject_cast<QProgressDialog*>(other))
                other->reject(); // (a progress dialog belongs to work under way)
        });
    }
    void on(bool active) { active ? m_timer.start() : m_timer.stop(); }

private:
    QTimer m_timer;
};

// The other clerk: this program once more, in a process of its own (its store, its sync and its
// memory are another clerk's machine's, not this window's), who changes requests on the server
// while this window is open. It reads one command a line ("assign ID LOGIN", "-" for nobody) and
// answers "ok" or "failed"; otherClerkMain() is its side.
class OtherClerk
{
public:
    ~OtherClerk() { stop(); }
    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.closeWriteChannel(); // it ends at the end of its input
        if (!m_process.waitForFinished(30000))
            m_process.kill();
    }
    bool start(const QString& path, const QUrl& url)
    {
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        runAsAnotherMachine(m_process);
        m_process.start(
            QCoreApplication::applicationFilePath(), { QStringLiteral("--other-clerk"), path, url.toString() });
        return m_process.waitForStarted(30000) && answer(600000);
    }
    int niceness() const { return niceOf(m_process.processId()); }
    // Brings its copy up to date, hands the request to `assignee` (empty: nobody), sends it.
    bool assign(const QString& requestId, const QString& assignee)
    {
        const QString to = assignee.isEmpty() ? QStringLiteral("-") : assignee;
        m_process.write(QStringLiteral("assign %1 %2\n").arg(requestId, to).toUtf8());
        return answer(600000);
    }

private:
    // Waits (the window's event loop running) for the next answer line.
    bool answer(int timeoutMs)
    {
        if (!waitUntil(
                [this] { return m_process.canReadLine() || m_process.state() == QProcess::NotRunning; }, timeoutMs))
            return false;
        return m_process.readLine().trimmed() == "ok";
    }

    QProcess m_process;
};

// The other clerk's side (bench_week --other-clerk STORE URL): signs in, syncs once, answers "ok",
// then runs the commands on its standard input until it ends.
inline int otherClerkMain(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    Store store(args.value(2));
    auto say = [](bool ok) {
        std::fputs(ok ? "ok\n" : "failed\n", stdout);
        std::fflush(stdout);
        return ok;
    };
    if (!store.create("bench-week-other-clerk")) {
        say(false);
        return 1;
    }
    WaitingSession session(store, QUrl(args.value(3)));
    if (!say(session.signIn(QStringLiteral("admin"), QStringLiteral("demo")) && session.syncOnce()))
        return 1;
    for (std::string line; std::getline(std::cin, line);) {
        const QStringList words = QString::fromStdString(line).split(QLatin1Char(' '));
        if (words.size() != 3 || words[0] != QLatin1String("assign")) {
            say(false);
            continue;
        }
        const QString to = words[2] == QLatin1String("-") ? QString() : words[2];
        say(session.syncOnce() && store.assign(words[1], to, QStringLiteral("admin")) && session.push());
    }
    return 0;
}

// The reference server in its own process (its work is not on this process's GUI thread, and its
// memory not in this RSS), seeded with `requests` requests and their generated PDFs.
class ServerProcess
{
public:
    ~ServerProcess() { stop(); }
    void stop()
    {
        if (m_server.state() == QProcess::NotRunning)
            return;
        m_server.terminate();
        m_server.waitForFinished(10000);
    }
    bool start(const QString& program, const QString& data, int requests, QString* error)
    {
        QDir().mkpath(data);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("CLERKDESK_SERVER_KEY"), QStringLiteral("bench-week-key-0123456789"));
        QProcess seed;
        seed.setProcessEnvironment(env);
        seed.start(program,
            { QStringLiteral("seed"), QStringLiteral("--data"), data, QStringLiteral("--requests"),
                QString::number(requests), QStringLiteral("--log-level"), QStringLiteral("warning") });
        if (!seed.waitForFinished(1800000) || seed.exitCode() != 0) {
            *error = QStringLiteral("seeding failed: ") + QString::fromUtf8(seed.readAllStandardError());
            return false;
        }
        m_server.setProcessEnvironment(env);
        runAsAnotherMachine(m_server);
        m_server.start(program,
            { QStringLiteral("serve"), QStringLiteral("--data"), data, QStringLiteral("--port"), QStringLiteral("0"),
                QStringLiteral("--log-level"), QStringLiteral("warning") });
        if (!m_server.waitForReadyRead(30000)) {
            *error = QStringLiteral("the server did not start");
            return false;
        }
        const auto port
            = QRegularExpression(QStringLiteral(":(\\d+)")).match(QString::fromUtf8(m_server.readAllStandardOutput()));
        m_url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port.captured(1)));
        return true;
    }
    QUrl url() const { return m_url; }
    int niceness() const { return niceOf(m_server.processId()); }

private:
    QProcess m_server;
    QUrl m_url;
};

} // namespace clerk::bench
