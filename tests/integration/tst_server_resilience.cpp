// The reference server at its edges, with an encrypted store over real HTTP on loopback:
// - a failing disk or a busy database answers a mutations batch with 503 (Retry-After,
//   problem+json) and keeps nothing of it, so that the same batch applies when sent again; the
//   client keeps such changes "sent" and its next push applies them;
// - creating annotations never decrypts the document they belong to;
// - housekeeping purges expired tokens, old sign-in failures and old mutation answers on a timer,
//   and keeps fresh ones;
// - the server process keeps no copy of its database key once the store is open.
#include "../common/TestCity.h"
#include "../common/TestHttp.h"
#include "../common/Waiting.h"
#include "core/domain/Json.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"
#include "server/Accounts.h"
#include "server/ApiServer.h"
#include "server/Housekeeping.h"
#include "server/Seeder.h"
#include "server/SqlCityStore.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

using namespace clerk;
using namespace clerk::server;
using clerk::testhttp::Client;

namespace {

// How often `needle` occurs in the writable memory of process `pid` (heap, stacks, data segments);
// -1 with `error` set when the memory cannot be read at all.
qint64 occurrencesInMemory(qint64 pid, const QByteArray& needle, QString* error)
{
    QFile maps(QStringLiteral("/proc/%1/maps").arg(pid));
    if (!maps.open(QIODevice::ReadOnly)) {
        *error = maps.errorString();
        return -1;
    }
    const QByteArray mem = QStringLiteral("/proc/%1/mem").arg(pid).toLocal8Bit();
    const int fd = ::open(mem.constData(), O_RDONLY);
    if (fd < 0) {
        *error = QStringLiteral("cannot open %1: %2")
                     .arg(QString::fromLocal8Bit(mem), QString::fromLocal8Bit(strerror(errno)));
        return -1;
    }
    qint64 found = 0, scanned = 0;
    QByteArray buffer;
    for (const QByteArray& line : maps.readAll().split('\n')) {
        const QList<QByteArray> fields = line.simplified().split(' ');
        if (fields.size() < 2 || !fields.at(1).startsWith("rw"))
            continue;
        const QList<QByteArray> range = fields.at(0).split('-');
        bool ok1 = false, ok2 = false;
        const quint64 start = range.value(0).toULongLong(&ok1, 16), end = range.value(1).toULongLong(&ok2, 16);
        if (!ok1 || !ok2 || fields.value(5) == "[vvar]")
            continue;
        // AddressSanitizer maps its shadow as terabytes of writable memory that is never the heap
        // (its heap lies in mappings of ordinary size); reading them would take hours.
        if (end - start > (quint64(64) << 30))
            continue;
        constexpr quint64 kChunk = 8 << 20;
        for (quint64 at = start; at < end; at += kChunk) {
            const quint64 length = qMin(kChunk + quint64(needle.size()), end - at);
            buffer.resize(qsizetype(length));
            const ssize_t got = ::pread(fd, buffer.data(), size_t(length), off_t(at));
            if (got <= 0)
                break;
            scanned += got;
            const QByteArrayView view(buffer.constData(), got);
            for (qsizetype i = view.indexOf(needle); i >= 0 && quint64(i) < kChunk; i = view.indexOf(needle, i + 1))
                ++found;
        }
    }
    ::close(fd);
    if (scanned == 0) {
        *error = QStringLiteral("no memory of process %1 could be read").arg(pid);
        return -1;
    }
    return found;
}

QJsonObject noteMutation(const QString& requestId, const QString& text)
{
    return { { QStringLiteral("mutation_id"), QUuid::createUuid().toString(QUuid::WithoutBraces) },
        { QStringLiteral("kind"), QStringLiteral("note") }, { QStringLiteral("op"), QStringLiteral("create") },
        { QStringLiteral("target_id"), QUuid::createUuid().toString(QUuid::WithoutBraces) },
        { QStringLiteral("base_version"), 0 },
        { QStringLiteral("data"),
            QJsonObject { { QStringLiteral("request_id"), requestId }, { QStringLiteral("text"), text } } } };
}

} // namespace

