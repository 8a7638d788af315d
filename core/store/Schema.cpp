#include "Schema.h"

namespace clerk::schema {

namespace {

// v1: the first release's tables. Inbox columns stay narrow; long bodies (form JSON, extracted
// text) live in tables of their own so that paging the inbox reads few pages.
constexpr char kV1[] = R"SQL(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE services(
    id TEXT PRIMARY KEY,
    name_de TEXT NOT NULL,
    name_en TEXT,
    team_id TEXT,
    deadline_days INTEGER NOT NULL DEFAULT 0,
    body TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 0);
CREATE TABLE requests(
    rid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    reference TEXT NOT NULL,
    service_id TEXT NOT NULL,
    team_id TEXT,
    channel TEXT,
    submitted_at INTEGER NOT NULL,
    due_date INTEGER,
    status TEXT NOT NULL,
    closed INTEGER NOT NULL DEFAULT 0,
    closed_at INTEGER,
    assignee TEXT,
    applicant TEXT,
    attachments INTEGER NOT NULL DEFAULT 0,
    unread INTEGER NOT NULL DEFAULT 1,
    flagged INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 0);
CREATE INDEX requests_status_due ON requests(status, due_date, rid);
CREATE INDEX requests_due ON requests(due_date, rid);
CREATE INDEX requests_assignee_due ON requests(assignee, due_date, rid);
CREATE INDEX requests_team_due ON requests(team_id, due_date, rid);
CREATE INDEX requests_submitted ON requests(submitted_at, rid);
CREATE TABLE request_bodies(
    rid INTEGER PRIMARY KEY REFERENCES requests(rid) ON DELETE CASCADE,
    file_number TEXT,
    applicant_json TEXT,
    form_json TEXT);
CREATE TABLE documents(
    id TEXT PRIMARY KEY,
    request_id TEXT NOT NULL,
    title TEXT,
    kind TEXT,
    mime TEXT,
    size INTEGER NOT NULL DEFAULT 0,
    sha256 TEXT,
    version INTEGER NOT NULL DEFAULT 0,
    stored_size INTEGER NOT NULL DEFAULT 0,
    complete INTEGER NOT NULL DEFAULT 0,
    last_opened INTEGER);
CREATE INDEX documents_request ON documents(request_id);
CREATE TABLE document_chunks(
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    data BLOB NOT NULL,
    UNIQUE(document_id, seq));
CREATE TABLE document_text(document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE, text TEXT);
CREATE TABLE annotations(
    id TEXT PRIMARY KEY,
    document_id TEXT NOT NULL,
    body TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 0,
    deleted INTEGER NOT NULL DEFAULT 0);
CREATE INDEX annotations_document ON annotations(document_id);
CREATE TABLE notes(
    id TEXT PRIMARY KEY,
    request_id TEXT NOT NULL,
    author TEXT,
    text TEXT,
    created_at INTEGER,
    version INTEGER NOT NULL DEFAULT 0);
CREATE INDEX notes_request ON notes(request_id);
CREATE TABLE timeline(
    id INTEGER PRIMARY KEY,
    request_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    actor TEXT,
    kind TEXT NOT NULL,
    text TEXT);
CREATE INDEX timeline_request ON timeline(request_id, at);
CREATE TABLE outbox(
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    mutation_id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    op TEXT NOT NULL,
    target_id TEXT NOT NULL,
    base_version INTEGER NOT NULL,
    data TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    server_state TEXT);
CREATE INDEX outbox_state ON outbox(state, seq);
CREATE VIRTUAL TABLE request_fts USING fts5(
    reference, applicant, form, notes, doctext,
    content='', contentless_delete=1,
    tokenize='unicode61 remove_diacritics 2', prefix='2 3');
)SQL";

// v2: saved searches for the views sidebar, and the date a permit counts as granted
// (Genehmigungsfiktion, § 42a VwVfG) so the inbox can mark it.
constexpr char kV2[] = R"SQL(
CREATE TABLE saved_views(
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    query TEXT NOT NULL,
    filter_json TEXT NOT NULL DEFAULT '{}',
    position INTEGER NOT NULL DEFAULT 0);
ALTER TABLE requests ADD COLUMN fiction_date INTEGER;
CREATE INDEX requests_fiction ON requests(fiction_date) WHERE fiction_date IS NOT NULL;
)SQL";

// Every column of the inbox sorts by an index (each ends in rid, the tie-breaker of the order and
// of the keyset). "Unassigned" gets a partial index in the order it is shown by default, so that
// its first page does not walk the whole due-date index to find its rows ("flagged" has its own
// column index, which finds the few flagged rows directly).
constexpr char kV3[] = R"SQL(
CREATE INDEX requests_reference ON requests(reference, rid);
CREATE INDEX requests_service ON requests(service_id, rid);
CREATE INDEX requests_applicant ON requests(applicant, rid);
CREATE INDEX requests_status ON requests(status, rid);
CREATE INDEX requests_assignee ON requests(assignee, rid);
CREATE INDEX requests_channel ON requests(channel, rid);
CREATE INDEX requests_attachments ON requests(attachments, rid);
CREATE INDEX requests_flagged ON requests(flagged, rid);
CREATE INDEX requests_unassigned_due ON requests(due_date, rid) WHERE coalesce(assignee, '') = '';
)SQL";

// v4: a document's bytes may live in an encrypted file beside the database (ContentFiles) instead
// of document_chunks; content_file says which (0: chunks; n >= 1: the generation of the document's
// file, ContentFiles::fileName). Rows written before keep their chunks.
constexpr char kV4[] = R"SQL(
ALTER TABLE documents ADD COLUMN content_file INTEGER NOT NULL DEFAULT 0;
)SQL";

