// A city deployment under failure: two clerkdesk-server processes on one PostgreSQL behind HAProxy (the
// configuration docs/ADMIN.md shows), three clients in two teams syncing and changing requests through the
// proxy, and one instance at a time SIGKILLed at a random moment and started again, 20 times. Afterwards,
// once every client has synced: every outbox is empty, each note a client wrote is on the server exactly
// once (one row, one audit entry), and every client's store holds exactly the server's requests (with
// their versions) and notes of its teams.
#include "../common/ServerProcess.h"
#include "../common/TestCity.h"
#include "../common/Waiting.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"

#include <QProcess>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSet>
#include <QTest>
#include <QTimer>
#include <array>

using namespace clerk;
using namespace clerk::testserver;

namespace {

// A clerk's computer: an encrypted profile syncing through the proxy.
struct Client
{
    QString login;
    std::unique_ptr<Store> store;
    std::unique_ptr<WaitingSession> sync;
    QString request; // the one it changes
    int notes = 0;
};

QSet<QString> localRows(Store& s, const char* sql)
{
    QSet<QString> out;
    auto q = s.connection().query(sql);
    while (q.next())
        out << q.text(0);
    return out;
}

QString status(Store& s, const QString& request)
{
    auto q = s.connection().query("SELECT status FROM requests WHERE id = ?1");
    q.bindAll(request);
    return q.next() ? q.text(0) : QString();
}

} // namespace

class TestCityFailover : public QObject
{
    Q_OBJECT

private:
    testcity::City m_city;

    // What the server holds for `login`'s teams: "id version" of its requests, or its notes' ids.
    QSet<QString> serverRows(const QString& login, const QString& what)
    {
        QSet<QString> out;
        const QString teams = QStringLiteral("(SELECT team_id FROM clerk_teams WHERE login = ?1)");
        const QString sql = what == QLatin1String("requests")
            ? QStringLiteral("SELECT id || ' ' || version FROM requests WHERE team_id IN ") + teams
            : QStringLiteral("SELECT id FROM notes WHERE team_id IN ") + teams;
        for (const QStringList& row : m_city.rows(sql, { login }))
            out << row.value(0);
        return out;
    }

private Q_SLOTS:
    void twentyKillsBehindHaproxy()
    {
        const QString haproxy = QStringLiteral("/usr/sbin/haproxy");
        QVERIFY2(
            QFile::exists(haproxy), "HAProxy is not installed: the devroot needs haproxy (tools/devroot-packages.txt)");
        testcity::Options o;
        o.postgres = true;
        o.seed.requests = 300;
        o.seed.documents = false;
        const QString failed = m_city.start(o);
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        m_city.api.reset(); // the test keeps the database open for reading; the instances serve it
        const QString keyFile = m_city.dir.filePath(QStringLiteral("server.key"));
        {
            QFile f(keyFile);
            QVERIFY(f.open(QIODevice::WriteOnly));
            QVERIFY(f.write(m_city.options.key) > 0);
        }

        std::array<ServerProcess, 2> instances;
        for (int i = 0; i < 2; ++i) {
            ServerProcess& in = instances[i];
            in.name = QStringLiteral("instance %1").arg(QLatin1Char(char('a' + i)));
            in.port = freePort();
            in.arguments
                = { QStringLiteral("serve"), QStringLiteral("--data"), m_city.dir.path(), QStringLiteral("--database"),
                      postgresUrl(m_city.conninfo), QStringLiteral("--key-file"), keyFile, QStringLiteral("--port"),
                      QString::number(in.port), QStringLiteral("--log-level"), QStringLiteral("warning") };
            QVERIFY2(in.start(QStringLiteral(CLERKDESK_SERVER_PATH)), qPrintable(in.name));
        }

        // The proxy as docs/ADMIN.md configures it, with checks fast enough for a test.
        const quint16 front = freePort();
        const QString config = m_city.dir.filePath(QStringLiteral("haproxy.cfg"));
        {
            QFile f(config);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QStringLiteral("global\n    maxconn 256\n"
                                   "defaults\n    mode http\n    timeout connect 1s\n    timeout client 30s\n"
                                   "    timeout server 30s\n    retries 3\n    option redispatch\n"
                                   "frontend city\n    bind 127.0.0.1:%1\n    default_backend instances\n"
                                   "backend instances\n    option httpchk GET /v1/health\n"
                                   "    http-check expect status 200\n"
                                   "    retry-on conn-failure empty-response 503\n"
                                   "    server a 127.0.0.1:%2 check inter 200ms fall 1 rise 1\n"
                                   "    server b 127.0.0.1:%3 check inter 200ms fall 1 rise 1\n")
                    .arg(front)
                    .arg(instances[0].port)
                    .arg(instances[1].port)
                    .toUtf8());
        }
        QProcess proxy;
        const auto stopAll = qScopeGuard([&] {
            proxy.kill();
            proxy.waitForFinished(5000);
            for (ServerProcess& in : instances)
                in.kill();
        });
        proxy.setProcessChannelMode(QProcess::MergedChannels);
        proxy.start(haproxy, { QStringLiteral("-db"), QStringLiteral("-f"), config });
        QVERIFY(proxy.waitForStarted());
        const QString url = QStringLiteral("http://127.0.0.1:%1").arg(front);
        QTRY_VERIFY_WITH_TIMEOUT(testhttp::Client(url).get(QStringLiteral("/v1/health")).status == 200, 20000);

