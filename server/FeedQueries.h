// SQL the two city stores share for the changes feed; `mark` is the parameter prefix ('?' for
// SQLite, '$' for PostgreSQL).
#pragma once

#include "CityStore.h"

#include <QStringList>

namespace clerk::server {

// The newest sequence number `clerk` may see: one index lookup per team (changes_team ends in seq),
// max() of each, then the largest. Bind the clerk's teams as parameters 1..n (none for an admin).
// Empty when the clerk has no team (the answer is 0).
inline QString newestSeqQuery(const Clerk& clerk, QChar mark)
{
    QString sql;
    if (clerk.isAdmin()) {
        sql = QStringLiteral("SELECT max(seq) AS s FROM changes");
    } else {
        if (clerk.teams.isEmpty())
            return {};
        QStringList parts;
        for (int i = 0; i < clerk.teams.size(); ++i)
            parts << QStringLiteral("SELECT max(seq) AS s FROM changes WHERE team_id = %1%2").arg(mark).arg(i + 1);
        sql = parts.join(QLatin1String(" UNION ALL "));
    }
    return QStringLiteral("SELECT coalesce(max(s), 0) FROM (%1) AS newest").arg(sql);
}

} // namespace clerk::server
