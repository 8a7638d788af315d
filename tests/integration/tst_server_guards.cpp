// clerkdesk-server as a process at its edges: a request announcing 2 GB is refused from its head
// while the process's peak memory (read from /proc) stays flat, plain HTTP off loopback is refused
// unless --insecure-http, and --insecure-http and --plain warn loudly.
#include "../common/RawHttp.h"

#include <QDateTime>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using clerk::testhttp::RawReply;
using clerk::testhttp::readResponse;

namespace {

qint64 procStatusKb(qint64 pid, const char* field)
{
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : f.readAll().split('\n'))
        if (line.startsWith(field))
            return line.mid(qstrlen(field) + 1).trimmed().split(' ').value(0).toLongLong();
    return -1;
}

} // namespace

class TestServerGuards : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void hugeBodyKeepsServerProcessMemoryFlat();
    void plainHttpOffLoopbackIsRefused();
    void unencryptedStoreWarnsLoudly();

private:
    QProcess* startServer(const QStringList& extra, QString* errors = nullptr);

    QTemporaryDir m_dir;
};

QProcess* TestServerGuards::startServer(const QStringList& extra, QString* errors)
{
    auto* p = new QProcess(this);
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    e.insert(QStringLiteral("CLERKDESK_SERVER_KEY"), QStringLiteral("edges-process-key-0123456789"));
#if defined(__SANITIZE_ADDRESS__)
    // AddressSanitizer keeps freed memory in quarantine (256 MiB) instead of reusing it, so every
    // buffer the socket allocates and frees while bytes are dropped would count towards the peak;
    // without the quarantine the measure is the server's, as in an ordinary build.
    const QString asan = e.value(QStringLiteral("ASAN_OPTIONS"));
    e.insert(QStringLiteral("ASAN_OPTIONS"),
        (asan.isEmpty() ? QString() : asan + QLatin1Char(':'))
            + QStringLiteral("quarantine_size_mb=0:thread_local_quarantine_size_kb=0"));
#endif
    p->setProcessEnvironment(e);
    const QString data = m_dir.filePath(QStringLiteral("proc-%1").arg(QDateTime::currentMSecsSinceEpoch()));
    p->start(QStringLiteral(CLERKDESK_SERVER_PATH),
        QStringList {
            QStringLiteral("serve"), QStringLiteral("--data"), data, QStringLiteral("--port"), QStringLiteral("0") }
            + extra);
    if (!p->waitForStarted(10000))
        return nullptr;
    QByteArray out;
    QElapsedTimer t;
    t.start();
    while (!out.contains('\n') && t.elapsed() < 20000 && p->state() == QProcess::Running) {
        p->waitForReadyRead(200);
        out += p->readAllStandardOutput();
    }
    if (errors) {
        errors->clear();
        for (int i = 0; i < 10 && !errors->contains(QLatin1String("WARNING")); ++i) {
            p->waitForReadyRead(100);
            *errors += QString::fromUtf8(p->readAllStandardError());
        }
    }
    p->setProperty("firstLine", QString::fromUtf8(out));
    return p;
}

