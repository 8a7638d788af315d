// Live updates (GET /v1/events) with real parts: the reference server on loopback, the real sync
// engine with a real SQLCipher profile, and — for the instances of a city — two servers on one real
// PostgreSQL (TestPostgres.h), so that a change through instance A reaches a clerk whose stream is
// open at instance B only through LISTEN/NOTIFY. The latencies are printed (qInfo), never asserted.
// The heartbeat (which also looks for news) is set to an hour and polling to minutes, so that only
// the store's announcement can explain a change that arrives.
#include "../common/RawHttp.h"
#include "../common/TestCity.h"
#include "core/store/Store.h"
#include "core/sync/SyncEngine.h"
#include "server/Accounts.h"
#include "server/FeedCursor.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QUuid>

using namespace clerk;
using namespace clerk::server;

namespace {

constexpr int kHour = 3600 * 1000;

// A stream read byte for byte over a socket: what the server writes, as it writes it.
struct RawStream
{
    QTcpSocket socket;
    QByteArray seen;

    bool open(quint16 port, const QByteArray& token, const QByteArray& query = {})
    {
        socket.connectToHost(QHostAddress::LocalHost, port);
        if (!socket.waitForConnected(5000))
            return false;
        socket.write("GET /v1/events" + query + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
            + (token.isEmpty() ? QByteArray() : "Authorization: Bearer " + token + "\r\n") + "\r\n");
        return true;
    }
    // Waits (with the event loop running: the server is in this process) until `needle` has come.
    bool waitFor(const QByteArray& needle, int timeoutMs = 10000)
    {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < timeoutMs) {
            seen += socket.readAll();
            if (seen.contains(needle))
                return true;
            QTest::qWait(5);
        }
        return false;
    }
    bool waitClosed(int timeoutMs = 10000)
    {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < timeoutMs && socket.state() != QAbstractSocket::UnconnectedState) {
            seen += socket.readAll();
            QTest::qWait(5);
        }
        seen += socket.readAll();
        return socket.state() == QAbstractSocket::UnconnectedState;
    }
};

// A clerk's desktop: a real profile and the real sync engine, signed in and synced.
struct Desktop
{
    std::unique_ptr<Store> store;
    std::unique_ptr<SyncEngine> engine;

    QString start(const QString& path, const QUrl& backend, const QString& login, int intervalMs)
    {
        store = std::make_unique<Store>(path);
        if (!store->create("client-passphrase"))
            return QStringLiteral("no client store");
        engine = std::make_unique<SyncEngine>(*store, backend);
        engine->setIntervalMs(intervalMs);
        QSignalSpy synced(engine.get(), &SyncEngine::synced);
        engine->signIn(login, QStringLiteral("demo"));
        if (!synced.wait(30000))
            return QStringLiteral("the first sync did not end");
        QElapsedTimer t;
        t.start();
        while (!engine->isLive() && t.elapsed() < 10000)
            QTest::qWait(10);
        if (!engine->isLive())
            return QStringLiteral("the live stream did not open");
        // The stream may have opened before the first sync stored its cursor: its news brings one
        // more pass. Let it end, so that what follows is not carried by it.
        QTest::qWait(1000);
        return {};
    }
    QString assignee(const QString& requestId) const
    {
        auto r = store->request(requestId);
        return r ? r->assignee : QString();
    }
};

QJsonObject claim(const QString& requestId, qint64 baseVersion)
{
    return { { QStringLiteral("mutations"),
        QJsonArray {
            QJsonObject { { QStringLiteral("mutation_id"), QUuid::createUuid().toString(QUuid::WithoutBraces) },
                { QStringLiteral("kind"), QStringLiteral("request") },
                { QStringLiteral("op"), QStringLiteral("claim") }, { QStringLiteral("target_id"), requestId },
                { QStringLiteral("base_version"), baseVersion }, { QStringLiteral("data"), QJsonObject() } } } } };
}

} // namespace

class TestLiveEvents : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void unauthorizedStreamIsRefused();
    void colleaguesClaimArrivesAtOnce();
    void changeThroughOneInstanceReachesAnother();
    void deskToDeskClaimArrivesAtOnce();
    void closedStreamFallsBackToPolling();
    void listenerReconnectsWhenItsConnectionDrops();
    void revokedTokenEndsItsStreams();
    void streamsPerClerkAreBounded();

private:
    // Two clerks of one team: the desktop's and the colleague's.
    void colleagues(QString* mine, QString* theirs);
    // Requests of team parkraum that `login` does not have yet, with their versions on the server.
    static QList<QPair<QString, qint64>> requestsNotOf(testcity::City& city, const QString& login, int n);
    // The colleague claims `id` through `base`; then waits until the desktop has it. Milliseconds.
    qint64 claimAndWait(const QString& base, const QString& colleague, Desktop& desk, const QString& id, qint64 v);

    std::unique_ptr<testcity::City> m_city;
    QTemporaryDir m_dir;
};

