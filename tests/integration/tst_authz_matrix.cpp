// Authorization matrix, generated from one table: every endpoint × {no token, expired token,
// revoked token, another team's clerk, intake role, admin, own clerk} → the expected status.
// A denial never tells whether the thing exists.
#include "../common/TestHttp.h"
#include "core/store/Sql.h"
#include "server/Accounts.h"
#include "server/ApiServer.h"
#include "server/Seeder.h"
#include "server/SqlCityStore.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace clerk;
using namespace clerk::server;
using clerk::testhttp::Client;

class TestAuthzMatrix : public QObject
{
    Q_OBJECT
private:
    enum Who { NoToken, Expired, Revoked, OtherTeam, Intake, Admin, Own };
    static QString whoName(Who w)
    {
        static const char* names[] = {"no token", "expired token", "revoked token", "other team", "intake role", "admin", "own clerk"};
        return QString::fromLatin1(names[w]);
    }
    QByteArray tokenFor(const QString& login)
    {
        Client c(m_base);
        return c.postJson(QStringLiteral("/v1/auth/token"), {{QStringLiteral("login"), login}, {QStringLiteral("password"), QStringLiteral("demo")}})
            .json().value(QLatin1String("token")).toString().toLatin1();
    }
    QByteArray token(Who w)
    {
        switch (w) {
        case NoToken: return {};
        case Expired: return m_expired;
        case Revoked: return m_revoked;
        case OtherTeam: return tokenFor(m_seed.demoLogins.at(5)); // not "parkraum"
        case Intake: return tokenFor(QStringLiteral("portal"));
        case Admin: return tokenFor(QStringLiteral("admin"));
        case Own: return tokenFor(m_seed.demoLogins.first());
        }
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(accounts::initialise());
        SqlCityStore::Options o;
        o.path = m_dir.filePath(QStringLiteral("city.db"));
        o.plaintext = true;
        m_store = std::move(SqlCityStore::open(o).value());
        SeedOptions seed;
        seed.requests = 60;
        m_seed = seedCity(*m_store, seed).value();
        m_api = std::make_unique<ApiServer>(*m_store, m_clock);
        m_base = QStringLiteral("http://127.0.0.1:%1").arg(m_api->listen(QHostAddress::LocalHost, 0));
        // An expired token: issued, then the clock moves past its expiry; further tokens are
        // issued at the new time. A revoked token: issued and signed out.
        m_expired = tokenFor(m_seed.demoLogins.first());
        m_clock.advanceSecs(13 * 3600);
        m_revoked = tokenFor(m_seed.demoLogins.first());
        Client c(m_base);
        c.setToken(m_revoked);
        QCOMPARE(c.send("DELETE", QStringLiteral("/v1/auth/token")).status, 204);
        m_request = m_store->connection().scalar("SELECT id FROM requests WHERE team_id = 'parkraum' LIMIT 1")->toString();
        m_document = m_store->connection().scalar("SELECT id FROM documents WHERE team_id = 'parkraum' LIMIT 1")->toString();
        QVERIFY(!m_request.isEmpty() && !m_document.isEmpty());
    }

    void matrix_data()
    {
        QTest::addColumn<int>("who");
        QTest::addColumn<QString>("endpoint");
        QTest::addColumn<int>("expected");
        // endpoint → expected status for each caller, in the order of Who.
        const QList<QPair<QString, QList<int>>> table{
            {QStringLiteral("GET /v1/services"), {401, 401, 401, 200, 200, 200, 200}},
            {QStringLiteral("GET /v1/changes"), {401, 401, 401, 200, 403, 200, 200}},
            {QStringLiteral("POST /v1/mutations (claim own-team request)"), {401, 401, 401, 200, 403, 200, 200}},
            {QStringLiteral("GET /v1/documents/{own-team}/content"), {401, 401, 401, 404, 404, 200, 200}},
            {QStringLiteral("GET /v1/documents/{unknown}/content"), {401, 401, 401, 404, 404, 404, 404}},
            {QStringLiteral("POST /v1/intake"), {401, 401, 401, 403, 201, 201, 403}},
            {QStringLiteral("DELETE /v1/auth/token"), {401, 401, 401, 204, 204, 204, 204}},
            {QStringLiteral("GET /v1/health"), {200, 200, 200, 200, 200, 200, 200}},
        };
        for (const auto& [endpoint, statuses] : table)
            for (int w = NoToken; w <= Own; ++w)
                QTest::addRow("%s | %s", qPrintable(endpoint), qPrintable(whoName(Who(w)))) << w << endpoint << statuses.at(w);
    }

