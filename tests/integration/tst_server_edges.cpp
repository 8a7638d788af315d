// The reference server's HTTP edges, in-process over loopback: the safety headers on every answer
// however it is written, intake's list of document types (checked against the bytes),
// Content-Disposition parameters, bodies refused from their headers (also pipelined, and over
// TLS). tst_server_guards runs the same edges against a clerkdesk-server process.
#include "../common/RawHttp.h"
#include "../common/TestCity.h"
#include "../common/TestHttp.h"
#include "core/store/Sql.h"
#include "server/Accounts.h"
#include "server/ApiServer.h"
#include "server/Multipart.h"
#include "server/Seeder.h"
#include "server/SqlCityStore.h"

#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace clerk;
using namespace clerk::server;
using clerk::testhttp::Client;
using clerk::testhttp::RawReply;
using clerk::testhttp::readResponse;

namespace {

QByteArray multipartBody(const QByteArray& requestJson, const QByteArray& attachmentHeaders, const QByteArray& file)
{
    QByteArray b;
    b += "--XyZ\r\nContent-Disposition: form-data; name=\"request\"\r\nContent-Type: application/json\r\n\r\n";
    b += requestJson + "\r\n";
    b += "--XyZ\r\n" + attachmentHeaders + "\r\n\r\n" + file + "\r\n--XyZ--\r\n";
    return b;
}

} // namespace

class TestServerEdges : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void contentDispositionParameters_data();
    void contentDispositionParameters();
    void safetyHeadersOnEveryAnswer();
    void intakeAcceptsOnlyListedDocumentTypes_data();
    void intakeAcceptsOnlyListedDocumentTypes();
    void downloadsAreSandboxedAttachments();
    void bodiesAreRefusedFromTheirHeaders();
    void keepAliveAndPipelinedRequestsStillWork();
    void overTlsTooWithoutHttp2();
    void requestHeadMustArriveInTime();

private:
    QByteArray signInAs(const QString& login);
    QString documentOf(const QString& team);

    testcity::City m_city;
    QByteArray m_intakeJson;
};

void TestServerEdges::initTestCase()
{
    QVERIFY(accounts::initialise());
    testcity::Options o;
    o.key = "edges-test-key-0123456789";
    o.seed.seed = 5;
    o.seed.requests = 12;
    o.seed.today = QDate(2026, 11, 26);
    o.maxBodyBytes = 256 * 1024;
    const QString failed = m_city.start(o);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    m_intakeJson = QJsonDocument(
        QJsonObject { { QStringLiteral("service_id"), QStringLiteral("bewohnerparken") },
            { QStringLiteral("applicant"), QJsonObject { { QStringLiteral("name"), QStringLiteral("Ada Prüfer") } } },
            { QStringLiteral("form"),
                QJsonObject { { QStringLiteral("zone"), QStringLiteral("S-West 3") },
                    { QStringLiteral("plate"), QStringLiteral("S-AP 1") },
                    { QStringLiteral("holder"), QStringLiteral("Ada Prüfer") },
                    { QStringLiteral("valid_from"), QStringLiteral("2027-01-01") },
                    { QStringLiteral("months"), 12 } } } })
                       .toJson(QJsonDocument::Compact);
}

QByteArray TestServerEdges::signInAs(const QString& login)
{
    return m_city.signIn(login);
}

QString TestServerEdges::documentOf(const QString& team)
{
    return m_city.scalar(QStringLiteral("SELECT id FROM documents WHERE team_id = ?1 ORDER BY id LIMIT 1"), { team })
        .toString();
}

