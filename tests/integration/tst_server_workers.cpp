// ApiServer's worker threads on PostgreSQL (ApiServer::Config::workers, a database connection per
// thread), with real PostgreSQL (TestPostgres.h) and calls over loopback:
// - calls run side by side, each on a connection of its own (seen waiting in pg_stat_activity);
// - a graceful stop (GracefulStop, as on SIGTERM) waits for calls still on a worker, whose
//   answers have nothing to write yet, and the clients get those answers;
// - two changes of one request on two workers at once, both read before either writes: one is
//   applied, the other applied once more on the new version (a conflict) — never both applied.
#include "../common/HeldRow.h"
#include "../common/TestCity.h"
#include "server/GracefulStop.h"

#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QUuid>

using namespace clerk;
using namespace clerk::server;

class TestServerWorkers : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void drainWaitsForCallsOnWorkers();
    void twoChangesOfOneRequestAtOnce();
};

void TestServerWorkers::drainWaitsForCallsOnWorkers()
{
    testcity::City city;
    testcity::Options o;
    o.postgres = true; // the store that allows workers; never skipped: PostgreSQL belongs to the devroot
    o.seed.requests = 12;
    o.seed.documents = false;
    const QString failed = city.start(o);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    const int workers = city.api->workers();
    QVERIFY(workers >= 2);
    const QByteArray token = city.signIn(city.seed.demoLogins.first());
    QVERIFY(!token.isEmpty());

    // Another session holds the catalogue: every GET /v1/services waits in the database.
    auto blocker = pg::Connection::open(city.conninfo);
    QVERIFY(blocker);
    QVERIFY(blocker.value()->exec("BEGIN"));
    QVERIFY(blocker.value()->exec("LOCK TABLE services IN ACCESS EXCLUSIVE MODE"));

    std::vector<std::unique_ptr<QTcpSocket>> clients;
    for (int i = 0; i < workers; ++i) {
        auto s = std::make_unique<QTcpSocket>();
        s->connectToHost(QStringLiteral("127.0.0.1"), city.port);
        QVERIFY(s->waitForConnected(5000));
        s->write(
            "GET /v1/services HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\nConnection: close\r\n\r\n");
        clients.push_back(std::move(s));
    }
    // Side by side: as many sessions wait for the lock as there are workers.
    QTRY_COMPARE_WITH_TIMEOUT(city.api->callsInFlight(), workers, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(city.scalar(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE "
                                                         "wait_event_type = 'Lock' AND query LIKE '%services%'"))
                                  .toInt(),
        workers, 10000);

    GracefulStop stop(city.api->listener(), 60000, [&city] { return city.api->callsInFlight(); });
    QSignalSpy drained(&stop, &GracefulStop::drained);
    stop.begin();
    // Three quiet checks 100 ms apart would end a stop that overlooked them; these calls hold it.
    QTest::qWait(1000);
    QCOMPARE(drained.count(), 0);
    for (const auto& s : clients)
        QCOMPARE(s->bytesAvailable(), 0);

    QVERIFY(blocker.value()->exec("ROLLBACK"));
    QTRY_COMPARE_WITH_TIMEOUT(drained.count(), 1, 20000);
    QCOMPARE(city.api->callsInFlight(), 0);
    for (const auto& s : clients) {
        QTRY_VERIFY_WITH_TIMEOUT(s->bytesAvailable() > 0 || s->state() != QAbstractSocket::ConnectedState, 10000);
        const QByteArray answer = s->readAll();
        QVERIFY2(answer.startsWith("HTTP/1.1 200"), answer.left(200).constData());
        QVERIFY(answer.contains("\"services\""));
    }
}

void TestServerWorkers::twoChangesOfOneRequestAtOnce()
{
    testcity::City city;
    testcity::Options o;
    o.postgres = true;
    o.seed.requests = 12;
    o.seed.documents = false;
    const QString failed = city.start(o);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    const Clerk clerk = city.store->clerk(city.seed.demoLogins.first()).value();
    QString id;
    for (const ChangeItem& item : city.store->changes(clerk, 0, 1000).items)
        if (item.kind == QLatin1String("request") && id.isEmpty())
            id = item.id;
    QVERIFY(!id.isEmpty());
    const qint64 version = city.store->request(id)->version;

    // Another session holds the row: both changes read it (MVCC does not wait), then wait to write.
    const QDateTime now = city.clock.now();
    Result<QList<MutationResult>> results[2] = { Error {}, Error {} };
    const auto claim = [&](Result<QList<MutationResult>>* into) {
        Mutation m;
        m.mutationId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        m.kind = QStringLiteral("request");
        m.op = QStringLiteral("claim");
        m.targetId = id;
        m.baseVersion = version;
        *into = city.store->applyMutations(clerk, { m }, now); // (as POST /v1/mutations does)
    };
    const QString overlapped
        = testpg::whileRowHeld(city.conninfo, id, 2, { [&] { claim(&results[0]); }, [&] { claim(&results[1]); } });
    QVERIFY2(overlapped.isEmpty(), qPrintable(overlapped));

    // One applied; the other, applied once more on what the first committed, is a conflict the
    // clerk decides on (not both applied, and not the whole batch refused as busy).
    QStringList statuses;
    for (const auto& r : results) {
        QVERIFY2(r, qPrintable(r ? QString() : r.error().message));
        QCOMPARE(r->size(), 1);
        statuses << r->first().status;
    }
    statuses.sort();
    QCOMPARE(statuses, (QStringList { QStringLiteral("applied"), QStringLiteral("conflict") }));
    QCOMPARE(city.store->request(id)->version, version + 1);
}

QTEST_GUILESS_MAIN(TestServerWorkers)
#include "tst_server_workers.moc"
