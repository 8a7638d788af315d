// ./dev bench city [--requests N] [--clerks M] [--batches B] [--claims K]: the city backend under many clerks at once,
// in three set-ups in one run: the SQLCipher server (one process), one instance on PostgreSQL, and two instances on the
// same PostgreSQL database (the clerks alternate between them). N requests seeded (default 100,000). M clerks (default
// 100) work at the same time, each with a connection of its own: sign in, read the whole changes feed of its teams
// (pages of 1,000), send B batches of 10 notes (default 5; with --claims K, K of the ten are claims of the clerk's
// requests instead, which lock the request's row first), a clerk's batches apart by a random 0 to 2× --think-ms
// (default 1,000; 0: back to back, a stress test), the first one too. Then a 16 MiB document is downloaded five times
// (curl). Printed per set-up: change items/s (all clerks together), mutation batch p50/p95, download MiB/s, and where
// the time went: CPU seconds of the server processes and of PostgreSQL beside the wall time of the load. Targets (issue
// 23) for one PostgreSQL instance: at least 0.7× the SQLCipher server's feed throughput, mutation p95 <= 100 ms.
// Figures only; exits non-zero on a functional failure, never on a timing.
#include "../common/ServerProcess.h"
#include "../common/TestPostgres.h"
#include "BenchUtil.h"
#include "server/Accounts.h"
#include "server/FeedCursor.h"
#include "server/PgCityStore.h"
#include "server/PgConnection.h"
#include "server/Seeder.h"
#include "server/SqlCityStore.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTimer>
#include <QUuid>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <functional>
#include <thread>

using namespace clerk;
using namespace clerk::server;
using namespace clerk::testserver;

namespace {

const QByteArray kKey = "bench-city-key-0123456789";
constexpr qint64 kDocumentBytes = 16LL << 20;

struct Figures
{
    qint64 items = 0;
    double feedSecs = 0;
    QList<double> batchMs;
    QList<double> serverMs, storeMs; // the same batches inside the server (its Server-Timing header)
    QList<double> queueMs; // … of which they waited for a worker thread (Server-Timing "queue")
    QList<double> notifyMs; // a note sent through the first instance → "news" on a stream at the last
    int notifyLost = 0;
    int applied = 0, refused = 0, failedCalls = 0;
    double downloadMiBs = 0;
    double signInSecs = 0, batchSecs = 0, wallSecs = 0, serverCpu = 0, postgresCpu = 0;
    // PostgreSQL's sessions of the instances, sampled every 10 ms while the batches run: what they did.
    QMap<QString, int> waits;
    int waitSamples = 0;
};

// CPU seconds (user + system) of a process, or of every process named `comm`.
double cpuSecs(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray stat = f.readAll();
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    return (fields.value(11).toDouble() + fields.value(12).toDouble()) / double(sysconf(_SC_CLK_TCK));
}
double cpuSecsOf(const QByteArray& comm)
{
    double total = 0;
    const QStringList pids = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString& pid : pids) {
        bool number = false;
        const qint64 n = pid.toLongLong(&number);
        QFile f(QStringLiteral("/proc/%1/comm").arg(pid));
        if (number && f.open(QIODevice::ReadOnly) && f.readAll().trimmed() == comm)
            total += cpuSecs(n);
    }
    return total;
}

// One clerk at the desk: its own connection, calls one after another, driven by the event loop.
// How many of a batch's ten changes are claims (--claims; the rest are notes).
int s_claimsPerBatch = 0;

class SimClerk : public QObject
{
public:
    SimClerk(const QString& base, const QString& login, int batches, int thinkMs, Figures& f)
        : m_base(base)
        , m_login(login)
        , m_batches(batches)
        , m_thinkMs(thinkMs)
        , m_f(f)
    { }