class TestServerResilience : public QObject
{
    Q_OBJECT
private:
    enum Fault { DiskFull, Busy };

    QByteArray signInAs(const QString& login) { return m_city.signIn(login); }
    qint64 count(const char* sql, const QString& value = {})
    {
        auto q = m_city.sqlite->connection().query(sql);
        if (!value.isNull())
            q.bindAll(value);
        return q.next() ? q.int64(0) : -1;
    }
    // The fault, injected into the server's store: its connection may not grow the database file
    // (SQLITE_FULL, as on a full disk), or a second connection holds the write lock (SQLITE_BUSY).
    void inject(Fault fault)
    {
        if (fault == DiskFull) {
            const qint64 pages = m_city.sqlite->connection().scalar("PRAGMA page_count")->toLongLong();
            QVERIFY(m_city.sqlite->connection().exec(QStringLiteral("PRAGMA max_page_count = %1").arg(pages)));
            return;
        }
        sql::Connection::Options o;
        o.path = m_city.path;
        o.passphrase = kKey;
        auto c = sql::Connection::open(o);
        QVERIFY2(c.ok(), qPrintable(c.error().detail));
        m_locker = std::move(c.value());
        QVERIFY(m_locker->exec("BEGIN IMMEDIATE"));
    }
    void remove(Fault fault)
    {
        if (fault == DiskFull) {
            QVERIFY(m_city.sqlite->connection().exec("PRAGMA max_page_count = 1073741823"));
            return;
        }
        QVERIFY(m_locker->exec("ROLLBACK"));
        m_locker.reset();
    }

