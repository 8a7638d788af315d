// How SqlCityStore keeps bodies: compact JSON text in a `body` column, read back as an object.
#pragma once

#include <QJsonDocument>
#include <QJsonObject>

namespace clerk::server {

inline QString storedJson(const QJsonObject& o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

inline QJsonObject parseStored(const QString& s)
{
    return QJsonDocument::fromJson(s.toUtf8()).object();
}

} // namespace clerk::server
