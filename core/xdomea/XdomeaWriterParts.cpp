// The building blocks of the xdomea 3.1.0 messages ClerkDesk writes (see XdomeaWriterParts.h).
#include "XdomeaWriterParts.h"

#include <QMap>
#include <QRegularExpression>

namespace clerk::xdomea::detail {

QString xmlChars(const QString& value)
{
    QString out = value;
    for (qsizetype i = 0; i < out.size(); ++i) {
        const char16_t c = out.at(i).unicode();
        const bool surrogate = QChar::isSurrogate(c);
        const bool paired = surrogate && QChar::isHighSurrogate(c) && i + 1 < out.size()
            && QChar::isLowSurrogate(out.at(i + 1).unicode());
        if ((c < 0x20 && c != 0x09 && c != 0x0A && c != 0x0D) || c == 0xFFFE || c == 0xFFFF || (surrogate && !paired))
            out[i] = QLatin1Char(' ');
        else if (paired)
            ++i;
    }
    return out;
}

Format formatOf(const QString& mime)
{
    static const QMap<QString, Format> formats {
        { QStringLiteral("application/pdf"), { "018", "pdf" } },
        { QStringLiteral("image/png"), { "019", "png" } },
        { QStringLiteral("image/jpeg"), { "011", "jpg" } },
        { QStringLiteral("image/tiff"), { "024", "tiff" } },
        { QStringLiteral("text/plain"), { "045", "txt" } },
        { QStringLiteral("application/xml"), { "030", "xml" } },
        { QStringLiteral("text/xml"), { "030", "xml" } },
    };
    return formats.value(mime, Format { "100", "bin" }); // 100: Sonstiges
}

QString kindDe(const QString& kind)
{
    static const QMap<QString, QString> kinds {
        { QStringLiteral("application"), QStringLiteral("Antrag") },
        { QStringLiteral("attachment"), QStringLiteral("Anlage") },
        { QStringLiteral("letter"), QStringLiteral("Schreiben") },
        { QStringLiteral("plan"), QStringLiteral("Plan") },
        { QStringLiteral("photo"), QStringLiteral("Foto") },
    };
    return kinds.value(kind, kind);
}

QString asciiName(const QString& title)
{
    QString s = title;
    for (const auto& [from, to] : { std::pair { u"ä", "ae" }, { u"ö", "oe" }, { u"ü", "ue" }, { u"Ä", "Ae" },
             { u"Ö", "Oe" }, { u"Ü", "Ue" }, { u"ß", "ss" } })
        s.replace(QString::fromUtf16(from), QLatin1String(to));
    s = s.normalized(QString::NormalizationForm_KD);
    QString out;
    for (QChar c : std::as_const(s)) {
        if (c.unicode() < 128 && (c.isLetterOrNumber() || c == QLatin1Char('-') || c == QLatin1Char('_')))
            out += c;
        else if (c.category() != QChar::Mark_NonSpacing && !out.endsWith(QLatin1Char('_')))
            out += QLatin1Char('_');
    }
    while (out.endsWith(QLatin1Char('_')))
        out.chop(1);
    while (out.startsWith(QLatin1Char('_')))
        out.remove(0, 1);
    return out.left(60);
}

QString dateTime(const QDateTime& t)
{
    return t.toUTC().toString(Qt::ISODate);
}

QString date(const QDateTime& t)
{
    return t.toUTC().date().toString(Qt::ISODate);
}

QString planPosition(const QString& fileNumber)
{
    return fileNumber.section(QLatin1Char('-'), 0, 0);
}

bool looksLikeOrganisation(const QString& name)
{
    static const QRegularExpression marks(QStringLiteral(
        R"((\bGmbH\b|\bAG\b|\be\.\s?V\.|\beG\b|\bKG\b|\bOHG\b|\bGbR\b|\bUG\b|\bmbH\b|\bVerein\b|\bStiftung\b|&))"));
    return marks.match(name).hasMatch();
}

} // namespace clerk::xdomea::detail
