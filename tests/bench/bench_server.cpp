// ./dev bench server [--requests N]: the reference server as a separate process on loopback with N
// seeded requests (default 100,000): changes-feed throughput and the server's peak RSS, mutation
// batches of 100 (p50/p95), and document download speed with curl against Python's http.server
// serving a file of the same size in the same run.
#include "BenchUtil.h"
#include "core/store/Sql.h"
#include "server/Accounts.h"
#include "server/Seeder.h"
#include "server/SqlCityStore.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QThread>
#include <QUuid>
#include <algorithm>
#include <cstdio>

using namespace clerk;
using namespace clerk::server;

namespace {

struct Http
{
    QNetworkAccessManager nam;
    QByteArray token;
    QString base;
    QByteArray call(const QByteArray& method, const QString& path, const QByteArray& body = {}, int* status = nullptr)
    {
        QNetworkRequest req(QUrl(base + path));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        if (!token.isEmpty())
            req.setRawHeader("Authorization", "Bearer " + token);
        QNetworkReply* r = nam.sendCustomRequest(req, method, body);
        QEventLoop loop;
        QObject::connect(r, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        if (status)
            *status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray out = r->readAll();
        r->deleteLater();
        return out;
    }
};

double curlSpeed(const QStringList& args)
{
    QProcess curl;
    curl.start(QStringLiteral("curl"),
        QStringList { QStringLiteral("-s"), QStringLiteral("-o"), QStringLiteral("/dev/null"), QStringLiteral("-w"),
            QStringLiteral("%{speed_download} %{http_code}") }
            + args);
    curl.waitForFinished(120000);
    const QList<QByteArray> out = curl.readAllStandardOutput().split(' ');
    if (out.size() < 2 || out.at(1) != "200") {
        std::fprintf(stderr, "curl failed: %s\n", curl.readAllStandardError().constData());
        return 0;
    }
    return out.at(0).toDouble() / 1048576.0;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    int requests = 100000;
    const QStringList args = app.arguments();
    if (const qsizetype i = args.indexOf(QStringLiteral("--requests")); i > 0 && i + 1 < args.size())
        requests = args.at(i + 1).toInt();
    if (!accounts::initialise())
        return 1;
    QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/clerkdesk-bench-server-XXXXXX"));
    const QByteArray key = "bench-server-key-0123456789";
    const qint64 docBytes = 64LL * 1024 * 1024;
    QString docId;
    std::printf("bench server: %d requests, document of %lld MiB; temp %s\n", requests, docBytes / 1048576,
        qPrintable(dir.path()));
    std::fflush(stdout);
    {
        SqlCityStore::Options o;
        o.path = dir.filePath(QStringLiteral("data/city.db"));
        o.highwaterPath = dir.filePath(QStringLiteral("data/city.highwater"));
        o.key = key;
        QDir().mkpath(dir.filePath(QStringLiteral("data")));
        auto store = SqlCityStore::open(o);
        if (!store)
            return 1;
        SeedOptions seed;
        seed.requests = requests;
        seed.documents = false;
        QElapsedTimer t;
        t.start();
        auto report = seedCity(*store.value(), seed);
        if (!report) {
            std::fprintf(stderr, "seed failed: %s\n", qPrintable(report.error().detail));
            return 1;
        }
        std::printf("seeded %d requests in %.1f s (%.0f requests/s, one transaction each)\n", requests,
            double(t.elapsed()) / 1000, requests / (double(t.elapsed()) / 1000));
        QByteArray content(docBytes, Qt::Uninitialized);
        QRandomGenerator g(5);
        for (qint64 i = 0; i < docBytes; i += 4)
            *reinterpret_cast<quint32*>(content.data() + i) = g.generate();
        Request r;
        r.serviceId = QStringLiteral("baumfaellung");
        r.submittedAt = QDateTime::currentDateTimeUtc();
        r.status = QStringLiteral("received");
        r.applicant.name = QStringLiteral("Großes Gutachten");
        auto filed = store.value()->fileRequest(r,
            { NewAttachment { QStringLiteral("Gutachten"), QStringLiteral("attachment"),
                QStringLiteral("application/pdf"), content } },
            QStringLiteral("bench"));
        auto q = store.value()->connection().query("SELECT id FROM documents WHERE request_id = ?1");
        q.bindAll(filed->id);
        if (q.next())
            docId = q.text(0);
        QFile plain(dir.filePath(QStringLiteral("static/gutachten.bin")));
        QDir().mkpath(dir.filePath(QStringLiteral("static")));
        if (!plain.open(QIODevice::WriteOnly) || plain.write(content) != content.size())
            return 1;
    }

    QProcess server;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("CLERKDESK_SERVER_KEY"), QString::fromLatin1(key));
    server.setProcessEnvironment(env);
    server.start(QStringLiteral(CLERKDESK_SERVER_PATH),
        { QStringLiteral("serve"), QStringLiteral("--data"), dir.filePath(QStringLiteral("data")),
            QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--max-body"), QStringLiteral("104857600"),
            QStringLiteral("--log-level"), QStringLiteral("warning") });
    if (!server.waitForReadyRead(30000))
        return 1;
    const auto m
        = QRegularExpression(QStringLiteral(":(\\d+)")).match(QString::fromUtf8(server.readAllStandardOutput()));
    Http http;
    http.base = QStringLiteral("http://127.0.0.1:%1").arg(m.captured(1));
    http.token = QJsonDocument::fromJson(
        http.call("POST", QStringLiteral("/v1/auth/token"), R"({"login":"admin","password":"demo"})"))
                     .object()
                     .value(QLatin1String("token"))
                     .toString()
                     .toLatin1();