    void matrix()
    {
        QFETCH(int, who);
        QFETCH(QString, endpoint);
        QFETCH(int, expected);
        Client c(m_base);
        c.setToken(token(Who(who)));
        testhttp::Reply r;
        if (endpoint == QLatin1String("GET /v1/services")) {
            r = c.get(QStringLiteral("/v1/services"));
        } else if (endpoint == QLatin1String("GET /v1/changes")) {
            r = c.get(QStringLiteral("/v1/changes?limit=5"));
        } else if (endpoint.startsWith(QLatin1String("POST /v1/mutations"))) {
            const qint64 version = m_store->request(m_request)->version;
            r = c.postJson(QStringLiteral("/v1/mutations"),
                           {{QStringLiteral("mutations"),
                             QJsonArray{QJsonObject{{QStringLiteral("mutation_id"), QUuid::createUuid().toString(QUuid::WithoutBraces)},
                                                    {QStringLiteral("kind"), QStringLiteral("request")},
                                                    {QStringLiteral("op"), QStringLiteral("claim")},
                                                    {QStringLiteral("target_id"), m_request},
                                                    {QStringLiteral("base_version"), version}}}}});
            if (r.status == 200) {
                // The batch is answered; the other team's clerk is refused inside it, as if the request did not exist.
                const QString status = r.json().value(QLatin1String("results")).toArray().first().toObject().value(QLatin1String("status")).toString();
                const bool mayWrite = who == Admin || who == Own;
                QCOMPARE(status, mayWrite ? QStringLiteral("applied") : QStringLiteral("rejected"));
                if (!mayWrite)
                    QCOMPARE(r.json().value(QLatin1String("results")).toArray().first().toObject().value(QLatin1String("reason")).toString(), QStringLiteral("not_found"));
            }
        } else if (endpoint == QLatin1String("GET /v1/documents/{own-team}/content")) {
            r = c.get(QStringLiteral("/v1/documents/%1/content").arg(m_document));
        } else if (endpoint == QLatin1String("GET /v1/documents/{unknown}/content")) {
            r = c.get(QStringLiteral("/v1/documents/%1/content").arg(QUuid::createUuid().toString(QUuid::WithoutBraces)));
        } else if (endpoint == QLatin1String("POST /v1/intake")) {
            const QByteArray body = "--b\r\nContent-Disposition: form-data; name=\"request\"\r\n\r\n"
                                    "{\"service_id\":\"hundesteuer\",\"applicant\":{\"name\":\"Matrix Test\"},\"form\":"
                                    "{\"dog_name\":\"Bello\",\"breed\":\"Dackel\",\"dog_birth_date\":\"2024-01-01\","
                                    "\"keeping_since\":\"2026-01-01\",\"listed_dog\":false}}\r\n--b--\r\n";
            r = c.send("POST", QStringLiteral("/v1/intake"), body, "multipart/form-data; boundary=b");
        } else if (endpoint == QLatin1String("DELETE /v1/auth/token")) {
            r = c.send("DELETE", QStringLiteral("/v1/auth/token"));
        } else if (endpoint == QLatin1String("GET /v1/health")) {
            r = c.get(QStringLiteral("/v1/health"));
        }
        QVERIFY2(r.status == expected, qPrintable(QStringLiteral("%1 as %2: %3 (expected %4) %5").arg(endpoint, whoName(Who(who))).arg(r.status).arg(expected).arg(QString::fromUtf8(r.body.left(200)))));
        if (expected >= 400)
            QVERIFY(r.header("content-type").startsWith("application/problem+json"));
        // A 404 for another team's document reads exactly like one for a document that does not exist.
        if (expected == 404)
            QCOMPARE(r.json().value(QLatin1String("title")).toString(), QStringLiteral("Unknown document"));
    }

private:
    QTemporaryDir m_dir;
    ManualClock m_clock{QDateTime(QDate(2026, 11, 26), QTime(8, 0), QTimeZone::UTC)};
    std::unique_ptr<SqlCityStore> m_store;
    std::unique_ptr<ApiServer> m_api;
    QString m_base, m_request, m_document;
    SeedReport m_seed;
    QByteArray m_expired, m_revoked;
};

QTEST_GUILESS_MAIN(TestAuthzMatrix)
#include "tst_authz_matrix.moc"
