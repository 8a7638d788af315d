// The outbox as a queue: every read names the states it wants, so the (state, seq) index serves it
// however many changes a profile has sent over the years; answered changes leave the queue in the
// transaction that records their answer.
#include "Sql.h"
#include "Store.h"
#include "core/Logging.h"
#include "core/domain/Json.h"

#include <QJsonDocument>
#include <QUuid>

namespace clerk {

namespace {
constexpr const char* kColumns = "mutation_id, kind, op, target_id, base_version, data, created_at, state, attempts, "
                                 "last_error, server_state";

QString compactJson(const QJsonObject& o)
{
    return o.isEmpty() ? QString() : QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
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

Error lockedError()
{
    return Error { Error::Locked, Store::tr("The local database is locked."), {} };
}
} // namespace

Result<Store::OutboxCounts> Store::outboxCounts()
{
    if (!m_conn)
        return lockedError();
    // One index range per state; the applied history is never touched.
    auto q
        = m_conn->query("SELECT state, count(*) FROM outbox WHERE state IN ('pending', 'sent', 'conflict', 'rejected') "
                        "GROUP BY state");
    OutboxCounts counts;
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

int Store::pendingCount()
{
    auto counts = outboxCounts();
    if (!counts) {
        qCWarning(lcStore) << "counting the outbox failed:" << counts.error().detail;
        return 0;
    }
    return counts->unsent;
}

Result<QList<Mutation>> Store::outboxPart(OutboxPart part, int limit)
{
    if (!m_conn)
        return lockedError();
    const char* states = part == OutboxPart::Unsent ? "'pending', 'sent'"
        : part == OutboxPart::Decisions             ? "'conflict', 'rejected'"
                                                    : "'pending', 'sent', 'conflict', 'rejected'";
    auto q = m_conn->query(QStringLiteral("SELECT %1 FROM outbox WHERE state IN (%2) ORDER BY seq LIMIT ?1")
            .arg(QLatin1String(kColumns), QLatin1String(states)));
    q.bindAll(limit);
    return readAll(q);
}

QList<Mutation> Store::problemsOf(const QString& requestId)
{
    if (!m_conn)
        return {};
    auto q
        = m_conn->query(QStringLiteral("SELECT %1 FROM outbox WHERE state IN ('conflict', 'rejected') "
                                       "AND (target_id = ?1 OR json_extract(data, '$.request_id') = ?1) ORDER BY seq")
                .arg(QLatin1String(kColumns)));
    q.bindAll(requestId);
    auto out = readAll(q);
    if (!out) {
        qCWarning(lcStore) << "reading the sync problems of" << requestId << "failed:" << out.error().detail;
        return {};
    }
    return out.value();
}

QList<Mutation> Store::outbox(int limit)
{
    if (!m_conn)
        return {};
    auto q = m_conn->query(QStringLiteral("SELECT %1 FROM outbox ORDER BY seq LIMIT ?1").arg(QLatin1String(kColumns)));
    q.bindAll(limit);
    auto out = readAll(q);
    if (!out) {
        qCWarning(lcStore) << "reading the outbox failed:" << out.error().detail;
        return {};
    }
    return out.value();
}

Status Store::markSent(const QList<Mutation>& batch)
{
    if (!m_conn)
        return lockedError();
    sql::Transaction tx(*m_conn);
    if (!tx.ok())
        return tx.error();
    for (const Mutation& m : batch) {
        auto q = m_conn->query("UPDATE outbox SET state = 'sent', attempts = attempts + 1 WHERE mutation_id = ?1 "
                               "AND state IN ('pending', 'sent')");
        q.bindAll(m.mutationId);
        if (Status s = q.exec(); !s)
            return s;
    }
    return tx.commit();
}

Status Store::recordAnswers(const QList<Answer>& answers)
{
    if (!m_conn)
        return lockedError();
    sql::Transaction tx(*m_conn);
    if (!tx.ok())
        return tx.error();
    for (const Answer& a : answers) {
        auto q
            = m_conn->query("UPDATE outbox SET state = ?2, last_error = ?3, server_state = ?4 WHERE mutation_id = ?1");
        if (a.state == Mutation::State::Applied)
            q.bindAll(a.mutationId, json::stateName(a.state), QString(), QString());
        else
            q.bindAll(a.mutationId, json::stateName(a.state), a.error, compactJson(a.serverState));
        if (Status s = q.exec(); !s)
            return s;
        if (a.state != Mutation::State::Applied)
            continue;
        if (a.kind == QLatin1String("request")) {
            auto v = m_conn->query("UPDATE requests SET version = max(version, ?2) WHERE id = ?1");
            if (Status s = v.bindAll(a.targetId, a.version).exec(); !s)
                return s;
            m_changedRequests.insert(a.targetId);
        } else if (a.kind == QLatin1String("annotation")) {
            // Only forward: a later local change may have stepped it further already.
            auto v = m_conn->query("UPDATE annotations SET version = ?2 WHERE id = ?1 AND version < ?2");
            if (Status s = v.bindAll(a.targetId, a.version).exec(); !s)
                return s;
        }
    }
    if (Status s = trimAppliedHistory(); !s)
        return s;
    if (Status s = tx.commit(); !s) {
        m_changedRequests.clear();
        return s;
    }
    flushNotifications();
    return {};
}

Status Store::trimAppliedHistory()
{
    // Walks kAppliedKept index entries back from the newest applied one; deletes what lies below.
    auto q = m_conn->query("DELETE FROM outbox WHERE state = 'applied' AND seq <= (SELECT seq FROM outbox "
                           "WHERE state = 'applied' ORDER BY seq DESC LIMIT 1 OFFSET ?1)");
    q.bindAll(kAppliedKept);
    if (Status s = q.exec(); !s)
        return s;
    if (const qint64 n = m_conn->changes(); n > 0)
        qCInfo(lcStore) << "removed" << n << "answered changes from the outbox's history";
    return {};
}

Status Store::noteSendFailure(const QStringList& mutationIds, const QString& error)
{
    sql::Transaction tx(*m_conn);
    if (!tx.ok())
        return tx.error();
    for (const QString& id : mutationIds) {
        auto q = m_conn->query("UPDATE outbox SET last_error = ?2 WHERE mutation_id = ?1 AND state = 'sent'");
        q.bindAll(id, error);
        if (Status s = q.exec(); !s)
            return s;
    }
    return tx.commit();
}

Status Store::retryMutation(const QString& mutationId)
{
    // Under a new id: the server remembers its answer to the old one and would repeat it.
    auto q = m_conn->query("UPDATE outbox SET mutation_id = ?2, state = 'pending', last_error = NULL, "
                           "server_state = NULL WHERE mutation_id = ?1 AND state = 'rejected'");
    const QString again = QUuid::createUuid().toString(QUuid::WithoutBraces);
    q.bindAll(mutationId, again);
    if (Status s = q.exec(); !s)
        return s;
    if (m_conn->changes() == 0)
        return Error { Error::NotFound, tr("There is no such refused change."), mutationId };
    return relinkTimeline(mutationId, again);
}

Status Store::discardMutation(const QString& mutationId)
{
    return resolveConflict(mutationId, Resolution::TakeTheirs);
}

} // namespace clerk
