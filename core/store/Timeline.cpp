#include "Timeline.h"

#include "Database.h"
#include "Sql.h"

#include <QTimeZone>

namespace clerk {

Timeline::Timeline(Database& db)
    : m_db(db)
{ }

Status Timeline::add(const TimelineEvent& e)
{
    if (!m_db.isOpen())
        return Database::lockedError();
    auto q = m_db.connection().query("INSERT INTO timeline(request_id, at, actor, kind, text, params, mutation_id) "
                                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    q.bindAll(e.requestId, e.at.toSecsSinceEpoch(), e.actor, e.kind, e.text,
        e.params.isEmpty() ? QString() : db::compact(e.params), e.mutationId.isEmpty() ? QString() : e.mutationId);
    return q.exec();
}

namespace {
// What an entry from the server keeps as its text: a plain detail for the e-file export (the
// words the clerk sees come from the code and its parameters when shown).
QString timelineDetail(const TimelineEvent& e)
{
    const QJsonObject& p = e.params;
    if (e.kind == QLatin1String("status_changed"))
        return QStringLiteral("%1 → %2").arg(
            p.value(QLatin1String("from")).toString(), p.value(QLatin1String("to")).toString());
    for (const char* key : { "channel", "to", "message" })
        if (p.contains(QLatin1String(key)))
            return p.value(QLatin1String(key)).toString();
    return e.actor;
}
} // namespace

Status Timeline::merge(const QList<TimelineEvent>& entries)
{
    if (!m_db.isOpen())
        return Database::lockedError();
    sql::Connection& c = m_db.connection();
    sql::Transaction tx(c, sql::Transaction::Nesting::Join);
    if (!tx.ok())
        return tx.error();
    for (const TimelineEvent& e : entries) {
        const QString params = db::compact(e.params), text = timelineDetail(e);
        // The clerk's own entry of the same change gives way to the server's: one entry, at the
        // server's time and in the server's order (entries arrive in it; equal times sort by row).
        if (!e.mutationId.isEmpty()) {
            auto d = c.query("DELETE FROM timeline WHERE mutation_id = ?1 AND server_id IS NULL");
            if (Status s = d.bindAll(e.mutationId).exec(); !s)
                return s;
        }
        // An entry that came with an e-file package (neither the server's id nor a change of this
        // computer) gives way to the server's copy of it: the same code at the same time by the
        // same person. Only when the server's entry is new here, so a page pulled again removes
        // nothing.
        if (!e.serverId.isEmpty()) {
            auto d = c.query("DELETE FROM timeline WHERE request_id = ?1 AND kind = ?2 AND at = ?3 "
                             "AND actor = ?4 AND server_id IS NULL AND mutation_id IS NULL "
                             "AND NOT EXISTS (SELECT 1 FROM timeline WHERE server_id = ?5)");
            if (Status s = d.bindAll(e.requestId, e.kind, e.at.toSecsSinceEpoch(), e.actor, e.serverId).exec(); !s)
                return s;
        }
        // Once only (a page pulled again adds nothing), and nothing for a request that retention
        // removed from this computer (its "purged" entry stays; the request itself is gone).
        auto q = c.query("INSERT INTO timeline(request_id, at, actor, kind, text, params, server_id, mutation_id) "
                         "SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8 WHERE EXISTS (SELECT 1 FROM requests WHERE id = ?1) "
                         "OR NOT EXISTS (SELECT 1 FROM timeline WHERE request_id = ?1 AND kind = 'purged') "
                         "ON CONFLICT(server_id) DO NOTHING");
        q.bindAll(e.requestId, e.at.toSecsSinceEpoch(), e.actor, e.kind, text, params, e.serverId,
            e.mutationId.isEmpty() ? QString() : e.mutationId);
        if (Status s = q.exec(); !s)
            return s;
        if (c.changes() > 0 && !m_db.bulkImportRunning()) // (a bulk import announces everything at its end)
            m_db.requestChanged(e.requestId);
    }
    if (Status s = tx.commit(); !s) {
        m_db.forgetRequestChanges();
        return s;
    }
    m_db.flush();
    return {};
}

Status Timeline::relink(const QString& mutationId, const QString& newMutationId)
{
    sql::Connection& c = m_db.connection();
    if (newMutationId.isEmpty()) // dropped: the local entry of a change that never happened goes too
        return c.query("DELETE FROM timeline WHERE mutation_id = ?1 AND server_id IS NULL").bindAll(mutationId).exec();
    return c.query("UPDATE timeline SET mutation_id = ?2 WHERE mutation_id = ?1 AND server_id IS NULL")
        .bindAll(mutationId, newMutationId)
        .exec();
}

Result<QList<TimelineEvent>> Timeline::of(const QString& requestId)
{
    if (!m_db.isOpen())
        return Database::lockedError();
    QList<TimelineEvent> out;
    auto q = m_db.connection().query("SELECT at, actor, kind, text, params, server_id, mutation_id FROM timeline "
                                     "WHERE request_id = ?1 ORDER BY at, id");
    q.bindAll(requestId);
    while (q.next())
        out << TimelineEvent { requestId, QDateTime::fromSecsSinceEpoch(q.int64(0), QTimeZone::UTC), q.text(1),
            q.text(2), q.text(3), q.isNull(4) ? QJsonObject() : db::parseObject(q.text(4)), q.text(5), q.text(6) };
    if (q.error())
        return q.error();
    return out;
}

} // namespace clerk
