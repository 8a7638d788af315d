// The encrypted offline cache of one user profile: one SQLCipher 4 file, WAL mode, migrated
// forward on unlock. Unlock with a passphrase (SQLCipher's KDF) or with the 256-bit raw key kept
// in the OS keyring; a wrong key changes nothing on disk. A plaintext file is never created or
// accepted. lock() closes every connection and wipes the key material this object holds.
//
// Writes made through this object notify after commit (requestsChanged, documentsChanged);
// writes made on a worker connection (the sync thread's) are announced with notifyChanged().
#pragma once

#include "core/Clock.h"
#include "core/Result.h"
#include "core/domain/Domain.h"
#include "core/store/SearchIndex.h"

#include <QObject>
#include <QSet>
#include <functional>
#include <memory>
#include <optional>

class QIODevice;

namespace clerk {

class ContentFiles;
class ContentKeyRotation;

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
    Clock& clock() const { return m_clock; }
    // Plain SQLite instead of SQLCipher: only for the benchmark's side-by-side figures and the
    // reference server's explicit --plain option. Never used for a clerk's profile.
    void setPlaintext(bool plaintext) { m_plaintext = plaintext; }
    bool exists() const;
    bool isUnlocked() const { return m_conn != nullptr; }

    // Makes a new encrypted database; refuses if the file exists.
    Status create(const QByteArray& passphrase);
    Status unlock(const QByteArray& passphrase);
    // rawKey: 32 bytes of key + 16 bytes of salt, as rawKeyFor() returns it.
    Status unlockWithKey(const QByteArray& rawKey);
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

    sql::Connection& connection() { return *m_conn; }
    // Another connection to the same file (for the sync thread), keyed with the raw key: < 1 ms.
    Result<std::unique_ptr<sql::Connection>> openWorkerConnection() const;
    // The thread that checkpoints this store's WAL (null while locked, or when it could not start
    // and SQLite checkpoints in the commits as usual).
    const sql::Checkpointer* checkpointer() const { return m_checkpointer.get(); }
    // Document bytes beside the database (<path>.content/), keyed with a random key kept in the
    // database; null while locked. Reading is safe from any thread. Worker threads hold a share
    // (sharedContentFiles), so that a lock while they run frees the key after them, not under them.
    ContentFiles* contentFiles() const { return m_contentFiles.get(); }
    std::shared_ptr<const ContentFiles> sharedContentFiles() const { return m_contentFiles; }

    // --- requests and services (sync writes these) ---
    Status upsertServices(const QList<Service>& services);
    Status upsertRequests(const QList<Request>& requests);
    // First sync: many requests into an empty cache. beginBulkImport() drops the inbox indexes,
    // bulkImport() writes batches without indexing, finishBulkImport() builds indexes and the
    // search index in one go. A crash in between is healed at the next unlock.
    // With SearchIndexing::Later the finish builds only the inbox's indexes: the inbox is ready
    // at once, and the search index is built afterwards by indexSearchSlice() (the sync thread
    // does that between its passes); until then search finds the requests indexed so far.
    enum class SearchIndexing { Now, Later };
    Status beginBulkImport();
    Status bulkImport(const QList<Request>& requests);
    Status finishBulkImport(SearchIndexing search = SearchIndexing::Now);
    // One step of the search index build in one transaction: the next `rows` requests, or a
    // bounded merge once all are in. True while steps remain; false when the index is complete
    // (nothing was pending, or this call finished it).
    Result<bool> indexSearchSlice(int rows);
    // While the search index is being built: requests indexed so far and in all.
    using SearchIndexProgress = SearchIndex::Progress;
    std::optional<SearchIndexProgress> searchIndexPending();
    // Cheap: whether a deferred build is under way (no counting).
    bool searchIndexBuilding() const;
    // Between the two: notes and documents skip the search index too (the finish rebuilds it).
    bool bulkImportRunning() const { return m_bulkImport; }
    Result<Request> request(const QString& id);
    Status upsertNotes(const QList<Note>& notes);
    Status upsertAnnotations(const QList<Annotation>& annotations);
    QList<Annotation> annotationsOf(const QString& documentId);
    // One annotation, also a deleted one (for undo).
    Result<Annotation> annotation(const QString& id);
    QList<Note> notes(const QString& requestId);

    // A conflict, resolved by the clerk: take the server's state (the local change is dropped), or
    // keep mine (the change is sent again on top of the server's version, under a new id).
    enum class Resolution { TakeTheirs, KeepMine };
    Status resolveConflict(const QString& mutationId, Resolution resolution);
    Result<Service> service(const QString& id);
    // Colleagues known from the requests of a team (their assignees), for "assign to".
    QStringList colleaguesOf(const QString& teamId);

