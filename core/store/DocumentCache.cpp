#include "DocumentCache.h"

#include "ContentFiles.h"
#include "DatabaseAccess.h"
#include "SearchIndex.h"
#include "Store.h"
#include "core/Logging.h"
#include "core/Sha256.h"

#include <QBuffer>
#include <QIODevice>
#include <QScopeGuard>
#include <functional>

namespace clerk {

namespace {

struct Streamed
{
    QByteArray digest; // SHA-256, hex
    qint64 total = 0;
};

// Reads `source` to its end (waiting for a sequential one) in pieces of at most `piece` bytes,
// handing each to `take`; returns their SHA-256 and count, or the first error.
Result<Streamed> streamPieces(QIODevice& source, qint64 piece, const std::function<Status(const char*, qint64)>& take)
{
    Sha256 sha;
    Streamed out;
    QByteArray buffer(piece, Qt::Uninitialized);
    while (true) {
        const qint64 n = source.read(buffer.data(), piece);
        if (n < 0)
            return Error { Error::Io, DocumentCache::tr("The document could not be read."), source.errorString() };
        if (n == 0) {
            if (source.atEnd() || !source.waitForReadyRead(30000))
                break;
            continue;
        }
        sha.addData(QByteArrayView(buffer.constData(), n));
        out.total += n;
        if (Status s = take(buffer.constData(), n); !s)
            return s.error();
    }
    out.digest = sha.result().toHex();
    return out;
}

// The bytes that arrived against the checksum the server or the package announced (none: any).
Status checkDigest(const Document& doc, const QByteArray& digest)
{
    if (doc.sha256.isEmpty() || digest == doc.sha256)
        return {};
    return Error { Error::Invalid,
        DocumentCache::tr("The document \"%1\" arrived damaged (checksum mismatch) and was not stored.").arg(doc.title),
        QStringLiteral("expected %1, got %2").arg(QString::fromLatin1(doc.sha256), QString::fromLatin1(digest)) };
}

// The row says where the bytes are (the generation of their file; 0: chunks), how many, and
// their checksum.
Status markStored(sql::Connection& c, const QString& documentId, const Streamed& streamed, int generation)
{
    auto q = c.query("UPDATE documents SET stored_size = ?2, complete = 1, content_file = ?4, "
                     "sha256 = coalesce(sha256, ?3) WHERE id = ?1");
    q.bindAll(documentId, streamed.total, QString::fromLatin1(streamed.digest), generation);
    return q.exec();
}

// The generation of the file the document's row names (0: none), as this connection sees it.
int storedGeneration(sql::Connection& c, const QString& documentId)
{
    auto q = c.query("SELECT content_file FROM documents WHERE id = ?1");
    q.bindAll(documentId);
    return q.next() ? int(q.int64(0)) : 0;
}

} // namespace

Status DocumentCache::upsertDocuments(const QList<Document>& documents)
{
    sql::Connection& c = storeConnection(m_store);
    sql::Transaction tx(c, sql::Transaction::Nesting::Join);
    if (!tx.ok())
        return tx.error();
    QSet<QString> requests;
    for (const Document& d : documents) {
        // A new version of the file invalidates the stored bytes.
        auto q = c.query(
            "INSERT INTO documents(id, request_id, title, kind, mime, size, sha256, version) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT(id) DO UPDATE SET "
            "request_id = excluded.request_id, title = excluded.title, kind = excluded.kind, "
            "mime = excluded.mime, size = excluded.size, version = excluded.version, "
            "complete = CASE WHEN documents.sha256 IS excluded.sha256 THEN documents.complete ELSE 0 END, "
            "content_file = CASE WHEN documents.sha256 IS excluded.sha256 THEN documents.content_file ELSE 0 END, "
            "sha256 = excluded.sha256");
        q.bindAll(d.id, d.requestId, d.title, d.kind, d.mimeType, d.size, QString::fromLatin1(d.sha256), d.version);
        if (Status s = q.exec(); !s)
            return s;
        requests.insert(d.requestId);
    }
    // During a first sync's bulk import the whole search index is rebuilt at its end.
    for (const QString& r : m_store.bulkImportRunning() ? QSet<QString>() : requests) {
        auto q = c.query("SELECT rid FROM requests WHERE id = ?1");
        q.bindAll(r);
        if (q.next()) {
            const qint64 rid = q.int64(0);
            while (q.next()) { }
            if (Status s = SearchIndex(c).reindex(rid); !s)
                return s;
        }
    }
    if (Status s = tx.commit(); !s)
        return s;
    QStringList ids;
    for (const Document& d : documents)
        ids << d.id;
    m_store.notifyChanged(QStringList(requests.cbegin(), requests.cend()), ids);
    return {};
}

Result<Document> DocumentCache::document(const QString& id)
{
    auto q = storeConnection(m_store).query(
        "SELECT id, request_id, title, kind, mime, size, sha256, version FROM documents WHERE id = ?1");
    q.bindAll(id);
    if (!q.next())
        return q.error() ? q.error() : Error { Error::NotFound, tr("The document was not found."), id };
    return Document { q.text(0), q.text(1), q.text(2), q.text(3), q.text(4), q.int64(5), q.text(6).toLatin1(),
        q.int64(7) };
}

QList<Document> DocumentCache::documentsOf(const QString& requestId)
{
    QList<Document> out;
    auto q = storeConnection(m_store).query("SELECT id, request_id, title, kind, mime, size, sha256, version "
                                            "FROM documents WHERE request_id = ?1 ORDER BY title, id");
    q.bindAll(requestId);
    while (q.next())
        out << Document { q.text(0), q.text(1), q.text(2), q.text(3), q.text(4), q.int64(5), q.text(6).toLatin1(),
            q.int64(7) };
    return out;
}

Status DocumentCache::putContent(const QString& documentId, QIODevice& source)
{
    return putContent(QStringList { documentId }, source);
}

Status DocumentCache::putContent(const QStringList& documentIds, QIODevice& source)
{
    QList<Document> docs;
    for (const QString& id : documentIds) {
        auto doc = document(id);
        if (!doc)
            return doc.error();
        docs << doc.value();
    }
    if (docs.isEmpty())
        return {};
    // The bytes go into an encrypted file beside the database when their size is known before
    // the first byte (it is part of the file's authenticated header): a file in an e-file package,
    // a file on disk. Otherwise into chunks inside the database.
    const qint64 size = source.isSequential() ? docs.first().size : source.size() - source.pos();
    ContentFiles* files = m_store.contentFiles();
    if (!files || size < 0 || (source.isSequential() && size <= 0))
        return putChunks(docs, source);
    sql::Connection& c = storeConnection(m_store);
    const bool enclosed = c.inTransaction();
    // Never over a file that a row refers to: the new bytes get a file of their own. Each document
    // gets its own file (its id is authenticated with every chunk): the first from `source`, the
    // others from the first one's file, so that `source` is read once.
    QList<int> generations;
    auto dropWritten = qScopeGuard([&] {
        for (qsizetype i = 0; i < generations.size(); ++i)
            files->remove(docs.at(i).id, generations.at(i));
    });
    Streamed streamed;
    for (const Document& doc : std::as_const(docs)) {
        std::unique_ptr<QIODevice> copy;
        if (!generations.isEmpty()) {
            auto first = files->open(docs.first().id, 0, size, generations.first());
            if (!first)
                return first.error();
            copy = std::move(first.value());
        }
        const int generation = files->freeGeneration(doc.id, storedGeneration(c, doc.id));
        auto writer = files->create(doc.id, size, generation);
        if (!writer)
            return writer.error();
        auto written = streamPieces(copy ? *copy : source, kChunkSize,
            [&](const char* data, qint64 n) { return writer.value()->write(data, n); });
        if (!written)
            return written.error();
        if (Status s = checkDigest(doc, written->digest); !s)
            return s;
        // The file is complete and on disk before the row says so; a row that then does not commit
        // leaves a file nobody refers to (removed here, or by the next unlock after a crash).
        if (Status s = writer.value()->commit(); !s)
            return s;
        generations << generation;
        streamed = written.value();
    }
    sql::Transaction tx(c);
    if (!tx.ok())
        return tx.error();
    for (qsizetype i = 0; i < docs.size(); ++i) {
        if (Status s = c.query("DELETE FROM document_chunks WHERE document_id = ?1").bindAll(docs.at(i).id).exec(); !s)
            return s;
        if (Status s = markStored(c, docs.at(i).id, streamed, generations.at(i)); !s)
            return s;
    }
    if (Status s = tx.commit(); !s)
        return s;
    dropWritten.dismiss();
    for (qsizetype i = 0; i < docs.size(); ++i)
        switched(docs.at(i).id, generations.at(i), enclosed);
    m_store.notifyChanged({}, documentIds);
    return {};
}

void DocumentCache::switched(const QString& documentId, int generation, bool enclosed)
{
    ContentFiles* files = m_store.contentFiles();
    if (!files)
        return;
    if (!enclosed) {
        files->removeAllBut(documentId, generation); // the bytes the row named before
        return;
    }
    m_switched.insert(documentId, generation);
    if (generation >= 1)
        m_written.append({ documentId, generation });
}

void DocumentCache::settleFiles(bool committed)
{
    if (ContentFiles* files = m_store.contentFiles()) {
        if (committed)
            for (auto it = m_switched.cbegin(); it != m_switched.cend(); ++it)
                files->removeAllBut(it.key(), it.value());
        else
            for (const auto& [id, generation] : std::as_const(m_written))
                files->remove(id, generation);
    }
    m_switched.clear();
    m_written.clear();
}

Status DocumentCache::putChunks(const QList<Document>& docs, QIODevice& source)
{
    const Document& doc = docs.first();
    const QString& documentId = doc.id;
    sql::Connection& c = storeConnection(m_store);
    const bool enclosed = c.inTransaction();
    sql::Transaction tx(c);
    if (!tx.ok())
        return tx.error();
    for (const Document& d : docs)
        if (Status s = c.query("DELETE FROM document_chunks WHERE document_id = ?1").bindAll(d.id).exec(); !s)
            return s;
    int seq = 0;
    auto streamed = streamPieces(source, kChunkSize, [&](const char* data, qint64 n) {
        auto q = c.query("INSERT INTO document_chunks(document_id, seq, data) VALUES (?1, ?2, ?3)");
        q.bindAll(documentId, seq++);
        q.bindBlob(3, QByteArray(data, n));
        return q.exec();
    });
    if (!streamed)
        return streamed.error();
    for (const Document& d : docs) {
        if (Status s = checkDigest(d, streamed->digest); !s)
            return s;
        if (d.id != documentId) { // (the same bytes: the first document's chunks copied)
            auto q = c.query("INSERT INTO document_chunks(document_id, seq, data) "
                             "SELECT ?2, seq, data FROM document_chunks WHERE document_id = ?1");
            if (Status s = q.bindAll(documentId, d.id).exec(); !s)
                return s;
        }
        if (Status s = markStored(c, d.id, streamed.value(), 0); !s)
            return s;
    }
    if (Status s = tx.commit(); !s)
        return s;
    QStringList ids;
    for (const Document& d : docs) {
        switched(d.id, 0, enclosed); // an earlier version's file goes
        ids << d.id;
    }
    m_store.notifyChanged({}, ids);
    return {};
}

qint64 DocumentCache::partialSize(const QString& documentId)
{
    auto q = storeConnection(m_store).query(
        "SELECT coalesce(sum(length(data)), 0) FROM document_chunks WHERE document_id = ?1");
    q.bindAll(documentId);
    return q.next() ? q.int64(0) : 0;
}

Status DocumentCache::appendContent(const QString& documentId, const QByteArray& bytes)
{
    sql::Connection& c = storeConnection(m_store);
    sql::Transaction tx(c);
    if (!tx.ok())
        return tx.error();
    for (qsizetype at = 0; at < bytes.size(); at += kChunkSize) {
        auto q = c.query("INSERT INTO document_chunks(document_id, seq, data) VALUES (?1, "
                         "(SELECT coalesce(max(seq), -1) + 1 FROM document_chunks WHERE document_id = ?1), ?2)");
        q.bind(1, documentId).bindBlob(2, bytes.mid(at, kChunkSize));
        if (Status s = q.exec(); !s)
            return s;
    }
    if (Status s = c.query("UPDATE documents SET complete = 0 WHERE id = ?1").bindAll(documentId).exec(); !s)
        return s;
    return tx.commit();
}

Status DocumentCache::completeContent(const QString& documentId)
{
    auto doc = document(documentId);
    if (!doc)
        return doc.error();
    sql::Connection& c = storeConnection(m_store);
    Sha256 sha;
    qint64 total = 0;
    {
        auto q = c.query("SELECT data FROM document_chunks WHERE document_id = ?1 ORDER BY seq");
        q.bindAll(documentId);
        while (q.next()) {
            const QByteArray d = q.blob(0);
            sha.addData(d);
            total += d.size();
        }
        if (q.error())
            return q.error();
    }
    const QByteArray digest = sha.result().toHex();
    const bool enclosed = c.inTransaction();
    sql::Transaction tx(c);
    if (!tx.ok())
        return tx.error();
    if (Status mismatch = checkDigest(*doc, digest); !mismatch) {
        // The damaged pieces go (the download starts again); the clerk hears of the mismatch.
        Status dropped = c.query("DELETE FROM document_chunks WHERE document_id = ?1").bindAll(documentId).exec();
        if (dropped)
            dropped = tx.commit();
        if (!dropped)
            qCWarning(lcStore) << "damaged pieces of" << documentId << "not removed:" << dropped.error().detail;
        return mismatch;
    }
    auto q = c.query("UPDATE documents SET stored_size = ?2, complete = 1, content_file = 0 WHERE id = ?1");
    if (Status s = q.bindAll(documentId, total).exec(); !s)
        return s;
    if (Status s = tx.commit(); !s)
        return s;
    switched(documentId, 0, enclosed); // an earlier version's file goes
    m_store.notifyChanged({}, { documentId });
    return {};
}

bool DocumentCache::hasContent(const QString& documentId)
{
    auto q = storeConnection(m_store).query("SELECT complete FROM documents WHERE id = ?1");
    q.bindAll(documentId);
    return q.next() && q.int64(0) == 1;
}

Status DocumentCache::readContent(const QString& documentId, QIODevice& sink)
{
    sql::Connection& c = storeConnection(m_store);
    int generation = 0; // of the document's file; 0: chunks in the database
    qint64 size = 0;
    {
        auto q = c.query("SELECT complete, content_file, stored_size FROM documents WHERE id = ?1");
        q.bindAll(documentId);
        if (!q.next() || q.int64(0) != 1)
            return Error { Error::NotFound, tr("The document is not stored on this computer yet."), documentId };
        generation = int(q.int64(1));
        size = q.int64(2);
    }
    if (generation >= 1) {
        ContentFiles* files = m_store.contentFiles();
        if (!files)
            return Error { Error::Locked, tr("The local database is locked."), documentId };
        auto device = files->open(documentId, 0, size, generation);
        if (!device)
            return device.error();
        QByteArray buffer(ContentFiles::kChunk, Qt::Uninitialized);
        for (qint64 left = size; left > 0;) {
            const qint64 n = device.value()->read(buffer.data(), qMin<qint64>(left, buffer.size()));
            if (n <= 0)
                return Error { Error::Corrupt, tr("The document's stored file is damaged."),
                    device.value()->errorString() };
            if (sink.write(buffer.constData(), n) != n)
                return Error { Error::Io, tr("The document could not be written out."), sink.errorString() };
            left -= n;
        }
    } else {
        auto q = c.query("SELECT data FROM document_chunks WHERE document_id = ?1 ORDER BY seq");
        q.bindAll(documentId);
        while (q.next()) {
            const QByteArray data = q.blob(0);
            if (sink.write(data) != data.size())
                return Error { Error::Io, tr("The document could not be written out."), sink.errorString() };
        }
        if (q.error())
            return q.error();
    }
    return c.query("UPDATE documents SET last_opened = ?2 WHERE id = ?1")
        .bindAll(documentId, m_clock.now().toSecsSinceEpoch())
        .exec();
}

Result<QByteArray> DocumentCache::content(const QString& documentId)
{
    QByteArray out;
    QBuffer sink(&out);
    sink.open(QIODevice::WriteOnly);
    if (Status st = readContent(documentId, sink); !st)
        return st.error();
    return out;
}

Status DocumentCache::setExtractedText(const QString& documentId, const QString& text)
{
    sql::Connection& c = storeConnection(m_store);
    sql::Transaction tx(c);
    if (!tx.ok())
        return tx.error();
    auto q = c.query("INSERT INTO document_text(document_id, text) VALUES (?1, ?2) "
                     "ON CONFLICT(document_id) DO UPDATE SET text = excluded.text");
    q.bindAll(documentId, text);
    if (Status s = q.exec(); !s)
        return s;
    auto r = c.query("SELECT r.rid, r.id FROM documents d JOIN requests r ON r.id = d.request_id WHERE d.id = ?1");
    r.bindAll(documentId);
    QString requestId;
    if (r.next()) {
        const qint64 rid = r.int64(0);
        requestId = r.text(1);
        while (r.next()) { }
        if (Status s = SearchIndex(c).reindex(rid); !s)
            return s;
    }
    if (Status s = tx.commit(); !s)
        return s;
    m_store.notifyChanged(requestId.isEmpty() ? QStringList() : QStringList { requestId }, { documentId });
    return {};
}

qint64 DocumentCache::storedBytes()
{
    auto v = storeConnection(m_store).scalar("SELECT coalesce(sum(stored_size), 0) FROM documents WHERE complete = 1");
    return v ? v.value().toLongLong() : 0;
}

QStringList DocumentCache::prefetchCandidates(const QString& login, qint64 budgetBytes, int limit)
{
    QStringList out;
    qint64 room = budgetBytes - storedBytes();
    auto q = storeConnection(m_store).query(
        "SELECT d.id, d.size FROM documents d JOIN requests r ON r.id = d.request_id "
        "WHERE r.assignee = ?1 AND r.closed = 0 AND d.complete = 0 ORDER BY r.due_date, d.id LIMIT ?2");
    q.bindAll(login, limit * 4);
    while (q.next() && out.size() < limit) {
        const qint64 size = q.int64(1);
        if (size > room)
            continue; // a smaller one may still fit
        room -= size;
        out << q.text(0);
    }
    return out;
}

Result<int> DocumentCache::enforceBudget(qint64 budgetBytes)
{
    qint64 stored = storedBytes();
    if (stored <= budgetBytes)
        return 0;
    sql::Connection& c = storeConnection(m_store);
    sql::Transaction tx(c);
    if (!tx.ok())
        return tx.error();
    struct Victim
    {
        QString id, requestId, title;
        qint64 size;
    };
    QList<Victim> victims;
    {
        // Closed requests first, then the least recently opened.
        auto q = c.query("SELECT d.id, d.request_id, d.title, d.stored_size FROM documents d "
                         "LEFT JOIN requests r ON r.id = d.request_id WHERE d.complete = 1 "
                         "ORDER BY coalesce(r.closed, 1) DESC, coalesce(d.last_opened, 0), d.stored_size DESC");
        while (stored > budgetBytes && q.next()) {
            victims << Victim { q.text(0), q.text(1), q.text(2), q.int64(3) };
            stored -= q.int64(3);
        }
        if (q.error())
            return q.error();
    }
    QStringList docs;
    for (const Victim& v : std::as_const(victims)) {
        if (Status s = c.query("DELETE FROM document_chunks WHERE document_id = ?1").bindAll(v.id).exec(); !s)
            return s.error();
        if (Status s = c.query("UPDATE documents SET complete = 0, stored_size = 0, content_file = 0 WHERE id = ?1")
                .bindAll(v.id)
                .exec();
            !s)
            return s.error();
        if (Status s
            = m_store.addTimeline({ v.requestId, m_clock.now(), QStringLiteral("ClerkDesk"), QStringLiteral("evicted"),
                tr("\"%1\" removed from this computer's cache (storage budget); it is "
                   "downloaded again when opened.")
                    .arg(v.title) });
            !s)
            return s.error();
        docs << v.id;
    }
    if (Status s = tx.commit(); !s)
        return s.error();
    if (ContentFiles* files = m_store.contentFiles())
        for (const QString& id : std::as_const(docs))
            files->removeAllBut(id, 0);
    qCInfo(lcStore) << "evicted" << victims.size() << "documents to stay within" << budgetBytes << "bytes";
    m_store.notifyChanged({}, docs);
    return int(victims.size());
}

} // namespace clerk
