// Sync against the real reference server over loopback, with real SQLCipher stores on both sides:
// what comes down. Only my team's requests, a full resync after the server was restored from a
// backup, downloads that resume, the search index, progress and prefetching, pages the client
// refuses or scans, and the window's writes let in between the slices of a page.
#include "../common/FaultProxy.h"
#include "../common/TestData.h"
#include "../common/Waiting.h"
#include "SyncFixture.h"
#include "core/pdf/AnnotationHistory.h"
#include "core/pdf/Annotations.h"
#include "core/store/DocumentCache.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"
#include "core/sync/SyncEngine.h"
#include "server/Accounts.h"
#include "server/ApiServer.h"
#include "server/Seeder.h"
#include "server/SqlCityStore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>
#include <atomic>
#include <optional>
#include <thread>

using namespace clerk;
using namespace clerk::server;
using namespace clerk::synctest;
using clerk::testproxy::Fault;
using clerk::testproxy::FaultProxy;

class TestSyncPull : public SyncFixture
{
    Q_OBJECT
private Q_SLOTS:
    void initialSyncBringsOnlyMyTeam();
    void restoredServerTriggersFullResync();
    void interruptedDownloadResumes();
    void documentTextBecomesSearchable();
    void malformedPageChangesNothing();
    void engineReportsProgressAndPrefetches();
    void engineBuildsSearchIndexAfterFirstSync();
    void aChangedServiceReachesTheWindowsStore();
    void pageHeadScanAgreesWithTheParser();
    void proxyCutDownloadResumes();
    void theClerkIsNamedAsTheServerSpellsIt();
    void theWindowWritesBetweenTheSlicesOfAPage();
};

void TestSyncPull::initialSyncBringsOnlyMyTeam()
{
    auto store = newClient(QStringLiteral("a"));
    WaitingSession sync(*store, url());
    QVERIFY(sync.signIn(m_clerk, QStringLiteral("demo")));
    QVERIFY(!sync.signIn(m_clerk, QStringLiteral("wrong")).ok());
    QVERIFY(sync.signIn(m_clerk, QStringLiteral("demo")));
    sync.setPageSize(7); // several pages
    auto report = sync.syncOnce();
    QVERIFY2(report.ok(), qPrintable(report.error().detail));
    const int server = m_city->connection().scalar("SELECT count(*) FROM requests WHERE team_id = 'parkraum'")->toInt();
    QVERIFY(server > 0);
    QCOMPARE(store->connection().scalar("SELECT count(*) FROM requests")->toInt(), server);
    QCOMPARE(store->connection().scalar("SELECT count(*) FROM requests WHERE team_id <> 'parkraum'")->toInt(), 0);
    QCOMPARE(store->connection().scalar("SELECT count(*) FROM services")->toInt(), 8);
    QVERIFY(store->connection().scalar("SELECT count(*) FROM documents")->toInt() >= server);
    QVERIFY(!store->meta().value(QStringLiteral("cursor")).value().isEmpty());
    QCOMPARE(store->meta().value(QStringLiteral("fingerprint")).value(), m_city->fingerprint());
    // The search index was built after the bulk import.
    const QString someone = store->connection().scalar("SELECT applicant FROM requests LIMIT 1")->toString();
    QVERIFY(!store->search(someone.section(QLatin1Char(' '), -1))->isEmpty());
    // A second pass brings nothing new.
    QCOMPARE(sync.syncOnce()->pulled, 0);
}

