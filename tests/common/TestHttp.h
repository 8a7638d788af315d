// A blocking HTTP client for integration tests against the real server over loopback. Every
// response can be recorded (CLERKDESK_API_RECORD_DIR) so that tests/api checks it against the
// OpenAPI contract.
#pragma once

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>
#include <QUrlQuery>

namespace clerk::testhttp {

struct Reply
{
    int status = 0;
    QByteArray body;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QByteArray header(const char* name) const { return headers.value(QByteArray(name).toLower()); }
};

class Client
{
public:
    explicit Client(QString base)
        : m_base(std::move(base))
    { }
    void setToken(const QByteArray& token) { m_token = token; }
    // operation: the OpenAPI operationId the response is recorded under.
    Reply send(const QByteArray& method, const QString& path, const QByteArray& body = {},
        const QByteArray& contentType = "application/json", QList<QPair<QByteArray, QByteArray>> headers = {},
        const QString& operation = {})
    {
        QNetworkRequest req(QUrl(m_base + path));
        if (!body.isEmpty() || method == "POST")
            req.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
        if (!m_token.isEmpty())
            req.setRawHeader("Authorization", "Bearer " + m_token);
        for (const auto& [k, v] : headers)
            req.setRawHeader(k, v);
        QNetworkReply* r = m_nam.sendCustomRequest(req, method, body);
        QEventLoop loop;
        QObject::connect(r, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(30000, &loop, &QEventLoop::quit);
        loop.exec();
        Reply out;
        out.status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        out.body = r->readAll();
        for (const auto& pair : r->rawHeaderPairs())
            out.headers.insert(pair.first.toLower(), pair.second);
        r->deleteLater();
        record(operation, out);
        return out;
    }
    Reply get(const QString& path, const QString& operation = {}) { return send("GET", path, {}, {}, {}, operation); }
    Reply postJson(const QString& path, const QJsonObject& o, const QString& operation = {})
    {
        return send("POST", path, QJsonDocument(o).toJson(QJsonDocument::Compact), "application/json", {}, operation);
    }

private:
    void record(const QString& operation, const Reply& r)
    {
        const QString dir = qEnvironmentVariable("CLERKDESK_API_RECORD_DIR");
        if (dir.isEmpty() || operation.isEmpty() || r.status == 0)
            return;
        QDir().mkpath(dir);
        const QByteArray type = r.header("content-type");
        if (!type.contains("json"))
            return;
        static int n = 0;
        QFile f(QDir(dir).filePath(QStringLiteral("%1.%2.%3.json").arg(operation).arg(r.status).arg(++n)));
        if (f.open(QIODevice::WriteOnly))
            f.write(r.body);
    }

    QString m_base;
    QByteArray m_token;
    QNetworkAccessManager m_nam;
};

} // namespace clerk::testhttp
