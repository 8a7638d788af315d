// The reference server over real HTTP on loopback with a real SQLCipher database: auth,
// authorization, changes feed, mutations (idempotent, conflicts, workflow), documents with ETag
// and Range, intake, and bad input that must give 4xx problem+json and change nothing.
#include "../common/TestCity.h"
#include "../common/TestHttp.h"
#include "core/store/Sql.h"
#include "server/Accounts.h"
#include "server/ApiServer.h"
#include "server/Seeder.h"
#include "server/SqlCityStore.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace clerk;
using namespace clerk::server;
using clerk::testhttp::Client;

class TestServerApi : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void health();
    void signIn();
    void throttlesFailedSignIns();
    void tokenExpiryAndRevocation();
    void changesArePagedAndFiltered();
    void mutationsApplyOnceAndConflict();
    void workflowAndAssignmentRules();
    void documentsWithEtagAndRange();
    void intakeFilesARequest();
    void badInput_data();
    void badInput();
    void sqlMetacharactersAreData();
    void disabledUserLosesAccess();

private:
    QByteArray signInAs(const QString& login, const QString& password = QStringLiteral("demo"));
    QString firstRequestOfTeam(const QString& team);
    qint64 dbVersion(const QString& requestId);

    testcity::City m_city;
};

void TestServerApi::initTestCase()
{
    QVERIFY(accounts::initialise());
    // Recorded responses of this run only (tests/api checks them against the contract).
    if (const QString rec = qEnvironmentVariable("CLERKDESK_API_RECORD_DIR"); !rec.isEmpty())
        QDir(rec).removeRecursively();
    testcity::Options o;
    o.key = "integration-test-key-0123456789";
    o.seed.seed = 11;
    o.seed.requests = 40;
    o.seed.today = QDate(2026, 11, 26);
    o.maxBodyBytes = 256 * 1024;
    const QString failed = m_city.start(o);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    // Encrypted at rest: the seeded names are not in the file (SQLCipher; PostgreSQL's rows are
    // protected by the database host's disk encryption, docs/ADMIN.md).
    if (m_city.sqlite) {
        QFile f(m_city.path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(!f.readAll().contains("Stuttgart"));
    }
}

QByteArray TestServerApi::signInAs(const QString& login, const QString& password)
{
    return m_city.signIn(login, password, QStringLiteral("issueToken"));
}

QString TestServerApi::firstRequestOfTeam(const QString& team)
{
    return m_city
        .scalar(QStringLiteral("SELECT id FROM requests WHERE team_id = ?1 AND body LIKE "
                               "'%\"status\":\"received\"%' ORDER BY id LIMIT 1"),
            { team })
        .toString();
}

qint64 TestServerApi::dbVersion(const QString& requestId)
{
    const QVariant v = m_city.scalar(QStringLiteral("SELECT version FROM requests WHERE id = ?1"), { requestId });
    return v.isNull() ? -1 : v.toLongLong();
}

void TestServerApi::health()
{
    Client c(m_city.base);
    const auto r = c.get(QStringLiteral("/v1/health"), QStringLiteral("health"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value(QLatin1String("fingerprint")).toString(), m_city.store->fingerprint());
}

void TestServerApi::signIn()
{
    Client c(m_city.base);
    const auto ok = c.postJson(QStringLiteral("/v1/auth/token"),
        { { QStringLiteral("login"), m_city.seed.demoLogins.first() },
            { QStringLiteral("password"), QStringLiteral("demo") } },
        QStringLiteral("issueToken"));
    QCOMPARE(ok.status, 200);
    const QJsonObject clerk = ok.json().value(QLatin1String("clerk")).toObject();
    QCOMPARE(clerk.value(QLatin1String("login")).toString(), m_city.seed.demoLogins.first());
    QCOMPARE(clerk.value(QLatin1String("teams")).toArray().size(), 1);
    const QByteArray token = ok.json().value(QLatin1String("token")).toString().toLatin1();
    QVERIFY(token.size() >= 40);
    // Only the hash of the token is stored: its SHA-256 is a row, the token itself is in none, in
    // any form (as the hash, as text, inside another value).
    auto count = [&](const char* sql, const QByteArray& value, bool asBlob) -> qint64 {
        if (m_city.postgres) {
            QString pgSql = QString::fromUtf8(sql);
            pgSql.replace(QStringLiteral("?1"), QStringLiteral("$1"));
            auto q = m_city.postgres->connection().query(pgSql);
            if (asBlob)
                q.bindBlob(1, value);
            else
                q.bind(1, QString::fromUtf8(value));
            return q.next() ? q.int64(0) : -1;
        }
        auto q = m_city.sqlite->connection().query(sql);
        if (asBlob)
            q.bindBlob(1, value);
        else
            q.bindText(1, value);
        return q.next() ? q.int64(0) : -1;
    };
    const QByteArray sha = QCryptographicHash::hash(token, QCryptographicHash::Sha256);
    QCOMPARE(count("SELECT count(*) FROM tokens WHERE hash = ?1", sha, true), 1);
    QCOMPARE(count("SELECT count(*) FROM tokens WHERE hash = ?1", token, true), 0);
    if (m_city.postgres)
        QCOMPARE(count("SELECT count(*) FROM tokens WHERE position(convert_to(?1, 'UTF8') in hash) > 0 "
                       "OR position(?1 in login) > 0",
                     token, false),
            0);
    else
        QCOMPARE(count("SELECT count(*) FROM tokens WHERE instr(CAST(hash AS BLOB), CAST(?1 AS BLOB)) > 0 "
                       "OR instr(login, ?1) > 0",
                     token, false),
            0);
    QCOMPARE(count(m_city.postgres ? "SELECT count(*) FROM meta WHERE position(?1 in value) > 0"
                                   : "SELECT count(*) FROM meta WHERE instr(value, ?1) > 0",
                 token, false),
        0);
    const auto wrong = c.postJson(QStringLiteral("/v1/auth/token"),
        { { QStringLiteral("login"), m_city.seed.demoLogins.first() },
            { QStringLiteral("password"), QStringLiteral("falsch") } },
        QStringLiteral("issueToken"));
    QCOMPARE(wrong.status, 401);
    QCOMPARE(wrong.header("content-type"), QByteArray("application/problem+json"));
    const auto unknown = c.postJson(QStringLiteral("/v1/auth/token"),
        { { QStringLiteral("login"), QStringLiteral("niemand") },
            { QStringLiteral("password"), QStringLiteral("demo") } });
    QCOMPARE(unknown.status, 401);
    QCOMPARE(
        unknown.json().value(QLatin1String("title")), wrong.json().value(QLatin1String("title"))); // no enumeration
}

void TestServerApi::throttlesFailedSignIns()
{
    Client c(m_city.base);
    const QString login = m_city.seed.demoLogins.at(1);
    for (int i = 0; i < 5; ++i)
        QCOMPARE(c.postJson(QStringLiteral("/v1/auth/token"),
                      { { QStringLiteral("login"), login }, { QStringLiteral("password"), QStringLiteral("x") } })
                     .status,
            401);
    const auto blocked = c.postJson(QStringLiteral("/v1/auth/token"),
        { { QStringLiteral("login"), login }, { QStringLiteral("password"), QStringLiteral("demo") } },
        QStringLiteral("issueToken"));
    QCOMPARE(blocked.status, 429);
    QVERIFY(!blocked.header("retry-after").isEmpty());
    m_city.clock.advanceSecs(16 * 60); // the window passes
    QVERIFY(!signInAs(login).isEmpty());
}

void TestServerApi::tokenExpiryAndRevocation()
{
    Client c(m_city.base);
    c.setToken(signInAs(m_city.seed.demoLogins.first()));
    QCOMPARE(c.get(QStringLiteral("/v1/services"), QStringLiteral("listServices")).status, 200);
    QCOMPARE(c.send("DELETE", QStringLiteral("/v1/auth/token")).status, 204);
    QCOMPARE(c.get(QStringLiteral("/v1/services"), QStringLiteral("listServices")).status, 401);
    c.setToken(signInAs(m_city.seed.demoLogins.first()));
    m_city.clock.advanceSecs(13 * 3600);
    QCOMPARE(c.get(QStringLiteral("/v1/services")).status, 401);
    c.setToken({});
    QCOMPARE(c.get(QStringLiteral("/v1/services")).status, 401);
}

void TestServerApi::changesArePagedAndFiltered()
{
    Client clerk(m_city.base), admin(m_city.base), intake(m_city.base);
    clerk.setToken(signInAs(m_city.seed.demoLogins.first())); // team "parkraum"
    admin.setToken(signInAs(QStringLiteral("admin")));
    intake.setToken(signInAs(QStringLiteral("portal")));
    auto pageAll = [&](Client& c, int limit) {
        QStringList ids;
        QString cursor;
        for (int guard = 0; guard < 1000; ++guard) {
            const auto r = c.get(
                QStringLiteral("/v1/changes?limit=%1&cursor=%2").arg(limit).arg(cursor), QStringLiteral("listChanges"));
            if (r.status != 200)
                return QStringList { QStringLiteral("HTTP %1").arg(r.status) };
            const QJsonObject o = r.json();
            for (const QJsonValue& item : o.value(QLatin1String("items")).toArray()) {
                const QJsonObject it = item.toObject();
                ids << it.value(QLatin1String("kind")).toString() + QLatin1Char(':')
                        + it.value(QLatin1String("id")).toString();
                if (it.value(QLatin1String("kind")).toString() == QLatin1String("request"))
                    if (it.value(QLatin1String("data")).toObject().value(QLatin1String("team_id")).toString()
                            != QLatin1String("parkraum")
                        && &c == &clerk)
                        return QStringList { QStringLiteral("LEAK") };
            }
            cursor = o.value(QLatin1String("cursor")).toString();
            if (!o.value(QLatin1String("more")).toBool())
                break;
        }
        return ids;
    };
    const QStringList all = pageAll(admin, 7);
    const QStringList mine = pageAll(clerk, 3);
    QVERIFY(!all.contains(QStringLiteral("HTTP 401")));
    QVERIFY(!mine.contains(QStringLiteral("LEAK")));
    QCOMPARE(QSet<QString>(all.cbegin(), all.cend()).size(), all.size()); // no duplicates across pages
    const int requestsInDb = m_city.scalar(QStringLiteral("SELECT count(*) FROM requests")).toInt();
    QCOMPARE(int(std::count_if(
                 all.cbegin(), all.cend(), [](const QString& s) { return s.startsWith(QLatin1String("request:")); })),
        requestsInDb);
    const int parkraum
        = m_city.scalar(QStringLiteral("SELECT count(*) FROM requests WHERE team_id = 'parkraum'")).toInt();
    QCOMPARE(int(std::count_if(
                 mine.cbegin(), mine.cend(), [](const QString& s) { return s.startsWith(QLatin1String("request:")); })),
        parkraum);
    QVERIFY(parkraum > 0 && parkraum < requestsInDb);
    QCOMPARE(intake.get(QStringLiteral("/v1/changes")).status, 403);
    QCOMPARE(admin.get(QStringLiteral("/v1/changes?cursor=%%%")).status, 400);
    QCOMPARE(admin.get(QStringLiteral("/v1/changes?cursor=YWJj"), QStringLiteral("listChanges")).status, 400);
    QCOMPARE(admin.get(QStringLiteral("/v1/changes?limit=-4")).status, 400);
}

void TestServerApi::mutationsApplyOnceAndConflict()
{
    Client c(m_city.base);
    c.setToken(signInAs(m_city.seed.demoLogins.first()));
    const QString id = firstRequestOfTeam(QStringLiteral("parkraum"));
    QVERIFY(!id.isEmpty());
    const qint64 v = dbVersion(id);
    const QString mid = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QJsonObject claim { { QStringLiteral("mutation_id"), mid },
        { QStringLiteral("kind"), QStringLiteral("request") }, { QStringLiteral("op"), QStringLiteral("claim") },
        { QStringLiteral("target_id"), id }, { QStringLiteral("base_version"), v },
        { QStringLiteral("data"), QJsonObject() } };
    const auto first = c.postJson(QStringLiteral("/v1/mutations"),
        { { QStringLiteral("mutations"), QJsonArray { claim } } }, QStringLiteral("postMutations"));
    QCOMPARE(first.status, 200);
    const QJsonObject r1 = first.json().value(QLatin1String("results")).toArray().first().toObject();
    QCOMPARE(r1.value(QLatin1String("status")).toString(), QStringLiteral("applied"));
    QCOMPARE(r1.value(QLatin1String("version")).toInteger(), v + 1);
    QCOMPARE(dbVersion(id), v + 1);
    // Where the call's time went inside the server (Server-Timing): the wait for a worker, and the
    // store's part within the whole handler.
    static const QRegularExpression timing(
        QStringLiteral(R"(^queue;dur=(\d+\.\d\d), store;dur=(\d+\.\d\d), total;dur=(\d+\.\d\d)$)"));
    const QRegularExpressionMatch t = timing.match(QString::fromLatin1(first.header("server-timing")));
    QVERIFY2(t.hasMatch(), first.header("server-timing").constData());
    QVERIFY(t.captured(2).toDouble() <= t.captured(3).toDouble());
    // The reply was lost; the client sends the same mutation again: same answer, applied once.
    const auto replay = c.postJson(QStringLiteral("/v1/mutations"),
        { { QStringLiteral("mutations"), QJsonArray { claim } } }, QStringLiteral("postMutations"));
    QCOMPARE(replay.json()
                 .value(QLatin1String("results"))
                 .toArray()
                 .first()
                 .toObject()
                 .value(QLatin1String("status"))
                 .toString(),
        QStringLiteral("applied"));
    QCOMPARE(dbVersion(id), v + 1);
    QCOMPARE(m_city.scalar(QStringLiteral("SELECT count(*) FROM audit WHERE action = 'request.claim'")).toInt(), 1);
    // A second change on the old base version: conflict with the server's current state.
    QJsonObject stale = claim;
    stale.insert(QStringLiteral("mutation_id"), QUuid::createUuid().toString(QUuid::WithoutBraces));
    stale.insert(QStringLiteral("op"), QStringLiteral("status"));
    stale.insert(QStringLiteral("data"), QJsonObject { { QStringLiteral("status"), QStringLiteral("in_progress") } });
    const auto conflict = c.postJson(QStringLiteral("/v1/mutations"),
        { { QStringLiteral("mutations"), QJsonArray { stale } } }, QStringLiteral("postMutations"));
    const QJsonObject rc = conflict.json().value(QLatin1String("results")).toArray().first().toObject();
    QCOMPARE(rc.value(QLatin1String("status")).toString(), QStringLiteral("conflict"));
    QCOMPARE(rc.value(QLatin1String("entity")).toObject().value(QLatin1String("assignee")).toString(),
        m_city.seed.demoLogins.first());
    QCOMPARE(dbVersion(id), v + 1);
    // Another clerk cannot reuse the id.
    Client other(m_city.base);
    other.setToken(signInAs(QStringLiteral("admin")));
    const auto reuse
        = other.postJson(QStringLiteral("/v1/mutations"), { { QStringLiteral("mutations"), QJsonArray { claim } } });
    QCOMPARE(reuse.json()
                 .value(QLatin1String("results"))
                 .toArray()
                 .first()
                 .toObject()
                 .value(QLatin1String("reason"))
                 .toString(),
        QStringLiteral("duplicate_id"));
}

void TestServerApi::workflowAndAssignmentRules()
{
    Client c(m_city.base);
    c.setToken(signInAs(m_city.seed.demoLogins.first()));
    const QString mine = firstRequestOfTeam(QStringLiteral("parkraum"));
    const QString foreign
        = m_city.scalar(QStringLiteral("SELECT id FROM requests WHERE team_id <> 'parkraum' LIMIT 1")).toString();
    QVERIFY(!foreign.isEmpty());
    auto send = [&](const QString& target, const QString& op, const QJsonObject& data) {
        const QJsonObject m { { QStringLiteral("mutation_id"), QUuid::createUuid().toString(QUuid::WithoutBraces) },
            { QStringLiteral("kind"), QStringLiteral("request") }, { QStringLiteral("op"), op },
            { QStringLiteral("target_id"), target }, { QStringLiteral("base_version"), dbVersion(target) },
            { QStringLiteral("data"), data } };
        return c
            .postJson(QStringLiteral("/v1/mutations"), { { QStringLiteral("mutations"), QJsonArray { m } } },
                QStringLiteral("postMutations"))
            .json()
            .value(QLatin1String("results"))
            .toArray()
            .first()
            .toObject();
    };
    const qint64 before = dbVersion(mine);
    QCOMPARE(send(mine, QStringLiteral("status"), { { QStringLiteral("status"), QStringLiteral("closed") } })
                 .value(QLatin1String("reason"))
                 .toString(),
        QStringLiteral("invalid_transition"));
    QCOMPARE(send(mine, QStringLiteral("assign"), { { QStringLiteral("assignee"), m_city.seed.demoLogins.at(5) } })
                 .value(QLatin1String("reason"))
                 .toString(),
        QStringLiteral("invalid_assignee"));
    QCOMPARE(send(foreign, QStringLiteral("claim"), {}).value(QLatin1String("reason")).toString(),
        QStringLiteral("not_found"));
    QCOMPARE(
        send(QStringLiteral("no-such-request"), QStringLiteral("claim"), {}).value(QLatin1String("reason")).toString(),
        QStringLiteral("not_found"));
    QCOMPARE(send(mine, QStringLiteral("teleport"), {}).value(QLatin1String("reason")).toString(),
        QStringLiteral("unknown_op"));
    QCOMPARE(dbVersion(mine), before); // nothing of a refused change stays
    QCOMPARE(send(mine, QStringLiteral("status"), { { QStringLiteral("status"), QStringLiteral("in_progress") } })
                 .value(QLatin1String("status"))
                 .toString(),
        QStringLiteral("applied"));
    QCOMPARE(dbVersion(mine), before + 1);
}

void TestServerApi::documentsWithEtagAndRange()
{
    Client c(m_city.base);
    c.setToken(signInAs(m_city.seed.demoLogins.first()));
    const QList<QStringList> docs = m_city.rows(m_city.postgres
            ? QStringLiteral(
                  "SELECT id, body::json->>'size', team_id FROM documents WHERE team_id = 'parkraum' LIMIT 1")
            : QStringLiteral("SELECT id, json_extract(body, '$.size'), team_id FROM documents WHERE team_id = "
                             "'parkraum' LIMIT 1"));
    QVERIFY(!docs.isEmpty());
    const QString id = docs.first().at(0);
    const qint64 size = docs.first().at(1).toLongLong();
    const auto full = c.get(QStringLiteral("/v1/documents/%1/content").arg(id));
    QCOMPARE(full.status, 200);
    QCOMPARE(full.body.size(), size);
    QVERIFY(full.body.startsWith("%PDF-"));
    const QByteArray sha = QCryptographicHash::hash(full.body, QCryptographicHash::Sha256).toHex();
    QCOMPARE(full.header("etag"), '"' + sha + '"');
    QCOMPARE(c.send("GET", QStringLiteral("/v1/documents/%1/content").arg(id), {}, {},
                  { { "If-None-Match", '"' + sha + '"' } })
                 .status,
        304);
    const auto part
        = c.send("GET", QStringLiteral("/v1/documents/%1/content").arg(id), {}, {}, { { "Range", "bytes=100-199" } });
    QCOMPARE(part.status, 206);
    QCOMPARE(part.body, full.body.mid(100, 100));
    QCOMPARE(part.header("content-range"), "bytes 100-199/" + QByteArray::number(size));
    const auto tail = c.send("GET", QStringLiteral("/v1/documents/%1/content").arg(id), {}, {},
        { { "Range", "bytes=" + QByteArray::number(size - 10) + "-" } });
    QCOMPARE(tail.body, full.body.right(10));
    QCOMPARE(
        c.send("GET", QStringLiteral("/v1/documents/%1/content").arg(id), {}, {}, { { "Range", "bytes=999999999-" } })
            .status,
        416);
    // Another team's document does not exist for this clerk.
    const QString foreignDoc
        = m_city.scalar(QStringLiteral("SELECT id FROM documents WHERE team_id <> 'parkraum' LIMIT 1")).toString();
    QVERIFY(!foreignDoc.isEmpty());
    QCOMPARE(
        c.get(QStringLiteral("/v1/documents/%1/content").arg(foreignDoc), QStringLiteral("documentContent")).status,
        404);
    QCOMPARE(c.get(QStringLiteral("/v1/documents/..%2F..%2Fetc%2Fpasswd/content")).status, 404);
}

void TestServerApi::intakeFilesARequest()
{
    Client portal(m_city.base), clerk(m_city.base);
    portal.setToken(signInAs(QStringLiteral("portal")));
    clerk.setToken(signInAs(m_city.seed.demoLogins.first()));
    const QJsonObject request { { QStringLiteral("service_id"), QStringLiteral("bewohnerparken") },
        { QStringLiteral("channel"), QStringLiteral("portal") },
        { QStringLiteral("applicant"),
            QJsonObject { { QStringLiteral("name"), QStringLiteral("Zeynep Quirinius-Test") },
                { QStringLiteral("street"), QStringLiteral("Olgastraße 12") },
                { QStringLiteral("postcode"), QStringLiteral("70182") },
                { QStringLiteral("city"), QStringLiteral("Stuttgart") } } },
        { QStringLiteral("form"),
            QJsonObject { { QStringLiteral("zone"), QStringLiteral("S-West 3") },
                { QStringLiteral("plate"), QStringLiteral("S-ZQ 123") },
                { QStringLiteral("holder"), QStringLiteral("Zeynep Quirinius-Test") },
                { QStringLiteral("valid_from"), QStringLiteral("2027-01-01") }, { QStringLiteral("months"), 12 } } } };
    auto multipart = [](const QJsonObject& req, const QByteArray& file) {
        QByteArray b;
        b += "--XyZ\r\nContent-Disposition: form-data; name=\"request\"\r\nContent-Type: application/json\r\n\r\n";
        b += QJsonDocument(req).toJson(QJsonDocument::Compact) + "\r\n";
        b += "--XyZ\r\nContent-Disposition: form-data; name=\"attachment\"; filename=\"Zulassung.pdf\"\r\n"
             "Content-Type: application/pdf\r\n\r\n"
            + file + "\r\n--XyZ--\r\n";
        return b;
    };
    const QByteArray type = "multipart/form-data; boundary=XyZ";
    const auto r = portal.send(
        "POST", QStringLiteral("/v1/intake"), multipart(request, "%PDF-1.4 fake"), type, {}, QStringLiteral("intake"));
    QCOMPARE(r.status, 201);
    QVERIFY(r.json().value(QLatin1String("reference")).toString().startsWith(QLatin1String("STU-2026-")));
    // 20 working days after Thursday 26 Nov 2026, weekends not counted (24 Dec is a working day in BW).
    QCOMPARE(r.json().value(QLatin1String("due_date")).toString(), QStringLiteral("2026-12-24"));
    QCOMPARE(r.json().value(QLatin1String("documents")).toInt(), 2); // summary PDF + attachment
    const QString id = r.json().value(QLatin1String("id")).toString();
    QCOMPARE(m_city.store->request(id)->applicant.name, QStringLiteral("Zeynep Quirinius-Test"));

    QJsonObject bad = request;
    QJsonObject form = bad.value(QLatin1String("form")).toObject();
    form.insert(QStringLiteral("months"), QStringLiteral("zwölf"));
    bad.insert(QStringLiteral("form"), form);
    QCOMPARE(portal.send("POST", QStringLiteral("/v1/intake"), multipart(bad, "x"), type, {}, QStringLiteral("intake"))
                 .status,
        422);
    form.remove(QStringLiteral("months"));
    form.remove(QStringLiteral("plate"));
    bad.insert(QStringLiteral("form"), form);
    QCOMPARE(portal.send("POST", QStringLiteral("/v1/intake"), multipart(bad, "x"), type).status, 422);
    QCOMPARE(portal.send("POST", QStringLiteral("/v1/intake"), "--XyZ\r\ngarbage", type).status, 400);
    QCOMPARE(portal.send("POST", QStringLiteral("/v1/intake"), "{}", "application/json").status, 415);
    QCOMPARE(clerk.send("POST", QStringLiteral("/v1/intake"), multipart(request, "x"), type).status, 403);
    // The intake account may do nothing else.
    QCOMPARE(portal.postJson(QStringLiteral("/v1/mutations"), { { QStringLiteral("mutations"), QJsonArray() } }).status,
        403);
}

void TestServerApi::badInput_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<int>("status");
    QTest::addRow("malformed json") << QByteArray("POST") << "/v1/mutations" << QByteArray("{\"mutations\": [")
                                    << QByteArray("application/json") << 400;
    QTest::addRow("wrong content type") << QByteArray("POST") << "/v1/mutations" << QByteArray("mutations=1")
                                        << QByteArray("text/plain") << 415;
    QTest::addRow("not an object") << QByteArray("POST") << "/v1/mutations" << QByteArray("[1,2,3]")
                                   << QByteArray("application/json") << 400;
    QTest::addRow("mutations not a list") << QByteArray("POST") << "/v1/mutations" << QByteArray("{\"mutations\": 5}")
                                          << QByteArray("application/json") << 422;
    QTest::addRow("oversized body") << QByteArray("POST") << "/v1/mutations" << QByteArray(300 * 1024, ' ')
                                    << QByteArray("application/json") << 413;
    QTest::addRow("unknown endpoint") << QByteArray("GET") << "/v1/requests/../../etc/passwd" << QByteArray()
                                      << QByteArray() << 404;
    QTest::addRow("wrong method") << QByteArray("PUT") << "/v1/changes" << QByteArray() << QByteArray() << 404;
    QTest::addRow("token login malformed")
        << QByteArray("POST") << "/v1/auth/token" << QByteArray("{login") << QByteArray("application/json") << 400;
}

void TestServerApi::badInput()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentType);
    QFETCH(int, status);
    Client c(m_city.base);
    c.setToken(signInAs(QStringLiteral("admin")));
    const qint64 changesBefore = m_city.store->lastSeq();
    const auto r = c.send(method, path, body, contentType);
    QCOMPARE(r.status, status);
    QVERIFY2(r.header("content-type").startsWith("application/problem+json"), r.header("content-type").constData());
    QCOMPARE(r.json().value(QLatin1String("status")).toInt(), status);
    QCOMPARE(m_city.store->lastSeq(), changesBefore);
    // Unknown mutation kinds inside a valid batch are answered per item, never with a 500.
    const auto odd = c.postJson(QStringLiteral("/v1/mutations"),
        { { QStringLiteral("mutations"),
            QJsonArray { QJsonObject { { QStringLiteral("mutation_id"), QStringLiteral("m-odd-1") },
                             { QStringLiteral("kind"), QStringLiteral("spaceship") },
                             { QStringLiteral("op"), QStringLiteral("launch") },
                             { QStringLiteral("target_id"), QStringLiteral("x") } },
                QJsonValue(42) } } });
    QCOMPARE(odd.status, 200);
    QCOMPARE(
        odd.json().value(QLatin1String("results")).toArray().at(0).toObject().value(QLatin1String("status")).toString(),
        QStringLiteral("rejected"));
    QCOMPARE(
        odd.json().value(QLatin1String("results")).toArray().at(1).toObject().value(QLatin1String("status")).toString(),
        QStringLiteral("rejected"));
}