void TestServerEdges::contentDispositionParameters_data()
{
    QTest::addColumn<QByteArray>("disposition");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("fileName");
    QTest::addRow("plain") << QByteArray("form-data; name=\"attachment\"; filename=\"a.pdf\"") << true << "attachment"
                           << "a.pdf";
    // The old reader found "name=" inside "filename=" and took the file's name for the part's.
    QTest::addRow("filename first") << QByteArray("form-data; filename=\"x\"; name=\"file\"") << true << "file"
                                    << "x";
    QTest::addRow("filename only") << QByteArray("form-data; filename=\"request\"") << false << ""
                                   << "";
    QTest::addRow("quoted semicolon") << QByteArray("form-data; filename=\"a; name=request.pdf\"; name=\"attachment\"")
                                      << true << "attachment"
                                      << "a; name=request.pdf";
    QTest::addRow("escaped quote") << QByteArray(
        "form-data; name=\"attachment\"; filename=\"Bescheid \\\"neu\\\".pdf\"")
                                   << true << "attachment"
                                   << "Bescheid \"neu\".pdf";
    QTest::addRow("upper-case names") << QByteArray("Form-Data; NAME=attachment; FileName=b.png") << true
                                      << "attachment"
                                      << "b.png";
    QTest::addRow("spaces around =") << QByteArray("form-data ; name = \"attachment\" ; filename = \"c.txt\"") << true
                                     << "attachment"
                                     << "c.txt";
    QTest::addRow("filename* wins") << QByteArray(
        "form-data; name=attachment; filename=\"x.pdf\"; filename*=UTF-8''Stra%C3%9Fe.pdf")
                                    << true << "attachment" << QStringLiteral("Straße.pdf");
    QTest::addRow("name twice") << QByteArray("form-data; name=\"attachment\"; name=\"request\"") << false << ""
                                << "";
    QTest::addRow("unterminated quote") << QByteArray("form-data; name=\"attachment; filename=x") << false << ""
                                        << "";
    QTest::addRow("not form-data") << QByteArray("attachment; name=\"attachment\"") << false << ""
                                   << "";
    QTest::addRow("junk after value") << QByteArray("form-data; name=\"a\"b") << false << ""
                                      << "";
}

void TestServerEdges::contentDispositionParameters()
{
    QFETCH(QByteArray, disposition);
    QFETCH(bool, ok);
    QFETCH(QString, name);
    QFETCH(QString, fileName);
    const QByteArray body = "--b\r\nContent-Disposition: " + disposition
        + "\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\r\n--b--\r\n";
    const auto parts = parseMultipart("multipart/form-data; boundary=\"b\"", body);
    QCOMPARE(parts.ok(), ok);
    if (!ok)
        return;
    QCOMPARE(parts->size(), 1);
    QCOMPARE(parts->first().name, name);
    QCOMPARE(parts->first().fileName, fileName);
    QCOMPARE(parts->first().data, QByteArray("%PDF-1.4"));
}

