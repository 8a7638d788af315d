// The changes feed's cursor as clients see it: opaque text ("c1." and the sequence number, in
// base64url), the same in GET /v1/changes and GET /v1/events.
#pragma once

#include <QByteArray>
#include <QString>

namespace clerk::server::cursor {

inline QString encode(qint64 seq)
{
    return QString::fromLatin1(
        ("c1." + QByteArray::number(seq)).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

// An empty cursor is the feed's beginning (0); false for anything that is not a cursor.
inline bool decode(const QString& text, qint64* seq)
{
    if (text.isEmpty()) {
        *seq = 0;
        return true;
    }
    const auto decoded = QByteArray::fromBase64Encoding(
        text.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || !decoded.decoded.startsWith("c1."))
        return false;
    bool ok = false;
    *seq = decoded.decoded.mid(3).toLongLong(&ok);
    return ok && *seq >= 0;
}

} // namespace clerk::server::cursor
