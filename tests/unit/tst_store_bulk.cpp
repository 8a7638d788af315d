// The encrypted store with much to write, on a real SQLCipher file: bulk imports that build their
// indexes afterwards (and heal when interrupted), the search index built later in slices, the WAL
// checkpointed beside the commits, and upserts that write only what changed.
#include "../common/TestData.h"
#include "StoreFixture.h"
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
using namespace clerk::storetest;

class TestStoreBulk : public StoreFixture
{
    Q_OBJECT
private Q_SLOTS:
    void bulkImportBuildsIndexesAfterwards();
    void interruptedBulkImportIsHealed();
    void searchIndexBuiltLaterInSlices();
    void walIsCheckpointedBesideTheCommits();
    void upsertWritesWhatChangedAndKeepsSearchRight();
};

void TestStoreBulk::bulkImportBuildsIndexesAfterwards()
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

void TestStoreBulk::interruptedBulkImportIsHealed()
{
    Store& s = openFresh();
    QVERIFY(s.beginBulkImport());
    QVERIFY(s.bulkImport({ testdata::request(1, QStringLiteral("Kunigunde Seltenname")) }));
    s.lock(); // the process dies here, before finishBulkImport()
    QVERIFY(s.unlock(kPass));
    QCOMPARE(
        s.connection().scalar("SELECT count(*) FROM sqlite_schema WHERE name LIKE 'requests\\_%' ESCAPE '\\'")->toInt(),
        int(schema::inboxIndexNames().size()));
    QCOMPARE(schema::inboxIndexNames().size(), 16);
    QCOMPARE(s.search(QStringLiteral("Seltenname"))->size(), 1);
    QCOMPARE(s.meta().value(QStringLiteral("bulk_import_pending")).value(), QStringLiteral("0"));
}

void TestStoreBulk::searchIndexBuiltLaterInSlices()
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

void TestStoreBulk::upsertWritesWhatChangedAndKeepsSearchRight()
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

void TestStoreBulk::walIsCheckpointedBesideTheCommits()
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

QTEST_GUILESS_MAIN(TestStoreBulk)
#include "tst_store_bulk.moc"