void TestServerEdges::safetyHeadersOnEveryAnswer()
{
    const QByteArray token = signInAs(m_city.seed.demoLogins.first());
    QVERIFY(!token.isEmpty());
    const QString doc = documentOf(QStringLiteral("parkraum"));
    QVERIFY(!doc.isEmpty());
    const QString content = QStringLiteral("/v1/documents/%1/content").arg(doc);
    Client anon(m_city.base), clerk(m_city.base);
    clerk.setToken(token);
    const QByteArray etag = clerk.get(content).header("etag");
    QVERIFY(!etag.isEmpty());
    struct Call
    {
        Client* client;
        QByteArray method;
        QString path;
        QByteArray body;
        QByteArray type;
        QList<QPair<QByteArray, QByteArray>> headers;
        int status;
    };
    const QByteArray big(300 * 1024, ' ');
    const QList<Call> calls {
        { &anon, "GET", QStringLiteral("/v1/health"), {}, {}, {}, 200 },
        { &anon, "POST", QStringLiteral("/v1/auth/token"), "{\"login\":\"x\",\"password\":\"y\"}", "application/json",
            {}, 401 },
        { &anon, "POST", QStringLiteral("/v1/auth/token"), "{login", "application/json", {}, 400 },
        { &anon, "POST", QStringLiteral("/v1/auth/token"), big, "application/json", {}, 413 }, // from the gate
        { &anon, "GET", QStringLiteral("/v1/services"), {}, {}, {}, 401 },
        { &clerk, "GET", QStringLiteral("/v1/services"), {}, {}, {}, 200 },
        { &clerk, "GET", QStringLiteral("/v1/changes?limit=5"), {}, {}, {}, 200 },
        { &clerk, "GET", QStringLiteral("/v1/changes?cursor=%%%"), {}, {}, {}, 400 },
        { &clerk, "POST", QStringLiteral("/v1/mutations"), "{\"mutations\":[]}", "application/json", {}, 200 },
        { &clerk, "POST", QStringLiteral("/v1/mutations"), "[1]", "application/json", {}, 400 },
        { &clerk, "POST", QStringLiteral("/v1/mutations"), "x", "text/plain", {}, 415 },
        { &clerk, "POST", QStringLiteral("/v1/mutations"), big, "application/json", {}, 413 },
        { &clerk, "POST", QStringLiteral("/v1/intake"), "{}", "application/json", {}, 403 },
        { &anon, "GET", content, {}, {}, {}, 401 },
        { &clerk, "GET", content, {}, {}, {}, 200 },
        { &clerk, "GET", content, {}, {}, { { "Range", "bytes=0-9" } }, 206 },
        { &clerk, "GET", content, {}, {}, { { "Range", "bytes=99999999-" } }, 416 },
        { &clerk, "GET", content, {}, {}, { { "If-None-Match", etag } }, 304 },
        { &clerk, "GET", QStringLiteral("/v1/documents/no-such-doc/content"), {}, {}, {}, 404 },
        { &clerk, "GET", QStringLiteral("/v1/documents/..%2Fx/content"), {}, {}, {}, 404 },
        { &anon, "GET", QStringLiteral("/v1/nothing-here"), {}, {}, {}, 404 },
        { &anon, "PUT", QStringLiteral("/v1/changes"), {}, {}, {}, 404 },
        { &anon, "DELETE", QStringLiteral("/v1/auth/token"), {}, {}, {}, 401 },
        { &clerk, "HEAD", QStringLiteral("/v1/health"), {}, {}, {}, 404 },
    };
    int checked = 0, downloads = 0;
    for (const Call& c : calls) {
        const auto r = c.client->send(
            c.method, c.path, c.body, c.type.isEmpty() ? QByteArray("application/json") : c.type, c.headers);
        const QByteArray what = c.method + ' ' + c.path.toLatin1() + " -> " + QByteArray::number(r.status);
        QVERIFY2(r.status == c.status, what.constData());
        QVERIFY2(r.header("cache-control") == "no-store", what.constData());
        QVERIFY2(r.header("x-content-type-options") == "nosniff", what.constData());
        ++checked;
        // A document's bytes (and the answers about them) are never shown on the API's origin.
        if (c.path == content && (c.status == 200 || c.status == 206 || c.status == 304)) {
            QVERIFY2(r.header("content-disposition").startsWith("attachment; filename=\""), what.constData());
            QVERIFY2(r.header("content-security-policy") == "sandbox; default-src 'none'", what.constData());
            ++downloads;
        }
    }
    QCOMPARE(checked, calls.size());
    QCOMPARE(downloads, 3);
    // Answers written by the gate and to raw requests, seen on the wire.
    const QList<QPair<QByteArray, int>> raw {
        { "POST /v1/intake HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000000\r\n\r\n", 413 },
        { "POST /v1/mutations HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n", 411 },
        { "GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Pad: " + QByteArray(70 * 1024, 'a') + "\r\n\r\n", 431 },
        { "GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n", 200 },
    };
    for (const auto& [request, status] : raw) {
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, m_city.port);
        QVERIFY(s.waitForConnected(5000));
        s.write(request);
        const RawReply r = readResponse(s);
        QCOMPARE(r.status, status);
        QVERIFY2(r.head.contains("\r\ncache-control: no-store"), r.head.constData());
        QVERIFY2(r.head.contains("\r\nx-content-type-options: nosniff"), r.head.constData());
        ++checked;
    }
    QCOMPARE(checked, calls.size() + raw.size());
}

