// ApiServer's worker threads on PostgreSQL (ApiServer::Config::workers, a database connection per
// thread), with real PostgreSQL (TestPostgres.h) and calls over loopback:
// - calls run side by side, each on a connection of its own (seen waiting in pg_stat_activity);
// - a graceful stop (GracefulStop, as on SIGTERM) waits for calls still on a worker, whose
//   answers have nothing to write yet, and the clients get those answers;
// - two changes of one request on two workers at once: one is applied, the other meets the new
//   version (a conflict) — never both applied;
// - two batches changing the same requests in opposite order both get their answers (each takes
//   its rows in one order first: no deadlock, no batch refused as busy);
// - one annotation id created by two clerks' batches at once: one applied, one refused as a
//   duplicate id (not a storage failure that sends the whole batch back).
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
    void oppositeOrderBatchesBothAnswered();
    void oneAnnotationCreatedTwiceAtOnce();
};

namespace {

Mutation claimOf(const QString& requestId, qint64 version)
{
    Mutation m;
    m.mutationId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m.kind = QStringLiteral("request");
    m.op = QStringLiteral("claim");
    m.targetId = requestId;
    m.baseVersion = version;
    return m;
}

QStringList statusesOf(const Result<QList<MutationResult>>* results, int count)
{
    QStringList out;
    for (int i = 0; i < count; ++i)
        for (const MutationResult& r : results[i].value())
            out << r.status + (r.reason.isEmpty() ? QString() : QLatin1Char(' ') + r.reason);
    out.sort();
    return out;
}

} // namespace

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

    // Another session holds the row: both changes wait for it (each batch takes its rows first).
    const QDateTime now = city.clock.now();
    Result<QList<MutationResult>> results[2] = { Error {}, Error {} };
    const auto claim = [&](Result<QList<MutationResult>>* into) {
        *into = city.store->applyMutations(clerk, { claimOf(id, version) }, now); // (as POST /v1/mutations does)
    };
    const QString overlapped
        = testpg::whileRowHeld(city.conninfo, id, 2, { [&] { claim(&results[0]); }, [&] { claim(&results[1]); } });
    QVERIFY2(overlapped.isEmpty(), qPrintable(overlapped));

    // One applied; the other, read after the first committed, is a conflict the clerk decides on
    // (not both applied, and not the whole batch refused as busy).
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

void TestServerWorkers::oppositeOrderBatchesBothAnswered()
{
    testcity::City city;
    testcity::Options o;
    o.postgres = true;
    o.seed.requests = 60;
    o.seed.documents = false;
    const QString failed = city.start(o);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    const Clerk clerk = city.store->clerk(city.seed.demoLogins.first()).value();
    QStringList ids;
    for (const QStringList& row :
        city.rows(
            QStringLiteral("SELECT id FROM requests WHERE team_id = ?1 ORDER BY id LIMIT 2"), { clerk.teams.value(0) }))
        ids << row.first();
    QCOMPARE(ids.size(), 2);
    const qint64 versions[2] = { city.store->request(ids[0])->version, city.store->request(ids[1])->version };

    // Both rows held elsewhere: each batch waits at its first request (the first batch at A, the
    // second at B when they go in their own order); let go, each would hold one and wait for the
    // other's — PostgreSQL would break that deadlock by failing one batch.
    const QDateTime now = city.clock.now();
    Result<QList<MutationResult>> results[2] = { Error {}, Error {} };
    const auto batch = [&](int first, Result<QList<MutationResult>>* into) {
        const int second = 1 - first;
        *into = city.store->applyMutations(
            clerk, { claimOf(ids[first], versions[first]), claimOf(ids[second], versions[second]) }, now);
    };
    const QString overlapped = testpg::whileRowsHeld(
        city.conninfo, ids, 2, { [&] { batch(0, &results[0]); }, [&] { batch(1, &results[1]); } });
    QVERIFY2(overlapped.isEmpty(), qPrintable(overlapped));

    for (const auto& r : results)
        QVERIFY2(r, qPrintable(r ? QString() : r.error().message + QLatin1Char(' ') + r.error().detail));
    // One batch claimed both; the other met both claimed (two conflicts).
    QCOMPARE(statusesOf(results, 2),
        (QStringList { QStringLiteral("applied"), QStringLiteral("applied"), QStringLiteral("conflict version_changed"),
            QStringLiteral("conflict version_changed") }));
    QCOMPARE(city.store->request(ids[0])->version, versions[0] + 1);
    QCOMPARE(city.store->request(ids[1])->version, versions[1] + 1);
}

void TestServerWorkers::oneAnnotationCreatedTwiceAtOnce()
{
    testcity::City city;
    testcity::Options o;
    o.postgres = true;
    o.seed.requests = 12;
    const QString failed = city.start(o);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    const Clerk clerk = city.store->clerk(city.seed.demoLogins.first()).value();
    const QList<QStringList> documents = city.rows(QStringLiteral("SELECT id, team_id FROM documents ORDER BY id"));
    QString documentId, teamId;
    for (const QStringList& d : documents)
        if (documentId.isEmpty() && clerk.mayRead(d.at(1)))
            documentId = d.at(0), teamId = d.at(1);
    QVERIFY2(!documentId.isEmpty(), "no document of the clerk's teams in the seeded city");

    // Another session is inserting the same id: both batches find no annotation of that id, then
    // wait at the unique index; it rolls back, one inserts, the other meets that row.
    const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const auto hold = [&](pg::Connection& c) {
        return c.query("INSERT INTO annotations(id, document_id, team_id, body, version) VALUES ($1, $2, $3, '{}', 1)")
            .bindAll(id, documentId, teamId)
            .exec();
    };
    const QDateTime now = city.clock.now();
    Result<QList<MutationResult>> results[2] = { Error {}, Error {} };
    const auto create = [&](Result<QList<MutationResult>>* into) {
        Mutation m;
        m.mutationId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        m.kind = QStringLiteral("annotation");
        m.op = QStringLiteral("create");
        m.targetId = id;
        m.data = { { QStringLiteral("document_id"), documentId }, { QStringLiteral("page"), 0 },
            { QStringLiteral("type"), QStringLiteral("note") }, { QStringLiteral("text"), QStringLiteral("Zweimal") } };
        *into = city.store->applyMutations(clerk, { m }, now);
    };
    const QString overlapped
        = testpg::whileHeld(city.conninfo, hold, 2, { [&] { create(&results[0]); }, [&] { create(&results[1]); } });
    QVERIFY2(overlapped.isEmpty(), qPrintable(overlapped));

    for (const auto& r : results)
        QVERIFY2(r, qPrintable(r ? QString() : r.error().message + QLatin1Char(' ') + r.error().detail));
    QCOMPARE(
        statusesOf(results, 2), (QStringList { QStringLiteral("applied"), QStringLiteral("rejected duplicate_id") }));
    QCOMPARE(city.scalar(QStringLiteral("SELECT count(*) FROM annotations WHERE id = ?1"), { id }).toInt(), 1);
}

QTEST_GUILESS_MAIN(TestServerWorkers)
#include "tst_server_workers.moc"
