// The encrypted offline cache of one user profile: one SQLCipher 4 file, WAL mode, migrated
// forward on unlock. This class opens, locks and re-keys the file; the data lives in its parts,
// one per concern (requests(), outbox(), annotations(), notes(), timeline(), meta(),
// savedSearches(), requestImport()), which all write through one Database. Unlock with a passphrase (SQLCipher's KDF)
// or with the 256-bit raw key kept in the OS keyring; a wrong key changes nothing on disk. A plaintext file is never
// created or accepted. lock() closes every connection and wipes the key material this object holds.
//
// Writes made through this object notify after commit (requestsChanged, documentsChanged);
// writes made on a worker connection (the sync thread's) are announced with notifyChanged().
#pragma once

#include "core/Clock.h"
#include "core/Result.h"
#include "core/domain/Domain.h"
#include "core/store/Annotations.h"
#include "core/store/Meta.h"
#include "core/store/NoteDrafts.h"
#include "core/store/Notes.h"
#include "core/store/Outbox.h"
#include "core/store/RequestImport.h"
#include "core/store/Requests.h"
#include "core/store/SavedSearches.h"
#include "core/store/Timeline.h"

#include <QObject>
#include <QSet>
#include <functional>
#include <memory>
#include <optional>

class QIODevice;

namespace clerk {

class ContentFiles;
class ContentKeyRotation;
class Database;

namespace sql {
class Checkpointer;
class Connection;
} // namespace sql

class Store : public QObject
{
    Q_OBJECT
public:
    explicit Store(const QString& path, Clock& clock = Clock::system(), QObject* parent = nullptr);
    ~Store() override;

    const QString& path() const { return m_path; }
    // Where "now" comes from for everything written with this store (e-files, sync times, timeline).
    Clock& clock() const;
    // Plain SQLite instead of SQLCipher: only for the benchmark's side-by-side figures and the
    // reference server's explicit --plain option. Never used for a clerk's profile.
    void setPlaintext(bool plaintext) { m_plaintext = plaintext; }
    bool exists() const;
    bool isUnlocked() const;

    // Makes a new encrypted database; refuses if the file exists.
    Status create(const QByteArray& passphrase);
    Status unlock(const QByteArray& passphrase);
    // rawKey: 32 bytes of key + 16 bytes of salt, as rawKeyFor() returns it.
    Status unlockWithKey(const QByteArray& rawKey);
    // A second Store over a file that another Store (the window's) has open, for a job on a worker
    // thread: no clean-up, migration, healing, trimming or checkpointing of its own — the owner does
    // those — and a file whose schema is not this version's is refused.
    Status unlockAsWorker(const QByteArray& rawKey);
    void lock();

    // The raw key for "remember on this computer" (to be kept in the OS keyring); only while unlocked.
    QByteArray rawKey() const { return m_rawKey; }

    // Re-encrypts the whole file under a new passphrase. Atomic: after a crash the file on disk
    // opens with the old passphrase or the new one, never neither. The re-encrypted file also
    // carries a new document-file key (the old one kept as "previous" until the files are
    // re-encrypted under the new one by ContentKeyRotation; see there). Refused while an earlier
    // rotation is unfinished. Nothing else may use the file meanwhile (stop the sync engine first).
    Status changePassphrase(const QByteArray& newPassphrase);
    // Whether `passphrase` is the one this unlocked store was opened with: derives its raw key and
    // compares (constant time); the open connection and the file are not touched.
    bool isPassphrase(const QByteArray& passphrase) const;
    // The document files still wait for their re-encryption under the new key (the database holds
    // the old one too): after changePassphrase(), or after a run that was cut off.
    bool contentKeyRotationPending() const;
    // After rotation.run() went through every file: makes the renames durable (fsync of the
    // folder), then deletes the old key from the database and from memory.
    Status finishContentKeyRotation(const ContentKeyRotation& rotation);

