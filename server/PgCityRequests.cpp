// PgCityStore: the catalogue, filing requests with their documents, notes and annotations, and
// the changes-feed and timeline rows every write adds.
#include "PgCityStore.h"
#include "PgConnection.h"
#include "StoredJson.h"
#include "core/Sha256.h"
#include "core/domain/Json.h"
#include "core/store/ContentFiles.h"

#include <QScopeGuard>
#include <QUuid>

namespace clerk::server {

Status PgCityStore::upsertService(const Service& s)
{
    auto q = m_conn->query("INSERT INTO services(id, team_id, body, version) VALUES ($1, $2, $3, $4) "
                           "ON CONFLICT(id) DO UPDATE SET team_id = $2, body = $3, version = services.version + 1");
    return q.bindAll(s.id, s.teamId, storedJson(json::encode(s)), qMax<qint64>(1, s.version)).exec();
}

QList<Service> PgCityStore::services()
{
    QList<Service> out;
    auto q = m_conn->query("SELECT body, version FROM services ORDER BY id");
    while (q.next()) {
        if (auto s = json::decodeService(parseStored(q.text(0)))) {
            s->version = q.int64(1);
            out << s.value();
        }
    }
    return out;
}

Result<Service> PgCityStore::service(const QString& id)
{
    auto q = m_conn->query("SELECT body, version FROM services WHERE id = $1");
    q.bindAll(id);
    if (!q.next())
        return q.error() ? q.error() : Error { Error::NotFound, tr("Unknown service: %1").arg(id), {} };
    auto s = json::decodeService(parseStored(q.text(0)));
    if (s)
        s->version = q.int64(1);
    return s;
}

QString PgCityStore::nextReference(int year)
{
    const QString key = QStringLiteral("reference_counter_%1").arg(year);
    auto q = m_conn->query(
        "INSERT INTO meta(key, value) VALUES ($1, '1') "
        "ON CONFLICT(key) DO UPDATE SET value = (CAST(meta.value AS BIGINT) + 1)::text RETURNING value");
    q.bindAll(key);
    const qint64 n = q.next() ? q.int64(0) : 0;
    while (q.next()) { }
    return QStringLiteral("STU-%1-%2").arg(year).arg(n, 6, 10, QLatin1Char('0'));
}

Result<Request> PgCityStore::fileRequest(Request r, const QList<NewAttachment>& attachments, const QString& actor)
{
    auto svc = service(r.serviceId);
    if (!svc)
        return svc.error();
    pg::Transaction tx(*m_conn);
    if (!tx.ok())
        return tx.error();
    if (r.id.isEmpty())
        r.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (r.reference.isEmpty())
        r.reference = nextReference(r.submittedAt.date().year());
    if (r.fileNumber.isEmpty()) // Aktenzeichen: office, filing-plan position, number/year
        r.fileNumber = QStringLiteral("%1.30-%2/%3")
                           .arg(svc->office.isEmpty() ? QStringLiteral("10") : svc->office, r.reference.right(4),
                               QString::number(r.submittedAt.date().year()));
    r.teamId = svc->teamId;
    r.attachmentCount = int(attachments.size());
    r.version = 1;
    auto q = m_conn->query("INSERT INTO requests(id, service_id, team_id, body, version) VALUES ($1, $2, $3, $4, 1)");
    if (Status s = q.bindAll(r.id, r.serviceId, r.teamId, storedJson(json::encode(r))).exec(); !s)
        return s.error();
    if (Status s = appendChange(QStringLiteral("request"), r.id, r.teamId, QStringLiteral("upsert")); !s)
        return s.error();
    int index = 0;
    // The bytes go to their files first; if the request is not stored after all, they go again.
    QStringList written;
    auto removeWritten = qScopeGuard([&] {
        for (const QString& id : std::as_const(written))
            m_content->remove(id);
    });
    for (const NewAttachment& a : attachments) {
        Document d { attachmentId(r.id, index++), r.id, a.title, a.kind, a.mimeType, a.content.size(),
            Sha256::hash(a.content).toHex(), 1 };
        if (Status s = m_content->write(d.id, a.content); !s)
            return s.error();
        written << d.id;
        auto dq = m_conn->query("INSERT INTO documents(id, request_id, team_id, body, content, version) "
                                "VALUES ($1, $2, $3, $4, NULL, 1)");
        dq.bindAll(d.id, r.id, r.teamId, storedJson(json::encode(d)));
        if (Status s = dq.exec(); !s)
            return s.error();
        if (Status s = appendChange(QStringLiteral("document"), d.id, r.teamId, QStringLiteral("upsert")); !s)
            return s.error();
    }
    if (Status s = timeline({ r.id, r.teamId, actor, QStringLiteral("received"),
                                { { QStringLiteral("channel"), r.channel } }, tr("Received via %1").arg(r.channel) },
            r.submittedAt);
        !s)
        return s.error();
    if (Status s = tx.commit(); !s)
        return s.error();
    removeWritten.dismiss();
    return r;
}

Result<Request> PgCityStore::request(const QString& id)
{
    auto q = m_conn->query("SELECT body, version FROM requests WHERE id = $1");
    q.bindAll(id);
    if (!q.next())
        return q.error() ? q.error() : Error { Error::NotFound, tr("Unknown request."), id };
    auto r = json::decodeRequest(parseStored(q.text(0)));
    if (r)
        r->version = q.int64(1);
    return r;
}

Status PgCityStore::addNote(const Note& n)
{
    auto r = request(n.requestId);
    if (!r)
        return r.error();
    pg::Transaction tx(*m_conn);
    Note stored = n;
    stored.version = 1;
    auto q = m_conn->query("INSERT INTO notes(id, request_id, team_id, body, version) VALUES ($1, $2, $3, $4, 1)");
    if (Status s = q.bindAll(n.id, n.requestId, r->teamId, storedJson(json::encode(stored))).exec(); !s)
        return s;
    if (Status s = appendChange(QStringLiteral("note"), n.id, r->teamId, QStringLiteral("upsert")); !s)
        return s;
    return tx.commit();
}

Status PgCityStore::addAnnotation(const Annotation& a, const QString& teamId)
{
    pg::Transaction tx(*m_conn);
    Annotation stored = a;
    stored.version = 1;
    auto q
        = m_conn->query("INSERT INTO annotations(id, document_id, team_id, body, version) VALUES ($1, $2, $3, $4, 1)");
    if (Status s = q.bindAll(a.id, a.documentId, teamId, storedJson(json::encode(stored))).exec(); !s)
        return s;
    if (Status s = appendChange(QStringLiteral("annotation"), a.id, teamId, QStringLiteral("upsert")); !s)
        return s;
    return tx.commit();
}

Status PgCityStore::appendChange(const QString& kind, const QString& id, const QString& teamId, const QString& op)
{
    if (Status s = lockFeed(); !s)
        return s;
    // One statement (one round trip): only the newest change of an entity matters to a client, so
    // older rows are compacted away (the DELETE sees the table as it was before this statement, never
    // the row it inserts). Live updates: the NOTIFY is part of this transaction, so every instance's
    // listener (PgFeedListener) hears of the change when it commits, and never of one rolled back.
    return m_conn
        ->query("WITH gone AS (DELETE FROM changes WHERE kind = $1 AND entity_id = $2 AND team_id = $3), "
                "c AS (INSERT INTO changes(kind, entity_id, team_id, op) VALUES ($1, $2, $3, $4) RETURNING seq) "
                "SELECT pg_notify('clerkdesk_feed', seq::text) FROM c")
        .bindAll(kind, id, teamId, op)
        .exec();
}

// Sequence numbers are drawn when a transaction writes but become visible when it commits: two
// writers could commit out of order and a reader see change 11 before 10 and move past 10. So
// writers of the feed take one lock, held until their transaction ends: the numbers become
// visible in the order they were drawn. (Serving only changes below the oldest transaction in
// flight, pg_snapshot_xmin, does not suffice: a transaction's id is taken at its first write, not
// when it draws its sequence number.) Cost: transactions that change the feed commit one at a time.
//
// The lock is held until the outermost transaction ends, so within one it is asked for once (a
// batch of mutations takes it before its first savepoint); one taken inside a savepoint is asked
// for again, as rolling the savepoint back releases it.
Status PgCityStore::lockFeed()
{
    const quint64 outer = m_conn->outerTransaction();
    if (outer != 0 && outer == m_feedLockedIn)
        return {};
    Status s = m_conn->exec("SELECT pg_advisory_xact_lock(4711230002)");
    if (s && m_conn->depth() == 1)
        m_feedLockedIn = outer;
    return s;
}

Status PgCityStore::timeline(const TimelineEntry& e, const QDateTime& at)
{
    // Append-only: every entry is an entity of its own in the changes feed (never compacted), seen
    // by the request's team. `kind` and `text` stay for the server's own audit; clients get the
    // code and its parameters and word them in the clerk's language.
    const QString uid = QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (Status s = lockFeed(); !s)
        return s;
    // The entry, its change (a fresh uid: nothing to compact) and the notification in one statement.
    auto q = m_conn->query(
        "WITH t AS (INSERT INTO timeline(request_id, at, actor, kind, text, uid, code, params, mutation_id) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)), "
        "c AS (INSERT INTO changes(kind, entity_id, team_id, op) VALUES ('timeline', $6, $10, 'upsert') RETURNING seq) "
        "SELECT pg_notify('clerkdesk_feed', seq::text) FROM c");
    q.bindAll(e.requestId, at.toSecsSinceEpoch(), e.actor, e.code, e.text, uid, e.code, storedJson(e.params),
        e.mutationId.isEmpty() ? QVariant() : QVariant(e.mutationId), e.teamId);
    return q.exec();
}

} // namespace clerk::server
