// The Verlauf of each request: the clerk's own entries (written with the change that caused
// them) and the server's entries from the changes feed, which replace the local ones.
#pragma once

#include "core/Result.h"
#include "core/domain/Domain.h"

#include <QList>

namespace clerk {

class Database;

class Timeline
{
public:
    explicit Timeline(Database& db);
    Status add(const TimelineEvent& event);
    // Entries from the changes feed (append-only, keyed by the server's id): each once, however
    // often a page comes again; one that names a change of this clerk takes the place of the
    // local entry that change wrote. Entries of a request retention removed are not kept.
    Status merge(const QList<TimelineEvent>& entries);
    // Oldest first (equal times in the order they were written).
    Result<QList<TimelineEvent>> of(const QString& requestId);
    // A change sent again under a new id keeps its local entry (linked to the new id); an empty
    // new id drops the entry of a change that was given up.
    Status relink(const QString& mutationId, const QString& newMutationId);

private:
    Database& m_db;
};

} // namespace clerk
