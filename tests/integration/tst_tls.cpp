// TLS between the client and the reference server, with certificates made at test time by the
// openssl tool: the client trusts the city CA only when given the bundle, and refuses a wrong
// host name, an expired certificate and a self-signed one, saying so, sending nothing.
#include "../common/Waiting.h"
#include "server/Accounts.h"
#include "server/ApiServer.h"
#include "server/SqlCityStore.h"

#include <QFile>
#include <QProcess>
#include <QSslKey>
#include <QTemporaryDir>
#include <QTest>

using namespace clerk;
using namespace clerk::server;

class TestTls : public QObject
{
    Q_OBJECT
private:
    bool openssl(const QStringList& args)
    {
        QProcess p;
        p.setWorkingDirectory(m_dir.path());
        p.start(QStringLiteral("openssl"), args);
        if (!p.waitForFinished(60000) || p.exitCode() != 0) {
            qWarning() << "openssl" << args << p.readAllStandardError();
            return false;
        }
        return true;
    }
    // A server certificate signed by the test CA (or by itself) for `host`, valid for `days` (may be negative).
    bool makeServerCert(const QString& name, const QString& host, int days, bool selfSigned = false)
    {
        const QString key = name + QStringLiteral(".key"), csr = name + QStringLiteral(".csr"),
                      crt = name + QStringLiteral(".crt");
        const QString ext = name + QStringLiteral(".ext");
        QFile e(m_dir.filePath(ext));
        if (!e.open(QIODevice::WriteOnly))
            return false;
        e.write("subjectAltName=DNS:" + host.toLatin1()
            + "\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n");
        e.close();
        if (!openssl({ QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                QStringLiteral("-nodes"), QStringLiteral("-keyout"), key, QStringLiteral("-out"), csr,
                QStringLiteral("-subj"), QStringLiteral("/CN=") + host }))
            return false;
        QStringList sign { QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), csr,
            QStringLiteral("-out"), crt, QStringLiteral("-extfile"), ext, QStringLiteral("-sha256") };
        if (selfSigned)
            sign << QStringLiteral("-signkey") << key;
        else
            sign << QStringLiteral("-CA") << QStringLiteral("ca.crt") << QStringLiteral("-CAkey")
                 << QStringLiteral("ca.key") << QStringLiteral("-CAcreateserial");
        if (days < 0) // expired: valid from two days ago to yesterday
            sign << QStringLiteral("-not_before")
                 << QDateTime::currentDateTimeUtc().addDays(-2).toString(QStringLiteral("yyyyMMddHHmmss'Z'"))
                 << QStringLiteral("-not_after")
                 << QDateTime::currentDateTimeUtc().addDays(-1).toString(QStringLiteral("yyyyMMddHHmmss'Z'"));
        else
            sign << QStringLiteral("-days") << QString::number(days);
        return openssl(sign);
    }
    quint16 serve(const QString& name)
    {
        QFile crt(m_dir.filePath(name + QStringLiteral(".crt"))), key(m_dir.filePath(name + QStringLiteral(".key")));
        if (!crt.open(QIODevice::ReadOnly) || !key.open(QIODevice::ReadOnly))
            return 0;
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setLocalCertificate(QSslCertificate(crt.readAll(), QSsl::Pem));
        tls.setPrivateKey(QSslKey(key.readAll(), QSsl::Rsa, QSsl::Pem));
        m_api = std::make_unique<ApiServer>(*m_store, Clock::system());
        return m_api->listen(QHostAddress::LocalHost, 0, tls);
    }
    Result<QJsonObject> health(quint16 port, const QString& host, bool withCa)
    {
        WaitingClient c(QUrl(QStringLiteral("https://%1:%2").arg(host).arg(port)),
            withCa ? m_dir.filePath(QStringLiteral("ca.crt")) : QString());
        c.setTimeoutMs(10000);
        return c.getJson(QStringLiteral("/v1/health"));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(accounts::initialise());
        QVERIFY(openssl({ QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
            QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-keyout"), QStringLiteral("ca.key"),
            QStringLiteral("-out"), QStringLiteral("ca.crt"), QStringLiteral("-days"), QStringLiteral("30"),
            QStringLiteral("-subj"), QStringLiteral("/CN=Stadt Musterstadt Test-CA"), QStringLiteral("-addext"),
            QStringLiteral("basicConstraints=critical,CA:TRUE"), QStringLiteral("-addext"),
            QStringLiteral("keyUsage=critical,keyCertSign,cRLSign") }));
        QVERIFY(makeServerCert(QStringLiteral("good"), QStringLiteral("localhost"), 30));
        QVERIFY(makeServerCert(QStringLiteral("otherhost"), QStringLiteral("clerkdesk.other.example"), 30));
        QVERIFY(makeServerCert(QStringLiteral("expired"), QStringLiteral("localhost"), -1));
        QVERIFY(makeServerCert(QStringLiteral("selfsigned"), QStringLiteral("localhost"), 30, true));
        SqlCityStore::Options o;
        o.path = m_dir.filePath(QStringLiteral("city.db"));
        o.plaintext = true;
        m_store = std::move(SqlCityStore::open(o).value());
    }

    void trustedThroughTheCityCa()
    {
        const quint16 port = serve(QStringLiteral("good"));
        QVERIFY(port);
        auto r = health(port, QStringLiteral("localhost"), true);
        QVERIFY2(r.ok(), qPrintable(r.error().detail + QLatin1Char(' ') + r.errorString()));
        QCOMPARE(r->value(QLatin1String("status")).toString(), QStringLiteral("ok"));
        // Without the city's CA the same server is not trusted.
        auto refused = health(port, QStringLiteral("localhost"), false);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.errorString().contains(QLatin1String("not trustworthy")), qPrintable(refused.errorString()));
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("cert");
        QTest::addRow("wrong host name") << "otherhost";
        QTest::addRow("expired") << "expired";
        QTest::addRow("self-signed") << "selfsigned";
    }
    void refusals()
    {
        QFETCH(QString, cert);
        const quint16 port = serve(cert);
        QVERIFY(port);
        auto r = health(port, QStringLiteral("localhost"), true);
        QVERIFY(!r.ok());
        QVERIFY2(r.errorString().contains(QLatin1String("not trustworthy")), qPrintable(r.errorString()));
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<SqlCityStore> m_store;
    std::unique_ptr<ApiServer> m_api;
};

QTEST_GUILESS_MAIN(TestTls)
#include "tst_tls.moc"
