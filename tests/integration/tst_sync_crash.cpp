// Kill the client at random points of a push, 20 times: every change ends applied exactly once on
// the server (an encrypted store, as in production), and nothing the client had stored locally is
// lost. And kill it halfway through a page of a pull (between two slices, after a commit without the
// page's cursor): the next pull brings the store to the server's state.
#include "../common/Waiting.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"
#include "server/Accounts.h"
#include "server/ApiServer.h"
#include "server/Seeder.h"
#include "server/SqlCityStore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace clerk;
using namespace clerk::server;

namespace {

// The city both tests sync with: encrypted at rest, as in production; 30 requests, no documents.
struct CrashCity
{
    QTemporaryDir dir;
    std::unique_ptr<SqlCityStore> store;
    std::unique_ptr<ApiServer> api;
    QString url, login;

    QString start()
    {
        if (!accounts::initialise())
            return QStringLiteral("accounts::initialise failed");
        SqlCityStore::Options o;
        o.path = dir.filePath(QStringLiteral("city.db"));
        o.key = "sync-crash-server-key-0123456789";
        auto opened = SqlCityStore::open(o);
        if (!opened)
            return opened.error().detail;
        store = std::move(opened.value());
        SeedOptions seed;
        seed.requests = 30;
        seed.documents = false;
        auto report = seedCity(*store, seed);
        if (!report)
            return report.error().detail;
        api = std::make_unique<ApiServer>(*store, Clock::system());
        url = QStringLiteral("http://127.0.0.1:%1").arg(api->listen(QHostAddress::LocalHost, 0));
        login = report->demoLogins.first();
        return {};
    }
};

// Waits for a client process with the event loop running (the server answers from it); kills it
// when it does not end in time.
bool waitForEnd(QProcess& client, int timeoutMs)
{
    QSignalSpy finished(&client, &QProcess::finished);
    if (client.state() == QProcess::NotRunning || finished.wait(timeoutMs))
        return true;
    client.kill();
    client.waitForFinished(5000);
    return false;
}

} // namespace

