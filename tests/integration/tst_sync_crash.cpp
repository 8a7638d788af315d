// Kill the client at random points of a push, 20 times: every change ends applied exactly once on
// the server (an encrypted store, as in production), and nothing the client had stored locally is
// lost.
#include "../common/Waiting.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"
#include "server/Accounts.h"
#include "server/ApiServer.h"
#include "server/Seeder.h"
#include "server/SqlCityStore.h"

#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace clerk;
using namespace clerk::server;

class TestSyncCrash : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void killedDuringPushAppliesExactlyOnce()
    {
        QVERIFY(accounts::initialise());
        QTemporaryDir dir;
        SqlCityStore::Options o;
        o.path = dir.filePath(QStringLiteral("city.db"));
        o.key = "sync-crash-server-key-0123456789"; // encrypted at rest, as in production
        auto opened = SqlCityStore::open(o);
        QVERIFY2(opened.ok(), qPrintable(opened.error().detail));
        auto city = std::move(opened.value());
        SeedOptions seed;
        seed.requests = 30;
        seed.documents = false;
        const SeedReport report = seedCity(*city, seed).value();
        ApiServer api(*city, Clock::system());
        const QString url = QStringLiteral("http://127.0.0.1:%1").arg(api.listen(QHostAddress::LocalHost, 0));
        const QString login = report.demoLogins.first();

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
};

QTEST_GUILESS_MAIN(TestSyncCrash)
#include "tst_sync_crash.moc"
