// Sync against the real reference server over loopback, with real SQLCipher stores on both sides.
#include "../common/FaultProxy.h"
#include "../common/Waiting.h"
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
#include <optional>

using namespace clerk;
using namespace clerk::server;
using clerk::testproxy::Fault;
using clerk::testproxy::FaultProxy;

class TestSync : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void initialSyncBringsOnlyMyTeam();
    void localChangeIsPushedOnce();
    void yearsOfAnsweredChangesDoNotStopTheSync();
    void conflictResolvedBothWays();
    void serverDownThenBack();
    void expiredTokenKeepsOutbox();
    void restoredServerTriggersFullResync();
    void interruptedDownloadResumes();
    void documentTextBecomesSearchable();
    void malformedPageChangesNothing();
    void faultyNetworkLosesNothing();
    void rejectedChangeRetriedOrDiscarded();
    void engineReportsProgressAndPrefetches();
    void engineStopsSafelyMidPass();
    void stopEndsThePassAtOnce();
    void engineBuildsSearchIndexAfterFirstSync();
    void pageHeadScanAgreesWithTheParser();
    void proxyCutDownloadResumes();
    void annotationsSyncWithUndoAndReachColleagues();

private:
    void startServer(quint16 port = 0);
    std::unique_ptr<Store> newClient(const QString& name);
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port)); }
    qint64 serverVersion(const QString& id) { return m_city->request(id)->version; }

    QTemporaryDir m_dir;
    ManualClock m_clock { QDateTime(QDate(2026, 11, 26), QTime(9, 0), QTimeZone::UTC) };
    std::unique_ptr<SqlCityStore> m_city;
    std::unique_ptr<ApiServer> m_api;
    quint16 m_port = 0;
    SeedReport m_seed;
    QString m_clerk; // a clerk of team "parkraum"
    int m_clients = 0;
};

void TestSync::initTestCase()
{
    QVERIFY(accounts::initialise());
}

void TestSync::init()
{
    QDir(m_dir.filePath(QStringLiteral("city"))).removeRecursively();
    QDir().mkpath(m_dir.filePath(QStringLiteral("city")));
    SqlCityStore::Options o;
    o.path = m_dir.filePath(QStringLiteral("city/city.db"));
    o.key = "sync-test-key-0123456789";
    o.highwaterPath = m_dir.filePath(QStringLiteral("city/city.highwater"));
    m_city = std::move(SqlCityStore::open(o).value());
    SeedOptions seed;
    seed.seed = 3;
    seed.requests = 160;
    seed.today = QDate(2026, 11, 26);
    m_seed = seedCity(*m_city, seed).value();
    m_clerk = m_seed.demoLogins.first();
    startServer();
}

void TestSync::cleanup()
{
    m_api.reset();
    m_city.reset();
}

void TestSync::startServer(quint16 port)
{
    m_api = std::make_unique<ApiServer>(*m_city, m_clock);
    m_port = m_api->listen(QHostAddress::LocalHost, port);
    QVERIFY(m_port != 0);
}

std::unique_ptr<Store> TestSync::newClient(const QString& name)
{
    auto s = std::make_unique<Store>(m_dir.filePath(QStringLiteral("%1-%2.db").arg(name).arg(++m_clients)));
    if (!s->create("client-passphrase"))
        return nullptr;
    return s;
}

void TestSync::initialSyncBringsOnlyMyTeam()
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

void TestSync::localChangeIsPushedOnce()
{
    auto store = newClient(QStringLiteral("a"));
    WaitingSession sync(*store, url());
    QVERIFY(sync.signIn(m_clerk, QStringLiteral("demo")));
    QVERIFY(sync.syncOnce().ok());
    const QString id
        = store->connection().scalar("SELECT id FROM requests WHERE status = 'received' LIMIT 1")->toString();
    const qint64 v = serverVersion(id);
    QVERIFY(store->changeStatus(id, QStringLiteral("in_progress"), m_clerk).ok());
    QVERIFY(store->addNote(id, QStringLiteral("Halterabfrage beim KBA angestoßen"), m_clerk).ok());
    QCOMPARE(store->outbox().pendingCount().value(), 2);
    auto r = sync.syncOnce();
    QVERIFY(r.ok());
    QCOMPARE(r->pushed, 2);
    QCOMPARE(store->outbox().pendingCount().value(), 0);
    QCOMPARE(serverVersion(id), v + 1);
    QCOMPARE(m_city->request(id)->status, QStringLiteral("in_progress"));
    QCOMPARE(store->request(id)->version, v + 1);
    QCOMPARE(m_city->connection().scalar("SELECT count(*) FROM notes WHERE body LIKE '%KBA%'")->toInt(), 1);
    // A lost reply: the mutation is still marked "sent" and goes again; the server applies it once.
    QVERIFY(store->connection().exec("UPDATE outbox SET state = 'sent'"));
    QVERIFY(sync.syncOnce().ok());
    QCOMPARE(serverVersion(id), v + 1);
    QCOMPARE(m_city->connection().scalar("SELECT count(*) FROM notes WHERE body LIKE '%KBA%'")->toInt(), 1);
}

