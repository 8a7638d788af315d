// The crash-consistency loop (./dev test --long): a real client process syncing against a real
// server process; 100 SIGKILLs at random points, alternating between the client (while it writes
// notes and syncs) and the server (while the client is mid-sync). After every kill: the killed
// side's database passes integrity_check. The server's database is encrypted, as in production. Meanwhile a colleague
// adds notes the client must pull. At the end, after the outbox drains: every note the client wrote is on the server
// exactly once, nothing the client stored is lost, and the client holds every colleague note (its cursor never skipped
// a change). Prints a table of kill points and outcomes.
#include "../common/Waiting.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"
#include "server/SqlCityStore.h"

#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace clerk;

namespace {
quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}
} // namespace

class TestCrashLoop : public QObject
{
    Q_OBJECT
private:
    bool startServer(QProcess& server)
    {
        server.setProgram(QStringLiteral(CLERKDESK_SERVER_PATH));
        server.setArguments({ QStringLiteral("serve"), QStringLiteral("--data"), m_data, QStringLiteral("--key-file"),
            m_keyFile, QStringLiteral("--port"), QString::number(m_port), QStringLiteral("--log-level"),
            QStringLiteral("warning") });
        server.start();
        if (!server.waitForStarted())
            return false;
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 20000) {
            if (server.waitForReadyRead(200) && server.readAllStandardOutput().contains("listening"))
                return true;
            if (server.state() == QProcess::NotRunning)
                return false;
        }
        return false;
    }

    // The server's database, opened by the test while the server process is not running.
    Result<std::unique_ptr<server::SqlCityStore>> openCity() const
    {
        server::SqlCityStore::Options o;
        o.path = QDir(m_data).filePath(QStringLiteral("city.db"));
        o.highwaterPath = QDir(m_data).filePath(QStringLiteral("city.highwater"));
        o.key = kServerKey; // encrypted at rest, as in production
        return server::SqlCityStore::open(o);
    }

    static constexpr char kServerKey[] = "crash-loop-server-key-0123456789";
    QString m_data;
    QString m_keyFile;
    quint16 m_port = 0;

