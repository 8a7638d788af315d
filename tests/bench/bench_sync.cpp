// ./dev bench sync [--requests N] [--big M] [--initial-only] [--server-data DIR]: the sync engine against the reference
// server as a separate process on loopback (N seeded requests, default 100,000, without document bytes):
//  - initial sync into an empty SQLCipher store: requests/s end to end (until the inbox is ready,
//    as the app's engine does it) and the client's peak RSS; then the search index the engine
//    builds in slices behind the inbox, and both together;
//  - pushing 1,000 mutations;
//  - end to end: a change on client A, visible on client B after B's sync tick (p50/p95 of 20);
//  - incremental sync of 10,000 changed requests into a store that holds M requests (default
//    1,000,000: the synced ones plus synthetic local ones), pulled by a worker connection as the
//    app's sync thread does, while the window's connection writes one request every 20 ms (a
//    clerk's triage): how long those writes wait, beside the same writes from a connection the
//    sync does not let through (as every connection was before sql::WriteTurns).
// --initial-only stops after the initial sync; --server-data DIR keeps the seeded server's data in
// DIR and reuses it in the next run (seeding takes half a minute).
// Figures only; no assertions.
#include "../common/Waiting.h"
#include "BenchUtil.h"
#include "Synthetic.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <thread>

using namespace clerk;

namespace {

// Resets the peak RSS counter so that each phase reports its own peak.

int fail(const QString& what)
{
    std::fprintf(stderr, "bench sync: %s\n", qPrintable(what));
    return 1;
}

void row(const char* measure, double value, const char* format, const char* target)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, format, value);
    std::printf("| %-58s | %14s | %-14s |\n", measure, buf, target);
}