void TestSync::yearsOfAnsweredChangesDoNotStopTheSync()
{
    auto store = newClient(QStringLiteral("a"));
    WaitingSession sync(*store, url());
    QVERIFY(sync.signIn(m_clerk, QStringLiteral("demo")));
    QVERIFY(sync.syncOnce().ok());
    const QString id = store->connection().scalar("SELECT id FROM requests ORDER BY rid LIMIT 1")->toString();
    QVERIFY(!id.isEmpty());
    // 150,000 answered changes ahead of the new one: what a profile from before the bounded history
    // holds after a busy year, or a few bulk assignments.
    {
        sql::Transaction tx(store->connection());
        QVERIFY(tx.ok());
        QVERIFY(store->connection().exec(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 150000) "
            "INSERT INTO outbox(mutation_id, kind, op, target_id, base_version, data, created_at, state) "
            "SELECT 'answered-' || i, 'note', 'create', 'note-' || i, 0, '{}', 0, 'applied' FROM n"));
        QVERIFY(tx.commit());
    }
    QCOMPARE(store->connection().scalar("SELECT count(*) FROM outbox WHERE state = 'applied'")->toInt(), 150000);
    QCOMPARE(store->outbox().pendingCount().value(), 0);
    const QString text = QStringLiteral("Nach zwei Jahren im Dienst: Rückfrage an das Bürgerbüro");
    QVERIFY(store->addNote(id, text, m_clerk).ok());
    QCOMPARE(store->outbox().pendingCount().value(), 1);
    QCOMPARE(store->outboxCounts()->unsent, 1);

    auto r = sync.syncOnce();
    QVERIFY2(r.ok(), qPrintable(r.error().detail));
    QCOMPARE(r->pushed, 1);
    QCOMPARE(store->outbox().pendingCount().value(), 0);
    auto onServer = m_city->connection().query("SELECT count(*) FROM notes WHERE request_id = ?1 AND body LIKE ?2");
    onServer.bindAll(id, QStringLiteral("%Nach zwei Jahren im Dienst%"));
    QVERIFY(onServer.next());
    QCOMPARE(onServer.integer(0), 1);
    // The answer removed the old history beyond its bound, in the same transaction; the new change
    // is the newest entry kept.
    QCOMPARE(store->connection().scalar("SELECT count(*) FROM outbox")->toInt(), Store::kAppliedKept);
    QCOMPARE(store->connection().scalar("SELECT data FROM outbox ORDER BY seq DESC LIMIT 1")->toString().contains(text),
        true);
}

