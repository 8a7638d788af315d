#include "ApiServer.h"

#include "Accounts.h"
#include "DownloadHeaders.h"
#include "EventStreams.h"
#include "FeedCursor.h"
#include "HttpAnswers.h"
#include "Intake.h"
#include "Multipart.h"
#include "RequestGate.h"
#include "ServerLogging.h"
#include "core/domain/Json.h"

#include <QAbstractSocket>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHttpHeaders>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QPromise>
#include <QRegularExpression>
#include <QSslServer>
#include <QTcpServer>
#include <QUrl>
#include <variant>

namespace clerk::server {

namespace {

constexpr qint64 kSmallBodyBytes = 64 * 1024; // every route but intake and mutations

// A JSON string literal of `text`, appended: quotes, backslashes and control characters escaped.
void appendJsonString(QByteArray& out, const QString& text)
{
    const QByteArray utf8 = text.toUtf8();
    out += '"';
    for (const char ch : utf8) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += char(c);
        } else if (c < 0x20) {
            static const char hex[] = "0123456789abcdef";
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 0xf];
        } else {
            out += char(c);
        }
    }
    out += '"';
}

using Status = QHttpServerResponder::StatusCode;

} // namespace

using namespace http;

QHttpServerResponse problem(int status, const QString& type, const QString& title, const QString& detail)
{
    QJsonObject o { { QStringLiteral("type"), QStringLiteral("https://clerkdesk.example.org/problems/") + type },
        { QStringLiteral("title"), title }, { QStringLiteral("status"), status } };
    if (!detail.isEmpty())
        o.insert(QStringLiteral("detail"), detail);
    return QHttpServerResponse(
        QByteArrayLiteral("application/problem+json"), QJsonDocument(o).toJson(QJsonDocument::Compact), code(status));
}

ApiServer::ApiServer(CityStore& store, Clock& clock, Config config, QObject* parent)
    : QObject(parent)
    , m_store(store)
    , m_clock(clock)
    , m_config(config)
    , m_events(std::make_unique<EventStreams>(store, clock, config.streams))
{
    if (config.workers > 0 && store.concurrent()) {
        m_workers = std::make_unique<QThreadPool>();
        m_workers->setObjectName(QStringLiteral("api-workers"));
        m_workers->setMaxThreadCount(config.workers);
        // Threads stay: each holds a database connection of its own (PgCityStore::connection()).
        m_workers->setExpiryTimeout(-1);
        qCInfo(lcServer) << "store calls on" << config.workers << "worker threads";
    }
    installRoutes();
}

ApiServer::~ApiServer()
{
    // The calls still running finish first, and their answers are handed to Qt HttpServer while
    // it is still there (they wait as queued calls to this object).
    m_workers.reset();
    QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
}

ApiServer::Call::Call(const QHttpServerRequest& request, const QDateTime& now)
    : headers(request.headers())
    , body(request.body())
    , query(request.query())
    , remoteAddress(request.remoteAddress())
    , now(now)
{
    received.start();
}

QFuture<QHttpServerResponse> ApiServer::dispatch(const QHttpServerRequest& request, Handler handler)
{
    Call call(request, m_clock.now());
    if (!m_workers)
        return QtFuture::makeReadyValueFuture((this->*handler)(call));
    // Only the handler runs there: the store on the worker's own connection, this object's
    // configuration (read only) and plain values. Qt HttpServer writes the answer on its thread,
    // and reads nothing more from this connection until then.
    auto promise = std::make_shared<QPromise<QHttpServerResponse>>();
    QFuture<QHttpServerResponse> answer = promise->future();
    ++m_inFlight;
    // The connection's gate must know that Qt HttpServer reads nothing more of it until then.
    QPointer<RequestGate> gate;
    if (QAbstractSocket* socket = connectionOf(request))
        gate = socket->findChild<RequestGate*>(QString(), Qt::FindDirectChildrenOnly);
    if (gate)
        gate->answerLater();
    promise->start();
    m_workers->start([this, handler, promise, call = std::move(call)] {
        promise->addResult((this->*handler)(call));
        promise->finish();
    });
    return answer.then(this, [this, gate](QHttpServerResponse&& response) {
        --m_inFlight;
        if (gate)
            gate->answered(); // Qt HttpServer writes it next, then reads on
        return std::move(response);
    });
}

