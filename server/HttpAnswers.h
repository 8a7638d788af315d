// The small pieces every route of ApiServer answers with: JSON bodies, the safety headers on every
// answer, a request body read as JSON (or the problem that says why not), the ids a path may name.
#pragma once

#include <QHttpHeaders>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QJsonObject>
#include <variant>

namespace clerk::server::http {

QHttpServerResponder::StatusCode code(int status);
QHttpServerResponse json(const QJsonObject& o, int status = 200);
bool isJson(const QHttpHeaders& headers);
// On every answer, whichever way it is written: nothing is cached (tokens, citizens' data) and no
// browser second-guesses a served type.
void addSafetyHeaders(QHttpHeaders& h);
// For the handlers that write through the responder themselves (the after-request handlers run
// only for returned responses).
void send(QHttpServerResponder& responder, QHttpServerResponse r);
QHttpServerResponse withHeaders(QHttpServerResponse r, const QHttpHeaders& extra);
// The body as a JSON object, or the problem that says why not (413, 415, 400).
std::variant<QJsonObject, QHttpServerResponse> jsonBody(
    const QHttpHeaders& headers, const QByteArray& body, qint64 limit);
bool validId(const QString& id);

} // namespace clerk::server::http
