// Concurrency on PostgreSQL (ApiServer::Config::workers, a database connection per thread), with
// real PostgreSQL (TestPostgres.h). Calls over loopback:
// - calls run side by side, each on a connection of its own (seen waiting in pg_stat_activity);
// - a graceful stop (GracefulStop, as on SIGTERM) waits for calls still on a worker, whose
//   answers have nothing to write yet, and the clients get those answers.
// PgCityStore::applyMutations from threads of their own (as the worker threads call it), made to
// overlap by a session that holds what they need (HeldLocks.h):
// - two changes of one request at once: one is applied, the other meets the new version (a
//   conflict) — never both applied;
// - two batches changing the same requests in opposite order both get their answers (each takes
//   its rows in one order first: no deadlock, no batch refused as busy);
// - one annotation id created by two batches at once: one applied, one refused as a duplicate id
//   (not a storage failure that sends the whole batch back);
// - a batch naming another team's request holds nothing of that team's while it waits.
#include "../common/HeldLocks.h"
#include "../common/TestCity.h"
#include "server/GracefulStop.h"

#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QUuid>
#include <atomic>
#include <thread>

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
    void otherTeamsRowsAreNotHeld();
};

namespace {

// A city on PostgreSQL, the store that runs batches side by side (never skipped: PostgreSQL belongs
// to the devroot).
QString startPgCity(testcity::City& city, int requests, bool documents)
{
    testcity::Options o;
    o.postgres = true;
    o.seed.requests = requests;
    o.seed.documents = documents;
    return city.start(o);
}

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

// A batch's answers as "status reason" (sorted), or the storage failure it met.
QStringList statusesOf(const Result<QList<MutationResult>>& batch)
{
    if (!batch)
        return { QStringLiteral("failed: ") + batch.error().message + QLatin1Char(' ') + batch.error().detail };
    QStringList out;
    for (const MutationResult& r : batch.value())
        out << r.status + (r.reason.isEmpty() ? QString() : QLatin1Char(' ') + r.reason);
    out.sort();
    return out;
}

// Both batches' answers, each batch as one "a + b" entry, sorted.
QStringList batchesOf(const Result<QList<MutationResult>> (&results)[2])
{
    QStringList out { statusesOf(results[0]).join(QLatin1String(" + ")),
        statusesOf(results[1]).join(QLatin1String(" + ")) };
    out.sort();
    return out;
}

} // namespace

void TestServerWorkers::drainWaitsForCallsOnWorkers()
{
    testcity::City city;
    const QString failed = startPgCity(city, 12, false);
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
    const QString failed = startPgCity(city, 12, false);
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
    QCOMPARE(
        batchesOf(results), (QStringList { QStringLiteral("applied"), QStringLiteral("conflict version_changed") }));
    QCOMPARE(city.store->request(id)->version, version + 1);
}

void TestServerWorkers::oppositeOrderBatchesBothAnswered()
{
    testcity::City city;
    const QString failed = startPgCity(city, 60, false);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    const Clerk clerk = city.store->clerk(city.seed.demoLogins.first()).value();
    QStringList ids;
    for (const QStringList& row :
        city.rows(
            QStringLiteral("SELECT id FROM requests WHERE team_id = ?1 ORDER BY id LIMIT 2"), { clerk.teams.value(0) }))
        ids << row.first();
    QCOMPARE(ids.size(), 2);
    const qint64 versions[2] = { city.store->request(ids[0])->version, city.store->request(ids[1])->version };

    // Both rows held elsewhere. Before each batch took its rows first, each waited at its own first
    // request (A, B); let go, each held one and waited for the other's, and PostgreSQL broke the
    // deadlock by failing one batch ("deadlock detected"). Now both wait at A.
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

    // One batch claimed both; the other met both claimed (two conflicts).
    QCOMPARE(batchesOf(results),
        (QStringList { QStringLiteral("applied + applied"),
            QStringLiteral("conflict version_changed + conflict version_changed") }));
    QCOMPARE(city.store->request(ids[0])->version, versions[0] + 1);
    QCOMPARE(city.store->request(ids[1])->version, versions[1] + 1);
}

