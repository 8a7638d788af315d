// The outbox as a queue: every read names the states it wants, so the (state, seq) index serves it
// however many changes a profile has sent over the years; answered changes leave the queue in the
// transaction that records their answer.
#include "Outbox.h"

#include "Database.h"
#include "Requests.h"
#include "Sql.h"
#include "Store.h"
#include "Timeline.h"
#include "core/Logging.h"
#include "core/domain/Archiving.h"
#include "core/domain/Json.h"

#include <QJsonDocument>
#include <QTimeZone>

namespace clerk {

namespace {
constexpr const char* kColumns = "mutation_id, kind, op, target_id, base_version, data, created_at, state, attempts, "
                                 "last_error, server_state";

QString compactOrNull(const QJsonObject& o)
{
    return o.isEmpty() ? QString() : db::compact(o);
}

Mutation readMutation(sql::Query& q)
{
    Mutation m;
    m.mutationId = q.text(0);
    m.kind = q.text(1);
    m.op = q.text(2);
    m.targetId = q.text(3);
    m.baseVersion = q.int64(4);
    m.data = QJsonDocument::fromJson(q.text(5).toUtf8()).object();
    m.createdAt = QDateTime::fromSecsSinceEpoch(q.int64(6), QTimeZone::UTC);
    m.state = json::stateFromName(q.text(7));
    m.attempts = q.integer(8);
    m.lastError = q.text(9);
    m.serverState = QJsonDocument::fromJson(q.text(10).toUtf8()).object();
    return m;
}

Result<QList<Mutation>> readAll(sql::Query& q)
{
    QList<Mutation> out;
    while (q.next())
        out << readMutation(q);
    if (q.error())
        return q.error();
    return out;
}
} // namespace

Outbox::Outbox(Database& db, Timeline& timeline, Requests& requests)
    : m_db(db)
    , m_timeline(timeline)
    , m_requests(requests)
{ }

Result<Mutation> Outbox::record(Mutation m, const std::function<Status(sql::Connection&)>& localEffect)
{
    if (!m_db.isOpen())
        return Database::lockedError();
    sql::Connection& c = m_db.connection();
    if (m.mutationId.isEmpty())
        m.mutationId = db::newId();
    m.createdAt = m_db.clock().now();
    m.state = Mutation::State::Pending;
    sql::Transaction tx(c);
    if (!tx.ok())
        return tx.error();
    if (localEffect) {
        if (Status s = localEffect(c); !s)
            return s.error();
    }
    auto q = c.query("INSERT INTO outbox(mutation_id, kind, op, target_id, base_version, data, created_at) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    q.bindAll(
        m.mutationId, m.kind, m.op, m.targetId, m.baseVersion, db::compact(m.data), m.createdAt.toSecsSinceEpoch());
    if (Status s = q.exec(); !s)
        return s.error();
    if (Status s = tx.commit(); !s) {
        m_db.forgetRequestChanges();
        return s.error();
    }
    m_db.flush();
    return m;
}

Result<Outbox::Counts> Outbox::counts()
{
    if (!m_db.isOpen())
        return Database::lockedError();
    // One index range per state; the applied history is never touched.
    auto q = m_db.connection().query(
        "SELECT state, count(*) FROM outbox WHERE state IN ('pending', 'sent', 'conflict', 'rejected') "
        "GROUP BY state");
    Counts counts;
    while (q.next()) {
        const QString state = q.text(0);
        const int n = q.integer(1);
        if (state == QLatin1String("conflict"))
            counts.conflicts = n;
        else if (state == QLatin1String("rejected"))
            counts.rejected = n;
        else
            counts.unsent += n;
    }
    if (q.error())
        return q.error();
    return counts;
}

Result<int> Outbox::pendingCount()
{
    auto c = counts();
    if (!c)
        return c.error();
    return c->unsent;
}

Result<QList<Mutation>> Outbox::part(Part part, int limit)
{
    if (!m_db.isOpen())
        return Database::lockedError();
    const char* states = part == Part::Unsent ? "'pending', 'sent'"
        : part == Part::Decisions             ? "'conflict', 'rejected'"
                                              : "'pending', 'sent', 'conflict', 'rejected'";
    auto q = m_db.connection().query(QStringLiteral("SELECT %1 FROM outbox WHERE state IN (%2) ORDER BY seq LIMIT ?1")
            .arg(QLatin1String(kColumns), QLatin1String(states)));
    q.bindAll(limit);
    return readAll(q);
}

// Each half by its partial index (schema v7): written as one OR, SQLite walked every refused
// change of the outbox and parsed its JSON, on each reload of the request pane (19 ms for 6,667
// refused changes in plain SQLite; the week's bench held 3,820 by day 5).
QString Outbox::problemsOfSql()
{
    return QStringLiteral(
        "SELECT %1 FROM outbox WHERE seq IN ("
        "SELECT seq FROM outbox WHERE state IN ('conflict', 'rejected') AND target_id = ?1 "
        "UNION ALL SELECT seq FROM outbox WHERE state IN ('conflict', 'rejected') "
        "AND CASE WHEN json_valid(data) THEN json_extract(data, '$.request_id') END = ?1) ORDER BY seq")
        .arg(QLatin1String(kColumns));
}

Result<QList<Mutation>> Outbox::problemsOf(const QString& requestId)
{
    if (!m_db.isOpen())
        return Database::lockedError();
    auto q = m_db.connection().query(problemsOfSql());
    q.bindAll(requestId);
    return readAll(q);
}

Result<QList<Mutation>> Outbox::all(int limit)
{
    if (!m_db.isOpen())
        return Database::lockedError();
    auto q = m_db.connection().query(
        QStringLiteral("SELECT %1 FROM outbox ORDER BY seq LIMIT ?1").arg(QLatin1String(kColumns)));
    q.bindAll(limit);
    return readAll(q);
}

Status Outbox::markSent(const QList<Mutation>& batch)
{
    if (!m_db.isOpen())
        return Database::lockedError();
    sql::Connection& c = m_db.connection();
    sql::Transaction tx(c);
    if (!tx.ok())
        return tx.error();
    for (const Mutation& m : batch) {
        auto q = c.query("UPDATE outbox SET state = 'sent', attempts = attempts + 1 WHERE mutation_id = ?1 "
                         "AND state IN ('pending', 'sent')");
        q.bindAll(m.mutationId);
        if (Status s = q.exec(); !s)
            return s;
    }
    return tx.commit();
}

Status Outbox::recordAnswers(const QList<Answer>& answers)
{
    if (!m_db.isOpen())
        return Database::lockedError();
    sql::Connection& c = m_db.connection();
    sql::Transaction tx(c);
    if (!tx.ok())
        return tx.error();
    for (const Answer& a : answers) {
        auto q = c.query("UPDATE outbox SET state = ?2, last_error = ?3, server_state = ?4 WHERE mutation_id = ?1");
        if (a.state == Mutation::State::Applied)
            q.bindAll(a.mutationId, json::stateName(a.state), QString(), QString());
        else
            q.bindAll(a.mutationId, json::stateName(a.state), a.error, compactOrNull(a.serverState));
        if (Status s = q.exec(); !s)
            return s;
        if (a.state != Mutation::State::Applied && a.kind == QLatin1String("archiving")) {
            // A step of an Aussonderung is kept locally at once (ArchivingRecords::record); refused,
            // the server's state takes its place (none: the request is in no Aussonderung), so that
            // nothing goes on, or is purged, on a step the server never took.
            if (Status s = restoreArchiving(c, a); !s)
                return s;
            continue;
        }
        if (a.state != Mutation::State::Applied)
            continue;
        if (Status s = rebaseFollowers(c, a); !s)
            return s;
        if (a.kind == QLatin1String("request")) {
            auto v = c.query("UPDATE requests SET version = max(version, ?2) WHERE id = ?1");
            if (Status s = v.bindAll(a.targetId, a.version).exec(); !s)
                return s;
            m_db.requestChanged(a.targetId);
        } else if (a.kind == QLatin1String("annotation")) {
            // Only forward: a later local change may have stepped it further already.
            auto v = c.query("UPDATE annotations SET version = ?2 WHERE id = ?1 AND version < ?2");
            if (Status s = v.bindAll(a.targetId, a.version).exec(); !s)
                return s;
        }
    }
    if (Status s = trimAppliedHistory(); !s)
        return s;
    if (Status s = tx.commit(); !s) {
        m_db.forgetRequestChanges();
        return s;
    }
    m_db.flush();
    return {};
}

Status Outbox::rebaseFollowers(sql::Connection& c, const Answer& a)
{
    // A later change of the same thing, made while this one was unsent, was based on the same
    // version the clerk saw, with this change's effect already in front of her: it follows from the
    // version this change made. (Otherwise two status changes made offline would meet a conflict
    // with the clerk's own first one. The push sends such a follower in the next batch.)
    if (a.kind == QLatin1String("note") || a.version <= 0)
        return {};
    auto q = c.query("UPDATE outbox SET base_version = ?3 WHERE kind = ?1 AND target_id = ?2 "
                     "AND state IN ('pending', 'sent') AND seq > (SELECT seq FROM outbox WHERE mutation_id = ?4) "
                     "AND base_version = (SELECT base_version FROM outbox WHERE mutation_id = ?4)");
    return q.bindAll(a.kind, a.targetId, a.version, a.mutationId).exec();
}

Status Outbox::restoreArchiving(sql::Connection& c, const Answer& a)
{
    auto server = archiving::decode(a.serverState);
    if (!server || server->requestId != a.targetId) {
        auto q = c.query("DELETE FROM archiving WHERE request_id = ?1");
        return q.bindAll(a.targetId).exec();
    }
    auto q = c.query("INSERT INTO archiving(request_id, state, process_id, body, version) VALUES (?1, ?2, ?3, ?4, ?5) "
                     "ON CONFLICT(request_id) DO UPDATE SET state = excluded.state, process_id = excluded.process_id, "
                     "body = excluded.body, version = excluded.version");
    return q
        .bindAll(server->requestId, server->state, server->processId,
            QString::fromUtf8(QJsonDocument(archiving::encode(server.value())).toJson(QJsonDocument::Compact)),
            server->version)
        .exec();
}

Status Outbox::trimAppliedHistory()
{
    sql::Connection& c = m_db.connection();
    // Walks kAppliedKept index entries back from the newest applied one; deletes what lies below.
    auto q = c.query("DELETE FROM outbox WHERE state = 'applied' AND seq <= (SELECT seq FROM outbox "
                     "WHERE state = 'applied' ORDER BY seq DESC LIMIT 1 OFFSET ?1)");
    q.bindAll(kAppliedKept);
    if (Status s = q.exec(); !s)
        return s;
    if (const qint64 n = c.changes(); n > 0)
        qCInfo(lcStore) << "removed" << n << "answered changes from the outbox's history";
    return {};
}

Status Outbox::noteSendFailure(const QStringList& mutationIds, const QString& error)
{
    if (!m_db.isOpen())
        return Database::lockedError();
    sql::Connection& c = m_db.connection();
    sql::Transaction tx(c);
    if (!tx.ok())
        return tx.error();
    for (const QString& id : mutationIds) {
        auto q = c.query("UPDATE outbox SET last_error = ?2 WHERE mutation_id = ?1 AND state = 'sent'");
        q.bindAll(id, error);
        if (Status s = q.exec(); !s)
            return s;
    }
    return tx.commit();
}

Status Outbox::retry(const QString& mutationId)
{
    if (!m_db.isOpen())
        return Database::lockedError();
    sql::Connection& c = m_db.connection();
    // Under a new id: the server remembers its answer to the old one and would repeat it.
    auto q = c.query("UPDATE outbox SET mutation_id = ?2, state = 'pending', last_error = NULL, "
                     "server_state = NULL WHERE mutation_id = ?1 AND state = 'rejected'");
    const QString again = db::newId();
    q.bindAll(mutationId, again);
    if (Status s = q.exec(); !s)
        return s;
    if (c.changes() == 0)
        return Error { Error::NotFound, Store::tr("There is no such refused change."), mutationId };
    return m_timeline.relink(mutationId, again);
}

Status Outbox::discard(const QString& mutationId)
{
    return resolveConflict(mutationId, Resolution::TakeTheirs);
}

Status Outbox::resolveConflict(const QString& mutationId, Resolution resolution)
{
    if (!m_db.isOpen())
        return Database::lockedError();
    sql::Connection& c = m_db.connection();
    sql::Transaction tx(c);
    if (!tx.ok())
        return tx.error();
    auto q = c.query("SELECT kind, op, target_id, data, server_state FROM outbox WHERE mutation_id = ?1 AND "
                     "state IN ('conflict', 'rejected')");
    q.bindAll(mutationId);
    if (!q.next())
        return Error { Error::NotFound, Store::tr("There is no such conflict."), mutationId };
    const QString kind = q.text(0), op = q.text(1), target = q.text(2);
    const QJsonObject data = db::parseObject(q.text(3)), server = db::parseObject(q.text(4));
    while (q.next()) { }
    if (kind == QLatin1String("request") && !server.isEmpty()) {
        // The server's state becomes the local state either way; "keep mine" then repeats the change on top.
        auto r = json::decodeRequest(server);
        if (r) {
            if (Status s = m_requests.write({ r.value() }, true); !s)
                return s;
        }
    }
    if (kind == QLatin1String("annotation") && !server.isEmpty()) {
        if (auto a = json::decodeAnnotation(server)) {
            auto w = c.query(
                "INSERT INTO annotations(id, document_id, body, version, deleted) VALUES (?1, ?2, ?3, ?4, ?5) "
                "ON CONFLICT(id) DO UPDATE SET body = excluded.body, version = excluded.version, "
                "deleted = excluded.deleted");
            if (Status s = w.bindAll(a->id, a->documentId, db::compact(server), a->version, a->deleted).exec(); !s)
                return s;
            m_db.documentChanged(a->documentId);
        }
    }
    if (Status s = c.query("DELETE FROM outbox WHERE mutation_id = ?1").bindAll(mutationId).exec(); !s)
        return s;
    if (resolution == Resolution::KeepMine) {
        Mutation again;
        again.kind = kind;
        again.op = op;
        again.targetId = target;
        again.data = data;
        again.baseVersion = server.value(QLatin1String("version")).toInteger();
        auto m = record(again, [&](sql::Connection& conn) -> Status {
            if (kind == QLatin1String("request") && op == QLatin1String("status"))
                return conn.query("UPDATE requests SET status = ?2 WHERE id = ?1")
                    .bindAll(target, data.value(QLatin1String("status")).toString())
                    .exec();
            if (kind == QLatin1String("request") && op == QLatin1String("assign"))
                return conn.query("UPDATE requests SET assignee = ?2 WHERE id = ?1")
                    .bindAll(target, data.value(QLatin1String("assignee")).toString())
                    .exec();
            return {};
        });
        if (!m)
            return m.error();
        if (Status s = m_timeline.relink(mutationId, m->mutationId); !s)
            return s;
    } else if (Status s = m_timeline.relink(mutationId, {}); !s) { // the change did not happen
        return s;
    }
    m_db.requestChanged(target);
    if (Status s = tx.commit(); !s)
        return s;
    m_db.flush();
    return {};
}

} // namespace clerk
