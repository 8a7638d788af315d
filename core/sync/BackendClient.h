// HTTP(S) client of the city backend API (docs/api/openapi.yaml). Every call returns at once and
// reports exactly once through its callback, later, on the client's thread (no nested event
// loop). TLS is verified against the system store plus an optional city CA bundle; certificate
// errors fail the call with their description and are never ignored. A 401 says "sign in again"
// and keeps everything local. Plain HTTP is refused except to this computer, and a redirect is
// followed only within the backend's own origin, so that the bearer token never reaches another
// host. A request that stops sending or receiving for the timeout ends with Error::Offline.
#pragma once

#include "core/Result.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSslConfiguration>
#include <QUrl>
#include <functional>

class QIODevice;
class QNetworkReply;

namespace clerk {

class BackendClient
{
    Q_DECLARE_TR_FUNCTIONS(clerk::BackendClient)
public:
    template <class T> using Done = std::function<void(Result<T>)>;

    explicit BackendClient(const QUrl& base, const QString& caBundlePath = {});
    // Pending requests are aborted; their callbacks are not called any more.
    ~BackendClient();
    BackendClient(const BackendClient&) = delete;
    BackendClient& operator=(const BackendClient&) = delete;

    void setToken(const QByteArray& token) { m_token = token; }
    const QByteArray& token() const { return m_token; }
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    QString caError() const { return m_caError; }
    // Passwords and tokens go only over HTTPS; plain HTTP only to this computer (demo, tests).
    static bool isAllowedBase(const QUrl& base);
    // Why this client sends nothing (an http:// address off this computer), or ok.
    Status usable() const;

    void getJson(const QString& pathAndQuery, Done<QJsonObject> done);
    // The body undecoded (network and HTTP errors as with getJson); parseObject() reads it later,
    // on any thread, with the same error.
    void getBody(const QString& pathAndQuery, Done<QByteArray> done);
    static Result<QJsonObject> parseObject(const QByteArray& body, const QString& path);
    void postJson(const QString& path, const QJsonObject& body, Done<QJsonObject> done);
    // Streams the document from `offset` into `sink` (appending) as it arrives; `sink` must live
    // until `done` is called or the call is cancelled. `stopAfter` > 0 aborts after that many
    // bytes (fault injection for tests). Reports the bytes written and the ETag.
    struct Download
    {
        qint64 bytes = 0;
        QByteArray etag;
        bool partial = false; // the server answered 206
    };
    void download(const QString& path, qint64 offset, QIODevice& sink, Done<Download> done, qint64 stopAfter = 0);

    // A long-lived GET (live updates, LiveStream): the reply, owned by the caller, or null when
    // usable() refuses. It ends after `idleTimeoutMs` without a byte; cancelAll() leaves it alone.
    QNetworkReply* openStream(const QString& pathAndQuery, int idleTimeoutMs);
    // What a finished reply's failure means, worded as for every other call.
    Error errorOf(QNetworkReply* reply) const { return networkError(reply); }

    // Aborts every pending request; each reports Error::Cancelled before this returns.
    void cancelAll();
    int pendingCount() const { return int(m_pending.size()); }

    // The longest wait a Retry-After may ask for; beyond it the client's own backoff rules.
    static constexpr int kMaxRetryAfterSeconds = 300;

private:
    QNetworkRequest request(const QString& pathAndQuery) const;
    // Sends nothing when usable() refuses: `fail` gets that error, later.
    bool refuseIfUnusable(const std::function<void(const Error&)>& fail);
    // Tracks the reply until it finishes (then `finished` runs, once) or is cancelled (then
    // `fail` gets Error::Cancelled). The reply is deleted later either way.
    void track(QNetworkReply* reply, std::function<void()> finished, std::function<void(const Error&)> fail);
    void bodyOf(QNetworkReply* reply, Done<QByteArray> done);
    Error networkError(QNetworkReply* reply) const;

    QUrl m_base;
    QByteArray m_token;
    QNetworkAccessManager m_nam;
    QSslConfiguration m_tls;
    QString m_caError;
    int m_timeoutMs = 30000;
    QHash<QNetworkReply*, std::function<void(const Error&)>> m_pending;
};

} // namespace clerk
