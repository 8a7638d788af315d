// Helpers shared by the benchmarks: this process's memory from /proc, resetting the peak between
// phases, timing a step, percentiles.
#pragma once

#include <QElapsedTimer>
#include <QFile>
#include <QList>

#include <algorithm>
#include <functional>

namespace clerk::bench {

// A field of /proc/PID/status in KiB ("VmHWM:", "VmRSS:"); -1 when unknown.
inline qint64 statusKb(const char* field, qint64 pid = 0)
{
    QFile f(pid > 0 ? QStringLiteral("/proc/%1/status").arg(pid) : QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : f.readAll().split('\n'))
        if (line.startsWith(field))
            return line.mid(qstrlen(field)).trimmed().split(' ').first().toLongLong();
    return -1;
}

// Resets VmHWM so that each phase reports its own peak.
inline void resetPeak()
{
    QFile f(QStringLiteral("/proc/self/clear_refs"));
    if (f.open(QIODevice::WriteOnly))
        f.write("5");
}

inline double ms(const std::function<void()>& f)
{
    QElapsedTimer t;
    t.start();
    f();
    return double(t.nsecsElapsed()) / 1e6;
}

inline double percentile(QList<double> v, double p)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v.at(qMin(v.size() - 1, qsizetype(p * double(v.size()))));
}

} // namespace clerk::bench
