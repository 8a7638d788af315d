// HTTP(S) client of the city backend API (docs/api/openapi.yaml). Blocking calls with a local
// event loop, meant for the sync thread. TLS is verified against the system store plus an
// optional city CA bundle; certificate errors fail the call with their description and are never
// ignored. A 401 says "sign in again" and keeps everything local. Plain HTTP is refused except to
// this computer, and a redirect is followed only within the backend's own origin, so that the
// bearer token never reaches another host.
#pragma once

#include "core/Result.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSslConfiguration>
#include <QUrl>

class QIODevice;

namespace clerk {

class BackendClient
{
    Q_DECLARE_TR_FUNCTIONS(clerk::BackendClient)
public:
    explicit BackendClient(const QUrl& base, const QString& caBundlePath = {});

    void setToken(const QByteArray& token) { m_token = token; }
    const QByteArray& token() const { return m_token; }
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    QString caError() const { return m_caError; }
    // Passwords and tokens go only over HTTPS; plain HTTP only to this computer (demo, tests).
    static bool isAllowedBase(const QUrl& base);
    // Why this client sends nothing (an http:// address off this computer), or ok.
    Status usable() const;

    Result<QJsonObject> getJson(const QString& pathAndQuery);
    // getJson in two halves, so that the next page is on its way while this one is written:
    // startGet() sends the request, takeJson() waits for it and reads it. A started request that is
    // not wanted any more goes with abandon().
    class QNetworkReply* startGet(const QString& pathAndQuery);
    Result<QJsonObject> takeJson(class QNetworkReply* reply);
    // The body undecoded (network and HTTP errors as with takeJson); parseObject() reads it later,
    // on any thread, with the same error.
    Result<QByteArray> takeBody(class QNetworkReply* reply);
    static Result<QJsonObject> parseObject(const QByteArray& body, const QString& path);
    static void abandon(class QNetworkReply* reply);
    Result<QJsonObject> postJson(const QString& path, const QJsonObject& body);
    // Streams the document from `offset` into `sink` (appending). `stopAfter` > 0 aborts after that
    // many bytes (fault injection for tests). Returns the bytes written and the ETag.
    struct Download
    {
        qint64 bytes = 0;
        QByteArray etag;
        bool partial = false; // the server answered 206
    };
    Result<Download> download(const QString& path, qint64 offset, QIODevice& sink, qint64 stopAfter = 0);

    // The longest wait a Retry-After may ask for; beyond it the client's own backoff rules.
    static constexpr int kMaxRetryAfterSeconds = 300;

private:
    QNetworkRequest request(const QString& pathAndQuery) const;
    Result<QJsonObject> finish(class QNetworkReply* reply);

    Error networkError(class QNetworkReply* reply) const;

    QUrl m_base;
    QByteArray m_token;
    QNetworkAccessManager m_nam;
    QSslConfiguration m_tls;
    QString m_caError;
    int m_timeoutMs = 30000;
};

} // namespace clerk
