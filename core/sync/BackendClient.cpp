#include "BackendClient.h"

#include "core/Logging.h"

#include <QFile>
#include <QHostAddress>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QSslCertificate>
#include <QTimer>
#include <memory>
#include <utility>

namespace clerk {

BackendClient::BackendClient(const QUrl& base, const QString& caBundlePath)
    : m_base(base)
{
    m_tls = QSslConfiguration::defaultConfiguration();
    if (!caBundlePath.isEmpty()) {
        const QList<QSslCertificate> extra = QSslCertificate::fromPath(caBundlePath, QSsl::Pem);
        if (extra.isEmpty())
            m_caError = tr("The city CA bundle %1 could not be read.").arg(caBundlePath);
        else
            m_tls.addCaCertificates(extra);
    }
    m_tls.setPeerVerifyMode(QSslSocket::VerifyPeer);
}

BackendClient::~BackendClient()
{
    // Quietly: whoever waits for these answers is going away with this client.
    const auto pending = std::exchange(m_pending, {});
    for (auto it = pending.begin(); it != pending.end(); ++it) {
        QObject::disconnect(it.key(), nullptr, &m_nam, nullptr);
        it.key()->abort();
    }
}

bool BackendClient::isAllowedBase(const QUrl& base)
{
    const QString scheme = base.scheme().toLower();
    if (scheme == QLatin1String("https"))
        return true;
    if (scheme != QLatin1String("http"))
        return false;
    const QString host = base.host().toLower();
    if (host == QLatin1String("localhost"))
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

Status BackendClient::usable() const
{
    if (isAllowedBase(m_base))
        return {};
    return Error { Error::Invalid,
        tr("ClerkDesk talks to the city backend only over HTTPS, and %1 is not an HTTPS address. Nothing was "
           "sent. Ask IT for the backend's https:// address.")
            .arg(m_base.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemovePath | QUrl::RemoveQuery)),
        m_base.toDisplayString(QUrl::RemoveUserInfo) };
}

QNetworkRequest BackendClient::request(const QString& pathAndQuery) const
{
    // An address refused by usable() never gets a request with a password or token in it.
    QUrl url = isAllowedBase(m_base) ? m_base : QUrl();
    const QString basePath = url.path().endsWith(QLatin1Char('/')) ? url.path().chopped(1) : url.path();
    const qsizetype q = pathAndQuery.indexOf(QLatin1Char('?'));
    url.setPath(basePath + (q < 0 ? pathAndQuery : pathAndQuery.left(q)));
    if (q >= 0)
        url.setQuery(pathAndQuery.mid(q + 1));
    QNetworkRequest req(url);
    req.setSslConfiguration(m_tls);
    // Same origin only: a redirect to another host (or scheme, or port) would carry the bearer token there.
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::SameOriginRedirectPolicy);
    req.setTransferTimeout(m_timeoutMs);
    if (!m_token.isEmpty())
        req.setRawHeader("Authorization", "Bearer " + m_token);
    req.setRawHeader("Accept", "application/json");
    return req;
}

Error BackendClient::networkError(QNetworkReply* reply) const
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QString detail = QStringLiteral("%1 %2: %3").arg(status).arg(reply->url().path(), reply->errorString());
    if (status == 401)
        return { Error::Unauthorized, tr("Your sign-in has expired. Please sign in again; your unsent work is kept."),
            detail };
    if (status == 403)
        return { Error::Locked, tr("The city backend does not allow this for your account."), detail };
    if (status >= 500 || status == 429) {
        Error busy { Error::Busy, tr("The city backend is having trouble (%1). ClerkDesk will try again.").arg(status),
            detail };
        // Retry-After in seconds (503 from a busy or full server store, 429); a date is ignored.
        bool ok = false;
        const int seconds = reply->rawHeader("Retry-After").trimmed().toInt(&ok);
        if (ok && seconds > 0)
            busy.retryAfterSeconds = qMin(seconds, kMaxRetryAfterSeconds);
        return busy;
    }
    if (status >= 400)
        return { Error::Invalid, tr("The city backend refused the request (%1).").arg(status), detail };
    switch (reply->error()) {
    case QNetworkReply::SslHandshakeFailedError:
        return { Error::Io,
            tr("The connection to the city backend is not trustworthy (%1). Nothing was sent. Ask IT whether the "
               "city's certificate authority is configured.")
                .arg(reply->errorString()),
            detail };
    case QNetworkReply::OperationCanceledError:
    case QNetworkReply::TimeoutError:
        return { Error::Offline, tr("The city backend did not answer in time. ClerkDesk will try again."), detail };
    default:
        return { Error::Offline,
            tr("The city backend cannot be reached. You can keep working; changes are sent later."), detail };
    }
}

bool BackendClient::refuseIfUnusable(const std::function<void(const Error&)>& fail)
{
    Status s = usable();
    if (s)
        return false;
    // Later, like every other answer, so that no caller is re-entered from its own call.
    QMetaObject::invokeMethod(&m_nam, [fail, e = s.error()] { fail(e); }, Qt::QueuedConnection);
    return true;
}

void BackendClient::track(QNetworkReply* reply, std::function<void()> finished, std::function<void(const Error&)> fail)
{
    m_pending.insert(reply, std::move(fail));
    QObject::connect(reply, &QNetworkReply::finished, &m_nam, [this, reply, finished = std::move(finished)] {
        if (!m_pending.remove(reply))
            return; // cancelled
        reply->deleteLater();
        finished();
    });
}

