// What clerkdesk-cli prints of a file it was given (names, titles, IDs from a message or a ZIP
// directory) is the sender's, and may be hostile: control characters could move the cursor,
// rewrite earlier lines or retitle the terminal (ESC, CSI as U+009B), bidirectional overrides
// could make a name read differently than it is. printable() shows each of them as an escape.
#pragma once

#include <QString>

namespace clerk::cli {

inline QString printable(const QString& text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        const bool control = u < 0x20 || (u >= 0x7F && u <= 0x9F);
        const bool bidi
            = (u >= 0x202A && u <= 0x202E) || (u >= 0x2066 && u <= 0x2069) || u == 0x200E || u == 0x200F || u == 0x061C;
        if (control || bidi)
            out += (control ? QStringLiteral("\\x") : QStringLiteral("\\u"))
                + QString::number(uint(u), 16).toUpper().rightJustified(control ? 2 : 4, QLatin1Char('0'));
        else
            out += c;
    }
    return out;
}

} // namespace clerk::cli
