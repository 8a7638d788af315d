// The encrypted store on a real SQLCipher file: unlock, wrong passphrase, no plaintext,
// migrations, rekey, outbox atomicity, notifications, second connection, faults.
#include "../common/TestData.h"
#include "core/store/Checkpointer.h"
#include "core/store/DocumentCache.h"
#include "core/store/Schema.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace clerk;

namespace {
const QByteArray kPass = QByteArrayLiteral("Korrekt-Pferd-Batterie-42");

QByteArray fileHash(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return "<missing>";
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex();
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
} // namespace

class TestStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_dir.reset(new QTemporaryDir);
        m_path = m_dir->filePath(QStringLiteral("profile.db"));
    }

    void createUnlockRoundTrip();
    void wrongPassphraseChangesNothing();
    void refusesPlaintextDatabase();
    void noPlaintextReachesDisk();
    void rawKeyUnlocksQuickly();
    void changePassphraseIsAtomic();
    void interruptedRekeyLeavesOldFile();
    void schemaTooNewIsRefused();
    void migratesFromV1Fixture();
    void outboxAndLocalEffectInOneTransaction();
    void outboxIsAQueueReadByState();
    void invalidTransitionIsRefused();
    void notificationsAfterCommit();
    void workerConnectionWritesWhileGuiReads();
    void joinedTransactionFailsTheEnclosingOne();
    void diskFullRollsBack();
    void corruptFileGivesClearError();
    void truncatedFileIsKept();
    void bulkImportBuildsIndexesAfterwards();
    void interruptedBulkImportIsHealed();
    void searchIndexBuiltLaterInSlices();
    void walIsCheckpointedBesideTheCommits();
    void upsertWritesWhatChangedAndKeepsSearchRight();

private:
    Store& openFresh()
    {
        m_store.reset(new Store(m_path));
        const Status s = m_store->create(kPass);
        if (!s)
            qFatal("create failed: %s", qPrintable(s.error().detail));
        return *m_store;
    }
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Store> m_store;
    QString m_path;
};

void TestStore::createUnlockRoundTrip()
{
    Store& s = openFresh();
    QVERIFY(s.isUnlocked());
    QCOMPARE(s.schemaVersion(), 6);
    QVERIFY(s.upsertServices({ testdata::parkingService() }));
    QVERIFY(s.upsertRequests(
        { testdata::request(1, QStringLiteral("Ayşe Yılmaz")), testdata::request(2, QStringLiteral("Jürgen Weiß")) }));
    s.lock();
    QVERIFY(!s.isUnlocked());
    QVERIFY(s.unlock(kPass));
    auto r = s.request(QStringLiteral("req-000002"));
    QVERIFY2(r.ok(), qPrintable(r.error().detail));
    QCOMPARE(r->applicant.name, QStringLiteral("Jürgen Weiß"));
    QCOMPARE(r->reference, QStringLiteral("STU-2026-000002"));
    QCOMPARE(r->fileNumber, QStringLiteral("32.30-0002/2026"));
    QCOMPARE(r->dueDate, QDate(2026, 12, 2));
    QCOMPARE(r->form.value(QLatin1String("plate")).toString(), QStringLiteral("S-CD 2"));
    auto svc = s.service(QStringLiteral("bewohnerparken"));
    QVERIFY(svc.ok());
    QCOMPARE(svc->transitions.size(), 7);
    QVERIFY(!s.request(QStringLiteral("nope")).ok());
}

void TestStore::wrongPassphraseChangesNothing()
{
    openFresh().upsertRequests({ testdata::request(1, QStringLiteral("Maria Rossi")) }).ok();
    m_store->lock();
    const QByteArray before = fileHash(m_path);
    const bool walBefore = QFile::exists(m_path + QStringLiteral("-wal"));
    Store s(m_path);
    const Status st = s.unlock("falsches-passwort");
    QVERIFY(!st);
    QCOMPARE(st.error().code, Error::WrongPassphrase);
    QVERIFY(st.errorString().contains(QLatin1String("passphrase"))
        || st.errorString().contains(QLatin1String("Passphrase")));
    QVERIFY(!s.isUnlocked());
    QCOMPARE(fileHash(m_path), before);
    QCOMPARE(QFile::exists(m_path + QStringLiteral("-wal")), walBefore);
    // And the right one still works afterwards.
    QVERIFY(s.unlock(kPass));
}

void TestStore::refusesPlaintextDatabase()
{
    sql::Connection::Options o;
    o.path = m_path;
    o.plaintext = true;
    o.create = true;
    {
        auto c = sql::Connection::open(o);
        QVERIFY(c.ok());
        QVERIFY(c.value()->exec("CREATE TABLE t(x); INSERT INTO t VALUES ('Klartext')"));
    }
    const QByteArray before = fileHash(m_path);
    Store s(m_path);
    const Status st = s.unlock(kPass);
    QCOMPARE(st.error().code, Error::NotEncrypted);
    QCOMPARE(fileHash(m_path), before);
    QVERIFY(QFile::exists(m_path)); // never silently deleted or recreated
}

