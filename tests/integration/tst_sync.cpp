// Sync against the real reference server over loopback, with real SQLCipher stores on both sides.
#include "core/store/DocumentCache.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"
#include "core/sync/SyncSession.h"
#include "server/Accounts.h"
#include "server/ApiServer.h"
#include "server/Seeder.h"
#include "server/SqlCityStore.h"

#include <QTemporaryDir>
#include <QTest>

using namespace clerk;
using namespace clerk::server;

class TestSync : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void initialSyncBringsOnlyMyTeam();
    void localChangeIsPushedOnce();
    void conflictResolvedBothWays();
    void serverDownThenBack();
    void expiredTokenKeepsOutbox();
    void restoredServerTriggersFullResync();
    void interruptedDownloadResumes();
    void documentTextBecomesSearchable();
    void malformedPageChangesNothing();

private:
    void startServer(quint16 port = 0);
    std::unique_ptr<Store> newClient(const QString& name);
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port)); }
    qint64 serverVersion(const QString& id) { return m_city->request(id)->version; }

    QTemporaryDir m_dir;
    ManualClock m_clock{QDateTime(QDate(2026, 11, 26), QTime(9, 0), QTimeZone::UTC)};
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
    SyncSession sync(*store, url());
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
    QVERIFY(!store->meta(QStringLiteral("cursor")).isEmpty());
    QCOMPARE(store->meta(QStringLiteral("fingerprint")), m_city->fingerprint());
    // The search index was built after the bulk import.
    const QString someone = store->connection().scalar("SELECT applicant FROM requests LIMIT 1")->toString();
    QVERIFY(!store->search(someone.section(QLatin1Char(' '), -1))->isEmpty());
    // A second pass brings nothing new.
    QCOMPARE(sync.syncOnce()->pulled, 0);
}

void TestSync::localChangeIsPushedOnce()
{
    auto store = newClient(QStringLiteral("a"));
    SyncSession sync(*store, url());
    QVERIFY(sync.signIn(m_clerk, QStringLiteral("demo")));
    QVERIFY(sync.syncOnce().ok());
    const QString id = store->connection().scalar("SELECT id FROM requests WHERE status = 'received' LIMIT 1")->toString();
    const qint64 v = serverVersion(id);
    QVERIFY(store->changeStatus(id, QStringLiteral("in_progress"), m_clerk).ok());
    QVERIFY(store->addNote(id, QStringLiteral("Halterabfrage beim KBA angestoßen"), m_clerk).ok());
    QCOMPARE(store->pendingCount(), 2);
    auto r = sync.syncOnce();
    QVERIFY(r.ok());
    QCOMPARE(r->pushed, 2);
    QCOMPARE(store->pendingCount(), 0);
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

void TestSync::conflictResolvedBothWays()
{
    auto a = newClient(QStringLiteral("a")), b = newClient(QStringLiteral("b"));
    SyncSession sa(*a, url()), sb(*b, url());
    QVERIFY(sa.signIn(m_clerk, QStringLiteral("demo")));
    QVERIFY(sb.signIn(m_clerk, QStringLiteral("demo")));
    QVERIFY(sa.syncOnce().ok());
    QVERIFY(sb.syncOnce().ok());
    const QStringList ids = a->connection().scalar("SELECT group_concat(id) FROM requests WHERE status = 'received'")->toString().split(QLatin1Char(','));
    QVERIFY(ids.size() >= 2);
    for (int round = 0; round < 2; ++round) {
        const QString id = ids.at(round);
        QVERIFY(a->changeStatus(id, QStringLiteral("in_progress"), m_clerk).ok());
        QVERIFY(sa.syncOnce().ok());
        QVERIFY(b->changeStatus(id, QStringLiteral("forwarded"), m_clerk).ok()); // b has not seen a's change
        auto r = sb.syncOnce();
        QVERIFY(r.ok());
        QList<Mutation> out = b->outbox();
        auto it = std::find_if(out.begin(), out.end(), [](const Mutation& m) { return m.state == Mutation::State::Conflict; });
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
        QCOMPARE(b->pendingCount(), 0);
    }
}

void TestSync::serverDownThenBack()
{
    auto store = newClient(QStringLiteral("a"));
    SyncSession sync(*store, url());
    QVERIFY(sync.signIn(m_clerk, QStringLiteral("demo")));
    QVERIFY(sync.syncOnce().ok());
    const quint16 port = m_port;
    m_api.reset(); // the server goes away
    const QStringList ids = store->connection().scalar("SELECT group_concat(id) FROM requests WHERE status = 'received'")->toString().split(QLatin1Char(','));
    for (int i = 0; i < qMin(3, int(ids.size())); ++i)
        QVERIFY(store->changeStatus(ids.at(i), QStringLiteral("in_progress"), m_clerk).ok());
    QVERIFY(store->addNote(ids.first(), QStringLiteral("offline geschrieben"), m_clerk).ok());
    auto failed = sync.syncOnce();
    QVERIFY(!failed.ok());
    QCOMPARE(failed.error().code, Error::Offline);
    QVERIFY(!failed.errorString().isEmpty());
    const int pending = store->pendingCount();
    QVERIFY(pending >= 2);
    startServer(port);
    QCOMPARE(m_port, port);
    QVERIFY(sync.syncOnce().ok());
    QCOMPARE(store->pendingCount(), 0);
    for (int i = 0; i < qMin(3, int(ids.size())); ++i)
        QCOMPARE(m_city->request(ids.at(i))->status, QStringLiteral("in_progress"));
    // In order: the note came after the status change of the same request.
    QVERIFY(m_city->connection().scalar("SELECT max(id) FROM audit WHERE action = 'note.create'")->toInt()
            > m_city->connection().scalar("SELECT min(id) FROM audit WHERE action = 'request.status'")->toInt());
}

void TestSync::expiredTokenKeepsOutbox()
{
    auto store = newClient(QStringLiteral("a"));
    SyncSession sync(*store, url());
    QVERIFY(sync.signIn(m_clerk, QStringLiteral("demo")));
    QVERIFY(sync.syncOnce().ok());
    const QString id = store->connection().scalar("SELECT id FROM requests LIMIT 1")->toString();
    QVERIFY(store->addNote(id, QStringLiteral("vor dem Ablauf"), m_clerk).ok());
    m_clock.advanceSecs(13 * 3600);
    auto r = sync.syncOnce();
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, Error::Unauthorized);
    QVERIFY(r.errorString().contains(QLatin1String("sign in")));
    QCOMPARE(store->pendingCount(), 1);
    QVERIFY(sync.signIn(m_clerk, QStringLiteral("demo")));
    QVERIFY(sync.syncOnce().ok());
    QCOMPARE(store->pendingCount(), 0);
}