void TestSyncPull::restoredServerTriggersFullResync()
{
    auto store = newClient(QStringLiteral("a"));
    WaitingSession sync(*store, url());
    QVERIFY(sync.signIn(m_clerk, QStringLiteral("demo")));
    QVERIFY(sync.syncOnce().ok());
    const QString id = store->connection().scalar("SELECT id FROM requests LIMIT 1")->toString();
    // The server's data is replaced by a copy: simulated by a new fingerprint.
    QVERIFY(m_city->connection().exec("UPDATE meta SET value = 'restored-from-backup' WHERE key = 'fingerprint'"));
    const quint16 port = m_port;
    m_api.reset();
    SqlCityStore::Options o;
    o.path = m_dir.filePath(QStringLiteral("city/city.db"));
    o.key = "sync-test-key-0123456789";
    m_city = std::move(SqlCityStore::open(o).value());
    startServer(port);
    QVERIFY(sync.signIn(m_clerk, QStringLiteral("demo")));
    QVERIFY(store->addNote(id, QStringLiteral("unsent during the restore"), m_clerk).ok());
    // The push goes first; then the pull notices the new fingerprint and starts over.
    auto r = sync.pull();
    QVERIFY(r.ok());
    QCOMPARE(store->meta().value(QStringLiteral("fingerprint")).value(), QStringLiteral("restored-from-backup"));
    QCOMPARE(store->outbox().pendingCount().value(), 1); // unsent work kept
    QVERIFY(sync.syncOnce().ok());
    QCOMPARE(store->outbox().pendingCount().value(), 0);
}

void TestSyncPull::interruptedDownloadResumes()
{
    // A large document on the server.
    QByteArray big(3 * 1024 * 1024 + 777, Qt::Uninitialized);
    for (qsizetype i = 0; i < big.size(); ++i)
        big[i] = char((i * 131) ^ (i >> 7));
    Request r;
    r.serviceId = QStringLiteral("bewohnerparken");
    r.submittedAt = m_clock.now();
    r.status = QStringLiteral("received");
    r.applicant.name = QStringLiteral("Große Datei");
    QVERIFY(m_city
            ->fileRequest(r,
                { NewAttachment { QStringLiteral("Gutachten"), QStringLiteral("attachment"),
                    QStringLiteral("application/pdf"), big } },
                QStringLiteral("t"))
            .ok());
    auto store = newClient(QStringLiteral("a"));
    WaitingSession sync(*store, url());
    QVERIFY(sync.signIn(m_clerk, QStringLiteral("demo")));
    QVERIFY(sync.syncOnce().ok());
    const QString docId = store->connection().scalar("SELECT id FROM documents WHERE title = 'Gutachten'")->toString();
    QVERIFY(!docId.isEmpty());
    DocumentCache cache(*store);
    const Status half = sync.fetchDocument(docId, big.size() / 2);
    QVERIFY(!half.ok());
    QCOMPARE(half.error().code, Error::Offline);
    const qint64 partial = cache.partialSize(docId);
    QVERIFY2(partial > 0 && partial <= big.size() / 2, qPrintable(QString::number(partial)));
    QVERIFY(!cache.hasContent(docId));
    const Status rest = sync.fetchDocument(docId);
    QVERIFY2(rest.ok(), qPrintable(rest.error().detail));
    QVERIFY(cache.hasContent(docId));
    QCOMPARE(cache.content(docId).value(), big);
}

void TestSyncPull::documentTextBecomesSearchable()
{
    auto store = newClient(QStringLiteral("a"));
    WaitingSession sync(*store, url());
    QVERIFY(sync.signIn(m_clerk, QStringLiteral("demo")));
    QVERIFY(sync.syncOnce().ok());
    // The application summary PDF carries the text "Elektronisch übermittelt" at its foot.
    const QString docId
        = store->connection().scalar("SELECT id FROM documents WHERE kind = 'application' LIMIT 1")->toString();
    QVERIFY(store->search(QStringLiteral("elektronisch"))->isEmpty());
    QVERIFY(sync.fetchDocument(docId));
    QCOMPARE(store->search(QStringLiteral("elektronisch"))->size(), 1);
    QCOMPARE(store->search(QStringLiteral("übermittelt"))->size(), 1);
}

void TestSyncPull::malformedPageChangesNothing()
{
    auto store = newClient(QStringLiteral("a"));
    WaitingSession sync(*store, url());
    QVERIFY(sync.signIn(m_clerk, QStringLiteral("demo")));
    QVERIFY(sync.syncOnce().ok());
    const QString cursor = store->meta().value(QStringLiteral("cursor")).value();
    // A server-side bug stores a request body the client cannot decode.
    QVERIFY(m_city->connection().exec("UPDATE requests SET body = '{\"id\":\"../evil\",\"status\":\"x\"}' "
                                      "WHERE id = (SELECT id FROM requests WHERE team_id = 'parkraum' LIMIT 1)"));
    QVERIFY(
        m_city->connection().exec("INSERT INTO changes(kind, entity_id, team_id, op) "
                                  "SELECT 'request', id, team_id, 'upsert' FROM requests WHERE body LIKE '%evil%'"));
    auto r = sync.syncOnce();
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, Error::Invalid);
    QCOMPARE(store->meta().value(QStringLiteral("cursor")).value(), cursor); // the page was not half-applied
}

