// The clerk's named searches, shown in the sidebar in their order.
#pragma once

#include "core/Result.h"

#include <QList>
#include <QPair>
#include <QString>

namespace clerk {

class Database;

class SavedSearches
{
public:
    explicit SavedSearches(Database& db);
    // (name, search text), in their order.
    Result<QList<QPair<QString, QString>>> list();
    // Adds or replaces the search with this name.
    Status save(const QString& name, const QString& query);
    Status remove(const QString& name);

private:
    Database& m_db;
};

} // namespace clerk
