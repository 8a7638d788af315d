#include "Multipart.h"

#include <QRegularExpression>

namespace clerk::server {

namespace {
Error bad(const QString& what)
{
    return Error{Error::Invalid, what, {}};
}

QString headerParam(const QByteArray& header, const char* name)
{
    const QRegularExpression re(QStringLiteral("%1=(\"([^\"]*)\"|([^;\\s]*))").arg(QLatin1String(name)),
                                QRegularExpression::CaseInsensitiveOption);
    const auto m = re.match(QString::fromUtf8(header));
    if (!m.hasMatch())
        return {};
    return m.captured(2).isNull() ? m.captured(3) : m.captured(2);
}
} // namespace

Result<QList<MultipartPart>> parseMultipart(const QByteArray& contentType, const QByteArray& body, int maxParts)
{
    if (!contentType.toLower().startsWith("multipart/form-data"))
        return bad(QStringLiteral("expected multipart/form-data"));
    const QString boundary = headerParam(contentType, "boundary");
    if (boundary.isEmpty() || boundary.size() > 70)
        return bad(QStringLiteral("missing or invalid multipart boundary"));
    const QByteArray delimiter = "--" + boundary.toLatin1();
    QList<MultipartPart> parts;
    qsizetype pos = body.indexOf(delimiter);
    if (pos < 0)
        return bad(QStringLiteral("multipart body without boundary"));
    while (true) {
        pos += delimiter.size();
        if (body.mid(pos, 2) == "--")
            break; // closing delimiter
        if (body.mid(pos, 2) != "\r\n")
            return bad(QStringLiteral("malformed multipart delimiter"));
        pos += 2;
        const qsizetype headerEnd = body.indexOf("\r\n\r\n", pos);
        if (headerEnd < 0 || headerEnd - pos > 8192)
            return bad(QStringLiteral("malformed multipart headers"));
        const QList<QByteArray> headers = body.mid(pos, headerEnd - pos).split('\n');
        MultipartPart part;
        for (QByteArray h : headers) {
            h = h.trimmed();
            const qsizetype colon = h.indexOf(':');
            if (colon <= 0)
                continue;
            const QByteArray key = h.left(colon).trimmed().toLower();
            const QByteArray value = h.mid(colon + 1).trimmed();
            if (key == "content-disposition") {
                part.name = headerParam(value, "name");
                part.fileName = headerParam(value, "filename");
            } else if (key == "content-type") {
                part.contentType = value;
            }
        }
        if (part.name.isEmpty())
            return bad(QStringLiteral("multipart part without a name"));
        const qsizetype dataStart = headerEnd + 4;
        const qsizetype next = body.indexOf("\r\n" + delimiter, dataStart);
        if (next < 0)
            return bad(QStringLiteral("truncated multipart body"));
        part.data = body.mid(dataStart, next - dataStart);
        parts << part;
        if (parts.size() > maxParts)
            return bad(QStringLiteral("too many multipart parts"));
        pos = next + 2;
    }
    return parts;
}

} // namespace clerk::server
