// PgCityStore: the catalogue, filing requests with their documents, notes and annotations, and
// the changes-feed and timeline rows every write adds.
#include "PgCityStore.h"
#include "PgConnection.h"
#include "ServerLogging.h"
#include "StoredJson.h"
#include "core/Sha256.h"
#include "core/domain/Json.h"
#include "core/store/ContentFiles.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QScopeGuard>
#include <QUuid>

namespace clerk::server {

Status PgCityStore::upsertService(const Service& s)
{
    auto q = db().query("INSERT INTO services(id, team_id, body, version) VALUES ($1, $2, $3, $4) "
                        "ON CONFLICT(id) DO UPDATE SET team_id = $2, body = $3, version = services.version + 1");
    return q.bindAll(s.id, s.teamId, storedJson(json::encode(s)), qMax<qint64>(1, s.version)).exec();
}

QList<Service> PgCityStore::services()
{
    QList<Service> out;
    auto q = db().query("SELECT body, version FROM services ORDER BY id");
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
    auto q = db().query("SELECT body, version FROM services WHERE id = $1");
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
    auto q
        = db().query("INSERT INTO meta(key, value) VALUES ($1, '1') "
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
    pg::Transaction tx(db());
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
    auto q = db().query("INSERT INTO requests(id, service_id, team_id, body, version) VALUES ($1, $2, $3, $4, 1)");
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
        auto dq = db().query("INSERT INTO documents(id, request_id, team_id, body, content, version) "
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
    auto q = db().query("SELECT body, version FROM requests WHERE id = $1");
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
    pg::Transaction tx(db());
    Note stored = n;
    stored.version = 1;
    auto q = db().query("INSERT INTO notes(id, request_id, team_id, body, version) VALUES ($1, $2, $3, $4, 1)");
    if (Status s = q.bindAll(n.id, n.requestId, r->teamId, storedJson(json::encode(stored))).exec(); !s)
        return s;
    if (Status s = appendChange(QStringLiteral("note"), n.id, r->teamId, QStringLiteral("upsert")); !s)
        return s;
    return tx.commit();
}

Status PgCityStore::addAnnotation(const Annotation& a, const QString& teamId)
{
    pg::Transaction tx(db());
    Annotation stored = a;
    stored.version = 1;
    auto q = db().query("INSERT INTO annotations(id, document_id, team_id, body, version) VALUES ($1, $2, $3, $4, 1)");
    if (Status s = q.bindAll(a.id, a.documentId, teamId, storedJson(json::encode(stored))).exec(); !s)
        return s;
    if (Status s = appendChange(QStringLiteral("annotation"), a.id, teamId, QStringLiteral("upsert")); !s)
        return s;
    return tx.commit();
}

Status PgCityStore::appendChange(const QString& kind, const QString& id, const QString& teamId, const QString& op)
{
    // Written when the transaction ends (writeChanges), under the feed's lock; outside a
    // transaction the connection refuses it (a programming error, logged).
    return db().defer({ kind, id, teamId, op });
}

// Sequence numbers are drawn when a transaction writes but become visible when it commits: two
// writers could commit out of order and a reader see change 11 before 10 and move past 10. So
// writers of the feed take one lock, held until their transaction ends: the numbers become
// visible in the order they were drawn. (Serving only changes below the oldest transaction in
// flight, pg_snapshot_xmin, does not suffice: a transaction's id is taken at its first write, not
// when it draws its sequence number.)
//
// The lock is taken only at the very end: a transaction's change rows are collected while it runs
// (pg::Connection::defer) and sent together with its COMMIT in one round trip (writeChanges gives
// the text), so two writers wait for each other only while the database runs that text, not for
// the whole mutation nor for a client thread's next round trip. The lock asked for outside a
// transaction would be let go at once: a programming error, refused.
Result<QByteArray> PgCityStore::lockFeed(pg::Connection& conn)
{
    if (conn.depth() == 0) {
        qCCritical(lcServer) << "programming error: the feed's lock asked for outside a transaction";
        return Error { Error::Internal, tr("The changes feed cannot be written."),
            QStringLiteral("lockFeed at depth 0") };
    }
    return QByteArrayLiteral("SELECT pg_advisory_xact_lock(4711230002)");
}

Result<QByteArray> PgCityStore::writeChanges(pg::Connection& conn, const QList<QStringList>& rows)
{
    auto lock = lockFeed(conn);
    if (!lock)
        return lock.error();
    // Only the newest change of an entity matters to a client: a second change of one entity in
    // the same transaction keeps the later row only, and older rows are compacted away (the DELETE
    // sees the table as it was before this statement, never the rows it inserts). Live updates:
    // the NOTIFY is part of this transaction, so every instance's listener (PgFeedListener) hears
    // of the changes when they commit, and never of ones rolled back.
    QHash<QString, qsizetype> newest;
    for (qsizetype i = 0; i < rows.size(); ++i)
        newest.insert(rows.at(i).mid(0, 3).join(QChar(0)), i);
    constexpr qsizetype kPerStatement = 5000; // a seeding batch holds hundreds of thousands
    QByteArray sql = lock.value();
    QJsonArray chunk;
    auto flush = [&] {
        if (chunk.isEmpty())
            return;
        const QString text = QString::fromUtf8(QJsonDocument(chunk).toJson(QJsonDocument::Compact));
        chunk = QJsonArray();
        sql += ";\nWITH u AS (SELECT x->>0 AS kind, x->>1 AS entity_id, x->>2 AS team_id, x->>3 AS op, n "
               "FROM jsonb_array_elements("
            + conn.literal(text)
            + "::jsonb) WITH ORDINALITY AS e(x, n)), "
              // Each older row found through the entity index, one lookup per new row (a join could
              // scan the whole table, under the lock), then deleted by its row address.
              "gone AS (DELETE FROM changes WHERE ctid = ANY (ARRAY(SELECT o.ctid FROM u CROSS JOIN LATERAL "
              "(SELECT c.ctid FROM changes c WHERE c.kind = u.kind AND c.entity_id = u.entity_id "
              "AND c.team_id = u.team_id) o))), "
              "c AS (INSERT INTO changes(kind, entity_id, team_id, op) "
              "SELECT kind, entity_id, team_id, op FROM u ORDER BY n RETURNING seq) "
              "SELECT pg_notify('clerkdesk_feed', max(seq)::text) FROM c";
    };
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const QStringList& r = rows.at(i);
        if (r.size() != 4 || newest.value(r.mid(0, 3).join(QChar(0))) != i)
            continue;
        chunk.append(QJsonArray { r.at(0), r.at(1), r.at(2), r.at(3) });
        if (chunk.size() == kPerStatement)
            flush();
    }
    flush();
    return sql;
}

Status PgCityStore::timeline(const TimelineEntry& e, const QDateTime& at)
{
    // Append-only: every entry is an entity of its own in the changes feed (never compacted), seen
    // by the request's team. `kind` and `text` stay for the server's own audit; clients get the
    // code and its parameters and word them in the clerk's language.
    if (db().depth() == 0) {
        qCCritical(lcServer) << "programming error: a timeline entry outside a transaction";
        return Error { Error::Internal, tr("The changes feed cannot be written."),
            QStringLiteral("timeline at depth 0") };
    }
    const QString uid = QUuid::createUuid().toString(QUuid::WithoutBraces);
    auto q = db().query("INSERT INTO timeline(request_id, at, actor, kind, text, uid, code, params, mutation_id) "
                        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)");
    q.bindAll(e.requestId, at.toSecsSinceEpoch(), e.actor, e.code, e.text, uid, e.code, storedJson(e.params),
        e.mutationId.isEmpty() ? QVariant() : QVariant(e.mutationId));
    if (Status s = q.exec(); !s)
        return s;
    // Its change row (a fresh uid: nothing to compact) goes with the others at the end.
    return appendChange(QStringLiteral("timeline"), uid, e.teamId, QStringLiteral("upsert"));
}

} // namespace clerk::server