void TestSync::conflictResolvedBothWays()
{
    auto a = newClient(QStringLiteral("a")), b = newClient(QStringLiteral("b"));
    WaitingSession sa(*a, url()), sb(*b, url());
    QVERIFY(sa.signIn(m_clerk, QStringLiteral("demo")));
    QVERIFY(sb.signIn(m_clerk, QStringLiteral("demo")));
    QVERIFY(sa.syncOnce().ok());
    QVERIFY(sb.syncOnce().ok());
    const QStringList ids = a->connection()
                                .scalar("SELECT group_concat(id) FROM requests WHERE status = 'received'")
                                ->toString()
                                .split(QLatin1Char(','));
    QVERIFY(ids.size() >= 2);
    for (int round = 0; round < 2; ++round) {
        const QString id = ids.at(round);
        QVERIFY(a->changeStatus(id, QStringLiteral("in_progress"), m_clerk).ok());
        QVERIFY(sa.syncOnce().ok());
        QVERIFY(b->changeStatus(id, QStringLiteral("forwarded"), m_clerk).ok()); // b has not seen a's change
        auto r = sb.syncOnce();
        QVERIFY(r.ok());
        QList<Mutation> out = b->outbox().all().value();
        auto it = std::find_if(
            out.begin(), out.end(), [](const Mutation& m) { return m.state == Mutation::State::Conflict; });
        QVERIFY(it != out.end());
        QCOMPARE(it->serverState.value(QLatin1String("status")).toString(), QStringLiteral("in_progress"));
        if (round == 0) {
            QVERIFY(b->resolveConflict(it->mutationId, Store::Resolution::TakeTheirs));
            QCOMPARE(b->request(id)->status, QStringLiteral("in_progress"));
            QVERIFY(sb.syncOnce().ok());
            QCOMPARE(m_city->request(id)->status, QStringLiteral("in_progress"));
        } else {
            // "keep mine": in_progress → forwarded is allowed on top of the server's state.
            QVERIFY(b->resolveConflict(it->mutationId, Store::Resolution::KeepMine));
            QVERIFY(sb.syncOnce().ok());
            QCOMPARE(m_city->request(id)->status, QStringLiteral("forwarded"));
            QVERIFY(sa.syncOnce().ok());
            QCOMPARE(a->request(id)->status, QStringLiteral("forwarded")); // the other client sees it
        }
        QCOMPARE(b->outbox().pendingCount().value(), 0);
    }
}

void TestSync::serverDownThenBack()
{
    auto store = newClient(QStringLiteral("a"));
    WaitingSession sync(*store, url());
    QVERIFY(sync.signIn(m_clerk, QStringLiteral("demo")));
    QVERIFY(sync.syncOnce().ok());
    const quint16 port = m_port;
    m_api.reset(); // the server goes away
    const QStringList ids = store->connection()
                                .scalar("SELECT group_concat(id) FROM requests WHERE status = 'received'")
                                ->toString()
                                .split(QLatin1Char(','));
    for (int i = 0; i < qMin(3, int(ids.size())); ++i)
        QVERIFY(store->changeStatus(ids.at(i), QStringLiteral("in_progress"), m_clerk).ok());
    QVERIFY(store->addNote(ids.first(), QStringLiteral("offline geschrieben"), m_clerk).ok());
    auto failed = sync.syncOnce();
    QVERIFY(!failed.ok());
    QCOMPARE(failed.error().code, Error::Offline);
    QVERIFY(!failed.errorString().isEmpty());
    const int pending = store->outbox().pendingCount().value();
    QVERIFY(pending >= 2);
    startServer(port);
    QCOMPARE(m_port, port);
    QVERIFY(sync.syncOnce().ok());
    QCOMPARE(store->outbox().pendingCount().value(), 0);
    for (int i = 0; i < qMin(3, int(ids.size())); ++i)
        QCOMPARE(m_city->request(ids.at(i))->status, QStringLiteral("in_progress"));
    // In order: the note came after the status change of the same request.
    QVERIFY(m_city->connection().scalar("SELECT max(id) FROM audit WHERE action = 'note.create'")->toInt()
        > m_city->connection().scalar("SELECT min(id) FROM audit WHERE action = 'request.status'")->toInt());
}

void TestSync::expiredTokenKeepsOutbox()
{
    auto store = newClient(QStringLiteral("a"));
    WaitingSession sync(*store, url());
    QVERIFY(sync.signIn(m_clerk, QStringLiteral("demo")));
    QVERIFY(sync.syncOnce().ok());
    const QString id = store->connection().scalar("SELECT id FROM requests LIMIT 1")->toString();
    QVERIFY(store->addNote(id, QStringLiteral("vor dem Ablauf"), m_clerk).ok());
    m_clock.advanceSecs(13 * 3600);
    auto r = sync.syncOnce();
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, Error::Unauthorized);
    QVERIFY(r.errorString().contains(QLatin1String("sign in")));
    QCOMPARE(store->outbox().pendingCount().value(), 1);
    QVERIFY(sync.signIn(m_clerk, QStringLiteral("demo")));
    QVERIFY(sync.syncOnce().ok());
    QCOMPARE(store->outbox().pendingCount().value(), 0);
}

void TestSync::restoredServerTriggersFullResync()
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

void TestSync::interruptedDownloadResumes()
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

void TestSync::documentTextBecomesSearchable()
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

void TestSync::malformedPageChangesNothing()
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