void TestLiveEvents::initTestCase()
{
    QVERIFY(accounts::initialise());
}

void TestLiveEvents::init()
{
    m_city = std::make_unique<testcity::City>();
    testcity::Options o;
    o.seed.requests = 60;
    o.seed.documents = false;
    o.seed.today = QDate(2026, 11, 26);
    o.streamHeartbeatMs = kHour;
    const QString failed = m_city->start(o);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
}

void TestLiveEvents::cleanup()
{
    m_city.reset();
}

void TestLiveEvents::colleagues(QString* mine, QString* theirs)
{
    QStringList team; // clerks of the team (not the administrator, who sees every team)
    for (const Clerk& c : m_city->store->clerksOfTeam(QStringLiteral("parkraum")))
        if (c.role == QLatin1String("clerk"))
            team << c.login;
    QVERIFY(team.size() >= 2);
    *mine = team.at(0);
    *theirs = team.at(1);
}

QList<QPair<QString, qint64>> TestLiveEvents::requestsNotOf(testcity::City& city, const QString& login, int n)
{
    QList<QPair<QString, qint64>> out;
    for (const QStringList& row : city.rows(QStringLiteral("SELECT id FROM requests WHERE team_id = 'parkraum' "
                                                           "ORDER BY id"))) {
        auto r = city.store->request(row.first());
        if (r && r->assignee != login)
            out << qMakePair(r->id, r->version);
        if (out.size() == n)
            break;
    }
    return out;
}

qint64 TestLiveEvents::claimAndWait(
    const QString& base, const QString& colleague, Desktop& desk, const QString& id, qint64 v)
{
    testhttp::Client c(base);
    c.setToken(m_city->signIn(colleague));
    QElapsedTimer t;
    qint64 arrived = -1;
    // Looked at each time the engine has written a pass (on its own thread, into the same file).
    auto seen = connect(desk.engine.get(), &SyncEngine::synced, this, [&] {
        if (arrived < 0 && desk.assignee(id) == colleague)
            arrived = t.elapsed();
    });
    t.start();
    const auto r = c.postJson(QStringLiteral("/v1/mutations"), claim(id, v));
    if (r.status != 200
        || r.json().value(QLatin1String("results")).toArray().first().toObject().value(QLatin1String("status"))
            != QLatin1String("applied")) {
        qWarning() << "the colleague's claim failed:" << r.status << r.body;
        return -1;
    }
    const qint64 posted = t.elapsed();
    while (arrived < 0 && t.elapsed() < 20000)
        QTest::qWait(2);
    disconnect(seen);
    if (arrived >= 0)
        qInfo("live update: the colleague's claim (answered after %lld ms) was in the desktop's store after %lld ms",
            posted, arrived);
    return arrived;
}

void TestLiveEvents::unauthorizedStreamIsRefused()
{
    for (const QByteArray& token : { QByteArray(), QByteArray("not-a-token") }) {
        RawStream s;
        QVERIFY(s.open(m_city->port, token));
        const testhttp::RawReply r = testhttp::readResponse(s.socket);
        QCOMPARE(r.status, 401);
        QVERIFY(r.head.contains("content-type: application/problem+json"));
        QVERIFY(!r.head.contains("text/event-stream"));
    }
    // A cursor that is not one is refused too, before any stream opens.
    RawStream bad;
    QVERIFY(bad.open(m_city->port, m_city->signIn(m_city->seed.demoLogins.first()), "?cursor=nonsense!"));
    QCOMPARE(testhttp::readResponse(bad.socket).status, 400);
    QCOMPARE(m_city->api->openStreams(), 0);
}

void TestLiveEvents::colleaguesClaimArrivesAtOnce()
{
    // One instance (SQLCipher, or PostgreSQL in the _pg run): the in-process announcement, or
    // NOTIFY heard by the instance itself. Polling is 5 minutes away: only the stream explains it.
    QString mine, theirs;
    colleagues(&mine, &theirs);
    Desktop desk;
    const QString failed = desk.start(m_dir.filePath(QStringLiteral("one.db")), m_city->url(), mine, 60000);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    const auto todo = requestsNotOf(*m_city, theirs, 1);
    QCOMPARE(todo.size(), 1);
    const QString id = todo.first().first;
    QVERIFY(desk.assignee(id) != theirs);
    const qint64 ms = claimAndWait(m_city->base, theirs, desk, id, todo.first().second);
    QVERIFY2(ms >= 0, "the claim did not reach the desktop");
    qInfo("store: %s", m_city->postgres ? "PostgreSQL, one instance" : "SQLCipher, one instance");
    QVERIFY(desk.engine->isLive());
}