    static constexpr char kKey[] = "edges-test-key-0123456789";
    testcity::City m_city;
    std::unique_ptr<sql::Connection> m_locker;
    QString m_request;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(accounts::initialise());
        testcity::Options o;
        o.key = kKey;
        o.highwater = false;
        o.busyTimeoutMs = 300; // a held lock is met quickly
        o.seed.requests = 30;
        o.seed.documents = false;
        const QString failed = m_city.start(o);
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        m_request = m_city.sqlite->connection()
                        .scalar("SELECT id FROM requests WHERE team_id = 'parkraum' ORDER BY id LIMIT 1")
                        ->toString();
        QVERIFY(!m_request.isEmpty());
    }

    void transientFailureAnswers503_data()
    {
        QTest::addColumn<int>("fault");
        QTest::addRow("disk full") << int(DiskFull);
        QTest::addRow("database busy") << int(Busy);
    }
    void transientFailureAnswers503()
    {
        QFETCH(int, fault);
        Client c(m_city.base);
        c.setToken(signInAs(m_city.seed.demoLogins.first()));
        // 40 notes of the longest a note may be: more than the free pages of the file, so that the
        // disk fills in the middle of the batch, after some of it was written.
        QJsonArray batch;
        QStringList ids;
        const QString text = QStringLiteral("Vermerk %1 ").arg(fault).repeated(2000).left(kMaxNoteLength - 2); // (+ i)
        for (int i = 0; i < 40; ++i) {
            batch.append(noteMutation(m_request, text + QString::number(i)));
            ids << batch.last().toObject().value(QLatin1String("mutation_id")).toString();
        }
        const qint64 notesBefore = count("SELECT count(*) FROM notes");
        const qint64 answersBefore = count("SELECT count(*) FROM mutations");
        const qint64 auditBefore = count("SELECT count(*) FROM audit");
        const qint64 seqBefore = m_city.store->lastSeq();

        inject(Fault(fault));
        if (QTest::currentTestFailed())
            return;
        const auto refused = c.postJson(QStringLiteral("/v1/mutations"), { { QStringLiteral("mutations"), batch } },
            QStringLiteral("postMutations"));
        QCOMPARE(refused.status, 503);
        QVERIFY(refused.header("content-type").startsWith("application/problem+json"));
        QCOMPARE(refused.json().value(QLatin1String("status")).toInt(), 503);
        QVERIFY(refused.header("retry-after").toInt() > 0);
        remove(Fault(fault));
        // Nothing of the batch was kept: no note, no remembered answer under any of its ids, no audit.
        QCOMPARE(count("SELECT count(*) FROM notes"), notesBefore);
        QCOMPARE(count("SELECT count(*) FROM mutations"), answersBefore);
        QCOMPARE(count("SELECT count(*) FROM audit"), auditBefore);
        QCOMPARE(m_city.store->lastSeq(), seqBefore);

        // The same batch again, the fault gone: every change applies, once.
        const auto retried = c.postJson(QStringLiteral("/v1/mutations"), { { QStringLiteral("mutations"), batch } },
            QStringLiteral("postMutations"));
        QCOMPARE(retried.status, 200);
        const QJsonArray results = retried.json().value(QLatin1String("results")).toArray();
        QCOMPARE(results.size(), batch.size());
        for (const QJsonValue& r : results)
            QVERIFY2(r.toObject().value(QLatin1String("status")).toString() == QLatin1String("applied"),
                QJsonDocument(r.toObject()).toJson(QJsonDocument::Compact).constData());
        QCOMPARE(count("SELECT count(*) FROM notes"), notesBefore + batch.size());
        QCOMPARE(count("SELECT count(*) FROM audit"), auditBefore + batch.size());
        // And once more: answered from the stored results, nothing applied twice.
        const auto replay = c.postJson(QStringLiteral("/v1/mutations"), { { QStringLiteral("mutations"), batch } });
        QCOMPARE(replay.status, 200);
        QCOMPARE(count("SELECT count(*) FROM notes"), notesBefore + batch.size());
    }

    void clientRetriesAfter503()
    {
        // The real client: its push meets the full disk, keeps the changes "sent" with the error,
        // and its next push (the sync engine's backoff retry) applies them.
        QTemporaryDir dir;
        Store local(dir.filePath(QStringLiteral("client.db")));
        QVERIFY(local.create("edges-client-passphrase"));
        WaitingSession sync(local, QUrl(m_city.base));
        QVERIFY(sync.signIn(m_city.seed.demoLogins.first(), QStringLiteral("demo")));
        QVERIFY(sync.syncOnce().ok());
        const qint64 notesBefore = count("SELECT count(*) FROM notes");
        QStringList noteIds;
        for (int i = 0; i < 30; ++i) {
            auto m = local.addNote(m_request, QStringLiteral("Rückruf vereinbart %1 ").arg(i).repeated(500),
                m_city.seed.demoLogins.first());
            QVERIFY(m.ok());
            noteIds << m->targetId;
        }
        auto outboxIn = [&](const char* states) {
            return local.connection()
                .scalar(QStringLiteral("SELECT count(*) FROM outbox WHERE kind = 'note' AND state IN (%1)")
                        .arg(QLatin1String(states))
                        .toUtf8()
                        .constData())
                ->toInt();
        };
        inject(DiskFull);
        const auto pushed = sync.push();
        QVERIFY(!pushed.ok());
        QCOMPARE(pushed.error().code, Error::Busy); // "ClerkDesk will try again", not a refusal
        QCOMPARE(outboxIn("'sent'"), noteIds.size());
        QCOMPARE(outboxIn("'rejected', 'conflict', 'applied'"), 0);
        QCOMPARE(local.connection()
                     .scalar("SELECT count(*) FROM outbox WHERE state = 'sent' AND coalesce(last_error, '') <> ''")
                     ->toInt(),
            noteIds.size()); // with the error, for the sync problems list
        QCOMPARE(count("SELECT count(*) FROM notes"), notesBefore);
        remove(DiskFull);
        const auto again = sync.push();
        QVERIFY2(again.ok(), qPrintable(again.error().detail));
        QCOMPARE(outboxIn("'pending', 'sent', 'rejected', 'conflict'"), 0);
        QCOMPARE(count("SELECT count(*) FROM notes"), notesBefore + noteIds.size());
        for (const QString& id : std::as_const(noteIds))
            QCOMPARE(count("SELECT count(*) FROM notes WHERE id = ?1", id), 1);
    }

    void annotationsDoNotDecryptTheDocument()
    {
        // A 32 MiB document of the team, and 1,000 annotations on it in one batch. Its content file
        // is moved away meanwhile: a server that reads the document to check access fails on
        // every annotation.
        Service svc;
        for (const Service& s : m_city.store->services())
            if (s.teamId == QLatin1String("parkraum"))
                svc = s;
        QVERIFY(!svc.id.isEmpty());
        Request r;
        r.serviceId = svc.id;
        r.channel = QStringLiteral("portal");
        r.submittedAt = m_city.clock.now();
        r.status = QStringLiteral("received");
        r.applicant.name = QStringLiteral("Großes Gutachten");
        QByteArray big(32 << 20, Qt::Uninitialized);
        QRandomGenerator(7).fillRange(reinterpret_cast<quint32*>(big.data()), big.size() / 4);
        auto filed = m_city.store->fileRequest(r,
            { { QStringLiteral("Gutachten"), QStringLiteral("attachment"), QStringLiteral("application/pdf"), big } },
            QStringLiteral("portal"));
        QVERIFY2(filed.ok(), qPrintable(filed.errorString()));
        const QString documentId = attachmentId(filed->id, 0);
        const QString file = m_city.path + QStringLiteral(".content/") + documentId + QStringLiteral(".cdc");
        QVERIFY(QFileInfo(file).size() > (32 << 20));
        QVERIFY(QFile::rename(file, file + QStringLiteral(".away")));

        QJsonArray batch;
        for (int i = 0; i < 1000; ++i)
            batch.append(
                QJsonObject { { QStringLiteral("mutation_id"), QUuid::createUuid().toString(QUuid::WithoutBraces) },
                    { QStringLiteral("kind"), QStringLiteral("annotation") },
                    { QStringLiteral("op"), QStringLiteral("create") },
                    { QStringLiteral("target_id"), QUuid::createUuid().toString(QUuid::WithoutBraces) },
                    { QStringLiteral("base_version"), 0 },
                    { QStringLiteral("data"),
                        QJsonObject { { QStringLiteral("document_id"), documentId }, { QStringLiteral("page"), i % 40 },
                            { QStringLiteral("type"), QStringLiteral("note") },
                            { QStringLiteral("text"), QStringLiteral("Anmerkung %1").arg(i) } } } });
        Client c(m_city.base);
        c.setToken(signInAs(m_city.seed.demoLogins.first()));
        QElapsedTimer t;
        t.start();
        const auto reply = c.postJson(QStringLiteral("/v1/mutations"), { { QStringLiteral("mutations"), batch } });
        const qint64 ms = t.elapsed();
        QVERIFY(QFile::rename(file + QStringLiteral(".away"), file));
        QCOMPARE(reply.status, 200);
        const QJsonArray results = reply.json().value(QLatin1String("results")).toArray();
        QCOMPARE(results.size(), 1000);
        int applied = 0;
        for (const QJsonValue& v : results)
            applied += v.toObject().value(QLatin1String("status")).toString() == QLatin1String("applied");
        QVERIFY2(applied == 1000,
            qPrintable(QStringLiteral("%1 of 1000 applied; first answer %2")
                    .arg(applied)
                    .arg(QString::fromUtf8(QJsonDocument(results.first().toObject()).toJson(QJsonDocument::Compact)))));
        QCOMPARE(count("SELECT count(*) FROM annotations WHERE document_id = ?1", documentId), 1000);
        qInfo("1,000 annotations on a 32 MiB document: %lld ms", ms);
        // The document itself is as it was.
        const auto download = c.get(QStringLiteral("/v1/documents/%1/content").arg(documentId));
        QCOMPARE(download.status, 200);
        QCOMPARE(QCryptographicHash::hash(download.body, QCryptographicHash::Sha256),
            QCryptographicHash::hash(big, QCryptographicHash::Sha256));
    }

    void housekeepingPurgesOldRows()
    {
        const QDateTime now = m_city.clock.now();
        const QString login = m_city.seed.demoLogins.first();
        auto hash = [](const char* token) { return accounts::tokenHash(QByteArray(token)); };
        QVERIFY(m_city.store->storeToken(hash("expired-token"), login, now.addSecs(-60)));
        QVERIFY(m_city.store->storeToken(hash("revoked-token"), login, now.addSecs(3600)));
        QVERIFY(m_city.store->revokeToken(hash("revoked-token")));
        QVERIFY(m_city.store->storeToken(hash("fresh-token"), login, now.addSecs(3600)));
        QVERIFY(m_city.store->recordFailure(QStringLiteral("account:purge-test"), now.addSecs(-25 * 3600)));
        QVERIFY(m_city.store->recordFailure(QStringLiteral("account:purge-test"), now.addSecs(-3600)));
        // Mutation answers remembered 31 days and 1 day ago, through the real path.
        const Clerk clerk = m_city.store->clerk(login).value();
        auto note = [&](const QDateTime& at) {
            auto m = json::decodeMutation(noteMutation(m_request, QStringLiteral("Aufräumtest")));
            auto r = m_city.store->applyMutations(clerk, { m.value() }, at);
            return r && r->first().status == QLatin1String("applied") ? m.value() : Mutation();
        };
        const Mutation old = note(now.addDays(-31)), recent = note(now.addDays(-1));
        QVERIFY(!old.mutationId.isEmpty() && !recent.mutationId.isEmpty());
        QCOMPARE(count("SELECT count(*) FROM mutations WHERE mutation_id = ?1", old.mutationId), 1);

        // On a timer: once at the start, then every interval.
        Housekeeping housekeeping(*m_city.store, m_city.clock);
        QSignalSpy purged(&housekeeping, &Housekeeping::purged);
        housekeeping.start(200);
        QCOMPARE(purged.size(), 1);
        auto tokenRows = [&](const char* token) {
            auto q = m_city.sqlite->connection().query("SELECT count(*) FROM tokens WHERE hash = ?1");
            q.bindBlob(1, hash(token));
            return q.next() ? q.int64(0) : -1;
        };
        QCOMPARE(tokenRows("expired-token"), 0);
        QCOMPARE(tokenRows("revoked-token"), 0);
        QCOMPARE(tokenRows("fresh-token"), 1);
        QVERIFY(m_city.store->clerkForToken(hash("fresh-token"), now).ok());
        QCOMPARE(
            count("SELECT count(*) FROM login_failures WHERE subject = ?1", QStringLiteral("account:purge-test")), 1);
        QCOMPARE(m_city.store->failuresSince(QStringLiteral("account:purge-test"), now.addSecs(-2 * 3600)), 1);
        QCOMPARE(count("SELECT count(*) FROM mutations WHERE mutation_id = ?1", old.mutationId), 0);
        QCOMPARE(count("SELECT count(*) FROM mutations WHERE mutation_id = ?1", recent.mutationId), 1);
        // A replay of the forgotten id is treated as new, and still applies nothing twice (the note
        // exists under its id); the remembered one is answered as before.
        QCOMPARE(m_city.store->applyMutations(clerk, { old }, now)->first().reason, QStringLiteral("duplicate_id"));
        QCOMPARE(m_city.store->applyMutations(clerk, { recent }, now)->first().status, QStringLiteral("applied"));
        QCOMPARE(count("SELECT count(*) FROM notes WHERE id = ?1", old.targetId), 1);

        // The next round removes what expired since.
        m_city.clock.advanceSecs(2 * 3600);
        QVERIFY(purged.wait(5000));
        QCOMPARE(tokenRows("fresh-token"), 0);
    }

    void serverKeepsNoCopyOfItsKey()
    {
        // The real server process, its key from a file: once it serves, the key is nowhere in its
        // memory (SQLCipher keeps only what it derived from it).
        QTemporaryDir dir;
        QByteArray key = "wipe-" + QByteArray::number(QRandomGenerator::system()->generate64(), 36)
            + QByteArray::number(QRandomGenerator::system()->generate64(), 36);
        const QString keyFile = dir.filePath(QStringLiteral("city.key"));
        {
            QFile f(keyFile);
            QVERIFY(f.open(QIODevice::WriteOnly));
            QVERIFY(f.write(key + '\n') > 0);
        }
        const QString data = dir.filePath(QStringLiteral("data"));
        QProcess seed;
        seed.start(QStringLiteral(CLERKDESK_SERVER_PATH),
            { QStringLiteral("seed"), QStringLiteral("--data"), data, QStringLiteral("--key-file"), keyFile,
                QStringLiteral("--requests"), QStringLiteral("5"), QStringLiteral("--no-documents") });
        QVERIFY(seed.waitForFinished(60000));
        QCOMPARE(seed.exitCode(), 0);
        QProcess serve;
        serve.start(QStringLiteral(CLERKDESK_SERVER_PATH),
            { QStringLiteral("serve"), QStringLiteral("--data"), data, QStringLiteral("--key-file"), keyFile,
                QStringLiteral("--port"), QStringLiteral("0") });
        QVERIFY(serve.waitForReadyRead(20000));
        const QString line = QString::fromUtf8(serve.readAllStandardOutput());
        const auto port = QRegularExpression(QStringLiteral("127\\.0\\.0\\.1:(\\d+)")).match(line);
        QVERIFY2(port.hasMatch(), qPrintable(line));
        Client c(QStringLiteral("http://127.0.0.1:%1").arg(port.captured(1)));
        QCOMPARE(c.get(QStringLiteral("/v1/health")).status, 200);
        QCOMPARE(c.postJson(QStringLiteral("/v1/auth/token"),
                      { { QStringLiteral("login"), QStringLiteral("admin") },
                          { QStringLiteral("password"), QStringLiteral("demo") } })
                     .status,
            200);
        // The scan finds what is there: the data folder's path is in the server's memory.
        QString error;
        QVERIFY2(
            occurrencesInMemory(serve.processId(), QDir(data).filePath(QStringLiteral("city.db")).toUtf8(), &error) > 0,
            qPrintable(error));
        // The checkpointer derives its key on its own thread at start-up; then no copy is left.
        qint64 found = -1;
        QElapsedTimer t;
        t.start();
        const QString wide = QString::fromLatin1(key); // as Qt would hold it in a QString
        const QByteArray utf16(reinterpret_cast<const char*>(wide.utf16()), wide.size() * 2);
        while (t.elapsed() < 10000) {
            found = occurrencesInMemory(serve.processId(), key, &error);
            if (found == 0)
                found = occurrencesInMemory(serve.processId(), utf16, &error);
            if (found == 0)
                break;
            QTest::qWait(200);
        }
        QVERIFY2(found == 0,
            qPrintable(QStringLiteral("the key is %1 times in the server's memory %2").arg(found).arg(error)));
        serve.terminate();
        QVERIFY(serve.waitForFinished(10000));
        sql::wipe(key);
    }
};

QTEST_GUILESS_MAIN(TestServerResilience)
#include "tst_server_resilience.moc"