void TestSync::faultyNetworkLosesNothing()
{
    // Every kind of fault hits the mutation upload in turn, and every third read of the changes feed
    // or the catalogue breaks too. The clerk keeps working between the passes.
    FaultProxy proxy(m_port);
    const quint16 proxyPort = proxy.listen();
    QVERIFY(proxyPort != 0);
    const QList<Fault> kinds = { Fault::DropBeforeForward, Fault::DropAfterForward, Fault::Truncate, Fault::Slow,
        Fault::Malformed, Fault::ServerError, Fault::None };
    int posts = 0, gets = 0;
    bool faulty = false;
    QMultiHash<Fault, QByteArray> seen;
    proxy.setPlan([&](int, const QByteArray& method, const QByteArray& path) {
        if (!faulty)
            return Fault::None;
        const Fault f = method == "POST" ? kinds.at(posts++ % kinds.size())
                                         : (gets++ % 3 == 2 ? kinds.at((gets / 3) % kinds.size()) : Fault::None);
        seen.insert(f, method + ' ' + path.split('?').first());
        return f;
    });
    proxy.setSlowMs(1200);
    auto store = newClient(QStringLiteral("faulty"));
    WaitingSession sync(*store, QUrl(QStringLiteral("http://127.0.0.1:%1").arg(proxyPort)));
    QVERIFY(sync.signIn(m_clerk, QStringLiteral("demo")));
    // After the sign-in: the server's password check alone can take longer than that on a busy machine.
    sync.client().setTimeoutMs(500);
    QVERIFY(sync.syncOnce().ok());
    const QStringList received
        = store->connection()
              .scalar("SELECT group_concat(id) FROM (SELECT id FROM requests WHERE status = 'received' ORDER BY id)")
              ->toString()
              .split(QLatin1Char(','));
    QVERIFY(received.size() >= 2);
    const QStringList all
        = store->connection().scalar("SELECT group_concat(id) FROM requests")->toString().split(QLatin1Char(','));
    QHash<QString, qint64> versionBefore;
    faulty = true;
    const int rounds = 24;
    int failedPasses = 0;
    QSet<int> codes;
    for (int round = 0; round < rounds; ++round) {
        const QString id = round < received.size() ? received.at(round) : all.at(round % all.size());
        if (round < received.size()) {
            versionBefore.insert(id, serverVersion(id));
            QVERIFY(store->changeStatus(id, QStringLiteral("in_progress"), m_clerk).ok());
        }
        QVERIFY(store->addNote(id, QStringLiteral("Fault round %1").arg(round), m_clerk).ok());
        auto r = sync.syncOnce();
        if (!r.ok()) {
            ++failedPasses;
            codes.insert(int(r.error().code));
            // A clerk-readable reason, never an empty one.
            QVERIFY2(r.errorString().size() > 20, qPrintable(r.errorString()));
        }
    }
    faulty = false;
    for (int pass = 0; pass < 3 && store->outbox().pendingCount().value() > 0; ++pass)
        QVERIFY(sync.syncOnce().ok());
    QCOMPARE(store->outbox().pendingCount().value(), 0);
    QVERIFY2(failedPasses >= rounds / 3, qPrintable(QString::number(failedPasses)));
    QVERIFY(codes.contains(int(Error::Offline)));
    QVERIFY(codes.contains(int(Error::Invalid)));
    QVERIFY(codes.contains(int(Error::Busy)));
    for (Fault f : kinds)
        QVERIFY2(seen.contains(f, "POST /v1/mutations"), testproxy::faultName(f));
    // Exactly once: every note once, every status change one version step.
    for (int round = 0; round < rounds; ++round) {
        auto q = m_city->connection().query("SELECT count(*) FROM notes WHERE body LIKE ?1");
        q.bindAll(QStringLiteral("%\"Fault round %1\"%").arg(round));
        QVERIFY(q.next());
        QCOMPARE(q.integer(0), 1);
    }
    for (auto it = versionBefore.cbegin(); it != versionBefore.cend(); ++it) {
        QCOMPARE(m_city->request(it.key())->status, QStringLiteral("in_progress"));
        // status change + one or more notes: the note does not step the request's version.
        QCOMPARE(serverVersion(it.key()), it.value() + 1);
    }
    // Nothing left unsent or waiting for a decision (counted by state, not from the kept history).
    QCOMPARE(store->outboxCounts()->unsent, 0);
    QCOMPARE(store->outboxCounts()->decisions(), 0);
    // The local store agrees with the server after the dust settles.
    for (auto it = versionBefore.cbegin(); it != versionBefore.cend(); ++it)
        QCOMPARE(store->request(it.key())->version, serverVersion(it.key()));
    QVERIFY(store->connection().scalar("PRAGMA integrity_check")->toString() == QLatin1String("ok"));
}