    // Changes feed: page through everything, 1,000 per page.
    QElapsedTimer t;
    t.start();
    QString cursor;
    qint64 items = 0;
    QList<QJsonObject> requestItems;
    while (true) {
        const QJsonObject page
            = QJsonDocument::fromJson(http.call("GET", QStringLiteral("/v1/changes?limit=1000&cursor=%1").arg(cursor)))
                  .object();
        const QJsonArray list = page.value(QLatin1String("items")).toArray();
        items += list.size();
        for (const QJsonValue& v : list)
            if (requestItems.size() < 5000
                && v.toObject().value(QLatin1String("kind")).toString() == QLatin1String("request"))
                requestItems << v.toObject();
        cursor = page.value(QLatin1String("cursor")).toString();
        if (!page.value(QLatin1String("more")).toBool())
            break;
    }
    const double feedSecs = double(t.nsecsElapsed()) / 1e9;

    // Mutation batches of 100: claims of distinct requests.
    QList<double> latencies;
    int applied = 0;
    for (int b = 0; b < 40 && (b + 1) * 100 <= requestItems.size(); ++b) {
        QJsonArray batch;
        for (int i = b * 100; i < (b + 1) * 100; ++i) {
            const QJsonObject it = requestItems.at(i);
            batch.append(
                QJsonObject { { QStringLiteral("mutation_id"), QUuid::createUuid().toString(QUuid::WithoutBraces) },
                    { QStringLiteral("kind"), QStringLiteral("request") },
                    { QStringLiteral("op"), QStringLiteral("claim") },
                    { QStringLiteral("target_id"), it.value(QLatin1String("id")).toString() },
                    { QStringLiteral("base_version"), it.value(QLatin1String("version")).toInteger() } });
        }
        const QByteArray body
            = QJsonDocument(QJsonObject { { QStringLiteral("mutations"), batch } }).toJson(QJsonDocument::Compact);
        QElapsedTimer mt;
        mt.start();
        const QJsonObject res
            = QJsonDocument::fromJson(http.call("POST", QStringLiteral("/v1/mutations"), body)).object();
        latencies << double(mt.nsecsElapsed()) / 1e6;
        for (const QJsonValue& v : res.value(QLatin1String("results")).toArray())
            applied += v.toObject().value(QLatin1String("status")).toString() == QLatin1String("applied");
    }

    // Document download: curl against us and against Python's http.server, same file size.
    QProcess python;
    python.setWorkingDirectory(dir.filePath(QStringLiteral("static")));
    python.start(QStringLiteral("python3"),
        { QStringLiteral("-m"), QStringLiteral("http.server"), QStringLiteral("18765"), QStringLiteral("--bind"),
            QStringLiteral("127.0.0.1") });
    QThread::msleep(800);
    QList<double> ours, theirs;
    for (int i = 0; i < 5; ++i) {
        ours << curlSpeed(
            { QStringLiteral("-H"), QStringLiteral("Authorization: Bearer ") + QString::fromLatin1(http.token),
                http.base + QStringLiteral("/v1/documents/%1/content").arg(docId) });
        theirs << curlSpeed({ QStringLiteral("http://127.0.0.1:18765/gutachten.bin") });
    }
    python.terminate();
    python.waitForFinished(5000);
    const qint64 rss = bench::statusKb("VmHWM:", server.processId());
    server.terminate();
    server.waitForFinished(10000);

    std::printf("\n| %-48s | %14s | %-22s |\n", "measure", "value", "target");
    std::printf("|%s|%s|%s|\n", "--------------------------------------------------", "----------------",
        "------------------------");
    std::printf("| %-48s | %14lld | %-22s |\n", "change items paged (1,000 per page)", items, "");
    std::printf("| %-48s | %14.0f | %-22s |\n", "changes feed, items/s", items / feedSecs, ">= 20,000");
    std::printf("| %-48s | %14.1f | %-22s |\n", "server peak RSS, MiB", rss / 1024.0, "");
    std::printf("| %-48s | %14lld | %-22s |\n", "mutation batches of 100 sent", qint64(latencies.size()), "");
    std::printf("| %-48s | %14d | %-22s |\n", "mutations applied", applied, "");
    std::printf("| %-48s | %14.1f | %-22s |\n", "mutation batch p50, ms", bench::percentile(latencies, 0.5), "");
    std::printf(
        "| %-48s | %14.1f | %-22s |\n", "mutation batch p95, ms", bench::percentile(latencies, 0.95), "<= 50 ms");
    std::printf(
        "| %-48s | %14.1f | %-22s |\n", "document download (ours, curl), MiB/s", bench::percentile(ours, 0.5), "");
    std::printf("| %-48s | %14.1f | %-22s |\n", "same size from python3 http.server, MiB/s",
        bench::percentile(theirs, 0.5), "");
    std::printf("| %-48s | %14.2f | %-22s |\n", "ratio ours / static server",
        bench::percentile(ours, 0.5) / qMax(0.001, bench::percentile(theirs, 0.5)), ">= 0.5");
    return 0;
}
