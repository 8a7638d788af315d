// The reference server as integration tests start it: a city database (SQLCipher, or plain SQLite
// when asked) in a temporary folder, seeded with the synthetic city, served by ApiServer on
// loopback on a clock that only moves when the test says so; and signing in over HTTP.
//
//     testcity::City m_city;
//     testcity::Options o;
//     o.seed.requests = 40;
//     const QString failed = m_city.start(o);
//     QVERIFY2(failed.isEmpty(), qPrintable(failed));
//     Client c(m_city.base);
//     c.setToken(m_city.signIn(m_city.seed.demoLogins.first()));
#pragma once

#include "TestHttp.h"
#include "core/Clock.h"
#include "server/ApiServer.h"
#include "server/Seeder.h"
#include "server/SqlCityStore.h"

#include <QDir>
#include <QTemporaryDir>
#include <QUrl>
#include <memory>

namespace clerk::testcity {

struct Options
{
    QString file = QStringLiteral("city.db"); // inside the city's temporary folder
    QByteArray key = "test-city-key-0123456789"; // empty: a plain SQLite database
    bool highwater = true; // a high-water file beside the database (restores from backup)
    int busyTimeoutMs = 5000;
    server::SeedOptions seed; // seed.today invalid: today by the system clock, as seedCity has it
    bool seeded = true;
    int maxBodyBytes = 0; // 0: ApiServer's default
};

struct City
{
    explicit City(QDateTime start = QDateTime(QDate(2026, 11, 26), QTime(9, 0), QTimeZone::UTC))
        : clock(start)
    { }

    QTemporaryDir dir;
    ManualClock clock; // the server's "now"
    std::unique_ptr<server::SqlCityStore> store;
    std::unique_ptr<server::ApiServer> api;
    quint16 port = 0;
    QString base; // http://127.0.0.1:<port>
    QString path; // the database
    server::SeedReport seed;
    Options options;

    // Opens (or makes) the database, seeds it and serves it; what failed, or an empty string.
    QString start(const Options& o = {})
    {
        options = o;
        if (!dir.isValid())
            return QStringLiteral("no temporary folder");
        server::SqlCityStore::Options so;
        path = so.path = dir.filePath(o.file);
        QDir().mkpath(QFileInfo(path).absolutePath());
        so.key = o.key;
        so.plaintext = o.key.isEmpty();
        so.busyTimeoutMs = o.busyTimeoutMs;
        if (o.highwater)
            so.highwaterPath = path.chopped(QFileInfo(path).suffix().size()) + QStringLiteral("highwater");
        auto opened = server::SqlCityStore::open(so);
        if (!opened)
            return QStringLiteral("open: ") + opened.error().message + QLatin1Char(' ') + opened.error().detail;
        store = std::move(opened.value());
        if (o.seeded) {
            auto report = server::seedCity(*store, o.seed);
            if (!report)
                return QStringLiteral("seed: ") + report.error().message + QLatin1Char(' ') + report.error().detail;
            seed = report.value();
        }
        return serve();
    }

    // Serves the open store (again) on `onPort`, 0: any free port.
    QString serve(quint16 onPort = 0)
    {
        server::ApiServer::Config cfg;
        if (options.maxBodyBytes > 0)
            cfg.maxBodyBytes = options.maxBodyBytes;
        api.reset();
        api = std::make_unique<server::ApiServer>(*store, clock, cfg);
        port = api->listen(QHostAddress::LocalHost, onPort);
        if (port == 0)
            return QStringLiteral("no loopback port: ") + api->errorString();
        base = QStringLiteral("http://127.0.0.1:%1").arg(port);
        return {};
    }

    // Stops serving and closes the database.
    void stop()
    {
        api.reset();
        store.reset();
    }

    QUrl url() const { return QUrl(base); }

    // The token of a sign-in, empty when it was refused. `operation`: the OpenAPI operationId the
    // answer is recorded under (TestHttp.h).
    QByteArray signIn(
        const QString& login, const QString& password = QStringLiteral("demo"), const QString& operation = {}) const
    {
        testhttp::Client c(base);
        const auto r = c.postJson(QStringLiteral("/v1/auth/token"),
            { { QStringLiteral("login"), login }, { QStringLiteral("password"), password } }, operation);
        return r.status == 200 ? r.json().value(QLatin1String("token")).toString().toLatin1() : QByteArray();
    }
};

} // namespace clerk::testcity