void TestLiveEvents::changeThroughOneInstanceReachesAnother()
{
    // Instance A is the city's own server; instance B a second PgCityStore + ApiServer on the same
    // database. The desktop's stream is open at B; the colleague's claim goes through A.
    testcity::City city;
    testcity::Options o;
    o.postgres = true;
    o.seed.requests = 60;
    o.seed.documents = false;
    o.seed.today = QDate(2026, 11, 26);
    QString failed = city.start(o);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    PgCityStore::Options po;
    po.conninfo = city.conninfo;
    po.key = "test-city-key-0123456789";
    po.contentDir = city.dir.filePath(QStringLiteral("documents"));
    auto b = PgCityStore::open(po);
    QVERIFY2(b, qPrintable(b.errorString()));
    ApiServer::Config cfgB;
    cfgB.streams.heartbeatMs = kHour;
    ApiServer apiB(*b.value(), city.clock, cfgB);
    const quint16 portB = apiB.listen(QHostAddress::LocalHost, 0);
    QVERIFY(portB != 0);

    const QList<Clerk> team = city.store->clerksOfTeam(QStringLiteral("parkraum"));
    QVERIFY(team.size() >= 2);
    Desktop desk;
    failed = desk.start(m_dir.filePath(QStringLiteral("two.db")),
        QUrl(QStringLiteral("http://127.0.0.1:%1").arg(portB)), team.at(0).login, 60000);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    QCOMPARE(apiB.openStreams(), 1);
    QCOMPARE(city.api->openStreams(), 0);

    const auto todo = requestsNotOf(city, team.at(1).login, 3);
    QCOMPARE(todo.size(), 3);
    QList<qint64> latencies;
    for (const auto& item : todo) { // a few, for a figure less at the mercy of one moment
        const QString id = item.first;
        const qint64 version = item.second;
        testhttp::Client c(city.base);
        c.setToken(city.signIn(team.at(1).login));
        QElapsedTimer t;
        qint64 arrived = -1;
        auto seen = connect(desk.engine.get(), &SyncEngine::synced, this, [&] {
            if (arrived < 0 && desk.assignee(id) == team.at(1).login)
                arrived = t.elapsed();
        });
        t.start();
        QCOMPARE(c.postJson(QStringLiteral("/v1/mutations"), claim(id, version)).status, 200);
        const qint64 posted = t.elapsed();
        while (arrived < 0 && t.elapsed() < 20000)
            QTest::qWait(2);
        disconnect(seen);
        QVERIFY2(arrived >= 0, "the claim through instance A did not reach the desktop at instance B");
        qInfo("live update across instances (PostgreSQL LISTEN/NOTIFY): claim answered by A after %lld ms, in the "
              "desktop's store (stream at B) after %lld ms",
            posted, arrived);
        latencies << arrived;
    }
    std::sort(latencies.begin(), latencies.end());
    qInfo("live update across instances: median %lld ms, max %lld ms", latencies.at(1), latencies.last());
    QVERIFY(desk.engine->isLive());
    desk.engine.reset(); // before instance B goes
}

void TestLiveEvents::deskToDeskClaimArrivesAtOnce()
{
    // Both clerks at their desktops, both live, polling minutes away: the colleague claims in her
    // window (the store's outbox); her engine sends it at once, and the server's news brings it to
    // the clerk's desktop.
    QString mine, theirs;
    colleagues(&mine, &theirs);
    Desktop me, colleague;
    QString failed = me.start(m_dir.filePath(QStringLiteral("me.db")), m_city->url(), mine, 60000);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    failed = colleague.start(m_dir.filePath(QStringLiteral("colleague.db")), m_city->url(), theirs, 60000);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    const auto todo = requestsNotOf(*m_city, theirs, 1);
    QCOMPARE(todo.size(), 1);
    const QString id = todo.first().first;
    QElapsedTimer t;
    qint64 arrived = -1;
    auto seen = connect(me.engine.get(), &SyncEngine::synced, this, [&] {
        if (arrived < 0 && me.assignee(id) == theirs)
            arrived = t.elapsed();
    });
    t.start();
    QVERIFY(colleague.store->claim(id, theirs));
    QTRY_VERIFY_WITH_TIMEOUT(arrived >= 0, 20000);
    disconnect(seen);
    qInfo(
        "live update desktop to desktop: the colleague's claim (in her window) was in the clerk's store after %lld ms",
        arrived);
    QVERIFY(me.engine->isLive());
}