void TestServerEdges::intakeAcceptsOnlyListedDocumentTypes_data()
{
    QTest::addColumn<QByteArray>("declared");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("served");
    const QByteArray pdf = "%PDF-1.7\n1 0 obj\n<<>>\nendobj\n";
    const QByteArray png = QByteArray("\x89PNG\r\n\x1A\n", 8) + QByteArray(32, '\0');
    QTest::addRow("pdf") << QByteArray("application/pdf") << pdf << 201 << QByteArray("application/pdf");
    QTest::addRow("pdf with parameters") << QByteArray("Application/PDF; name=x") << pdf << 201
                                         << QByteArray("application/pdf");
    QTest::addRow("jpeg") << QByteArray("image/jpeg") << QByteArray("\xFF\xD8\xFF\xE0\0\x10JFIF", 10) << 201
                          << QByteArray("image/jpeg");
    QTest::addRow("png") << QByteArray("image/png") << png << 201 << QByteArray("image/png");
    QTest::addRow("tiff II") << QByteArray("image/tiff") << QByteArray("II*\0\x08\0\0\0", 8) << 201
                             << QByteArray("image/tiff");
    QTest::addRow("tiff MM") << QByteArray("image/tiff") << QByteArray("MM\0*\0\0\0\x08", 8) << 201
                             << QByteArray("image/tiff");
    QTest::addRow("text") << QByteArray("text/plain; charset=UTF-8") << QByteArray("Sehr geehrte Damen und Herren")
                          << 201 << QByteArray("text/plain; charset=utf-8");
    QTest::addRow("xml") << QByteArray("text/xml") << QByteArray("\xEF\xBB\xBF<?xml version=\"1.0\"?><a/>") << 201
                         << QByteArray("application/xml");
    QTest::addRow("html") << QByteArray("text/html") << QByteArray("<script>alert(1)</script>") << 415 << QByteArray();
    QTest::addRow("svg") << QByteArray("image/svg+xml") << QByteArray("<svg onload=\"alert(1)\"/>") << 415
                         << QByteArray();
    QTest::addRow("exe") << QByteArray("application/x-msdownload") << QByteArray("MZ\x90\0", 4) << 415 << QByteArray();
    QTest::addRow("no type") << QByteArray() << pdf << 415 << QByteArray();
    QTest::addRow("html labelled pdf") << QByteArray("application/pdf") << QByteArray("<html><script>") << 422
                                       << QByteArray();
    QTest::addRow("pdf labelled png") << QByteArray("image/png") << pdf << 422 << QByteArray();
    QTest::addRow("binary labelled text")
        << QByteArray("text/plain") << QByteArray("MZ\x90\0\x03\0", 6) << 422 << QByteArray();
    QTest::addRow("html labelled xml") << QByteArray("application/xml") << QByteArray("hello <b>") << 422
                                       << QByteArray();
}