void TestSync::rejectedChangeRetriedOrDiscarded()
{
    auto store = newClient(QStringLiteral("a"));
    WaitingSession sync(*store, url());
    QVERIFY(sync.signIn(m_clerk, QStringLiteral("demo")));
    QVERIFY(sync.syncOnce().ok());
    const QString id = store->connection().scalar("SELECT id FROM requests LIMIT 1")->toString();
    const QString before = store->request(id)->assignee;
    // Nobody called "mallory" works in the team: the server refuses, and says what it has.
    QVERIFY(store->assign(id, QStringLiteral("mallory"), m_clerk).ok());
    QCOMPARE(store->request(id)->assignee, QStringLiteral("mallory")); // visible at once, offline too
    QVERIFY(sync.syncOnce().ok());
    QList<Mutation> problems = store->outbox().problemsOf(id).value();
    QCOMPARE(problems.size(), 1);
    QCOMPARE(problems.first().state, Mutation::State::Rejected);
    QVERIFY(problems.first().lastError.contains(QLatin1String("invalid_assignee")));
    QCOMPARE(problems.first().serverState.value(QLatin1String("id")).toString(), id);
    // Retry goes again under a new id and is refused again (nothing changed on the server).
    const QString firstId = problems.first().mutationId;
    QVERIFY(store->retryMutation(firstId).ok());
    QVERIFY(!store->retryMutation(firstId).ok());
    QCOMPARE(store->outbox().pendingCount().value(), 1);
    QVERIFY(sync.syncOnce().ok());
    problems = store->outbox().problemsOf(id).value();
    QCOMPARE(problems.size(), 1);
    QVERIFY(problems.first().mutationId != firstId);
    QCOMPARE(problems.first().state, Mutation::State::Rejected);
    // Discard: the local effect goes, the server's state comes back.
    QVERIFY(store->discardMutation(problems.first().mutationId).ok());
    QVERIFY(store->outbox().problemsOf(id).value().isEmpty());
    QCOMPARE(store->request(id)->assignee, before);
    QCOMPARE(m_city->request(id)->assignee, before);
    // A real colleague is accepted.
    QString colleague;
    for (const Clerk& c : m_city->clerksOfTeam(QStringLiteral("parkraum")))
        if (c.login != m_clerk)
            colleague = c.login;
    QVERIFY(!colleague.isEmpty());
    QVERIFY(store->assign(id, colleague, m_clerk).ok());
    QVERIFY(sync.syncOnce().ok());
    QCOMPARE(m_city->request(id)->assignee, colleague);
}

void TestSync::engineReportsProgressAndPrefetches()
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

void TestSync::engineStopsSafelyMidPass()
{
    // The engine is destroyed (lock, quit) while its thread waits inside a download of a prefetch:
    // the pass unwinds first, nothing is used after it is gone, and the store stays usable.
    auto store = newClient(QStringLiteral("stop"));
    {
        WaitingSession sync(*store, url());
        QVERIFY(sync.signIn(m_clerk, QStringLiteral("demo")));
        QVERIFY(sync.syncOnce().ok());
    }
    for (int round = 0; round < 3; ++round) {
        auto engine = std::make_unique<SyncEngine>(*store, url());
        engine->setPrefetchBudget(qint64(1) << 30);
        engine->setIntervalMs(50); // timers fire while the pass waits: never re-entered
        QSignalSpy prefetched(engine.get(), &SyncEngine::prefetchProgress);
        engine->resume();
        engine->syncNow();
        QTRY_VERIFY_WITH_TIMEOUT(
            !prefetched.isEmpty() || DocumentCache(*store).prefetchCandidates(m_clerk, qint64(1) << 30, 1).isEmpty(),
            20000);
        engine.reset(); // mid-prefetch when there is still something to fetch
    }
    QVERIFY(store->connection().scalar("PRAGMA integrity_check")->toString() == QLatin1String("ok"));
    QVERIFY(store
            ->addNote(store->connection().scalar("SELECT id FROM requests LIMIT 1")->toString(),
                QStringLiteral("after stop"), m_clerk)
            .ok());
}