    // The three phases; each calls `done` when this clerk has finished it (or a call failed).
    void signIn(std::function<void()> done)
    {
        m_done = std::move(done);
        call("POST", QStringLiteral("/v1/auth/token"),
            QJsonDocument(QJsonObject { { QStringLiteral("login"), m_login }, { QStringLiteral("password"), "demo" } })
                .toJson(QJsonDocument::Compact),
            [this](const QJsonObject& o) {
                m_token = o.value(QLatin1String("token")).toString().toLatin1();
                finish();
            });
    }
    void readFeed(std::function<void()> done)
    {
        m_done = std::move(done);
        page();
    }
    void sendBatches(std::function<void()> done)
    {
        m_done = std::move(done);
        // Clerks do not all press a key in the same millisecond: the first batch, too, comes after
        // 0 to twice the think time (with --think-ms 0 all at once, a burst).
        thinkThen([this] { batch(); });
    }

    QByteArray token() const { return m_token; }
    QString base() const { return m_base; }

    // One note on one of this clerk's requests; `done` when the server answered.
    void postNote(std::function<void()> done)
    {
        if (m_requests.isEmpty())
            return done();
        const QJsonObject note { { QStringLiteral("mutation_id"), QUuid::createUuid().toString(QUuid::WithoutBraces) },
            { QStringLiteral("kind"), QStringLiteral("note") }, { QStringLiteral("op"), QStringLiteral("create") },
            { QStringLiteral("target_id"), QUuid::createUuid().toString(QUuid::WithoutBraces) },
            { QStringLiteral("base_version"), 0 },
            { QStringLiteral("data"),
                QJsonObject { { QStringLiteral("request_id"), m_requests.first() },
                    { QStringLiteral("text"), QStringLiteral("Bitte an Frau Özdemir weiterleiten") } } } };
        call("POST", QStringLiteral("/v1/mutations"),
            QJsonDocument(QJsonObject { { QStringLiteral("mutations"), QJsonArray { note } } })
                .toJson(QJsonDocument::Compact),
            [done = std::move(done)](const QJsonObject&) { done(); });
    }

private:
    void call(const QByteArray& method, const QString& path, const QByteArray& body,
        std::function<void(const QJsonObject&)> then)
    {
        QNetworkRequest req(QUrl(m_base + path));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        if (!m_token.isEmpty())
            req.setRawHeader("Authorization", "Bearer " + m_token);
        QNetworkReply* r = m_nam.sendCustomRequest(req, method, body);
        connect(r, &QNetworkReply::finished, this, [this, r, then = std::move(then)] {
            r->deleteLater();
            const int status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status != 200) {
                ++m_f.failedCalls;
                std::fprintf(stderr, "%s: HTTP %d %s\n", qPrintable(r->url().path()), status,
                    r->readAll().left(200).constData());
                finish();
                return;
            }
            m_serverTiming = r->rawHeader("Server-Timing");
            then(QJsonDocument::fromJson(r->readAll()).object());
        });
    }

    // "store;dur=1.2, total;dur=3.4" → the named duration in ms, or -1.
    double serverTiming(QByteArrayView name) const
    {
        for (const QByteArray& part : m_serverTiming.split(',')) {
            const QByteArray p = part.trimmed();
            if (p.startsWith(name) && p.mid(name.size()).startsWith(";dur="))
                return p.mid(name.size() + 5).toDouble();
        }
        return -1;
    }

    void page()
    {
        call("GET", QStringLiteral("/v1/changes?limit=1000&cursor=%1").arg(m_cursor), {}, [this](const QJsonObject& p) {
            const QJsonArray items = p.value(QLatin1String("items")).toArray();
            m_f.items += items.size();
            for (const QJsonValue& v : items)
                if (v.toObject().value(QLatin1String("kind")).toString() == QLatin1String("request")) {
                    const QString id = v.toObject().value(QLatin1String("id")).toString();
                    if (m_requests.size() < 50 && !m_versions.contains(id))
                        m_requests << id;
                    m_versions.insert(id, v.toObject().value(QLatin1String("version")).toInteger());
                }
            m_cursor = p.value(QLatin1String("cursor")).toString();
            if (p.value(QLatin1String("more")).toBool())
                page();
            else
                finish();
        });
    }

    void batch()
    {
        if (m_sent == m_batches || m_requests.isEmpty()) {
            finish();
            return;
        }
        ++m_sent;
        QJsonArray list;
        for (int i = 0; i < s_claimsPerBatch && i < 10; ++i) {
            const QString id = m_requests.at((m_sent * 10 + i) % m_requests.size());
            list.append(
                QJsonObject { { QStringLiteral("mutation_id"), QUuid::createUuid().toString(QUuid::WithoutBraces) },
                    { QStringLiteral("kind"), QStringLiteral("request") },
                    { QStringLiteral("op"), QStringLiteral("claim") }, { QStringLiteral("target_id"), id },
                    { QStringLiteral("base_version"), m_versions.value(id) } });
        }
        for (int i = qMin(s_claimsPerBatch, 10); i < 10; ++i)
            list.append(QJsonObject {
                { QStringLiteral("mutation_id"), QUuid::createUuid().toString(QUuid::WithoutBraces) },
                { QStringLiteral("kind"), QStringLiteral("note") }, { QStringLiteral("op"), QStringLiteral("create") },
                { QStringLiteral("target_id"), QUuid::createUuid().toString(QUuid::WithoutBraces) },
                { QStringLiteral("base_version"), 0 },
                { QStringLiteral("data"),
                    QJsonObject {
                        { QStringLiteral("request_id"), m_requests.at((m_sent * 10 + i) % m_requests.size()) },
                        { QStringLiteral("text"), QStringLiteral("Rückruf vereinbart (%1)").arg(i) } } } });
        m_timer.start();
        call("POST", QStringLiteral("/v1/mutations"),
            QJsonDocument(QJsonObject { { QStringLiteral("mutations"), list } }).toJson(QJsonDocument::Compact),
            [this](const QJsonObject& o) {
                m_f.batchMs << double(m_timer.nsecsElapsed()) / 1e6;
                m_f.serverMs << serverTiming("total");
                m_f.storeMs << serverTiming("store");
                m_f.queueMs << qMax(0.0, serverTiming("queue")); // absent: no workers
                for (const QJsonValue& v : o.value(QLatin1String("results")).toArray()) {
                    const QJsonObject r = v.toObject();
                    (r.value(QLatin1String("status")).toString() == QLatin1String("applied") ? m_f.applied
                                                                                             : m_f.refused)++;
                    // A claim's answer (applied, or a conflict with the server's state) carries the
                    // request's version: the clerk's next claim of it starts from there.
                    const QJsonObject entity = r.value(QLatin1String("entity")).toObject();
                    if (entity.contains(QLatin1String("version"))
                        && m_versions.contains(entity.value(QLatin1String("id")).toString()))
                        m_versions.insert(entity.value(QLatin1String("id")).toString(),
                            entity.value(QLatin1String("version")).toInteger());
                }
                thinkThen([this] { batch(); }); // the clerk works a while before the next batch
            });
    }

    void thinkThen(std::function<void()> next)
    {
        QTimer::singleShot(
            m_thinkMs > 0 ? int(QRandomGenerator::global()->bounded(2 * m_thinkMs)) : 0, this, std::move(next));
    }

    void finish()
    {
        if (m_done)
            std::exchange(m_done, nullptr)();
    }

    QNetworkAccessManager m_nam;
    QString m_base, m_login, m_cursor;
    int m_batches = 0, m_sent = 0, m_thinkMs = 0;
    Figures& m_f;
    QByteArray m_token, m_serverTiming;
    QStringList m_requests;
    QHash<QString, qint64> m_versions; // every request of the clerk's feed: its latest version seen
    QElapsedTimer m_timer;
    std::function<void()> m_done;
};

