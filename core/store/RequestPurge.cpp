#include "RequestPurge.h"

#include "ContentFiles.h"
#include "DatabaseAccess.h"
#include "SearchIndex.h"
#include "Store.h"

namespace clerk {

namespace {

// None of the clerk's work on request r waits in the outbox: no change not answered yet, and no
// refused or conflicting one the clerk has not decided on (the sync problems list shows it with the
// request; it goes once sent or discarded). Changes of the request itself and notes name it (target,
// or the data's request_id); notes and annotations are found through their own rows as well, so
// that one whose data says nothing of the request (an annotation names its document) or is not
// valid JSON still keeps it. The refused and conflicting changes may be thousands: found by their
// partial indexes (v7), the request a note names read only from valid JSON in the index's own words
// and compared with an id without column affinity (r.id || ''; a TEXT column's kept the planner off
// that index). The unanswered ones are a queue of a few (outbox_state).
constexpr char kNoWorkLeft[]
    = "AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.state IN ('pending', 'sent') AND (o.target_id = r.id "
      "OR CASE WHEN json_valid(o.data) THEN json_extract(o.data, '$.request_id') END = r.id)) "
      "AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.state IN ('conflict', 'rejected') AND o.target_id = r.id) "
      "AND NOT EXISTS (SELECT 1 FROM outbox WHERE state IN ('conflict', 'rejected') "
      "AND CASE WHEN json_valid(data) THEN json_extract(data, '$.request_id') END = r.id || '') "
      "AND NOT EXISTS (SELECT 1 FROM notes n JOIN outbox o ON o.target_id = n.id WHERE n.request_id = r.id "
      "AND o.state IN ('pending', 'sent', 'conflict', 'rejected')) "
      "AND NOT EXISTS (SELECT 1 FROM documents d JOIN annotations an ON an.document_id = d.id "
      "JOIN outbox o ON o.target_id = an.id WHERE d.request_id = r.id "
      "AND o.state IN ('pending', 'sent', 'conflict', 'rejected'))";

} // namespace

// The closed requests past their period, by the partial index requests_closed_at (v8).
QByteArray RequestPurge::retentionSql()
{
    return QByteArray("SELECT r.rid, r.id, r.reference FROM requests r WHERE r.closed = 1 AND r.closed_at < ?1 ")
        + kNoWorkLeft;
}

// From the Aussonderung states, each request looked up by its id (CROSS JOIN keeps that order: from
// the requests, the planner went through every closed one, 0.4 s for 1,000,000 with the write lock
// held). Only what the server holds as archived: a state from the feed, or the clerk's own archive
// step once the server applied it. An unanswered step (pending or sent) may still be refused, and a
// refused one has put the server's state back in place already (Outbox::recordAnswers).
QByteArray RequestPurge::archivedSql()
{
    return QByteArray("SELECT r.rid, r.id, r.reference FROM archiving a CROSS JOIN requests r ON r.id = a.request_id "
                      "WHERE a.state = 'archived' AND r.status = 'closed' AND ?1 = ?1 ")
        + kNoWorkLeft;
}

Result<int> RequestPurge::purgeClosed(int days)
{
    const qint64 cutoff = m_clock.now().addDays(-days).toSecsSinceEpoch();
    return purge(retentionSql(), cutoff, [days](const QString& reference) {
        return tr("%1 removed from this computer after the retention period of %2 days.").arg(reference).arg(days);
    });
}

Result<int> RequestPurge::purgeArchived()
{
    return purge(archivedSql(), 0, [](const QString& reference) {
        return tr("%1 removed from this computer: the archive has taken it over (Aussonderung).").arg(reference);
    });
}

Result<int> RequestPurge::purge(
    const QByteArray& select, qint64 param, const std::function<QString(const QString&)>& why)
{
    sql::Connection& c = storeConnection(m_store);
    sql::Transaction tx(c);
    if (!tx.ok())
        return tx.error();
    QList<QPair<qint64, QString>> gone;
    QStringList references;
    {
        auto q = c.query(select.constData());
        q.bindAll(param);
        while (q.next()) {
            gone << qMakePair(q.int64(0), q.text(1));
            references << q.text(2);
        }
        if (q.error())
            return q.error();
    }
    QStringList files; // document files of the purged requests, removed after the commit
    SearchIndex index(c);
    for (int i = 0; i < gone.size(); ++i) {
        const auto& [rid, id] = gone.at(i);
        {
            auto q = c.query("SELECT id FROM documents WHERE request_id = ?1 AND content_file >= 1");
            q.bindAll(id);
            while (q.next())
                files << q.text(0);
        }
        const char* statements[] = {
            "DELETE FROM annotations WHERE document_id IN (SELECT id FROM documents WHERE request_id = ?1)",
            "DELETE FROM documents WHERE request_id = ?1", // chunks and text follow by cascade
            "DELETE FROM notes WHERE request_id = ?1",
            "DELETE FROM note_drafts WHERE request_id = ?1", // (can no longer be added)
            "DELETE FROM timeline WHERE request_id = ?1",
        };
        for (const char* sql : statements)
            if (Status s = c.query(sql).bindAll(id).exec(); !s)
                return s.error();
        if (Status s = index.remove(rid); !s)
            return s.error();
        if (Status s = c.query("DELETE FROM requests WHERE rid = ?1").bindAll(rid).exec(); !s)
            return s.error();
        // What stays is the fact of the purge, with the reference only: no personal data.
        if (Status s = m_store.addTimeline(
                { id, m_clock.now(), QStringLiteral("ClerkDesk"), QStringLiteral("purged"), why(references.at(i)) });
            !s)
            return s.error();
    }
    if (Status s = tx.commit(); !s)
        return s.error();
    if (ContentFiles* contentFiles = m_store.contentFiles())
        for (const QString& f : std::as_const(files))
            contentFiles->removeAllBut(f, 0);
    QStringList ids;
    for (const auto& g : std::as_const(gone))
        ids << g.second;
    if (!ids.isEmpty())
        m_store.notifyChanged(ids);
    return int(gone.size());
}

} // namespace clerk