void TestSyncPull::engineReportsProgressAndPrefetches()
{
    auto store = newClient(QStringLiteral("engine"));
    QStringList mine;
    {
        WaitingSession sync(*store, url());
        QVERIFY(sync.signIn(m_clerk, QStringLiteral("demo")));
        QVERIFY(sync.syncOnce().ok());
        // Three open requests become mine.
        auto q = store->connection().query(
            "SELECT id FROM requests WHERE closed = 0 AND coalesce(assignee, '') <> ?1 LIMIT 3");
        q.bindAll(m_clerk);
        while (q.next())
            mine << q.text(0);
        for (const QString& id : std::as_const(mine))
            QVERIFY(store->claim(id, m_clerk).ok());
    }
    QCOMPARE(mine.size(), 3);
    DocumentCache cache(*store);
    // Everything open that is mine now (the seed assigned some already).
    QStringList documents;
    qint64 smallest = std::numeric_limits<qint64>::max(), total = 0;
    {
        auto q
            = store->connection().query("SELECT d.id, d.size FROM documents d JOIN requests r ON r.id = d.request_id "
                                        "WHERE r.assignee = ?1 AND r.closed = 0");
        q.bindAll(m_clerk);
        while (q.next()) {
            documents << q.text(0);
            smallest = qMin(smallest, q.int64(1));
            total += q.int64(1);
        }
    }
    QVERIFY(!documents.isEmpty());
    // The budget decides: nothing fits into nothing, the smallest fits alone, everything into plenty.
    QVERIFY(cache.prefetchCandidates(m_clerk, 0, 1000).isEmpty());
    QCOMPARE(cache.prefetchCandidates(m_clerk, smallest, 1000).size(), 1);
    QCOMPARE(cache.prefetchCandidates(m_clerk, total, 1000).size(), documents.size());
    QCOMPARE(cache.prefetchCandidates(m_clerk, total, 2).size(), 2);
    QVERIFY(cache.prefetchCandidates(QStringLiteral("someone-else"), total, 1000).isEmpty());

    SyncEngine engine(*store, url());
    engine.setPrefetchBudget(total);
    engine.setIntervalMs(300);
    QSignalSpy progress(&engine, &SyncEngine::progress);
    QSignalSpy prefetched(&engine, &SyncEngine::prefetchProgress);
    QSignalSpy synced(&engine, &SyncEngine::synced);
    engine.resume(); // the token is in the store
    QVERIFY(synced.wait(20000));
    QCOMPARE(synced.first().at(2).toInt(), 3); // three claims pushed
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.first().at(0).toInt(), 3);
    // Ten per pass; the passes that follow fetch the rest.
    QTRY_VERIFY_WITH_TIMEOUT(cache.storedBytes() == total, 30000);
    QVERIFY(!prefetched.isEmpty());
    for (const QString& id : std::as_const(documents))
        QVERIFY2(cache.hasContent(id), qPrintable(id));
    QCOMPARE(cache.prefetchCandidates(m_clerk, total * 2, 1000).size(), 0);
}

