// Marks the words of the inbox search in a text: each hit in bold black on a light yellow background
// (bold as well, so that colour is never the only signal), as HTML for the request pane's labels
// (markTerms) and as ranges for the inbox list's delegate (hitRanges). A hit is found with the
// folding the search itself uses (searchFold: case, ä/ae/a, ö/oe/o, ü/ue/u, ß/ss), so
// typing "mueller" marks "Müller", "Mueller" and "Muller" — the letters the clerk sees.
#pragma once

#include "core/store/SearchFolding.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace clerk {

// A hit's colours, in the list and the request pane alike (and bold).
constexpr char kMarkBackground[] = "#ffe082";
constexpr char kMarkForeground[] = "#000000";

struct HitRange
{
    qsizetype start = 0; // in the text as shown
    qsizetype length = 0;
    bool operator==(const HitRange&) const = default;
};

// The ranges of `text` that match one of the typed `terms`, in order, not overlapping (at one
// place the longest hit wins). The delegate and the request pane mark exactly these.
inline QList<HitRange> hitRanges(const QString& text, const QStringList& terms)
{
    QList<HitRange> out;
    if (text.isEmpty() || terms.isEmpty())
        return out;
    QList<qsizetype> origin;
    const QString folded = searchFold(text, &origin);
    QStringList foldedTerms;
    for (const QString& t : terms)
        if (const QString f = searchFold(t); !f.isEmpty())
            foldedTerms << f;
    qsizetype pos = 0; // in the folded text
    while (pos < folded.size()) {
        qsizetype best = -1, length = 0;
        for (const QString& t : std::as_const(foldedTerms)) {
            const qsizetype at = folded.indexOf(t, pos);
            if (at >= 0 && (best < 0 || at < best || (at == best && t.size() > length))) {
                best = at;
                length = t.size();
            }
        }
        if (best < 0)
            break;
        const qsizetype end = best + length; // folded
        const qsizetype start = origin.at(best);
        // Up to the next shown letter that folded into something: a dropped "e" ("Mue|ller") is
        // part of the hit; half of a "ß" is the whole letter.
        const qsizetype stop = qMax(end < folded.size() ? origin.at(end) : text.size(), origin.at(end - 1) + 1);
        if (!out.isEmpty() && start < out.last().start + out.last().length) { // (inside a ß already marked)
            pos = end;
            continue;
        }
        out << HitRange { start, stop - start };
        pos = end;
    }
    return out;
}

inline bool containsAny(const QString& text, const QStringList& terms)
{
    return !hitRanges(text, terms).isEmpty();
}

inline QString markTerms(const QString& text, const QStringList& terms)
{
    QString out;
    qsizetype pos = 0;
    for (const HitRange& h : hitRanges(text, terms)) {
        out += text.mid(pos, h.start - pos).toHtmlEscaped();
        out += QStringLiteral("<span style=\"background-color:%1; color:%2; font-weight:bold\">%3</span>")
                   .arg(QLatin1String(kMarkBackground), QLatin1String(kMarkForeground),
                       text.mid(h.start, h.length).toHtmlEscaped());
        pos = h.start + h.length;
    }
    out += text.mid(pos).toHtmlEscaped();
    return out;
}

} // namespace clerk