        // Three clients: two clerks of the first team (on two computers) and one of the second.
        const QStringList logins = m_city.seed.demoLogins;
        QVERIFY(logins.size() >= 2);
        std::array<Client, 3> clients;
        for (int i = 0; i < 3; ++i) {
            Client& c = clients[i];
            c.login = logins.at(i == 2 ? 1 : 0);
            c.store = std::make_unique<Store>(m_city.dir.filePath(QStringLiteral("client%1.db").arg(i)));
            QVERIFY(c.store->create("failover-passphrase"));
            c.sync = std::make_unique<WaitingSession>(*c.store, QUrl(url));
            QVERIFY(c.sync->signIn(c.login, QStringLiteral("demo")));
            QVERIFY(c.sync->syncOnce().ok());
            // A request of its own to work on (the two clerks of a team never change the same one:
            // that would be a conflict, which other tests cover): unassigned and new, claimed now.
            QStringList open = localRows(
                *c.store, "SELECT id FROM requests WHERE status = 'received' AND coalesce(assignee, '') = ''")
                                   .values();
            std::sort(open.begin(), open.end());
            QVERIFY2(open.size() >= 2, qPrintable(c.login));
            c.request = open.at(i == 1 ? 1 : 0);
            QVERIFY(c.store->claim(c.request, c.login).ok());
            QVERIFY(c.sync->syncOnce().ok());
            QVERIFY(c.store->changeStatus(c.request, QStringLiteral("in_progress"), c.login).ok());
            QVERIFY(c.sync->syncOnce().ok());
            QCOMPARE(status(*c.store, c.request), QStringLiteral("in_progress"));
        }
        const int auditsBefore
            = m_city.scalar(QStringLiteral("SELECT count(*) FROM audit WHERE action = 'note.create'")).toInt();

        QRandomGenerator rng(20261203);
        int killsDuringSync = 0, failedSyncs = 0;
        for (int kill = 1; kill <= 20; ++kill) {
            ServerProcess& victim = instances[rng.bounded(2)];
            bool killed = false, syncing = false;
            QTimer::singleShot(int(rng.bounded(400)), this, [&] {
                killed = true;
                killsDuringSync += syncing ? 1 : 0;
                victim.kill();
            });
            for (int round = 0; !killed || round < 2; ++round) {
                for (int i = 0; i < 3; ++i) {
                    Client& c = clients[i];
                    QVERIFY(c.store
                            ->addNote(c.request,
                                QStringLiteral("failover %1.%2 by client %3").arg(kill).arg(round).arg(i), c.login)
                            .ok());
                    ++c.notes;
                    // A versioned change too: back and forth between "in progress" and "waiting".
                    const bool waiting = status(*c.store, c.request) == QLatin1String("waiting");
                    QVERIFY(c.store
                            ->changeStatus(
                                c.request, waiting ? QStringLiteral("in_progress") : QStringLiteral("waiting"), c.login)
                            .ok());
                    syncing = true;
                    if (!c.sync->syncOnce().ok())
                        ++failedSyncs;
                    syncing = false;
                }
            }
            QTest::qWait(int(rng.bounded(300))); // the proxy notices the dead instance meanwhile
            QVERIFY2(victim.start(QStringLiteral(CLERKDESK_SERVER_PATH)), qPrintable(victim.name));
        }

        // Back to normal: every client drains its outbox and pulls what the others did.
        for (int pass = 0; pass < 3; ++pass)
            for (Client& c : clients)
                for (int i = 0; i < 5 && (i == 0 || c.store->outbox().pendingCount().value() > 0); ++i)
                    QVERIFY(c.sync->syncOnce().ok());

        int written = 0;
        for (Client& c : clients)
            written += c.notes;
        const int onServer = m_city
                                 .scalar(QStringLiteral("SELECT count(*) FROM notes WHERE body LIKE ?1"),
                                     { QStringLiteral("%failover %") })
                                 .toInt();
        const int distinct = m_city
                                 .scalar(QStringLiteral("SELECT count(DISTINCT id) FROM notes WHERE body LIKE ?1"),
                                     { QStringLiteral("%failover %") })
                                 .toInt();
        const int audited
            = m_city.scalar(QStringLiteral("SELECT count(*) FROM audit WHERE action = 'note.create'")).toInt()
            - auditsBefore;
        qInfo().noquote() << QStringLiteral(
            "20 kills (%1 while a client was syncing), %2 syncs failed on the way; %3 notes written, %4 on the "
            "server (%5 distinct, %6 note.create audits)")
                                 .arg(killsDuringSync)
                                 .arg(failedSyncs)
                                 .arg(written)
                                 .arg(onServer)
                                 .arg(distinct)
                                 .arg(audited);
        for (Client& c : clients) {
            QCOMPARE(c.store->outbox().pendingCount().value(), 0);
            QCOMPARE(localRows(*c.store,
                         "SELECT state || ' ' || kind || '.' || op || ': ' || coalesce(last_error, '') FROM outbox "
                         "WHERE state <> 'applied'"),
                QSet<QString>()); // (what stayed, and why, when it fails)
            QCOMPARE(localRows(*c.store, "SELECT id || ' ' || version FROM requests"),
                serverRows(c.login, QStringLiteral("requests")));
            QCOMPARE(localRows(*c.store, "SELECT id FROM notes"), serverRows(c.login, QStringLiteral("notes")));
        }
        QCOMPARE(onServer, written); // nothing lost
        QCOMPARE(distinct, written);
        QCOMPARE(audited, written); // nothing applied twice
        QVERIFY(killsDuringSync > 0);
    }
};

QTEST_GUILESS_MAIN(TestCityFailover)
#include "tst_city_failover.moc"
