// CityStore on the project's SQLCipher layer: encrypted at rest with a key from a file or the
// environment, or plain SQLite only when explicitly asked for.
#pragma once

#include "CityStore.h"

#include <QCoreApplication>
#include <QObject>
#include <memory>

namespace clerk {
class ContentFiles;
}

namespace clerk::sql {
class Checkpointer;
class Connection;
} // namespace clerk::sql

namespace clerk::server {

class SqlCityStore final : public CityStore
{
    Q_DECLARE_TR_FUNCTIONS(clerk::server::SqlCityStore)
public:
    struct Options
    {
        QString path;
        QByteArray key; // passphrase; empty with plaintext. The store keeps no copy: the
                        // caller wipes its own (sql::wipe) once open() returns
        bool plaintext = false;
        QString highwaterPath; // beside the database: notices a restore from backup
        int busyTimeoutMs = 5000; // how long a write waits for another connection's lock
    };

    // Creates or opens the database and brings its schema forward (SqlCitySchema.cpp); a database
    // of a newer server is refused with Error::SchemaTooNew and left as it is.
    static Result<std::unique_ptr<SqlCityStore>> open(const Options& options);
    // The newest schema version this build knows.
    static int schemaVersion();
    ~SqlCityStore() override;

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

    QString fingerprint() override { return m_fingerprint; }
    qint64 lastSeq() override;
    Result<qint64> newestSeq(const Clerk& clerk) override;

    sql::Connection& connection() { return *m_conn; }

private:
    explicit SqlCityStore(std::unique_ptr<sql::Connection> conn, Options options);
    Status migrate();
    Status openContentFiles();
    Status checkFingerprint();
    void writeHighwater(qint64 seq);
    Status appendChange(const QString& kind, const QString& id, const QString& teamId, const QString& op);
    // Live updates in this process: a change row was written; once the event loop runs again (the
    // transaction has ended), announceFeed() if the feed's newest change moved.
    void feedWritten();
    void checkFeed();
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
    QByteArray timelineData(const QString& uid);
    QByteArray entityData(const QString& kind, const QString& id, qint64* version);
    MutationResult applyRequestMutation(const Clerk& clerk, const Mutation& m, const QDateTime& now);
    MutationResult applyNoteMutation(const Clerk& clerk, const Mutation& m, const QDateTime& now);
    MutationResult applyAnnotationMutation(const Clerk& clerk, const Mutation& m, const QDateTime& now);
    // An Aussonderung step (core/domain/Archiving.h has the rules; this reads and writes the state).
    MutationResult applyArchivingMutation(const Clerk& clerk, const Mutation& m, const QDateTime& now);
    QString nextReference(int year);

    std::unique_ptr<sql::Connection> m_conn;
    std::unique_ptr<sql::Checkpointer> m_checkpointer; // after m_conn: goes before it
    Options m_options;
    std::unique_ptr<ContentFiles> m_content; // document bytes, beside the database
    QString m_fingerprint;
    qint64 m_highwaterSeq = 0;
    std::unique_ptr<QObject> m_feedContext; // queued feed checks run on the store's thread
    bool m_feedCheckQueued = false;
    qint64 m_announcedSeq = 0;
};

} // namespace clerk::server