void TestSync::stopEndsThePassAtOnce()
{
    // A stop while a request is on its way ends the call before stop() returns: the request is
    // aborted, an open page transaction rolls back, and a change being sent stays in the outbox
    // (the server, which may have applied it, answers the resend with its first answer).
    FaultProxy proxy(m_port);
    const quint16 proxyPort = proxy.listen();
    QVERIFY(proxyPort != 0);
    bool slowPosts = false, slowPages = false;
    int held = 0;
    proxy.setPlan([&](int, const QByteArray& method, const QByteArray& path) {
        const bool slow = (slowPosts && method == "POST" && path.startsWith("/v1/mutations"))
            || (slowPages && path.startsWith("/v1/changes") && path.contains("cursor="));
        held += slow ? 1 : 0;
        return slow ? Fault::Slow : Fault::None;
    });
    proxy.setSlowMs(120000);
    auto store = newClient(QStringLiteral("stopped"));
    WaitingSession sync(*store, QUrl(QStringLiteral("http://127.0.0.1:%1").arg(proxyPort)));
    QVERIFY(sync.signIn(m_clerk, QStringLiteral("demo")));
    auto requestCount = [&store] { return store->connection().scalar("SELECT count(*) FROM requests")->toLongLong(); };

    // A first sync in pages of 5, stopped while its second page is held back.
    sync.setPageSize(5);
    slowPages = true;
    std::optional<Result<SyncReport>> answer;
    sync.SyncSession::syncOnce([&answer](Result<SyncReport> r) { answer.emplace(std::move(r)); });
    QTRY_COMPARE(held, 1);
    QVERIFY(!answer.has_value());
    QVERIFY(sync.running());
    sync.stop();
    QVERIFY(answer.has_value()); // before stop() returned
    QCOMPARE(answer->error().code, Error::Cancelled);
    QVERIFY(!sync.running());
    QCOMPARE(sync.client().pendingCount(), 0);
    QCOMPARE(store->meta().value(QStringLiteral("cursor")).value(), QString()); // no page applied
    QCOMPARE(requestCount(), 0);
    slowPages = false;
    QVERIFY(sync.syncOnce().ok()); // starts over and completes
    QVERIFY(requestCount() > 5);
    QCOMPARE(requestCount(),
        m_city->connection().scalar("SELECT count(*) FROM requests WHERE team_id = 'parkraum'")->toLongLong());

    // A push stopped while its batch is on its way.
    const QString id = store->connection().scalar("SELECT id FROM requests LIMIT 1")->toString();
    QVERIFY(store->addNote(id, QStringLiteral("Sent while the sync stopped"), m_clerk).ok());
    slowPosts = true;
    held = 0;
    answer.reset();
    sync.SyncSession::syncOnce([&answer](Result<SyncReport> r) { answer.emplace(std::move(r)); });
    QTRY_COMPARE(held, 1);
    sync.stop();
    QVERIFY(answer.has_value());
    QCOMPARE(answer->error().code, Error::Cancelled);
    QCOMPARE(sync.client().pendingCount(), 0);
    QCOMPARE(store->outbox().pendingCount().value(), 1); // kept for the next pass
    slowPosts = false;
    QVERIFY(sync.syncOnce().ok());
    QCOMPARE(store->outbox().pendingCount().value(), 0);
    auto q = m_city->connection().query("SELECT count(*) FROM notes WHERE body LIKE ?1");
    q.bindAll(QStringLiteral("%Sent while the sync stopped%"));
    QVERIFY(q.next());
    QCOMPARE(q.integer(0), 1); // exactly once
}

void TestSync::engineBuildsSearchIndexAfterFirstSync()
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

void TestSync::pageHeadScanAgreesWithTheParser()
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

void TestSync::proxyCutDownloadResumes()
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

