// The folding the search index applies (public: the ui marks hits with it). Case, ß = ss, and
// ä/ae/a, ö/oe/o, ü/ue/u alike; see SearchIndex, which indexes and searches the same form.
#pragma once

#include <QList>
#include <QString>

namespace clerk {

// The folded form that is indexed and searched.
QString searchFold(const QString& text);
// The same, and for each folded character the index of the character of `text` it came from.
QString searchFold(const QString& text, QList<qsizetype>* origin);

} // namespace clerk
