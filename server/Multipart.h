// A strict multipart/form-data reader for the intake endpoint. Hostile input gives an error,
// never a crash; limits on part count and header size keep it cheap.
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace clerk::server {

struct MultipartPart
{
    QString name;
    QString fileName;
    QByteArray contentType;
    QByteArray data;
};

// `contentType` is the request's Content-Type header (with the boundary parameter).
Result<QList<MultipartPart>> parseMultipart(const QByteArray& contentType, const QByteArray& body, int maxParts = 64);

} // namespace clerk::server
