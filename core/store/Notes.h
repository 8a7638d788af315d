// The Vermerke on a request: the server's (from the changes feed) and the clerk's own, which go
// out through the outbox and into the Verlauf and the search index in one transaction.
#pragma once

#include "core/Result.h"
#include "core/domain/Domain.h"

#include <QList>

namespace clerk {

class Database;
class Outbox;
class Timeline;

class Notes
{
public:
    Notes(Database& db, Outbox& outbox, Timeline& timeline);
    Status upsert(const QList<Note>& notes);
    // Oldest first.
    Result<QList<Note>> of(const QString& requestId);
    Result<Mutation> add(const QString& requestId, const QString& text, const QString& actor);

private:
    Database& m_db;
    Outbox& m_outbox;
    Timeline& m_timeline;
};

} // namespace clerk
