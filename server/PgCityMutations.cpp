// PgCityStore: applying a clerk's mutations. Each runs in its own transaction together with its
// change-feed entry, timeline, audit record and the stored result that makes a replay idempotent.
#include "ArchivingRules.h"
#include "MutationAnswers.h"
#include "PgCityStore.h"
#include "PgConnection.h"
#include "ServerLogging.h"
#include "core/domain/Archiving.h"
#include "core/domain/Json.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTimeZone>

namespace clerk::server {

using namespace answers;

Result<QList<MutationResult>> PgCityStore::applyMutations(
    const Clerk& clerk, const QList<Mutation>& mutations, const QDateTime& now)
{
    // One commit for the batch; every mutation runs in its own savepoint inside it. A storage
    // failure anywhere rolls the whole batch back: nothing is kept under any of its mutation ids
    // (no answer is remembered), so the client's retry of the same ids applies them.
    pg::Transaction batch(db());
    if (!batch.ok()) {
        qCWarning(lcServer) << "a batch of" << mutations.size() << "changes was not stored:" << batch.error().detail;
        return batch.error();
    }
    // The feed's lock is taken only when the batch's change rows are written, just before its
    // commit (PgCityRequests.cpp, writeChanges): batches run side by side until then. No deadlock:
    // who holds that lock waits for nothing but rows of `changes`, which only holders write.
    // The rows the batch will write are taken first, all at once and in id order: two batches that
    // change the same requests in opposite order would otherwise each hold one and wait for the
    // other's (PostgreSQL breaks that after a second, and one whole batch is answered busy).
    // No batch waits for a lock longer than this (another's rows, an id another is inserting): it is
    // answered busy and sent again, and the worker thread is free for the next call.
    Status s = db().exec("SET LOCAL lock_timeout = '10s'");
    if (s)
        s = lockRowsOf(clerk, mutations);
    if (!s) {
        qCWarning(lcServer) << "a batch of" << mutations.size() << "changes was not stored:" << s.error().detail;
        return s.error();
    }
    QList<MutationResult> out;
    for (const Mutation& m : mutations) {
        MutationResult r = applyMutation(clerk, m, now);
        if (r.failure) {
            qCWarning(lcServer) << "a batch of" << mutations.size() << "changes was not stored:" << r.failure.detail;
            return r.failure; // rolled back
        }
        out << std::move(r);
    }
    if (Status s = batch.commit(); !s) {
        qCWarning(lcServer) << "a batch of" << mutations.size() << "changes was not committed:" << s.error().detail;
        return s.error();
    }
    return out;
}

MutationResult PgCityStore::applyMutation(const Clerk& clerk, const Mutation& m, const QDateTime& now)
{
    // The id is claimed first, in the mutation's own transaction: INSERT … ON CONFLICT DO NOTHING.
    // An instance applying the same id at the same moment holds the row; this insert waits for it
    // and then finds it, and the first answer is returned. Nothing is checked, then inserted.
    pg::Transaction tx(db());
    if (!tx.ok())
        return failed(m, tx.error());
    bool claimed = false;
    {
        auto claim = db().query("INSERT INTO mutations(mutation_id, login, result, at) VALUES ($1, $2, '', $3) "
                                "ON CONFLICT(mutation_id) DO NOTHING");
        if (Status s = claim.bindAll(m.mutationId, clerk.login, now.toSecsSinceEpoch()).exec(); !s)
            return failed(m, s.error());
        claimed = claim.affected() > 0;
        if (!claimed)
            tx.rollback();
    }
    // A replay returns the first answer, whatever happened since.
    if (!claimed) {
        auto q = db().query("SELECT login, result FROM mutations WHERE mutation_id = $1");
        q.bindAll(m.mutationId);
        const bool found = q.next();
        if (q.error())
            return failed(m, q.error());
        if (found) {
            if (q.text(0) != clerk.login)
                return rejected(
                    m, QStringLiteral("duplicate_id"), kindParam("mutation"), tr("This mutation id was already used."));
            const QJsonObject o = QJsonDocument::fromJson(q.text(1).toUtf8()).object();
            MutationResult r;
            r.mutationId = m.mutationId;
            r.status = o.value(QLatin1String("status")).toString();
            r.version = o.value(QLatin1String("version")).toInteger();
            r.entity = o.value(QLatin1String("entity")).toObject();
            r.reason = o.value(QLatin1String("reason")).toString();
            r.params = o.value(QLatin1String("params")).toObject(); // (as SqlCityMutations answers a replay)
            r.detail = o.value(QLatin1String("detail")).toString();
            return r;
        }
        return failed(m, Error { Error::Busy, tr("The change is being applied elsewhere."), m.mutationId });
    }
    MutationResult result;
    if (m.kind == QLatin1String("request"))
        result = applyRequestMutation(clerk, m, now);
    else if (m.kind == QLatin1String("note"))
        result = applyNoteMutation(clerk, m, now);
    else if (m.kind == QLatin1String("annotation"))
        result = applyAnnotationMutation(clerk, m, now);
    else if (m.kind == QLatin1String("archiving"))
        result = applyArchivingMutation(clerk, m, now);
    else
        result = rejected(m, QStringLiteral("unknown_kind"), { { QStringLiteral("kind"), m.kind } },
            tr("Unknown kind of change: %1").arg(m.kind));
    // A refused change to a request the clerk may see carries the request's current state, so that
    // the client can drop its local effect without a full resync.
    if (result.status == QLatin1String("rejected") && m.kind == QLatin1String("request")
        && result.reason != QLatin1String("not_found") && result.entity.isEmpty())
        if (auto current = request(m.targetId); current && clerk.mayRead(current->teamId))
            result.entity = json::encode(current.value());

    if (result.failure)
        return result; // rolled back; the batch goes too
    if (result.status != QLatin1String("applied")) {
        // Nothing of a refused change stays; the answer is still remembered for replays, except
        // for a conflict, which the client may retry with a new base version under a new id.
        tx.rollback();
        if (result.status == QLatin1String("rejected")) {
            auto q = db().query("INSERT INTO mutations(mutation_id, login, result, at) VALUES ($1, $2, $3, $4) "
                                "ON CONFLICT(mutation_id) DO NOTHING");
            if (Status s
                = q.bindAll(m.mutationId, clerk.login, compact(result.toJson()), now.toSecsSinceEpoch()).exec();
                !s)
                return failed(m, s.error());
        }
        return result;
    }
    // The audit record and the answer kept for replays, in one statement.
    auto done = db().query("WITH a AS (INSERT INTO audit(at, login, action, target, detail) "
                           "VALUES ($1, $2, $3, $4, $5)) UPDATE mutations SET result = $6 WHERE mutation_id = $7");
    done.bindAll(now.toSecsSinceEpoch(), clerk.login, m.kind + QLatin1Char('.') + m.op, m.targetId, compact(m.data),
        compact(result.toJson()), m.mutationId);
    Status s = done.exec();
    if (s)
        s = tx.commit();
    if (!s)
        return failed(m, s.error());
    return result;
}

// The rows a batch writes are locked before any of its mutations reads. So every read sees what
// another worker committed last (no lost update), and a status change and an archiving step, each
// reading what the other writes (the request's Aussonderung, the request's status), cannot both
// commit on stale reads (no open request in an Aussonderung). Requests before annotations, each
// in id order: every batch takes them in the same order, so batches never wait for each other's
// rows in a cycle. (Inserts of client-chosen ids — mutation ids, new notes and annotations — are
// not ordered: two batches creating the same ids in opposite order can still deadlock; PostgreSQL
// fails one, answered busy and sent again.) Only rows of the clerk's teams: a batch naming other
// teams' requests is refused for them and holds nothing of theirs.
Status PgCityStore::lockRowsOf(const Clerk& clerk, const QList<Mutation>& mutations)
{
    QJsonArray requests, annotations;
    for (const Mutation& m : mutations) {
        if (m.kind == QLatin1String("request") || m.kind == QLatin1String("archiving"))
            requests.append(m.targetId);
        else if (m.kind == QLatin1String("annotation") && m.op != QLatin1String("create"))
            annotations.append(m.targetId);
    }
    const auto json
        = [](const QJsonArray& a) { return QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact)); };
    const QString teams = clerk.isAdmin() ? QString() : json(QJsonArray::fromStringList(clerk.teams)); // NULL: all
    const auto lock = [&](const char* sql, const QJsonArray& ids) {
        return ids.isEmpty() ? Status() : db().query(sql).bindAll(json(ids), teams).exec();
    };
    if (Status s = lock("SELECT 1 FROM requests WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)) AND "
                        "($2::jsonb IS NULL OR team_id IN (SELECT jsonb_array_elements_text($2::jsonb))) "
                        "ORDER BY id FOR UPDATE",
            requests);
        !s)
        return s;
    return lock("SELECT 1 FROM annotations WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)) AND "
                "($2::jsonb IS NULL OR team_id IN (SELECT jsonb_array_elements_text($2::jsonb))) "
                "ORDER BY id FOR UPDATE",
        annotations);
}