// v5: the request's history comes through the changes feed too. An entry from the server is kept
// under the server's id (unique: a page pulled again never adds it twice); an entry the clerk's
// own change wrote carries that change's mutation id, and the server's copy of the same event
// (which names the mutation it came from) takes its place. Coded entries keep their parameters
// (JSON) and are worded when shown, in the clerk's language.
constexpr char kV5[] = R"SQL(
ALTER TABLE timeline ADD COLUMN server_id TEXT;
ALTER TABLE timeline ADD COLUMN mutation_id TEXT;
ALTER TABLE timeline ADD COLUMN params TEXT;
CREATE UNIQUE INDEX timeline_server_id ON timeline(server_id);
CREATE INDEX timeline_mutation ON timeline(mutation_id) WHERE mutation_id IS NOT NULL;
)SQL";

// v6: where a request stands in an Aussonderung (core/domain/Archiving.h): the server's state from
// the changes feed, or the clerk's own step not answered yet. The row outlives the request's purge
// (ids and the ProzessID only, no personal data), so that the archive's confirmation still finds it.
constexpr char kV6[] = R"SQL(
CREATE TABLE archiving(
    request_id TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    process_id TEXT NOT NULL,
    body TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 0);
CREATE INDEX archiving_process ON archiving(process_id);
)SQL";

// v7: a request's sync problems (refused and conflicting changes) are found by index, as the request
// pane asks on each reload: by the change's target, and by the request a note names (its data's
// request_id; data that is not JSON gives none instead of failing the index, and with it the
// migration or the write of an answer). Partial: the applied history and the waiting changes are
// not in them.
constexpr char kV7[] = R"SQL(
CREATE INDEX outbox_problem_target ON outbox(target_id) WHERE state IN ('conflict', 'rejected');
CREATE INDEX outbox_problem_request
    ON outbox(CASE WHEN json_valid(data) THEN json_extract(data, '$.request_id') END)
    WHERE state IN ('conflict', 'rejected');
)SQL";

// v8: the retention purge finds the closed requests past their period by index (it ran through every
// request on each unlock: 0.5 s for 1,000,000, on the GUI thread with the write lock held). Partial:
// only the closed ones, a fraction of the store.
constexpr char kV8[] = R"SQL(
CREATE INDEX requests_closed_at ON requests(closed_at) WHERE closed = 1;
)SQL";

// v9: the notes a clerk has begun and not yet added, per request and clerk (NoteDrafts): kept
// encrypted here instead of in the window's memory, so that a lock or a killed process loses none.
constexpr char kV9[] = R"SQL(
CREATE TABLE note_drafts(
    request_id TEXT NOT NULL,
    clerk TEXT NOT NULL,
    text TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY(request_id, clerk)) WITHOUT ROWID;
)SQL";

} // namespace

const QList<Migration>& migrations()
{
    static const QList<Migration> all { { 1, kV1 }, { 2, kV2 }, { 3, kV3 }, { 4, kV4 }, { 5, kV5 }, { 6, kV6 },
        { 7, kV7 }, { 8, kV8 }, { 9, kV9 } };
    return all;
}

const QList<const char*>& inboxIndexes()
{
    static const QList<const char*> all {
        "CREATE INDEX IF NOT EXISTS requests_status_due ON requests(status, due_date, rid)",
        "CREATE INDEX IF NOT EXISTS requests_due ON requests(due_date, rid)",
        "CREATE INDEX IF NOT EXISTS requests_assignee_due ON requests(assignee, due_date, rid)",
        "CREATE INDEX IF NOT EXISTS requests_team_due ON requests(team_id, due_date, rid)",
        "CREATE INDEX IF NOT EXISTS requests_submitted ON requests(submitted_at, rid)",
        "CREATE INDEX IF NOT EXISTS requests_fiction ON requests(fiction_date) WHERE fiction_date IS NOT NULL",
        "CREATE INDEX IF NOT EXISTS requests_reference ON requests(reference, rid)",
        "CREATE INDEX IF NOT EXISTS requests_service ON requests(service_id, rid)",
        "CREATE INDEX IF NOT EXISTS requests_applicant ON requests(applicant, rid)",
        "CREATE INDEX IF NOT EXISTS requests_status ON requests(status, rid)",
        "CREATE INDEX IF NOT EXISTS requests_assignee ON requests(assignee, rid)",
        "CREATE INDEX IF NOT EXISTS requests_channel ON requests(channel, rid)",
        "CREATE INDEX IF NOT EXISTS requests_attachments ON requests(attachments, rid)",
        "CREATE INDEX IF NOT EXISTS requests_flagged ON requests(flagged, rid)",
        "CREATE INDEX IF NOT EXISTS requests_unassigned_due ON requests(due_date, rid) WHERE coalesce(assignee, '') = "
        "''",
        "CREATE INDEX IF NOT EXISTS requests_closed_at ON requests(closed_at) WHERE closed = 1",
    };
    return all;
}

const QList<const char*>& inboxIndexNames()
{
    static const QList<const char*> names { "requests_status_due", "requests_due", "requests_assignee_due",
        "requests_team_due", "requests_submitted", "requests_fiction", "requests_reference", "requests_service",
        "requests_applicant", "requests_status", "requests_assignee", "requests_channel", "requests_attachments",
        "requests_flagged", "requests_unassigned_due", "requests_closed_at" };
    return names;
}

int latestVersion()
{
    return migrations().constLast().version;
}

} // namespace clerk::schema
