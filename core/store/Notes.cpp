#include "Notes.h"

#include "Database.h"
#include "Outbox.h"
#include "SearchIndex.h"
#include "Sql.h"
#include "Store.h"
#include "Timeline.h"

#include <QLocale>
#include <QTimeZone>

namespace clerk {

Notes::Notes(Database& db, Outbox& outbox, Timeline& timeline)
    : m_db(db)
    , m_outbox(outbox)
    , m_timeline(timeline)
{ }

Status Notes::upsert(const QList<Note>& notes)
{
    if (!m_db.isOpen())
        return Database::lockedError();
    sql::Connection& c = m_db.connection();
    sql::Transaction tx(c, sql::Transaction::Nesting::Join);
    if (!tx.ok())
        return tx.error();
    QSet<QString> touched;
    for (const Note& n : notes) {
        auto q = c.query("INSERT INTO notes(id, request_id, author, text, created_at, version) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(id) DO UPDATE SET "
                         "text = excluded.text, author = excluded.author, version = excluded.version");
        q.bindAll(n.id, n.requestId, n.author, n.text, n.createdAt.toSecsSinceEpoch(), n.version);
        if (Status s = q.exec(); !s)
            return s;
        touched.insert(n.requestId);
    }
    SearchIndex index(c);
    for (const QString& id : std::as_const(touched)) {
        m_db.requestChanged(id);
        if (m_db.bulkImportRunning())
            continue;
        auto r = c.query("SELECT rid FROM requests WHERE id = ?1");
        r.bindAll(id);
        if (r.next()) {
            const qint64 rid = r.int64(0);
            while (r.next()) { }
            if (Status s = index.reindex(rid); !s)
                return s;
        }
    }
    if (Status s = tx.commit(); !s)
        return s;
    m_db.flush();
    return {};
}

Result<QList<Note>> Notes::of(const QString& requestId)
{
    if (!m_db.isOpen())
        return Database::lockedError();
    sql::Connection& c = m_db.connection();
    QList<Note> out;
    auto q = c.query(
        "SELECT id, author, text, created_at, version FROM notes WHERE request_id = ?1 ORDER BY created_at, id");
    q.bindAll(requestId);
    while (q.next())
        out << Note { q.text(0), requestId, q.text(1), q.text(2),
            QDateTime::fromSecsSinceEpoch(q.int64(3), QTimeZone::UTC), q.int64(4) };
    if (q.error())
        return q.error();
    return out;
}

Result<Mutation> Notes::add(const QString& requestId, const QString& text, const QString& actor)
{
    if (text.trimmed().isEmpty())
        return Error { Error::Invalid, Store::tr("The note is empty."), {} };
    if (text.size() > kMaxNoteLength)
        return Error { Error::Invalid,
            Store::tr("The note has %1 characters; a note may have at most %2. Shorten it or split it into two notes.")
                .arg(QLocale().toString(text.size()), QLocale().toString(kMaxNoteLength)),
            {} };
    Mutation m;
    m.kind = QStringLiteral("note");
    m.op = QStringLiteral("create");
    m.targetId = db::newId();
    m.data = { { QStringLiteral("request_id"), requestId }, { QStringLiteral("text"), text } };
    m.mutationId = db::newId();
    return m_outbox.record(m, [&](sql::Connection& c) -> Status {
        auto q = c.query("INSERT INTO notes(id, request_id, author, text, created_at) VALUES (?1, ?2, ?3, ?4, ?5)");
        q.bindAll(m.targetId, requestId, actor, text, m_db.clock().now().toSecsSinceEpoch());
        if (Status s = q.exec(); !s)
            return s;
        auto rid = c.query("SELECT rid FROM requests WHERE id = ?1");
        rid.bindAll(requestId);
        if (!rid.next())
            return rid.error() ? Status(rid.error())
                               : Status(Error { Error::NotFound, Store::tr("The request was not found."), requestId });
        const qint64 row = rid.int64(0);
        while (rid.next()) { }
        if (Status s = SearchIndex(c).reindex(row); !s)
            return s;
        // The author's draft of it is the note now (in the same transaction: never both).
        if (Status s
            = c.query("DELETE FROM note_drafts WHERE request_id = ?1 AND clerk = ?2").bindAll(requestId, actor).exec();
            !s)
            return s;
        m_db.requestChanged(requestId);
        return m_timeline.add({ requestId, m_db.clock().now(), actor, QStringLiteral("note_added"), text.left(200),
            { { QStringLiteral("note_id"), m.targetId } }, {}, m.mutationId });
    });
}

} // namespace clerk