MutationResult PgCityStore::applyRequestMutation(const Clerk& clerk, const Mutation& m, const QDateTime& now)
{
    auto current = request(m.targetId);
    if (!current && storageFault(current.error()))
        return failed(m, current.error());
    if (!current || !clerk.mayRead(current->teamId))
        return rejected(m, QStringLiteral("not_found"), kindParam("request"),
            tr("The request does not exist or is not yours to see."));
    Request r = current.value();
    if (m.baseVersion != r.version)
        return conflict(m, json::encode(r));
    // The history entry: a code with parameters for the clients, words for the server's audit.
    TimelineEntry entry { r.id, r.teamId, clerk.login, {}, {}, {}, m.mutationId };
    if (m.op == QLatin1String("claim")) {
        r.assignee = clerk.login;
        entry.code = QStringLiteral("claimed");
        entry.text = tr("%1 took over the request").arg(clerk.name);
    } else if (m.op == QLatin1String("assign")) {
        const QString to = m.data.value(QLatin1String("assignee")).toString();
        bool ok = to.isEmpty();
        for (const Clerk& c : clerksOfTeam(r.teamId))
            ok = ok || c.login == to;
        if (!ok)
            return rejected(m, QStringLiteral("invalid_assignee"), { { QStringLiteral("assignee"), to } },
                tr("%1 is not a member of the team that owns this request.").arg(to));
        r.assignee = to;
        entry.code = QStringLiteral("assigned");
        entry.params = { { QStringLiteral("to"), to } };
        entry.text = to.isEmpty() ? tr("Assignment removed") : tr("Assigned to %1").arg(to);
    } else if (m.op == QLatin1String("status")) {
        const QString to = m.data.value(QLatin1String("status")).toString();
        auto svc = service(r.serviceId);
        if (!svc && storageFault(svc.error()))
            return failed(m, svc.error());
        if (!svc || !svc->allows(r.status, to))
            return rejected(m, QStringLiteral("invalid_transition"),
                { { QStringLiteral("from"), r.status }, { QStringLiteral("to"), to } },
                tr("The status cannot change from \"%1\" to \"%2\".").arg(r.status, to));
        if (r.status == QLatin1String("closed")) { // (not reopened while the archive may be taking it)
            std::optional<ArchivingState> state;
            auto q = db().query("SELECT body FROM archiving WHERE request_id = $1");
            q.bindAll(r.id);
            if (q.next()) {
                auto decoded = archiving::decode(QJsonDocument::fromJson(q.text(0).toUtf8()).object());
                if (!decoded)
                    return failed(m, decoded.error());
                state = decoded.value();
            }
            if (q.error())
                return failed(m, q.error());
            if (auto refusal = archiving::refuseStatusChange(state, r.status, to))
                return rejected(m, refusal->reason, refusal->params, refusal->detail);
        }
        entry.code = QStringLiteral("status_changed");
        entry.params = { { QStringLiteral("from"), r.status }, { QStringLiteral("to"), to } };
        entry.text = QStringLiteral("%1 → %2").arg(r.status, to);
        r.status = to;
    } else if (m.op == QLatin1String("request_documents")) {
        const QString message = m.data.value(QLatin1String("message")).toString().left(5000);
        if (message.trimmed().isEmpty())
            return rejected(m, QStringLiteral("invalid_data"),
                { { QStringLiteral("field"), QStringLiteral("message") } },
                tr("The message to the applicant is empty."));
        entry.code = QStringLiteral("documents_requested");
        entry.params = { { QStringLiteral("message"), message } };
        entry.text = message;
    } else {
        return rejected(m, QStringLiteral("unknown_op"),
            { { QStringLiteral("kind"), m.kind }, { QStringLiteral("op"), m.op } },
            tr("Unknown change to a request: %1").arg(m.op));
    }
    r.version += 1;
    // Only over the version read (a safeguard: the batch holds the row since lockRowsOf, so no other
    // worker writes it in between; if one did, the batch is answered busy, never a lost update).
    auto q = db().query("UPDATE requests SET body = $2, version = $3 WHERE id = $1 AND version = $4");
    if (Status s = q.bindAll(r.id, compact(json::encode(r)), r.version, r.version - 1).exec(); !s)
        return failed(m, s.error());
    if (q.affected() != 1)
        return failed(m, concurrentChange(m));
    if (Status s = appendChange(QStringLiteral("request"), r.id, r.teamId, QStringLiteral("upsert")); !s)
        return failed(m, s.error());
    if (Status s = timeline(entry, now); !s)
        return failed(m, s.error());
    return applied(m, r.version, json::encode(r));
}