void TestStore::noPlaintextReachesDisk()
{
    Store& s = openFresh();
    QVERIFY(s.upsertServices({ testdata::parkingService() }));
    QList<Request> rs;
    for (int i = 0; i < 200; ++i)
        rs << testdata::request(i, QStringLiteral("Zyprianowski-Quäntchen %1").arg(i), QStringLiteral("Xylophonweg 9"));
    QVERIFY(s.upsertRequests(rs));
    QVERIFY(
        s.addNote(
             QStringLiteral("req-000007"), QStringLiteral("Vermerk Plumbaginaceae geprüft"), QStringLiteral("mueller"))
            .ok());
    const QList<QByteArray> secrets { QByteArrayLiteral("Zyprianowski"), QByteArrayLiteral("Xylophonweg"),
        QByteArrayLiteral("Plumbaginaceae"), QByteArrayLiteral("STU-2026-000042"),
        QStringLiteral("Zyprianowski").toUtf8() };
    auto check = [&](const char* when) {
        for (const QString& suffix : { QString(), QStringLiteral("-wal"), QStringLiteral("-shm") }) {
            const QByteArray bytes = readAll(m_path + suffix);
            for (const QByteArray& secret : secrets) {
                QVERIFY2(!bytes.contains(secret),
                    qPrintable(QStringLiteral("%1 found in %2 (%3)")
                            .arg(QString::fromUtf8(secret), suffix, QLatin1String(when))));
                const QByteArray utf16(
                    reinterpret_cast<const char*>(QString::fromUtf8(secret).utf16()), secret.size() * 2);
                QVERIFY(!bytes.contains(utf16));
            }
        }
    };
    check("while open");
    QVERIFY(readAll(m_path + QStringLiteral("-wal")).size() > 0); // the WAL really holds the data
    s.lock();
    check("after close");
    QVERIFY(!sql::Connection::looksLikePlainSqlite(m_path));
}

void TestStore::rawKeyUnlocksQuickly()
{
    Store& s = openFresh();
    QVERIFY(s.upsertRequests({ testdata::request(1, QStringLiteral("Nikos Papadopoulos")) }));
    const QByteArray key = s.rawKey();
    QCOMPARE(key.size(), 48);
    QCOMPARE(key.mid(32), sql::Connection::fileSalt(m_path));
    s.lock();
    QVERIFY(s.rawKey().isEmpty()); // wiped on lock
    QVERIFY(s.unlockWithKey(key));
    QVERIFY(s.request(QStringLiteral("req-000001")).ok());
    s.lock();
    QByteArray wrong = key;
    wrong[0] = char(wrong[0] ^ 0x5a);
    const Status st = s.unlockWithKey(wrong);
    QCOMPARE(st.error().code, Error::WrongPassphrase);
}

void TestStore::changePassphraseIsAtomic()
{
    Store& s = openFresh();
    QVERIFY(s.upsertRequests({ testdata::request(1, QStringLiteral("Emre Kaya")) }));
    const QByteArray newPass = QByteArrayLiteral("Neue-Passphrase-2026!");
    QVERIFY(s.changePassphrase(newPass));
    QVERIFY(s.isUnlocked());
    QVERIFY(s.request(QStringLiteral("req-000001")).ok());
    s.lock();
    QCOMPARE(s.unlock(kPass).error().code, Error::WrongPassphrase);
    QVERIFY(s.unlock(newPass));
    QCOMPARE(s.schemaVersion(), 6);
    QCOMPARE(s.request(QStringLiteral("req-000001"))->applicant.name, QStringLiteral("Emre Kaya"));
    QVERIFY(!QFile::exists(m_path + QStringLiteral(".rekey")));
}

void TestStore::interruptedRekeyLeavesOldFile()
{
    Store& s = openFresh();
    QVERIFY(s.upsertRequests({ testdata::request(1, QStringLiteral("Ivana Kovačević")) }));
    s.lock();
    // A crash in the middle of changePassphrase() leaves a half-written copy beside the file.
    QFile half(m_path + QStringLiteral(".rekey"));
    QVERIFY(half.open(QIODevice::WriteOnly));
    half.write(QByteArray(10000, '\x42'));
    half.close();
    QVERIFY(s.unlock(kPass));
    QCOMPARE(s.request(QStringLiteral("req-000001"))->applicant.name, QStringLiteral("Ivana Kovačević"));
    QVERIFY(!QFile::exists(m_path + QStringLiteral(".rekey")));
}

void TestStore::schemaTooNewIsRefused()
{
    openFresh();
    QVERIFY(m_store->connection().exec("PRAGMA user_version = 99"));
    m_store->lock();
    const QByteArray before = fileHash(m_path);
    Store s(m_path);
    const Status st = s.unlock(kPass);
    QCOMPARE(st.error().code, Error::SchemaTooNew);
    QVERIFY(st.errorString().contains(QLatin1String("99")));
    QVERIFY(!s.isUnlocked());
    QCOMPARE(fileHash(m_path), before);
}

