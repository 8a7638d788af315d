// SQLite's plan for a query (EXPLAIN QUERY PLAN), its steps joined by ';', to assert which indexes a
// query uses; and the statistics of a large store, to ask the planner as ANALYZE on a real profile
// would have it answer. The plan's statement ends before queryPlan() returns (the store may lock next).
#pragma once

#include "core/store/Sql.h"

#include <QString>

namespace clerk::testsql {

template <typename... Binds> QString queryPlan(sql::Connection& c, const QString& query, Binds&&... binds)
{
    auto plan = c.query(QStringLiteral("EXPLAIN QUERY PLAN ") + query);
    plan.bindAll(std::forward<Binds>(binds)...);
    QString steps;
    while (plan.next())
        steps += plan.text(3) + QLatin1Char(';');
    if (plan.error())
        return QStringLiteral("(no plan: %1)").arg(plan.error().detail);
    return steps;
}

// ANALYZE, then the requests table's statistics as a profile of 1,000,000 requests has them (a fifth
// of them closed, five statuses; ids unique): a test store of a few rows would make the planner read
// it whole, which proves nothing about the profiles the queries are written for.
inline Status analyzeAsALargeStore(sql::Connection& c)
{
    if (Status s = c.exec("ANALYZE"); !s)
        return s;
    return c.exec("DELETE FROM sqlite_stat1 WHERE tbl = 'requests'; "
                  "INSERT INTO sqlite_stat1(tbl, idx, stat) VALUES "
                  "('requests', 'sqlite_autoindex_requests_1', '1000000 1'), "
                  "('requests', 'requests_status', '1000000 200000 1'), "
                  "('requests', 'requests_closed_at', '200000 1'); "
                  "ANALYZE sqlite_schema");
}

} // namespace clerk::testsql
