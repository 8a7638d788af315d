// Authorization matrix, generated from one table: every endpoint and every kind of change (note
// create, annotation create/update/delete, request claim/assign/status/request_documents) × {no
// token, expired token, revoked token, a clerk of another team, intake role, admin, a clerk of the
// owning team} → the expected status, against a plain and an encrypted server store. A change is
// applied exactly when the caller may make it (the team's clerk and the admin: so the table is not
// vacuous) and otherwise leaves the data as it was. A denial never tells whether the thing exists.
#include "../common/TestCity.h"
#include "../common/TestHttp.h"
#include "core/store/Sql.h"
#include "server/Accounts.h"
#include "server/ApiServer.h"
#include "server/Seeder.h"
#include "server/SqlCityStore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>
#include <array>
#include <functional>

using namespace clerk;
using namespace clerk::server;
using clerk::testhttp::Client;

class TestAuthzMatrix : public QObject
{
    Q_OBJECT
private:
    enum Who { NoToken, Expired, Revoked, OtherTeam, Intake, Admin, Own };
    enum StoreKind { Plain, Encrypted };
    static QString whoName(Who w)
    {
        static const char* names[]
            = { "no token", "expired token", "revoked token", "other team", "intake role", "admin", "own clerk" };
        return QString::fromLatin1(names[w]);
    }

    // One server with its own store; the matrix runs against each.
    struct City : testcity::City
    {
        City()
            : testcity::City(QDateTime(QDate(2026, 11, 26), QTime(8, 0), QTimeZone::UTC))
        { }
        QString request, document;
        QByteArray expired, revoked;
        QHash<int, QByteArray> tokens; // per Who, signed in once (Argon2id makes sign-ins slow)
    };

    QByteArray tokenFor(City& city, const QString& login) { return city.signIn(login); }
    QString loginOf(City& city, Who w) const
    {
        switch (w) {
        case OtherTeam:
            return city.seed.demoLogins.at(5); // not "parkraum"
        case Intake:
            return QStringLiteral("portal");
        case Admin:
            return QStringLiteral("admin");
        case Own:
            return city.seed.demoLogins.first();
        default:
            return {};
        }
    }
    QByteArray token(City& city, Who w, bool fresh = false)
    {
        switch (w) {
        case NoToken:
            return {};
        case Expired:
            return city.expired;
        case Revoked:
            return city.revoked;
        default:
            break;
        }
        if (fresh)
            return tokenFor(city, loginOf(city, w));
        if (!city.tokens.contains(w))
            city.tokens.insert(w, tokenFor(city, loginOf(city, w)));
        return city.tokens.value(w);
    }

    // The state a change would alter, read from the store: compared before and after.
    struct Snapshot
    {
        qint64 version = -1;
        QString body;
        bool operator==(const Snapshot&) const = default;
    };
    Snapshot snapshot(City& city, const char* table, const QString& id)
    {
        const QList<QStringList> rows
            = city.rows(QStringLiteral("SELECT version, body FROM %1 WHERE id = ?1").arg(QLatin1String(table)), { id });
        Snapshot s;
        if (!rows.isEmpty())
            s = { rows.first().at(0).toLongLong(), rows.first().at(1) };
        return s;
    }
    // A parkraum request whose workflow allows a next status (status changes need one).
    QString requestWithNextStatus(City& city, QString* next)
    {
        QStringList ids;
        for (const QStringList& row :
            city.rows(QStringLiteral("SELECT id FROM requests WHERE team_id = 'parkraum' ORDER BY id")))
            ids << row.first();
        for (const QString& id : std::as_const(ids)) {
            auto r = city.store->request(id);
            auto svc = r ? city.store->service(r->serviceId) : Result<Service>(Error { Error::NotFound, {}, {} });
            if (r && svc && !svc->nextStates(r->status).isEmpty()) {
                *next = svc->nextStates(r->status).first();
                return id;
            }
        }
        return {};
    }

