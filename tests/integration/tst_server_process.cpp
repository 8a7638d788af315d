// clerkdesk-server as a process: seed, serve on a free port, answer, stop gracefully on SIGTERM
// (open live update streams are ended first, and the stop does not wait for them); a missing key
// is refused with a clear message.
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

    // Seeds a city in `dir` and serves it; the port, or 0 (with a failed check).
    static quint16 seedAndServe(QTemporaryDir& dir, QProcess& serve)
    {
        const QString config = dir.filePath(QStringLiteral("server.ini"));
        QFile f(config);
        if (!f.open(QIODevice::WriteOnly))
            return 0;
        f.write("[server]\nlisten=127.0.0.1\nport=0\ndata=" + dir.filePath(QStringLiteral("data")).toUtf8() + "\n");
        f.close();
        QProcess seed;
        seed.setProcessEnvironment(env(true));
        seed.start(QStringLiteral(CLERKDESK_SERVER_PATH),
            { QStringLiteral("seed"), QStringLiteral("--config"), config, QStringLiteral("--requests"),
                QStringLiteral("10") });
        if (!seed.waitForFinished(60000) || seed.exitCode() != 0)
            return 0;
        serve.setProcessEnvironment(env(true));
        serve.start(
            QStringLiteral(CLERKDESK_SERVER_PATH), { QStringLiteral("serve"), QStringLiteral("--config"), config });
        if (!serve.waitForReadyRead(20000))
            return 0;
        const auto m = QRegularExpression(QStringLiteral("127\\.0\\.0\\.1:(\\d+)"))
                           .match(QString::fromUtf8(serve.readAllStandardOutput()));
        return m.hasMatch() ? quint16(m.captured(1).toUInt()) : 0;
    }

private Q_SLOTS:
    void sigtermEndsOpenStreams()
    {
        // A clerk's live update stream is open when the instance is told to stop: the stream is
        // ended with its reason (the client reconnects elsewhere) and the stop does not wait for it.
        QTemporaryDir dir;
        QProcess serve;
        const quint16 port = seedAndServe(dir, serve);
        QVERIFY(port != 0);
        QTcpSocket signIn;
        signIn.connectToHost(QStringLiteral("127.0.0.1"), port);
        QVERIFY(signIn.waitForConnected(5000));
        const QByteArray body = R"({"login":"admin","password":"demo"})";
        signIn.write("POST /v1/auth/token HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: "
                     "application/json\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        QByteArray answer;
        while (signIn.waitForReadyRead(5000))
            answer += signIn.readAll();
        const auto token
            = QRegularExpression(QStringLiteral("\"token\":\"([^\"]+)\"")).match(QString::fromUtf8(answer));
        QVERIFY2(token.hasMatch(), answer.constData());

        QTcpSocket stream;
        stream.connectToHost(QStringLiteral("127.0.0.1"), port);
        QVERIFY(stream.waitForConnected(5000));
        stream.write(
            "GET /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token.captured(1).toLatin1() + "\r\n\r\n");
        QByteArray seen;
        while (!seen.contains(": live\n\n") && stream.waitForReadyRead(5000))
            seen += stream.readAll();
        QVERIFY2(seen.startsWith("HTTP/1.1 200"), seen.constData());
        serve.terminate(); // SIGTERM
        while (stream.state() == QAbstractSocket::ConnectedState && stream.waitForReadyRead(10000))
            seen += stream.readAll();
        seen += stream.readAll();
        QVERIFY2(seen.contains("event: end\ndata: {\"reason\":\"shutdown\"}"), seen.constData());
        QVERIFY(serve.waitForFinished(10000)); // the drain's limit is 30 s: it did not wait for the stream
        QCOMPARE(serve.exitStatus(), QProcess::NormalExit);
        QCOMPARE(serve.exitCode(), 0);
    }

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