void TestSyncPull::engineBuildsSearchIndexAfterFirstSync()
{
    // The engine's first sync leaves the search index to slices between its passes: the store
    // reports progress, ends complete, and search then finds what the first sync brought.
    auto store = newClient(QStringLiteral("index"));
    {
        WaitingSession sync(*store, url());
        QVERIFY(sync.signIn(m_clerk, QStringLiteral("demo"))); // the token stays in the store
    }
    SyncEngine engine(*store, url());
    QSignalSpy progress(&engine, &SyncEngine::searchIndexProgress);
    QSignalSpy synced(&engine, &SyncEngine::synced);
    engine.resume();
    QVERIFY(synced.wait(20000));
    QTRY_VERIFY_WITH_TIMEOUT(
        !progress.isEmpty() && progress.last().at(0).toLongLong() == progress.last().at(1).toLongLong(), 20000);
    const qint64 total = store->connection().scalar("SELECT count(*) FROM requests")->toLongLong();
    QVERIFY(total > 0);
    QCOMPARE(progress.last().at(1).toLongLong(), total);
    QVERIFY(!store->searchIndexBuilding());
    QCOMPARE(store->connection().scalar("SELECT count(*) FROM request_fts_docsize")->toLongLong(), total);
    const QString someone
        = store->connection().scalar("SELECT applicant FROM requests ORDER BY rid DESC LIMIT 1")->toString();
    QVERIFY(!store->search(someone.section(QLatin1Char(' '), -1))->isEmpty());
}

// The engine's passes write on the sync worker's own store: a pass that brings a changed service
// and no request still tells the window's store, whose inbox keeps the services' names until
// their revision moves (tst_inbox_live). A pass with the services unchanged writes none.
void TestSyncPull::aChangedServiceReachesTheWindowsStore()
{
    auto store = newClient(QStringLiteral("services"));
    {
        WaitingSession sync(*store, url());
        QVERIFY(sync.signIn(m_clerk, QStringLiteral("demo")));
        auto first = sync.syncOnce();
        QVERIFY2(first.ok(), qPrintable(first.error().detail));
        QVERIFY(first->servicesChanged);
        auto again = sync.syncOnce();
        QVERIFY(again.ok());
        QVERIFY(!again->servicesChanged);
        QCOMPARE(again->pulled, 0);
    }
    const qint64 revision = store->servicesRevision().value();
    QVERIFY(revision > 0);
    Service parking = m_city->service(QStringLiteral("bewohnerparken")).value();
    parking.nameDe = QStringLiteral("Bewohnerparkausweis (neu)");
    QVERIFY(m_city->upsertService(parking));

    SyncEngine engine(*store, url());
    engine.setIntervalMs(600000); // one pass
    QSignalSpy changed(store.get(), &Store::requestsChanged);
    QSignalSpy synced(&engine, &SyncEngine::synced);
    engine.resume();
    QVERIFY(synced.wait(20000));
    QCOMPARE(synced.first().at(1).toInt(), 0); // nothing pulled
    QCOMPARE(synced.first().at(2).toInt(), 0); // nothing pushed
    QTRY_VERIFY_WITH_TIMEOUT(std::any_of(changed.cbegin(), changed.cend(),
                                 [](const QList<QVariant>& args) { return args.at(0).toStringList().isEmpty(); }),
        5000);
    QCOMPARE(store->servicesRevision().value(), revision + 1);
    QCOMPARE(store->service(QStringLiteral("bewohnerparken"))->nameDe, parking.nameDe);
}

void TestSyncPull::pageHeadScanAgreesWithTheParser()
{
    // The sync thread reads a page's cursor, "more" and fingerprint with a scan and leaves the full
    // parse to a helper thread, which refuses the page if the two disagree. The scan must agree
    // wherever it answers, and leave everything unusual to the parser.
    const QList<QByteArray> agree {
        R"({"items":[{"kind":"request","data":{"a":"x}]\"y","b":[1,{"c":"]"}],"d":null}}],"cursor":"abc","more":true,"fingerprint":"fp-1"})",
        " { \"more\" : false ,\n\"cursor\":\"c1\", \"items\" : [ ] , \"fingerprint\":\"f\" } \n",
        R"({"cursor":"only"})", // more missing: false
        R"({"cursor":12,"more":"true","items":[]})", // not a string, not a bool: "" and false
        R"({"items":[],"cursor":"a","cursor":"b","more":true,"more":false})", // the last one counts
        R"({})",
    };
    for (const QByteArray& body : agree) {
        const auto head = SyncSession::scanPageHead(body);
        QVERIFY2(head, body.constData());
        const QJsonObject page = QJsonDocument::fromJson(body).object();
        QCOMPARE(head->cursor, page.value(QLatin1String("cursor")).toString());
        QCOMPARE(head->fingerprint, page.value(QLatin1String("fingerprint")).toString());
        QCOMPARE(head->more, page.value(QLatin1String("more")).toBool());
    }
    const QList<QByteArray> leftToTheParser {
        R"({"cursor":"a\"b","more":true})", // an escape in a value read
        R"({"cur\u0073or":"a"})", // an escape in a key
        R"({"cursor":"a","items":[1,2)", // truncated
        R"({"cursor":"a"} trailing)",
        R"([{"cursor":"a"}])",
        "",
    };
    for (const QByteArray& body : leftToTheParser)
        QVERIFY2(!SyncSession::scanPageHead(body), body.constData());

    // And a page of the real server, as the sync reads it.
    auto store = newClient(QStringLiteral("head"));
    WaitingSession sync(*store, url());
    QVERIFY(sync.signIn(m_clerk, QStringLiteral("demo")));
    auto body = waiting::getBody(sync.client(), QStringLiteral("/v1/changes?limit=5"));
    QVERIFY(body.ok());
    const auto head = SyncSession::scanPageHead(body.value());
    QVERIFY(head);
    const QJsonObject page = QJsonDocument::fromJson(body.value()).object();
    QCOMPARE(head->cursor, page.value(QLatin1String("cursor")).toString());
    QVERIFY(!head->cursor.isEmpty());
    QVERIFY(head->more);
    QCOMPARE(head->fingerprint, m_city->fingerprint());
}

