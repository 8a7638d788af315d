// Re-encrypts the document files under a new key after a change of the passphrase.
//
// Store::changePassphrase() writes a new random document key into the re-encrypted database
// together with the old one (meta `content_key_previous`), in the same file that the rename puts
// in place: from then on new files are written under the new key and every reader tries the new
// key first and the old one second. This job then rewrites each file still under the old key
// (a temporary file, fsync, rename over the old one), and Store::finishContentKeyRotation() makes
// the renames durable (fsync of the folder) before it deletes the old key. A kill at any point
// leaves each file whole under one of the two keys the database holds; the next unlock finds the
// old key still there (Store::contentKeyRotationPending()) and the application runs the job again,
// which skips the files already done.
//
// Threading: built on the store's thread (it reads the list of documents there), run() on any
// thread: it touches files only, never the database, so the GUI thread stays free (ClerkDesk runs
// it on a worker thread behind a progress dialog; see ui/ChangePassphraseDialog). Nothing else
// may write document files meanwhile: the application stops the sync engine first.
#pragma once

#include "core/Result.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <atomic>
#include <functional>
#include <memory>

namespace clerk {

class ContentFiles;
class Store;

class ContentKeyRotation
{
    Q_DECLARE_TR_FUNCTIONS(clerk::ContentKeyRotation)
public:
    // Bytes of the files done so far and in all; called after each file, on run()'s thread.
    // Return false to stop there (safe: what is done stays done, the next run continues).
    using Progress = std::function<bool(qint64 done, qint64 total)>;

    explicit ContentKeyRotation(Store& store);
    ~ContentKeyRotation();

    // Status of the list taken from the store (a failed query, a locked store).
    const Status& prepared() const { return m_prepared; }
    qint64 totalBytes() const { return m_total; }
    int fileCount() const { return int(m_documents.size()); }

    Status run(const Progress& progress = {});
    // Every file of the list was found under the new key or rewritten by a successful run().
    bool complete() const { return m_complete.load(); }
    int rewritten() const { return m_rewritten; }
    // Files the list names but the folder lacks or cannot decrypt under either key: unreadable
    // before the rotation already, and not held against it (each is logged).
    int unreadable() const { return m_unreadable; }

private:
    struct Item
    {
        QString id;
        qint64 size = 0;
        int generation = 1; // the file the row names (ContentFiles::fileName)
    };
    std::shared_ptr<const ContentFiles> m_files;
    QList<Item> m_documents;
    qint64 m_total = 0;
    Status m_prepared;
    std::atomic<bool> m_complete { false };
    int m_rewritten = 0;
    int m_unreadable = 0;
};

} // namespace clerk