void TestStore::migratesFromV1Fixture()
{
    // tests/data/store-v1.db was written by schema v1 (see tests/data/README.md).
    const QString fixture = QStringLiteral(CLERKDESK_SOURCE_DIR "/tests/data/store-v1.db");
    QVERIFY(QFile::exists(fixture));
    QVERIFY(QFile::copy(fixture, m_path));
    QFile::setPermissions(m_path, QFile::ReadOwner | QFile::WriteOwner);
    Store s(m_path);
    QVERIFY(s.unlock("fixture-passphrase-v1"));
    QCOMPARE(s.schemaVersion(), 6);
    // The sort indexes of schema 3 came with the migration.
    QCOMPARE(
        s.connection()
            .scalar(
                "SELECT count(*) FROM sqlite_schema WHERE name IN ('requests_reference', 'requests_unassigned_due')")
            ->toInt(),
        2);
    auto r = s.request(QStringLiteral("req-000003"));
    QVERIFY2(r.ok(), qPrintable(r.error().detail));
    QCOMPARE(r->applicant.name, QStringLiteral("Hannelore Schäfer"));
    QVERIFY(s.connection().exec("INSERT INTO saved_views(name, query) VALUES ('Baumschutz', 'Linde')"));
    QCOMPARE(s.outbox().all().value().size(), 1); // the v1 outbox entry survived
}

void TestStore::outboxAndLocalEffectInOneTransaction()
{
    Store& s = openFresh();
    QVERIFY(s.upsertServices({ testdata::parkingService() }));
    QVERIFY(s.upsertRequests({ testdata::request(1, QStringLiteral("Lena Wagner")) }));
    auto m = s.changeStatus(QStringLiteral("req-000001"), QStringLiteral("in_progress"), QStringLiteral("mueller"));
    QVERIFY2(m.ok(), qPrintable(m.errorString()));
    QCOMPARE(s.request(QStringLiteral("req-000001"))->status, QStringLiteral("in_progress"));
    const QList<Mutation> out = s.outbox().all().value();
    QCOMPARE(out.size(), 1);
    QCOMPARE(out.first().mutationId, m->mutationId);
    QCOMPARE(out.first().baseVersion, 1);
    QCOMPARE(out.first().data.value(QLatin1String("status")).toString(), QStringLiteral("in_progress"));
    QCOMPARE(s.timeline().of(QStringLiteral("req-000001")).value().size(), 1);

    // A local effect that fails leaves neither the effect nor the outbox entry.
    Mutation bad;
    bad.kind = QStringLiteral("request");
    bad.op = QStringLiteral("flag");
    bad.targetId = QStringLiteral("req-000001");
    auto r = s.recordChange(bad, [](sql::Connection& c) -> Status {
        if (Status st = c.exec("UPDATE requests SET flagged = 1"); !st)
            return st;
        return Error { Error::Invalid, QStringLiteral("injected"), {} };
    });
    QVERIFY(!r.ok());
    QCOMPARE(s.outbox().all().value().size(), 1);
    QCOMPARE(s.connection().scalar("SELECT sum(flagged) FROM requests")->toInt(), 0);

    Store::Answer conflict;
    conflict.mutationId = m->mutationId;
    conflict.kind = m->kind;
    conflict.targetId = m->targetId;
    conflict.state = Mutation::State::Conflict;
    conflict.error = QStringLiteral("changed on server");
    conflict.serverState = { { QStringLiteral("status"), QStringLiteral("waiting") } };
    QVERIFY(s.recordAnswers({ conflict }));
    QCOMPARE(s.outbox().all().value().first().state, Mutation::State::Conflict);
    QCOMPARE(s.outbox().all().value().first().serverState.value(QLatin1String("status")).toString(),
        QStringLiteral("waiting"));
}