void TestSyncPull::proxyCutDownloadResumes()
{
    QByteArray big(2 * 1024 * 1024 + 99, Qt::Uninitialized);
    for (qsizetype i = 0; i < big.size(); ++i)
        big[i] = char((i * 31) ^ (i >> 9));
    Request r;
    r.serviceId = QStringLiteral("bewohnerparken");
    r.submittedAt = m_clock.now();
    r.status = QStringLiteral("received");
    r.applicant.name = QStringLiteral("Abgebrochene Übertragung");
    QVERIFY(m_city
            ->fileRequest(r,
                { NewAttachment { QStringLiteral("Lageplan"), QStringLiteral("attachment"),
                    QStringLiteral("application/pdf"), big } },
                QStringLiteral("t"))
            .ok());
    FaultProxy proxy(m_port);
    const quint16 proxyPort = proxy.listen();
    QList<QByteArray> documentGets;
    proxy.setPlan([&](int, const QByteArray&, const QByteArray& path) {
        if (!path.contains("/content"))
            return Fault::None;
        documentGets << path;
        return documentGets.size() == 1 ? Fault::Truncate : Fault::None;
    });
    auto store = newClient(QStringLiteral("cut"));
    WaitingSession sync(*store, QUrl(QStringLiteral("http://127.0.0.1:%1").arg(proxyPort)));
    QVERIFY(sync.signIn(m_clerk, QStringLiteral("demo")));
    QVERIFY(sync.syncOnce().ok());
    const QString docId = store->connection().scalar("SELECT id FROM documents WHERE title = 'Lageplan'")->toString();
    DocumentCache cache(*store);
    const Status cut = sync.fetchDocument(docId);
    QVERIFY(!cut.ok());
    QCOMPARE(cut.error().code, Error::Offline);
    const qint64 partial = cache.partialSize(docId);
    // The proxy passed on half of the body; what arrived is kept.
    QVERIFY2(partial > big.size() / 4 && partial <= big.size() / 2 + 1, qPrintable(QString::number(partial)));
    QVERIFY(sync.fetchDocument(docId).ok());
    QCOMPARE(documentGets.size(), 2);
    QCOMPARE(cache.content(docId).value(), big);
}

