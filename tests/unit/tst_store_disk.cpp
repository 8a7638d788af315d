// The encrypted store on a real SQLCipher file, as it lies on disk: unlock, wrong passphrase, no
// plaintext, raw key, rekey, schema versions and migrations, corrupt and truncated files.
#include "../common/TestData.h"
#include "StoreFixture.h"
#include "core/store/Checkpointer.h"
#include "core/store/DocumentCache.h"
#include "core/store/Schema.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace clerk;
using namespace clerk::storetest;

class TestStoreDisk : public StoreFixture
{
    Q_OBJECT
private Q_SLOTS:
    void createUnlockRoundTrip();
    void wrongPassphraseChangesNothing();
    void refusesPlaintextDatabase();
    void noPlaintextReachesDisk();
    void rawKeyUnlocksQuickly();
    void changePassphraseIsAtomic();
    void interruptedRekeyLeavesOldFile();
    void schemaTooNewIsRefused();
    void migratesFromV1Fixture();
    void corruptFileGivesClearError();
    void truncatedFileIsKept();
    void noteDraftsArePerRequestAndClerk();
    void servicesRevisionCountsChangesOnly();
    void aDraftDoesNotWaitOutABusyStore();
};

void TestStoreDisk::createUnlockRoundTrip()
{
    Store& s = openFresh();
    QVERIFY(s.isUnlocked());
    QCOMPARE(s.schemaVersion(), 9);
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

void TestStoreDisk::wrongPassphraseChangesNothing()
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

void TestStoreDisk::refusesPlaintextDatabase()
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

void TestStoreDisk::noPlaintextReachesDisk()
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
    QVERIFY(s.noteDrafts().keep(
        QStringLiteral("req-000008"), QStringLiteral("mueller"), QStringLiteral("Entwurf Quokkafütterung")));
    const QList<QByteArray> secrets { QByteArrayLiteral("Zyprianowski"), QByteArrayLiteral("Xylophonweg"),
        QByteArrayLiteral("Plumbaginaceae"), QByteArrayLiteral("Quokka"), QByteArrayLiteral("STU-2026-000042"),
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

void TestStoreDisk::rawKeyUnlocksQuickly()
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

void TestStoreDisk::changePassphraseIsAtomic()
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
    QCOMPARE(s.schemaVersion(), 9);
    QCOMPARE(s.request(QStringLiteral("req-000001"))->applicant.name, QStringLiteral("Emre Kaya"));
    QVERIFY(!QFile::exists(m_path + QStringLiteral(".rekey")));
}

void TestStoreDisk::interruptedRekeyLeavesOldFile()
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

void TestStoreDisk::schemaTooNewIsRefused()
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

void TestStoreDisk::migratesFromV1Fixture()
{
    // tests/data/store-v1.db was written by schema v1 (see tests/data/README.md).
    const QString fixture = QStringLiteral(CLERKDESK_SOURCE_DIR "/tests/data/store-v1.db");
    QVERIFY(QFile::exists(fixture));
    QVERIFY(QFile::copy(fixture, m_path));
    QFile::setPermissions(m_path, QFile::ReadOwner | QFile::WriteOwner);
    Store s(m_path);
    QVERIFY(s.unlock("fixture-passphrase-v1"));
    QCOMPARE(s.schemaVersion(), 9);
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

void TestStoreDisk::corruptFileGivesClearError()
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

void TestStoreDisk::truncatedFileIsKept()
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

// A note begun and not added: kept per request and clerk, through a lock; a blank one is none.
void TestStoreDisk::noteDraftsArePerRequestAndClerk()
{
    Store& s = openFresh();
    QVERIFY(s.upsertServices({ testdata::parkingService() }));
    QVERIFY(s.upsertRequests({ testdata::request(1, QStringLiteral("Ayşe Yılmaz")) }));
    NoteDrafts& drafts = s.noteDrafts();
    const QString request = QStringLiteral("req-000001"), anna = QStringLiteral("anna"), ben = QStringLiteral("ben");
    QCOMPARE(drafts.of(request, anna).value(), QString());
    // None for a request the store does not hold (purged by the sync a moment ago), and its keeper
    // hears so (not "kept"); the same text again is kept, though nothing is written.
    const Status late = drafts.keep(QStringLiteral("req-000009"), anna, QStringLiteral("zu spät"));
    QCOMPARE(late.error().code, Error::NotFound);
    QCOMPARE(drafts.of(QStringLiteral("req-000009"), anna).value(), QString());
    QVERIFY(drafts.keep(QStringLiteral("req-000009"), anna, QString())); // (nothing to remove)
    QVERIFY(drafts.keep(request, anna, QStringLiteral("Rückruf am Montag")));
    QVERIFY(drafts.keep(request, ben, QStringLiteral("Bens Entwurf")));
    QVERIFY(drafts.keep(request, anna, QStringLiteral("Rückruf am Dienstag"))); // the newer text
    QVERIFY(drafts.keep(request, anna, QStringLiteral("Rückruf am Dienstag"))); // (unchanged: no row written)
    s.lock();
    QCOMPARE(drafts.of(request, anna).error().code, Error::Locked);
    QVERIFY(s.unlock(kPass));
    QCOMPARE(drafts.of(request, anna).value(), QStringLiteral("Rückruf am Dienstag"));
    QCOMPARE(drafts.of(request, ben).value(), QStringLiteral("Bens Entwurf"));
    QCOMPARE(drafts.of(QStringLiteral("req-000002"), anna).value(), QString());
    QVERIFY(drafts.keep(request, anna, QStringLiteral("  \n")));
    QCOMPARE(drafts.of(request, anna).value(), QString());
    QCOMPARE(s.connection().scalar("SELECT count(*) FROM note_drafts")->toInt(), 1);
    // Ben's draft added as a note: his draft goes in the note's transaction, Anna's stays.
    QVERIFY(drafts.keep(request, anna, QStringLiteral("Annas Entwurf")));
    QVERIFY(s.addNote(request, QStringLiteral("Bens Entwurf"), ben).ok());
    QCOMPARE(drafts.of(request, ben).value(), QString());
    QCOMPARE(drafts.of(request, anna).value(), QStringLiteral("Annas Entwurf"));
}

// The services' revision (the inbox re-reads their names when it moved): counted up by a sync
// pass that changed a service, not by one that brought the same; a stored value that is not a
// number, or is negative, counts as 0, and the next change goes on from there.
void TestStoreDisk::servicesRevisionCountsChangesOnly()
{
    Store& s = openFresh();
    QCOMPARE(s.servicesRevision().value(), 0);
    Service parking = testdata::parkingService();
    QCOMPARE(s.upsertServices({ parking }).value(), 1);
    QCOMPARE(s.servicesRevision().value(), 1);
    QCOMPARE(s.upsertServices({ parking }).value(), 0);
    QCOMPARE(s.servicesRevision().value(), 1);
    // Twice in one pass: one row, the later wins; a pass whose last word is what is stored changes nothing.
    Service renamed = parking;
    renamed.nameDe = QStringLiteral("Bewohnerparkausweis (neu)");
    QCOMPARE(s.upsertServices({ parking, renamed }).value(), 1);
    QCOMPARE(s.servicesRevision().value(), 2);
    QCOMPARE(s.service(parking.id)->nameDe, renamed.nameDe);
    QCOMPARE(s.upsertServices({ parking, renamed }).value(), 0);
    QCOMPARE(s.servicesRevision().value(), 2);
    QCOMPARE(s.service(parking.id)->nameDe, renamed.nameDe);
    int n = 0;
    for (const QString& stored : { QStringLiteral("-7"), QStringLiteral("kaputt"), QString() }) {
        QVERIFY(s.meta().set(QStringLiteral("services_revision"), stored));
        QCOMPARE(s.servicesRevision().value(), 0);
        renamed.nameDe = QStringLiteral("Bewohnerparkausweis %1").arg(++n);
        QCOMPARE(s.upsertServices({ renamed }).value(), 1);
        QCOMPARE(s.servicesRevision().value(), 1);
    }
}

// Another connection holds the write lock (the sync worker storing a page): a draft kept from the
// GUI thread fails as busy after NoteDrafts::kBusyTimeoutMs instead of the connection's 5 s, and
// the connection's own timeout is back afterwards; once the lock is free the draft is kept.
void TestStoreDisk::aDraftDoesNotWaitOutABusyStore()
{
    Store& s = openFresh();
    QVERIFY(s.upsertServices({ testdata::parkingService() }));
    QVERIFY(s.upsertRequests({ testdata::request(1, QStringLiteral("Ayşe Yılmaz")) }));
    sql::Connection::Options o;
    o.path = m_path;
    o.rawKey = s.rawKey();
    auto sync = sql::Connection::open(o);
    QVERIFY2(sync.ok(), qPrintable(sync.error().detail));
    QVERIFY(sync.value()->exec("BEGIN IMMEDIATE"));
    const int ownTimeout = s.connection().busyTimeoutMs();
    QCOMPARE(ownTimeout, sql::Connection::Options().busyTimeoutMs);
    QElapsedTimer waited;
    waited.start();
    const Status busy
        = s.noteDrafts().keep(QStringLiteral("req-000001"), QStringLiteral("anna"), QStringLiteral("Rückruf"));
    // (Behaviour, not speed: which of the two timeouts applied; 2.5 s lies far from both.)
    QVERIFY2(waited.elapsed() < 2500, qPrintable(QString::number(waited.elapsed())));
    QVERIFY(!busy);
    QCOMPARE(busy.error().code, Error::Busy);
    QCOMPARE(s.connection().busyTimeoutMs(), ownTimeout);
    QVERIFY(sync.value()->exec("COMMIT"));
    QVERIFY(s.noteDrafts().keep(QStringLiteral("req-000001"), QStringLiteral("anna"), QStringLiteral("Rückruf")));
    QCOMPARE(
        s.noteDrafts().of(QStringLiteral("req-000001"), QStringLiteral("anna")).value(), QStringLiteral("Rückruf"));
}

QTEST_GUILESS_MAIN(TestStoreDisk)
#include "tst_store_disk.moc"
