#include "NoteDrafts.h"

#include "Database.h"
#include "Sql.h"
#include "Store.h"

namespace clerk {

NoteDrafts::NoteDrafts(Database& db)
    : m_db(db)
{ }

Status NoteDrafts::keep(const QString& requestId, const QString& clerk, const QString& text)
{
    if (!m_db.isOpen())
        return Database::lockedError();
    sql::Connection& c = m_db.connection();
    const sql::BusyTimeout shortWait(c, kBusyTimeoutMs);
    if (text.trimmed().isEmpty())
        return c.query("DELETE FROM note_drafts WHERE request_id = ?1 AND clerk = ?2").bindAll(requestId, clerk).exec();
    // Only for a request the store holds (the sync worker may have purged it a moment ago); the
    // write and the look whether it is held see the same store.
    sql::Transaction tx(c);
    if (!tx.ok())
        return tx.error();
    auto q
        = c.query("INSERT INTO note_drafts(request_id, clerk, text, updated_at) "
                  "SELECT ?1, ?2, ?3, ?4 WHERE EXISTS (SELECT 1 FROM requests WHERE id = ?1) "
                  "ON CONFLICT(request_id, clerk) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at "
                  "WHERE note_drafts.text IS NOT excluded.text");
    if (Status s = q.bindAll(requestId, clerk, text, m_db.clock().now().toSecsSinceEpoch()).exec(); !s)
        return s;
    if (c.changes() > 0)
        return tx.commit();
    // Nothing written: the same text again, or no such request.
    auto held = c.query("SELECT 1 FROM requests WHERE id = ?1");
    if (held.bindAll(requestId).next()) {
        while (held.next()) { }
        return tx.commit();
    }
    if (held.error())
        return held.error();
    return Error { Error::NotFound, Store::tr("The request was not found."),
        QStringLiteral("no draft kept for %1: the request is gone").arg(requestId) };
}

Result<QString> NoteDrafts::of(const QString& requestId, const QString& clerk)
{
    if (!m_db.isOpen())
        return Database::lockedError();
    auto q = m_db.connection().query("SELECT text FROM note_drafts WHERE request_id = ?1 AND clerk = ?2");
    q.bindAll(requestId, clerk);
    if (q.next())
        return q.text(0);
    if (!q.error())
        return QString();
    return q.error();
}

} // namespace clerk