void TestStore::outboxIsAQueueReadByState()
{
    Store& s = openFresh();
    QVERIFY(s.upsertServices({ testdata::parkingService() }));
    QVERIFY(s.upsertRequests({ testdata::request(1, QStringLiteral("Lena Wagner")),
        testdata::request(2, QStringLiteral("Jürgen Weiß")), testdata::request(3, QStringLiteral("Ayşe Yılmaz")) }));
    auto insertAnswered = [&](int from, int to) {
        auto q = s.connection().query(
            "WITH RECURSIVE n(i) AS (SELECT ?1 UNION ALL SELECT i + 1 FROM n WHERE i < ?2) "
            "INSERT INTO outbox(mutation_id, kind, op, target_id, base_version, data, created_at, "
            "state) SELECT 'answered-' || i, 'note', 'create', 'n-' || i, 0, '{}', 0, 'applied' FROM n");
        return q.bindAll(from, to).exec();
    };
    // Years of answered changes first, then today's work behind them.
    QVERIFY(insertAnswered(1, 5000));
    auto status
        = s.changeStatus(QStringLiteral("req-000001"), QStringLiteral("in_progress"), QStringLiteral("mueller"));
    auto note = s.addNote(QStringLiteral("req-000002"), QStringLiteral("Halterabfrage"), QStringLiteral("mueller"));
    auto claim = s.claim(QStringLiteral("req-000003"), QStringLiteral("mueller"));
    QVERIFY(status && note && claim);
    QCOMPARE(s.outboxCounts()->unsent, 3);
    QCOMPARE(s.outboxCounts()->decisions(), 0);
    const QList<Mutation> unsent = s.outboxPart(Store::OutboxPart::Unsent, 100).value();
    QCOMPARE(unsent.size(), 3);
    QCOMPARE(unsent.at(0).mutationId, status->mutationId); // oldest first
    QCOMPARE(unsent.at(2).mutationId, claim->mutationId);
    QCOMPARE(s.outboxPart(Store::OutboxPart::Unsent, 2)->size(), 2);

    QVERIFY(s.markSent(unsent));
    QCOMPARE(s.outboxCounts()->unsent, 3); // sent, not answered: still unsent
    QCOMPARE(s.outbox().all(10000).value().last().state, Mutation::State::Sent);
    QCOMPARE(s.outbox().all(10000).value().last().attempts, 1);

    // The answers of a batch go in one transaction: a failure in the last leaves all three "sent".
    auto answer = [](const Mutation& m, Mutation::State state, qint64 version) {
        Store::Answer a;
        a.mutationId = m.mutationId;
        a.kind = m.kind;
        a.targetId = m.targetId;
        a.state = state;
        a.version = version;
        if (state != Mutation::State::Applied) {
            a.error = QStringLiteral("changed on the server");
            a.serverState = { { QStringLiteral("status"), QStringLiteral("waiting") } };
        }
        return a;
    };
    const QList<Store::Answer> answers { answer(unsent.at(1), Mutation::State::Conflict, 0),
        answer(unsent.at(2), Mutation::State::Rejected, 0), answer(unsent.at(0), Mutation::State::Applied, 7) };
    QVERIFY(s.connection().exec("CREATE TEMP TRIGGER refuse BEFORE UPDATE OF version ON requests "
                                "BEGIN SELECT RAISE(ABORT, 'injected'); END"));
    QVERIFY(!s.recordAnswers(answers).ok());
    QCOMPARE(s.outboxCounts()->unsent, 3);
    QCOMPARE(s.outboxCounts()->decisions(), 0);
    QCOMPARE(s.connection().scalar("SELECT count(*) FROM outbox WHERE state = 'applied'")->toInt(), 5000);
    QVERIFY(s.connection().exec("DROP TRIGGER refuse"));

    QVERIFY(s.recordAnswers(answers));
    QCOMPARE(s.outboxCounts()->unsent, 0);
    QCOMPARE(s.outboxCounts()->conflicts, 1);
    QCOMPARE(s.outboxCounts()->rejected, 1);
    QCOMPARE(s.request(QStringLiteral("req-000001"))->version, 7);
    // The applied history keeps its newest entries only; the answered status change is the newest.
    QCOMPARE(
        s.connection().scalar("SELECT count(*) FROM outbox WHERE state = 'applied'")->toInt(), Store::kAppliedKept);
    QCOMPARE(s.connection()
                 .scalar("SELECT mutation_id FROM outbox WHERE state = 'applied' ORDER BY seq DESC LIMIT 1")
                 ->toString(),
        status->mutationId);
    // Problems of a request: by target, and by the request a note belongs to.
    QCOMPARE(s.outbox().problemsOf(QStringLiteral("req-000002")).value().size(), 1);
    QCOMPARE(s.outbox().problemsOf(QStringLiteral("req-000002")).value().first().state, Mutation::State::Conflict);
    QCOMPARE(s.outbox().problemsOf(QStringLiteral("req-000003")).value().first().state, Mutation::State::Rejected);
    QVERIFY(s.outbox().problemsOf(QStringLiteral("req-000001")).value().isEmpty());
    QCOMPARE(s.outboxPart(Store::OutboxPart::Decisions, 100)->size(), 2);
    QCOMPARE(s.outboxPart(Store::OutboxPart::Open, 100)->size(), 2);

    // A profile that kept everything before this build is trimmed when it is unlocked.
    QVERIFY(insertAnswered(10001, 13000));
    s.lock();
    QVERIFY(s.unlock(kPass));
    QCOMPARE(
        s.connection().scalar("SELECT count(*) FROM outbox WHERE state = 'applied'")->toInt(), Store::kAppliedKept);
    // The newest 1,000 stay: answered-12001 … answered-13000.
    QCOMPARE(s.connection().scalar("SELECT min(mutation_id) FROM outbox WHERE state = 'applied'")->toString(),
        QStringLiteral("answered-12001"));
    QCOMPARE(s.outboxCounts()->decisions(), 2); // nothing but answered changes went
}

void TestStore::invalidTransitionIsRefused()
{
    Store& s = openFresh();
    QVERIFY(s.upsertServices({ testdata::parkingService() }));
    QVERIFY(s.upsertRequests({ testdata::request(1, QStringLiteral("Lena Wagner")) }));
    auto m = s.changeStatus(QStringLiteral("req-000001"), QStringLiteral("closed"), QStringLiteral("mueller"));
    QVERIFY(!m.ok());
    QCOMPARE(m.error().code, Error::Invalid);
    QVERIFY(s.outbox().all().value().isEmpty());
    QCOMPARE(s.request(QStringLiteral("req-000001"))->status, QStringLiteral("received"));
}

