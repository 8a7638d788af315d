// The annotations on the documents: the server's (from the changes feed, never over a change the
// clerk has not sent yet) and the clerk's own, each change written with its outbox entry. The local
// version runs ahead of the server's by the changes not yet applied (each applied change steps the
// server's version by one), so that changes queued offline carry the right base version.
#pragma once

#include "core/Result.h"
#include "core/domain/Domain.h"

#include <QList>

namespace clerk {

class Database;
class Outbox;

class Annotations
{
public:
    Annotations(Database& db, Outbox& outbox);
    Status upsert(const QList<Annotation>& annotations);
    // The document's annotations that are not deleted, by id.
    Result<QList<Annotation>> of(const QString& documentId);
    // Of all documents of a request (not deleted ones).
    Result<QList<Annotation>> ofRequest(const QString& requestId);
    // One annotation, also a deleted one (for undo).
    Result<Annotation> get(const QString& id);

    Result<Mutation> create(Annotation annotation, const QString& author);
    // Geometry, colour and text of an existing annotation (also brings back a deleted one).
    Result<Mutation> update(const Annotation& annotation);
    Result<Mutation> remove(const QString& annotationId);

private:
    Database& m_db;
    Outbox& m_outbox;
};

} // namespace clerk
