#include "SearchFolding.h"

#include "SearchIndex.h"

namespace clerk {

QString searchFold(const QString& text)
{
    return SearchIndex::fold(text);
}

QString searchFold(const QString& text, QList<qsizetype>* origin)
{
    return SearchIndex::fold(text, origin);
}

} // namespace clerk
