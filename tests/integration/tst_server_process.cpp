// clerkdesk-server as a process: seed, serve on a free port, answer, stop gracefully on SIGTERM;
// a missing key is refused with a clear message.
#include <QProcess>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

class TestServerProcess : public QObject
{
    Q_OBJECT
private:
    static QProcessEnvironment env(bool withKey)
    {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        if (withKey)
            e.insert(QStringLiteral("CLERKDESK_SERVER_KEY"), QStringLiteral("process-test-key-0123456789"));
        else
            e.remove(QStringLiteral("CLERKDESK_SERVER_KEY"));
        return e;
    }

private Q_SLOTS:
    void refusesToStartWithoutKey()
    {
        QTemporaryDir dir;
        QProcess p;
        p.setProcessEnvironment(env(false));
        p.start(
            QStringLiteral(CLERKDESK_SERVER_PATH), { QStringLiteral("serve"), QStringLiteral("--data"), dir.path() });
        QVERIFY(p.waitForFinished(20000));
        QCOMPARE(p.exitCode(), 1);
        QVERIFY(QString::fromUtf8(p.readAllStandardError()).contains(QLatin1String("key")));
    }

    void seedServeAndStopOnSigterm()
    {
        QTemporaryDir dir;
        const QString config = dir.filePath(QStringLiteral("server.ini"));
        {
            QFile f(config);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("[server]\nlisten=127.0.0.1\nport=0\ndata=" + dir.filePath(QStringLiteral("data")).toUtf8() + "\n");
        }
        QProcess seed;
        seed.setProcessEnvironment(env(true));
        seed.start(QStringLiteral(CLERKDESK_SERVER_PATH),
            { QStringLiteral("seed"), QStringLiteral("--config"), config, QStringLiteral("--requests"),
                QStringLiteral("10") });
        QVERIFY(seed.waitForFinished(60000));
        QCOMPARE(seed.exitCode(), 0);
        QVERIFY(seed.readAllStandardOutput().contains("10 requests"));

        QProcess serve;
        serve.setProcessEnvironment(env(true));
        serve.start(
            QStringLiteral(CLERKDESK_SERVER_PATH), { QStringLiteral("serve"), QStringLiteral("--config"), config });
        QVERIFY(serve.waitForReadyRead(20000));
        const QString line = QString::fromUtf8(serve.readAllStandardOutput());
        const auto m = QRegularExpression(QStringLiteral("127\\.0\\.0\\.1:(\\d+)")).match(line);
        QVERIFY2(m.hasMatch(), qPrintable(line));
        QTcpSocket s;
        s.connectToHost(QStringLiteral("127.0.0.1"), quint16(m.captured(1).toUInt()));
        QVERIFY(s.waitForConnected(5000));
        s.write("GET /v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        QVERIFY(s.waitForReadyRead(5000));
        QTRY_VERIFY(s.bytesAvailable() > 0);
        QVERIFY(s.readAll().startsWith("HTTP/1.1 200"));
        serve.terminate(); // SIGTERM
        QVERIFY(serve.waitForFinished(10000));
        QCOMPARE(serve.exitStatus(), QProcess::NormalExit);
        QCOMPARE(serve.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TestServerProcess)
#include "tst_server_process.moc"
