#include "Multipart.h"

#include <cstring>
#include <optional>

namespace clerk::server {

namespace {
Error bad(const QString& what)
{
    return Error { Error::Invalid, what, {} };
}

bool isTokenChar(char c)
{
    // RFC 9110 tchar
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return std::strchr("!#$%&'*+-.^_`|~", c) != nullptr && c != '\0';
}

void skipSpace(const QByteArray& s, qsizetype& i)
{
    while (i < s.size() && (s.at(i) == ' ' || s.at(i) == '\t'))
        ++i;
}

QByteArray token(const QByteArray& s, qsizetype& i)
{
    const qsizetype start = i;
    while (i < s.size() && isTokenChar(s.at(i)))
        ++i;
    return s.mid(start, i - start);
}

// RFC 8187 ext-value: charset "'" [ language ] "'" value-chars (only UTF-8 is accepted).
std::optional<QString> decodeExtValue(const QByteArray& v)
{
    const qsizetype first = v.indexOf('\'');
    const qsizetype second = first < 0 ? -1 : v.indexOf('\'', first + 1);
    if (second < 0 || v.left(first).toLower() != "utf-8")
        return std::nullopt;
    const QByteArray encoded = v.mid(second + 1);
    for (const char c : encoded)
        if (!isTokenChar(c) || c == '*' || c == '\'')
            return std::nullopt;
    return QString::fromUtf8(QByteArray::fromPercentEncoding(encoded));
}
} // namespace

Result<HeaderValue> parseHeaderValue(const QByteArray& header)
{
    HeaderValue out;
    qsizetype i = 0;
    skipSpace(header, i);
    const qsizetype start = i;
    while (i < header.size() && header.at(i) != ';')
        ++i;
    out.value = header.mid(start, i - start).trimmed().toLower();
    if (out.value.isEmpty())
        return bad(QStringLiteral("header value without a type"));
    while (i < header.size()) {
        ++i; // the ';'
        skipSpace(header, i);
        if (i >= header.size())
            break; // a trailing ';' is tolerated
        const QByteArray name = token(header, i).toLower();
        skipSpace(header, i);
        if (name.isEmpty() || i >= header.size() || header.at(i) != '=')
            return bad(QStringLiteral("malformed header parameter"));
        ++i;
        skipSpace(header, i);
        QByteArray value;
        if (i < header.size() && header.at(i) == '"') {
            ++i;
            bool closed = false;
            while (i < header.size()) {
                const char c = header.at(i++);
                if (c == '\\' && i < header.size()) {
                    value += header.at(i++);
                } else if (c == '"') {
                    closed = true;
                    break;
                } else {
                    value += c;
                }
            }
            if (!closed)
                return bad(QStringLiteral("unterminated quoted string in a header parameter"));
        } else {
            value = token(header, i);
            if (value.isEmpty())
                return bad(QStringLiteral("empty header parameter"));
        }
        skipSpace(header, i);
        if (i < header.size() && header.at(i) != ';')
            return bad(QStringLiteral("malformed header parameter"));
        if (out.params.contains(name))
            return bad(QStringLiteral("header parameter given twice: %1").arg(QString::fromLatin1(name.left(40))));
        if (name.endsWith('*')) {
            const auto decoded = decodeExtValue(value);
            if (!decoded)
                return bad(QStringLiteral("malformed extended header parameter"));
            out.params.insert(name, *decoded);
        } else {
            out.params.insert(name, QString::fromUtf8(value));
        }
    }
    return out;
}

Result<QList<MultipartPart>> parseMultipart(const QByteArray& contentType, const QByteArray& body, int maxParts)
{
    const auto type = parseHeaderValue(contentType);
    if (!type || type->value != "multipart/form-data")
        return bad(QStringLiteral("expected multipart/form-data"));
    const QString boundary = type->params.value("boundary");
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
        bool haveDisposition = false;
        for (QByteArray h : headers) {
            h = h.trimmed();
            const qsizetype colon = h.indexOf(':');
            if (colon <= 0)
                continue;
            const QByteArray key = h.left(colon).trimmed().toLower();
            const QByteArray value = h.mid(colon + 1).trimmed();
            if (key == "content-disposition") {
                if (haveDisposition)
                    return bad(QStringLiteral("multipart part with two Content-Disposition headers"));
                haveDisposition = true;
                const auto disposition = parseHeaderValue(value);
                if (!disposition)
                    return disposition.error();
                if (disposition->value != "form-data")
                    return bad(QStringLiteral("multipart part is not form-data"));
                part.name = disposition->params.value("name");
                // RFC 7578 §4.2: filename* should not be sent, but when it is, it is the better name.
                part.fileName = disposition->params.value("filename*", disposition->params.value("filename"));
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
