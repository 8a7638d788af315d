#include "Annotations.h"

#include "Database.h"
#include "Outbox.h"
#include "Sql.h"
#include "Store.h"
#include "core/domain/Json.h"

namespace clerk {

Annotations::Annotations(Database& db, Outbox& outbox)
    : m_db(db)
    , m_outbox(outbox)
{ }

Status Annotations::upsert(const QList<Annotation>& annotations)
{
    if (!m_db.isOpen())
        return Database::lockedError();
    sql::Connection& c = m_db.connection();
    sql::Transaction tx(c, sql::Transaction::Nesting::Join);
    if (!tx.ok())
        return tx.error();
    for (const Annotation& a : annotations) {
        // The feed never overwrites an annotation the clerk changed and has not sent yet.
        auto q = c.query("INSERT INTO annotations(id, document_id, body, version, deleted) VALUES (?1, ?2, ?3, ?4, ?5) "
                         "ON CONFLICT(id) DO UPDATE SET body = excluded.body, version = excluded.version, "
                         "deleted = excluded.deleted WHERE NOT EXISTS (SELECT 1 FROM outbox WHERE kind = 'annotation' "
                         "AND target_id = excluded.id AND state IN ('pending', 'sent'))");
        q.bindAll(a.id, a.documentId, db::compact(json::encode(a)), a.version, a.deleted);
        if (Status s = q.exec(); !s)
            return s;
        m_db.documentChanged(a.documentId);
    }
    if (Status s = tx.commit(); !s)
        return s;
    m_db.flush();
    return {};
}

Result<QList<Annotation>> Annotations::of(const QString& documentId)
{
    if (!m_db.isOpen())
        return Database::lockedError();
    sql::Connection& c = m_db.connection();
    QList<Annotation> out;
    auto q = c.query("SELECT body FROM annotations WHERE document_id = ?1 AND deleted = 0 ORDER BY id");
    q.bindAll(documentId);
    while (q.next())
        if (auto a = json::decodeAnnotation(db::parseObject(q.text(0))))
            out << a.value();
    if (q.error())
        return q.error();
    return out;
}

Result<Annotation> Annotations::get(const QString& id)
{
    if (!m_db.isOpen())
        return Database::lockedError();
    sql::Connection& c = m_db.connection();
    auto q = c.query("SELECT body, version, deleted FROM annotations WHERE id = ?1");
    q.bindAll(id);
    if (!q.next())
        return q.error() ? q.error() : Error { Error::NotFound, Store::tr("The annotation was not found."), id };
    auto a = json::decodeAnnotation(db::parseObject(q.text(0)));
    if (!a)
        return a.error();
    a->version = q.int64(1);
    a->deleted = q.int64(2) != 0;
    return a;
}

namespace {
// What an annotation change sends: everything the server may take from the clerk.
QJsonObject annotationData(const Annotation& a)
{
    QJsonObject d = json::encode(a);
    for (const char* key : { "id", "author", "version", "created_at", "modified_at" })
        d.remove(QLatin1String(key));
    return d;
}
} // namespace

Result<Mutation> Annotations::create(Annotation a, const QString& author)
{
    if (a.id.isEmpty())
        a.id = db::newId();
    a.author = author;
    a.createdAt = a.modifiedAt = m_db.clock().now();
    a.version = 1;
    a.deleted = false;
    if (auto check = json::decodeAnnotation(json::encode(a)); !check)
        return check.error();
    Mutation m;
    m.kind = QStringLiteral("annotation");
    m.op = QStringLiteral("create");
    m.targetId = a.id;
    m.data = annotationData(a);
    return m_outbox.record(m, [&](sql::Connection& c) -> Status {
        auto q = c.query("INSERT INTO annotations(id, document_id, body, version, deleted) VALUES (?1, ?2, ?3, 1, 0)");
        q.bindAll(a.id, a.documentId, db::compact(json::encode(a)));
        m_db.documentChanged(a.documentId);
        return q.exec();
    });
}

Result<Mutation> Annotations::update(const Annotation& changed)
{
    auto current = get(changed.id);
    if (!current)
        return current.error();
    Annotation a = current.value();
    a.page = changed.page;
    a.geometry = changed.geometry;
    a.color = changed.color;
    a.text = changed.text;
    a.deleted = changed.deleted;
    a.modifiedAt = m_db.clock().now();
    if (auto check = json::decodeAnnotation(json::encode(a)); !check)
        return check.error();
    Mutation m;
    m.kind = QStringLiteral("annotation");
    m.op = QStringLiteral("update");
    m.targetId = a.id;
    m.baseVersion = current->version;
    m.data = annotationData(a);
    a.version = current->version + 1;
    return m_outbox.record(m, [&](sql::Connection& c) -> Status {
        auto q = c.query("UPDATE annotations SET body = ?2, version = ?3, deleted = ?4 WHERE id = ?1");
        q.bindAll(a.id, db::compact(json::encode(a)), a.version, a.deleted);
        m_db.documentChanged(a.documentId);
        return q.exec();
    });
}

Result<Mutation> Annotations::remove(const QString& annotationId)
{
    auto current = get(annotationId);
    if (!current)
        return current.error();
    Annotation a = current.value();
    a.deleted = true;
    a.modifiedAt = m_db.clock().now();
    Mutation m;
    m.kind = QStringLiteral("annotation");
    m.op = QStringLiteral("delete");
    m.targetId = a.id;
    m.baseVersion = current->version;
    a.version = current->version + 1;
    return m_outbox.record(m, [&](sql::Connection& c) -> Status {
        auto q = c.query("UPDATE annotations SET body = ?2, version = ?3, deleted = 1 WHERE id = ?1");
        q.bindAll(a.id, db::compact(json::encode(a)), a.version);
        m_db.documentChanged(a.documentId);
        return q.exec();
    });
}

Result<QList<Annotation>> Annotations::ofRequest(const QString& requestId)
{
    if (!m_db.isOpen())
        return Database::lockedError();
    sql::Connection& c = m_db.connection();
    QList<Annotation> out;
    auto q = c.query("SELECT a.body FROM annotations a JOIN documents d ON d.id = a.document_id "
                     "WHERE d.request_id = ?1 AND a.deleted = 0 ORDER BY a.id");
    q.bindAll(requestId);
    while (q.next())
        if (auto a = json::decodeAnnotation(db::parseObject(q.text(0))))
            out << a.value();
    if (q.error())
        return q.error();
    return out;
}

} // namespace clerk
