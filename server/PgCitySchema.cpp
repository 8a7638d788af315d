// PgCityStore's schema: the PostgreSQL list of migrations (same version numbers as SQLite's, its
// own dialect) and how they are recorded. One instance migrates at a time (an advisory lock);
// the others wait for it, and a serving instance never migrates: it refuses an older schema.
#include "PgCityStore.h"
#include "PgConnection.h"
#include "SchemaMigrations.h"

namespace clerk::server {

namespace {

constexpr char kV1[] = R"SQL(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE teams(id TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE clerks(
    login TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL DEFAULT 'clerk',
    password_hash TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0);
CREATE TABLE clerk_teams(
    login TEXT NOT NULL REFERENCES clerks(login), team_id TEXT NOT NULL REFERENCES teams(id),
    PRIMARY KEY(login, team_id));
CREATE TABLE tokens(
    hash BYTEA PRIMARY KEY, login TEXT NOT NULL, expires_at BIGINT NOT NULL, revoked INTEGER NOT NULL DEFAULT 0);
CREATE TABLE login_failures(id BIGSERIAL PRIMARY KEY, subject TEXT NOT NULL, at BIGINT NOT NULL);
CREATE INDEX login_failures_subject ON login_failures(subject, at);
CREATE TABLE services(id TEXT PRIMARY KEY, team_id TEXT NOT NULL, body TEXT NOT NULL, version BIGINT NOT NULL);
CREATE TABLE requests(
    id TEXT PRIMARY KEY, service_id TEXT NOT NULL, team_id TEXT NOT NULL, body TEXT NOT NULL, version BIGINT NOT NULL);
CREATE TABLE documents(
    id TEXT PRIMARY KEY, request_id TEXT NOT NULL, team_id TEXT NOT NULL, body TEXT NOT NULL, content BYTEA,
    version BIGINT NOT NULL);
CREATE INDEX documents_request ON documents(request_id);
CREATE TABLE annotations(
    id TEXT PRIMARY KEY, document_id TEXT NOT NULL, team_id TEXT NOT NULL, body TEXT NOT NULL, version BIGINT NOT NULL);
CREATE TABLE notes(
    id TEXT PRIMARY KEY, request_id TEXT NOT NULL, team_id TEXT NOT NULL, body TEXT NOT NULL, version BIGINT NOT NULL);
CREATE TABLE changes(
    seq BIGSERIAL PRIMARY KEY, kind TEXT NOT NULL, entity_id TEXT NOT NULL, team_id TEXT NOT NULL, op TEXT NOT NULL);
CREATE INDEX changes_team ON changes(team_id, seq);
CREATE INDEX changes_entity ON changes(kind, entity_id, team_id);
CREATE TABLE mutations(mutation_id TEXT PRIMARY KEY, login TEXT NOT NULL, result TEXT NOT NULL, at BIGINT NOT NULL);
CREATE TABLE timeline(
    id BIGSERIAL PRIMARY KEY, request_id TEXT NOT NULL, at BIGINT NOT NULL, actor TEXT, kind TEXT NOT NULL, text TEXT);
CREATE INDEX timeline_request ON timeline(request_id);
CREATE TABLE audit(id BIGSERIAL PRIMARY KEY, at BIGINT NOT NULL, login TEXT, action TEXT NOT NULL, target TEXT, detail TEXT);
)SQL";

constexpr char kV2[] = R"SQL(
CREATE INDEX mutations_at ON mutations(at);
CREATE INDEX tokens_expiry ON tokens(expires_at);
CREATE INDEX login_failures_at ON login_failures(at);
)SQL";

constexpr char kV3[] = R"SQL(
ALTER TABLE timeline ADD COLUMN uid TEXT;
ALTER TABLE timeline ADD COLUMN code TEXT;
ALTER TABLE timeline ADD COLUMN params TEXT;
ALTER TABLE timeline ADD COLUMN mutation_id TEXT;
CREATE UNIQUE INDEX timeline_uid ON timeline(uid);
)SQL";

constexpr char kV4[] = R"SQL(
CREATE TABLE archiving(
    request_id TEXT PRIMARY KEY, team_id TEXT NOT NULL, body TEXT NOT NULL, version BIGINT NOT NULL);
)SQL";

const QList<Migration>& pgMigrations()
{
    static const QList<Migration> all {
        { 1, "tables", kV1 },
        { 2, "indexes for the purge", kV2 },
        { 3, "timeline in the changes feed", kV3 },
        { 4, "archiving (Aussonderung)", kV4 },
    };
    return all;
}

// Any number, the same in every instance: who holds it migrates.
constexpr char kMigrationLock[] = "SELECT pg_advisory_lock(4711230001)";
constexpr char kMigrationUnlock[] = "SELECT pg_advisory_unlock(4711230001)";

class PgCitySchema final : public MigrationTarget
{
public:
    explicit PgCitySchema(pg::Connection& conn)
        : m_conn(conn)
    { }

    Result<int> version() override
    {
        if (Status s
            = m_conn.exec("CREATE TABLE IF NOT EXISTS schema_version(version INTEGER PRIMARY KEY, name TEXT NOT NULL)");
            !s)
            return s.error();
        auto v = m_conn.scalar("SELECT coalesce(max(version), 0) FROM schema_version");
        if (!v)
            return v.error();
        return v.value().toInt();
    }

    Status apply(const Migration& step) override
    {
        pg::Transaction tx(m_conn);
        if (!tx.ok())
            return tx.error();
        if (Status s = m_conn.exec(step.sql); !s)
            return s;
        if (Status s = m_conn.query("INSERT INTO schema_version(version, name) VALUES ($1, $2)")
                .bindAll(step.version, QString::fromUtf8(step.name))
                .exec();
            !s)
            return s;
        return tx.commit();
    }

private:
    pg::Connection& m_conn;
};

} // namespace

int PgCityStore::schemaVersion()
{
    return SchemaMigrations::latest(pgMigrations());
}

Status PgCityStore::migrate(bool apply)
{
    PgCitySchema schema(db());
    const QString name = QStringLiteral("PostgreSQL");
    if (apply) {
        if (Status s = db().exec(kMigrationLock); !s) // waits while another instance migrates
            return s;
        Status s = SchemaMigrations::bringForward(schema, pgMigrations(), name);
        if (Status u = db().exec(kMigrationUnlock); !u && s)
            s = u;
        return s;
    }
    auto current = schema.version();
    if (!current)
        return current.error();
    const int newest = schemaVersion();
    if (current.value() > newest)
        return SchemaMigrations::bringForward(schema, pgMigrations(), name); // refuses, writes nothing
    if (current.value() < newest)
        return Error { Error::SchemaTooNew,
            tr("The PostgreSQL database has schema %1; this server needs schema %2. Run \"clerkdesk-server "
               "migrate\" once (one instance), then start the instances again.")
                .arg(current.value())
                .arg(newest),
            {} };
    return {};
}

} // namespace clerk::server
