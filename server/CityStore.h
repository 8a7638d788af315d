// The reference backend's storage seam. The HTTP layer (ApiServer) talks only to this interface;
// SqlCityStore implements it on the project's SQLCipher layer, and a PostgreSQL implementation
// can take its place without touching the HTTP code.
//
// Guarantees every implementation keeps: one transaction per mutation, changes get a strictly
// increasing sequence number, a mutation id is applied at most once (a replay returns the first
// result), and a clerk only ever reads or changes what belongs to their teams.
#pragma once

#include "core/Result.h"
#include "core/domain/Domain.h"

#include <QDateTime>
#include <QHash>
#include <QIODevice>
#include <QJsonObject>
#include <QStringList>
#include <functional>
#include <memory>

namespace clerk::server {

struct Team
{
    QString id;
    QString name;
};

struct Clerk
{
    QString login;
    QString name;
    QString role; // clerk, intake, admin
    QStringList teams;
    bool disabled = false;

    bool isAdmin() const { return role == QLatin1String("admin"); }
    bool mayRead(const QString& teamId) const { return isAdmin() || teams.contains(teamId); }
};

struct ChangeItem
{
    qint64 seq = 0;
    QString kind; // service, request, document, annotation, note, timeline (append-only)
    QString op; // upsert, delete
    QString id;
    qint64 version = 0;
    QJsonObject data;
    QByteArray rawData; // the same as compact JSON text, when the store has it at hand (faster)
};

struct ChangesPage
{
    QList<ChangeItem> items;
    qint64 lastSeq = 0; // the cursor to continue from
    bool more = false;
};

struct MutationResult
{
    QString mutationId;
    QString status; // applied, conflict, rejected
    qint64 version = 0;
    QJsonObject entity; // the server's current state on conflict, the new state when applied
    QString reason; // on rejection or conflict: machine-readable code (openapi.yaml, MutationResult)
    QJsonObject params; // with the code: what the client words it from (models/RefusalNames)
    QString detail; // English words for the server's log and for clients older than the codes
    // Set when the storage failed (busy, disk full, I/O) rather than the change being refused:
    // then the batch it was part of is not kept and the whole batch is answered 503.
    Error failure;

    QJsonObject toJson() const;
};

struct DocumentBlob
{
    Document meta;
    QByteArray content;
};

// The id a filed request's attachment gets: derived from the request's id and its position, so
// that a seeded city is the same for the same seed.
QString attachmentId(const QString& requestId, int index);

struct NewAttachment
{
    QString title;
    QString kind;
    QString mimeType;
    QByteArray content;
};

// How long the server keeps what it only needs for a while (docs/ADMIN.md, "Housekeeping").
struct Retention
{
    // Throttling looks back 15 minutes; a day keeps an attack visible to the administrator.
    qint64 failureSecs = 24 * 3600;
    // A client that replays a mutation id older than this gets it treated as new: a request or
    // annotation change then meets a newer version (conflict), a create meets its own id
    // (duplicate_id); nothing is applied twice.
    qint64 mutationResultSecs = 30 * 24 * 3600;
};

struct PurgeReport
{
    int tokens = 0;
    int failures = 0;
    int mutationResults = 0;
};

class CityStore
{
public:
    virtual ~CityStore() = default;
    // Runs `body` as one unit of storage work (one transaction for the SQL store): for bulk
    // loading such as seeding. All or nothing.
    virtual Status batch(const std::function<Status()>& body) { return body(); }

    // Accounts and teams
    virtual Status addTeam(const Team& team) = 0;
    virtual QList<Team> teams() = 0;
    virtual Status addClerk(const Clerk& clerk, const QString& passwordHash) = 0;
    virtual Status setPasswordHash(const QString& login, const QString& passwordHash) = 0;
    virtual Status setDisabled(const QString& login, bool disabled) = 0; // disabling revokes tokens
    virtual Result<Clerk> clerk(const QString& login) = 0;
    virtual Result<QString> passwordHash(const QString& login) = 0;
    virtual QList<Clerk> clerksOfTeam(const QString& teamId) = 0;

    // Tokens are stored hashed.
    virtual Status storeToken(const QByteArray& tokenHash, const QString& login, const QDateTime& expiresAt) = 0;
    virtual Result<Clerk> clerkForToken(const QByteArray& tokenHash, const QDateTime& now) = 0;
    virtual Status revokeToken(const QByteArray& tokenHash) = 0;