void TestStore::notificationsAfterCommit()
{
    Store& s = openFresh();
    QSignalSpy spy(&s, &Store::requestsChanged);
    QVERIFY(s.upsertRequests({ testdata::request(1, QStringLiteral("A")), testdata::request(2, QStringLiteral("B")) }));
    QCOMPARE(spy.count(), 1);
    QCOMPARE(
        spy.at(0).at(0).toStringList(), (QStringList { QStringLiteral("req-000001"), QStringLiteral("req-000002") }));
    QVERIFY(s.addNote(QStringLiteral("req-000002"), QStringLiteral("Rückruf vereinbart"), QStringLiteral("x")).ok());
    QCOMPARE(spy.count(), 2);
    QCOMPARE(spy.at(1).at(0).toStringList(), QStringList { QStringLiteral("req-000002") });
    // A note on a request that does not exist fails and announces nothing.
    QVERIFY(!s.addNote(QStringLiteral("req-999999"), QStringLiteral("x"), QStringLiteral("x")).ok());
    QCOMPARE(spy.count(), 2);
}

void TestStore::workerConnectionWritesWhileGuiReads()
{
    Store& s = openFresh();
    QVERIFY(s.upsertRequests({ testdata::request(1, QStringLiteral("A")) }));
    auto worker = s.openWorkerConnection();
    QVERIFY2(worker.ok(), qPrintable(worker.error().detail));
    sql::Connection& w = *worker.value();
    {
        sql::Transaction tx(w);
        QVERIFY(tx.ok());
        QVERIFY(w.exec("UPDATE requests SET status = 'in_progress'"));
        // The GUI connection still reads the committed state while the worker writes.
        QCOMPARE(s.request(QStringLiteral("req-000001"))->status, QStringLiteral("received"));
        QVERIFY(tx.commit());
    }
    QCOMPARE(s.request(QStringLiteral("req-000001"))->status, QStringLiteral("in_progress"));
    QSignalSpy spy(&s, &Store::requestsChanged);
    s.notifyChanged({ QStringLiteral("req-000001") });
    QCOMPARE(spy.count(), 1);
}

void TestStore::joinedTransactionFailsTheEnclosingOne()
{
    Store& s = openFresh();
    sql::Connection& c = s.connection();
    auto count = [&c] { return c.scalar("SELECT count(*) FROM meta WHERE key LIKE 't-%'")->toInt(); };
    auto put = [&c](const char* key) {
        return c.exec(QByteArray("INSERT INTO meta(key, value) VALUES ('") + key + "', 'x')");
    };

    { // A joined part that commits is saved with the enclosing transaction.
        sql::Transaction outer(c);
        QVERIFY(outer.ok());
        QVERIFY(put("t-a"));
        {
            sql::Transaction part(c, sql::Transaction::Nesting::Join);
            QVERIFY(part.ok());
            QVERIFY(put("t-b"));
            QVERIFY(part.commit());
        }
        QVERIFY(outer.commit());
    }
    QCOMPARE(count(), 2);

    { // A joined part that fails takes the whole enclosing transaction with it.
        sql::Transaction outer(c);
        QVERIFY(put("t-c"));
        {
            sql::Transaction part(c, sql::Transaction::Nesting::Join);
            QVERIFY(put("t-d"));
        } // no commit(): failed
        const Status st = outer.commit();
        QVERIFY(!st);
        QVERIFY(!st.error().message.isEmpty());
        QVERIFY(!c.inTransaction());
    }
    QCOMPARE(count(), 2);

    { // Inside a savepoint, the failure rolls back that savepoint only.
        sql::Transaction outer(c);
        QVERIFY(put("t-e"));
        {
            sql::Transaction sp(c);
            QVERIFY(put("t-f"));
            {
                sql::Transaction part(c, sql::Transaction::Nesting::Join);
                QVERIFY(put("t-g"));
            }
            QVERIFY(!sp.commit());
        }
        QVERIFY(outer.commit());
    }
    QCOMPARE(count(), 3); // t-a, t-b, t-e

    { // With nothing to join, it is a transaction of its own; the connection is not left doomed.
        sql::Transaction alone(c, sql::Transaction::Nesting::Join);
        QVERIFY(alone.ok());
        QVERIFY(c.inTransaction());
        QVERIFY(put("t-h"));
        QVERIFY(alone.commit());
    }
    QCOMPARE(count(), 4);
}

void TestStore::diskFullRollsBack()
{
    Store& s = openFresh();
    QVERIFY(s.upsertRequests({ testdata::request(1, QStringLiteral("A")) }));
    // SQLite's page limit produces the same SQLITE_FULL as a full disk, on demand.
    const int pages = s.connection().scalar("PRAGMA page_count")->toInt();
    QVERIFY(s.connection().exec(QByteArray("PRAGMA max_page_count = " + QByteArray::number(pages + 2)).constData()));
    QList<Request> many;
    for (int i = 10; i < 2000; ++i)
        many << testdata::request(i, QStringLiteral("Füllstand %1").arg(i));
    const Status st = s.upsertRequests(many);
    QVERIFY(!st);
    QCOMPARE(st.error().code, Error::DiskFull);
    QVERIFY(s.isUnlocked());
    QCOMPARE(s.connection().scalar("SELECT count(*) FROM requests")->toInt(), 1);
    QVERIFY(s.connection().exec("PRAGMA max_page_count = 1073741823"));
    QVERIFY(s.upsertRequests({ testdata::request(2, QStringLiteral("B")) }));
    QCOMPARE(s.connection().scalar("PRAGMA integrity_check")->toString(), QStringLiteral("ok"));
}