    int schemaVersion() const;
    // For tests of the migration path: migrate no further than this version.
    Status unlockAndMigrateTo(const QByteArray& passphrase, int version);

#ifdef CLERKDESK_STORE_INTERNAL
    // Core-internal and on its way out: use storeConnection() from core/store/DatabaseAccess.h.
    // (Declared only where store internals may be included; ui/ and app/ do not see it.)
    sql::Connection& connection() { return storeConnection(*this); }
#endif
    // Each connection's page cache, MiB (the store's own, the sync's and jobs'). Small: a day of a
    // clerk's work touches a few MiB of pages (bench week, 1,000,000 requests: searches, triage and
    // the evening's push as fast with 8 MiB as with 32), and what a cache holds stays resident for
    // as long as the window is open.
    static constexpr int kConnectionCacheMb = 8;
    // Another connection to the same file (for the sync thread), keyed with the raw key: < 1 ms;
    // `cacheMb`: its page cache.
    Result<std::unique_ptr<sql::Connection>> openWorkerConnection(int cacheMb = kConnectionCacheMb) const;
    // The thread that checkpoints this store's WAL (null while locked, or when it could not start
    // and SQLite checkpoints in the commits as usual).
    const sql::Checkpointer* checkpointer() const;
    // Document bytes beside the database (<path>.content/), keyed with a random key kept in the
    // database; null while locked. Reading is safe from any thread. Worker threads hold a share
    // (sharedContentFiles), so that a lock while they run frees the key after them, not under them.
    ContentFiles* contentFiles() const { return m_contentFiles.get(); }
    std::shared_ptr<const ContentFiles> sharedContentFiles() const { return m_contentFiles; }

    // --- the parts: one per concern (see docs/ARCHITECTURE.md, "The store") ---
    Requests& requests() { return m_requests; }
    RequestImport& requestImport() { return m_import; }
    Outbox& outbox() { return m_outbox; }
    Annotations& annotations() { return m_annotations; }
    Notes& notes() { return m_notes; }
    NoteDrafts& noteDrafts() { return m_noteDrafts; }
    Timeline& timeline() { return m_timeline; }
    Meta& meta() { return m_meta; }
    const Meta& meta() const { return m_meta; }
    SavedSearches& savedSearches() { return m_savedSearches; }

    // Request rowids, best first (see SearchIndex).
    Result<QList<qint64>> search(const QString& typed, int limit = 50);