void TestLiveEvents::closedStreamFallsBackToPolling()
{
    // The server ends every stream and refuses new ones (as before a graceful stop): the desktop
    // says it polls, and the colleague's claim still arrives, by polling.
    QString mine, theirs;
    colleagues(&mine, &theirs);
    Desktop desk;
    const QString failed = desk.start(m_dir.filePath(QStringLiteral("fallback.db")), m_city->url(), mine, 300);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    QSignalSpy live(desk.engine.get(), &SyncEngine::liveChanged);
    m_city->api->stopStreams();
    QVERIFY(live.wait(10000));
    QCOMPARE(live.last().at(0).toBool(), false);
    QVERIFY(!desk.engine->isLive());
    const auto todo = requestsNotOf(*m_city, theirs, 1);
    QCOMPARE(todo.size(), 1);
    const qint64 ms = claimAndWait(m_city->base, theirs, desk, todo.first().first, todo.first().second);
    QVERIFY2(ms >= 0, "the claim did not reach the desktop by polling");
    QVERIFY(!desk.engine->isLive()); // refused reconnects (503): still polling
    QCOMPARE(m_city->api->openStreams(), 0);
}

void TestLiveEvents::listenerReconnectsWhenItsConnectionDrops()
{
    // The database ends the instance's listening connection (a restart, a failover, an
    // administrator): the instance connects again by itself, and a change committed meanwhile still
    // reaches the desktop (after a reconnect the instance looks for what it may have missed).
    testcity::City city;
    testcity::Options o;
    o.postgres = true;
    o.seed.requests = 60;
    o.seed.documents = false;
    o.seed.today = QDate(2026, 11, 26);
    o.streamHeartbeatMs = kHour;
    QString failed = city.start(o);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    const QList<Clerk> team = city.store->clerksOfTeam(QStringLiteral("parkraum"));
    QVERIFY(team.size() >= 2);
    Desktop desk;
    failed = desk.start(m_dir.filePath(QStringLiteral("drop.db")), city.url(), team.at(0).login, 60000);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    const auto todo = requestsNotOf(city, team.at(1).login, 2);
    QCOMPARE(todo.size(), 2);
    for (const auto& item : todo) {
        const auto ended = city.rows(
            QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                           "application_name = 'clerkdesk feed listener' AND datname = current_database()"));
        QCOMPARE(ended.size(), 1); // the instance's one listening connection (it listens again each round)
        testhttp::Client c(city.base);
        c.setToken(city.signIn(team.at(1).login));
        QCOMPARE(c.postJson(QStringLiteral("/v1/mutations"), claim(item.first, item.second)).status, 200);
        QTRY_VERIFY_WITH_TIMEOUT(desk.assignee(item.first) == team.at(1).login, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(
            city.scalar(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE application_name = "
                                       "'clerkdesk feed listener' AND datname = current_database()"))
                .toInt(),
            1, 20000);
    }
    QVERIFY(desk.engine->isLive());
    desk.engine.reset();
}

void TestLiveEvents::revokedTokenEndsItsStreams()
{
    const QByteArray token = m_city->signIn(m_city->seed.demoLogins.first());
    RawStream s;
    QVERIFY(s.open(m_city->port, token, "?cursor=" + cursor::encode(0).toLatin1()));
    QVERIFY(s.waitFor(": live\n\n"));
    QVERIFY(s.seen.startsWith("HTTP/1.1 200"));
    QVERIFY(s.seen.toLower().contains("content-type: text/event-stream"));
    QVERIFY(s.waitFor("event: news\n")); // from the feed's beginning there is news at once
    QCOMPARE(m_city->api->openStreams(), 1);
    testhttp::Client c(m_city->base);
    c.setToken(token);
    QCOMPARE(c.send("DELETE", QStringLiteral("/v1/auth/token")).status, 204);
    QVERIFY(s.waitFor("event: end\ndata: {\"reason\":\"signed-out\"}"));
    QVERIFY(s.waitClosed());
    QCOMPARE(m_city->api->openStreams(), 0);
    // And the same token cannot open another.
    RawStream again;
    QVERIFY(again.open(m_city->port, token));
    QCOMPARE(testhttp::readResponse(again.socket).status, 401);
}

void TestLiveEvents::streamsPerClerkAreBounded()
{
    // A fifth stream of one clerk ends the oldest (an app restarted before the server noticed).
    const QByteArray token = m_city->signIn(m_city->seed.demoLogins.first());
    std::vector<std::unique_ptr<RawStream>> streams;
    for (int i = 0; i < 5; ++i) {
        streams.push_back(std::make_unique<RawStream>());
        QVERIFY(streams.back()->open(m_city->port, token));
        QVERIFY(streams.back()->waitFor(": live\n\n"));
    }
    QVERIFY(streams.front()->waitFor("event: end\ndata: {\"reason\":\"replaced\"}"));
    QVERIFY(streams.front()->waitClosed());
    for (size_t i = 1; i < streams.size(); ++i)
        QVERIFY(!streams.at(i)->seen.contains("event: end"));
    QCOMPARE(m_city->api->openStreams(), 4);
}

QTEST_GUILESS_MAIN(TestLiveEvents)
#include "tst_live_events.moc"
