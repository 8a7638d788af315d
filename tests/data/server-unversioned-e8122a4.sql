-- The server's schema as the last release before schema versions left it (server/SqlCityStore.cpp at
-- e8122a4: kSchema, then migrate() added the timeline's feed columns and their index, in one transaction).
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
ALTER TABLE timeline ADD COLUMN uid TEXT;
ALTER TABLE timeline ADD COLUMN code TEXT;
ALTER TABLE timeline ADD COLUMN params TEXT;
ALTER TABLE timeline ADD COLUMN mutation_id TEXT;
CREATE UNIQUE INDEX IF NOT EXISTS timeline_uid ON timeline(uid);