    // --- forwarding to the parts (older callers; new code uses the parts) ---
    using SearchIndexing = RequestImport::SearchIndexing;
    using Resolution = Outbox::Resolution;
    using OutboxCounts = Outbox::Counts;
    using OutboxPart = Outbox::Part;
    using Answer = Outbox::Answer;
    static constexpr int kAppliedKept = Outbox::kAppliedKept;
    Result<int> upsertServices(const QList<Service>& services) { return m_requests.upsertServices(services); }
    Result<qint64> servicesRevision() { return m_requests.servicesRevision(); }
    Status upsertRequests(const QList<Request>& requests) { return m_requests.upsert(requests); }
    Status beginBulkImport() { return m_import.begin(); }
    Status bulkImport(const QList<Request>& requests) { return m_import.write(requests); }
    Status finishBulkImport(SearchIndexing search = SearchIndexing::Now) { return m_import.finish(search); }
    Result<bool> indexSearchSlice(int rows) { return m_import.indexSearchSlice(rows); }
    std::optional<SearchIndexProgress> searchIndexPending() { return m_import.searchIndexPending(); }
    bool searchIndexBuilding() const { return m_import.searchIndexBuilding(); }
    bool bulkImportRunning() const { return m_import.running(); }
    Result<Request> request(const QString& id) { return m_requests.request(id); }
    Result<Service> service(const QString& id) { return m_requests.service(id); }
    Status upsertNotes(const QList<Note>& notes) { return m_notes.upsert(notes); }
    Status upsertAnnotations(const QList<Annotation>& annotations) { return m_annotations.upsert(annotations); }
    Result<Annotation> annotation(const QString& id) { return m_annotations.get(id); }
    Status resolveConflict(const QString& mutationId, Resolution resolution)
    {
        return m_outbox.resolveConflict(mutationId, resolution);
    }
    Result<Mutation> recordChange(Mutation mutation, const std::function<Status(sql::Connection&)>& localEffect)
    {
        return m_outbox.record(std::move(mutation), localEffect);
    }
    Result<Mutation> changeStatus(const QString& requestId, const QString& newStatus, const QString& actor)
    {
        return m_requests.changeStatus(requestId, newStatus, actor);
    }
    Result<Mutation> addNote(const QString& requestId, const QString& text, const QString& actor)
    {
        return m_notes.add(requestId, text, actor);
    }
    Result<Mutation> claim(const QString& requestId, const QString& login)
    {
        return m_requests.claim(requestId, login);
    }
    Result<Mutation> assign(const QString& requestId, const QString& assignee, const QString& actor)
    {
        return m_requests.assign(requestId, assignee, actor);
    }
    Result<Mutation> requestDocuments(const QString& requestId, const QString& message, const QString& actor)
    {
        return m_requests.requestDocuments(requestId, message, actor);
    }
    Result<Mutation> createAnnotation(Annotation annotation, const QString& author)
    {
        return m_annotations.create(std::move(annotation), author);
    }
    Result<Mutation> updateAnnotation(const Annotation& annotation) { return m_annotations.update(annotation); }
    Result<Mutation> deleteAnnotation(const QString& annotationId) { return m_annotations.remove(annotationId); }
    Status setUnread(const QString& requestId, bool unread) { return m_requests.setUnread(requestId, unread); }
    Status setFlagged(const QString& requestId, bool flagged) { return m_requests.setFlagged(requestId, flagged); }
    Result<OutboxCounts> outboxCounts() { return m_outbox.counts(); }
    Result<QList<Mutation>> outboxPart(OutboxPart part, int limit) { return m_outbox.part(part, limit); }
    Status markSent(const QList<Mutation>& batch) { return m_outbox.markSent(batch); }
    Status recordAnswers(const QList<Answer>& answers) { return m_outbox.recordAnswers(answers); }
    Status noteSendFailure(const QStringList& mutationIds, const QString& error)
    {
        return m_outbox.noteSendFailure(mutationIds, error);
    }
    Status retryMutation(const QString& mutationId) { return m_outbox.retry(mutationId); }
    Status discardMutation(const QString& mutationId) { return m_outbox.discard(mutationId); }
    Status addTimeline(const TimelineEvent& event) { return m_timeline.add(event); }
    Status mergeTimeline(const QList<TimelineEvent>& entries) { return m_timeline.merge(entries); }
    Status setMeta(const QString& key, const QString& value) { return m_meta.set(key, value); }
    Status saveSearch(const QString& name, const QString& query) { return m_savedSearches.save(name, query); }
    Status removeSavedSearch(const QString& name) { return m_savedSearches.remove(name); }

    // Announces changes that another connection committed; both lists empty: "reload everything".
    void notifyChanged(const QStringList& requestIds, const QStringList& documentIds = {});

Q_SIGNALS:
    // An empty list means "too many to name": reload everything (after a bulk import).
    void requestsChanged(const QStringList& requestIds);
    void documentsChanged(const QStringList& documentIds);
    void unlocked();
    // The store is about to lock and still open: the last moment to write the clerk's unsent work
    // (a note being typed). Then locked().
    void aboutToLock();
    void locked();
    // A slice of the deferred search index was written through this Store (indexed == total: done).
    void searchIndexProgress(qint64 indexed, qint64 total);

private:
    // The connection, for core only: declared in the store-internal core/store/DatabaseAccess.h.
    friend sql::Connection& storeConnection(Store& store);
    enum class Role { Owner, Worker };
    Status openWith(
        const QByteArray& passphrase, const QByteArray& rawKey, bool create, int migrateTo, Role role = Role::Owner);
    Status migrate(int targetVersion);
    void removeLeftoverRekey();
    Status openContentFiles(Role role);
    QByteArray contentKey(const QString& name);

    QString m_path;
    std::unique_ptr<Database> m_db; // before the parts: they write through it
    Meta m_meta;
    Timeline m_timeline;
    SavedSearches m_savedSearches;
    Requests m_requests;
    Outbox m_outbox;
    Notes m_notes;
    NoteDrafts m_noteDrafts;
    Annotations m_annotations;
    RequestImport m_import;
    std::shared_ptr<ContentFiles> m_contentFiles;
    QByteArray m_rawKey;
    bool m_plaintext = false;
};

} // namespace clerk