void TestServerEdges::intakeAcceptsOnlyListedDocumentTypes()
{
    QFETCH(QByteArray, declared);
    QFETCH(QByteArray, bytes);
    QFETCH(int, status);
    QFETCH(QByteArray, served);
    Client portal(m_city.base);
    portal.setToken(signInAs(QStringLiteral("portal")));
    QByteArray headers = "Content-Disposition: form-data; name=\"attachment\"; filename=\"anlage\"";
    if (!declared.isEmpty())
        headers += "\r\nContent-Type: " + declared;
    const qint64 seqBefore = m_city.store->lastSeq();
    const auto r = portal.send("POST", QStringLiteral("/v1/intake"), multipartBody(m_intakeJson, headers, bytes),
        "multipart/form-data; boundary=XyZ");
    QCOMPARE(r.status, status);
    if (status != 201) {
        QVERIFY(r.header("content-type").startsWith("application/problem+json"));
        QCOMPARE(r.json().value(QLatin1String("status")).toInt(), status);
        QCOMPARE(m_city.store->lastSeq(), seqBefore); // nothing filed
        return;
    }
    // The attachment is served with the checked type; the clerk of the service's team downloads it.
    const QString requestId = r.json().value(QLatin1String("id")).toString();
    // Bodies are compact JSON in both stores.
    const QString docId = m_city
                              .scalar(QStringLiteral("SELECT id FROM documents WHERE request_id = ?1 AND body LIKE "
                                                     "'%\"kind\":\"attachment\"%'"),
                                  { requestId })
                              .toString();
    QVERIFY(!docId.isEmpty());
    Client clerk(m_city.base);
    clerk.setToken(signInAs(QStringLiteral("admin")));
    const auto download = clerk.get(QStringLiteral("/v1/documents/%1/content").arg(docId));
    QCOMPARE(download.status, 200);
    QCOMPARE(download.body, bytes);
    QCOMPARE(download.header("content-type"), served);
    QCOMPARE(download.header("x-content-type-options"), QByteArray("nosniff"));
}

void TestServerEdges::downloadsAreSandboxedAttachments()
{
    // Intake accepts XML, and an XHTML document is XML: opened in a browser from the API's origin
    // its script would run there. It is served as an attachment in a sandbox, under a name that
    // is the title without path, quoting or control characters.
    const QByteArray xhtml = "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\">"
                             "<script>fetch('/v1/changes')</script></html>";
    Client portal(m_city.base);
    portal.setToken(signInAs(QStringLiteral("portal")));
    const QByteArray headers = "Content-Disposition: form-data; name=\"attachment\"; "
                               "filename=\"../Pr\xC3\xBC"
                               "fbericht: Stra\xC3\x9F"
                               "e\"\r\nContent-Type: application/xml";
    const auto r = portal.send("POST", QStringLiteral("/v1/intake"), multipartBody(m_intakeJson, headers, xhtml),
        "multipart/form-data; boundary=XyZ");
    QCOMPARE(r.status, 201);
    const QString attachment
        = m_city
              .scalar(QStringLiteral("SELECT id FROM documents WHERE request_id = ?1 AND body LIKE "
                                     "'%\"kind\":\"attachment\"%'"),
                  { r.json().value(QLatin1String("id")).toString() })
              .toString();
    QVERIFY(!attachment.isEmpty());
    const QString content = QStringLiteral("/v1/documents/%1/content").arg(attachment);
    Client clerk(m_city.base);
    clerk.setToken(signInAs(QStringLiteral("admin")));
    const auto full = clerk.get(content);
    QCOMPARE(full.status, 200);
    QCOMPARE(full.body, xhtml);
    QCOMPARE(full.header("content-type"), QByteArray("application/xml"));
    const QByteArray disposition = "attachment; filename=\"_Pr_fbericht_ Stra_e.xml\"; "
                                   "filename*=UTF-8''_Pr%C3%BCfbericht_%20Stra%C3%9Fe.xml";
    QCOMPARE(full.header("content-disposition"), disposition);
    QCOMPARE(full.header("content-security-policy"), QByteArray("sandbox; default-src 'none'"));
    const auto part = clerk.send("GET", content, {}, "application/json", { { "Range", "bytes=5-20" } });
    QCOMPARE(part.status, 206);
    QCOMPARE(part.header("content-disposition"), disposition);
    QCOMPARE(part.header("content-security-policy"), QByteArray("sandbox; default-src 'none'"));
    const auto same = clerk.send("GET", content, {}, "application/json", { { "If-None-Match", full.header("etag") } });
    QCOMPARE(same.status, 304);
    QCOMPARE(same.header("content-disposition"), disposition);
    QCOMPARE(same.header("content-security-policy"), QByteArray("sandbox; default-src 'none'"));
}