MutationResult PgCityStore::applyNoteMutation(const Clerk& clerk, const Mutation& m, const QDateTime& now)
{
    if (m.op != QLatin1String("create"))
        return rejected(m, QStringLiteral("unknown_op"),
            { { QStringLiteral("kind"), m.kind }, { QStringLiteral("op"), m.op } }, tr("Notes can only be added."));
    const QString requestId = m.data.value(QLatin1String("request_id")).toString();
    auto r = request(requestId);
    if (!r && storageFault(r.error()))
        return failed(m, r.error());
    if (!r || !clerk.mayRead(r->teamId))
        return rejected(m, QStringLiteral("not_found"), kindParam("request"),
            tr("The request does not exist or is not yours to see."));
    Note n { m.targetId, requestId, clerk.login, m.data.value(QLatin1String("text")).toString(), now, 1 };
    if (auto tooLong = noteTooLong(m, n.text))
        return *tooLong;
    if (n.text.trimmed().isEmpty())
        return rejected(m, QStringLiteral("invalid_data"), { { QStringLiteral("field"), QStringLiteral("note") } },
            tr("The note is empty."));
    auto q = db().query("INSERT INTO notes(id, request_id, team_id, body, version) VALUES ($1, $2, $3, $4, 1)");
    if (Status s = q.bindAll(n.id, n.requestId, r->teamId, compact(json::encode(n))).exec(); !s) {
        // The primary key refused it (unique violation: AlreadyExists); anything else is the storage
        // failing, not the change. The mutation's savepoint is rolled back with the refusal.
        if (s.error().code != Error::AlreadyExists)
            return failed(m, s.error());
        return rejected(
            m, QStringLiteral("duplicate_id"), kindParam("note"), tr("A note with this id exists already."));
    }
    if (Status s = appendChange(QStringLiteral("note"), n.id, r->teamId, QStringLiteral("upsert")); !s)
        return failed(m, s.error());
    // The note itself travels as a note; the entry says only that it was added.
    if (Status s = timeline({ requestId, r->teamId, clerk.login, QStringLiteral("note_added"),
                                { { QStringLiteral("note_id"), n.id } }, n.text.left(200), m.mutationId },
            now);
        !s)
        return failed(m, s.error());
    return applied(m, 1, json::encode(n));
}

