// The figures of one simulated day of ./dev bench week, and how they are printed.
#pragma once

#include "BenchUtil.h"
#include "WeekHarness.h"
#include "core/store/Sql.h"

#include <QFile>
#include <QList>
#include <QRegularExpression>
#include <QString>
#include <cstdio>
#include <cstdlib>
#if defined(__GLIBC__)
#include <malloc.h>
#if __GLIBC_PREREQ(2, 33)
#define CLERKDESK_MALLINFO2 1
#endif
#endif

namespace clerk::bench {

struct Day
{
    qint64 rssStartKb = 0, rssEndKb = 0;
    qint64 rssTrimmedKb = 0, trimUs = 0; // after MemoryTrim::trimNow() at the end of the day, and its time
    qint64 rssAfterTrimKb = -1; // after the window's next timed trim at the day's end (-1: none came)
    qint64 heapUsedEndKb = -1; // at the end of the day: what the program holds in malloc'ed blocks (a leak grows it)
    qint64 heapUsedStartKb = -1;
    qint64 heapUsedIdleKb = -1; // after the window's next timed trim: what the day left once the window idled
    // Where the resident set is, at the start and the end of the day: anonymous memory (heaps, arenas,
    // stacks) and mapped files (libraries, fonts).
    qint64 anonStartKb = 0, anonEndKb = 0, filesStartKb = 0, filesEndKb = 0;
    sql::MemoryUse sqliteStart, sqliteEnd, sqliteIdle; // the connections' page caches and statements
    QList<double> search, select, triage, update, open, exportMs;
    LatencyHistogram stalls;
    LatencyHistogram ownStalls; // less the GUI thread's wait for a CPU
    int triageSkipped = 0, updatesNotArrived = 0, selectionLost = 0, scrollLost = 0, exportsFailed = 0;
    int opensFailed = 0;
    double pushSecs = -1;
    int pushed = 0;
    QString outbox;
};

// The bytes the program holds in allocated blocks, all arenas and mapped blocks; -1 without glibc.
inline qint64 heapInUseKb()
{
#if defined(CLERKDESK_MALLINFO2)
    const struct mallinfo2 m = mallinfo2();
    return qint64((m.uordblks + m.hblkhd) / 1024);
#else
    return -1;
#endif
}

// With CLERKDESK_WEEK_SMAPS=<folder>: the process's memory map with each mapping's resident size
// (/proc/self/smaps) written to <folder>/<label>.smaps, and glibc's malloc_info() (each arena's size
// and free blocks) to <folder>/<label>.malloc.xml, to see where a day's growth lives.
// With CLERKDESK_WEEK_EXIT_AT=<label> (day1-start, day1-idle, ... day5-idle) the bench ends there
// without freeing the window: under a heap profiler (heaptrack) what it then reports as not freed is
// what the window held at that moment, by the code that allocated it; two such runs show what a day
// added. `stopOthers` ends what would outlive the process (the server, the other clerk, the temporary
// folder). std::exit, not _Exit: the profiler writes its record in an atexit handler (the window's
// threads still run meanwhile: a crash at that exit is possible, and harmless to the record).
inline bool exitAtIsKnown()
{
    const QString at = qEnvironmentVariable("CLERKDESK_WEEK_EXIT_AT");
    static const QRegularExpression known(QStringLiteral("^day[1-5]-(start|idle)$"));
    return at.isEmpty() || known.match(at).hasMatch();
}
template <typename StopOthers> void exitIfAsked(const QString& label, StopOthers stopOthers)
{
    if (qEnvironmentVariable("CLERKDESK_WEEK_EXIT_AT") != label)
        return;
    std::printf("exiting at %s (CLERKDESK_WEEK_EXIT_AT)\n", qPrintable(label));
    std::fflush(stdout);
    stopOthers();
    std::exit(3); // (not a finished week)
}

inline void snapshotMemoryMap(const QString& label)
{
    const QString folder = qEnvironmentVariable("CLERKDESK_WEEK_SMAPS");
    if (folder.isEmpty())
        return;
    QFile in(QStringLiteral("/proc/self/smaps"));
    QFile out(folder + QLatin1Char('/') + label + QStringLiteral(".smaps"));
    if (!in.open(QIODevice::ReadOnly) || !out.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        std::fprintf(stderr, "memory map %s not written\n", qPrintable(label));
        return;
    }
    out.write(in.readAll());
#if defined(__GLIBC__)
    // And each malloc arena's size and free blocks (which arena holds what a day left behind).
    const QString arenas = folder + QLatin1Char('/') + label + QStringLiteral(".malloc.xml");
    if (FILE* f = std::fopen(QFile::encodeName(arenas).constData(), "w")) {
        malloc_info(0, f);
        std::fclose(f);
    } else {
        std::fprintf(stderr, "malloc_info %s not written\n", qPrintable(label));
    }
#endif
}

inline void printDay(int n, const Day& d)
{
    auto fig = [](const QList<double>& v) {
        return QStringLiteral("%1× median %2 / p95 %3 / max %4 ms")
            .arg(v.size())
            .arg(percentile(v, 0.5), 0, 'f', 1)
            .arg(percentile(v, 0.95), 0, 'f', 1)
            .arg(percentile(v, 1.0), 0, 'f', 1);
    };
    std::printf(
        "day %d: RSS %.1f -> %.1f MiB (%.1f MiB after the window's next trim, %.1f MiB after giving free memory "
        "back once more, which took %.1f ms); stall max %.1f ms, p99 %.1f ms\n",
        n, d.rssStartKb / 1024.0, d.rssEndKb / 1024.0, d.rssAfterTrimKb / 1024.0, d.rssTrimmedKb / 1024.0,
        d.trimUs / 1000.0, d.stalls.max(), d.stalls.percentile(0.99));
    std::printf("  stalls less the GUI thread's wait for a CPU: max %.1f ms, p99 %.1f ms\n", d.ownStalls.max(),
        d.ownStalls.percentile(0.99));
    std::printf("  start -> end: heap in use %.1f -> %.1f MiB, anonymous memory %.1f -> %.1f MiB, mapped files %.1f -> "
                "%.1f MiB\n",
        d.heapUsedStartKb / 1024.0, d.heapUsedEndKb / 1024.0, d.anonStartKb / 1024.0, d.anonEndKb / 1024.0,
        d.filesStartKb / 1024.0, d.filesEndKb / 1024.0);
    if (d.heapUsedIdleKb >= 0)
        std::printf("  idle after the day (the next timed trim): heap in use %.1f MiB, of it SQLite's page caches %.1f "
                    "MiB\n",
            d.heapUsedIdleKb / 1024.0, d.sqliteIdle.pageCacheBytes / 1048576.0);
    std::printf("  start -> end: SQLite page caches %.1f -> %.1f MiB, statements %.1f -> %.1f MiB (%d -> %d "
                "connections)\n",
        d.sqliteStart.pageCacheBytes / 1048576.0, d.sqliteEnd.pageCacheBytes / 1048576.0,
        d.sqliteStart.statementBytes / 1048576.0, d.sqliteEnd.statementBytes / 1048576.0, d.sqliteStart.connections,
        d.sqliteEnd.connections);
    std::printf("  searches    %s\n", qPrintable(fig(d.search)));
    std::printf("  select hit  %s (on the GUI thread)\n", qPrintable(fig(d.select)));
    std::printf("  triage      %s (%d skipped: action disabled)\n", qPrintable(fig(d.triage)), d.triageSkipped);
    std::printf("  live update %s (not arrived %d; selection lost %d, scroll lost %d)\n", qPrintable(fig(d.update)),
        d.updatesNotArrived, d.selectionLost, d.scrollLost);
    std::printf("  doc opens   %s (%d failed)\n", qPrintable(fig(d.open)), d.opensFailed);
    std::printf("  exports     %s (%d failed)\n", qPrintable(fig(d.exportMs)), d.exportsFailed);
    std::printf("  evening sync pass pushing 1,000 changes: %.2f s (%d pushed); outbox after: %s\n", d.pushSecs,
        d.pushed, qPrintable(d.outbox));
    std::fflush(stdout);
}

inline void printWeek(const QList<Day>& days, const StallProbe& probe)
{
    int lostSelection = 0, lostScroll = 0, notArrived = 0, updates = 0;
    for (const Day& d : days) {
        lostSelection += d.selectionLost;
        lostScroll += d.scrollLost;
        notArrived += d.updatesNotArrived;
        updates += int(d.update.size());
    }
    const double growth = 100.0 * double(days.last().rssEndKb - days.first().rssStartKb) / days.first().rssStartKb;
    auto row = [](const QString& measure, const QString& value, const char* target) {
        std::printf("| %-56s | %22s | %-10s |\n", qPrintable(measure), qPrintable(value), target);
    };
    std::printf("\n| %-56s | %22s | %-10s |\n|%s|%s|%s|\n", "measure", "value", "target",
        QByteArray(58, '-').constData(), QByteArray(24, '-').constData(), QByteArray(12, '-').constData());
    for (int i = 0; i < days.size(); ++i)
        row(QStringLiteral("RSS day %1: start -> end, MiB").arg(i + 1),
            QStringLiteral("%1 -> %2")
                .arg(days[i].rssStartKb / 1024.0, 0, 'f', 1)
                .arg(days[i].rssEndKb / 1024.0, 0, 'f', 1),
            "");
    const Day &first = days.first(), &last = days.last();
    auto percent = [](qint64 from, qint64 to) { return QString::number(100.0 * double(to - from) / from, 'f', 1); };
    row(QStringLiteral("RSS growth over the week, %"), QString::number(growth, 'f', 1), "<= 10");
    row(QStringLiteral("  from day 1's end (its caches filled) to day 5's, %"), percent(first.rssEndKb, last.rssEndKb),
        "");
    row(QStringLiteral("  day 1's start to day 5's end after the next trim, %"),
        last.rssAfterTrimKb < 0 ? QStringLiteral("no timed trim") : percent(first.rssStartKb, last.rssAfterTrimKb), "");
    row(QStringLiteral("  after giving free memory back, day 1 -> day 5, %"),
        percent(first.rssTrimmedKb, last.rssTrimmedKb), "");
    row(QStringLiteral("heap in use, end of day 1 -> day 5, MiB"),
        QStringLiteral("%1 -> %2")
            .arg(first.heapUsedEndKb / 1024.0, 0, 'f', 1)
            .arg(last.heapUsedEndKb / 1024.0, 0, 'f', 1),
        "");
    row(QStringLiteral("longest GUI-thread stall, ms"), QString::number(probe.all().max(), 'f', 1), "<= 50");
    row(QStringLiteral("GUI-thread stall p99, ms"), QString::number(probe.all().percentile(0.99), 'f', 1), "");
    const QString notKept = QStringLiteral("(no schedstat)");
    row(QStringLiteral("  longest less its wait for a CPU, ms"),
        probe.splits() ? QString::number(probe.allOwn().max(), 'f', 1) : notKept, "");
    row(QStringLiteral("  p99 less the wait for a CPU, ms"),
        probe.splits() ? QString::number(probe.allOwn().percentile(0.99), 'f', 1) : notKept, "");
    row(QStringLiteral("live updates with the selection lost"),
        QStringLiteral("%1 of %2").arg(lostSelection).arg(updates), "0");
    row(QStringLiteral("live updates with the scroll position lost"),
        QStringLiteral("%1 of %2").arg(lostScroll).arg(updates), "0");
    row(QStringLiteral("live updates that did not arrive as sent"), QString::number(notArrived), "");
    row(QStringLiteral("evening push of 1,000 changes, day 1, s"), QString::number(days.first().pushSecs, 'f', 2), "");
    row(QStringLiteral("evening push of 1,000 changes, day 5, s"), QString::number(days.last().pushSecs, 'f', 2),
        "as day 1");
    std::printf("\nlongest stall per activity, ms (of it on a CPU / waiting for a CPU; the longest less its wait):\n");
    for (auto it = probe.worstByPhase().cbegin(); it != probe.worstByPhase().cend(); ++it) {
        const StallProbe::Stall& own = probe.worstOwnByPhase().value(it.key());
        std::printf("  %-12s %.1f (%.1f / %.1f); %.1f (%.1f / %.1f)\n", qPrintable(it.key()), it.value().ms,
            it.value().onCpuMs, it.value().waitingMs, own.ownMs(), own.onCpuMs, own.waitingMs);
    }
}

} // namespace clerk::bench