quint16 ApiServer::listen(const QHostAddress& address, quint16 port, const QSslConfiguration& tls)
{
    // Bodies are limited from the request's head, before Qt HttpServer reads them (RequestGate).
    GateOptions limit;
    limit.bodyLimit = [max = m_config.maxBodyBytes](QByteArrayView, QByteArrayView path) -> qint64 {
        return path == "/v1/intake" || path == "/v1/mutations" ? max : kSmallBodyBytes;
    };
    limit.headTimeoutMs = m_config.headTimeoutMs;
    if (!tls.localCertificate().isNull()) {
        auto* ssl = new GatedSslServer(std::move(limit), this);
        QSslConfiguration config = tls;
        config.setAllowedNextProtocols({ QSslConfiguration::NextProtocolHttp1_1 }); // the gate reads HTTP/1.1
        ssl->setSslConfiguration(config);
        m_tcp = ssl;
    } else {
        m_tcp = new GatedTcpServer(std::move(limit), this);
    }
    if (!m_tcp->listen(address, port) || !m_http.bind(m_tcp)) {
        m_error = m_tcp->errorString();
        return 0;
    }
    m_port = m_tcp->serverPort();
    qCInfo(lcServer) << "listening on" << address.toString() << m_port
                     << (tls.localCertificate().isNull() ? "(HTTP)" : "(HTTPS)");
    return m_port;
}

void ApiServer::installRoutes()
{
    using Method = QHttpServerRequest::Method;
    m_http.route(QStringLiteral("/v1/health"), Method::Get, [this] { return health(); });
    m_http.route(QStringLiteral("/v1/auth/token"), Method::Post,
        [this](const QHttpServerRequest& r) { return dispatch(r, &ApiServer::issueToken); });
    m_http.route(QStringLiteral("/v1/auth/token"), Method::Delete,
        [this](const QHttpServerRequest& r) { return revokeToken(r); });
    m_http.route(QStringLiteral("/v1/services"), Method::Get,
        [this](const QHttpServerRequest& r) { return dispatch(r, &ApiServer::listServices); });
    m_http.route(QStringLiteral("/v1/changes"), Method::Get,
        [this](const QHttpServerRequest& r) { return dispatch(r, &ApiServer::listChanges); });
    m_http.route(QStringLiteral("/v1/mutations"), Method::Post,
        [this](const QHttpServerRequest& r) { return dispatch(r, &ApiServer::postMutations); });
    m_http.route(QStringLiteral("/v1/documents/<arg>/content"), Method::Get,
        [this](const QString& id, const QHttpServerRequest& r, QHttpServerResponder& responder) {
            documentContent(id, r, responder);
        });
    m_http.route(QStringLiteral("/v1/intake"), Method::Post,
        [this](const QHttpServerRequest& r) { return dispatch(r, &ApiServer::intake); });
    m_http.route(QStringLiteral("/v1/events"), Method::Get,
        [this](const QHttpServerRequest& r, QHttpServerResponder& responder) { events(r, responder); });
    m_http.setMissingHandler(this, [](const QHttpServerRequest& request, QHttpServerResponder& responder) {
        QJsonObject o { { QStringLiteral("type"), QStringLiteral("https://clerkdesk.example.org/problems/not-found") },
            { QStringLiteral("title"), QStringLiteral("Not found") }, { QStringLiteral("status"), 404 },
            { QStringLiteral("detail"), QStringLiteral("No such endpoint: %1").arg(request.url().path().left(200)) } };
        QHttpHeaders h;
        h.append(QHttpHeaders::WellKnownHeader::ContentType, "application/problem+json");
        addSafetyHeaders(h);
        responder.write(QJsonDocument(o).toJson(QJsonDocument::Compact), h, Status::NotFound);
    });
    m_http.addAfterRequestHandler(this, [](const QHttpServerRequest& request, QHttpServerResponse& response) {
        QHttpHeaders h = response.headers();
        addSafetyHeaders(h);
        response.setHeaders(std::move(h));
        qCDebug(lcServerHttp) << request.method() << request.url().path() << int(response.statusCode());
    });
}

