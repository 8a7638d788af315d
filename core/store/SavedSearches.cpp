#include "SavedSearches.h"

#include "Database.h"
#include "Sql.h"
#include "Store.h"

namespace clerk {

SavedSearches::SavedSearches(Database& db)
    : m_db(db)
{ }

Result<QList<QPair<QString, QString>>> SavedSearches::list()
{
    if (!m_db.isOpen())
        return Database::lockedError();
    QList<QPair<QString, QString>> out;
    auto q = m_db.connection().query("SELECT name, query FROM saved_views ORDER BY position, id");
    while (q.next())
        out << qMakePair(q.text(0), q.text(1));
    if (q.error())
        return q.error();
    return out;
}

Status SavedSearches::save(const QString& name, const QString& query)
{
    if (name.trimmed().isEmpty() || query.trimmed().isEmpty())
        return Error { Error::Invalid, Store::tr("A saved search needs a name and search words."), {} };
    if (!m_db.isOpen())
        return Database::lockedError();
    auto q = m_db.connection().query("INSERT INTO saved_views(name, query, position) VALUES (?1, ?2, "
                                     "(SELECT coalesce(max(position), 0) + 1 FROM saved_views)) "
                                     "ON CONFLICT(name) DO UPDATE SET query = ?2");
    q.bindAll(name.trimmed(), query.trimmed());
    return q.exec();
}

Status SavedSearches::remove(const QString& name)
{
    if (!m_db.isOpen())
        return Database::lockedError();
    return m_db.connection().query("DELETE FROM saved_views WHERE name = ?1").bindAll(name).exec();
}

} // namespace clerk
