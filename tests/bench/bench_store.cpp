// ./dev bench store [--rows N]: the encrypted store against the same schema in plain SQLite, in one
// run, on N synthetic requests (default 1,000,000, ~420 bytes each). Prints medians of repeated
// runs as a table with the SQLCipher/plain ratio, and the query plans of the inbox path.
#include "Synthetic.h"
#include "core/domain/Domain.h"
#include "core/store/Schema.h"
#include "core/store/SearchIndex.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTimeZone>
#include <algorithm>
#include <cstdio>
#include <functional>

using namespace clerk;
using namespace clerk::bench;

namespace {

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v.at(v.size() / 2);
}

double timeMs(const std::function<void()>& f)
{
    QElapsedTimer t;
    t.start();
    f();
    return double(t.nsecsElapsed()) / 1e6;
}

struct Figures
{
    double importRowsPerSec = 0, indexSec = 0, ftsSec = 0;
    double firstCold = 0, firstWarm = 0, nextPage = 0, nextWarm = 0, count = 0, countRows = 0;
    double ftsRare = 0, ftsMedium = 0, ftsCommon = 0, ftsCommonExact = 0, ftsCommonFloor = 0;
    double unlockPass = 0, unlockRaw = 0;
    qint64 fileBytes = 0;
    QStringList plans;
};

void check(const Status& s, const char* what)
{
    if (!s) {
        std::fprintf(stderr, "%s failed: %s\n", what, qPrintable(s.error().detail));
        std::exit(1);
    }
}

constexpr char kFirstPage[] = "SELECT rid, reference, service_id, applicant, submitted_at, due_date, status, assignee, "
                              "channel, attachments FROM requests WHERE status = ?1 ORDER BY due_date, rid LIMIT 200";
constexpr char kNextPage[] = "SELECT rid, reference, service_id, applicant, submitted_at, due_date, status, assignee, "
                             "channel, attachments FROM requests WHERE status = ?1 AND (due_date, rid) > (?2, ?3) "
                             "ORDER BY due_date, rid LIMIT 200";
constexpr char kCount[] = "SELECT count(*) FROM requests WHERE status = ?1";

std::unique_ptr<sql::Connection> openConn(const QString& path, bool cipher, const QByteArray& rawKey)
{
    sql::Connection::Options o;
    o.path = path;
    o.plaintext = !cipher;
    o.rawKey = rawKey;
    auto c = sql::Connection::open(o);
    if (!c) {
        std::fprintf(stderr, "open failed: %s\n", qPrintable(c.error().detail));
        std::exit(1);
    }
    return std::move(c.value());
}