ApiServer::Auth ApiServer::authenticate(const QHttpHeaders& headers, const QDateTime& now)
{
    Auth auth;
    const QByteArray header = headers.value(QHttpHeaders::WellKnownHeader::Authorization).toByteArray();
    if (!header.startsWith("Bearer ") || header.size() > 200) {
        auth.failure = problem(401, QStringLiteral("unauthorized"), QStringLiteral("Sign-in required"),
            QStringLiteral("Send a bearer token from POST /v1/auth/token."));
        return auth;
    }
    auth.tokenHash = accounts::tokenHash(header.mid(7).trimmed());
    auto clerk = m_store.clerkForToken(auth.tokenHash, now);
    if (!clerk) {
        auth.failure = problem(401, QStringLiteral("unauthorized"), QStringLiteral("Sign-in required"),
            QStringLiteral("The token is unknown, expired or revoked."));
        return auth;
    }
    auth.clerk = clerk.value();
    return auth;
}

QHttpServerResponse ApiServer::health()
{
    // A load balancer takes an instance whose database does not answer out of rotation.
    if (clerk::Status s = m_store.reachable(); !s) {
        qCWarning(lcServer) << "health: the database does not answer:" << s.error().detail;
        return problem(503, QStringLiteral("database-unreachable"), QStringLiteral("The database cannot be reached"));
    }
    return json({ { QStringLiteral("status"), QStringLiteral("ok") },
        { QStringLiteral("database"), QStringLiteral("ok") }, { QStringLiteral("fingerprint"), m_store.fingerprint() },
        { QStringLiteral("api"), QStringLiteral("v1") } });
}

QHttpServerResponse ApiServer::issueToken(const Call& call)
{
    auto body = jsonBody(call.headers, call.body, kSmallBodyBytes);
    if (auto* failure = std::get_if<QHttpServerResponse>(&body))
        return std::move(*failure);
    const QJsonObject& credentials = std::get<QJsonObject>(body);
    const QString login = credentials.value(QLatin1String("login")).toString().left(80);
    const QString password = credentials.value(QLatin1String("password")).toString().left(1024);
    if (login.isEmpty() || password.isEmpty())
        return problem(400, QStringLiteral("invalid-request"), QStringLiteral("login and password are required"));

    const QDateTime now = call.now;
    const QDateTime since = now.addSecs(-60 * m_config.failureWindowMinutes);
    const QString accountKey = QStringLiteral("account:") + login;
    const QString addressKey = QStringLiteral("address:") + call.remoteAddress.toString();
    if (m_store.failuresSince(accountKey, since) >= m_config.maxFailuresPerAccount
        || m_store.failuresSince(addressKey, since) >= m_config.maxFailuresPerAddress) {
        QHttpHeaders h;
        h.append(QHttpHeaders::WellKnownHeader::RetryAfter, QByteArray::number(60 * m_config.failureWindowMinutes));
        return withHeaders(problem(429, QStringLiteral("too-many-attempts"), QStringLiteral("Too many failed sign-ins"),
                               QStringLiteral("Wait a few minutes before trying again.")),
            h);
    }
    auto hash = m_store.passwordHash(login);
    // An unknown login costs the same as a wrong password: no account enumeration by timing.
    static const QString dummy = accounts::hashPassword(QStringLiteral("no-such-user"));
    const bool passwordOk = accounts::verifyPassword(hash ? hash.value() : dummy, password) && hash.ok();
    auto clerk = passwordOk ? m_store.clerk(login) : Result<Clerk>(Error { Error::NotFound, {}, {} });
    if (!passwordOk || !clerk || clerk->disabled) {
        for (const QString& key : { accountKey, addressKey })
            if (clerk::Status s = m_store.recordFailure(key, now); !s)
                qCWarning(lcServer) << "a failed sign-in could not be counted for" << key << ":" << s.error().detail;
        qCInfo(lcServer) << "failed sign-in for" << login << "from" << call.remoteAddress.toString();
        return problem(401, QStringLiteral("invalid-credentials"), QStringLiteral("Wrong login or password"));
    }
    if (clerk::Status s = m_store.clearFailures(accountKey); !s)
        qCWarning(lcServer) << "the failed sign-ins of" << login << "could not be cleared:" << s.error().detail;
    const QByteArray token = accounts::newToken();
    const QDateTime expires = now.addSecs(3600LL * m_config.tokenHours);
    if (!m_store.storeToken(accounts::tokenHash(token), login, expires))
        return problem(503, QStringLiteral("unavailable"), QStringLiteral("Could not issue a token"));
    QJsonArray teams;
    const QList<Team> all = m_store.teams();
    for (const Team& t : all)
        if (clerk->teams.contains(t.id))
            teams.append(QJsonObject { { QStringLiteral("id"), t.id }, { QStringLiteral("name"), t.name } });
    return json({ { QStringLiteral("token"), QString::fromLatin1(token) },
        { QStringLiteral("expires_at"), expires.toUTC().toString(Qt::ISODate) },
        { QStringLiteral("clerk"),
            QJsonObject { { QStringLiteral("login"), clerk->login }, { QStringLiteral("name"), clerk->name },
                { QStringLiteral("role"), clerk->role }, { QStringLiteral("teams"), teams } } } });
}