void TestServerApi::sqlMetacharactersAreData()
{
    Client c(m_city.base);
    c.setToken(signInAs(m_city.seed.demoLogins.first()));
    const QString id = firstRequestOfTeam(QStringLiteral("parkraum"));
    const QString evil = QStringLiteral("Robert'); DROP TABLE requests;-- \" OR 1=1 /* ä */");
    const QJsonObject note { { QStringLiteral("mutation_id"), QUuid::createUuid().toString(QUuid::WithoutBraces) },
        { QStringLiteral("kind"), QStringLiteral("note") }, { QStringLiteral("op"), QStringLiteral("create") },
        { QStringLiteral("target_id"), QUuid::createUuid().toString(QUuid::WithoutBraces) },
        { QStringLiteral("base_version"), 0 },
        { QStringLiteral("data"),
            QJsonObject { { QStringLiteral("request_id"), id }, { QStringLiteral("text"), evil } } } };
    const auto r = c.postJson(QStringLiteral("/v1/mutations"), { { QStringLiteral("mutations"), QJsonArray { note } } },
        QStringLiteral("postMutations"));
    QCOMPARE(
        r.json().value(QLatin1String("results")).toArray().first().toObject().value(QLatin1String("status")).toString(),
        QStringLiteral("applied"));
    QCOMPARE(r.json()
                 .value(QLatin1String("results"))
                 .toArray()
                 .first()
                 .toObject()
                 .value(QLatin1String("entity"))
                 .toObject()
                 .value(QLatin1String("text"))
                 .toString(),
        evil);
    QVERIFY(m_city.scalar(QStringLiteral("SELECT count(*) FROM requests")).toInt() > 0);
    QCOMPARE(c.postJson(QStringLiteral("/v1/auth/token"),
                  { { QStringLiteral("login"), QStringLiteral("admin' --") },
                      { QStringLiteral("password"), QStringLiteral("' OR '1'='1") } })
                 .status,
        401);
}

void TestServerApi::disabledUserLosesAccess()
{
    Client c(m_city.base);
    const QString login = m_city.seed.demoLogins.at(2);
    c.setToken(signInAs(login));
    QCOMPARE(c.get(QStringLiteral("/v1/services")).status, 200);
    QVERIFY(m_city.store->setDisabled(login, true));
    QCOMPARE(c.get(QStringLiteral("/v1/services")).status, 401);
    QVERIFY(signInAs(login).isEmpty());
    QVERIFY(m_city.store->setDisabled(login, false));
}

QTEST_GUILESS_MAIN(TestServerApi)
#include "tst_server_api.moc"