void TestStore::corruptFileGivesClearError()
{
    Store& s = openFresh();
    QList<Request> rs;
    for (int i = 0; i < 300; ++i)
        rs << testdata::request(i, QStringLiteral("Person %1").arg(i));
    QVERIFY(s.upsertRequests(rs));
    s.lock();
    QFile f(m_path);
    QVERIFY(f.open(QIODevice::ReadWrite));
    QVERIFY(f.size() > 8 * 4096);
    f.seek(5 * 4096 + 100);
    f.write(QByteArray(64, '\x00'));
    f.close();
    QVERIFY(s.unlock(kPass)); // page 1 is fine; the damage shows on reading
    auto check = s.connection().scalar("PRAGMA quick_check");
    const bool damaged = !check.ok() || check.value().toString() != QLatin1String("ok");
    QVERIFY(damaged);
    if (!check.ok()) {
        QCOMPARE(check.error().code, Error::Corrupt);
        QVERIFY(check.errorString().contains(QLatin1String("rebuilt")));
    }
    QVERIFY(QFile::exists(m_path));
}

void TestStore::truncatedFileIsKept()
{
    openFresh().upsertRequests({ testdata::request(1, QStringLiteral("A")) }).ok();
    m_store->lock();
    QFile::remove(m_path + QStringLiteral("-wal"));
    QFile f(m_path);
    QVERIFY(f.resize(1000));
    Store s(m_path);
    const Status st = s.unlock(kPass);
    QVERIFY(!st);
    QVERIFY(st.error().code == Error::WrongPassphrase || st.error().code == Error::Corrupt);
    QVERIFY(QFile::exists(m_path));
    QCOMPARE(QFileInfo(m_path).size(), 1000);
}

