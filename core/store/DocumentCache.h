// Document bytes (PDFs, images): in an encrypted file beside the database when written whole
// (putContent, e-file imports), in chunks inside the database while a download arrives in pieces
// (appendContent). Either way a large file is streamed rather than held whole. A size budget evicts the documents of
// closed requests first, then the least recently opened (recorded in the timeline). Whole requests leave
// through RequestPurge.
#pragma once

#include "core/Clock.h"
#include "core/Result.h"
#include "core/domain/Domain.h"

#include <QCoreApplication>
#include <QHash>

class QIODevice;

namespace clerk {

class Store;

class DocumentCache
{
    Q_DECLARE_TR_FUNCTIONS(clerk::DocumentCache)
public:
    static constexpr qint64 kChunkSize = 256 * 1024;

    explicit DocumentCache(Store& store, Clock& clock = Clock::system())
        : m_store(store)
        , m_clock(clock)
    { }

    Status upsertDocuments(const QList<Document>& documents);
    Result<Document> document(const QString& id);
    QList<Document> documentsOf(const QString& requestId);

    // Reads `source` to its end into the store; verifies the SHA-256 the server announced.
    // On any failure nothing of the new content is kept. Bytes kept in a file go into a new file
    // (ContentFiles generation) that the row names from the commit on; the bytes the row named
    // before stay untouched until then, and go after it.
    Status putContent(const QString& documentId, QIODevice& source);
    // The same bytes into several documents (a file several requests share, as an xdomea cover
    // letter): `source` is read once; each document gets its own copy.
    Status putContent(const QStringList& documentIds, QIODevice& source);
    // Streams the stored content into `sink`; marks the document as opened now.
    Status readContent(const QString& documentId, QIODevice& sink);
    Result<QByteArray> content(const QString& documentId);
    bool hasContent(const QString& documentId);

    // Resumable downloads: bytes arrive in pieces and may stop anywhere. partialSize() says where to
    // continue; completeContent() checks the SHA-256 over everything and keeps it, or drops it all.
    qint64 partialSize(const QString& documentId);
    Status appendContent(const QString& documentId, const QByteArray& bytes);
    Status completeContent(const QString& documentId);
    Status setExtractedText(const QString& documentId, const QString& text);

    // putContent(), completeContent() and the chunked path of putContent() inside a transaction of
    // the caller's cannot know whether it will commit: they leave the files to this call, made
    // once that transaction ended. Committed: the files the rows named before go; not committed:
    // the files written for it go. (A process that dies first leaves them to the unlock sweep.)
    void settleFiles(bool committed);

    qint64 storedBytes();
    // Documents worth fetching ahead of time: those of open requests assigned to `login` that are
    // not stored yet, oldest due date first, as many as fit into `budgetBytes` beside what is
    // stored already (at most `limit`).
    QStringList prefetchCandidates(const QString& login, qint64 budgetBytes, int limit);
    // Evicts content until at most `budgetBytes` are stored. Returns how many documents went.
    Result<int> enforceBudget(qint64 budgetBytes);

private:
    Status putChunks(const QList<Document>& docs, QIODevice& source);
    // The document's row names `generation` now (0: chunks); `enclosed`: in a caller's transaction.
    void switched(const QString& documentId, int generation, bool enclosed);

    Store& m_store;
    Clock& m_clock;
    // Inside a caller's transaction: the generation each document's row names now, and the files
    // written (removed again unless the transaction commits).
    QHash<QString, int> m_switched;
    QList<QPair<QString, int>> m_written;
};

} // namespace clerk
