// Document bytes beside an encrypted database, one file per document (<database>.content/<id>.cdc),
// encrypted with AES-256-GCM in chunks of 1 MiB, each with its own nonce and tag; the header and
// the document id are authenticated with every chunk, so a file swapped for another document's or
// altered on disk is refused, not served. The key is random, made once and kept inside the
// encrypted database, so it goes with the database's key (and leaves memory on lock).
//
// Used by the reference server (a 64 MiB download read its blob out of SQLCipher in 450 ms;
// AES-GCM with the CPU's AES instructions decrypts it in a few ms) and by the clerk's store
// (SQLCipher wrote a 524 MB e-file at ~80 MB/s, page by page with an HMAC-SHA512 each and two
// system calls per 4 KiB WAL frame). A database kept plaintext on purpose (benchmark peers, the
// server's --plain) keeps the files plain too.
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QIODevice>
#include <QSet>
#include <QString>
#include <memory>

class QSaveFile;

namespace clerk {

class ContentFiles
{
    Q_DECLARE_TR_FUNCTIONS(clerk::ContentFiles)
public:
    static constexpr qint64 kChunk = 1 << 20;

    // `key`: 32 bytes, or empty for plain files.
    ContentFiles(QString folder, QByteArray key);
    // While a key rotation is unfinished (Store::changePassphrase): files are written under `key`,
    // and read under `key` or, where that fails, under `previousKey`.
    ContentFiles(QString folder, QByteArray key, QByteArray previousKey);
    ~ContentFiles();
    ContentFiles(const ContentFiles&) = delete;
    ContentFiles& operator=(const ContentFiles&) = delete;

    // A document written piece by piece, `size` bytes in all (announced up front: it is part of
    // the authenticated header). Nothing is in place until commit(), which checks that exactly
    // `size` bytes came, and makes the file durable (fsync) before it is renamed into place; a
    // writer dropped without commit() leaves no file behind.
    class Writer
    {
    public:
        ~Writer();
        Status write(const char* data, qint64 length);
        Status write(const QByteArray& bytes) { return write(bytes.constData(), bytes.size()); }
        Status commit();

    private:
        friend class ContentFiles;
        Writer() = default;
        Status sealChunk();
        std::unique_ptr<QSaveFile> m_file;
        QByteArray m_key, m_header, m_aad, m_buffer, m_out;
        QString m_documentId;
        qint64 m_size = 0, m_written = 0;
        quint32 m_chunk = 0;
    };
    Result<std::unique_ptr<Writer>> create(const QString& documentId, qint64 size) const
    {
        return create(documentId, size, 1);
    }

    // A document's bytes may be replaced (a new version, an import): the new ones go into a file
    // of their own, a new `generation` (1: <id>.cdc, n > 1: <id>~<n>.cdc; ids never contain '~'),
    // which the document's row names (documents.content_file). The row is switched over in the
    // transaction that stores the new bytes, and the old file is removed only after that commits:
    // until then, and after a crash in between, the committed row still points at bytes that are
    // there. The generation is not part of the authenticated data: every generation of a document
    // is that document's.
    static QString fileName(const QString& documentId, int generation = 1);
    // A generation of `documentId` that is neither `avoid` nor on disk: where new bytes may go
    // without touching any file a row (committed or not) refers to.
    int freeGeneration(const QString& documentId, int avoid) const;

    Result<std::unique_ptr<Writer>> create(const QString& documentId, qint64 size, int generation) const;

    // Written completely or not at all (a temporary file renamed into place).
    Status write(const QString& documentId, const QByteArray& bytes);
    // Bytes [offset, offset + length) of a document as a device that decrypts one chunk at a time
    // as it is read (memory: one chunk), for streaming a download. The first chunk is checked
    // here; a later chunk that fails its check ends the reading with an error.
    Result<std::unique_ptr<QIODevice>> open(
        const QString& documentId, qint64 offset, qint64 length, int generation = 1) const;
    void remove(const QString& documentId, int generation = 1);
    // Removes the document's files but generation `keep` (0: all of them; see the .cpp for the
    // bound).
    void removeAllBut(const QString& documentId, int keep);
    // Removes every file of the folder but those named in `keep` (fileName() of the documents
    // whose rows say their bytes are here): files written for a transaction that then rolled back
    // or was cut off, older generations replaced by a commit that the process did not outlive, and
    // temporary files of writes that never finished. Returns how many went.
    int sweep(const QSet<QString>& keep);

    // The file a document is kept in (for tests).
    QString pathOf(const QString& documentId, int generation = 1) const;
    const QString& folder() const { return m_folder; }

    // --- key rotation (ContentKeyRotation) ---
    bool rotating() const { return !m_previousKey.isEmpty(); }
    // A document's file still under the previous key is re-encrypted under the current one: a new
    // file under a temporary name, made durable, then renamed over the old one (so that after a
    // crash the file is whole under one key or the other). True when it was rewritten, false when
    // it was under the current key already. Safe from any thread; nothing else may write this
    // document meanwhile. Error::NotFound/Corrupt only when the file cannot be opened under either
    // key at all (missing, damaged header, first chunk fails under both); a failure further on is
    // Error::Io (or the writer's error), and the previous key is still needed.
    Result<bool> reencrypt(const QString& documentId, int generation = 1) const;
    // Makes the renames in the folder durable (POSIX: fsync of the directory; nothing on Windows).
    Status syncFolder() const;

private:
    void removeExact(const QString& documentId, const QStringList& names);

    QString m_folder;
    QByteArray m_key;
    QByteArray m_previousKey;
};

} // namespace clerk