QHttpServerResponse ApiServer::revokeToken(const QHttpServerRequest& request)
{
    Auth auth = authenticate(request.headers(), m_clock.now());
    if (auth.failure)
        return std::move(*auth.failure);
    if (clerk::Status s = m_store.revokeToken(auth.tokenHash); !s) {
        qCWarning(lcServer) << "a token could not be revoked:" << s.error().detail;
        return problem(503, QStringLiteral("unavailable"), QStringLiteral("Could not revoke the token")); // still valid
    }
    m_events->closeToken(auth.tokenHash);
    return QHttpServerResponse(Status::NoContent);
}

QHttpServerResponse ApiServer::listServices(const Call& call)
{
    Auth auth = authenticate(call.headers, call.now);
    if (auth.failure)
        return std::move(*auth.failure);
    QJsonArray out;
    for (const Service& s : m_store.services())
        out.append(json::encode(s));
    return json({ { QStringLiteral("services"), out } });
}

QHttpServerResponse ApiServer::listChanges(const Call& call)
{
    Auth auth = authenticate(call.headers, call.now);
    if (auth.failure)
        return std::move(*auth.failure);
    if (auth.clerk->role == QLatin1String("intake"))
        return problem(403, QStringLiteral("forbidden"), QStringLiteral("Not allowed for this account"));
    const QUrlQuery& query = call.query;
    qint64 after = 0;
    if (!cursor::decode(query.queryItemValue(QStringLiteral("cursor")), &after))
        return problem(400, QStringLiteral("invalid-cursor"), QStringLiteral("The cursor is not valid"));
    int limit = 500;
    if (query.hasQueryItem(QStringLiteral("limit"))) {
        bool ok = false;
        limit = query.queryItemValue(QStringLiteral("limit")).toInt(&ok);
        if (!ok || limit < 1)
            return problem(400, QStringLiteral("invalid-limit"), QStringLiteral("limit must be a positive number"));
        limit = qMin(limit, m_config.maxChangesPerPage);
    }
    const ChangesPage page = m_store.changes(*auth.clerk, after, limit);
    // Composed as text: the entity bodies are stored as compact JSON already.
    QByteArray out;
    out.reserve(page.items.size() * 700 + 200);
    out += "{\"items\":[";
    for (qsizetype i = 0; i < page.items.size(); ++i) {
        const ChangeItem& c = page.items.at(i);
        if (i)
            out += ',';
        // (The keys in QJsonObject's order, as before. Writing them as text instead of a
        // QJsonDocument per item, with the bodies handed out as stored bytes: the server's CPU for
        // a first sync of 100,000 requests went from 3.2-3.4 s to 2.1-2.4 s.)
        out += "{\"id\":";
        appendJsonString(out, c.id);
        out += ",\"kind\":";
        appendJsonString(out, c.kind);
        out += ",\"op\":";
        appendJsonString(out, c.op);
        out += ",\"version\":" + QByteArray::number(c.version);
        out += ",\"data\":";
        if (!c.rawData.isEmpty())
            out += c.rawData;
        else if (!c.data.isEmpty())
            out += QJsonDocument(c.data).toJson(QJsonDocument::Compact);
        else
            out += "null";
        out += '}';
    }
    out += "],\"cursor\":\"" + cursor::encode(page.lastSeq).toLatin1() + "\",\"more\":" + (page.more ? "true" : "false")
        + ",\"fingerprint\":"
        + QJsonDocument(QJsonArray { m_store.fingerprint() }).toJson(QJsonDocument::Compact).mid(1).chopped(1) + '}';
    return QHttpServerResponse(QByteArrayLiteral("application/json"), out, Status::Ok);
}