void TestStore::bulkImportBuildsIndexesAfterwards()
{
    Store& s = openFresh();
    QSignalSpy spy(&s, &Store::requestsChanged);
    QVERIFY(s.beginBulkImport());
    QCOMPARE(
        s.connection().scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'requests_status_due'")->toInt(), 0);
    QList<Request> batch;
    for (int i = 0; i < 600; ++i)
        batch << testdata::request(
            i, i == 77 ? QStringLiteral("Kunigunde Seltenname") : QStringLiteral("Person %1").arg(i));
    QVERIFY(s.bulkImport(batch));
    // A note arriving in the same first sync waits for the rebuild too.
    Note note;
    note.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    note.requestId = batch.at(3).id;
    note.author = QStringLiteral("mmeier");
    note.text = QStringLiteral("Rueckrufwunsch Notizwortqq");
    note.createdAt = QDateTime::currentDateTimeUtc();
    note.version = 1;
    QVERIFY(s.bulkImportRunning());
    QVERIFY(s.upsertNotes({ note }));
    QVERIFY(s.search(QStringLiteral("Seltenname"))->isEmpty()); // not indexed yet
    QVERIFY(s.search(QStringLiteral("Notizwortqq"))->isEmpty());
    spy.clear(); // the note's own notification
    QVERIFY(s.finishBulkImport());
    QVERIFY(!s.bulkImportRunning());
    QCOMPARE(s.search(QStringLiteral("Notizwortqq"))->size(), 1);
    QCOMPARE(spy.count(), 1);
    QVERIFY(spy.at(0).at(0).toStringList().isEmpty()); // "reload everything"
    QCOMPARE(
        s.connection().scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'requests_status_due'")->toInt(), 1);
    QCOMPARE(s.search(QStringLiteral("Seltenname"))->size(), 1);
    QCOMPARE(s.connection().scalar("SELECT count(*) FROM requests")->toInt(), 600);
}

void TestStore::interruptedBulkImportIsHealed()
{
    Store& s = openFresh();
    QVERIFY(s.beginBulkImport());
    QVERIFY(s.bulkImport({ testdata::request(1, QStringLiteral("Kunigunde Seltenname")) }));
    s.lock(); // the process dies here, before finishBulkImport()
    QVERIFY(s.unlock(kPass));
    QCOMPARE(
        s.connection().scalar("SELECT count(*) FROM sqlite_schema WHERE name LIKE 'requests\\_%' ESCAPE '\\'")->toInt(),
        int(schema::inboxIndexNames().size()));
    QCOMPARE(schema::inboxIndexNames().size(), 15);
    QCOMPARE(s.search(QStringLiteral("Seltenname"))->size(), 1);
    QCOMPARE(s.meta().value(QStringLiteral("bulk_import_pending")).value(), QStringLiteral("0"));
}

void TestStore::searchIndexBuiltLaterInSlices()
{
    Store& s = openFresh();
    QVERIFY(s.beginBulkImport());
    QList<Request> batch;
    for (int i = 0; i < 100; ++i)
        batch << testdata::request(i, QStringLiteral("Person%1 Nachname").arg(i));
    QVERIFY(s.bulkImport(batch));
    QVERIFY(s.finishBulkImport(Store::SearchIndexing::Later));
    // The inbox is ready (its indexes are built); search waits for the slices.
    QCOMPARE(
        s.connection().scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'requests_status_due'")->toInt(), 1);
    QCOMPARE(s.meta().value(QStringLiteral("bulk_import_pending")).value(), QStringLiteral("0"));
    auto pending = s.searchIndexPending();
    QVERIFY(pending);
    QCOMPARE(pending->indexed, 0);
    QCOMPARE(pending->total, 100);
    QVERIFY(s.search(QStringLiteral("Nachname"), 500)->isEmpty());
    auto indexedRows = [&s] { return s.connection().scalar("SELECT count(*) FROM request_fts_docsize")->toInt(); };

    QSignalSpy progress(&s, &Store::searchIndexProgress);
    QVERIFY(s.indexSearchSlice(30).value());
    QCOMPARE(progress.count(), 1);
    QCOMPARE(progress.at(0).at(0).toLongLong(), 30);
    QCOMPARE(progress.at(0).at(1).toLongLong(), 100);
    QCOMPARE(s.search(QStringLiteral("Nachname"), 500)->size(), 30);
    QCOMPARE(s.searchIndexPending()->indexed, 30);

    // Changes while the build runs: a request already indexed is reindexed at once (one entry,
    // not two); one not reached yet is left to the build; a new one gets the build's next rowid.
    Request early = batch.at(3), late = batch.at(80);
    early.applicant.name = QStringLiteral("Kunigunde Frueh");
    late.applicant.name = QStringLiteral("Kunigunde Spaet");
    early.version = late.version = 2;
    QVERIFY(s.upsertRequests({ early, late, testdata::request(500, QStringLiteral("Neu Ankommend")) }));
    QCOMPARE(indexedRows(), 30);
    QCOMPARE(s.search(QStringLiteral("Frueh"))->size(), 1);
    QVERIFY(s.search(QStringLiteral("Spaet"))->isEmpty());

    // Locked and unlocked in between (the app was closed): the build continues where it stopped.
    s.lock();
    QVERIFY(!s.searchIndexPending());
    QVERIFY(!s.indexSearchSlice(30));
    QVERIFY(s.unlock(kPass));
    QCOMPARE(s.searchIndexPending()->indexed, 30);
    QCOMPARE(s.searchIndexPending()->total, 101);
    int slices = 0;
    while (true) {
        auto n = s.indexSearchSlice(30);
        QVERIFY2(n.ok(), qPrintable(n.errorString()));
        if (!n.value())
            break;
        ++slices;
    }
    QVERIFY(slices >= 3); // 30 + 30 + 11, then bounded merges of the slices' segments
    QVERIFY(!s.searchIndexPending());
    QCOMPARE(indexedRows(), 101);
    QCOMPARE(s.search(QStringLiteral("Nachname"), 500)->size(), 98); // two of the 100 were renamed
    QCOMPARE(s.search(QStringLiteral("Spaet"))->size(), 1);
    QCOMPARE(s.search(QStringLiteral("Ankommend"))->size(), 1);
    QCOMPARE(s.search(QStringLiteral("Frueh"))->size(), 1);
    // Complete: the last signal says so, and later changes index at once as before.
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.last().at(0).toLongLong(), progress.last().at(1).toLongLong());
    QCOMPARE(s.indexSearchSlice(30).value(), false);
    QCOMPARE(s.connection().scalar("SELECT v FROM request_fts_config WHERE k = 'hashsize'")->toLongLong(), 1048576);
    late.applicant.name = QStringLiteral("Kunigunde Zuletzt");
    late.version = 3;
    QVERIFY(s.upsertRequests({ late }));
    QCOMPARE(s.search(QStringLiteral("Zuletzt"))->size(), 1);
    QVERIFY(s.search(QStringLiteral("Spaet"))->isEmpty());
    QCOMPARE(indexedRows(), 101);
}

void TestStore::upsertWritesWhatChangedAndKeepsSearchRight()
{
    // The feed's upsert compares with the stored row and writes only what changed (three paths:
    // place columns, workflow columns, the rest); each path must leave row and search index right.
    Store& s = openFresh();
    Request r = testdata::request(5, QStringLiteral("Kunigunde Seltenname"));
    r.assignee.clear();
    r.version = 1;
    QVERIFY(s.upsertRequests({ r }));
    auto row = [&](const char* column) {
        return s.connection()
            .scalar(QByteArray("SELECT ") + column + " FROM requests WHERE id = '" + r.id.toUtf8() + "'")
            ->toString();
    };
    auto isNull = [&](const char* column) {
        return s.connection()
                   .scalar(QByteArray("SELECT ") + column + " IS NULL FROM requests WHERE id = '" + r.id.toUtf8() + "'")
                   ->toInt()
            == 1;
    };
    QVERIFY(isNull("assignee"));
    QCOMPARE(s.search(QStringLiteral("Seltenname"))->size(), 1);
    QVERIFY(s.setUnread(r.id, false));

    // The same again: nothing changes, not even the clerk's read marker.
    QVERIFY(s.upsertRequests({ r }));
    QCOMPARE(row("unread"), QStringLiteral("0"));

    // Workflow: claimed and closed.
    r.assignee = QStringLiteral("mmeier");
    r.status = QStringLiteral("closed");
    r.version = 2;
    QVERIFY(s.upsertRequests({ r }));
    QCOMPARE(row("assignee"), QStringLiteral("mmeier"));
    QCOMPARE(row("status"), QStringLiteral("closed"));
    QCOMPARE(row("closed"), QStringLiteral("1"));
    QVERIFY(!isNull("closed_at"));
    QCOMPARE(row("unread"), QStringLiteral("1"));
    QCOMPARE(row("version"), QStringLiteral("2"));
    QCOMPARE(s.search(QStringLiteral("Seltenname"))->size(), 1);
    QCOMPARE(s.request(r.id)->assignee, QStringLiteral("mmeier"));

    // Released again: NULL, not an empty string; reopened: closed_at cleared.
    r.assignee = QString();
    r.status = QStringLiteral("in_progress");
    r.version = 3;
    QVERIFY(s.upsertRequests({ r }));
    QVERIFY(isNull("assignee"));
    QCOMPARE(row("closed"), QStringLiteral("0"));
    QVERIFY(isNull("closed_at"));

    // The rest: the applicant's name (searchable) changes, nothing indexed for the inbox does.
    r.applicant.name = QStringLiteral("Kunigunde Neuname");
    r.version = 4;
    QVERIFY(s.upsertRequests({ r }));
    QCOMPARE(row("applicant"), QStringLiteral("Kunigunde Neuname"));
    QCOMPARE(s.search(QStringLiteral("Seltenname"))->size(), 0);
    QCOMPARE(s.search(QStringLiteral("Neuname"))->size(), 1);

    // Only the body: a form value is found, the old one is not.
    const QString key = r.form.keys().value(0, QStringLiteral("grund"));
    r.form.insert(key, QStringLiteral("Zauberwortxyz"));
    r.version = 5;
    QVERIFY(s.upsertRequests({ r }));
    QCOMPARE(s.search(QStringLiteral("Zauberwortxyz"))->size(), 1);
    QCOMPARE(s.request(r.id)->form.value(key).toString(), QStringLiteral("Zauberwortxyz"));

    // Place: another due date and team.
    r.dueDate = r.dueDate.addDays(9);
    r.teamId = QStringLiteral("team-other");
    r.version = 6;
    QVERIFY(s.upsertRequests({ r }));
    QCOMPARE(s.request(r.id)->dueDate, r.dueDate);
    QCOMPARE(row("team_id"), QStringLiteral("team-other"));
    QCOMPARE(s.search(QStringLiteral("Neuname"))->size(), 1);
    // The inbox indexes agree with the table (no stale entry after the partial updates).
    QCOMPARE(s.connection().scalar("PRAGMA integrity_check")->toString(), QStringLiteral("ok"));
    QCOMPARE(s.connection()
                 .scalar("SELECT count(*) FROM requests INDEXED BY requests_assignee_due WHERE assignee IS NULL")
                 ->toInt(),
        1);
}

QTEST_GUILESS_MAIN(TestStore)
void TestStore::walIsCheckpointedBesideTheCommits()
{
    Store& s = openFresh();
    QVERIFY(s.checkpointer());
    const int before = s.checkpointer()->checkpoints();
    // A small commit leaves the WAL below the threshold: nothing to do.
    QVERIFY(s.upsertRequests({ testdata::request(1, QStringLiteral("Ayşe Yılmaz")) }));
    QTest::qWait(50);
    QCOMPARE(s.checkpointer()->checkpoints(), before);
    // 40 MiB in one commit (more than 8,192 pages): the commit returns, the copy follows on the
    // checkpointer's thread.
    DocumentCache cache(s);
    const QByteArray bytes(40 << 20, 'x');
    Document d { QStringLiteral("doc-wal"), QStringLiteral("req-000001"), QStringLiteral("Plan"),
        QStringLiteral("plan"), QStringLiteral("application/pdf"), bytes.size(),
        QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex(), 1 };
    QVERIFY(cache.upsertDocuments({ d }));
    // (Bytes arriving in pieces, as a download's, go into the database; whole files go beside it.)
    const Status put = cache.appendContent(d.id, bytes);
    QVERIFY2(put.ok(), qPrintable(put.errorString() + QLatin1Char(' ') + put.error().detail));
    QTRY_VERIFY(s.checkpointer()->checkpoints() > before && !s.checkpointer()->busy());
    // Everything is in the database file now: a passive checkpoint finds no frame left to copy.
    {
        auto q = s.connection().query("PRAGMA wal_checkpoint(PASSIVE)");
        QVERIFY(q.next());
        QCOMPARE(q.int64(0), 0); // not busy
        QCOMPARE(q.int64(2), q.int64(1)); // every frame of the log checkpointed
    }
    // Locking right after another large commit (a checkpoint running or about to) is safe, and the
    // bytes are there after unlocking.
    QVERIFY(cache.completeContent(d.id));
    Document second = d;
    second.id = QStringLiteral("doc-wal-2");
    QVERIFY(cache.upsertDocuments({ second }));
    const Status again = cache.appendContent(second.id, bytes);
    QVERIFY2(again.ok(), qPrintable(again.errorString() + QLatin1Char(' ') + again.error().detail));
    QVERIFY(cache.completeContent(second.id));
    s.lock();
    QVERIFY(s.unlock(kPass));
    QVERIFY(s.checkpointer());
    QCOMPARE(DocumentCache(s).content(d.id).value(), bytes);
    QCOMPARE(DocumentCache(s).content(second.id).value(), bytes);
}

#include "tst_store.moc"
