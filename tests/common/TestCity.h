// The reference server as integration tests start it: a city database (SQLCipher, or plain SQLite
// when asked, or PostgreSQL when CLERKDESK_TEST_STORE=postgresql: TestPostgres.h) in a temporary folder, seeded with
// the synthetic city, served by ApiServer on loopback on a clock that only moves when the test says so; and signing in
// over HTTP.
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
#include "TestPostgres.h"
#include "core/Clock.h"
#include "core/store/Sql.h"
#include "server/ApiServer.h"
#include "server/PgCityStore.h"
#include "server/PgConnection.h"
#include "server/Seeder.h"
#include "server/SqlCityStore.h"

#include <QDir>
#include <QHash>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QUrl>
#include <QUuid>
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
    int streamHeartbeatMs = 0; // live updates' heartbeat; 0: ApiServer's default (15 s)
    bool postgres = testpg::wanted(); // PgCityStore in a fresh database of the test cluster
};

struct City
{
    explicit City(QDateTime start = QDateTime(QDate(2026, 11, 26), QTime(9, 0), QTimeZone::UTC))
        : clock(start)
    { }

    QTemporaryDir dir;
    ManualClock clock; // the server's "now"
    std::unique_ptr<server::CityStore> store;
    server::SqlCityStore* sqlite = nullptr; // the same store, when it is the SQLCipher one
    server::PgCityStore* postgres = nullptr; // the same store, when it is the PostgreSQL one
    QString conninfo; // the PostgreSQL database's libpq words
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
        if (o.postgres) {
            if (QString e = openPostgres(); !e.isEmpty())
                return e;
            return seedAndServe();
        }
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
        sqlite = opened.value().get();
        store = std::move(opened.value());
        return seedAndServe();
    }

    // Opens (or reopens) the PostgreSQL store of this city, in its own database.
    QString openPostgres()
    {
        if (conninfo.isEmpty()) {
            auto db = testpg::freshDatabase();
            if (!db)
                return QStringLiteral("PostgreSQL: ") + db.errorString();
            conninfo = db.value();
        }
        server::PgCityStore::Options po;
        po.conninfo = conninfo;
        po.key = options.key.isEmpty() ? QByteArray("test-city-key-0123456789") : options.key;
        po.contentDir = dir.filePath(QStringLiteral("documents"));
        if (options.highwater)
            po.highwaterPath = dir.filePath(QStringLiteral("city.highwater"));
        po.migrate = true;
        auto opened = server::PgCityStore::open(po);
        if (!opened)
            return QStringLiteral("open: ") + opened.error().message + QLatin1Char(' ') + opened.error().detail;
        postgres = opened.value().get();
        store = std::move(opened.value());
        return {};
    }

    // Walks an open request to "closed" on the server as the clerk `login` (received/waiting →
    // in_progress → approved → closed), by the server's clock; false when a step is refused.
    bool close(const QString& requestId, const QString& login)
    {
        const QHash<QString, QString> next { { QStringLiteral("received"), QStringLiteral("in_progress") },
            { QStringLiteral("in_progress"), QStringLiteral("approved") },
            { QStringLiteral("waiting"), QStringLiteral("in_progress") },
            { QStringLiteral("approved"), QStringLiteral("closed") } };
        auto clerk = store->clerk(login);
        if (!clerk)
            return false;
        for (int guard = 0; guard < 6; ++guard) {
            auto r = store->request(requestId);
            if (!r)
                return false;
            if (r->status == QLatin1String("closed"))
                return true;
            Mutation m;
            m.mutationId = QUuid::createUuid().toString(QUuid::WithoutBraces);
            m.kind = QStringLiteral("request");
            m.op = QStringLiteral("status");
            m.targetId = requestId;
            m.baseVersion = r->version;
            m.data = { { QStringLiteral("status"), next.value(r->status) } };
            if (store->applyMutation(clerk.value(), m, clock.now()).status != QLatin1String("applied"))
                return false;
        }
        return false;
    }

    // One value read with SQL both stores understand (parameters ?1, ?2, …).
    QVariant scalar(const QString& sql, const QVariantList& binds = {})
    {
        const QList<QStringList> r = rows(sql, binds);
        return r.isEmpty() || r.first().isEmpty() ? QVariant() : QVariant(r.first().first());
    }

    // Rows read with SQL both stores understand, every column as text.
    QList<QStringList> rows(const QString& sql, const QVariantList& binds = {})
    {
        QList<QStringList> out;
        if (postgres) {
            QString pgSql = sql;
            pgSql.replace(QRegularExpression(QStringLiteral("\\?(\\d)")), QStringLiteral("$\\1"));
            auto q = postgres->connection().query(pgSql);
            for (int i = 0; i < binds.size(); ++i)
                q.bind(i + 1, binds.at(i));
            while (q.next()) {
                QStringList row;
                for (int c = 0; c < q.columnCount(); ++c)
                    row << q.text(c);
                out << row;
            }
            if (q.error())
                qWarning() << "test SQL failed:" << q.error().detail;
            return out;
        }
        auto q = sqlite->connection().query(sql);
        for (int i = 0; i < binds.size(); ++i)
            q.bind(i + 1, binds.at(i));
        while (q.next()) {
            QStringList row;
            for (int c = 0; c < q.columnCount(); ++c)
                row << q.text(c);
            out << row;
        }
        return out;
    }

    QString seedAndServe()
    {
        const Options& o = options;
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
        if (options.streamHeartbeatMs > 0)
            cfg.streams.heartbeatMs = options.streamHeartbeatMs;
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
        sqlite = nullptr;
        postgres = nullptr;
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