private Q_SLOTS:
    void hundredKills()
    {
        if (qEnvironmentVariableIntValue("CLERKDESK_LONG_TESTS") == 0
            && qEnvironmentVariable("CLERKDESK_CRASH_KILLS").isEmpty())
            QSKIP("long test: ./dev test --long");
        const int kills = qEnvironmentVariable("CLERKDESK_CRASH_KILLS").isEmpty()
            ? 100
            : qEnvironmentVariableIntValue("CLERKDESK_CRASH_KILLS");
        QTemporaryDir dir;
        m_data = dir.filePath(QStringLiteral("server"));
        // The server's store is encrypted (SQLCipher), as in production: its pages, WAL and
        // checkpoints are what a kill interrupts.
        m_keyFile = dir.filePath(QStringLiteral("server.key"));
        {
            QFile f(m_keyFile);
            QVERIFY(f.open(QIODevice::WriteOnly));
            QVERIFY(f.write(kServerKey) > 0);
        }
        QProcess seed;
        seed.start(QStringLiteral(CLERKDESK_SERVER_PATH),
            { QStringLiteral("seed"), QStringLiteral("--data"), m_data, QStringLiteral("--key-file"), m_keyFile,
                QStringLiteral("--requests"), QStringLiteral("40"), QStringLiteral("--no-documents") });
        QVERIFY(seed.waitForFinished(120000));
        QCOMPARE(seed.exitCode(), 0);
        {
            QFile db(QDir(m_data).filePath(QStringLiteral("city.db")));
            QVERIFY(db.open(QIODevice::ReadOnly));
            QVERIFY(!db.read(16).startsWith("SQLite format 3")); // really encrypted
        }
        const auto logins = QRegularExpression(QStringLiteral("demo clerks \\(password \"([^\"]+)\"\\): ([^,\\s]+)"))
                                .match(QString::fromUtf8(seed.readAllStandardOutput()));
        QVERIFY(logins.hasMatch());
        const QString password = logins.captured(1), login = logins.captured(2);
        m_port = freePort();
        QProcess server;
        QVERIFY(startServer(server));
        const QUrl url(QStringLiteral("http://127.0.0.1:%1").arg(m_port));

        // The client's profile, and a colleague in the same team (in this process).
        const QString path = dir.filePath(QStringLiteral("client.db"));
        QByteArray key;
        QString crashRequest, colleagueRequest;
        {
            Store s(path);
            QVERIFY(s.create("crash-loop-passphrase"));
            WaitingSession sync(s, url);
            QVERIFY(sync.signIn(login, password));
            QVERIFY(sync.syncOnce().ok());
            const QStringList ids
                = s.connection()
                      .scalar("SELECT group_concat(id) FROM (SELECT id FROM requests ORDER BY id LIMIT 2)")
                      ->toString()
                      .split(QLatin1Char(','));
            QCOMPARE(ids.size(), 2);
            crashRequest = ids.at(0);
            colleagueRequest = ids.at(1);
            QVERIFY(s.setMeta(QStringLiteral("crash_request"), crashRequest));
            key = s.rawKey();
        }
        Store colleagueStore(dir.filePath(QStringLiteral("colleague.db")));
        QVERIFY(colleagueStore.create("colleague-passphrase"));
        WaitingSession colleague(colleagueStore, url);
        QVERIFY(colleague.signIn(login, password));
        QVERIFY(colleague.syncOnce().ok());

        QRandomGenerator rng(20261126);
        QStringList table { QStringLiteral("kill | side   | after ms | local notes | unsent | integrity") };
        int colleagueNotes = 0, clientKills = 0, serverKills = 0;
        for (int kill = 1; kill <= kills; ++kill) {
            QProcess client;
            client.start(
                QStringLiteral(CLERKDESK_SYNC_CRASH_CLIENT), { url.toString(), path, QStringLiteral("--sync") });
            QVERIFY(client.waitForStarted());
            client.write(key.toHex() + '\n' + login.toUtf8() + '\n' + password.toUtf8() + '\n');
            client.closeWriteChannel();
            QTRY_VERIFY_WITH_TIMEOUT(client.canReadLine() || client.state() == QProcess::NotRunning, 30000);
            QVERIFY2(client.state() == QProcess::Running, client.readAllStandardError().constData());
            // A colleague's change the client has to pull.
            if (colleague.syncOnce().ok()
                && colleagueStore.addNote(colleagueRequest, QStringLiteral("colleague %1").arg(kill), login).ok())
                ++colleagueNotes;
            if (auto pushed = colleague.syncOnce(); !pushed) // pushed at a later round, or by the final sync
                qInfo() << "colleague's sync after kill" << kill << "failed:" << pushed.error().detail;
            const int delay = 20 + int(rng.bounded(300));
            const bool killServer = kill % 2 == 0;
            QTest::qWait(delay);
            QString integrity;
            if (killServer) {
                ++serverKills;
                server.kill();
                QVERIFY(server.waitForFinished(10000));
                {
                    auto city = openCity();
                    QVERIFY2(city, qPrintable(city.errorString()));
                    integrity = (*city)->connection().scalar("PRAGMA integrity_check")->toString();
                }
                QTest::qWait(int(rng.bounded(200))); // the client meets a dead server for a moment
                QVERIFY(startServer(server));
                QTest::qWait(50 + int(rng.bounded(200)));
            } else {
                ++clientKills;
            }
            client.kill();
            QVERIFY(client.waitForFinished(10000));
            Store s(path);
            QVERIFY(s.unlockWithKey(key));
            const QString clientIntegrity = s.connection().scalar("PRAGMA integrity_check")->toString();
            QCOMPARE(clientIntegrity, QStringLiteral("ok"));
            if (killServer)
                QCOMPARE(integrity, QStringLiteral("ok"));
            table << QStringLiteral("%1 | %2 | %3 | %4 | %5 | %6")
                         .arg(kill, 4)
                         .arg(killServer ? QStringLiteral("server") : QStringLiteral("client"))
                         .arg(delay, 8)
                         .arg(s.connection().scalar("SELECT count(*) FROM notes WHERE text LIKE 'kill-test%'")->toInt(),
                             11)
                         .arg(s.outbox().pendingCount().value(), 6)
                         .arg(killServer ? QStringLiteral("client ok, server ok") : QStringLiteral("client ok"));
        }
        // Back to normal: the outbox drains; then compare with the server's database.
        Store s(path);
        QVERIFY(s.unlockWithKey(key));
        WaitingSession sync(s, url);
        QVERIFY(sync.signIn(login, password));
        for (int i = 0; i < 5 && (s.outbox().pendingCount().value() > 0 || i == 0); ++i)
            QVERIFY(sync.syncOnce().ok());
        QCOMPARE(s.outbox().pendingCount().value(), 0);
        server.terminate();
        QVERIFY(server.waitForFinished(10000));
        auto city = openCity();
        QVERIFY(city);
        auto& c = (*city)->connection();
        const int local = s.connection().scalar("SELECT count(*) FROM notes WHERE text LIKE 'kill-test%'")->toInt();
        const int onServer = c.scalar("SELECT count(*) FROM notes WHERE body LIKE '%kill-test%'")->toInt();
        const int distinctOnServer
            = c.scalar("SELECT count(DISTINCT id) FROM notes WHERE body LIKE '%kill-test%'")->toInt();
        // Every note creation is audited once by the server; the colleague's are the others.
        const int audited
            = c.scalar("SELECT count(*) FROM audit WHERE action = 'note.create'")->toInt() - colleagueNotes;
        const int pulledColleague
            = s.connection().scalar("SELECT count(*) FROM notes WHERE text LIKE 'colleague %'")->toInt();
        table << QStringLiteral(
            "after %1 kills (%2 client, %3 server) and the final sync: %4 notes written by the client, %5 on the "
            "server (%6 distinct, %7 note.create audits), %8 of %9 colleague notes pulled, server integrity %10")
                     .arg(kills)
                     .arg(clientKills)
                     .arg(serverKills)
                     .arg(local)
                     .arg(onServer)
                     .arg(distinctOnServer)
                     .arg(audited)
                     .arg(pulledColleague)
                     .arg(colleagueNotes)
                     .arg(c.scalar("PRAGMA integrity_check")->toString());
        qInfo().noquote() << table.join(QLatin1Char('\n'));
        QVERIFY(local > kills);
        QCOMPARE(onServer, local); // nothing lost
        QCOMPARE(distinctOnServer, local);
        QCOMPARE(audited, local); // nothing applied twice
        QCOMPARE(pulledColleague, colleagueNotes); // the cursor never skipped
        QCOMPARE(c.scalar("PRAGMA integrity_check")->toString(), QStringLiteral("ok"));
        QCOMPARE(s.connection().scalar("SELECT count(*) FROM outbox WHERE state <> 'applied'")->toInt(), 0);
    }
};

QTEST_GUILESS_MAIN(TestCrashLoop)
#include "tst_crash_loop.moc"