void TestServerEdges::bodiesAreRefusedFromTheirHeaders()
{
    // Announced, not sent: the answer comes from the head alone, on unauthenticated routes too.
    for (const QByteArray& path : { QByteArray("/v1/auth/token"), QByteArray("/v1/intake"), QByteArray("/v1/mutations"),
             QByteArray("/v1/health") }) {
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, m_city.port);
        QVERIFY(s.waitForConnected(5000));
        s.write("POST " + path
            + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2000000000\r\n\r\n");
        const RawReply r = readResponse(s);
        QVERIFY2(r.status == 413, path.constData());
        QVERIFY(r.head.contains("content-type: application/problem+json"));
        QCOMPARE(QJsonDocument::fromJson(r.body).object().value(QLatin1String("status")).toInt(), 413);
    }
    // Within the route's limit the body is read and answered by the handler.
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, m_city.port);
    QVERIFY(s.waitForConnected(5000));
    const QByteArray body(200 * 1024, ' ');
    s.write("POST /v1/mutations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    QCOMPARE(readResponse(s).status, 401); // read whole, then the missing token
    // Small routes keep a small limit: 64 KiB for a sign-in.
    QTcpSocket t;
    t.connectToHost(QHostAddress::LocalHost, m_city.port);
    QVERIFY(t.waitForConnected(5000));
    t.write(
        "POST /v1/auth/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 70000\r\n\r\n");
    QCOMPARE(readResponse(t).status, 413);
    // Contradictory lengths are refused, not guessed.
    QTcpSocket u;
    u.connectToHost(QHostAddress::LocalHost, m_city.port);
    QVERIFY(u.waitForConnected(5000));
    u.write("POST /v1/auth/token HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 2000\r\n\r\n{}");
    QCOMPARE(readResponse(u).status, 400);
    // A header line Qt's parser might read otherwise (space before the colon, folded) is refused:
    // the gate and Qt must agree on every body's length.
    for (const QByteArray& head : { QByteArray("Content-Length : 99999999"),
             QByteArray("X-A: 1\r\n Content-Length: 99999999"), QByteArray("no colon here") }) {
        QTcpSocket v;
        v.connectToHost(QHostAddress::LocalHost, m_city.port);
        QVERIFY(v.waitForConnected(5000));
        v.write("POST /v1/auth/token HTTP/1.1\r\nHost: x\r\n" + head + "\r\n\r\n");
        QVERIFY2(readResponse(v).status == 400, head.constData());
    }
}

void TestServerEdges::keepAliveAndPipelinedRequestsStillWork()
{
    // The gate keeps step with Qt's parser across requests on one connection, sent in one piece
    // and in small pieces.
    const QByteArray login = QJsonDocument(QJsonObject { { QStringLiteral("login"), QStringLiteral("niemand") },
                                               { QStringLiteral("password"), QStringLiteral("x") } })
                                 .toJson(QJsonDocument::Compact);
    const QByteArray requests
        = "GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n"
          "POST /v1/auth/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
        + QByteArray::number(login.size()) + "\r\n\r\n" + login
        + "\r\nGET /v1/nothing HTTP/1.1\r\nHost: x\r\n\r\n"
          "GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n"
          "POST /v1/auth/token HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n";
    const QList<int> expected { 200, 401, 404, 200, 413 };
    for (const int piece : { int(requests.size()), 7 }) {
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, m_city.port);
        QVERIFY(s.waitForConnected(5000));
        for (qsizetype i = 0; i < requests.size(); i += piece) {
            s.write(requests.mid(i, piece));
            QVERIFY(s.waitForBytesWritten(5000));
            if (piece < requests.size())
                QTest::qWait(1);
        }
        QList<int> statuses;
        for (int i = 0; i < expected.size(); ++i)
            statuses << readResponse(s).status;
        QCOMPARE(statuses, expected);
    }
}