void TestServerWorkers::oneAnnotationCreatedTwiceAtOnce()
{
    testcity::City city;
    const QString failed = startPgCity(city, 12, true);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    const Clerk clerk = city.store->clerk(city.seed.demoLogins.first()).value();
    QString documentId, teamId;
    for (const QStringList& d : city.rows(QStringLiteral("SELECT id, team_id FROM documents ORDER BY id"))) {
        if (clerk.mayRead(d.at(1))) {
            documentId = d.at(0);
            teamId = d.at(1);
            break;
        }
    }
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

    QCOMPARE(batchesOf(results), (QStringList { QStringLiteral("applied"), QStringLiteral("rejected duplicate_id") }));
    QCOMPARE(city.scalar(QStringLiteral("SELECT count(*) FROM annotations WHERE id = ?1"), { id }).toInt(), 1);
}

void TestServerWorkers::otherTeamsRowsAreNotHeld()
{
    testcity::City city;
    const QString failed = startPgCity(city, 60, false);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    // Clerk A's own request Y, and X of a team A does not belong to, before Y in id order (the batch
    // would lock X first, then wait at Y); clerk B of X's team.
    Clerk a, b;
    QString x, y;
    for (const QString& login : city.seed.demoLogins) {
        const auto c = city.store->clerk(login);
        if (c && c->role == QLatin1String("clerk") && !c->teams.isEmpty() && a.login.isEmpty())
            a = c.value();
    }
    QVERIFY(!a.login.isEmpty());
    for (const QStringList& row :
        city.rows(QStringLiteral("SELECT id FROM requests WHERE team_id = ?1 ORDER BY id DESC"), { a.teams.first() })) {
        const auto other
            = city.rows(QStringLiteral("SELECT id, team_id FROM requests WHERE id < ?1 ORDER BY id"), { row.first() });
        for (const QStringList& candidate : other) {
            if (a.mayRead(candidate.at(1)))
                continue;
            for (const QString& login : city.seed.demoLogins) {
                const auto c = city.store->clerk(login);
                if (c && c->role == QLatin1String("clerk") && c->teams.contains(candidate.at(1)) && b.login.isEmpty())
                    b = c.value();
            }
            if (!b.login.isEmpty()) {
                x = candidate.at(0);
                break;
            }
        }
        if (!x.isEmpty()) {
            y = row.first();
            break;
        }
    }
    QVERIFY2(!x.isEmpty() && !y.isEmpty(), "no pair of requests of two clerks' teams in the seeded city");

    // A's batch names X (refused: not A's) and Y, which another session holds: the batch waits
    // there. Meanwhile B claims X, and must not wait for A's batch (before the batch's lock took
    // only the clerk's teams' rows, X stayed locked until Y was let go).
    auto blocker = pg::Connection::open(city.conninfo);
    QVERIFY(blocker);
    QVERIFY(blocker.value()->exec("BEGIN"));
    QVERIFY(blocker.value()->query("SELECT 1 FROM requests WHERE id = $1 FOR UPDATE").bindAll(y).exec());
    const QDateTime now = city.clock.now();
    const Mutation aX = claimOf(x, city.store->request(x)->version), aY = claimOf(y, city.store->request(y)->version);
    const Mutation bX = claimOf(x, city.store->request(x)->version);
    Result<QList<MutationResult>> aBatch = Error {}, bBatch = Error {};
    std::atomic<bool> bDone = false;
    std::thread aThread([&] { aBatch = city.store->applyMutations(a, { aX, aY }, now); });
    const auto waiting = [&city] {
        return city
            .scalar(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                   "AND wait_event_type = 'Lock'"))
            .toInt();
    };
    bool aWaits = false;
    for (QDeadlineTimer deadline(20000); !aWaits && !deadline.hasExpired(); QTest::qWait(20))
        aWaits = waiting() == 1;
    std::thread bThread([&] {
        bBatch = city.store->applyMutations(b, { bX }, now);
        bDone = true;
    });
    bool bFinishedFirst = false;
    for (QDeadlineTimer deadline(5000); !bFinishedFirst && !deadline.hasExpired(); QTest::qWait(20))
        bFinishedFirst = bDone;
    const Status released = blocker.value()->exec("ROLLBACK");
    aThread.join();
    bThread.join();
    QVERIFY(released);
    QVERIFY2(aWaits, "clerk A's batch did not wait at the held row");
    QVERIFY2(bFinishedFirst, "clerk B's claim waited for clerk A's batch, which had named B's request");
    QCOMPARE(statusesOf(bBatch), QStringList { QStringLiteral("applied") });
    QCOMPARE(statusesOf(aBatch), (QStringList { QStringLiteral("applied"), QStringLiteral("rejected not_found") }));
}

QTEST_GUILESS_MAIN(TestServerWorkers)
#include "tst_server_workers.moc"
