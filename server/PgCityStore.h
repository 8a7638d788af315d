// CityStore on PostgreSQL (libpq, PgConnection.h), for a city's several stateless instances. The
// rows are protected by the database host (disk encryption, access rules); document bytes are
// encrypted by the application (ContentFiles, AES-256-GCM chunks) with a key derived from the
// server key, which never enters the database. Mutation ids are claimed with INSERT … ON CONFLICT
// before anything is applied; writers of the changes feed are serialised for the last statement of
// their transaction (PgCityRequests.cpp, writeChanges) so that sequence order is commit order and a
// reader never skips a change. Usable from several threads at once, a connection per thread.
#pragma once

#include "CityStore.h"

#include <QCoreApplication>
#include <QObject>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace clerk {
class ContentFiles;
}

namespace clerk::server::pg {
class Connection;
} // namespace clerk::server::pg

namespace clerk::server {

class PgFeedListener;

class PgCityStore final : public CityStore
{
    // The same words as SqlCityStore's, under its translation context: translated once for both.
    Q_DECLARE_TR_FUNCTIONS(clerk::server::SqlCityStore)
public:
    struct Options
    {
        QString conninfo; // postgresql://… or libpq key=value words
        QByteArray key; // the server key: the documents' key is derived from it (at least 16 bytes)
        QString contentDir; // document bytes (encrypted); every instance reaches the same folder
        QString highwaterPath; // beside the documents: notices a restore from backup
        // Bring the schema forward (clerkdesk-server migrate, tests); otherwise a database at an
        // older schema is refused with a message that says to run `migrate`.
        bool migrate = false;
        // Live updates: LISTEN for the feed's notifications (all instances' changes) and announce
        // them (CityStore::addFeedListener). Off for one-shot commands.
        bool listen = true;
    };

    // Connects and checks (or, with options.migrate, brings forward) the schema (PgCitySchema.cpp);
    // a database of a newer server is refused with Error::SchemaTooNew and left as it is.
    static Result<std::unique_ptr<PgCityStore>> open(const Options& options);
    // The newest schema version this build knows.
    static int schemaVersion();
    ~PgCityStore() override;

    Status addTeam(const Team& team) override;
    QList<Team> teams() override;
    Status addClerk(const Clerk& clerk, const QString& passwordHash) override;
    Status setPasswordHash(const QString& login, const QString& passwordHash) override;
    Status setDisabled(const QString& login, bool disabled) override;
    Result<Clerk> clerk(const QString& login) override;
    Result<QString> passwordHash(const QString& login) override;
    QList<Clerk> clerksOfTeam(const QString& teamId) override;
    Status batch(const std::function<Status()>& body) override;

    Status storeToken(const QByteArray& tokenHash, const QString& login, const QDateTime& expiresAt) override;
    Result<Clerk> clerkForToken(const QByteArray& tokenHash, const QDateTime& now) override;
    Status revokeToken(const QByteArray& tokenHash) override;

    int failuresSince(const QString& subject, const QDateTime& since) override;
    Status recordFailure(const QString& subject, const QDateTime& at) override;
    Status clearFailures(const QString& subject) override;

    Status upsertService(const Service& service) override;
    QList<Service> services() override;
    Result<Service> service(const QString& id) override;

    Result<Request> fileRequest(
        Request request, const QList<NewAttachment>& attachments, const QString& actor) override;
    Result<Request> request(const QString& id) override;
    Status addNote(const Note& note) override;
    Status addAnnotation(const Annotation& annotation, const QString& teamId) override;

    ChangesPage changes(const Clerk& clerk, qint64 afterSeq, int limit) override;
    MutationResult applyMutation(const Clerk& clerk, const Mutation& mutation, const QDateTime& now) override;
    Result<QList<MutationResult>> applyMutations(
        const Clerk& clerk, const QList<Mutation>& mutations, const QDateTime& now) override;
    Result<DocumentBlob> document(const Clerk& clerk, const QString& id) override;
    Result<Document> documentInfo(const Clerk& clerk, const QString& id) override;
    Result<std::unique_ptr<QIODevice>> openDocument(const QString& id, qint64 offset, qint64 length) override;

    Result<PurgeReport> purge(const QDateTime& now, const Retention& retention) override;

    Status reachable() override;
    QString fingerprint() override { return m_fingerprint; }
    qint64 lastSeq() override;
    Result<qint64> newestSeq(const Clerk& clerk) override;

    // The calling thread's connection: every thread that uses the store gets one of its own (the
    // opening thread the one opened with it; ApiServer's worker threads one each, opened when
    // first used and kept until the store goes), so the store may be used from several threads at
    // once as long as each keeps to its own transactions. A lost connection is opened again on the
    // next use outside a transaction.
    pg::Connection& connection() { return db(); }
    bool concurrent() const override { return true; }

private:
    explicit PgCityStore(std::unique_ptr<pg::Connection> conn, Options options);
    Status migrate(bool apply);
    pg::Connection& db();
    std::unique_ptr<pg::Connection> connect();
    // The changes feed's rows of a transaction as SQL text, sent with its COMMIT (PgCityRequests.cpp).
    Result<QByteArray> lockFeed(pg::Connection& conn);
    Result<QByteArray> writeChanges(pg::Connection& conn, const QList<QStringList>& rows);
    Status openContentFiles();
    Status checkFingerprint();
    void writeHighwater(qint64 seq); // with m_highwaterLock held
    void noteHandedOut(qint64 seq); // a reader was handed changes up to `seq`
    Status appendChange(const QString& kind, const QString& id, const QString& teamId, const QString& op);
    // One entry of a request's history: a code with parameters (the feed's `timeline` kind).
    struct TimelineEntry
    {
        QString requestId;
        QString teamId; // who may see it: the request's team
        QString actor;
        QString code; // received, claimed, assigned, status_changed, documents_requested, note_added
        QJsonObject params;
        QString text; // for the server's own audit, never sent
        QString mutationId = {}; // the clerk's change it came from, if any
    };
    Status timeline(const TimelineEntry& entry, const QDateTime& at);
    MutationResult applyRequestMutation(const Clerk& clerk, const Mutation& m, const QDateTime& now);
    // Locks the rows of requests and annotations a batch writes (of the clerk's teams), all in one
    // order so that two batches never wait for each other in a cycle.
    Status lockRowsOf(const Clerk& clerk, const QList<Mutation>& mutations);
    MutationResult applyNoteMutation(const Clerk& clerk, const Mutation& m, const QDateTime& now);
    MutationResult applyAnnotationMutation(const Clerk& clerk, const Mutation& m, const QDateTime& now);
    // An Aussonderung step (core/domain/Archiving.h has the rules; this reads and writes the state).
    MutationResult applyArchivingMutation(const Clerk& clerk, const Mutation& m, const QDateTime& now);
    QString nextReference(int year);

    std::unique_ptr<pg::Connection> m_conn; // the opening thread's
    Qt::HANDLE m_connThread = nullptr; // which thread that is
    std::mutex m_connsLock;
    std::unordered_map<Qt::HANDLE, std::unique_ptr<pg::Connection>> m_conns; // other threads' (db())
    Options m_options;
    std::unique_ptr<ContentFiles> m_content; // document bytes, beside the database
    QString m_fingerprint; // set while opening, then only read
    std::mutex m_highwaterLock;
    qint64 m_highwaterSeq = 0; // with m_highwaterLock
    std::unique_ptr<QObject> m_feedContext; // what the listener hears arrives on the store's thread
    std::unique_ptr<PgFeedListener> m_listener; // after m_feedContext: stops before it goes
};

} // namespace clerk::server