void TestServerGuards::hugeBodyKeepsServerProcessMemoryFlat()
{
    QProcess* server = startServer({});
    QVERIFY(server);
    const auto m
        = QRegularExpression(QStringLiteral(":(\\d+) \\(http\\)")).match(server->property("firstLine").toString());
    QVERIFY2(m.hasMatch(), qPrintable(server->property("firstLine").toString()));
    const quint16 port = quint16(m.captured(1).toUInt());
    const qint64 pid = server->processId();
    {
        QTcpSocket warm;
        warm.connectToHost(QHostAddress::LocalHost, port);
        QVERIFY(warm.waitForConnected(5000));
        warm.write("GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n");
        QCOMPARE(readResponse(warm).status, 200);
    }
    const qint64 hwmBefore = procStatusKb(pid, "VmHWM:");
    QVERIFY(hwmBefore > 0);
    qint64 sent = 0;
    int refused = 0;
    for (const QByteArray& path : { QByteArray("/v1/auth/token"), QByteArray("/v1/intake") }) {
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, port);
        QVERIFY(s.waitForConnected(5000));
        s.write("POST " + path
            + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2000000000\r\n\r\n");
        // 413 before a byte of the body is sent.
        const RawReply r = readResponse(s);
        QVERIFY2(r.status == 413, r.head.constData());
        ++refused;
        // The client sends anyway, in pieces: the server drops it and then closes.
        const QByteArray chunk(256 * 1024, 'x');
        QElapsedTimer t;
        t.start();
        while (sent < (refused * 48LL << 20) && s.state() == QAbstractSocket::ConnectedState && t.elapsed() < 10000) {
            if (s.write(chunk) < 0)
                break;
            s.waitForBytesWritten(1000);
            sent += chunk.size();
        }
    }
    QVERIFY2(sent >= 8LL << 20, qPrintable(QStringLiteral("only %1 bytes went out").arg(sent)));
    const qint64 hwmAfter = procStatusKb(pid, "VmHWM:");
    const qint64 rss = procStatusKb(pid, "VmRSS:");
    qInfo("server peak RSS %lld kB before, %lld kB after %lld MiB sent at 2 refused requests (RSS now %lld kB)",
        hwmBefore, hwmAfter, sent >> 20, rss);
    // Relative to what went out, so that few bytes sent cannot hide a buffering server: one that
    // kept the bytes until it closed would grow by about as much as was sent.
    const qint64 allowedKb = qMin<qint64>(16 * 1024, (sent >> 10) / 8);
    QVERIFY2(hwmAfter - hwmBefore < allowedKb,
        qPrintable(QStringLiteral("peak grew by %1 kB after %2 MiB sent (at most %3 kB allowed)")
                .arg(hwmAfter - hwmBefore)
                .arg(sent >> 20)
                .arg(allowedKb)));
    server->terminate();
    QVERIFY(server->waitForFinished(10000));
}

void TestServerGuards::plainHttpOffLoopbackIsRefused()
{
    QString errors;
    QProcess* refused = startServer({ QStringLiteral("--listen"), QStringLiteral("0.0.0.0") }, &errors);
    QVERIFY(refused);
    QVERIFY(refused->state() == QProcess::NotRunning || refused->waitForFinished(20000));
    errors += QString::fromUtf8(refused->readAllStandardError());
    QCOMPARE(refused->exitCode(), 1);
    QVERIFY2(errors.contains(QLatin1String("refusing to serve plain HTTP on 0.0.0.0")), qPrintable(errors));

    QProcess* allowed = startServer(
        { QStringLiteral("--listen"), QStringLiteral("0.0.0.0"), QStringLiteral("--insecure-http") }, &errors);
    QVERIFY(allowed);
    QVERIFY2(allowed->property("firstLine").toString().contains(QLatin1String("listening on 0.0.0.0:")),
        qPrintable(allowed->property("firstLine").toString() + errors));
    QVERIFY2(errors.contains(QLatin1String("WARNING: --insecure-http")), qPrintable(errors));
    allowed->terminate();
    QVERIFY(allowed->waitForFinished(10000));

    QProcess* loopback = startServer({ QStringLiteral("--listen"), QStringLiteral("127.0.0.1") }, &errors);
    QVERIFY(loopback);
    QVERIFY(loopback->property("firstLine").toString().contains(QLatin1String("listening on 127.0.0.1:")));
    QVERIFY2(!errors.contains(QLatin1String("WARNING")), qPrintable(errors));
    loopback->terminate();
    QVERIFY(loopback->waitForFinished(10000));
}

void TestServerGuards::unencryptedStoreWarnsLoudly()
{
    QString errors;
    QProcess* plain = startServer({ QStringLiteral("--plain") }, &errors);
    QVERIFY(plain);
    QVERIFY(plain->property("firstLine").toString().contains(QLatin1String("listening on 127.0.0.1:")));
    QVERIFY2(errors.contains(QLatin1String("WARNING: --plain: the database is NOT encrypted")), qPrintable(errors));
    plain->terminate();
    QVERIFY(plain->waitForFinished(10000));
}

QTEST_GUILESS_MAIN(TestServerGuards)
#include "tst_server_guards.moc"
