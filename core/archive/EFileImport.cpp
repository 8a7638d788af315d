// Importing a checked package into a store: only ever the package's own request. Every id the
// package brings is looked up before anything is written; one that belongs to another request
// refuses the import (or, when the clerk chose "keep both", the package gets new ids throughout).
// Document bytes go into new files that replace nothing until the transaction committed.
#include "EFileInternal.h"
#include "core/Logging.h"
#include "core/store/DatabaseAccess.h"
#include "core/store/DocumentCache.h"
#include "core/store/Store.h"

#include <QScopeGuard>
#include <QUuid>

namespace clerk::efile {

using detail::Tr;

namespace {

// Which of the package's ids the store has, for the target request; an id of another request
// is an error naming the kind of object and that request.
struct Existing
{
    QSet<QString> documents, notes, annotations;
};

QString describeRequest(sql::Connection& c, const QString& requestId)
{
    auto q = c.query("SELECT reference FROM requests WHERE id = ?1");
    q.bindAll(requestId);
    return q.next() ? q.text(0) : requestId;
}

enum class Kind { Document, Note, Annotation };

Error belongsElsewhere(sql::Connection& c, Kind kind, const QString& id, const QString& otherRequest)
{
    const QString other = otherRequest.isEmpty() ? QStringLiteral("?") : describeRequest(c, otherRequest);
    QString message;
    switch (kind) {
    case Kind::Document:
        message = Tr::tr("The package contains a document whose id belongs to another request (%1); nothing was "
                         "imported.");
        break;
    case Kind::Note:
        message = Tr::tr("The package contains a note whose id belongs to another request (%1); nothing was imported.");
        break;
    case Kind::Annotation:
        message = Tr::tr("The package contains an annotation whose id belongs to another request (%1); nothing was "
                         "imported.");
        break;
    }
    return { Error::Invalid, message.arg(other), id };
}

// The request a document, note or annotation of the store belongs to (for an annotation: the
// request of the document it marks; empty when that document is gone).
struct Owner
{
    bool found = false;
    QString requestId;
};

Result<Owner> ownerOf(sql::Connection& c, Kind kind, const QString& id)
{
    // Regardless of case: the package's ids are in lower case, a store may hold one in upper case
    // (an older import, a backend with upper-case GUIDs), and on a file system that ignores case
    // both name the same content file.
    const char* sql = kind == Kind::Document ? "SELECT request_id FROM documents WHERE lower(id) = lower(?1)"
        : kind == Kind::Note                 ? "SELECT request_id FROM notes WHERE lower(id) = lower(?1)"
                                             : "SELECT coalesce(d.request_id, '') FROM annotations a "
                                               "LEFT JOIN documents d ON d.id = a.document_id "
                                               "WHERE lower(a.id) = lower(?1)";
    auto q = c.query(sql);
    q.bindAll(id);
    if (q.next())
        return Owner { true, q.text(0) };
    if (q.error())
        return q.error();
    return Owner {};
}

Result<Existing> checkOwnership(sql::Connection& c, const Package& p)
{
    Existing out;
    auto check = [&](Kind kind, const QString& id, QSet<QString>& have) -> Status {
        auto owner = ownerOf(c, kind, id);
        if (!owner)
            return owner.error();
        if (!owner->found)
            return {};
        if (owner->requestId != p.request.id)
            return belongsElsewhere(c, kind, id, owner->requestId);
        have.insert(id);
        return {};
    };
    for (const DocumentEntry& e : p.documents)
        if (Status s = check(Kind::Document, e.document.id, out.documents); !s)
            return s.error();
    for (const Note& n : p.notes)
        if (Status s = check(Kind::Note, n.id, out.notes); !s)
            return s.error();
    for (const Annotation& a : p.annotations)
        if (Status s = check(Kind::Annotation, a.id, out.annotations); !s)
            return s.error();
    return out;
}

// Keep both: the request, its documents, notes and annotations under new ids, consistently (each
// annotation follows its document); the files in the package keep their names.
void giveNewIds(Package& p)
{
    auto fresh = [] { return QUuid::createUuid().toString(QUuid::WithoutBraces); };
    p.request.id = fresh();
    QHash<QString, QString> documents;
    for (DocumentEntry& e : p.documents) {
        const QString id = fresh();
        documents.insert(e.document.id, id);
        e.document.id = id;
        e.document.requestId = p.request.id;
    }
    for (Note& n : p.notes) {
        n.id = fresh();
        n.requestId = p.request.id;
    }
    for (Annotation& a : p.annotations) {
        a.id = fresh();
        a.documentId = documents.value(a.documentId); // inspect() made sure it is one of them
    }
    for (TimelineEvent& t : p.timeline)
        t.requestId = p.request.id;
}

} // namespace

Result<ImportResult> importPackage(Store& store, const QString& zipPath, IfExists ifExists, const QString& actor,
    const Limits& limits, const Progress& progress)
{
    // Everything but the documents' bytes is checked before anything is written; the bytes are
    // checked while they are written, in one transaction that a refusal rolls back.
    auto inspected = detail::inspect(zipPath, limits);
    if (!inspected)
        return inspected.error();
    Package& p = inspected->package;
    const QString packageRequest = p.request.id;
    const bool exists = store.request(p.request.id).ok();
    if (exists && ifExists == IfExists::Refuse)
        return Error { Error::AlreadyExists,
            Tr::tr("The request %1 is already on this computer. Merge the package into it, or keep both?")
                .arg(p.request.reference),
            p.request.id };
    DocumentCache cache(store, store.clock());
    // Files written by this import are removed again unless it commits; the files that committed
    // rows named before are removed only once it did (declared before the transaction, so that
    // this follows its rollback).
    bool committed = false;
    auto settle = qScopeGuard([&] { cache.settleFiles(committed); });
    sql::Connection& c = storeConnection(store);
    sql::Transaction tx(c);
    if (!tx.ok())
        return tx.error();
    // Whose are the ids? Nothing is written before this is known.
    auto existing = checkOwnership(c, p);
    const bool newIds = ifExists == IfExists::KeepBoth && (exists || !existing);
    if (!existing && !newIds)
        return existing.error();
    if (newIds) {
        giveNewIds(p);
        existing = checkOwnership(c, p); // (new UUIDs: nothing of the store's, but checked all the same)
        if (!existing)
            return existing.error();
    }
    const Existing& have = existing.value();
    const QString requestId = p.request.id;
    ImportResult result { requestId };
    const bool newRequest = !exists || newIds;
    if (newRequest) {
        Request r = p.request;
        if (newIds)
            r.reference += Tr::tr(" (imported)");
        if (Status s = store.upsertRequests({ r }); !s)
            return s.error();
    }
    // Merge adds what this computer does not have; what it has stays as it is here.
    QList<Document> docs;
    for (const DocumentEntry& e : std::as_const(p.documents)) {
        Document d = e.document;
        d.requestId = requestId;
        if (!have.documents.contains(d.id))
            docs << d;
    }
    if (Status s = cache.upsertDocuments(docs); !s)
        return s.error();
    QSet<QString> wanted;
    for (const Document& d : std::as_const(docs))
        wanted.insert(d.id);
    const Status written = detail::readDocuments(
        inspected.value(), limits, progress, [&](const DocumentEntry& e, QIODevice& bytes) -> Status {
            if (!wanted.contains(e.document.id))
                return {};
            ++result.documents;
            return cache.putContent(e.document.id, bytes);
        });
    if (!written)
        return written.error(); // the transaction rolls back; the files written go with it
    QList<Note> notes;
    for (Note n : std::as_const(p.notes)) {
        n.requestId = requestId;
        if (!have.notes.contains(n.id))
            notes << n;
    }
    if (Status s = store.upsertNotes(notes); !s)
        return s.error();
    result.notes = int(notes.size());
    QList<Annotation> annotations;
    for (const Annotation& a : std::as_const(p.annotations))
        if (!have.annotations.contains(a.id))
            annotations << a;
    if (Status s = store.upsertAnnotations(annotations); !s)
        return s.error();
    result.annotations = int(annotations.size());
    // The package's history; merged into a request this computer has, only the entries it does
    // not have (the same code at the same time by the same person), so that an entry that came
    // through the changes feed is not shown twice.
    QSet<QString> haveEvents;
    auto eventKey = [](const TimelineEvent& t) {
        return QStringLiteral("%1|%2|%3").arg(t.kind).arg(t.at.toSecsSinceEpoch()).arg(t.actor);
    };
    if (!newRequest) {
        auto have = store.timeline().of(requestId);
        if (!have)
            return have.error();
        for (const TimelineEvent& t : std::as_const(have.value()))
            haveEvents.insert(eventKey(t));
    }
    for (TimelineEvent t : std::as_const(p.timeline)) {
        t.requestId = requestId;
        if (haveEvents.contains(eventKey(t)))
            continue;
        if (Status s = store.addTimeline(t); !s)
            return s.error();
    }
    if (Status s = store.addTimeline({ requestId, store.clock().now(), actor, QStringLiteral("imported"),
            Tr::tr("E-file package imported (%1 document(s) from %2)").arg(result.documents).arg(p.sender) });
        !s)
        return s.error();
    if (Status s = tx.commit(); !s)
        return s.error();
    committed = true;
    if (newIds)
        qCInfo(lcArchive) << "imported" << packageRequest << "as a separate request" << requestId;
    store.notifyChanged({ requestId });
    return result;
}

} // namespace clerk::efile
