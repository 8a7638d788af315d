// The server's side of an Aussonderung step (mutation kind "archiving"), once for both stores
// (SQLCipher and PostgreSQL): who may take it, what the rules (core/domain/Archiving) need to know
// about the request, the refusal with the state held here (the client puts it in place of its own
// step), or the new state with its entry in the team's feed. A store gives its connection and its
// feed; the statements are written once, with $n placeholders, which SQLite reads too.
#pragma once

#include "CityStore.h"
#include "MutationAnswers.h"
#include "core/domain/Archiving.h"

#include <QTimeZone>
#include <functional>
#include <optional>

namespace clerk::server {

// What the rules read and write of a store.
class ArchivingStorage
{
public:
    virtual ~ArchivingStorage() = default;
    struct Row
    {
        QString body;
        qint64 version = 0;
    };
    // When the request's status last changed (invalid: never), from the server's timeline.
    virtual Result<QDateTime> lastStatusChange(const QString& requestId) = 0;
    virtual Result<std::optional<Row>> archivingRow(const QString& requestId) = 0;
    // The new state and its change in the team's feed.
    virtual Status storeArchiving(const ArchivingState& s, const QString& body) = 0;
};

// Applies `m` inside the caller's transaction; the request and its service are read from `city`.
MutationResult applyArchivingMutation(
    CityStore& city, ArchivingStorage& storage, const Clerk& clerk, const Mutation& m, const QDateTime& now);

// ArchivingStorage on a connection of either store (core's sql::Connection, pg::Connection).
template <class Connection> class ArchivingTables final : public ArchivingStorage
{
public:
    using AppendChange
        = std::function<Status(const QString& kind, const QString& id, const QString& teamId, const QString& op)>;
    ArchivingTables(Connection& c, AppendChange appendChange)
        : m_c(c)
        , m_appendChange(std::move(appendChange))
    { }

    Result<QDateTime> lastStatusChange(const QString& requestId) override
    {
        auto q = m_c.query("SELECT max(at) FROM timeline WHERE request_id = $1 AND code = 'status_changed'");
        q.bindAll(requestId);
        QDateTime at;
        if (q.next() && !q.isNull(0))
            at = QDateTime::fromSecsSinceEpoch(q.int64(0), QTimeZone::UTC);
        if (q.error())
            return q.error();
        return at;
    }

    Result<std::optional<Row>> archivingRow(const QString& requestId) override
    {
        auto q = m_c.query("SELECT body, version FROM archiving WHERE request_id = $1");
        q.bindAll(requestId);
        std::optional<Row> row;
        if (q.next())
            row = Row { q.text(0), q.int64(1) };
        if (q.error())
            return q.error();
        return row;
    }

    Status storeArchiving(const ArchivingState& s, const QString& body) override
    {
        // Only over the version the step was judged on (`s.version` - 1; none for a first offer):
        // two workers stepping the same request at once do not both win (PostgreSQL).
        auto q = m_c.query("INSERT INTO archiving(request_id, team_id, body, version) VALUES ($1, $2, $3, $4) "
                           "ON CONFLICT(request_id) DO UPDATE SET team_id = excluded.team_id, body = excluded.body, "
                           "version = excluded.version WHERE archiving.version = $5");
        if (Status st = q.bindAll(s.requestId, s.teamId, body, s.version, s.version - 1).exec(); !st)
            return st;
        if (m_c.changes() != 1)
            return answers::concurrentChange(QStringLiteral("archiving"), s.requestId);
        return m_appendChange(QStringLiteral("archiving"), s.requestId, s.teamId, QStringLiteral("upsert"));
    }

private:
    Connection& m_c;
    AppendChange m_appendChange;
};

} // namespace clerk::server
