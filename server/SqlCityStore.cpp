#include "SqlCityStore.h"

#include "ServerLogging.h"
#include "core/Sha256.h"
#include "core/domain/FileNumber.h"
#include "core/domain/Json.h"
#include "core/store/Checkpointer.h"
#include "core/store/ContentFiles.h"
#include "core/store/Sql.h"

#include <QBuffer>
#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>
#include <QScopeGuard>
#include <QTimeZone>
#include <QUuid>
#include <openssl/rand.h>

namespace clerk::server {

namespace {

constexpr char kSchema[] = R"SQL(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS teams(id TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS clerks(
    login TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL DEFAULT 'clerk',
    password_hash TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS clerk_teams(
    login TEXT NOT NULL REFERENCES clerks(login), team_id TEXT NOT NULL REFERENCES teams(id),
    PRIMARY KEY(login, team_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS tokens(
    hash BLOB PRIMARY KEY, login TEXT NOT NULL, expires_at INTEGER NOT NULL, revoked INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS login_failures(id INTEGER PRIMARY KEY, subject TEXT NOT NULL, at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS login_failures_subject ON login_failures(subject, at);
CREATE TABLE IF NOT EXISTS services(id TEXT PRIMARY KEY, team_id TEXT NOT NULL, body TEXT NOT NULL, version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS requests(
    id TEXT PRIMARY KEY, service_id TEXT NOT NULL, team_id TEXT NOT NULL, body TEXT NOT NULL, version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS documents(
    id TEXT PRIMARY KEY, request_id TEXT NOT NULL, team_id TEXT NOT NULL, body TEXT NOT NULL, content BLOB,
    version INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS documents_request ON documents(request_id);
CREATE TABLE IF NOT EXISTS annotations(
    id TEXT PRIMARY KEY, document_id TEXT NOT NULL, team_id TEXT NOT NULL, body TEXT NOT NULL, version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS notes(
    id TEXT PRIMARY KEY, request_id TEXT NOT NULL, team_id TEXT NOT NULL, body TEXT NOT NULL, version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS changes(
    seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, entity_id TEXT NOT NULL, team_id TEXT NOT NULL,
    op TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS changes_team ON changes(team_id, seq);
CREATE INDEX IF NOT EXISTS changes_entity ON changes(kind, entity_id, team_id);
CREATE TABLE IF NOT EXISTS mutations(mutation_id TEXT PRIMARY KEY, login TEXT NOT NULL, result TEXT NOT NULL, at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS mutations_at ON mutations(at);
CREATE INDEX IF NOT EXISTS tokens_expiry ON tokens(expires_at);
CREATE INDEX IF NOT EXISTS login_failures_at ON login_failures(at);
CREATE TABLE IF NOT EXISTS timeline(
    id INTEGER PRIMARY KEY, request_id TEXT NOT NULL, at INTEGER NOT NULL, actor TEXT, kind TEXT NOT NULL, text TEXT);
CREATE INDEX IF NOT EXISTS timeline_request ON timeline(request_id);
CREATE TABLE IF NOT EXISTS audit(id INTEGER PRIMARY KEY, at INTEGER NOT NULL, login TEXT, action TEXT NOT NULL, target TEXT, detail TEXT);
)SQL";

QString compact(const QJsonObject& o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QJsonObject parse(const QString& s)
{
    return QJsonDocument::fromJson(s.toUtf8()).object();
}

} // namespace

QJsonObject MutationResult::toJson() const
{
    QJsonObject o { { QStringLiteral("mutation_id"), mutationId }, { QStringLiteral("status"), status } };
    if (status == QLatin1String("applied"))
        o.insert(QStringLiteral("version"), version);
    if (!entity.isEmpty())
        o.insert(QStringLiteral("entity"), entity);
    if (!reason.isEmpty()) {
        o.insert(QStringLiteral("reason"), reason);
        o.insert(QStringLiteral("params"), params);
        o.insert(QStringLiteral("detail"), detail);
    }
    return o;
}

Result<std::unique_ptr<SqlCityStore>> SqlCityStore::open(const Options& options)
{
    sql::Connection::Options o;
    o.path = options.path;
    o.passphrase = options.key;
    o.plaintext = options.plaintext;
    o.create = true;
    o.busyTimeoutMs = options.busyTimeoutMs;
    auto conn = sql::Connection::open(o);
    // The checkpointer's connection needs the passphrase once more, on its own thread; nothing
    // else keeps it (SQLCipher holds only the derived key, the caller wipes its copy).
    sql::Connection::Options own = o;
    own.create = false;
    sql::wipe(o.passphrase);
    Options kept = options;
    sql::wipe(kept.key);
    if (!conn) {
        sql::wipe(own.passphrase);
        return conn.error();
    }
    std::unique_ptr<SqlCityStore> store(new SqlCityStore(std::move(conn.value()), std::move(kept)));
    if (Status s = store->migrate(); !s) {
        sql::wipe(own.passphrase);
        return s.error();
    }
    if (Status s = store->openContentFiles(); !s) {
        sql::wipe(own.passphrase);
        return s.error();
    }
    // WAL checkpoints on their own thread: SQLite's automatic one ran inside whichever mutation's
    // commit crossed the threshold, the slowest batches of a run.
    store->m_checkpointer = std::make_unique<sql::Checkpointer>(*store->m_conn, [own = std::move(own)]() mutable {
        if (!own.plaintext) { // the raw key, derived once more (on the checkpointer's thread)
            own.rawKey = sql::Connection::deriveRawKey(own.passphrase, sql::Connection::fileSalt(own.path));
            sql::wipe(own.passphrase);
        }
        auto c = sql::Connection::open(own);
        sql::wipe(own.rawKey);
        return c;
    });
    if (Status s = store->checkFingerprint(); !s)
        return s.error();
    return store;
}

SqlCityStore::SqlCityStore(std::unique_ptr<sql::Connection> conn, Options options)
    : m_conn(std::move(conn))
    , m_options(std::move(options))
{ }

SqlCityStore::~SqlCityStore() = default;

Status SqlCityStore::migrate()
{
    sql::Transaction tx(*m_conn);
    if (!tx.ok())
        return tx.error();
    if (Status s = m_conn->exec(kSchema); !s)
        return s;
    // The timeline's entries go out in the changes feed as codes with parameters. A database made
    // before that has the table without these columns: CREATE IF NOT EXISTS leaves it alone, so
    // they are added here, each only when missing. Older entries keep only their text (for the
    // audit) and stay on the server: they carry no mutation id, so a clerk's client could not tell
    // them from its own copies of the same events.
    for (const char* column : { "uid", "code", "params", "mutation_id" }) {
        auto has = m_conn->query("SELECT count(*) FROM pragma_table_info('timeline') WHERE name = ?1");
        has.bindAll(QString::fromLatin1(column));
        if (!has.next())
            return has.error();
        const bool present = has.int64(0) > 0;
        while (has.next()) { }
        if (!present)
            if (Status s
                = m_conn->exec((QByteArray("ALTER TABLE timeline ADD COLUMN ") + column + " TEXT").constData());
                !s)
                return s;
    }
    if (Status s = m_conn->exec("CREATE UNIQUE INDEX IF NOT EXISTS timeline_uid ON timeline(uid)"); !s)
        return s;
    return tx.commit();
}

Status SqlCityStore::openContentFiles()
{
    // The files' key lives in the encrypted database; made on first use.
    QByteArray key;
    if (!m_options.plaintext) {
        // A key is made only when the read succeeded and found none: a busy or unreadable
        // database fails the open instead, for a new key would make every stored document
        // unreadable.
        bool found = false;
        {
            auto q = m_conn->query("SELECT value FROM meta WHERE key = 'content_key'");
            if (q.next()) {
                found = true;
                QString hex = q.text(0);
                QByteArray latin = hex.toLatin1();
                sql::wipe(hex);
                key = QByteArray::fromHex(latin);
                sql::wipe(latin);
            }
            if (q.error()) {
                sql::wipe(key);
                qCCritical(lcServer) << "the document key could not be read:" << q.error().detail;
                return q.error();
            }
        }
        if (found && key.size() != 32) {
            sql::wipe(key);
            return Error { Error::Corrupt, tr("The document key in the database is damaged."),
                QStringLiteral("meta.content_key is not 32 bytes") };
        }
        if (!found) {
            key.resize(32);
            if (RAND_bytes(reinterpret_cast<unsigned char*>(key.data()), 32) != 1)
                return Error { Error::Io, tr("No random numbers for the document key."), {} };
            // A plain INSERT: should a key have appeared meanwhile, it is kept and the open fails.
            auto q = m_conn->query("INSERT INTO meta(key, value) VALUES ('content_key', ?1)");
            QString hex = QString::fromLatin1(key.toHex());
            const Status s = q.bindAll(hex).exec();
            sql::wipe(hex);
            if (!s) {
                sql::wipe(key);
                return s;
            }
        }
    }
    m_content = std::make_unique<ContentFiles>(m_options.path + QStringLiteral(".content"), key);
    sql::wipe(key); // ContentFiles holds its own copy for as long as it runs
    return {};
}

qint64 SqlCityStore::lastSeq()
{
    auto v = m_conn->scalar("SELECT coalesce(max(seq), 0) FROM changes");
    const qint64 current = v ? v.value().toLongLong() : 0;
    // Compaction deletes old change rows; AUTOINCREMENT remembers the highest ever handed out.
    auto hi = m_conn->scalar("SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'changes'), 0)");
    return qMax(current, hi ? hi.value().toLongLong() : 0);
}

Status SqlCityStore::checkFingerprint()
{
    auto fp = m_conn->scalar("SELECT value FROM meta WHERE key = 'fingerprint'");
    m_fingerprint = fp ? fp.value().toString() : QString();
    bool fresh = m_fingerprint.isEmpty();
    if (!fresh && !m_options.highwaterPath.isEmpty()) {
        QFile f(m_options.highwaterPath);
        if (f.open(QIODevice::ReadOnly)) {
            const QJsonObject hw = QJsonDocument::fromJson(f.readAll()).object();
            m_highwaterSeq = hw.value(QLatin1String("seq")).toInteger();
            if (hw.value(QLatin1String("fingerprint")).toString() == m_fingerprint && m_highwaterSeq > lastSeq()) {
                qCWarning(lcServer) << "the database is older than the last sequence this server handed out ("
                                    << lastSeq() << "<" << hw.value(QLatin1String("seq")).toInteger()
                                    << "): restored from a backup; clients will resync fully";
                fresh = true;
            }
        }
    }
    if (fresh) {
        m_highwaterSeq = 0;
        m_fingerprint = QUuid::createUuid().toString(QUuid::WithoutBraces);
        auto q = m_conn->query("INSERT INTO meta(key, value) VALUES ('fingerprint', ?1) "
                               "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
        if (Status s = q.bindAll(m_fingerprint).exec(); !s)
            return s;
    }
    writeHighwater(m_highwaterSeq);
    return {};
}

void SqlCityStore::writeHighwater(qint64 seq)
{
    m_highwaterSeq = qMax(m_highwaterSeq, seq);
    if (m_options.highwaterPath.isEmpty())
        return;
    QSaveFile f(m_options.highwaterPath);
    if (!f.open(QIODevice::WriteOnly))
        return;
    f.write(QJsonDocument(
        QJsonObject { { QStringLiteral("fingerprint"), m_fingerprint }, { QStringLiteral("seq"), m_highwaterSeq } })
            .toJson(QJsonDocument::Compact));
    if (!f.commit())
        qCWarning(lcServer) << "could not write" << m_options.highwaterPath;
}

// --- accounts ------------------------------------------------------------------------------------
Status SqlCityStore::addTeam(const Team& team)
{
    return m_conn->query("INSERT INTO teams(id, name) VALUES (?1, ?2) ON CONFLICT(id) DO UPDATE SET name = ?2")
        .bindAll(team.id, team.name)
        .exec();
}

QList<Team> SqlCityStore::teams()
{
    QList<Team> out;
    auto q = m_conn->query("SELECT id, name FROM teams ORDER BY id");
    while (q.next())
        out << Team { q.text(0), q.text(1) };
    return out;
}

Status SqlCityStore::addClerk(const Clerk& c, const QString& passwordHash)
{
    sql::Transaction tx(*m_conn);
    if (!tx.ok())
        return tx.error();
    auto q = m_conn->query("INSERT INTO clerks(login, name, role, password_hash) VALUES (?1, ?2, ?3, ?4)");
    if (Status s = q.bindAll(c.login, c.name, c.role, passwordHash).exec(); !s)
        return s;
    for (const QString& t : c.teams) {
        auto tq = m_conn->query("INSERT INTO clerk_teams(login, team_id) VALUES (?1, ?2)");
        if (Status s = tq.bindAll(c.login, t).exec(); !s)
            return Error { Error::Invalid, tr("Unknown team: %1").arg(t), s.error().detail };
    }
    return tx.commit();
}

Status SqlCityStore::setPasswordHash(const QString& login, const QString& hash)
{
    auto q = m_conn->query("UPDATE clerks SET password_hash = ?2 WHERE login = ?1");
    if (Status s = q.bindAll(login, hash).exec(); !s)
        return s;
    if (m_conn->changes() == 0)
        return Error { Error::NotFound, tr("No such user: %1").arg(login), {} };
    return m_conn->query("UPDATE tokens SET revoked = 1 WHERE login = ?1").bindAll(login).exec();
}

Status SqlCityStore::setDisabled(const QString& login, bool disabled)
{
    sql::Transaction tx(*m_conn);
    auto q = m_conn->query("UPDATE clerks SET disabled = ?2 WHERE login = ?1");
    if (Status s = q.bindAll(login, disabled).exec(); !s)
        return s;
    if (m_conn->changes() == 0)
        return Error { Error::NotFound, tr("No such user: %1").arg(login), {} };
    if (disabled)
        if (Status s = m_conn->query("UPDATE tokens SET revoked = 1 WHERE login = ?1").bindAll(login).exec(); !s)
            return s;
    return tx.commit();
}

Result<Clerk> SqlCityStore::clerk(const QString& login)
{
    auto q = m_conn->query("SELECT login, name, role, disabled FROM clerks WHERE login = ?1");
    q.bindAll(login);
    if (!q.next())
        return Error { Error::NotFound, tr("No such user: %1").arg(login), {} };
    Clerk c { q.text(0), q.text(1), q.text(2), {}, q.int64(3) != 0 };
    while (q.next()) { }
    auto t = m_conn->query("SELECT team_id FROM clerk_teams WHERE login = ?1 ORDER BY team_id");
    t.bindAll(login);
    while (t.next())
        c.teams << t.text(0);
    return c;
}

Result<QString> SqlCityStore::passwordHash(const QString& login)
{
    auto q = m_conn->query("SELECT password_hash FROM clerks WHERE login = ?1");
    q.bindAll(login);
    if (!q.next())
        return Error { Error::NotFound, tr("No such user: %1").arg(login), {} };
    return q.text(0);
}

QList<Clerk> SqlCityStore::clerksOfTeam(const QString& teamId)
{
    QStringList logins;
    auto q = m_conn->query("SELECT c.login FROM clerks c JOIN clerk_teams t ON t.login = c.login "
                           "WHERE t.team_id = ?1 AND c.disabled = 0 ORDER BY c.login");
    q.bindAll(teamId);
    while (q.next())
        logins << q.text(0);
    QList<Clerk> out;
    for (const QString& l : std::as_const(logins))
        if (auto c = clerk(l))
            out << c.value();
    return out;
}

Status SqlCityStore::storeToken(const QByteArray& hash, const QString& login, const QDateTime& expiresAt)
{
    auto q = m_conn->query("INSERT INTO tokens(hash, login, expires_at) VALUES (?1, ?2, ?3)");
    q.bindBlob(1, hash).bind(2, login).bind(3, expiresAt.toSecsSinceEpoch());
    return q.exec();
}

Result<Clerk> SqlCityStore::clerkForToken(const QByteArray& hash, const QDateTime& now)
{
    auto q = m_conn->query("SELECT t.login FROM tokens t JOIN clerks c ON c.login = t.login "
                           "WHERE t.hash = ?1 AND t.revoked = 0 AND t.expires_at > ?2 AND c.disabled = 0");
    q.bindBlob(1, hash).bind(2, now.toSecsSinceEpoch());
    if (!q.next())
        return Error { Error::Locked, tr("The sign-in has expired or was revoked."), {} };
    const QString login = q.text(0);
    while (q.next()) { }
    return clerk(login);
}

Status SqlCityStore::revokeToken(const QByteArray& hash)
{
    auto q = m_conn->query("UPDATE tokens SET revoked = 1 WHERE hash = ?1");
    q.bindBlob(1, hash);
    return q.exec();
}

int SqlCityStore::failuresSince(const QString& subject, const QDateTime& since)
{
    auto q = m_conn->query("SELECT count(*) FROM login_failures WHERE subject = ?1 AND at >= ?2");
    q.bindAll(subject, since.toSecsSinceEpoch());
    return q.next() ? q.integer(0) : 0;
}

Status SqlCityStore::recordFailure(const QString& subject, const QDateTime& at)
{
    return m_conn->query("INSERT INTO login_failures(subject, at) VALUES (?1, ?2)")
        .bindAll(subject, at.toSecsSinceEpoch())
        .exec();
}

Result<PurgeReport> SqlCityStore::purge(const QDateTime& now, const Retention& retention)
{
    PurgeReport report;
    const qint64 at = now.toSecsSinceEpoch();
    sql::Transaction tx(*m_conn);
    if (!tx.ok())
        return tx.error();
    // Expired tokens are refused already; revoked ones too. Neither is kept.
    if (Status s = m_conn->query("DELETE FROM tokens WHERE expires_at <= ?1 OR revoked <> 0").bindAll(at).exec(); !s)
        return s.error();
    report.tokens = m_conn->changes();
    if (Status s = m_conn->query("DELETE FROM login_failures WHERE at < ?1").bindAll(at - retention.failureSecs).exec();
        !s)
        return s.error();
    report.failures = m_conn->changes();
    if (Status s
        = m_conn->query("DELETE FROM mutations WHERE at < ?1").bindAll(at - retention.mutationResultSecs).exec();
        !s)
        return s.error();
    report.mutationResults = m_conn->changes();
    if (Status s = tx.commit(); !s)
        return s.error();
    return report;
}

Status SqlCityStore::clearFailures(const QString& subject)
{
    return m_conn->query("DELETE FROM login_failures WHERE subject = ?1").bindAll(subject).exec();
}

// --- catalogue and requests --------------------------------------------------------------------
Status SqlCityStore::upsertService(const Service& s)
{
    auto q = m_conn->query("INSERT INTO services(id, team_id, body, version) VALUES (?1, ?2, ?3, ?4) "
                           "ON CONFLICT(id) DO UPDATE SET team_id = ?2, body = ?3, version = services.version + 1");
    return q.bindAll(s.id, s.teamId, compact(json::encode(s)), qMax<qint64>(1, s.version)).exec();
}

QList<Service> SqlCityStore::services()
{
    QList<Service> out;
    auto q = m_conn->query("SELECT body, version FROM services ORDER BY id");
    while (q.next()) {
        if (auto s = json::decodeService(parse(q.text(0)))) {
            s->version = q.int64(1);
            out << s.value();
        }
    }
    return out;
}

Result<Service> SqlCityStore::service(const QString& id)
{
    auto q = m_conn->query("SELECT body, version FROM services WHERE id = ?1");
    q.bindAll(id);
    if (!q.next())
        return q.error() ? q.error() : Error { Error::NotFound, tr("Unknown service: %1").arg(id), {} };
    auto s = json::decodeService(parse(q.text(0)));
    if (s)
        s->version = q.int64(1);
    return s;
}

QString SqlCityStore::nextReference(int year)
{
    const QString key = QStringLiteral("reference_counter_%1").arg(year);
    auto q = m_conn->query("INSERT INTO meta(key, value) VALUES (?1, '1') "
                           "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1 RETURNING value");
    q.bindAll(key);
    const qint64 n = q.next() ? q.int64(0) : 0;
    while (q.next()) { }
    return QStringLiteral("STU-%1-%2").arg(year).arg(n, 6, 10, QLatin1Char('0'));
}

Status SqlCityStore::batch(const std::function<Status()>& body)
{
    sql::Transaction tx(*m_conn);
    if (!tx.ok())
        return tx.error();
    if (Status s = body(); !s)
        return s; // rolled back
    return tx.commit();
}

} // namespace clerk::server

QString clerk::server::attachmentId(const QString& requestId, int index)
{
    const QUuid ns = QUuid::fromString(requestId).isNull()
        ? QUuid::fromString(QStringLiteral("6c1a3f1e-8c9b-4f57-9d1e-2f6a0b7c4d21"))
        : QUuid::fromString(requestId);
    return QUuid::createUuidV5(ns, requestId + QLatin1Char('/') + QString::number(index))
        .toString(QUuid::WithoutBraces);
}

namespace clerk::server {

Result<Request> SqlCityStore::fileRequest(Request r, const QList<NewAttachment>& attachments, const QString& actor)
{
    auto svc = service(r.serviceId);
    if (!svc)
        return svc.error();
    sql::Transaction tx(*m_conn);
    if (!tx.ok())
        return tx.error();
    if (r.id.isEmpty())
        r.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (r.reference.isEmpty())
        r.reference = nextReference(r.submittedAt.date().year());
    if (r.fileNumber.isEmpty()) // Aktenzeichen: office, filing-plan position, number/year
        r.fileNumber = clerk::fileNumber(svc->office, r.reference, r.submittedAt.date().year());
    r.teamId = svc->teamId;
    r.attachmentCount = int(attachments.size());
    r.version = 1;
    auto q = m_conn->query("INSERT INTO requests(id, service_id, team_id, body, version) VALUES (?1, ?2, ?3, ?4, 1)");
    if (Status s = q.bindAll(r.id, r.serviceId, r.teamId, compact(json::encode(r))).exec(); !s)
        return s.error();
    if (Status s = appendChange(QStringLiteral("request"), r.id, r.teamId, QStringLiteral("upsert")); !s)
        return s.error();
    int index = 0;
    // The bytes go to their files first; if the request is not stored after all, they go again.
    QStringList written;
    auto removeWritten = qScopeGuard([&] {
        for (const QString& id : std::as_const(written))
            m_content->remove(id);
    });
    for (const NewAttachment& a : attachments) {
        Document d { attachmentId(r.id, index++), r.id, a.title, a.kind, a.mimeType, a.content.size(),
            Sha256::hash(a.content).toHex(), 1 };
        if (Status s = m_content->write(d.id, a.content); !s)
            return s.error();
        written << d.id;
        auto dq = m_conn->query("INSERT INTO documents(id, request_id, team_id, body, content, version) "
                                "VALUES (?1, ?2, ?3, ?4, NULL, 1)");
        dq.bindAll(d.id, r.id, r.teamId, compact(json::encode(d)));
        if (Status s = dq.exec(); !s)
            return s.error();
        if (Status s = appendChange(QStringLiteral("document"), d.id, r.teamId, QStringLiteral("upsert")); !s)
            return s.error();
    }
    if (Status s = timeline({ r.id, r.teamId, actor, QStringLiteral("received"),
                                { { QStringLiteral("channel"), r.channel } }, tr("Received via %1").arg(r.channel) },
            r.submittedAt);
        !s)
        return s.error();
    if (Status s = tx.commit(); !s)
        return s.error();
    removeWritten.dismiss();
    return r;
}

Result<Request> SqlCityStore::request(const QString& id)
{
    auto q = m_conn->query("SELECT body, version FROM requests WHERE id = ?1");
    q.bindAll(id);
    if (!q.next())
        return q.error() ? q.error() : Error { Error::NotFound, tr("Unknown request."), id };
    auto r = json::decodeRequest(parse(q.text(0)));
    if (r)
        r->version = q.int64(1);
    return r;
}

Status SqlCityStore::addNote(const Note& n)
{
    auto r = request(n.requestId);
    if (!r)
        return r.error();
    sql::Transaction tx(*m_conn);
    Note stored = n;
    stored.version = 1;
    auto q = m_conn->query("INSERT INTO notes(id, request_id, team_id, body, version) VALUES (?1, ?2, ?3, ?4, 1)");
    if (Status s = q.bindAll(n.id, n.requestId, r->teamId, compact(json::encode(stored))).exec(); !s)
        return s;
    if (Status s = appendChange(QStringLiteral("note"), n.id, r->teamId, QStringLiteral("upsert")); !s)
        return s;
    return tx.commit();
}

Status SqlCityStore::addAnnotation(const Annotation& a, const QString& teamId)
{
    sql::Transaction tx(*m_conn);
    Annotation stored = a;
    stored.version = 1;
    auto q
        = m_conn->query("INSERT INTO annotations(id, document_id, team_id, body, version) VALUES (?1, ?2, ?3, ?4, 1)");
    if (Status s = q.bindAll(a.id, a.documentId, teamId, compact(json::encode(stored))).exec(); !s)
        return s;
    if (Status s = appendChange(QStringLiteral("annotation"), a.id, teamId, QStringLiteral("upsert")); !s)
        return s;
    return tx.commit();
}

Status SqlCityStore::appendChange(const QString& kind, const QString& id, const QString& teamId, const QString& op)
{
    // Only the newest change of an entity matters to a client: older rows are compacted away.
    auto del = m_conn->query("DELETE FROM changes WHERE kind = ?1 AND entity_id = ?2 AND team_id = ?3");
    if (Status s = del.bindAll(kind, id, teamId).exec(); !s)
        return s;
    return m_conn->query("INSERT INTO changes(kind, entity_id, team_id, op) VALUES (?1, ?2, ?3, ?4)")
        .bindAll(kind, id, teamId, op)
        .exec();
}

Status SqlCityStore::timeline(const TimelineEntry& e, const QDateTime& at)
{
    // Append-only: every entry is an entity of its own in the changes feed (never compacted), seen
    // by the request's team. `kind` and `text` stay for the server's own audit; clients get the
    // code and its parameters and word them in the clerk's language.
    const QString uid = QUuid::createUuid().toString(QUuid::WithoutBraces);
    auto q = m_conn->query("INSERT INTO timeline(request_id, at, actor, kind, text, uid, code, params, mutation_id) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    q.bindAll(e.requestId, at.toSecsSinceEpoch(), e.actor, e.code, e.text, uid, e.code, compact(e.params),
        e.mutationId.isEmpty() ? QVariant() : QVariant(e.mutationId));
    if (Status s = q.exec(); !s)
        return s;
    return appendChange(QStringLiteral("timeline"), uid, e.teamId, QStringLiteral("upsert"));
}

QByteArray SqlCityStore::timelineData(const QString& uid)
{
    auto q = m_conn->query("SELECT request_id, at, actor, code, params, mutation_id FROM timeline WHERE uid = ?1");
    q.bindAll(uid);
    if (!q.next())
        return {};
    QJsonObject o { { QStringLiteral("id"), uid }, { QStringLiteral("request_id"), q.text(0) },
        { QStringLiteral("at"), QDateTime::fromSecsSinceEpoch(q.int64(1), QTimeZone::UTC).toString(Qt::ISODate) },
        { QStringLiteral("actor"), q.text(2) }, { QStringLiteral("code"), q.text(3) },
        { QStringLiteral("params"), parse(q.text(4)) } };
    if (!q.isNull(5))
        o.insert(QStringLiteral("mutation_id"), q.text(5));
    while (q.next()) { }
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QByteArray SqlCityStore::entityData(const QString& kind, const QString& id, qint64* version)
{
    const char* sql = nullptr;
    if (kind == QLatin1String("request"))
        sql = "SELECT body, version FROM requests WHERE id = ?1";
    else if (kind == QLatin1String("document"))
        sql = "SELECT body, version FROM documents WHERE id = ?1";
    else if (kind == QLatin1String("annotation"))
        sql = "SELECT body, version FROM annotations WHERE id = ?1";
    else if (kind == QLatin1String("note"))
        sql = "SELECT body, version FROM notes WHERE id = ?1";
    else if (kind == QLatin1String("timeline")) {
        *version = 1; // append-only: an entry never changes
        return timelineData(id);
    } else
        return {};
    auto q = m_conn->query(sql);
    q.bindAll(id);
    if (!q.next())
        return {};
    // Bodies are stored with their current version (every write re-encodes them), so the text
    // goes out as it is.
    *version = q.int64(1);
    return q.blob(0); // the stored UTF-8 as it is
}

ChangesPage SqlCityStore::changes(const Clerk& clerk, qint64 afterSeq, int limit)
{
    ChangesPage page;
    page.lastSeq = afterSeq;
    QString sql = QStringLiteral("SELECT seq, kind, entity_id, op FROM changes WHERE seq > ?1");
    if (!clerk.isAdmin()) {
        QStringList marks;
        for (int i = 0; i < clerk.teams.size(); ++i)
            marks << QStringLiteral("?%1").arg(i + 3);
        if (marks.isEmpty())
            return page;
        sql += QStringLiteral(" AND team_id IN (%1)").arg(marks.join(QLatin1Char(',')));
    }
    sql += QStringLiteral(" ORDER BY seq LIMIT ?2");
    QList<ChangeItem> rows;
    {
        auto q = m_conn->query(sql);
        q.bind(1, afterSeq).bind(2, limit + 1);
        if (!clerk.isAdmin())
            for (int i = 0; i < clerk.teams.size(); ++i)
                q.bind(i + 3, clerk.teams.at(i));
        while (q.next())
            rows << ChangeItem { q.int64(0), q.text(1), q.text(3), q.text(2), 0, {}, {} };
    }
    page.more = rows.size() > limit;
    if (page.more)
        rows.removeLast();
    for (ChangeItem& item : rows) {
        if (item.op != QLatin1String("delete"))
            item.rawData = entityData(item.kind, item.id, &item.version);
        page.lastSeq = item.seq;
        page.items << item;
    }
    // The high-water mark is the highest sequence any client has been handed: a database older
    // than that (a restored backup) would let clients keep changes the server no longer has.
    if (page.lastSeq > m_highwaterSeq)
        writeHighwater(page.lastSeq);
    return page;
}

Result<Document> SqlCityStore::documentInfo(const Clerk& clerk, const QString& id)
{
    auto q = m_conn->query("SELECT body, team_id, version FROM documents WHERE id = ?1");
    q.bindAll(id);
    if (!q.next() || !clerk.mayRead(q.text(1)))
        return Error { Error::NotFound, tr("Unknown document."), id }; // never says "exists, but not yours"
    auto d = json::decodeDocument(parse(q.text(0)));
    if (!d)
        return d.error();
    d->version = q.int64(2);
    return d;
}

Result<std::unique_ptr<QIODevice>> SqlCityStore::openDocument(const QString& id, qint64 offset, qint64 length)
{
    {
        // Stored inside the database by an earlier version: served from memory as before.
        auto q = m_conn->query("SELECT content FROM documents WHERE id = ?1 AND content IS NOT NULL");
        q.bindAll(id);
        if (q.next()) {
            auto buffer = std::make_unique<QBuffer>();
            buffer->setData(q.blob(0).mid(offset, length));
            buffer->open(QIODevice::ReadOnly);
            return std::unique_ptr<QIODevice>(std::move(buffer));
        }
    }
    auto device = m_content->open(id, offset, length);
    if (!device)
        qCWarning(lcServer) << "document" << id << "cannot be read:" << device.error().message << device.error().detail;
    return device;
}

Result<DocumentBlob> SqlCityStore::document(const Clerk& clerk, const QString& id)
{
    auto info = documentInfo(clerk, id);
    if (!info)
        return info.error();
    auto device = openDocument(id, 0, info->size);
    if (!device)
        return device.error();
    const QByteArray bytes = (*device)->readAll();
    if (bytes.size() != info->size)
        return Error { Error::Corrupt, tr("The document's stored copy is damaged."), id };
    return DocumentBlob { info.value(), bytes };
}

} // namespace clerk::server
