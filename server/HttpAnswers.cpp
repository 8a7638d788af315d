#include "HttpAnswers.h"

#include "ApiServer.h"

#include <QJsonDocument>
#include <QRegularExpression>

namespace clerk::server::http {

QHttpServerResponder::StatusCode code(int status)
{
    return static_cast<QHttpServerResponder::StatusCode>(status);
}

QHttpServerResponse json(const QJsonObject& o, int status)
{
    return QHttpServerResponse(
        QByteArrayLiteral("application/json"), QJsonDocument(o).toJson(QJsonDocument::Compact), code(status));
}

bool isJson(const QHttpHeaders& headers)
{
    const QByteArray type = headers.value(QHttpHeaders::WellKnownHeader::ContentType).toByteArray().toLower();
    return type == "application/json" || type.startsWith("application/json;");
}

// On every answer, whichever way it is written: nothing is cached (tokens, citizens' data) and no
// browser second-guesses a served type.
void addSafetyHeaders(QHttpHeaders& h)
{
    h.replaceOrAppend(QHttpHeaders::WellKnownHeader::CacheControl, "no-store");
    h.replaceOrAppend(QByteArrayLiteral("X-Content-Type-Options"), "nosniff");
}

// For the handlers that write through the responder themselves (the after-request handlers run
// only for returned responses).
void send(QHttpServerResponder& responder, QHttpServerResponse r)
{
    QHttpHeaders h = r.headers();
    addSafetyHeaders(h);
    r.setHeaders(std::move(h));
    responder.sendResponse(r);
}

QHttpServerResponse withHeaders(QHttpServerResponse r, const QHttpHeaders& extra)
{
    QHttpHeaders h = r.headers();
    for (qsizetype i = 0; i < extra.size(); ++i)
        h.append(extra.nameAt(i), extra.valueAt(i));
    r.setHeaders(std::move(h));
    return r;
}

// The body as a JSON object, or the problem that says why not (413, 415, 400).
std::variant<QJsonObject, QHttpServerResponse> jsonBody(
    const QHttpHeaders& headers, const QByteArray& body, qint64 limit)
{
    if (body.size() > limit)
        return problem(413, QStringLiteral("too-large"), QStringLiteral("Request body too large"));
    if (!isJson(headers))
        return problem(415, QStringLiteral("unsupported-media-type"), QStringLiteral("Expected application/json"));
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        return problem(400, QStringLiteral("malformed-json"), QStringLiteral("Malformed JSON"), err.errorString());
    return doc.object();
}

bool validId(const QString& id)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9_.:-]{1,80}$"));
    return re.match(id).hasMatch() && !id.contains(QLatin1String(".."));
}

} // namespace clerk::server::http
