#include "BackendClient.h"

#include "core/Logging.h"

#include <QEventLoop>
#include <QFile>
#include <QHostAddress>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QSslCertificate>
#include <QTimer>

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

Result<QByteArray> BackendClient::takeBody(QNetworkReply* reply)
{
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QList<QSslError> sslErrors;
    QObject::connect(
        reply, &QNetworkReply::sslErrors, reply, [&sslErrors](const QList<QSslError>& e) { sslErrors = e; });
    if (!reply->isFinished())
        loop.exec();
    std::unique_ptr<QNetworkReply, void (*)(QNetworkReply*)> guard(reply, [](QNetworkReply* r) { r->deleteLater(); });
    if (reply->error() != QNetworkReply::NoError) {
        Error e = networkError(reply);
        if (!sslErrors.isEmpty())
            e.message = tr("The connection to the city backend is not trustworthy: %1. Nothing was sent.")
                            .arg(sslErrors.first().errorString());
        qCInfo(lcSync) << "request failed:" << e.detail;
        return e;
    }
    return reply->readAll();
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

Result<QJsonObject> BackendClient::finish(QNetworkReply* reply)
{
    const QString path = reply->url().path();
    auto body = takeBody(reply);
    if (!body)
        return body.error();
    return parseObject(body.value(), path);
}

Result<QJsonObject> BackendClient::takeJson(QNetworkReply* reply)
{
    return finish(reply);
}

Result<QJsonObject> BackendClient::getJson(const QString& pathAndQuery)
{
    if (Status s = usable(); !s)
        return s.error();
    return finish(startGet(pathAndQuery));
}

QNetworkReply* BackendClient::startGet(const QString& pathAndQuery)
{
    return m_nam.get(request(pathAndQuery));
}

void BackendClient::abandon(QNetworkReply* reply)
{
    if (!reply)
        return;
    reply->abort();
    reply->deleteLater();
}

Result<QJsonObject> BackendClient::postJson(const QString& path, const QJsonObject& body)
{
    if (Status s = usable(); !s)
        return s.error();
    QNetworkRequest req = request(path);
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    return finish(m_nam.post(req, QJsonDocument(body).toJson(QJsonDocument::Compact)));
}

Result<BackendClient::Download> BackendClient::download(
    const QString& path, qint64 offset, QIODevice& sink, qint64 stopAfter)
{
    if (Status s = usable(); !s)
        return s.error();
    QNetworkRequest req = request(path);
    req.setRawHeader("Accept", "*/*");
    if (offset > 0)
        req.setRawHeader("Range", "bytes=" + QByteArray::number(offset) + '-');
    QNetworkReply* reply = m_nam.get(req);
    Download d;
    bool aborted = false;
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::readyRead, &loop, [&] {
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status != 200 && status != 206)
            return;
        const QByteArray chunk = reply->readAll();
        qint64 take = chunk.size();
        if (stopAfter > 0 && d.bytes + take > stopAfter)
            take = stopAfter - d.bytes;
        if (take > 0 && sink.write(chunk.constData(), take) == take)
            d.bytes += take;
        if (stopAfter > 0 && d.bytes >= stopAfter) {
            aborted = true;
            reply->abort();
        }
    });
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    std::unique_ptr<QNetworkReply, void (*)(QNetworkReply*)> guard(reply, [](QNetworkReply* r) { r->deleteLater(); });
    if (aborted)
        return Error { Error::Offline, tr("The download was interrupted."),
            QStringLiteral("stopped after %1 bytes").arg(d.bytes) };
    if (reply->error() != QNetworkReply::NoError)
        return networkError(reply);
    const QByteArray rest = reply->readAll();
    if (!rest.isEmpty() && sink.write(rest) == rest.size())
        d.bytes += rest.size();
    d.etag = reply->rawHeader("ETag");
    d.partial = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 206;
    return d;
}

} // namespace clerk