// A clerk's triage beside a pull: one small write every 20 ms on `c` (from a thread of its own),
// each one's time recorded, until stopped.
class WindowWrites
{
public:
    WindowWrites(sql::Connection& c, const QString& id)
        : m_thread([this, &c, id] {
            while (!m_stop.load()) {
                QElapsedTimer e;
                e.start();
                auto q = c.query("UPDATE requests SET flagged = 1 - flagged WHERE id = ?1");
                if (!q.bindAll(id).exec())
                    ++m_failed;
                m_ms << double(e.nsecsElapsed()) / 1e6;
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
        })
    { }
    QList<double> stop()
    {
        m_stop = true;
        m_thread.join();
        return m_ms;
    }
    int failed() const { return m_failed; }

private:
    std::atomic<bool> m_stop { false };
    int m_failed = 0;
    QList<double> m_ms;
    std::thread m_thread;
};

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    int requests = 100000, big = 1000000;
    const QStringList args = app.arguments();
    if (const qsizetype i = args.indexOf(QStringLiteral("--requests")); i > 0 && i + 1 < args.size())
        requests = args.at(i + 1).toInt();
    if (const qsizetype i = args.indexOf(QStringLiteral("--big")); i > 0 && i + 1 < args.size())
        big = args.at(i + 1).toInt();
    const bool initialOnly = args.contains(QStringLiteral("--initial-only"));
    QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/clerkdesk-bench-sync-XXXXXX"));
    QString data = dir.filePath(QStringLiteral("data"));
    if (const qsizetype i = args.indexOf(QStringLiteral("--server-data")); i > 0 && i + 1 < args.size())
        data = args.at(i + 1);
    const bool seeded = QDir(data).exists() && !QDir(data).isEmpty();
    QDir().mkpath(data);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("CLERKDESK_SERVER_KEY"), QStringLiteral("bench-sync-key-0123456789"));
    std::printf(
        "bench sync: %d requests on the server, %d in the big store; temp %s\n", requests, big, qPrintable(dir.path()));
    std::fflush(stdout);

    // The server seeds and serves in its own process: the client's RSS is the client's alone.
    QElapsedTimer t;
    t.start();
    if (!seeded) {
        QProcess seed;
        seed.setProcessEnvironment(env);
        seed.start(QStringLiteral(CLERKDESK_SERVER_PATH),
            { QStringLiteral("seed"), QStringLiteral("--data"), data, QStringLiteral("--requests"),
                QString::number(requests), QStringLiteral("--no-documents"), QStringLiteral("--log-level"),
                QStringLiteral("warning") });
        if (!seed.waitForFinished(3600000) || seed.exitCode() != 0)
            return fail(QStringLiteral("seeding failed: ") + QString::fromUtf8(seed.readAllStandardError()));
        std::printf("server seeded in %.1f s\n", double(t.elapsed()) / 1000);
    } else {
        std::printf("server data kept from an earlier run: %s\n", qPrintable(data));
    }
    QProcess server;
    server.setProcessEnvironment(env);
    server.start(QStringLiteral(CLERKDESK_SERVER_PATH),
        { QStringLiteral("serve"), QStringLiteral("--data"), data, QStringLiteral("--port"), QStringLiteral("0"),
            QStringLiteral("--log-level"), QStringLiteral("warning") });
    if (!server.waitForReadyRead(30000))
        return fail(QStringLiteral("the server did not start"));
    const auto port
        = QRegularExpression(QStringLiteral(":(\\d+)")).match(QString::fromUtf8(server.readAllStandardOutput()));
    const QUrl url(QStringLiteral("http://127.0.0.1:%1").arg(port.captured(1)));

    // 1. Initial sync into an empty encrypted store.
    Store a(dir.filePath(QStringLiteral("client-a.db")));
    if (!a.create("bench-client-passphrase"))
        return fail(QStringLiteral("no client store"));
    WaitingSession sa(a, url);
    sa.setSearchIndexing(Store::SearchIndexing::Later); // as the app's sync engine does
    if (Status s = sa.signIn(QStringLiteral("admin"), QStringLiteral("demo")); !s)
        return fail(s.errorString());
    const qint64 rssBefore = bench::statusKb("VmRSS:");
    bench::resetPeak();
    const double clientCpu0 = bench::cpuSeconds(), serverCpu0 = bench::cpuSeconds(server.processId());
    t.restart();
    auto initial = sa.syncOnce();
    const double initialSecs = double(t.nsecsElapsed()) / 1e9;
    const double clientCpu = bench::cpuSeconds() - clientCpu0,
                 serverCpu = bench::cpuSeconds(server.processId()) - serverCpu0;
    if (!initial)
        return fail(initial.error().detail);
    const int synced = a.connection().scalar("SELECT count(*) FROM requests")->toInt();
    // Then the search index, in the engine's slices (the inbox works meanwhile).
    t.restart();
    int slices = 0;
    while (true) {
        auto n = a.indexSearchSlice(10000);
        if (!n)
            return fail(n.error().detail);
        if (!n.value())
            break;
        ++slices;
    }
    const double searchSecs = double(t.nsecsElapsed()) / 1e9;
    const qint64 initialPeak = bench::statusKb("VmHWM:");
    if (initialOnly) {
        server.terminate();
        server.waitForFinished(10000);
        std::printf("\n| %-58s | %14s | %-14s |\n", "measure", "value", "target");
        row("initial sync: requests in the store", synced, "%.0f", "");
        row("initial sync: seconds (inbox ready)", initialSecs, "%.1f", "");
        row("initial sync: requests/s end to end", synced / initialSecs, "%.0f", ">= 10,000");
        row("then search index in slices of 10,000, seconds", searchSecs, "%.1f", "");
        row("initial sync incl. search index: requests/s", synced / (initialSecs + searchSecs), "%.0f", "");
        row("client peak RSS during initial sync and index, MiB", initialPeak / 1024.0, "%.1f", "<= 300");
        row("initial sync: client CPU seconds (all threads)", clientCpu, "%.1f", "");
        row("initial sync: server CPU seconds", serverCpu, "%.1f", "");
        return 0;
    }

    // 2. 1,000 mutations (notes on 1,000 requests) pushed.
    QStringList ids;
    {
        auto q = a.connection().query("SELECT id FROM requests ORDER BY rid LIMIT 11000");
        while (q.next())
            ids << q.text(0);
    }
    // The status bar's count of unsent changes and decisions, median of 50 reads.
    auto countMs = [&a]() -> double {
        QList<double> ms;
        for (int i = 0; i < 50; ++i) {
            QElapsedTimer e;
            e.start();
            if (!a.outboxCounts())
                return -1;
            ms << double(e.nsecsElapsed()) / 1e6;
        }
        return bench::percentile(ms, 0.5);
    };
    auto addNotes = [&](int from) -> bool {
        for (int i = from; i < from + 1000 && i < ids.size(); ++i)
            if (!a.addNote(ids.at(i), QStringLiteral("Benchmark-Notiz %1").arg(i), QStringLiteral("admin")))
                return false;
        return true;
    };
    if (!addNotes(0))
        return fail(QStringLiteral("could not add the notes"));
    const double countFreshMs = countMs();
    t.restart();
    auto pushed = sa.push();
    const double pushSecs = double(t.nsecsElapsed()) / 1e9;
    if (!pushed)
        return fail(pushed.error().detail);
    // The same with 200,000 answered changes behind them, as a profile kept them before the
    // history was bounded (the first answered batch trims them, inside its transaction).
    if (!a.connection().exec(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000) "
            "INSERT INTO outbox(mutation_id, kind, op, target_id, base_version, data, created_at, state) "
            "SELECT 'answered-' || i, 'note', 'create', 'n-' || i, 0, '{}', 0, 'applied' FROM n"))
        return fail(QStringLiteral("could not write the answered history"));
    if (!addNotes(0))
        return fail(QStringLiteral("could not add the notes"));
    const double countHistoryMs = countMs();
    t.restart();
    auto pushedBehind = sa.push();
    const double pushBehindSecs = double(t.nsecsElapsed()) / 1e9;
    if (!pushedBehind)
        return fail(pushedBehind.error().detail);
    const double countAfterMs = countMs();
    if (!addNotes(0))
        return fail(QStringLiteral("could not add the notes"));
    t.restart();
    auto pushedAgain = sa.push();
    const double pushAgainSecs = double(t.nsecsElapsed()) / 1e9;
    if (!pushedAgain)
        return fail(pushedAgain.error().detail);

    // 3. End to end: A changes, A syncs, B's tick makes it visible.
    Store b(dir.filePath(QStringLiteral("client-b.db")));
    if (!b.create("bench-client-passphrase"))
        return fail(QStringLiteral("no second client store"));
    WaitingSession sb(b, url);
    if (Status s = sb.signIn(QStringLiteral("admin"), QStringLiteral("demo")); !s || !sb.syncOnce())
        return fail(QStringLiteral("second client did not sync"));
    QList<double> aPass, bTick;
    for (int i = 0; i < 20; ++i) {
        const QString id = ids.at(1000 + i);
        if (!a.assign(id, i % 2 ? QString() : QStringLiteral("admin"), QStringLiteral("admin")))
            return fail(QStringLiteral("could not assign"));
        QElapsedTimer e;
        e.start();
        if (!sa.syncOnce())
            return fail(QStringLiteral("A's sync failed"));
        aPass << double(e.nsecsElapsed()) / 1e6;
        e.restart();
        if (!sb.syncOnce())
            return fail(QStringLiteral("B's sync failed"));
        bTick << double(e.nsecsElapsed()) / 1e6;
        if (b.request(id)->assignee != a.request(id)->assignee)
            return fail(QStringLiteral("the change did not arrive on B"));
    }

    // 4. Incremental: 10,000 requests change on the server (B claims them), A, now holding `big`
    // requests, pulls them.
    const int localRows = qMax(0, big - synced);
    t.restart();
    if (localRows > 0) {
        if (!a.beginBulkImport())
            return fail(QStringLiteral("bulk import"));
        QRandomGenerator g(11);
        QList<Request> batch;
        for (int i = 0; i < localRows; ++i) {
            batch << bench::synthetic(i, g);
            if (batch.size() == 5000 || i + 1 == localRows) {
                if (!a.bulkImport(batch))
                    return fail(QStringLiteral("bulk import"));
                batch.clear();
            }
        }
        if (!a.finishBulkImport())
            return fail(QStringLiteral("bulk import"));
    }
    const double fillSecs = double(t.nsecsElapsed()) / 1e9;
    const int holding = a.connection().scalar("SELECT count(*) FROM requests")->toInt();
    const int changes = qMin(10000, int(ids.size()) - 1100);
    for (int i = 0; i < changes; ++i)
        if (!b.claim(ids.at(1100 + i), QStringLiteral("admin")))
            return fail(QStringLiteral("could not claim"));
    if (!sb.push())
        return fail(QStringLiteral("B's push failed"));
    // The app's sync thread pulls on a worker connection of its own; the window writes on A's.
    Store aw(a.path());
    if (Status s = aw.unlockAsWorker(a.rawKey()); !s)
        return fail(s.error().detail);
    WaitingSession sw(aw, url);
    if (Status s = sw.signIn(QStringLiteral("admin"), QStringLiteral("demo")); !s)
        return fail(s.error().detail);
    const QString triaged = ids.at(2);
    bench::resetPeak();
    t.restart();
    WindowWrites window(a.connection(), triaged);
    auto incremental = sw.pull();
    const double incSecs = double(t.nsecsElapsed()) / 1e9;
    const QList<double> windowMs = window.stop();
    if (!incremental)
        return fail(incremental.error().detail);
    const qint64 incPeak = bench::statusKb("VmHWM:");
    // The same again (2,000 changes), the writes from a connection the sync does not let through.
    const int peerChanges = qMin(2000, changes);
    for (int i = 0; i < peerChanges; ++i)
        if (!b.assign(ids.at(1100 + i), QString(), QStringLiteral("admin")))
            return fail(QStringLiteral("could not release"));
    if (!sb.push())
        return fail(QStringLiteral("B's push failed"));
    auto peerConnection = a.openWorkerConnection();
    if (!peerConnection)
        return fail(peerConnection.error().detail);
    WindowWrites peer(*peerConnection.value(), triaged);
    t.restart();
    auto peerPull = sw.pull();
    const double peerSecs = double(t.nsecsElapsed()) / 1e9;
    const QList<double> peerMs = peer.stop();
    if (!peerPull)
        return fail(peerPull.error().detail);
    if (window.failed() || peer.failed())
        return fail(QStringLiteral("%1 + %2 of the window's writes failed").arg(window.failed()).arg(peer.failed()));
    server.terminate();
    server.waitForFinished(10000);

    std::printf("\n| %-58s | %14s | %-14s |\n", "measure", "value", "target");
    std::printf("|%s|%s|%s|\n", QByteArray(60, '-').constData(), QByteArray(16, '-').constData(),
        QByteArray(16, '-').constData());
    row("initial sync: requests in the store", synced, "%.0f", "");
    row("initial sync: change items pulled", initial->pulled, "%.0f", "");
    row("initial sync: seconds (inbox ready)", initialSecs, "%.1f", "");
    row("initial sync: requests/s end to end", synced / initialSecs, "%.0f", ">= 10,000");
    row("then search index in slices of 10,000, seconds", searchSecs, "%.1f", "");
    row("initial sync incl. search index: requests/s", synced / (initialSecs + searchSecs), "%.0f", "");
    row("client RSS before sync, MiB", rssBefore / 1024.0, "%.1f", "");
    row("client peak RSS during initial sync and index, MiB", initialPeak / 1024.0, "%.1f", "<= 300");
    row("initial sync: client CPU seconds (all threads)", clientCpu, "%.1f", "");
    row("initial sync: server CPU seconds", serverCpu, "%.1f", "");
    row("1,000 mutations pushed, s", pushSecs, "%.2f", "<= 3");
    row("mutations applied", pushed.value(), "%.0f", "");
    row("1,000 pushed with 200,000 answered behind (1st: trims), s", pushBehindSecs, "%.2f", "flat");
    row("1,000 pushed again (history bounded at 1,000), s", pushAgainSecs, "%.2f", "flat");
    row("outbox counts for the status bar, fresh profile, ms", countFreshMs, "%.3f", "");
    row("outbox counts with 200,000 answered + 1,000 unsent, ms", countHistoryMs, "%.3f", "flat");
    row("outbox counts after the trim, ms", countAfterMs, "%.3f", "flat");
    row("A: change + sync pass, p50 ms", bench::percentile(aPass, 0.5), "%.1f", "");
    row("B: sync tick until the change is visible, p50 ms", bench::percentile(bTick, 0.5), "%.1f", "");
    row("B: sync tick until the change is visible, p95 ms", bench::percentile(bTick, 0.95), "%.1f", "<= 2,000");
    row("big store: local rows added (bulk), s", fillSecs, "%.1f", "");
    row("big store: requests held before the incremental sync", holding, "%.0f", "");
    row("incremental: changed requests pulled", incremental.value(), "%.0f", "");
    row("incremental: seconds", incSecs, "%.1f", "");
    row("incremental: requests/s", incremental.value() / incSecs, "%.0f", ">= 3,000");
    row("client peak RSS during the incremental sync, MiB", incPeak / 1024.0, "%.1f", "");
    row("  window's writes meanwhile (one per 20 ms)", windowMs.size(), "%.0f", "");
    row("  their wait for the store, p50 ms", bench::percentile(windowMs, 0.5), "%.1f", "");
    row("  their wait for the store, p95 ms", bench::percentile(windowMs, 0.95), "%.1f", "");
    row("  their wait for the store, max ms", bench::percentile(windowMs, 1.0), "%.1f", "");
    row("peer: 2,000 changes pulled, writes not let through, s", peerSecs, "%.1f", "");
    row("  their writes' wait for the store, p50 ms", bench::percentile(peerMs, 0.5), "%.1f", "");
    row("  their writes' wait for the store, p95 ms", bench::percentile(peerMs, 0.95), "%.1f", "");
    row("  their writes' wait for the store, max ms", bench::percentile(peerMs, 1.0), "%.1f", "");
    return 0;
}