void TestSync::restoredServerTriggersFullResync()
{
    auto store = newClient(QStringLiteral("a"));
    SyncSession sync(*store, url());
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
    auto r = sync.pull(nullptr);
    QVERIFY(r.ok());
    QCOMPARE(store->meta(QStringLiteral("fingerprint")), QStringLiteral("restored-from-backup"));
    QCOMPARE(store->pendingCount(), 1); // unsent work kept
    QVERIFY(sync.syncOnce().ok());
    QCOMPARE(store->pendingCount(), 0);
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
    QVERIFY(m_city->fileRequest(r, {NewAttachment{QStringLiteral("Gutachten"), QStringLiteral("attachment"),
                                                  QStringLiteral("application/pdf"), big}}, QStringLiteral("t")).ok());
    auto store = newClient(QStringLiteral("a"));
    SyncSession sync(*store, url());
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
    SyncSession sync(*store, url());
    QVERIFY(sync.signIn(m_clerk, QStringLiteral("demo")));
    QVERIFY(sync.syncOnce().ok());
    // The application summary PDF carries the text "Elektronisch übermittelt" at its foot.
    const QString docId = store->connection().scalar("SELECT id FROM documents WHERE kind = 'application' LIMIT 1")->toString();
    QVERIFY(store->search(QStringLiteral("elektronisch"))->isEmpty());
    QVERIFY(sync.fetchDocument(docId));
    QCOMPARE(store->search(QStringLiteral("elektronisch"))->size(), 1);
    QCOMPARE(store->search(QStringLiteral("übermittelt"))->size(), 1);
}

void TestSync::malformedPageChangesNothing()
{
    auto store = newClient(QStringLiteral("a"));
    SyncSession sync(*store, url());
    QVERIFY(sync.signIn(m_clerk, QStringLiteral("demo")));
    QVERIFY(sync.syncOnce().ok());
    const QString cursor = store->meta(QStringLiteral("cursor"));
    // A server-side bug stores a request body the client cannot decode.
    QVERIFY(m_city->connection().exec("UPDATE requests SET body = '{\"id\":\"../evil\",\"status\":\"x\"}' "
                                      "WHERE id = (SELECT id FROM requests WHERE team_id = 'parkraum' LIMIT 1)"));
    QVERIFY(m_city->connection().exec("INSERT INTO changes(kind, entity_id, team_id, op) "
                                      "SELECT 'request', id, team_id, 'upsert' FROM requests WHERE body LIKE '%evil%'"));
    auto r = sync.syncOnce();
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, Error::Invalid);
    QCOMPARE(store->meta(QStringLiteral("cursor")), cursor); // the page was not half-applied
}

QTEST_GUILESS_MAIN(TestSync)
#include "tst_sync.moc"