void BackendClient::cancelAll()
{
    const auto pending = std::exchange(m_pending, {});
    for (auto it = pending.begin(); it != pending.end(); ++it) {
        QNetworkReply* reply = it.key();
        QObject::disconnect(reply, nullptr, &m_nam, nullptr);
        reply->abort();
        reply->deleteLater();
    }
    for (auto it = pending.begin(); it != pending.end(); ++it)
        it.value()(
            Error { Error::Cancelled, tr("The request to the city backend was cancelled."), it.key()->url().path() });
}

void BackendClient::bodyOf(QNetworkReply* reply, Done<QByteArray> done)
{
    auto sslErrors = std::make_shared<QList<QSslError>>();
    QObject::connect(
        reply, &QNetworkReply::sslErrors, &m_nam, [sslErrors](const QList<QSslError>& e) { *sslErrors = e; });
    track(
        reply,
        [this, reply, sslErrors, done] {
            if (reply->error() != QNetworkReply::NoError) {
                Error e = networkError(reply);
                if (!sslErrors->isEmpty())
                    e.message = tr("The connection to the city backend is not trustworthy: %1. Nothing was sent.")
                                    .arg(sslErrors->first().errorString());
                qCInfo(lcSync) << "request failed:" << e.detail;
                done(e);
                return;
            }
            done(reply->readAll());
        },
        [done](const Error& e) { done(e); });
}

Result<QJsonObject> BackendClient::parseObject(const QByteArray& body, const QString& path)
{
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        return Error { Error::Invalid, tr("The city backend sent an answer ClerkDesk cannot read. It will try again."),
            QStringLiteral("%1: %2").arg(path, err.errorString()) };
    return doc.object();
}

namespace {
// The body of a JSON answer decoded, or its error.
BackendClient::Done<QByteArray> asObject(QString path, BackendClient::Done<QJsonObject> done)
{
    return [path = std::move(path), done = std::move(done)](Result<QByteArray> body) {
        if (!body)
            done(body.error());
        else
            done(BackendClient::parseObject(body.value(), path));
    };
}
} // namespace

void BackendClient::getBody(const QString& pathAndQuery, Done<QByteArray> done)
{
    if (refuseIfUnusable([done](const Error& e) { done(e); }))
        return;
    bodyOf(m_nam.get(request(pathAndQuery)), std::move(done));
}

void BackendClient::getJson(const QString& pathAndQuery, Done<QJsonObject> done)
{
    const QNetworkRequest req = request(pathAndQuery);
    if (refuseIfUnusable([done](const Error& e) { done(e); }))
        return;
    bodyOf(m_nam.get(req), asObject(req.url().path(), std::move(done)));
}

void BackendClient::postJson(const QString& path, const QJsonObject& body, Done<QJsonObject> done)
{
    if (refuseIfUnusable([done](const Error& e) { done(e); }))
        return;
    QNetworkRequest req = request(path);
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    const QString urlPath = req.url().path();
    bodyOf(m_nam.post(req, QJsonDocument(body).toJson(QJsonDocument::Compact)), asObject(urlPath, std::move(done)));
}

QNetworkReply* BackendClient::openStream(const QString& pathAndQuery, int idleTimeoutMs)
{
    if (!usable())
        return nullptr;
    QNetworkRequest req = request(pathAndQuery);
    req.setRawHeader("Accept", "text/event-stream");
    req.setTransferTimeout(idleTimeoutMs);
    req.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    return m_nam.get(req);
}

void BackendClient::download(const QString& path, qint64 offset, QIODevice& sink, Done<Download> done, qint64 stopAfter)
{
    if (refuseIfUnusable([done](const Error& e) { done(e); }))
        return;
    QNetworkRequest req = request(path);
    req.setRawHeader("Accept", "*/*");
    if (offset > 0)
        req.setRawHeader("Range", "bytes=" + QByteArray::number(offset) + '-');
    QNetworkReply* reply = m_nam.get(req);
    struct State
    {
        Download d;
        bool aborted = false;
    };
    auto state = std::make_shared<State>();
    QObject::connect(reply, &QNetworkReply::readyRead, &m_nam, [reply, state, &sink, stopAfter] {
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status != 200 && status != 206)
            return;
        const QByteArray chunk = reply->readAll();
        qint64 take = chunk.size();
        if (stopAfter > 0 && state->d.bytes + take > stopAfter)
            take = stopAfter - state->d.bytes;
        if (take > 0 && sink.write(chunk.constData(), take) == take)
            state->d.bytes += take;
        if (stopAfter > 0 && state->d.bytes >= stopAfter && !state->aborted) {
            state->aborted = true;
            reply->abort(); // finishes the reply
        }
    });
    track(
        reply,
        [this, reply, state, &sink, done] {
            if (state->aborted) {
                done(Error { Error::Offline, tr("The download was interrupted."),
                    QStringLiteral("stopped after %1 bytes").arg(state->d.bytes) });
                return;
            }
            if (reply->error() != QNetworkReply::NoError) {
                done(networkError(reply));
                return;
            }
            const QByteArray rest = reply->readAll();
            if (!rest.isEmpty() && sink.write(rest) == rest.size())
                state->d.bytes += rest.size();
            state->d.etag = reply->rawHeader("ETag");
            state->d.partial = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 206;
            done(state->d);
        },
        [done](const Error& e) { done(e); });
}

} // namespace clerk