    void setUpCity(City& city, StoreKind kind)
    {
        QVERIFY(city.dir.isValid());
        testcity::Options o;
        o.key = kind == Encrypted ? QByteArray("authz-matrix-key-0123456789") : QByteArray(); // empty: plain
        o.highwater = false;
        o.seed.requests = 60;
        const QString failed = city.start(o);
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        city.request
            = city.scalar(QStringLiteral("SELECT id FROM requests WHERE team_id = 'parkraum' LIMIT 1")).toString();
        city.document
            = city.scalar(QStringLiteral("SELECT id FROM documents WHERE team_id = 'parkraum' LIMIT 1")).toString();
        QVERIFY(!city.request.isEmpty() && !city.document.isEmpty());
        QVERIFY(!city.seed.demoLogins.isEmpty() && city.seed.demoLogins.size() > 5);
        const auto other = city.store->clerk(city.seed.demoLogins.at(5));
        QVERIFY(other.ok() && !other->teams.contains(QStringLiteral("parkraum")) && !other->isAdmin());
        QVERIFY(city.store->clerk(city.seed.demoLogins.first())->teams.contains(QStringLiteral("parkraum")));
        if (city.sqlite) { // under CLERKDESK_TEST_STORE=postgresql both cities are PostgreSQL databases
            QFile f(city.path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            QCOMPARE(f.read(15) == "SQLite format 3", kind == Plain);
        }
    }

    // Sends one change as `who` and checks the answer and its effect on the store.
    void mutation(City& city, Who who, const QString& change, int expected)
    {
        const bool mayWrite = who == Admin || who == Own;
        const QString login = loginOf(city, who);
        QJsonObject m { { QStringLiteral("mutation_id"), QUuid::createUuid().toString(QUuid::WithoutBraces) } };
        const char* table = "requests";
        QString target;
        std::function<void()> checkApplied;
        if (change == QLatin1String("note create")) {
            table = "notes";
            target = QUuid::createUuid().toString(QUuid::WithoutBraces);
            m.insert(QStringLiteral("kind"), QStringLiteral("note"));
            m.insert(QStringLiteral("op"), QStringLiteral("create"));
            m.insert(QStringLiteral("base_version"), 0);
            m.insert(QStringLiteral("data"),
                QJsonObject { { QStringLiteral("request_id"), city.request },
                    { QStringLiteral("text"), QStringLiteral("Matrix-Notiz") } });
            checkApplied = [&, target] {
                QVERIFY(snapshot(city, "notes", target).body.contains(QLatin1String("Matrix-Notiz")));
            };
        } else if (change == QLatin1String("annotation create")) {
            table = "annotations";
            target = QUuid::createUuid().toString(QUuid::WithoutBraces);
            m.insert(QStringLiteral("kind"), QStringLiteral("annotation"));
            m.insert(QStringLiteral("op"), QStringLiteral("create"));
            m.insert(QStringLiteral("base_version"), 0);
            m.insert(QStringLiteral("data"),
                QJsonObject { { QStringLiteral("document_id"), city.document }, { QStringLiteral("page"), 0 },
                    { QStringLiteral("type"), QStringLiteral("note") },
                    { QStringLiteral("text"), QStringLiteral("Matrix") } });
            checkApplied = [&, target] { QCOMPARE(snapshot(city, "annotations", target).version, 1); };
        } else if (change.startsWith(QLatin1String("annotation "))) {
            // An annotation of the team's document, made for this row.
            table = "annotations";
            target = QUuid::createUuid().toString(QUuid::WithoutBraces);
            Annotation a;
            a.id = target;
            a.documentId = city.document;
            a.type = AnnotationType::Note;
            a.text = QStringLiteral("vorher");
            a.author = city.seed.demoLogins.first();
            QVERIFY(city.store->addAnnotation(a, QStringLiteral("parkraum")));
            const bool remove = change == QLatin1String("annotation delete");
            m.insert(QStringLiteral("kind"), QStringLiteral("annotation"));
            m.insert(QStringLiteral("op"), remove ? QStringLiteral("delete") : QStringLiteral("update"));
            m.insert(QStringLiteral("base_version"), 1);
            m.insert(QStringLiteral("data"),
                remove ? QJsonObject() : QJsonObject { { QStringLiteral("text"), QStringLiteral("nachher") } });
            checkApplied = [&, target, remove] {
                const Snapshot s = snapshot(city, "annotations", target);
                QCOMPARE(s.version, 2);
                QVERIFY2(remove ? s.body.contains(QLatin1String("\"deleted\":true"))
                                : s.body.contains(QLatin1String("nachher")),
                    qPrintable(s.body));
            };
        } else {
            const QString op = change.mid(QStringLiteral("request ").size());
            QJsonObject data;
            target = city.request;
            if (op == QLatin1String("assign")) {
                data.insert(QStringLiteral("assignee"), city.seed.demoLogins.first()); // a member of the team
            } else if (op == QLatin1String("status")) {
                QString next;
                target = requestWithNextStatus(city, &next);
                QVERIFY(!target.isEmpty());
                data.insert(QStringLiteral("status"), next);
            } else if (op == QLatin1String("request_documents")) {
                data.insert(QStringLiteral("message"), QStringLiteral("Bitte reichen Sie den Fahrzeugschein nach."));
            }
            m.insert(QStringLiteral("kind"), QStringLiteral("request"));
            m.insert(QStringLiteral("op"), op);
            m.insert(QStringLiteral("base_version"), city.store->request(target)->version);
            m.insert(QStringLiteral("data"), data);
            const qint64 before = city.store->request(target)->version;
            checkApplied = [&, target, before, op, login] {
                QCOMPARE(city.store->request(target)->version, before + 1);
                if (op == QLatin1String("claim"))
                    QCOMPARE(city.store->request(target)->assignee, login);
            };
        }
        m.insert(QStringLiteral("target_id"), target);
        const Snapshot before = snapshot(city, table, target);
        const qint64 seqBefore = city.store->lastSeq();

        Client c(city.base);
        c.setToken(token(city, who));
        const testhttp::Reply r
            = c.postJson(QStringLiteral("/v1/mutations"), { { QStringLiteral("mutations"), QJsonArray { m } } });
        QVERIFY2(r.status == expected,
            qPrintable(QStringLiteral("%1 as %2: %3 (expected %4) %5")
                    .arg(change, whoName(who))
                    .arg(r.status)
                    .arg(expected)
                    .arg(QString::fromUtf8(r.body.left(300)))));
        if (expected == 200) {
            const QJsonArray results = r.json().value(QLatin1String("results")).toArray();
            QCOMPARE(results.size(), 1);
            const QJsonObject result = results.first().toObject();
            QVERIFY2(result.value(QLatin1String("status")).toString()
                    == (mayWrite ? QLatin1String("applied") : QLatin1String("rejected")),
                qPrintable(QStringLiteral("%1 as %2: %3")
                        .arg(change, whoName(who),
                            QString::fromUtf8(QJsonDocument(result).toJson(QJsonDocument::Compact)))));
            if (!mayWrite) {
                // Refused as if the target did not exist, and nothing of it is told.
                QCOMPARE(result.value(QLatin1String("reason")).toString(), QStringLiteral("not_found"));
                QVERIFY(!result.contains(QLatin1String("entity")));
            }
        }
        if (mayWrite && expected == 200) {
            checkApplied();
            QVERIFY(city.store->lastSeq() > seqBefore);
        } else {
            QCOMPARE(snapshot(city, table, target), before); // nothing changed
            QCOMPARE(city.store->lastSeq(), seqBefore);
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(accounts::initialise());
        for (int k : { Plain, Encrypted }) {
            m_cities[k] = std::make_unique<City>();
            setUpCity(*m_cities[k], StoreKind(k));
            if (QTest::currentTestFailed())
                return;
            // An expired token: issued now, expired when the clock moves on below.
            m_cities[k]->expired = tokenFor(*m_cities[k], m_cities[k]->seed.demoLogins.first());
            QVERIFY(!m_cities[k]->expired.isEmpty());
        }
        for (int k : { Plain, Encrypted })
            m_cities[k]->clock.advanceSecs(13 * 3600);
        for (int k : { Plain, Encrypted }) {
            City& city = *m_cities[k];
            // A revoked token: issued at the new time and signed out.
            city.revoked = tokenFor(city, city.seed.demoLogins.first());
            Client c(city.base);
            c.setToken(city.revoked);
            QCOMPARE(c.send("DELETE", QStringLiteral("/v1/auth/token")).status, 204);
        }
    }

    void matrix_data()
    {
        QTest::addColumn<int>("store");
        QTest::addColumn<int>("who");
        QTest::addColumn<QString>("endpoint");
        QTest::addColumn<int>("expected");
        // endpoint → expected status for each caller, in the order of Who.
        const QList<int> mutationStatuses { 401, 401, 401, 200, 403, 200, 200 };
        QList<QPair<QString, QList<int>>> table {
            { QStringLiteral("GET /v1/services"), { 401, 401, 401, 200, 200, 200, 200 } },
            { QStringLiteral("GET /v1/changes"), { 401, 401, 401, 200, 403, 200, 200 } },
            { QStringLiteral("GET /v1/documents/{own-team}/content"), { 401, 401, 401, 404, 404, 200, 200 } },
            { QStringLiteral("GET /v1/documents/{unknown}/content"), { 401, 401, 401, 404, 404, 404, 404 } },
            { QStringLiteral("POST /v1/intake"), { 401, 401, 401, 403, 201, 201, 403 } },
            { QStringLiteral("DELETE /v1/auth/token"), { 401, 401, 401, 204, 204, 204, 204 } },
            { QStringLiteral("GET /v1/health"), { 200, 200, 200, 200, 200, 200, 200 } },
        };
        // Every kind of change a client sends, on the own team's request or document.
        for (const char* change : { "note create", "annotation create", "annotation update", "annotation delete",
                 "request claim", "request assign", "request status", "request request_documents" })
            table.append({ QStringLiteral("POST /v1/mutations: ") + QLatin1String(change), mutationStatuses });
        for (int store : { Plain, Encrypted })
            for (const auto& [endpoint, statuses] : std::as_const(table))
                for (int w = NoToken; w <= Own; ++w)
                    QTest::addRow("%s | %s | %s", store == Plain ? "plain" : "encrypted", qPrintable(endpoint),
                        qPrintable(whoName(Who(w))))
                        << store << w << endpoint << statuses.at(w);
    }

    void matrix()
    {
        QFETCH(int, store);
        QFETCH(int, who);
        QFETCH(QString, endpoint);
        QFETCH(int, expected);
        City& city = *m_cities[store];
        const QString mutations = QStringLiteral("POST /v1/mutations: ");
        if (endpoint.startsWith(mutations))
            return mutation(city, Who(who), endpoint.mid(mutations.size()), expected);
        Client c(city.base);
        // Signing out ends the token: that row signs in afresh.
        c.setToken(token(city, Who(who), endpoint == QLatin1String("DELETE /v1/auth/token")));
        testhttp::Reply r;
        if (endpoint == QLatin1String("GET /v1/services")) {
            r = c.get(QStringLiteral("/v1/services"));
        } else if (endpoint == QLatin1String("GET /v1/changes")) {
            r = c.get(QStringLiteral("/v1/changes?limit=5"));
        } else if (endpoint == QLatin1String("GET /v1/documents/{own-team}/content")) {
            r = c.get(QStringLiteral("/v1/documents/%1/content").arg(city.document));
        } else if (endpoint == QLatin1String("GET /v1/documents/{unknown}/content")) {
            r = c.get(
                QStringLiteral("/v1/documents/%1/content").arg(QUuid::createUuid().toString(QUuid::WithoutBraces)));
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
        } else {
            QFAIL(qPrintable(QStringLiteral("no call for %1").arg(endpoint)));
        }
        QVERIFY2(r.status == expected,
            qPrintable(QStringLiteral("%1 as %2: %3 (expected %4) %5")
                    .arg(endpoint, whoName(Who(who)))
                    .arg(r.status)
                    .arg(expected)
                    .arg(QString::fromUtf8(r.body.left(200)))));
        if (expected >= 400)
            QVERIFY(r.header("content-type").startsWith("application/problem+json"));
        // A 404 for another team's document reads exactly like one for a document that does not exist.
        if (expected == 404)
            QCOMPARE(r.json().value(QLatin1String("title")).toString(), QStringLiteral("Unknown document"));
    }

private:
    std::array<std::unique_ptr<City>, 2> m_cities;
};

QTEST_GUILESS_MAIN(TestAuthzMatrix)
#include "tst_authz_matrix.moc"
