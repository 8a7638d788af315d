// A strict multipart/form-data reader for the intake endpoint. Hostile input gives an error,
// never a crash; limits on part count and header size keep it cheap.
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>

namespace clerk::server {

struct MultipartPart
{
    QString name;
    QString fileName;
    QByteArray contentType;
    QByteArray data;
};

// A header value of the form `token *( ";" name "=" ( token / quoted-string ) )` (RFC 9110 §5.6.6,
// the shape of Content-Type and, per RFC 6266 / RFC 7578, Content-Disposition): the leading value
// lower-cased, parameter names lower-cased, quoted strings unquoted (backslash escapes resolved).
// `filename*` (RFC 8187, UTF-8 only) is decoded into `filename*`. Fails on malformed input or a
// parameter given twice.
struct HeaderValue
{
    QByteArray value;
    QMap<QByteArray, QString> params;
};
Result<HeaderValue> parseHeaderValue(const QByteArray& header);

// `contentType` is the request's Content-Type header (with the boundary parameter).
Result<QList<MultipartPart>> parseMultipart(const QByteArray& contentType, const QByteArray& body, int maxParts = 64);

} // namespace clerk::server
