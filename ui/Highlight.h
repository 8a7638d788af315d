// Marks the words of the inbox search in a text: HTML with each hit in bold on a light yellow
// background (bold as well, so that colour is never the only signal). Case-insensitive and
// blind to diacritics' case only (what QString::indexOf with CaseInsensitive sees).
#pragma once

#include <QString>
#include <QStringList>

namespace clerk {

inline bool containsAny(const QString& text, const QStringList& terms)
{
    for (const QString& t : terms)
        if (text.contains(t, Qt::CaseInsensitive))
            return true;
    return false;
}

inline QString markTerms(const QString& text, const QStringList& terms)
{
    QString out;
    qsizetype pos = 0;
    while (pos < text.size()) {
        qsizetype best = -1, length = 0;
        for (const QString& t : terms) {
            const qsizetype at = text.indexOf(t, pos, Qt::CaseInsensitive);
            if (at >= 0 && (best < 0 || at < best || (at == best && t.size() > length))) {
                best = at;
                length = t.size();
            }
        }
        if (best < 0) {
            out += text.mid(pos).toHtmlEscaped();
            break;
        }
        out += text.mid(pos, best - pos).toHtmlEscaped();
        out += QStringLiteral("<span style=\"background-color:#ffe082; color:#000000; font-weight:bold\">%1</span>")
                   .arg(text.mid(best, length).toHtmlEscaped());
        pos = best + length;
    }
    return out;
}

} // namespace clerk
