#include "DownloadHeaders.h"

#include <QHash>
#include <QUrl>

namespace clerk::server {

// A citizen's document is never shown on the API's origin: a browser saves it (attachment) and,
// should it render it anyway, runs no script of it (an XHTML or SVG sent as application/xml) and
// loads nothing (sandbox, default-src 'none'). The name: the document's title, without control
// characters, path or quoting characters; filename* carries it in UTF-8, filename an ASCII form.
QByteArray contentDisposition(const Document& info, const QByteArray& type)
{
    QString name;
    for (const QChar c : info.title.left(120)) {
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format || c.isSurrogate())
            continue;
        name += QStringLiteral("/\\\":*?<>|;%").contains(c) ? QLatin1Char('_') : c;
    }
    name = name.trimmed();
    while (name.startsWith(QLatin1Char('.')))
        name.remove(0, 1);
    if (name.isEmpty())
        name = info.id;
    static const QHash<QByteArray, QString> extensions { { "application/pdf", QStringLiteral(".pdf") },
        { "image/jpeg", QStringLiteral(".jpg") }, { "image/png", QStringLiteral(".png") },
        { "image/tiff", QStringLiteral(".tif") }, { "text/plain", QStringLiteral(".txt") },
        { "application/xml", QStringLiteral(".xml") } };
    const qsizetype semicolon = type.indexOf(';'); // "text/plain; charset=utf-8"
    const QByteArray base = (semicolon < 0 ? type : type.left(semicolon)).trimmed().toLower();
    const QString extension = extensions.value(base, QStringLiteral(".bin"));
    if (!name.endsWith(extension, Qt::CaseInsensitive))
        name += extension;
    QByteArray ascii;
    for (const QChar c : std::as_const(name))
        ascii += c.unicode() >= 0x20 && c.unicode() < 0x7f ? char(c.unicode()) : '_';
    return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + QUrl::toPercentEncoding(name);
}

void addDownloadHeaders(QHttpHeaders& h, const Document& info, const QByteArray& type)
{
    h.replaceOrAppend(QHttpHeaders::WellKnownHeader::ContentDisposition, contentDisposition(info, type));
    h.replaceOrAppend(QHttpHeaders::WellKnownHeader::ContentSecurityPolicy, "sandbox; default-src 'none'");
}

} // namespace clerk::server