// A backend that folds the login's case answers the sign-in with its own spelling (here the
// proxy spells the reference server's answer so). The window is told that spelling, the one the
// store keeps and names after an unlock: a note's draft, kept per clerk, is found under one name.
void TestSyncPull::theClerkIsNamedAsTheServerSpellsIt()
{
    FaultProxy proxy(m_port);
    const quint16 proxyPort = proxy.listen();
    const QByteArray spelled = m_clerk.toUpper().toUtf8();
    proxy.setRewrite("\"login\":\"" + m_clerk.toUtf8() + '"', "\"login\":\"" + spelled + '"');
    proxy.setPlan([](int, const QByteArray& method, const QByteArray& path) {
        return method == "POST" && path.contains("/auth/token") ? Fault::Rewrite : Fault::None;
    });
    auto store = newClient(QStringLiteral("spelling"));
    SyncEngine engine(*store, QUrl(QStringLiteral("http://127.0.0.1:%1").arg(proxyPort)));
    QSignalSpy signedIn(&engine, &SyncEngine::signedIn);
    engine.signIn(m_clerk, QStringLiteral("demo"));
    QTRY_COMPARE_WITH_TIMEOUT(signedIn.size(), 1, 20000);
    QCOMPARE(store->meta().value(QStringLiteral("clerk_login")).value(), QString::fromUtf8(spelled));
    QCOMPARE(signedIn.first().at(0).toString(), QString::fromUtf8(spelled));
    QVERIFY(QString::fromUtf8(spelled) != m_clerk);
}

// The sync writes a page on a worker connection; the window's connection (the owner's, on another
// thread here) writing all the while gets the store between two slices of the page, not only
// after its commit: some of its writes see the page half written.
void TestSyncPull::theWindowWritesBetweenTheSlicesOfAPage()
{
    // Three hundred new requests of the clerk's team: a page of several slices.
    Service svc;
    for (const Service& s : m_city->services())
        if (s.teamId == QLatin1String("parkraum"))
            svc = s;
    QVERIFY(!svc.id.isEmpty());
    for (int i = 0; i < 300; ++i) {
        Request r;
        r.serviceId = svc.id;
        r.channel = QStringLiteral("portal");
        r.submittedAt = m_clock.now();
        r.status = QStringLiteral("received");
        r.applicant.name = QStringLiteral("Antragstellerin %1").arg(i);
        QVERIFY(m_city->fileRequest(r, {}, QStringLiteral("portal")).ok());
    }
    auto store = newClient(QStringLiteral("turns"));
    // Not empty: the pull is an ordinary one (a first sync into an empty store imports in bulk).
    QVERIFY(store->upsertServices({ testdata::parkingService() }));
    QVERIFY(store->upsertRequests({ testdata::request(1, QStringLiteral("Lena Wagner")) }));
    Store worker(store->path());
    QVERIFY(worker.unlockAsWorker(store->rawKey()));
    WaitingSession sync(worker, url());
    sync.setPageSize(5000); // one page: a write between two pages would see a part of the feed too
    QVERIFY(sync.signIn(m_clerk, QStringLiteral("demo")));

    std::atomic<bool> stop { false };
    std::atomic<int> failed { 0 };
    std::thread window([&] {
        sql::Connection& c = store->connection();
        for (int i = 0; !stop.load(); ++i) {
            // What the window's write saw: the requests there were when it got the store.
            auto q = c.query("INSERT INTO meta(key, value) SELECT 'window-' || ?1, count(*) FROM requests");
            if (!q.bindAll(i).exec())
                failed.fetch_add(1);
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    });
    const auto pulled = sync.pull();
    stop = true;
    window.join();
    QVERIFY2(pulled.ok(), qPrintable(pulled.errorString()));
    QCOMPARE(failed.load(), 0);
    QVERIFY(pulled.value() < 5000); // (one page)
    const int all = store->connection().scalar("SELECT count(*) FROM requests")->toInt();
    const int ofTheTeam
        = m_city->connection().scalar("SELECT count(*) FROM requests WHERE team_id = 'parkraum'")->toInt();
    QCOMPARE(all, 1 + ofTheTeam); // (more than 300: a dozen slices)

    QList<qint64> seen;
    auto q = store->connection().query("SELECT CAST(value AS INTEGER) FROM meta WHERE key LIKE 'window-%'");
    while (q.next())
        seen << q.int64(0);
    QVERIFY(!seen.isEmpty());
    const bool halfway = std::any_of(seen.cbegin(), seen.cend(), [all](qint64 n) { return n > 1 && n < all; });
    QVERIFY2(halfway,
        qPrintable(
            QStringLiteral("the window's writes saw only the page before or after it: %1 writes").arg(seen.size())));
}

QTEST_GUILESS_MAIN(TestSyncPull)
#include "tst_sync_pull.moc"