MutationResult PgCityStore::applyAnnotationMutation(const Clerk& clerk, const Mutation& m, const QDateTime& now)
{
    QString teamId;
    qint64 version = 0;
    QJsonObject existing;
    {
        auto q = db().query("SELECT team_id, body, version FROM annotations WHERE id = $1");
        q.bindAll(m.targetId);
        if (q.next()) {
            teamId = q.text(0);
            existing = QJsonDocument::fromJson(q.text(1).toUtf8()).object();
            version = q.int64(2);
            existing.insert(QStringLiteral("version"), version);
        }
        if (q.error())
            return failed(m, q.error());
    }
    const bool exists = !teamId.isEmpty();
    if (m.op == QLatin1String("create")) {
        if (exists)
            return rejected(m, QStringLiteral("duplicate_id"), kindParam("annotation"),
                tr("An annotation with this id exists already."));
        QJsonObject data = m.data;
        data.insert(QStringLiteral("id"), m.targetId);
        data.insert(QStringLiteral("author"), clerk.login);
        auto a = json::decodeAnnotation(data);
        if (!a)
            return rejected(m, QStringLiteral("invalid_data"),
                { { QStringLiteral("field"), QStringLiteral("annotation") } }, a.errorString());
        // Access from the document's row alone: its bytes are not read. (Reading them cost about
        // 140 ms per annotation on a 32 MiB document, over two minutes for 1,000; now 1,000 take
        // about 155 ms.)
        auto team = db().query("SELECT team_id FROM documents WHERE id = $1");
        team.bindAll(a->documentId);
        teamId = team.next() ? team.text(0) : QString();
        if (team.error())
            return failed(m, team.error());
        if (teamId.isEmpty() || !clerk.mayRead(teamId))
            return rejected(m, QStringLiteral("not_found"), kindParam("document"),
                tr("The document does not exist or is not yours to see."));
        a->createdAt = a->modifiedAt = now;
        a->version = 1;
        auto q
            = db().query("INSERT INTO annotations(id, document_id, team_id, body, version) VALUES ($1, $2, $3, $4, 1)");
        if (Status s = q.bindAll(a->id, a->documentId, teamId, compact(json::encode(a.value()))).exec(); !s) {
            // Created at the same moment by another worker (the primary key: AlreadyExists), refused
            // as a note's id is: the clerk's copy is told, the batch stays.
            if (s.error().code != Error::AlreadyExists)
                return failed(m, s.error());
            return rejected(m, QStringLiteral("duplicate_id"), kindParam("annotation"),
                tr("An annotation with this id exists already."));
        }
        if (Status s = appendChange(QStringLiteral("annotation"), a->id, teamId, QStringLiteral("upsert")); !s)
            return failed(m, s.error());
        return applied(m, 1, json::encode(a.value()));
    }
    if (!exists || !clerk.mayRead(teamId))
        return rejected(m, QStringLiteral("not_found"), kindParam("annotation"),
            tr("The annotation does not exist or is not yours to see."));
    if (m.baseVersion != version)
        return conflict(m, existing);
    QJsonObject merged = existing;
    if (m.op == QLatin1String("update")) {
        for (auto it = m.data.begin(); it != m.data.end(); ++it)
            if (it.key() != QLatin1String("id") && it.key() != QLatin1String("document_id")
                && it.key() != QLatin1String("author") && it.key() != QLatin1String("version"))
                merged.insert(it.key(), it.value());
    } else if (m.op == QLatin1String("delete")) {
        merged.insert(QStringLiteral("deleted"), true);
    } else {
        return rejected(m, QStringLiteral("unknown_op"),
            { { QStringLiteral("kind"), m.kind }, { QStringLiteral("op"), m.op } },
            tr("Unknown change to an annotation: %1").arg(m.op));
    }
    auto a = json::decodeAnnotation(merged);
    if (!a)
        return rejected(m, QStringLiteral("invalid_data"),
            { { QStringLiteral("field"), QStringLiteral("annotation") } }, a.errorString());
    a->modifiedAt = now;
    a->version = version + 1;
    // Only over the version read (a safeguard, as for requests: the batch holds the row; one created
    // after lockRowsOf ran is not held, and a change of it in between would answer the batch busy).
    auto q = db().query("UPDATE annotations SET body = $2, version = $3 WHERE id = $1 AND version = $4");
    if (Status s = q.bindAll(a->id, compact(json::encode(a.value())), a->version, version).exec(); !s)
        return failed(m, s.error());
    if (q.affected() != 1)
        return failed(m, concurrentChange(m));
    if (Status s = appendChange(QStringLiteral("annotation"), a->id, teamId, QStringLiteral("upsert")); !s)
        return failed(m, s.error());
    return applied(m, a->version, json::encode(a.value()));
}

MutationResult PgCityStore::applyArchivingMutation(const Clerk& clerk, const Mutation& m, const QDateTime& now)
{
    // The rules once for both stores (ArchivingRules.h), on this store's connection and feed.
    ArchivingTables<pg::Connection> tables(
        db(), [this](const QString& kind, const QString& id, const QString& team, const QString& op) {
            return appendChange(kind, id, team, op);
        });
    return server::applyArchivingMutation(*this, tables, clerk, m, now);
}

} // namespace clerk::server