class TestSyncCrash : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_city = std::make_unique<CrashCity>();
        const QString failed = m_city->start();
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
    }
    void cleanup() { m_city.reset(); }

    void killedDuringPushAppliesExactlyOnce()
    {
        QTemporaryDir& dir = m_city->dir;
        SqlCityStore* city = m_city->store.get();
        const QString url = m_city->url, login = m_city->login;

        const QString path = dir.filePath(QStringLiteral("client.db"));
        QByteArray key;
        {
            Store s(path);
            QVERIFY(s.create("sync-crash-passphrase"));
            WaitingSession sync(s, QUrl(url));
            QVERIFY(sync.signIn(login, QStringLiteral("demo")));
            QVERIFY(sync.syncOnce().ok());
            QVERIFY(s.setMeta(
                QStringLiteral("crash_request"), s.connection().scalar("SELECT id FROM requests LIMIT 1")->toString()));
            key = s.rawKey();
        }
        QRandomGenerator rng(4711);
        QStringList table;
        for (int kill = 1; kill <= 20; ++kill) {
            QProcess client;
            client.start(QStringLiteral(CLERKDESK_SYNC_CRASH_CLIENT), { url, path });
            QVERIFY(client.waitForStarted());
            client.write(key.toHex() + '\n' + login.toUtf8() + "\ndemo\n");
            client.closeWriteChannel();
            QTRY_VERIFY_WITH_TIMEOUT(client.canReadLine() || client.state() == QProcess::NotRunning, 20000);
            const int delay = 30 + int(rng.bounded(250));
            QTest::qWait(delay); // the server keeps answering while we wait
            client.kill();
            QVERIFY(client.waitForFinished(10000));
            Store s(path);
            QVERIFY(s.unlockWithKey(key));
            QCOMPARE(s.connection().scalar("PRAGMA integrity_check")->toString(), QStringLiteral("ok"));
            table << QStringLiteral("kill %1 after %2 ms: %3 notes local, %4 on the server, %5 unsent")
                         .arg(kill, 2)
                         .arg(delay, 3)
                         .arg(s.connection().scalar("SELECT count(*) FROM notes WHERE text LIKE 'kill-test%'")->toInt())
                         .arg(city->connection()
                                 .scalar("SELECT count(*) FROM notes WHERE body LIKE '%kill-test%'")
                                 ->toInt())
                         .arg(s.outbox().pendingCount().value());
        }
        // Back to normal: the outbox drains.
        Store s(path);
        QVERIFY(s.unlockWithKey(key));
        WaitingSession sync(s, QUrl(url));
        QVERIFY(sync.signIn(login, QStringLiteral("demo")));
        QVERIFY(sync.syncOnce().ok());
        QCOMPARE(s.outbox().pendingCount().value(), 0);
        const int local = s.connection().scalar("SELECT count(*) FROM notes WHERE text LIKE 'kill-test%'")->toInt();
        const int server
            = city->connection().scalar("SELECT count(*) FROM notes WHERE body LIKE '%kill-test%'")->toInt();
        const int audited
            = city->connection().scalar("SELECT count(*) FROM audit WHERE action = 'note.create'")->toInt();
        table << QStringLiteral("after the final sync: %1 local, %2 on the server, %3 note.create audits")
                     .arg(local)
                     .arg(server)
                     .arg(audited);
        qInfo().noquote() << table.join(QLatin1Char('\n'));
        QVERIFY(local > 20);
        QCOMPARE(server, local); // nothing lost
        QCOMPARE(audited, local); // nothing applied twice
        QCOMPARE(s.connection().scalar("SELECT count(*) FROM outbox WHERE state <> 'applied'")->toInt(), 0);
    }

    void killedHalfwayThroughAPageOfThePullLosesNothing()
    {
        QTemporaryDir& dir = m_city->dir;
        SqlCityStore* city = m_city->store.get();
        const QString url = m_city->url, login = m_city->login;
        constexpr int kFiled = 500;

        // The client's first sync (a bulk import), then 500 new requests of its team on the server:
        // the next pull is an ordinary one, one page of twenty slices.
        const QString path = dir.filePath(QStringLiteral("client.db"));
        QByteArray key;
        QString cursor, serviceId;
        int before = 0;
        {
            Store s(path);
            QVERIFY(s.create("sync-crash-passphrase"));
            WaitingSession sync(s, QUrl(url));
            QVERIFY(sync.signIn(login, QStringLiteral("demo")));
            QVERIFY(sync.syncOnce().ok());
            key = s.rawKey();
            cursor = s.meta().value(QStringLiteral("cursor")).value();
            serviceId = s.connection().scalar("SELECT service_id FROM requests LIMIT 1")->toString();
            before = s.connection().scalar("SELECT count(*) FROM requests")->toInt();
        }
        QVERIFY(!cursor.isEmpty() && before > 0);
        for (int i = 0; i < kFiled; ++i) {
            Request r;
            r.serviceId = serviceId;
            r.channel = QStringLiteral("portal");
            r.submittedAt = QDateTime::currentDateTimeUtc();
            r.status = QStringLiteral("received");
            r.applicant.name = QStringLiteral("Antragsteller %1").arg(i);
            QVERIFY(city->fileRequest(r, {}, QStringLiteral("portal")).ok());
        }

        QProcess client;
        client.start(QStringLiteral(CLERKDESK_SYNC_CRASH_CLIENT), { url, path, QStringLiteral("--pull-halfway") });
        QVERIFY(client.waitForStarted());
        client.write(key.toHex() + '\n' + login.toUtf8() + "\ndemo\n");
        client.closeWriteChannel();
        QVERIFY2(waitForEnd(client, 60000), "the client neither ended nor was killed within a minute");
        const QString said = QString::fromUtf8(client.readAllStandardOutput());
        QVERIFY2(said.startsWith(QLatin1String("halfway")),
            qPrintable(said + QString::fromUtf8(client.readAllStandardError())));
        QCOMPARE(client.exitStatus(), QProcess::CrashExit);

        // What the killed pull left: an intact file, part of the page, the cursor before it.
        Store s(path);
        QVERIFY(s.unlockWithKey(key));
        QCOMPARE(s.connection().scalar("PRAGMA integrity_check")->toString(), QStringLiteral("ok"));
        const int halfway = s.connection().scalar("SELECT count(*) FROM requests")->toInt();
        QVERIFY2(halfway > before && halfway < before + kFiled, qPrintable(QString::number(halfway - before)));
        QCOMPARE(s.meta().value(QStringLiteral("cursor")).value(), cursor);

        // The next pull pulls the page again: every request as the server has it, no more.
        WaitingSession sync(s, QUrl(url));
        QVERIFY(sync.signIn(login, QStringLiteral("demo")));
        const auto pulled = sync.pull();
        QVERIFY2(pulled.ok(), qPrintable(pulled.errorString()));
        QVERIFY(pulled.value() >= kFiled);
        QVERIFY(s.meta().value(QStringLiteral("cursor")).value() != cursor);
        // The clerk's teams as the server has them: every request of theirs, each at its version.
        const char* kVersions = "SELECT count(*), group_concat(id || ':' || version, ',') FROM (SELECT id, version "
                                "FROM requests WHERE team_id IN (SELECT value FROM json_each(?1)) ORDER BY id)";
        QJsonArray teams;
        auto t = city->connection().query("SELECT team_id FROM clerk_teams WHERE login = ?1");
        t.bindAll(login);
        while (t.next())
            teams << t.text(0);
        QVERIFY(!teams.isEmpty());
        const QString teamList = QString::fromUtf8(QJsonDocument(teams).toJson(QJsonDocument::Compact));
        auto ours = s.connection().query("SELECT count(*), group_concat(id || ':' || version, ',') FROM "
                                         "(SELECT id, version FROM requests ORDER BY id)");
        auto theirs = city->connection().query(kVersions);
        theirs.bindAll(teamList);
        QVERIFY(ours.next() && theirs.next());
        QCOMPARE(ours.int64(0), qint64(before + kFiled));
        QCOMPARE(ours.int64(0), theirs.int64(0));
        QCOMPARE(ours.text(1), theirs.text(1));
        // And their timelines' entries (written after the page's last slice: pulled again whole, none twice).
        auto ourEntries = s.connection().query("SELECT count(*), group_concat(server_id, ',') FROM "
                                               "(SELECT server_id FROM timeline WHERE server_id IS NOT NULL "
                                               "ORDER BY server_id)");
        auto theirEntries = city->connection().query(
            "SELECT count(*), group_concat(uid, ',') FROM (SELECT t.uid FROM timeline t JOIN requests r ON r.id = "
            "t.request_id WHERE r.team_id IN (SELECT value FROM json_each(?1)) AND t.uid IS NOT NULL ORDER BY t.uid)");
        theirEntries.bindAll(teamList);
        QVERIFY(ourEntries.next() && theirEntries.next());
        QVERIFY(ourEntries.int64(0) >= kFiled);
        QCOMPARE(ourEntries.int64(0), theirEntries.int64(0));
        QCOMPARE(ourEntries.text(1), theirEntries.text(1));
        const auto again = sync.pull();
        QVERIFY2(again.ok(), qPrintable(again.errorString()));
        QCOMPARE(again.value(), 0);
    }

private:
    std::unique_ptr<CrashCity> m_city; // a new one for each test (init)
};

QTEST_GUILESS_MAIN(TestSyncCrash)
#include "tst_sync_crash.moc"