void TestSync::annotationsSyncWithUndoAndReachColleagues()
{
    auto a = newClient(QStringLiteral("a")), b = newClient(QStringLiteral("b"));
    WaitingSession sa(*a, url()), sb(*b, url());
    QVERIFY(sa.signIn(m_clerk, QStringLiteral("demo")));
    QVERIFY(sb.signIn(m_clerk, QStringLiteral("demo")));
    QVERIFY(sa.syncOnce().ok());
    QVERIFY(sb.syncOnce().ok());
    const QString documentId = a->connection().scalar("SELECT id FROM documents LIMIT 1")->toString();
    QVERIFY(!documentId.isEmpty());

    // Offline on A: add, move, recolour, undo the recolour, delete, undo the delete — six changes
    // queued, each based on the version the one before it will leave on the server.
    AnnotationHistory history(*a, m_clerk);
    Annotation stamp;
    stamp.documentId = documentId;
    stamp.type = AnnotationType::Stamp;
    stamp.text = pdf::stampLabel(QStringLiteral("approved"));
    pdf::Geometry::setRect(stamp, QRectF(350, 600, 180, 60));
    auto added = history.add(stamp);
    QVERIFY2(added, qPrintable(added.errorString()));
    Annotation moved = added.value();
    pdf::Geometry::translate(moved, -100, 0);
    QVERIFY(history.change(added.value(), moved));
    Annotation green = a->annotation(added->id).value();
    green.color = QStringLiteral("#00aa00");
    QVERIFY(history.change(a->annotation(added->id).value(), green));
    history.stack()->undo();
    QVERIFY(history.remove(a->annotation(added->id).value()));
    history.stack()->undo();
    QCOMPARE(a->outbox().pendingCount().value(), 6);

    auto r = sa.syncOnce();
    QVERIFY2(r.ok(), qPrintable(r.error().message));
    QCOMPARE(r->pushed, 6);
    QCOMPARE(a->outbox().pendingCount().value(), 0);
    QCOMPARE(a->outboxCounts()->decisions(), 0);
    QCOMPARE(a->annotation(added->id)->version, 6); // created at 1, five changes later
    // The server has it as the clerk left it: moved, not recoloured, not deleted, by this clerk.
    QJsonObject body;
    {
        // (scoped: the server's connection reuses this statement for its feed)
        auto q = m_city->connection().query("SELECT body, version FROM annotations WHERE id = ?1");
        q.bindAll(added->id);
        QVERIFY(q.next());
        body = QJsonDocument::fromJson(q.text(0).toUtf8()).object();
        QCOMPARE(q.int64(1), 6);
    }
    QCOMPARE(body.value(QLatin1String("deleted")).toBool(), false);
    QCOMPARE(body.value(QLatin1String("author")).toString(), m_clerk);
    QCOMPARE(body.value(QLatin1String("text")).toString(), QStringLiteral("Genehmigt"));
    QCOMPARE(body.value(QLatin1String("color")).toString(), annotationColor(AnnotationType::Stamp));
    QCOMPARE(body.value(QLatin1String("geometry")).toObject().value(QLatin1String("rect")).toArray().first().toDouble(),
        250.0);

    // The colleague's client gets it with the next sync, in the same place.
    QVERIFY(sb.syncOnce().ok());
    const QList<Annotation> seen = b->annotations().of(documentId).value();
    auto it = std::find_if(seen.cbegin(), seen.cend(), [&](const Annotation& x) { return x.id == added->id; });
    QVERIFY(it != seen.cend());
    QCOMPARE(pdf::Geometry::rect(*it), QRectF(250, 600, 180, 60));
    QCOMPARE(it->version, 6);

    // B deletes it; A, which changes it at the same time, gets a conflict and takes B's state.
    AnnotationHistory historyB(*b, m_clerk);
    QVERIFY(historyB.remove(*it));
    QVERIFY(sb.syncOnce().ok());
    Annotation late = a->annotation(added->id).value();
    late.text = QStringLiteral("Geprüft");
    QVERIFY(a->updateAnnotation(late).ok());
    QVERIFY(sa.syncOnce().ok());
    QList<Mutation> out = a->outbox().all().value();
    auto conflict
        = std::find_if(out.begin(), out.end(), [](const Mutation& m) { return m.state == Mutation::State::Conflict; });
    QVERIFY(conflict != out.end());
    QVERIFY(a->resolveConflict(conflict->mutationId, Store::Resolution::TakeTheirs));
    const QList<Annotation> left = a->annotations().of(documentId).value();
    QVERIFY(std::none_of(left.cbegin(), left.cend(), [&](const Annotation& x) { return x.id == added->id; }));
    QVERIFY(a->annotation(added->id)->deleted);
}

QTEST_GUILESS_MAIN(TestSync)
#include "tst_sync.moc"