QHttpServerResponse ApiServer::postMutations(const Call& call)
{
    const qint64 queuedNs = call.received.nsecsElapsed();
    QElapsedTimer handler;
    handler.start();
    Auth auth = authenticate(call.headers, call.now);
    if (auth.failure)
        return std::move(*auth.failure);
    if (auth.clerk->role == QLatin1String("intake"))
        return problem(403, QStringLiteral("forbidden"), QStringLiteral("Not allowed for this account"));
    auto body = jsonBody(call.headers, call.body, m_config.maxBodyBytes);
    if (auto* failure = std::get_if<QHttpServerResponse>(&body))
        return std::move(*failure);
    const QJsonValue list = std::get<QJsonObject>(body).value(QLatin1String("mutations"));
    if (!list.isArray() || list.toArray().size() > 1000)
        return problem(422, QStringLiteral("invalid-request"),
            QStringLiteral("Expected {\"mutations\": [...]} with at most 1000 entries"));
    // Decode all first; the valid ones go to the store as one batch, answers stay in order.
    const QJsonArray input = list.toArray();
    QList<Mutation> valid;
    QList<QJsonObject> answers(input.size());
    QList<int> slots;
    for (int i = 0; i < input.size(); ++i) {
        auto m = json::decodeMutation(input.at(i).toObject());
        if (!m) {
            answers[i]
                = QJsonObject { { QStringLiteral("mutation_id"),
                                    input.at(i).toObject().value(QLatin1String("mutation_id")).toString().left(80) },
                      { QStringLiteral("status"), QStringLiteral("rejected") },
                      { QStringLiteral("reason"), QStringLiteral("invalid_mutation") },
                      { QStringLiteral("params"), QJsonObject {} }, { QStringLiteral("detail"), m.error().detail } };
            continue;
        }
        valid << m.value();
        slots << i;
    }
    QElapsedTimer storing;
    storing.start();
    const auto applied = m_store.applyMutations(*auth.clerk, valid, call.now);
    const qint64 storeNs = storing.nsecsElapsed();
    if (!applied) {
        // The storage failed, not the changes: none of them was kept, and the client sends the
        // same batch again. Busy, disk full and I/O errors pass (503, Retry-After); a damaged
        // database needs its administrator (500).
        const Error::Code c = applied.error().code;
        if (c != Error::Busy && c != Error::DiskFull && c != Error::Io)
            return problem(500, QStringLiteral("storage-failed"), QStringLiteral("The changes could not be stored"),
                QStringLiteral("Nothing of this batch was stored; the server's administrator can see why in its log."));
        QHttpHeaders h;
        h.append(QHttpHeaders::WellKnownHeader::RetryAfter, QByteArrayLiteral("30"));
        return withHeaders(
            problem(503, QStringLiteral("unavailable"), QStringLiteral("The changes could not be stored now"),
                QStringLiteral("Nothing of this batch was stored; send the same changes again later.")),
            h);
    }
    for (int k = 0; k < applied->size(); ++k)
        answers[slots.at(k)] = applied->at(k).toJson();
    QJsonArray results;
    for (const QJsonObject& a : std::as_const(answers))
        results.append(a);
    // Where this call's time went inside the server (W3C Server-Timing, milliseconds): waiting for a
    // worker thread, the store's part and the handler's whole; what a client measures beyond that
    // waited in the network or in this process's event queue. For the administrator's browser
    // tools and ./dev bench city.
    QHttpHeaders timing;
    timing.append(QByteArrayLiteral("Server-Timing"),
        QByteArrayLiteral("queue;dur=") + QByteArray::number(double(queuedNs) / 1e6, 'f', 2)
            + QByteArrayLiteral(", store;dur=") + QByteArray::number(double(storeNs) / 1e6, 'f', 2)
            + QByteArrayLiteral(", total;dur=") + QByteArray::number(double(handler.nsecsElapsed()) / 1e6, 'f', 2));
    return withHeaders(json({ { QStringLiteral("results"), results } }), timing);
}

