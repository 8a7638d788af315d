#include "Meta.h"

#include "Database.h"
#include "Sql.h"

namespace clerk {

Meta::Meta(Database& db)
    : m_db(db)
{ }

Result<QString> Meta::value(const QString& key) const
{
    if (!m_db.isOpen())
        return Database::lockedError();
    auto q = m_db.connection().query("SELECT value FROM meta WHERE key = ?1");
    q.bindAll(key);
    if (q.next())
        return q.text(0);
    if (q.error())
        return q.error();
    return QString();
}

Status Meta::set(const QString& key, const QString& value)
{
    if (!m_db.isOpen())
        return Database::lockedError();
    return m_db.connection()
        .query("INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = ?2")
        .bindAll(key, value)
        .exec();
}

Result<qint64> Meta::counter(const QString& key) const
{
    if (!m_db.isOpen())
        return Database::lockedError();
    auto q = m_db.connection().query(
        "SELECT max(coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = ?1), 0), 0)");
    q.bindAll(key);
    if (q.next())
        return q.int64(0);
    if (q.error())
        return q.error();
    return qint64(0);
}

Status Meta::countUp(const QString& key)
{
    if (!m_db.isOpen())
        return Database::lockedError();
    return m_db.connection()
        .query("INSERT INTO meta(key, value) VALUES (?1, '1') ON CONFLICT(key) "
               "DO UPDATE SET value = CAST(max(coalesce(CAST(value AS INTEGER), 0), 0) + 1 AS TEXT)")
        .bindAll(key)
        .exec();
}

Status Meta::remove(const QString& key)
{
    if (!m_db.isOpen())
        return Database::lockedError();
    return m_db.connection().query("DELETE FROM meta WHERE key = ?1").bindAll(key).exec();
}

} // namespace clerk