// Live updates (issue 23: a change through instance A reaches a client on instance B within 1 s): a
// stream GET /v1/events at the last instance, 20 notes sent one by one through `writer` (the first
// instance) once the load is over; each probe's time from sending the note to the stream's next
// "news" that names a newer change than any before (its id is the feed's cursor): a repeated or
// late announcement of an earlier change is not taken for the probe's. The stream's first news
// (everything after cursor 0) comes before the probes start.
void probeNotifications(SimClerk& writer, const QString& streamBase, Figures& f)
{
    QNetworkAccessManager nam;
    QNetworkRequest req(QUrl(streamBase + QStringLiteral("/v1/events")));
    req.setRawHeader("Authorization", "Bearer " + writer.token());
    req.setRawHeader("Accept", "text/event-stream");
    req.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    QNetworkReply* stream = nam.get(req);
    QEventLoop loop;
    int news = 0; // news events, each naming a newer change than all before it
    qint64 newest = 0; // the newest change a news event named
    QByteArray pending;
    QObject::connect(stream, &QNetworkReply::readyRead, &loop, [&] {
        pending += stream->readAll();
        qsizetype end;
        while ((end = pending.indexOf("\n\n")) >= 0) {
            const QByteArray event = pending.left(end);
            pending.remove(0, end + 2);
            if (!event.startsWith("event: news"))
                continue;
            qint64 seq = -1;
            for (const QByteArray& line : event.split('\n'))
                if (line.startsWith("id: ") && !server::cursor::decode(QString::fromLatin1(line.mid(4)), &seq))
                    seq = -1;
            if (seq > newest) {
                newest = seq;
                ++news;
            }
        }
        loop.quit();
    });
    QObject::connect(stream, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer timeout;
    timeout.setSingleShot(true);
    QObject::connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
    auto waitForNews = [&](int count) {
        timeout.start(5000);
        while (news < count && timeout.isActive() && !stream->isFinished())
            loop.exec();
        return news >= count;
    };
    if (!waitForNews(1)) {
        std::fprintf(stderr, "no event stream at %s: %s\n", qPrintable(streamBase), qPrintable(stream->errorString()));
        ++f.failedCalls;
        stream->abort();
        stream->deleteLater();
        return;
    }
    for (int i = 0; i < 20; ++i) {
        QElapsedTimer t;
        t.start();
        const int before = news;
        writer.postNote([] { });
        if (waitForNews(before + 1))
            f.notifyMs << double(t.nsecsElapsed()) / 1e6;
        else
            ++f.notifyLost;
        QTimer::singleShot(100, &loop, &QEventLoop::quit); // let the note's answer arrive, then the next
        loop.exec();
    }
    stream->abort();
    stream->deleteLater();
}

double curlMiBs(const QString& url, const QByteArray& token)
{
    QProcess curl;
    curl.start(QStringLiteral("curl"),
        { QStringLiteral("-s"), QStringLiteral("-o"), QStringLiteral("/dev/null"), QStringLiteral("-w"),
            QStringLiteral("%{speed_download} %{http_code}"), QStringLiteral("-H"),
            QStringLiteral("Authorization: Bearer ") + QString::fromLatin1(token), url });
    curl.waitForFinished(120000);
    const QList<QByteArray> out = curl.readAllStandardOutput().split(' ');
    return out.size() == 2 && out.at(1) == "200" ? out.at(0).toDouble() / 1048576.0 : 0;
}

// Seeds the city and files one request with a 16 MiB document; returns the document's id.
QString seed(CityStore& store, int requests)
{
    SeedOptions o;
    o.requests = requests;
    o.documents = false;
    QElapsedTimer t;
    t.start();
    auto report = seedCity(store, o);
    if (!report) {
        std::fprintf(stderr, "seed failed: %s\n", qPrintable(report.error().detail));
        return {};
    }
    QByteArray content(kDocumentBytes, Qt::Uninitialized);
    QRandomGenerator g(5);
    for (qint64 i = 0; i < kDocumentBytes; i += 4)
        *reinterpret_cast<quint32*>(content.data() + i) = g.generate();
    Request r;
    r.serviceId = QStringLiteral("baumfaellung");
    r.submittedAt = QDateTime::currentDateTimeUtc();
    r.status = QStringLiteral("received");
    r.applicant.name = QStringLiteral("Großes Gutachten");
    auto filed = store.fileRequest(r,
        { NewAttachment {
            QStringLiteral("Gutachten"), QStringLiteral("attachment"), QStringLiteral("application/pdf"), content } },
        QStringLiteral("bench"));
    if (!filed)
        return {};
    Clerk admin;
    admin.role = QStringLiteral("admin");
    const ChangesPage tail = store.changes(admin, qMax<qint64>(0, store.lastSeq() - 20), 100);
    QString documentId;
    for (const ChangeItem& item : tail.items) {
        const QJsonObject data = item.data.isEmpty() ? QJsonDocument::fromJson(item.rawData).object() : item.data;
        if (item.kind == QLatin1String("document") && data.value(QLatin1String("request_id")).toString() == filed->id)
            documentId = item.id;
    }
    std::printf("  seeded %d requests in %.1f s\n", requests, double(t.elapsed()) / 1000);
    std::fflush(stdout);
    return documentId;
}

// The load against `bases` (the clerks alternate between them).
Figures load(const QStringList& bases, const QList<qint64>& serverPids, int clerks, int batches, int thinkMs,
    const QString& documentId, const QString& conninfo)
{
    Figures f;
    const bool postgres = !conninfo.isEmpty();
    std::unique_ptr<pg::Connection> observer;
    if (postgres) {
        auto opened = pg::Connection::open(conninfo);
        if (opened)
            observer = std::move(opened.value());
    }
    QList<SeedClerk> logins;
    for (const SeedClerk& c : seedClerks())
        logins << c;
    const double serverBefore = [&] {
        double s = 0;
        for (qint64 pid : serverPids)
            s += cpuSecs(pid);
        return s;
    }();
    const double postgresBefore = postgres ? cpuSecsOf("postgres") : 0;
    std::vector<std::unique_ptr<SimClerk>> sims;
    for (int i = 0; i < clerks; ++i)
        sims.push_back(std::make_unique<SimClerk>(
            bases.at(i % bases.size()), logins.at(i % logins.size()).login, batches, thinkMs, f));
    // Every clerk through one phase at the same time; the next phase starts when all are through.
    auto phase = [&](void (SimClerk::*step)(std::function<void()>)) {
        QElapsedTimer t;
        t.start();
        int running = clerks;
        QEventLoop loop;
        for (auto& sim : sims)
            ((*sim).*step)([&] {
                if (--running == 0)
                    loop.quit();
            });
        if (running > 0)
            loop.exec();
        return double(t.nsecsElapsed()) / 1e9;
    };
    QElapsedTimer wall;
    wall.start();
    f.signInSecs = phase(&SimClerk::signIn);
    f.feedSecs = phase(&SimClerk::readFeed);
    // PostgreSQL's sessions sampled on a thread of its own: a query on this thread would hold up the
    // clerks' answers and count as their latency.
    std::atomic_bool sampling { observer != nullptr };
    std::thread sampler([&] {
        while (sampling) {
            auto q = observer->query("SELECT coalesce(wait_event_type || ': ' || wait_event, 'running') FROM "
                                     "pg_stat_activity WHERE state = 'active' AND backend_type = 'client backend' "
                                     "AND pid <> pg_backend_pid()");
            while (q.next())
                ++f.waits[q.text(0)];
            ++f.waitSamples;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    });
    f.batchSecs = phase(&SimClerk::sendBatches);
    sampling = false;
    sampler.join();
    f.wallSecs = double(wall.nsecsElapsed()) / 1e9;
    double serverAfter = 0;
    for (qint64 pid : serverPids)
        serverAfter += cpuSecs(pid);
    f.serverCpu = serverAfter - serverBefore;
    f.postgresCpu = postgres ? cpuSecsOf("postgres") - postgresBefore : 0;

    probeNotifications(*sims.front(), bases.last(), f);

    // The admin downloads the document (every team's documents are the admin's).
    SimClerk admin(bases.first(), QStringLiteral("admin"), 0, 0, f);
    QEventLoop signIn;
    admin.signIn([&] { signIn.quit(); });
    signIn.exec();
    QList<double> speeds;
    for (int i = 0; i < 5; ++i)
        speeds << curlMiBs(bases.first() + QStringLiteral("/v1/documents/%1/content").arg(documentId), admin.token());
    f.downloadMiBs = bench::percentile(speeds, 0.5);
    return f;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    auto option = [&](const char* name, int fallback) {
        const qsizetype i = args.indexOf(QLatin1String(name));
        return i > 0 && i + 1 < args.size() ? args.at(i + 1).toInt() : fallback;
    };
    const int requests = option("--requests", 100000), clerks = option("--clerks", 100),
              batches = option("--batches", 5), thinkMs = option("--think-ms", 1000),
              workers = option("--workers", -1); // -1: the server's default
    s_claimsPerBatch = option("--claims", 0);
    if (!accounts::initialise())
        return 1;
    QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/clerkdesk-bench-city-XXXXXX"));
    const QString keyFile = dir.filePath(QStringLiteral("server.key"));
    {
        QFile k(keyFile);
        if (!k.open(QIODevice::WriteOnly) || k.write(kKey) != kKey.size())
            return 1;
    }
    std::printf("bench city: %d requests, %d clerks at once, %d batches of 10 changes each (%d claims, the rest "
                "notes), %d ms think time, workers "
                "%s; temp %s\n",
        requests, clerks, batches, s_claimsPerBatch, thinkMs,
        workers < 0 ? "default" : qPrintable(QString::number(workers)), qPrintable(dir.path()));
    std::fflush(stdout);
    const QString program = QStringLiteral(CLERKDESK_SERVER_PATH);
    auto serveArgs = [&](const QString& data, const QString& database, quint16 port) {
        QStringList a { QStringLiteral("serve"), QStringLiteral("--data"), data, QStringLiteral("--key-file"), keyFile,
            QStringLiteral("--port"), QString::number(port), QStringLiteral("--log-level"), QStringLiteral("warning") };
        if (!database.isEmpty())
            a << QStringLiteral("--database") << database;
        if (workers >= 0)
            a << QStringLiteral("--workers") << QString::number(workers);
        return a;
    };
    QList<QPair<QString, Figures>> rows;

    // 1. SQLCipher, one process.
    {
        std::printf("SQLCipher server:\n");
        const QString data = dir.filePath(QStringLiteral("sqlcipher"));
        QDir().mkpath(data);
        QString documentId;
        {
            SqlCityStore::Options o;
            o.path = data + QStringLiteral("/city.db");
            o.highwaterPath = data + QStringLiteral("/city.highwater");
            o.key = kKey;
            auto store = SqlCityStore::open(o);
            if (!store)
                return 1;
            documentId = seed(*store.value(), requests);
        }
        ServerProcess server { QStringLiteral("SQLCipher server"), freePort(), {}, {} };
        server.arguments = serveArgs(data, {}, server.port);
        if (documentId.isEmpty() || !server.start(program))
            return 1;
        rows << qMakePair(QStringLiteral("SQLCipher, 1 process"),
            load({ server.url() }, { server.process->processId() }, clerks, batches, thinkMs, documentId, {}));
        server.stop();
    }

    // 2 and 3. PostgreSQL: one instance, then two on the same database.
    {
        std::printf("PostgreSQL:\n");
        auto conninfo = testpg::freshDatabase();
        if (!conninfo) {
            std::fprintf(stderr, "%s\n", qPrintable(conninfo.errorString()));
            return 1;
        }
        const QString data = dir.filePath(QStringLiteral("postgresql"));
        QString documentId;
        {
            PgCityStore::Options o;
            o.conninfo = conninfo.value();
            o.key = kKey;
            o.contentDir = data + QStringLiteral("/documents");
            o.highwaterPath = data + QStringLiteral("/city.highwater");
            o.migrate = true;
            auto store = PgCityStore::open(o);
            if (!store) {
                std::fprintf(stderr, "%s\n", qPrintable(store.error().detail));
                return 1;
            }
            documentId = seed(*store.value(), requests);
        }
        const QString database = postgresUrl(conninfo.value());
        ServerProcess a { QStringLiteral("instance a"), freePort(), {}, {} };
        ServerProcess b { QStringLiteral("instance b"), freePort(), {}, {} };
        a.arguments = serveArgs(data, database, a.port);
        b.arguments = serveArgs(data, database, b.port);
        if (documentId.isEmpty() || !a.start(program))
            return 1;
        rows << qMakePair(QStringLiteral("PostgreSQL, 1 instance"),
            load({ a.url() }, { a.process->processId() }, clerks, batches, thinkMs, documentId, conninfo.value()));
        if (!b.start(program))
            return 1;
        rows << qMakePair(QStringLiteral("PostgreSQL, 2 instances"),
            load({ a.url(), b.url() }, { a.process->processId(), b.process->processId() }, clerks, batches, thinkMs,
                documentId, conninfo.value()));
        a.stop();
        b.stop();
    }

    std::printf("\n| %-24s | %12s | %9s | %9s | %10s | %10s | %7s | %6s |\n", "set-up", "feed items/s", "batch p50",
        "batch p95", "notify p50", "notify p95", "MiB/s", "failed");
    std::printf("|%s|\n", QByteArray(112, '-').constData());
    for (const auto& [name, f] : rows)
        std::printf("| %-24s | %12.0f | %9.1f | %9.1f | %10.1f | %10.1f | %7.1f | %6d |\n", qPrintable(name),
            f.items / f.feedSecs, bench::percentile(f.batchMs, 0.5), bench::percentile(f.batchMs, 0.95),
            bench::percentile(f.notifyMs, 0.5), bench::percentile(f.notifyMs, 0.95), f.downloadMiBs,
            f.failedCalls + f.notifyLost);
    std::printf("\nWhere a batch's time went (ms; the server's own Server-Timing per batch, the rest waited in its "
                "queue, the network or this client):\n");
    std::printf("| %-24s | %17s | %17s | %17s | %17s | %26s | %8s | %6s |\n", "set-up", "in server p50/p95",
        "for worker p50/95", "in store p50/p95", "outside p50/p95", "wall s: sign-in/feed/batches", "server s", "pg s");
    std::printf("|%s|\n", QByteArray(159, '-').constData());
    for (const auto& [name, f] : rows) {
        QList<double> outside, inServer;
        for (qsizetype i = 0; i < f.batchMs.size() && i < f.serverMs.size() && i < f.queueMs.size(); ++i) {
            inServer << f.serverMs.at(i) + f.queueMs.at(i);
            outside << f.batchMs.at(i) - inServer.last();
        }
        auto pair = [](const QList<double>& v) {
            return QStringLiteral("%1 / %2")
                .arg(bench::percentile(v, 0.5), 0, 'f', 1)
                .arg(bench::percentile(v, 0.95), 0, 'f', 1);
        };
        std::printf("| %-24s | %17s | %17s | %17s | %17s | %26s | %8.1f | %6.1f |\n", qPrintable(name),
            qPrintable(pair(inServer)), qPrintable(pair(f.queueMs)), qPrintable(pair(f.storeMs)),
            qPrintable(pair(outside)),
            qPrintable(QStringLiteral("%1 / %2 / %3")
                    .arg(f.signInSecs, 0, 'f', 1)
                    .arg(f.feedSecs, 0, 'f', 1)
                    .arg(f.batchSecs, 0, 'f', 1)),
            f.serverCpu, f.postgresCpu);
    }
    const double ratio = (rows.at(1).second.items / rows.at(1).second.feedSecs)
        / (rows.at(0).second.items / rows.at(0).second.feedSecs);
    std::printf(
        "\nPostgreSQL 1 instance / SQLCipher, feed throughput: %.2fx (target >= 0.7); mutation batch p95 %.1f ms "
        "(target <= 100); notification p95 %.1f ms through one instance, %.1f ms from one instance to the other "
        "(target <= 1000)\n",
        ratio, bench::percentile(rows.at(1).second.batchMs, 0.95), bench::percentile(rows.at(1).second.notifyMs, 0.95),
        bench::percentile(rows.at(2).second.notifyMs, 0.95));
    std::printf(
        "Feed items/s: every clerk's items over the feed phase (all clerks reading at once). Server s and pg "
        "s: CPU seconds of the server processes and of PostgreSQL over the three phases. Notify: after the load, "
        "20 notes one by one through the first instance, each until the next \"news\" on a stream at the "
        "last (the SQLCipher server: the same process); a probe without news in 5 s counts as failed.\n");
    std::printf("\nWhere the batches' time went in PostgreSQL (sessions of the instances, sampled every 10 ms):\n");
    for (const auto& [name, f] : rows) {
        if (f.waitSamples == 0)
            continue;
        QStringList parts;
        for (auto it = f.waits.cbegin(); it != f.waits.cend(); ++it)
            parts << QStringLiteral("%1 %2").arg(it.key()).arg(double(it.value()) / f.waitSamples, 0, 'f', 2);
        std::printf("  %s: sessions on average %s\n", qPrintable(name), qPrintable(parts.join(QStringLiteral(", "))));
    }
    int failed = 0;
    for (const auto& row : rows)
        failed += row.second.failedCalls;
    return failed == 0 ? 0 : 1;
}