QHttpServerResponse ApiServer::intake(const Call& call)
{
    Auth auth = authenticate(call.headers, call.now);
    if (auth.failure)
        return std::move(*auth.failure);
    if (auth.clerk->role != QLatin1String("intake") && !auth.clerk->isAdmin())
        return problem(403, QStringLiteral("forbidden"), QStringLiteral("Only the intake account may file requests"));
    if (call.body.size() > m_config.maxBodyBytes)
        return problem(413, QStringLiteral("too-large"), QStringLiteral("Request body too large"));
    const QByteArray type = call.headers.value(QHttpHeaders::WellKnownHeader::ContentType).toByteArray();
    if (!type.toLower().startsWith("multipart/form-data"))
        return problem(415, QStringLiteral("unsupported-media-type"), QStringLiteral("Expected multipart/form-data"));
    auto parts = parseMultipart(type, call.body);
    if (!parts)
        return problem(400, QStringLiteral("malformed-multipart"), QStringLiteral("Malformed multipart body"),
            parts.errorString());
    QJsonObject payload;
    QList<NewAttachment> attachments;
    for (const MultipartPart& p : parts.value()) {
        if (p.name == QLatin1String("request")) {
            QJsonParseError err;
            const QJsonDocument d = QJsonDocument::fromJson(p.data, &err);
            if (err.error != QJsonParseError::NoError || !d.isObject())
                return problem(400, QStringLiteral("malformed-json"),
                    QStringLiteral("Malformed JSON in part 'request'"), err.errorString());
            payload = d.object();
        } else if (p.name == QLatin1String("attachment")) {
            const auto type = intake::checkedDocumentType(p.contentType, p.data);
            if (!type && type.error().code == Error::Unsupported)
                return problem(415, QStringLiteral("unsupported-document-type"),
                    QStringLiteral("Document type not accepted"), type.error().detail);
            if (!type)
                return problem(422, QStringLiteral("document-type-mismatch"),
                    QStringLiteral("The document is not of the type its part declares"), type.error().detail);
            attachments << NewAttachment { p.fileName.left(200), QStringLiteral("attachment"),
                QString::fromLatin1(type.value()), p.data };
        }
    }
    if (payload.isEmpty())
        return problem(422, QStringLiteral("invalid-request"), QStringLiteral("The part 'request' is missing"));
    auto svc = m_store.service(payload.value(QLatin1String("service_id")).toString());
    if (!svc)
        return problem(422, QStringLiteral("unknown-service"), QStringLiteral("Unknown service"));
    auto built = intake::buildRequest(svc.value(), payload, call.now);
    if (!built)
        return problem(422, QStringLiteral("invalid-form"), QStringLiteral("The form values do not fit the service"),
            built.error().detail);
    Request r = built.value();
    attachments.prepend(NewAttachment { QStringLiteral("Antrag – %1").arg(svc->nameDe), QStringLiteral("application"),
        QStringLiteral("application/pdf"), intake::applicationSummaryPdf(svc.value(), r) });
    auto filed = m_store.fileRequest(r, attachments, auth.clerk->login);
    if (!filed)
        return problem(503, QStringLiteral("unavailable"), QStringLiteral("The request could not be stored"));
    return json({ { QStringLiteral("id"), filed->id }, { QStringLiteral("reference"), filed->reference },
                    { QStringLiteral("due_date"), filed->dueDate.toString(Qt::ISODate) },
                    { QStringLiteral("documents"), int(attachments.size()) } },
        201);
}

} // namespace clerk::server
