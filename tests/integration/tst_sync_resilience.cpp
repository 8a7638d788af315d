// Sync against the real reference server over loopback, with real SQLCipher stores on both sides,
// when things go wrong: the server down and back, an expired token, a faulty network (a
// fault-injecting proxy), and the engine stopped in the middle of a pass.
#include "../common/FaultProxy.h"
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
#include <optional>

using namespace clerk;
using namespace clerk::server;
using namespace clerk::synctest;
using clerk::testproxy::Fault;
using clerk::testproxy::FaultProxy;

class TestSyncResilience : public SyncFixture
{
    Q_OBJECT
private Q_SLOTS:
    void serverDownThenBack();
    void expiredTokenKeepsOutbox();
    void faultyNetworkLosesNothing();
    void engineStopsSafelyMidPass();
    void stopEndsThePassAtOnce();
};

void TestSyncResilience::serverDownThenBack()
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

void TestSyncResilience::expiredTokenKeepsOutbox()
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

void TestSyncResilience::faultyNetworkLosesNothing()
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

void TestSyncResilience::engineStopsSafelyMidPass()
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

void TestSyncResilience::stopEndsThePassAtOnce()
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

QTEST_GUILESS_MAIN(TestSyncResilience)
#include "tst_sync_resilience.moc"
