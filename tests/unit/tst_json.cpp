// JSON codecs: round trips, and hostile or malformed input gives an error, never a crash.
#include "../common/TestData.h"
#include "core/domain/Json.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace clerk;

class TestJson : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void requestRoundTrip()
    {
        const Request r = testdata::request(42, QStringLiteral("Giulia Russo"));
        auto back = json::decodeRequest(json::encode(r));
        QVERIFY(back.ok());
        QCOMPARE(back->applicant.name, r.applicant.name);
        QCOMPARE(back->submittedAt, r.submittedAt);
        QCOMPARE(back->dueDate, r.dueDate);
        QCOMPARE(back->form, r.form);
    }
    void serviceRoundTrip()
    {
        const Service s = testdata::parkingService();
        auto back = json::decodeService(json::encode(s));
        QVERIFY2(back.ok(), qPrintable(back.error().detail));
        QCOMPARE(back->form.size(), 2);
        QVERIFY(back->allows(QStringLiteral("received"), QStringLiteral("in_progress")));
        QVERIFY(!back->allows(QStringLiteral("received"), QStringLiteral("closed")));
        QCOMPARE(back->nextStates(QStringLiteral("in_progress")).size(), 3);
    }
    void badRequests_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addRow("empty") << QByteArray("{}");
        QTest::addRow("path traversal id") << QByteArray(
            "{\"id\":\"../../etc/"
            "passwd\",\"service_id\":\"x\",\"submitted_at\":\"2026-01-01T00:00:00Z\",\"status\":\"received\"}");
        QTest::addRow("id not a string") << QByteArray(
            "{\"id\":5,\"service_id\":\"x\",\"submitted_at\":\"2026-01-01T00:00:00Z\",\"status\":\"received\"}");
        QTest::addRow("bad time") << QByteArray(
            "{\"id\":\"a\",\"service_id\":\"x\",\"submitted_at\":\"gestern\",\"status\":\"received\"}");
        QTest::addRow("form not object") << QByteArray("{\"id\":\"a\",\"service_id\":\"x\",\"submitted_at\":\"2026-01-"
                                                       "01T00:00:00Z\",\"status\":\"received\",\"form\":[1,2]}");
        QTest::addRow("sql in id") << QByteArray(
            "{\"id\":\"a'; DROP TABLE "
            "requests;--\",\"service_id\":\"x\",\"submitted_at\":\"2026-01-01T00:00:00Z\",\"status\":\"received\"}");
    }
    void badRequests()
    {
        QFETCH(QByteArray, json);
        auto r = json::decodeRequest(QJsonDocument::fromJson(json).object());
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, Error::Invalid);
        QVERIFY(!r.errorString().isEmpty());
    }
    void badServices()
    {
        QJsonObject s = json::encode(testdata::parkingService());
        QJsonArray t = s.value(QLatin1String("transitions")).toArray();
        t.append(QJsonObject { { QStringLiteral("from"), QStringLiteral("received") },
            { QStringLiteral("to"), QStringLiteral("nirvana") } });
        s.insert(QStringLiteral("transitions"), t);
        QVERIFY(!json::decodeService(s).ok());
        QJsonObject f = json::encode(testdata::parkingService());
        f.insert(QStringLiteral("form"),
            QJsonArray { QJsonObject { { QStringLiteral("key"), QStringLiteral("x") },
                { QStringLiteral("type"), QStringLiteral("script") } } });
        QVERIFY(!json::decodeService(f).ok());
    }
    void mutationNeedsIds()
    {
        QVERIFY(!json::decodeMutation({ { QStringLiteral("kind"), QStringLiteral("request") } }).ok());
        Mutation m;
        m.mutationId = QStringLiteral("5f0c1c2e-8d47-4c39-9b7c-1f2a3b4c5d6e");
        m.kind = QStringLiteral("request");
        m.op = QStringLiteral("status");
        m.targetId = QStringLiteral("req-1");
        m.baseVersion = 3;
        auto back = json::decodeMutation(json::encode(m));
        QVERIFY(back.ok());
        QCOMPARE(back->baseVersion, 3);
    }
    void timelineEntryRoundTrip()
    {
        const QByteArray item
            = R"({"id":"9b1d6f0e-2c4a-4e55-8a51-0c7f3e2d1a90","request_id":"r1","at":"2026-11-26T09:00:00Z",
            "actor":"b.hartmann","code":"status_changed","params":{"from":"received","to":"in_progress"},
            "mutation_id":"5f0c1c2e-8d47-4c39-9b7c-1f2a3b4c5d6e"})";
        auto e = json::decodeTimelineEntry(QJsonDocument::fromJson(item).object());
        QVERIFY2(e.ok(), qPrintable(e.errorString()));
        QCOMPARE(e->serverId, QStringLiteral("9b1d6f0e-2c4a-4e55-8a51-0c7f3e2d1a90"));
        QCOMPARE(e->kind, QStringLiteral("status_changed"));
        QCOMPARE(e->params.value(QLatin1String("to")).toString(), QStringLiteral("in_progress"));
        QCOMPARE(e->at, QDateTime(QDate(2026, 11, 26), QTime(9, 0), QTimeZone::UTC));
        QCOMPARE(e->mutationId, QStringLiteral("5f0c1c2e-8d47-4c39-9b7c-1f2a3b4c5d6e"));
        auto back = json::decodeTimelineEntry(json::encode(e.value()));
        QVERIFY(back.ok());
        QCOMPARE(back->params, e->params);
        QCOMPARE(back->at, e->at);
    }
    void badTimelineEntries_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addRow("empty") << QByteArray("{}");
        QTest::addRow("path in id") << QByteArray(
            R"({"id":"../x","request_id":"r1","at":"2026-11-26T09:00:00Z","code":"claimed","params":{}})");
        QTest::addRow("no time") << QByteArray(R"({"id":"t1","request_id":"r1","code":"claimed","params":{}})");
        QTest::addRow("code with words") << QByteArray(
            R"({"id":"t1","request_id":"r1","at":"2026-11-26T09:00:00Z","code":"<b>Hallo</b>","params":{}})");
        QTest::addRow("params a list") << QByteArray(
            R"({"id":"t1","request_id":"r1","at":"2026-11-26T09:00:00Z","code":"claimed","params":[1]})");
        QTest::addRow("bad mutation id") << QByteArray(
            R"({"id":"t1","request_id":"r1","at":"2026-11-26T09:00:00Z","code":"claimed","params":{},"mutation_id":"a b"})");
    }
    void badTimelineEntries()
    {
        QFETCH(QByteArray, json);
        auto e = json::decodeTimelineEntry(QJsonDocument::fromJson(json).object());
        QVERIFY(!e.ok());
        QCOMPARE(e.error().code, Error::Invalid);
    }
};

QTEST_GUILESS_MAIN(TestJson)
#include "tst_json.moc"
