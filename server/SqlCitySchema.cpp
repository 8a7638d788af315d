// SqlCityStore's schema: the SQLite list of migrations and how they are recorded (a table
// schema_version, one row per step applied), and the adoption of databases made before versions.
#include "SchemaMigrations.h"
#include "ServerLogging.h"
#include "SqlCityStore.h"
#include "core/store/Sql.h"

namespace clerk::server {

namespace {

// v1: the first release's tables. Written with IF NOT EXISTS (v2 too): the releases before
// versions ran these same statements at every open, so on a database of theirs the step completes
// whatever is missing and leaves the rest alone.
constexpr char kV1[] = R"SQL(
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
CREATE TABLE IF NOT EXISTS timeline(
    id INTEGER PRIMARY KEY, request_id TEXT NOT NULL, at INTEGER NOT NULL, actor TEXT, kind TEXT NOT NULL, text TEXT);
CREATE INDEX IF NOT EXISTS timeline_request ON timeline(request_id);
CREATE TABLE IF NOT EXISTS audit(id INTEGER PRIMARY KEY, at INTEGER NOT NULL, login TEXT, action TEXT NOT NULL, target TEXT, detail TEXT);
)SQL";

// v2: the hourly purge (Housekeeping) finds what it removes by date.
constexpr char kV2[] = R"SQL(
CREATE INDEX IF NOT EXISTS mutations_at ON mutations(at);
CREATE INDEX IF NOT EXISTS tokens_expiry ON tokens(expires_at);
CREATE INDEX IF NOT EXISTS login_failures_at ON login_failures(at);
)SQL";

// v3: the timeline goes out in the changes feed as codes with parameters, under a uid of its own,
// naming the clerk's change it came from. Older entries keep only their text (for the audit) and
// stay on the server: without a mutation id a client could not tell them from its own copies.
constexpr char kV3[] = R"SQL(
ALTER TABLE timeline ADD COLUMN uid TEXT;
ALTER TABLE timeline ADD COLUMN code TEXT;
ALTER TABLE timeline ADD COLUMN params TEXT;
ALTER TABLE timeline ADD COLUMN mutation_id TEXT;
CREATE UNIQUE INDEX timeline_uid ON timeline(uid);
)SQL";

// v4: where each request stands in an Aussonderung (core/domain/Archiving.h), as its JSON body.
constexpr char kV4[] = R"SQL(
CREATE TABLE archiving(
    request_id TEXT PRIMARY KEY, team_id TEXT NOT NULL, body TEXT NOT NULL, version INTEGER NOT NULL);
)SQL";

const QList<Migration>& sqliteMigrations()
{
    static const QList<Migration> all {
        { 1, "tables", kV1 },
        { 2, "indexes for the purge", kV2 },
        { 3, "timeline in the changes feed", kV3 },
        { 4, "archiving (Aussonderung)", kV4 },
    };
    return all;
}

// The version is the highest row of schema_version. A database made before versions has tables
// but no such table: adopt() records what it already has.
class SqliteCitySchema final : public MigrationTarget
{
public:
    explicit SqliteCitySchema(sql::Connection& conn)
        : m_conn(conn)
    { }

    Result<int> version() override
    {
        auto has = hasVersionTable();
        if (!has)
            return has.error();
        if (!has.value())
            return 0;
        auto v = m_conn.scalar("SELECT coalesce(max(version), 0) FROM schema_version");
        if (!v)
            return v.error();
        return v.value().toInt();
    }

    Status apply(const Migration& step) override
    {
        sql::Transaction tx(m_conn);
        if (!tx.ok())
            return tx.error();
        if (Status s = m_conn.exec(step.sql); !s)
            return s;
        if (Status s = record(step); !s)
            return s;
        return tx.commit();
    }

    // The releases before versions left one of two shapes: the timeline with its feed columns
    // (everything up to v3, made in one transaction) or without them (v1 and perhaps v2, which
    // complete themselves). The first is recorded as v3 without running a step; the second runs
    // from v1. An empty database and a versioned one are left as they are.
    Status adopt()
    {
        auto has = hasVersionTable();
        if (!has)
            return has.error();
        if (has.value())
            return {};
        auto tables
            = m_conn.scalar("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
        if (!tables)
            return tables.error();
        if (tables.value().toInt() == 0)
            return {};
        auto feedColumns = m_conn.scalar("SELECT count(*) FROM pragma_table_info('timeline') WHERE name = 'uid'");
        if (!feedColumns)
            return feedColumns.error();
        if (feedColumns.value().toInt() == 0) {
            qCInfo(lcServer) << "a database from before schema versions, without the timeline's feed columns: "
                                "migrating it from schema 1";
            return {};
        }
        sql::Transaction tx(m_conn);
        if (!tx.ok())
            return tx.error();
        for (const Migration& step : sqliteMigrations())
            if (step.version <= 3)
                if (Status s = record(step); !s)
                    return s;
        if (Status s = tx.commit(); !s)
            return s;
        qCInfo(lcServer) << "a database from before schema versions: recorded as schema 3";
        return {};
    }

private:
    Result<bool> hasVersionTable()
    {
        auto n = m_conn.scalar("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_version'");
        if (!n)
            return n.error();
        return n.value().toInt() > 0;
    }

    Status record(const Migration& step)
    {
        if (Status s
            = m_conn.exec("CREATE TABLE IF NOT EXISTS schema_version(version INTEGER PRIMARY KEY, name TEXT NOT NULL)");
            !s)
            return s;
        return m_conn.query("INSERT INTO schema_version(version, name) VALUES (?1, ?2)")
            .bindAll(step.version, QString::fromUtf8(step.name))
            .exec();
    }

    sql::Connection& m_conn;
};

} // namespace

int SqlCityStore::schemaVersion()
{
    return SchemaMigrations::latest(sqliteMigrations());
}

Status SqlCityStore::migrate()
{
    SqliteCitySchema schema(*m_conn);
    if (Status s = schema.adopt(); !s)
        return s;
    return SchemaMigrations::bringForward(schema, sqliteMigrations(), m_options.path);
}

} // namespace clerk::server