Figures run(const QString& dir, bool cipher, int rows)
{
    Figures f;
    const QString path = QDir(dir).filePath(cipher ? QStringLiteral("cipher.db") : QStringLiteral("plain.db"));
    const QByteArray pass = QByteArrayLiteral("bench-passphrase-2026");
    QByteArray rawKey;
    {
        // Same schema, same code path: the plain file is written by the same Store without a key.
        Store store(path);
        store.setPlaintext(!cipher);
        check(store.create(pass), "create");
        sql::Connection* c = &store.connection();
        QRandomGenerator g(42);
        check(store.beginBulkImport(), "begin");
        qint64 writeNs = 0;
        for (int i = 0; i < rows; i += 500) {
            QList<Request> batch;
            for (int j = i; j < qMin(rows, i + 500); ++j)
                batch << synthetic(j, g);
            QElapsedTimer t;
            t.start();
            check(store.bulkImport(batch), "import");
            writeNs += t.nsecsElapsed();
        }
        f.importRowsPerSec = rows / (double(writeNs) / 1e9);
        QElapsedTimer t;
        t.start();
        for (const char* ddl : schema::inboxIndexes())
            check(c->exec(ddl), "index");
        f.indexSec = double(t.nsecsElapsed()) / 1e9;
        t.restart();
        check(SearchIndex(*c).rebuild(), "fts");
        f.ftsSec = double(t.nsecsElapsed()) / 1e9;
        check(store.setMeta(QStringLiteral("bulk_import_pending"), QStringLiteral("0")), "meta");
        check(c->exec("ANALYZE"), "analyze");
        check(c->exec("PRAGMA wal_checkpoint(TRUNCATE)"), "checkpoint");
        rawKey = store.rawKey();
    }
    f.fileBytes = QFileInfo(path).size();

    // Unlock: the passphrase's KDF, and the raw key from the keyring.
    QList<double> pass_, raw_;
    for (int i = 0; i < 5; ++i) {
        if (cipher) {
            pass_ << timeMs([&] {
                Store s(path);
                check(s.unlock(pass), "unlock");
            });
            raw_ << timeMs([&] {
                Store s(path);
                check(s.unlockWithKey(rawKey), "unlock raw");
            });
        } else {
            raw_ << timeMs([&] { openConn(path, false, {}); });
        }
    }
    f.unlockPass = median(pass_);
    f.unlockRaw = median(raw_);

    // Inbox: first page cold (fresh connection: empty page cache) and warm, next page, count.
    const QString status = QStringLiteral("in_progress");
    QList<double> cold, warm, next, count, rare, medium, common, commonExact, commonFloor;
    for (int i = 0; i < 7; ++i) {
        auto c = openConn(path, cipher, rawKey);
        cold << timeMs([&] {
            auto q = c->query(kFirstPage);
            q.bindAll(status);
            while (q.next()) { }
        });
    }
    auto c = openConn(path, cipher, rawKey);
    qint64 lastDue = 0, lastRid = 0;
    for (int i = 0; i < 21; ++i) {
        warm << timeMs([&] {
            auto q = c->query(kFirstPage);
            q.bindAll(status);
            while (q.next()) {
                lastDue = q.int64(5);
                lastRid = q.int64(0);
            }
        });
    }
    const qint64 page2Due = lastDue, page2Rid = lastRid;
    QList<double> nextWarm;
    for (int i = 0; i < 21; ++i) {
        nextWarm << timeMs([&] {
            auto q = c->query(kNextPage);
            q.bindAll(status, page2Due, page2Rid);
            while (q.next()) { }
        });
    }
    for (int i = 0; i < 21; ++i) {
        qint64 due = lastDue, rid = lastRid;
        next << timeMs([&] {
            auto q = c->query(kNextPage);
            q.bindAll(status, due, rid);
            while (q.next()) {
                lastDue = q.int64(5);
                lastRid = q.int64(0);
            }
        });
    }
    for (int i = 0; i < 7; ++i) {
        count << timeMs([&] {
            auto q = c->query(kCount);
            q.bindAll(status);
            if (q.next())
                f.countRows = double(q.int64(0));
        });
    }
    SearchIndex index(*c);
    for (int i = 0; i < 7; ++i) {
        rare << timeMs([&] { (void)index.search(kRare, 50); });
        medium << timeMs([&] { (void)index.search(kMedium, 50); });
        common << timeMs([&] { (void)index.search(QStringLiteral("stuttgart"), 50); });
        commonExact << timeMs([&] { (void)index.search(QStringLiteral("stuttgart "), 50); });
        commonFloor << timeMs([&] {
            auto q = c->query(
                "SELECT rowid FROM request_fts WHERE request_fts MATCH ?1 ORDER BY rowid DESC LIMIT 1 OFFSET 999");
            q.bindAll(QStringLiteral("\"stuttgart\"*"));
            while (q.next()) { }
        });
    }
    f.firstCold = median(cold);
    f.firstWarm = median(warm);
    f.nextPage = median(next);
    f.nextWarm = median(nextWarm);
    f.count = median(count);
    f.ftsRare = median(rare);
    f.ftsMedium = median(medium);
    f.ftsCommon = median(common);
    f.ftsCommonExact = median(commonExact);
    f.ftsCommonFloor = median(commonFloor);

    for (const char* sql : { kFirstPage, kNextPage, kCount }) {
        auto q = c->query(QByteArray("EXPLAIN QUERY PLAN ") + sql);
        q.bindAll(status, qint64(0), qint64(0));
        QStringList steps;
        while (q.next())
            steps << q.text(3);
        f.plans << QStringLiteral("%1\n      → %2")
                       .arg(QString::fromLatin1(sql).left(90), steps.join(QStringLiteral("; ")));
    }
    return f;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    int rows = 1000000;
    const QStringList args = app.arguments();
    if (const qsizetype i = args.indexOf(QStringLiteral("--rows")); i > 0 && i + 1 < args.size())
        rows = args.at(i + 1).toInt();
    QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/clerkdesk-bench-XXXXXX"));
    std::printf("bench store: %d synthetic requests; temp %s\n", rows, qPrintable(dir.path()));
    std::fflush(stdout);
    const Figures plain = run(dir.path(), false, rows);
    std::printf("plain SQLite done\n");
    std::fflush(stdout);
    const Figures cipher = run(dir.path(), true, rows);

    auto row = [](const char* what, double p, double c, const char* unit, const char* target) {
        std::printf(
            "| %-44s | %10.2f | %10.2f | %5.2fx | %-6s | %-22s |\n", what, p, c, p > 0 ? c / p : 0.0, unit, target);
    };
    std::printf("\n| %-44s | %10s | %10s | %6s | %-6s | %-22s |\n", "measure (median)", "plain", "SQLCipher", "ratio",
        "unit", "target (SQLCipher)");
    std::printf("|%s|%s|%s|%s|%s|%s|\n", "----------------------------------------------", "------------",
        "------------", "--------", "--------", "------------------------");
    row("bulk import (requests + bodies)", plain.importRowsPerSec, cipher.importRowsPerSec, "rows/s", ">= 0.5x plain");
    row("build inbox indexes", plain.indexSec, cipher.indexSec, "s", "");
    row("build FTS index", plain.ftsSec, cipher.ftsSec, "s", "");
    row("first page, status+due, 200 rows, cold", plain.firstCold, cipher.firstCold, "ms", "<= 20 ms");
    row("first page, warm", plain.firstWarm, cipher.firstWarm, "ms", "<= 2 ms, <= 1.5x");
    row("next page (keyset), warm", plain.nextWarm, cipher.nextWarm, "ms", "<= 2 ms, <= 1.5x");
    row("scrolling on: each next page new (cold-ish)", plain.nextPage, cipher.nextPage, "ms", "<= 2 ms");
    row("count for a view", plain.count, cipher.count, "ms", "");
    row("search, rare term, first page", plain.ftsRare, cipher.ftsRare, "ms", "<= 50 ms");
    row("search, ~1% term, first page", plain.ftsMedium, cipher.ftsMedium, "ms", "<= 50 ms");
    row("search, term in every row, first page", plain.ftsCommon, cipher.ftsCommon, "ms", "<= 50 ms");
    row("  same, word finished (exact term)", plain.ftsCommonExact, cipher.ftsCommonExact, "ms", "<= 50 ms");

    row("unlock with raw key (plain: open)", plain.unlockRaw, cipher.unlockRaw, "ms", "<= 20 ms");
    std::printf("| %-44s | %10s | %10.2f | %6s | %-6s | %-22s |\n", "unlock with passphrase (KDF)", "-",
        cipher.unlockPass, "", "ms", "<= 600 ms");
    std::printf("| %-44s | %10.1f | %10.1f | %5.2fx | %-6s | %-22s |\n", "file size", plain.fileBytes / 1048576.0,
        cipher.fileBytes / 1048576.0, double(cipher.fileBytes) / double(qMax<qint64>(1, plain.fileBytes)), "MiB", "");
    std::printf("\nrows counted by the view: %.0f\n\nquery plans (SQLCipher):\n", cipher.countRows);
    for (const QString& p : cipher.plans)
        std::printf("  %s\n", qPrintable(p));
    return 0;
}