    // Failed sign-ins, per account and per address, for throttling.
    virtual int failuresSince(const QString& subject, const QDateTime& since) = 0;
    virtual Status recordFailure(const QString& subject, const QDateTime& at) = 0;
    virtual Status clearFailures(const QString& subject) = 0;

    // Catalogue
    virtual Status upsertService(const Service& service) = 0;
    virtual QList<Service> services() = 0;
    virtual Result<Service> service(const QString& id) = 0;

    // Requests arrive through intake (or the seeder) with their attachments.
    virtual Result<Request> fileRequest(Request request, const QList<NewAttachment>& attachments, const QString& actor)
        = 0;
    virtual Result<Request> request(const QString& id) = 0;
    virtual Status addNote(const Note& note) = 0;
    virtual Status addAnnotation(const Annotation& annotation, const QString& teamId) = 0;

    // Sync
    virtual ChangesPage changes(const Clerk& clerk, qint64 afterSeq, int limit) = 0;
    virtual MutationResult applyMutation(const Clerk& clerk, const Mutation& mutation, const QDateTime& now) = 0;
    // A batch: each mutation stays atomic on its own; the store may make the batch durable in one
    // commit (a crash loses the whole batch's answers, and the client's retry is idempotent). When
    // the storage fails (busy, disk full, I/O) the answer is that error and nothing of the batch is
    // kept, no answer under any of its mutation ids either: the client sends the same ids again.
    virtual Result<QList<MutationResult>> applyMutations(
        const Clerk& clerk, const QList<Mutation>& mutations, const QDateTime& now)
    {
        QList<MutationResult> out;
        for (const Mutation& m : mutations) {
            MutationResult r = applyMutation(clerk, m, now);
            if (r.failure)
                return r.failure;
            out << std::move(r);
        }
        return out;
    }
    virtual Result<DocumentBlob> document(const Clerk& clerk, const QString& id) = 0;
    // For streaming a download: the document's description (NotFound also when not the clerk's),
    // then bytes [offset, offset + length) as a device read piece by piece.
    virtual Result<Document> documentInfo(const Clerk& clerk, const QString& id) = 0;
    virtual Result<std::unique_ptr<QIODevice>> openDocument(const QString& id, qint64 offset, qint64 length) = 0;

    // Housekeeping: removes what has no use any more (expired and revoked tokens at once, sign-in
    // failures and remembered mutation answers older than `retention`). Returns what went.
    virtual Result<PurgeReport> purge(const QDateTime& now, const Retention& retention) = 0;

    // Whether the store may be called from several threads at once, each thread with calls of
    // its own (PgCityStore: a connection per thread). ApiServer then runs its handlers' store calls
    // on worker threads; otherwise all on its own thread (SqlCityStore: one SQLCipher connection).
    virtual bool concurrent() const { return false; }
    // Whether the database answers now (for /v1/health); a store on a server may reconnect here.
    virtual Status reachable() { return {}; }
    // A value that changes when the data is replaced by an older copy (restore from backup).
    virtual QString fingerprint() = 0;
    virtual qint64 lastSeq() = 0;

    // Live updates (ApiServer's /v1/events). The newest change a clerk may see: its sequence
    // number, 0 when there is none.
    virtual Result<qint64> newestSeq(const Clerk& clerk) = 0;
    // Whoever wants to know when the feed advanced: called on the store's thread from its event
    // loop, never inside a transaction, after the change is committed and visible to readers —
    // on SQLCipher after this process's own commit, on PostgreSQL through LISTEN/NOTIFY, so also
    // for changes other instances wrote. `seq` is the newest sequence number the store knows of,
    // or 0 when it cannot say (after a lost notification connection: something may have been
    // missed). Several announcements may come for one change; none is skipped.
    using FeedListener = std::function<void(qint64 seq)>;
    int addFeedListener(FeedListener listener)
    {
        m_feedListeners.insert(++m_feedListenerIds, std::move(listener));
        return m_feedListenerIds;
    }
    void removeFeedListener(int id) { m_feedListeners.remove(id); }

protected:
    void announceFeed(qint64 seq)
    {
        const auto listeners = m_feedListeners; // a listener may remove itself
        for (const FeedListener& l : listeners)
            l(seq);
    }

private:
    QHash<int, FeedListener> m_feedListeners;
    int m_feedListenerIds = 0;
};

} // namespace clerk::server