    // --- the clerk's changes: local effect and outbox entry in one transaction ---
    // `localEffect` runs inside the transaction; if it fails, nothing is written.
    Result<Mutation> recordChange(Mutation mutation, const std::function<Status(sql::Connection&)>& localEffect);
    Result<Mutation> changeStatus(const QString& requestId, const QString& newStatus, const QString& actor);
    Result<Mutation> addNote(const QString& requestId, const QString& text, const QString& actor);
    Result<Mutation> claim(const QString& requestId, const QString& login);
    // Hands the request to a colleague of its team (empty: nobody); the server checks the team.
    Result<Mutation> assign(const QString& requestId, const QString& assignee, const QString& actor);
    // Asks the applicant for missing documents; the message is recorded in the timeline.
    Result<Mutation> requestDocuments(const QString& requestId, const QString& message, const QString& actor);
    // The clerk's annotations: the local row and an outbox entry in one transaction. The local
    // version runs ahead of the server's by the changes not yet applied (each applied change steps
    // the server's version by one), so that changes queued offline carry the right base version.
    Result<Mutation> createAnnotation(Annotation annotation, const QString& author);
    // Geometry, colour and text of an existing annotation (also brings back a deleted one).
    Result<Mutation> updateAnnotation(const Annotation& annotation);
    Result<Mutation> deleteAnnotation(const QString& annotationId);
    // Local only: read/unread is the clerk's own marker and never leaves this computer.
    Status setUnread(const QString& requestId, bool unread);
    // Local only, like read/unread: the clerk's own follow-up marker.
    Status setFlagged(const QString& requestId, bool flagged);
    // --- the outbox: a queue read by state through its (state, seq) index ---
    // Applied changes leave the queue in the transaction that records their answer; the newest
    // kAppliedKept of them stay as a short history (the trainer's exercises, the tests), older ones go.
    static constexpr int kAppliedKept = 1000;
    struct OutboxCounts
    {
        int unsent = 0; // pending or sent, not answered yet
        int conflicts = 0;
        int rejected = 0;
        int decisions() const { return conflicts + rejected; }
    };
    // Counted in SQL: as cheap with a year of history behind them as on a fresh profile.
    Result<OutboxCounts> outboxCounts();
    // Waiting for the clerk's decision, unsent ones, or both ("open"): oldest first, at most `limit`.
    enum class OutboxPart { Unsent, Decisions, Open };
    Result<QList<Mutation>> outboxPart(OutboxPart part, int limit);
    // Changes not sent or not answered yet (pending + sent).
    int pendingCount();
    // Outbox entries of one request that need the clerk (conflict or rejected).
    QList<Mutation> problemsOf(const QString& requestId);
    // Everything the outbox holds (open changes and the short applied history), oldest first.
    QList<Mutation> outbox(int limit = 500);
    // Marked before sending, in one transaction: a crash between send and reply resends the same
    // ids, which the server answers with its first result.
    Status markSent(const QList<Mutation>& batch);
    // The server's answer to one sent change.
    struct Answer
    {
        QString mutationId;
        QString kind; // of the change: its version is stepped where applied
        QString targetId;
        Mutation::State state = Mutation::State::Applied;
        qint64 version = 0; // applied: the entity's new server version
        QString error; // conflict, rejected: why
        QJsonObject serverState;
    };
    // Records a batch's answers in one transaction: applied changes leave the queue (the short
    // history keeps the newest), their entities take the new versions; conflicts and refusals stay
    // with the server's state for the clerk.
    Status recordAnswers(const QList<Answer>& answers);
    // A send that got no usable answer: the entries stay "sent" (and go again) with the reason kept
    // for the sync problems list.
    Status noteSendFailure(const QStringList& mutationIds, const QString& error);
    // A rejected change the clerk wants to try again (e.g. after the server's data was fixed).
    Status retryMutation(const QString& mutationId);
    // A rejected change the clerk gives up: the entry goes, and the request is fetched fresh at
    // the next sync so that the local effect does not linger.
    Status discardMutation(const QString& mutationId);

    // --- timeline and meta ---
    Status addTimeline(const TimelineEvent& event);
    // Entries from the changes feed (append-only, keyed by the server's id): each once, however
    // often a page comes again; one that names a change of this clerk takes the place of the
    // local entry that change wrote. Entries of a request retention removed are not kept.
    Status mergeTimeline(const QList<TimelineEvent>& entries);
    // Oldest first (equal times in the order they were written).
    QList<TimelineEvent> timeline(const QString& requestId);
    QString meta(const QString& key) const;
    Status setMeta(const QString& key, const QString& value);

    Result<QList<qint64>> search(const QString& typed, int limit = 50);
    // The clerk's named searches, in their order: (name, search text).
    QList<QPair<QString, QString>> savedSearches();
    // Adds or replaces the search with this name.
    Status saveSearch(const QString& name, const QString& query);
    Status removeSavedSearch(const QString& name);

    // Announces changes that another connection committed; both lists empty: "reload everything".
    void notifyChanged(const QStringList& requestIds, const QStringList& documentIds = {});

Q_SIGNALS:
    // An empty list means "too many to name": reload everything (after a bulk import).
    void requestsChanged(const QStringList& requestIds);
    void documentsChanged(const QStringList& documentIds);
    void unlocked();
    void locked();
    // A slice of the deferred search index was written through this Store (indexed == total: done).
    void searchIndexProgress(qint64 indexed, qint64 total);

private:
    Status openWith(const QByteArray& passphrase, const QByteArray& rawKey, bool create, int migrateTo);
    Status migrate(int targetVersion);
    Status healAfterInterruptedImport();
    Status writeRequests(const QList<Request>& requests, bool index);
    // A change sent again under a new id keeps its local timeline entry (linked to the new id); an
    // empty new id drops the entry of a change that was given up.
    Status relinkTimeline(const QString& mutationId, const QString& newMutationId);
    void flushNotifications();
    void removeLeftoverRekey();
    Status openContentFiles();
    QByteArray contentKey(const QString& name);
    Status trimAppliedHistory();

    std::optional<SearchIndexProgress> m_searchProgress; // of the deferred build this Store runs

    QString m_path;
    Clock& m_clock;
    std::unique_ptr<sql::Connection> m_conn;
    std::unique_ptr<sql::Checkpointer> m_checkpointer; // after m_conn: goes before it
    std::shared_ptr<ContentFiles> m_contentFiles;
    QByteArray m_rawKey;
    bool m_plaintext = false;
    bool m_bulkImport = false;
    QSet<QString> m_changedRequests;
    QSet<QString> m_changedDocuments;
    friend class DocumentCache;
};

} // namespace clerk
