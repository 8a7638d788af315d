// Two (or more) changes on PostgreSQL at the same moment, made to overlap for sure: another
// session holds what they need (a request's row, SELECT … FOR UPDATE, or an id it is inserting)
// while each change runs on a thread of its own, and lets go only once `waiters` sessions of this
// database wait for a lock — so that every change has got as far as that lock before any goes on.
#pragma once

#include "server/PgConnection.h"

#include <QDeadlineTimer>
#include <QStringList>
#include <QTest>
#include <functional>
#include <thread>
#include <vector>

namespace clerk::testpg {

// Empty when the changes ran as described; else what went wrong. `hold` runs in the blocking
// session's transaction (what it locks stays locked); it is rolled back once `waiters` sessions
// wait, and the threads joined whatever happened.
inline QString whileHeld(const QString& conninfo, const std::function<Status(server::pg::Connection&)>& hold,
    int waiters, const std::vector<std::function<void()>>& changes)
{
    auto blocker = server::pg::Connection::open(conninfo);
    auto observer = server::pg::Connection::open(conninfo); // (a snapshot of pg_stat_activity per transaction)
    if (!blocker || !observer)
        return QStringLiteral("no connection to the test database");
    if (Status s = blocker.value()->exec("BEGIN"); !s)
        return s.error().detail;
    if (Status s = hold(*blocker.value()); !s)
        return s.error().detail;
    std::vector<std::thread> threads;
    for (const auto& change : changes)
        threads.emplace_back(change);
    int waiting = 0;
    QString watchFailed;
    for (QDeadlineTimer deadline(20000); waiting < waiters && !deadline.hasExpired(); QTest::qWait(20)) {
        auto q = observer.value()->query("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                         "AND wait_event_type = 'Lock'");
        if (!q.next()) {
            watchFailed = QStringLiteral("pg_stat_activity could not be read: ") + q.error().detail;
            break;
        }
        waiting = q.integer(0);
    }
    const Status released = blocker.value()->exec("ROLLBACK");
    for (std::thread& t : threads)
        t.join();
    if (!watchFailed.isEmpty())
        return watchFailed;
    if (waiting != waiters)
        return QStringLiteral("%1 sessions waited for the lock, not %2").arg(waiting).arg(waiters);
    return released ? QString() : released.error().detail;
}

// The requests' rows held (SELECT … FOR UPDATE) while the changes run.
inline QString whileRowsHeld(const QString& conninfo, const QStringList& requestIds, int waiters,
    const std::vector<std::function<void()>>& changes)
{
    const auto hold = [&requestIds](server::pg::Connection& c) {
        for (const QString& id : requestIds)
            if (Status s = c.query("SELECT 1 FROM requests WHERE id = $1 FOR UPDATE").bindAll(id).exec(); !s)
                return s;
        return Status();
    };
    return whileHeld(conninfo, hold, waiters, changes);
}

inline QString whileRowHeld(
    const QString& conninfo, const QString& requestId, int waiters, const std::vector<std::function<void()>>& changes)
{
    return whileRowsHeld(conninfo, { requestId }, waiters, changes);
}

} // namespace clerk::testpg
