// What the client sends where: never a password over plain HTTP to another computer, never the
// bearer token after a redirect to another origin. Real sockets on loopback stand in for a
// hostile or misconfigured backend (they answer what a real one would not).
#include "../common/Waiting.h"
#include "core/store/Store.h"

#include <QHostAddress>
#include <QNetworkProxy>
#include <QScopeGuard>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace clerk;

namespace {
// Accepts connections and answers every request with the given raw HTTP response; keeps what
// arrived.
class ScriptedHttp : public QObject
{
public:
    explicit ScriptedHttp(QByteArray answer)
        : m_answer(std::move(answer))
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* s = m_server.nextPendingConnection()) {
                connect(s, &QTcpSocket::readyRead, s, [this, s] {
                    m_received += s->readAll();
                    if (m_received.contains("\r\n\r\n")) {
                        s->write(m_answer);
                        s->flush();
                        s->disconnectFromHost();
                    }
                });
            }
        });
    }
    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    quint16 port() const { return m_server.serverPort(); }
    const QByteArray& received() const { return m_received; }

private:
    QTcpServer m_server;
    QByteArray m_answer;
    QByteArray m_received;
};
} // namespace

class TestBackendClient : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void allowedAddresses_data();
    void allowedAddresses();
    void plainHttpOffThisComputerSendsNothing();
    void redirectToAnotherOriginIsNotFollowed();
    void busyBackendSaysWhenToRetry();
};

void TestBackendClient::allowedAddresses_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("allowed");
    QTest::addRow("https") << "https://clerkdesk.stadt.example/api" << true;
    QTest::addRow("http loopback v4") << "http://127.0.0.1:8080" << true;
    QTest::addRow("http loopback range") << "http://127.8.9.10:8080" << true;
    QTest::addRow("http localhost") << "http://localhost:8080" << true;
    QTest::addRow("http loopback v6") << "http://[::1]:8080" << true;
    QTest::addRow("http city host") << "http://clerkdesk.stadt.example" << false;
    QTest::addRow("http private address") << "http://10.1.2.3:8080" << false;
    QTest::addRow("http host named like loopback") << "http://127.0.0.1.example.org" << false;
    QTest::addRow("ftp") << "ftp://127.0.0.1" << false;
    QTest::addRow("no scheme") << "clerkdesk.stadt.example" << false;
}

void TestBackendClient::allowedAddresses()
{
    QFETCH(QString, url);
    QFETCH(bool, allowed);
    QCOMPARE(BackendClient::isAllowedBase(QUrl(url)), allowed);
    QCOMPARE(BackendClient(QUrl(url)).usable().ok(), allowed);
}

void TestBackendClient::plainHttpOffThisComputerSendsNothing()
{
    // A listener that would take the password if anything were sent: it is the application's HTTP
    // proxy, so a request to the city host would reach it; only the refusal can keep it empty.
    ScriptedHttp listener("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
    QVERIFY(listener.listen());
    QNetworkProxy::setApplicationProxy(
        QNetworkProxy(QNetworkProxy::HttpProxy, QStringLiteral("127.0.0.1"), listener.port()));
    auto noProxy = qScopeGuard([] { QNetworkProxy::setApplicationProxy(QNetworkProxy(QNetworkProxy::NoProxy)); });
    QTemporaryDir dir;
    Store store(dir.filePath(QStringLiteral("client.db")));
    QVERIFY(store.create("client-passphrase"));
    const QUrl insecure(QStringLiteral("http://clerkdesk.stadt.example:%1").arg(listener.port()));
    WaitingSession session(store, insecure);
    const Status s = session.signIn(QStringLiteral("mueller"), QStringLiteral("geheim-passwort"));
    QVERIFY(!s.ok());
    QCOMPARE(s.error().code, Error::Invalid);
    QVERIFY2(s.error().message.contains(QLatin1String("HTTPS")), qPrintable(s.error().message));
    QVERIFY(!session.syncOnce().ok());
    QTest::qWait(100);
    QVERIFY(listener.received().isEmpty());
    QVERIFY(store.meta().value(QStringLiteral("token")).value().isEmpty());
    // Through the same proxy, an allowed address is reached (so the empty buffer above means something).
    WaitingClient viaProxy(QUrl(QStringLiteral("https://clerkdesk.stadt.example")));
    QVERIFY(!viaProxy.getJson(QStringLiteral("/v1/services")).ok()); // the listener speaks no TLS
    QVERIFY2(listener.received().startsWith("CONNECT clerkdesk.stadt.example:443"), listener.received().constData());
    noProxy.dismiss();
    QNetworkProxy::setApplicationProxy(QNetworkProxy(QNetworkProxy::NoProxy));
    // And the listener itself over loopback, with plain HTTP.
    WaitingClient loopback(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(listener.port())));
    QVERIFY(loopback.getJson(QStringLiteral("/v1/services")).ok());
    QVERIFY(listener.received().contains("GET /v1/services"));
}

void TestBackendClient::redirectToAnotherOriginIsNotFollowed()
{
    ScriptedHttp elsewhere("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
    QVERIFY(elsewhere.listen());
    // "localhost" and "127.0.0.1" are the same computer but not the same origin.
    const QByteArray target = "http://localhost:" + QByteArray::number(elsewhere.port()) + "/v1/services";
    ScriptedHttp backend("HTTP/1.1 302 Found\r\nLocation: " + target + "\r\nContent-Length: 0\r\n\r\n");
    QVERIFY(backend.listen());
    WaitingClient client(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(backend.port())));
    client.setToken("secret-bearer-token");
    auto r = client.getJson(QStringLiteral("/v1/services"));
    QVERIFY(!r.ok());
    QTest::qWait(100);
    QVERIFY2(backend.received().toLower().contains("authorization: bearer secret-bearer-token"),
        backend.received().constData());
    QVERIFY2(elsewhere.received().isEmpty(), elsewhere.received().constData());

    // A redirect within the same origin is still followed.
    ScriptedHttp moved("HTTP/1.1 301 Moved Permanently\r\nLocation: /v1/services-moved\r\nContent-Length: 0\r\n\r\n");
    QVERIFY(moved.listen());
    WaitingClient sameOrigin(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(moved.port())));
    auto followed = sameOrigin.getJson(QStringLiteral("/v1/services"));
    QVERIFY(!followed.ok()); // the listener answers every request with the same redirect: Qt gives up
    QVERIFY2(moved.received().count("GET /v1/services-moved") >= 1, moved.received().constData());
}

void TestBackendClient::busyBackendSaysWhenToRetry()
{
    // A server whose store is busy or full answers 503 with Retry-After; the sync waits at least that.
    ScriptedHttp busy(
        "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 30\r\nContent-Type: application/problem+json\r\n"
        "Content-Length: 2\r\n\r\n{}");
    QVERIFY(busy.listen());
    WaitingClient client(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(busy.port())));
    auto r = client.postJson(QStringLiteral("/v1/mutations"), {});
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, Error::Busy);
    QCOMPARE(r.error().retryAfterSeconds, 30);
    // An hour is capped: the client's own backoff takes over beyond five minutes.
    ScriptedHttp greedy("HTTP/1.1 429 Too Many Requests\r\nRetry-After: 3600\r\nContent-Length: 0\r\n\r\n");
    QVERIFY(greedy.listen());
    auto g = WaitingClient(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(greedy.port())))
                 .getJson(QStringLiteral("/v1/services"));
    QCOMPARE(g.error().retryAfterSeconds, BackendClient::kMaxRetryAfterSeconds);
}

QTEST_GUILESS_MAIN(TestBackendClient)
#include "tst_backend_client.moc"
