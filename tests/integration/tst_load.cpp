// Load (./dev test --long): 50 simulated clients, each on its own thread with its own encrypted
// store, sign in, sync fully, then add notes and sync again for a bounded time against one server
// on loopback. No errors allowed; prints requests served, p95 of a sync pass and the server's RSS.
#include "../common/Waiting.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"
#include "server/Accounts.h"
#include "server/ApiServer.h"
#include "server/Seeder.h"
#include "server/SqlCityStore.h"

#include <QElapsedTimer>
#include <QFile>
#include <QMutex>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <algorithm>
#include <atomic>

using namespace clerk;
using namespace clerk::server;

class TestLoad : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fiftyClients()
    {
        QVERIFY(accounts::initialise());
        QTemporaryDir dir;
        SqlCityStore::Options o;
        o.path = dir.filePath(QStringLiteral("city.db"));
        o.key = "load-test-key-0123456789";
        auto city = SqlCityStore::open(o).value();
        SeedOptions seed;
        seed.requests = 2000;
        seed.documents = false;
        const SeedReport report = seedCity(*city, seed).value();
        // The server runs on its own thread, as it would in its own process.
        QThread serverThread;
        QObject onServerThread;
        onServerThread.moveToThread(&serverThread);
        serverThread.start();
        ApiServer* api = nullptr;
        quint16 port = 0;
        QMetaObject::invokeMethod(
            &onServerThread,
            [&] {
                api = new ApiServer(*city, Clock::system());
                port = api->listen(QHostAddress::LocalHost, 0);
            },
            Qt::BlockingQueuedConnection);
        QVERIFY(port != 0);
        const QUrl url(QStringLiteral("http://127.0.0.1:%1").arg(port));
        const int seconds = qEnvironmentVariableIntValue("CLERKDESK_LOAD_SECONDS") > 0
            ? qEnvironmentVariableIntValue("CLERKDESK_LOAD_SECONDS")
            : 20;

        std::atomic<int> errors { 0 }, passes { 0 }, notes { 0 };
        QMutex mutex;
        QList<double> latencies;
        QList<QThread*> clients;
        QElapsedTimer wall;
        wall.start();
        for (int i = 0; i < 50; ++i) {
            const QString login = report.demoLogins.at(i % report.demoLogins.size());
            const QString path = dir.filePath(QStringLiteral("client-%1.db").arg(i));
            QThread* t = QThread::create([&, login, path, i] {
                Store store(path);
                if (!store.create("client-passphrase")) {
                    ++errors;
                    return;
                }
                WaitingSession sync(store, url);
                if (!sync.signIn(login, QStringLiteral("demo"))) {
                    ++errors;
                    return;
                }
                QElapsedTimer mine;
                mine.start();
                int round = 0;
                while (mine.elapsed() < seconds * 1000) {
                    if (round > 0) {
                        auto any = store.connection().scalar("SELECT id FROM requests LIMIT 1");
                        if (any && !any->toString().isEmpty()
                            && store.addNote(any->toString(), QStringLiteral("Last %1/%2").arg(i).arg(round), login)
                                .ok())
                            ++notes;
                    }
                    QElapsedTimer pass;
                    pass.start();
                    auto r = sync.syncOnce();
                    if (!r.ok()) {
                        ++errors;
                        qWarning() << "client" << i << r.error().detail;
                    }
                    ++passes;
                    QMutexLocker lock(&mutex);
                    latencies << double(pass.nsecsElapsed()) / 1e6;
                    ++round;
                }
            });
            clients << t;
            t->start();
        }
        for (QThread* t : clients) {
            while (!t->wait(50))
                QCoreApplication::processEvents();
            delete t;
        }
        const double secs = double(wall.elapsed()) / 1000;
        std::sort(latencies.begin(), latencies.end());
        const double p50 = latencies.value(latencies.size() / 2), p95 = latencies.value(int(latencies.size() * 0.95));
        qint64 rssKb = 0;
        QFile status(QStringLiteral("/proc/self/status"));
        if (status.open(QIODevice::ReadOnly))
            for (const QByteArray& line : status.readAll().split('\n'))
                if (line.startsWith("VmHWM:"))
                    rssKb = line.mid(6).trimmed().split(' ').first().toLongLong();
        const int serverNotes
            = city->connection().scalar("SELECT count(*) FROM notes WHERE body LIKE '%Last %'")->toInt();
        qInfo().noquote() << QStringLiteral(
            "50 clients, %1 s: %2 sync passes (%3/s), p50 %4 ms, p95 %5 ms, %6 notes pushed, "
            "%7 on the server, %8 errors, peak RSS of the test process (server + 50 clients) %9 MiB")
                                 .arg(secs, 0, 'f', 1)
                                 .arg(passes.load())
                                 .arg(passes.load() / secs, 0, 'f', 1)
                                 .arg(p50, 0, 'f', 1)
                                 .arg(p95, 0, 'f', 1)
                                 .arg(notes.load())
                                 .arg(serverNotes)
                                 .arg(errors.load())
                                 .arg(rssKb / 1024.0, 0, 'f', 0);
        QMetaObject::invokeMethod(&onServerThread, [api] { delete api; }, Qt::BlockingQueuedConnection);
        serverThread.quit();
        serverThread.wait();
        QCOMPARE(errors.load(), 0);
        QCOMPARE(serverNotes, notes.load());
        QVERIFY(passes.load() >= 50);
    }
};

QTEST_GUILESS_MAIN(TestLoad)
#include "tst_load.moc"