void TestServerEdges::overTlsTooWithoutHttp2()
{
    // The gate sits on TLS connections as well, and the server offers no HTTP/2 (whose bodies Qt
    // would buffer the same way, past the gate).
    const QString key = m_city.dir.filePath(QStringLiteral("tls.key")),
                  cert = m_city.dir.filePath(QStringLiteral("tls.pem"));
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
        { QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
            QStringLiteral("-nodes"), QStringLiteral("-keyout"), key, QStringLiteral("-out"), cert,
            QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1") });
    QVERIFY2(openssl.waitForFinished(60000) && openssl.exitCode() == 0, openssl.readAllStandardError().constData());
    QFile certFile(cert), keyFile(key);
    QVERIFY(certFile.open(QIODevice::ReadOnly) && keyFile.open(QIODevice::ReadOnly));
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificate(QSslCertificate(certFile.readAll(), QSsl::Pem));
    tls.setPrivateKey(QSslKey(keyFile.readAll(), QSsl::Rsa, QSsl::Pem));
    QVERIFY(!tls.privateKey().isNull());
    ApiServer::Config cfg;
    cfg.maxBodyBytes = 256 * 1024;
    ApiServer api(*m_city.store, m_city.clock, cfg);
    const quint16 port = api.listen(QHostAddress::LocalHost, 0, tls);
    QVERIFY(port != 0);

    QSslSocket s;
    QSslConfiguration client = QSslConfiguration::defaultConfiguration();
    client.setPeerVerifyMode(QSslSocket::VerifyNone); // a throwaway certificate; tst_tls checks verification
    client.setAllowedNextProtocols({ QSslConfiguration::ALPNProtocolHTTP2, QSslConfiguration::NextProtocolHttp1_1 });
    s.setSslConfiguration(client);
    s.connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
    QTRY_VERIFY_WITH_TIMEOUT(s.isEncrypted(), 10000);
    QVERIFY(s.sslConfiguration().nextNegotiatedProtocol() != QSslConfiguration::ALPNProtocolHTTP2);
    s.write("GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n");
    const RawReply health = readResponse(s);
    QCOMPARE(health.status, 200);
    QVERIFY(health.head.contains("\r\nx-content-type-options: nosniff"));
    s.write("POST /v1/mutations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
            "2000000000\r\n\r\n");
    const RawReply refused = readResponse(s);
    QCOMPARE(refused.status, 413);
    QVERIFY(refused.head.contains("\r\ncache-control: no-store"));
}

void TestServerEdges::requestHeadMustArriveInTime()
{
    ApiServer::Config cfg;
    cfg.headTimeoutMs = 300;
    ApiServer api(*m_city.store, m_city.clock, cfg);
    const quint16 port = api.listen(QHostAddress::LocalHost, 0);
    QVERIFY(port != 0);
    // A whole request first (keep-alive), then a head that never ends: 408, and the connection closes.
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(s.waitForConnected(5000));
    s.write("GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n");
    QCOMPARE(readResponse(s).status, 200);
    QTest::qWait(600); // idle between requests is not a slow head
    s.write("GET /v1/health HTTP/1.1\r\nHost: x\r\n");
    QElapsedTimer t;
    t.start();
    const RawReply r = readResponse(s, 5000);
    QCOMPARE(r.status, 408);
    QVERIFY(r.head.contains("\r\nx-content-type-options: nosniff"));
    QVERIFY2(t.elapsed() >= 250, qPrintable(QString::number(t.elapsed())));
    QTRY_VERIFY_WITH_TIMEOUT(s.state() == QAbstractSocket::UnconnectedState, 10000);
}

QTEST_GUILESS_MAIN(TestServerEdges)
#include "tst_server_edges.moc"
