// Document bytes of the reference server, one file per document beside the database
// (<database>.content/<id>.cdc), encrypted with AES-256-GCM in chunks of 1 MiB, each with its own
// nonce and tag; the header and the document id are authenticated with every chunk, so a file
// swapped for another document's or altered on disk is refused, not served. The key is random,
// made once and kept inside the encrypted database. A 64 MiB download read its blob out of
// SQLCipher in 450 ms; AES-GCM with the CPU's AES instructions decrypts it in a few ms.
// A server whose database is plaintext (explicitly asked for) keeps the files plain too.
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QIODevice>
#include <QString>

#include <memory>

namespace clerk::server {

class ContentFiles
{
public:
    static constexpr qint64 kChunk = 1 << 20;

    // `key`: 32 bytes, or empty for plain files.
    ContentFiles(QString folder, QByteArray key);
    ~ContentFiles();

    // Written completely or not at all (a temporary file renamed into place).
    Status write(const QString& documentId, const QByteArray& bytes);
    // Bytes [offset, offset + length) of a document as a device that decrypts one chunk at a time
    // as it is read (memory: one chunk), for streaming a download. The first chunk is checked
    // here; a later chunk that fails its check ends the reading with an error.
    Result<std::unique_ptr<QIODevice>> open(const QString& documentId, qint64 offset, qint64 length) const;
    void remove(const QString& documentId);

    // The file a document is kept in (for tests).
    QString pathOf(const QString& documentId) const;

private:
    QString m_folder;
    QByteArray m_key;
};

} // namespace clerk::server
