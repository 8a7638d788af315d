#include "Store.h"

#include "Checkpointer.h"
#include "ContentFiles.h"
#include "ContentKeyRotation.h"
#include "Schema.h"
#include "SearchIndex.h"
#include "Sql.h"
#include "core/Logging.h"
#include "core/domain/Json.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QUuid>
#include <filesystem>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#ifdef Q_OS_UNIX
#include <fcntl.h>
#include <unistd.h>
#endif

namespace clerk {

namespace {
QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QString compact(const QJsonObject& o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QJsonObject parseObject(const QString& s)
{
    return QJsonDocument::fromJson(s.toUtf8()).object();
}

bool isClosedStatus(const QString& status)
{
    return status == QLatin1String("closed");
}

// Makes a finished file durable before it replaces another.
bool syncFile(const QString& path)
{
#ifdef Q_OS_UNIX
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY);
    if (fd < 0)
        return false;
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
#else
    QFile f(path);
    return f.open(QIODevice::ReadWrite) && f.flush();
#endif
}

// Makes a rename inside `folder` durable: without it, a power cut can bring the old name back
// after the rename returned. Windows has no such call for a folder (NTFS journals the rename).
bool syncDirectory(const QString& folder)
{
#ifdef Q_OS_UNIX
    const int fd = ::open(QFile::encodeName(folder).constData(), O_RDONLY | O_DIRECTORY);
    if (fd < 0)
        return false;
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
#else
    Q_UNUSED(folder);
    return true;
#endif
}
} // namespace

Store::Store(const QString& path, Clock& clock, QObject* parent)
    : QObject(parent)
    , m_path(path)
    , m_clock(clock)
{ }

Store::~Store()
{
    lock();
}

bool Store::exists() const
{
    return QFileInfo::exists(m_path);
}

void Store::removeLeftoverRekey()
{
    // An interrupted changePassphrase() leaves its unfinished copy; the original is intact.
    for (const char* suffix : { ".rekey", ".rekey-wal", ".rekey-shm", ".rekey-journal" })
        QFile::remove(m_path + QLatin1String(suffix));
}

Status Store::create(const QByteArray& passphrase)
{
    if (exists())
        return Error { Error::Invalid, tr("A local database already exists for this profile."), m_path };
    if (passphrase.size() < 8 && !m_plaintext)
        return Error { Error::Invalid, tr("The passphrase must have at least 8 characters."), {} };
    return openWith(passphrase, {}, true, schema::latestVersion());
}

Status Store::unlock(const QByteArray& passphrase)
{
    return openWith(passphrase, {}, false, schema::latestVersion());
}

Status Store::unlockWithKey(const QByteArray& rawKey)
{
    if (rawKey.size() != 48)
        return Error { Error::Invalid, tr("The key from the keyring is not valid."), {} };
    return openWith({}, rawKey, false, schema::latestVersion());
}

Status Store::unlockAndMigrateTo(const QByteArray& passphrase, int version)
{
    return openWith(passphrase, {}, !exists(), version);
}

Status Store::openWith(const QByteArray& passphrase, const QByteArray& rawKey, bool create, int migrateTo)
{
    lock();
    removeLeftoverRekey();
    sql::Connection::Options o;
    o.path = m_path;
    o.passphrase = passphrase;
    o.rawKey = rawKey;
    o.create = create;
    o.plaintext = m_plaintext;
    auto conn = sql::Connection::open(o);
    if (!conn) {
        qCInfo(lcStore) << "unlock failed:" << conn.error().detail;
        return conn.error();
    }
    m_conn = std::move(conn.value());
    if (Status s = migrate(migrateTo); !s) {
        m_conn.reset();
        return s;
    }
    if (Status s = healAfterInterruptedImport(); !s) {
        m_conn.reset();
        return s;
    }
    if (Status s = openContentFiles(); !s) {
        m_conn.reset();
        return s;
    }
    // Profiles from before the outbox kept its history bounded may hold years of answered changes.
    if (Status s = trimAppliedHistory(); !s)
        qCWarning(lcStore) << "trimming the outbox's history failed:" << s.error().detail;
    if (!m_plaintext && sql::Connection::looksLikePlainSqlite(m_path)) {
        // Never happens with a keyed SQLCipher connection; checked because the price of being
        // wrong is citizens' data in plaintext.
        m_conn.reset();
        return Error { Error::NotEncrypted, tr("The local database is not encrypted."), m_path };
    }
    if (!m_plaintext)
        m_rawKey
            = rawKey.isEmpty() ? sql::Connection::deriveRawKey(passphrase, sql::Connection::fileSalt(m_path)) : rawKey;
    // Commits append to the WAL; copying it into the database file happens beside them.
    sql::Connection::Options own;
    own.path = m_path;
    own.rawKey = m_rawKey;
    own.plaintext = m_plaintext;
    m_checkpointer = std::make_unique<sql::Checkpointer>(*m_conn, [own]() mutable {
        auto c = sql::Connection::open(own);
        sql::wipe(own.rawKey);
        return c;
    });
    qCInfo(lcStore) << "unlocked" << m_path << "schema" << schemaVersion();
    Q_EMIT unlocked();
    return {};
}

QByteArray Store::contentKey(const QString& name)
{
    QString hex = meta(name);
    QByteArray raw = hex.toLatin1();
    QByteArray key = QByteArray::fromHex(raw);
    sql::wipe(hex);
    sql::wipe(raw);
    if (key.size() != 32)
        sql::wipe(key);
    return key;
}

Status Store::openContentFiles()
{
    if (schemaVersion() < 4)
        return {}; // a test holding the schema back
    // The files' key is made once and kept in the encrypted database; a change of the passphrase
    // replaces it (the old one stays as "previous" until every file is re-encrypted).
    QByteArray key, previous;
    if (!m_plaintext) {
        key = contentKey(QStringLiteral("content_key"));
        previous = contentKey(QStringLiteral("content_key_previous"));
        if (key.isEmpty()) {
            key.resize(32);
            if (RAND_bytes(reinterpret_cast<unsigned char*>(key.data()), 32) != 1)
                return Error { Error::Io, tr("No random numbers for the document key."), {} };
            if (Status s = setMeta(QStringLiteral("content_key"), QString::fromLatin1(key.toHex())); !s)
                return s;
        }
    }
    if (!previous.isEmpty())
        qCInfo(lcStore)
            << "the document files' re-encryption under a new key is unfinished; reading falls back to the old key";
    m_contentFiles = std::make_shared<ContentFiles>(m_path + QStringLiteral(".content"), key, previous);
    sql::wipe(key);
    sql::wipe(previous);
    // Files no row points at: written for an import that was refused or cut off, or replaced
    // (content_file names the generation of the document's file; 0: its bytes are not in a file).
    QSet<QString> keep;
    auto q = m_conn->query("SELECT id, content_file FROM documents WHERE content_file >= 1");
    while (q.next())
        keep.insert(ContentFiles::fileName(q.text(0), int(q.int64(1))));
    if (q.error())
        return q.error();
    if (const int swept = m_contentFiles->sweep(keep); swept > 0)
        qCInfo(lcStore) << "removed" << swept << "document files no document refers to";
    return {};
}

void Store::lock()
{
    const bool wasOpen = m_conn != nullptr;
    m_contentFiles.reset();
    m_checkpointer.reset();
    m_conn.reset();
    sql::wipe(m_rawKey);
    m_changedRequests.clear();
    m_bulkImport = false; // the meta flag stays: the next unlock heals an interrupted import
    m_searchProgress.reset();
    m_changedDocuments.clear();
    if (wasOpen) {
        qCInfo(lcStore) << "locked" << m_path;
        Q_EMIT locked();
    }
}

int Store::schemaVersion() const
{
    if (!m_conn)
        return -1;
    auto v = m_conn->scalar("PRAGMA user_version");
    return v ? v.value().toInt() : -1;
}

Status Store::migrate(int target)
{
    const int current = schemaVersion();
    if (current > schema::latestVersion())
        return Error { Error::SchemaTooNew,
            tr("This database was written by a newer ClerkDesk (schema %1; this version knows %2). Please "
               "update ClerkDesk; the database was left untouched.")
                .arg(current)
                .arg(schema::latestVersion()),
            m_path };
    for (const schema::Migration& m : schema::migrations()) {
        if (m.version <= current || m.version > target)
            continue;
        sql::Transaction tx(*m_conn);
        if (!tx.ok())
            return tx.error();
        if (Status s = m_conn->exec(m.sql); !s)
            return s;
        if (Status s = m_conn->exec(QByteArray("PRAGMA user_version = " + QByteArray::number(m.version)).constData());
            !s)
            return s;
        if (Status s = tx.commit(); !s)
            return s;
        qCInfo(lcStore) << "migrated to schema" << m.version;
    }
    return {};
}

Result<std::unique_ptr<sql::Connection>> Store::openWorkerConnection() const
{
    if (!m_conn)
        return Error { Error::Locked, tr("The local database is locked."), {} };
    sql::Connection::Options o;
    o.path = m_path;
    o.rawKey = m_rawKey;
    o.plaintext = m_plaintext;
    return sql::Connection::open(o);
}

Status Store::changePassphrase(const QByteArray& newPassphrase)
{
    if (!m_conn)
        return Error { Error::Locked, tr("The local database is locked."), {} };
    if (newPassphrase.size() < 8)
        return Error { Error::Invalid, tr("The passphrase must have at least 8 characters."), {} };
    if (contentKeyRotationPending())
        return Error { Error::Busy,
            tr("The documents are still being re-encrypted after the last change of the passphrase. Please "
               "unlock ClerkDesk again to let that finish, then change the passphrase."),
            QStringLiteral("content_key_previous present") };
    const QString tmp = m_path + QStringLiteral(".rekey");
    removeLeftoverRekey();
    // The copy below needs the whole WAL in the file; a background checkpoint would make this one
    // busy. (Until the next unlock, the commits checkpoint themselves again.)
    m_checkpointer.reset();
    if (Status s = m_conn->exec("PRAGMA wal_checkpoint(TRUNCATE)"); !s)
        return s;
    {
        // ATTACH opens with the main connection's flags, which lack SQLITE_OPEN_CREATE after an
        // unlock (only create() has it): the copy must exist, empty (SQLite takes an empty file
        // for an empty database), owner-only like the profile.
        QFile empty(tmp);
        if (!empty.open(QIODevice::WriteOnly)
            || !empty.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner))
            return Error { Error::Io, tr("The re-encrypted copy could not be written to disk."), empty.errorString() };
    }
    {
        auto attach = m_conn->query("ATTACH DATABASE ?1 AS rekeyed KEY ?2");
        attach.bind(1, tmp).bindText(2, newPassphrase);
        if (Status s = attach.exec(); !s) {
            removeLeftoverRekey();
            return s;
        }
    }
    const QByteArray version = QByteArray::number(schemaVersion());
    Status exported = m_conn->exec("SELECT sqlcipher_export('rekeyed')");
    if (exported)
        exported = m_conn->exec(QByteArray("PRAGMA rekeyed.user_version = " + version).constData());
    // A new document-file key goes into the copy only (never into the file under the old
    // passphrase), with the old one beside it: the rename below puts both in place at once, so
    // no crash can leave a file under a key the database does not hold.
    if (exported && !m_plaintext && m_contentFiles) {
        QByteArray fresh(32, Qt::Uninitialized);
        if (RAND_bytes(reinterpret_cast<unsigned char*>(fresh.data()), 32) != 1) {
            exported = Error { Error::Io, tr("No random numbers for the document key."), {} };
        } else {
            QByteArray old = contentKey(QStringLiteral("content_key"));
            QByteArray freshHex = fresh.toHex(), oldHex = old.toHex();
            auto q = m_conn->query("INSERT OR REPLACE INTO rekeyed.meta(key, value) VALUES "
                                   "('content_key', ?1), ('content_key_previous', ?2)");
            q.bindText(1, freshHex).bindText(2, oldHex);
            exported
                = old.isEmpty() ? Status(Error { Error::Corrupt, tr("The document key is missing."), {} }) : q.exec();
            for (QByteArray* b : { &fresh, &old, &freshHex, &oldHex })
                sql::wipe(*b);
        }
    }
    if (Status detached = m_conn->exec("DETACH DATABASE rekeyed"); !detached)
        qCWarning(lcStore) << "detaching the re-encrypted copy failed (closing the connection detaches it):"
                           << detached.error().detail;
    if (!exported) {
        removeLeftoverRekey();
        return exported;
    }
    // What the reopen needs if the copy cannot replace the original (lock() wipes m_rawKey).
    QByteArray oldKey = m_rawKey;
    auto reopenOld = [this, &oldKey](const Error& why) -> Status {
        removeLeftoverRekey();
        if (Status s = unlockWithKey(oldKey); !s)
            qCWarning(lcStore) << "reopening under the old passphrase failed:" << s.error().detail;
        sql::wipe(oldKey);
        return why;
    };
    m_checkpointer.reset();
    m_conn.reset();
    // The copy is complete and durable before it replaces the original in one rename.
    if (!syncFile(tmp))
        return reopenOld(Error { Error::Io, tr("The re-encrypted copy could not be written to disk."), tmp });
    std::error_code ec;
    std::filesystem::rename(QFile::encodeName(tmp).constData(), QFile::encodeName(m_path).constData(), ec);
    if (ec)
        return reopenOld(Error { Error::Io, tr("The database could not be replaced by its re-encrypted copy."),
            QString::fromStdString(ec.message()) });
    sql::wipe(oldKey);
    // The rename itself is durable only once the folder is: until then a power cut could bring
    // back the old file (and with it the old passphrase).
    if (!syncDirectory(QFileInfo(m_path).absolutePath()))
        qCWarning(lcStore) << "the folder of" << m_path << "could not be synced after the rename";
    // The old WAL was checkpointed and truncated; its leftovers belong to the old file.
    QFile::remove(m_path + QStringLiteral("-wal"));
    QFile::remove(m_path + QStringLiteral("-shm"));
    sql::wipe(m_rawKey);
    return openWith(newPassphrase, {}, false, schema::latestVersion());
}

bool Store::isPassphrase(const QByteArray& passphrase) const
{
    if (!m_conn || m_plaintext || m_rawKey.size() != 48)
        return false;
    QByteArray derived = sql::Connection::deriveRawKey(passphrase, m_rawKey.right(16));
    const bool same = derived.size() == m_rawKey.size()
        && CRYPTO_memcmp(derived.constData(), m_rawKey.constData(), size_t(derived.size())) == 0;
    sql::wipe(derived);
    return same;
}

bool Store::contentKeyRotationPending() const
{
    return m_contentFiles && m_contentFiles->rotating();
}

Status Store::finishContentKeyRotation(const ContentKeyRotation& rotation)
{
    if (!m_conn)
        return Error { Error::Locked, tr("The local database is locked."), {} };
    if (!contentKeyRotationPending())
        return {};
    if (!rotation.complete())
        return Error { Error::Invalid, tr("Not every document has been re-encrypted yet."),
            QStringLiteral("incomplete run") };
    // The renames of the run first, the old key after: never a file under a key no longer kept.
    if (Status s = m_contentFiles->syncFolder(); !s)
        return s;
    if (Status s
        = m_conn->query("DELETE FROM meta WHERE key = ?1").bindAll(QStringLiteral("content_key_previous")).exec();
        !s)
        return s;
    QByteArray key = contentKey(QStringLiteral("content_key"));
    if (key.isEmpty())
        return Error { Error::Corrupt, tr("The document key is missing."), {} };
    m_contentFiles = std::make_shared<ContentFiles>(m_path + QStringLiteral(".content"), key);
    sql::wipe(key);
    qCInfo(lcStore) << "document files re-encrypted under the new key; the old key is gone";
    return {};
}

// ---------------------------------------------------------------------------------------------
Status Store::upsertServices(const QList<Service>& services)
{
    sql::Transaction tx(*m_conn);
    if (!tx.ok())
        return tx.error();
    for (const Service& s : services) {
        auto q
            = m_conn->query("INSERT INTO services(id, name_de, name_en, team_id, deadline_days, body, version) "
                            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(id) DO UPDATE SET "
                            "name_de = excluded.name_de, name_en = excluded.name_en, team_id = excluded.team_id, "
                            "deadline_days = excluded.deadline_days, body = excluded.body, version = excluded.version");
        q.bindAll(s.id, s.nameDe, s.nameEn, s.teamId, s.deadlineDays, compact(json::encode(s)), s.version);
        if (Status st = q.exec(); !st)
            return st;
    }
    return tx.commit();
}

Status Store::healAfterInterruptedImport()
{
    if (schemaVersion() < schema::latestVersion())
        return {}; // a test holding the schema back
    for (const char* ddl : schema::inboxIndexes())
        if (Status s = m_conn->exec(ddl); !s)
            return s;
    if (meta(QStringLiteral("bulk_import_pending")) == QLatin1String("1")) {
        qCWarning(lcStore) << "an interrupted bulk import left the search index incomplete; rebuilding it";
        return finishBulkImport();
    }
    return {};
}

Status Store::beginBulkImport()
{
    sql::Transaction tx(*m_conn);
    if (!tx.ok())
        return tx.error();
    if (Status s = setMeta(QStringLiteral("bulk_import_pending"), QStringLiteral("1")); !s)
        return s;
    for (const char* name : schema::inboxIndexNames())
        if (Status s = m_conn->exec((QByteArray("DROP INDEX IF EXISTS ") + name).constData()); !s)
            return s;
    if (Status s = tx.commit(); !s)
        return s;
    m_bulkImport = true;
    return {};
}

Status Store::bulkImport(const QList<Request>& requests)
{
    return writeRequests(requests, false);
}

Status Store::finishBulkImport(SearchIndexing search)
{
    QElapsedTimer t;
    t.start();
    qint64 indexesMs = 0, searchMs = 0, optimizeMs = 0, commitMs = 0;
    sql::Transaction tx(*m_conn);
    if (!tx.ok())
        return tx.error();
    for (const char* ddl : schema::inboxIndexes())
        if (Status s = m_conn->exec(ddl); !s)
            return s;
    indexesMs = t.restart();
    SearchIndex index(*m_conn);
    if (search == SearchIndexing::Later) {
        if (Status s = index.deferRebuild(); !s)
            return s;
    } else {
        if (Status s = index.rebuild(); !s)
            return s;
        searchMs = t.restart();
        // The rebuild leaves the index in many small segments; FTS5's automerge would then merge them
        // piecemeal during every later sync (measured on 1M rows: 2,000 changed rows took 1.5 s of index
        // work before, 0.2 s after one optimize, which itself takes ~7 s).
        if (Status s = index.optimize(); !s)
            return s;
        optimizeMs = t.restart();
    }
    if (Status s = setMeta(QStringLiteral("bulk_import_pending"), QStringLiteral("0")); !s)
        return s;
    if (Status s = tx.commit(); !s)
        return s;
    commitMs = t.restart();
    m_bulkImport = false;
    // Statistics from a sample of each index are as good for the planner here as a full scan.
    (void)m_conn->exec("PRAGMA analysis_limit = 1000; ANALYZE; PRAGMA analysis_limit = 0");
    qCInfo(lcStore).nospace().noquote() << "bulk import finished: indexes " << indexesMs << " ms, search index "
                                        << (search == SearchIndexing::Later ? "later"
                                                                            : QByteArray::number(searchMs) + " ms")
                                        << ", merged " << optimizeMs << " ms, committed " << commitMs
                                        << " ms, analyzed " << t.elapsed() << " ms";
    Q_EMIT requestsChanged({}); // everything: models reload
    return {};
}

Result<bool> Store::indexSearchSlice(int rows)
{
    if (!m_conn)
        return Error { Error::Locked, tr("The local database is locked."), {} };
    if (!m_searchProgress) { // counted once per build (a count walks every row)
        m_searchProgress = searchIndexPending();
        if (!m_searchProgress)
            return false;
    }
    sql::Transaction tx(*m_conn);
    if (!tx.ok())
        return tx.error();
    SearchIndex index(*m_conn);
    auto slice = index.indexSlice(rows);
    if (!slice)
        return slice.error();
    if (Status s = tx.commit(); !s)
        return s.error();
    const qint64 total = m_searchProgress->total;
    m_searchProgress->indexed = qMin(total, m_searchProgress->indexed + slice->indexed);
    if (slice->done) {
        qCInfo(lcStore) << "search index complete";
        m_searchProgress.reset();
        Q_EMIT searchIndexProgress(total, total);
        return false;
    }
    Q_EMIT searchIndexProgress(qMin(m_searchProgress->indexed, total - 1), total); // done only when complete
    return true;
}

bool Store::searchIndexBuilding() const
{
    return !meta(QString::fromLatin1(SearchIndex::kPendingKey)).isEmpty();
}

std::optional<Store::SearchIndexProgress> Store::searchIndexPending()
{
    if (!m_conn)
        return std::nullopt;
    auto p = SearchIndex(*m_conn).pending();
    return p ? p.value() : std::nullopt;
}

Status Store::upsertRequests(const QList<Request>& requests)
{
    return writeRequests(requests, true);
}

namespace {

bool sameText(const QString& stored, const QString& incoming)
{
    return stored == incoming && stored.isNull() == incoming.isNull();
}

} // namespace

Status Store::writeRequests(const QList<Request>& requests, bool indexNow)
{
    sql::Transaction tx(*m_conn, sql::Transaction::Nesting::Join);
    if (!tx.ok())
        return tx.error();
    SearchIndex index(*m_conn);
    const qint64 now = m_clock.now().toSecsSinceEpoch();
    for (const Request& r : requests) {
        const QVariant due = r.dueDate.isValid() ? QVariant(r.dueDate.toJulianDay()) : QVariant();
        const bool closed = isClosedStatus(r.status);
        const Applicant& a = r.applicant;
        const QJsonObject applicantObject { { QStringLiteral("name"), a.name }, { QStringLiteral("street"), a.street },
            { QStringLiteral("postcode"), a.postcode }, { QStringLiteral("city"), a.city },
            { QStringLiteral("email"), a.email }, { QStringLiteral("phone"), a.phone } };
        // UTF-8 as stored: compared and bound without a round trip through QString.
        const QByteArray applicantJson = QJsonDocument(applicantObject).toJson(QJsonDocument::Compact);
        const QByteArray formJson = QJsonDocument(r.form).toJson(QJsonDocument::Compact);

        // A request already held is compared first and only what changed is written: a change
        // feed mostly carries workflow changes (status, assignee), and every index or search-index
        // entry left alone is a page of a large store neither read, decrypted nor written again.
        qint64 rid = 0;
        bool textChanged = true, bodyChanged = true;
        if (indexNow) {
            auto old
                = m_conn->query("SELECT rid, reference, service_id, team_id, channel, submitted_at, due_date, status, "
                                "assignee, applicant, attachments, version FROM requests WHERE id = ?1");
            old.bindAll(r.id);
            if (old.next()) {
                rid = old.int64(0);
                const QVariant oldDue = old.value(6);
                const bool placeSame = sameText(old.text(2), r.serviceId) && sameText(old.text(3), r.teamId)
                    && old.int64(5) == r.submittedAt.toSecsSinceEpoch() && oldDue.isNull() == due.isNull()
                    && (due.isNull() || oldDue.toLongLong() == due.toLongLong());
                const bool workflowSame = sameText(old.text(7), r.status) && sameText(old.text(8), r.assignee);
                const bool restSame = sameText(old.text(1), r.reference) && sameText(old.text(4), r.channel)
                    && sameText(old.text(9), a.name) && old.int64(10) == r.attachmentCount
                    && old.int64(11) == r.version;
                textChanged = !sameText(old.text(1), r.reference) || !sameText(old.text(9), a.name);
                const char* update = nullptr; // null: the full statement below
                if (placeSame && !workflowSame)
                    update = "UPDATE requests SET reference = ?2, channel = ?3, status = ?4, "
                             "closed_at = CASE WHEN ?5 AND NOT closed THEN ?9 WHEN ?5 THEN closed_at END, closed = ?5, "
                             "assignee = ?6, applicant = ?7, attachments = ?8, "
                             "unread = CASE WHEN ?10 > version THEN 1 ELSE unread END, version = ?10 WHERE rid = ?1";
                else if (placeSame && !restSame)
                    update = "UPDATE requests SET reference = ?2, channel = ?3, applicant = ?7, attachments = ?8, "
                             "unread = CASE WHEN ?10 > version THEN 1 ELSE unread END, version = ?10 WHERE rid = ?1";
                if (placeSame && workflowSame && restSame) {
                    // Nothing in the row changed.
                } else if (update) {
                    auto u = m_conn->query(update); // unused numbers (?4–?6, ?9 in the second) bind harmlessly
                    u.bindAll(rid, r.reference, r.channel, r.status, closed, r.assignee, a.name, r.attachmentCount, now,
                        r.version);
                    if (Status st = u.exec(); !st)
                        return st;
                } else {
                    rid = 0; // written by the full statement
                }
                if (rid) {
                    auto b = m_conn->query(
                        "SELECT file_number, applicant_json, form_json FROM request_bodies WHERE rid = ?1");
                    b.bindAll(rid);
                    if (b.next())
                        bodyChanged
                            = !sameText(b.text(0), r.fileNumber) || b.blob(1) != applicantJson || b.blob(2) != formJson;
                }
            } else if (old.error()) {
                return old.error();
            }
        }
        if (!rid) {
            auto q = m_conn->query(
                "INSERT INTO requests(id, reference, service_id, team_id, channel, submitted_at, due_date, status, "
                "closed, "
                "closed_at, assignee, applicant, attachments, version) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, CASE WHEN ?9 THEN ?13 END, ?10, ?11, ?12, ?14) "
                "ON CONFLICT(id) DO UPDATE SET reference = excluded.reference, service_id = excluded.service_id, "
                "team_id = excluded.team_id, channel = excluded.channel, submitted_at = excluded.submitted_at, "
                "due_date = excluded.due_date, status = excluded.status, "
                "closed_at = CASE WHEN excluded.closed AND NOT requests.closed THEN ?13 "
                "                 WHEN excluded.closed THEN requests.closed_at END, "
                "closed = excluded.closed, assignee = excluded.assignee, applicant = excluded.applicant, "
                "attachments = excluded.attachments, version = excluded.version, "
                "unread = CASE WHEN excluded.version > requests.version THEN 1 ELSE requests.unread END "
                "RETURNING rid");
            q.bindAll(r.id, r.reference, r.serviceId, r.teamId, r.channel, r.submittedAt.toSecsSinceEpoch(), due,
                r.status, closed, r.assignee, a.name, r.attachmentCount, now, r.version);
            if (!q.next())
                return q.error();
            rid = q.int64(0);
            while (q.next()) { }
        }
        if (bodyChanged) {
            auto b = m_conn->query("INSERT INTO request_bodies(rid, file_number, applicant_json, form_json) "
                                   "VALUES (?1, ?2, ?3, ?4) ON CONFLICT(rid) DO UPDATE SET "
                                   "file_number = excluded.file_number, applicant_json = excluded.applicant_json, "
                                   "form_json = excluded.form_json");
            b.bindAll(rid, r.fileNumber);
            b.bindText(3, applicantJson).bindText(4, formJson);
            if (Status st = b.exec(); !st)
                return st;
        }
        if (indexNow) {
            // The search index holds reference, file number, applicant and form (notes and
            // document text are indexed where they change).
            if (textChanged || bodyChanged)
                if (Status st = index.reindex(rid); !st)
                    return st;
            m_changedRequests.insert(r.id);
        }
    }
    if (Status st = tx.commit(); !st) {
        m_changedRequests.clear();
        return st;
    }
    flushNotifications();
    return {};
}

Result<Request> Store::request(const QString& id)
{
    auto q = m_conn->query("SELECT r.id, r.reference, b.file_number, r.service_id, r.team_id, r.channel, "
                           "r.submitted_at, r.due_date, r.status, r.assignee, b.applicant_json, b.form_json, "
                           "r.attachments, r.version FROM requests r LEFT JOIN request_bodies b ON b.rid = r.rid "
                           "WHERE r.id = ?1");
    q.bindAll(id);
    if (!q.next())
        return q.error() ? q.error() : Error { Error::NotFound, tr("The request was not found."), id };
    QJsonObject o { { QStringLiteral("id"), q.text(0) }, { QStringLiteral("reference"), q.text(1) },
        { QStringLiteral("file_number"), q.text(2) }, { QStringLiteral("service_id"), q.text(3) },
        { QStringLiteral("team_id"), q.text(4) }, { QStringLiteral("channel"), q.text(5) },
        { QStringLiteral("submitted_at"),
            QDateTime::fromSecsSinceEpoch(q.int64(6), QTimeZone::UTC).toString(Qt::ISODateWithMs) },
        { QStringLiteral("due_date"),
            q.isNull(7) ? QString() : QDate::fromJulianDay(q.int64(7)).toString(Qt::ISODate) },
        { QStringLiteral("status"), q.text(8) }, { QStringLiteral("assignee"), q.text(9) },
        { QStringLiteral("applicant"), parseObject(q.text(10)) }, { QStringLiteral("form"), parseObject(q.text(11)) },
        { QStringLiteral("attachments"), q.int64(12) }, { QStringLiteral("version"), q.int64(13) } };
    return json::decodeRequest(o);
}

Status Store::upsertNotes(const QList<Note>& notes)
{
    sql::Transaction tx(*m_conn, sql::Transaction::Nesting::Join);
    if (!tx.ok())
        return tx.error();
    QSet<QString> touched;
    for (const Note& n : notes) {
        auto q = m_conn->query("INSERT INTO notes(id, request_id, author, text, created_at, version) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(id) DO UPDATE SET "
                               "text = excluded.text, author = excluded.author, version = excluded.version");
        q.bindAll(n.id, n.requestId, n.author, n.text, n.createdAt.toSecsSinceEpoch(), n.version);
        if (Status s = q.exec(); !s)
            return s;
        touched.insert(n.requestId);
    }
    SearchIndex index(*m_conn);
    for (const QString& id : std::as_const(touched)) {
        m_changedRequests.insert(id);
        if (m_bulkImport)
            continue;
        auto r = m_conn->query("SELECT rid FROM requests WHERE id = ?1");
        r.bindAll(id);
        if (r.next()) {
            const qint64 rid = r.int64(0);
            while (r.next()) { }
            if (Status s = index.reindex(rid); !s)
                return s;
        }
    }
    if (Status s = tx.commit(); !s)
        return s;
    flushNotifications();
    return {};
}

Status Store::upsertAnnotations(const QList<Annotation>& annotations)
{
    sql::Transaction tx(*m_conn, sql::Transaction::Nesting::Join);
    if (!tx.ok())
        return tx.error();
    for (const Annotation& a : annotations) {
        // The feed never overwrites an annotation the clerk changed and has not sent yet.
        auto q = m_conn->query(
            "INSERT INTO annotations(id, document_id, body, version, deleted) VALUES (?1, ?2, ?3, ?4, ?5) "
            "ON CONFLICT(id) DO UPDATE SET body = excluded.body, version = excluded.version, "
            "deleted = excluded.deleted WHERE NOT EXISTS (SELECT 1 FROM outbox WHERE kind = 'annotation' "
            "AND target_id = excluded.id AND state IN ('pending', 'sent'))");
        q.bindAll(a.id, a.documentId, compact(json::encode(a)), a.version, a.deleted);
        if (Status s = q.exec(); !s)
            return s;
        m_changedDocuments.insert(a.documentId);
    }
    if (Status s = tx.commit(); !s)
        return s;
    flushNotifications();
    return {};
}

QList<Annotation> Store::annotationsOf(const QString& documentId)
{
    QList<Annotation> out;
    auto q = m_conn->query("SELECT body FROM annotations WHERE document_id = ?1 AND deleted = 0 ORDER BY id");
    q.bindAll(documentId);
    while (q.next())
        if (auto a = json::decodeAnnotation(parseObject(q.text(0))))
            out << a.value();
    return out;
}

Result<Annotation> Store::annotation(const QString& id)
{
    auto q = m_conn->query("SELECT body, version, deleted FROM annotations WHERE id = ?1");
    q.bindAll(id);
    if (!q.next())
        return q.error() ? q.error() : Error { Error::NotFound, tr("The annotation was not found."), id };
    auto a = json::decodeAnnotation(parseObject(q.text(0)));
    if (!a)
        return a.error();
    a->version = q.int64(1);
    a->deleted = q.int64(2) != 0;
    return a;
}

namespace {
// What an annotation change sends: everything the server may take from the clerk.
QJsonObject annotationData(const Annotation& a)
{
    QJsonObject d = json::encode(a);
    for (const char* key : { "id", "author", "version", "created_at", "modified_at" })
        d.remove(QLatin1String(key));
    return d;
}
} // namespace

Result<Mutation> Store::createAnnotation(Annotation a, const QString& author)
{
    if (a.id.isEmpty())
        a.id = newId();
    a.author = author;
    a.createdAt = a.modifiedAt = m_clock.now();
    a.version = 1;
    a.deleted = false;
    if (auto check = json::decodeAnnotation(json::encode(a)); !check)
        return check.error();
    Mutation m;
    m.kind = QStringLiteral("annotation");
    m.op = QStringLiteral("create");
    m.targetId = a.id;
    m.data = annotationData(a);
    return recordChange(m, [&](sql::Connection& c) -> Status {
        auto q = c.query("INSERT INTO annotations(id, document_id, body, version, deleted) VALUES (?1, ?2, ?3, 1, 0)");
        q.bindAll(a.id, a.documentId, compact(json::encode(a)));
        m_changedDocuments.insert(a.documentId);
        return q.exec();
    });
}

Result<Mutation> Store::updateAnnotation(const Annotation& changed)
{
    auto current = annotation(changed.id);
    if (!current)
        return current.error();
    Annotation a = current.value();
    a.page = changed.page;
    a.geometry = changed.geometry;
    a.color = changed.color;
    a.text = changed.text;
    a.deleted = changed.deleted;
    a.modifiedAt = m_clock.now();
    if (auto check = json::decodeAnnotation(json::encode(a)); !check)
        return check.error();
    Mutation m;
    m.kind = QStringLiteral("annotation");
    m.op = QStringLiteral("update");
    m.targetId = a.id;
    m.baseVersion = current->version;
    m.data = annotationData(a);
    a.version = current->version + 1;
    return recordChange(m, [&](sql::Connection& c) -> Status {
        auto q = c.query("UPDATE annotations SET body = ?2, version = ?3, deleted = ?4 WHERE id = ?1");
        q.bindAll(a.id, compact(json::encode(a)), a.version, a.deleted);
        m_changedDocuments.insert(a.documentId);
        return q.exec();
    });
}

Result<Mutation> Store::deleteAnnotation(const QString& annotationId)
{
    auto current = annotation(annotationId);
    if (!current)
        return current.error();
    Annotation a = current.value();
    a.deleted = true;
    a.modifiedAt = m_clock.now();
    Mutation m;
    m.kind = QStringLiteral("annotation");
    m.op = QStringLiteral("delete");
    m.targetId = a.id;
    m.baseVersion = current->version;
    a.version = current->version + 1;
    return recordChange(m, [&](sql::Connection& c) -> Status {
        auto q = c.query("UPDATE annotations SET body = ?2, version = ?3, deleted = 1 WHERE id = ?1");
        q.bindAll(a.id, compact(json::encode(a)), a.version);
        m_changedDocuments.insert(a.documentId);
        return q.exec();
    });
}

QList<Note> Store::notes(const QString& requestId)
{
    QList<Note> out;
    auto q = m_conn->query(
        "SELECT id, author, text, created_at, version FROM notes WHERE request_id = ?1 ORDER BY created_at, id");
    q.bindAll(requestId);
    while (q.next())
        out << Note { q.text(0), requestId, q.text(1), q.text(2),
            QDateTime::fromSecsSinceEpoch(q.int64(3), QTimeZone::UTC), q.int64(4) };
    return out;
}

Status Store::resolveConflict(const QString& mutationId, Resolution resolution)
{
    sql::Transaction tx(*m_conn);
    if (!tx.ok())
        return tx.error();
    auto q = m_conn->query("SELECT kind, op, target_id, data, server_state FROM outbox WHERE mutation_id = ?1 AND "
                           "state IN ('conflict', 'rejected')");
    q.bindAll(mutationId);
    if (!q.next())
        return Error { Error::NotFound, tr("There is no such conflict."), mutationId };
    const QString kind = q.text(0), op = q.text(1), target = q.text(2);
    const QJsonObject data = parseObject(q.text(3)), server = parseObject(q.text(4));
    while (q.next()) { }
    if (kind == QLatin1String("request") && !server.isEmpty()) {
        // The server's state becomes the local state either way; "keep mine" then repeats the change on top.
        auto r = json::decodeRequest(server);
        if (r) {
            if (Status s = writeRequests({ r.value() }, true); !s)
                return s;
        }
    }
    if (kind == QLatin1String("annotation") && !server.isEmpty()) {
        if (auto a = json::decodeAnnotation(server)) {
            auto w = m_conn->query(
                "INSERT INTO annotations(id, document_id, body, version, deleted) VALUES (?1, ?2, ?3, ?4, ?5) "
                "ON CONFLICT(id) DO UPDATE SET body = excluded.body, version = excluded.version, "
                "deleted = excluded.deleted");
            if (Status s = w.bindAll(a->id, a->documentId, compact(server), a->version, a->deleted).exec(); !s)
                return s;
            m_changedDocuments.insert(a->documentId);
        }
    }
    if (Status s = m_conn->query("DELETE FROM outbox WHERE mutation_id = ?1").bindAll(mutationId).exec(); !s)
        return s;
    if (resolution == Resolution::KeepMine) {
        Mutation again;
        again.kind = kind;
        again.op = op;
        again.targetId = target;
        again.data = data;
        again.baseVersion = server.value(QLatin1String("version")).toInteger();
        auto m = recordChange(again, [&](sql::Connection& c) -> Status {
            if (kind == QLatin1String("request") && op == QLatin1String("status"))
                return c.query("UPDATE requests SET status = ?2 WHERE id = ?1")
                    .bindAll(target, data.value(QLatin1String("status")).toString())
                    .exec();
            if (kind == QLatin1String("request") && op == QLatin1String("assign"))
                return c.query("UPDATE requests SET assignee = ?2 WHERE id = ?1")
                    .bindAll(target, data.value(QLatin1String("assignee")).toString())
                    .exec();
            return {};
        });
        if (!m)
            return m.error();
        if (Status s = relinkTimeline(mutationId, m->mutationId); !s)
            return s;
    } else if (Status s = relinkTimeline(mutationId, {}); !s) { // the change did not happen
        return s;
    }
    m_changedRequests.insert(target);
    if (Status s = tx.commit(); !s)
        return s;
    flushNotifications();
    return {};
}

QStringList Store::colleaguesOf(const QString& teamId)
{
    QStringList out;
    auto q = m_conn->query("SELECT DISTINCT assignee FROM requests WHERE team_id = ?1 AND coalesce(assignee, '') <> '' "
                           "ORDER BY assignee");
    q.bindAll(teamId);
    while (q.next())
        out << q.text(0);
    return out;
}

Result<Service> Store::service(const QString& id)
{
    auto q = m_conn->query("SELECT body FROM services WHERE id = ?1");
    q.bindAll(id);
    if (!q.next())
        return q.error() ? q.error() : Error { Error::NotFound, tr("The service was not found."), id };
    return json::decodeService(parseObject(q.text(0)));
}

// ---------------------------------------------------------------------------------------------
Result<Mutation> Store::recordChange(Mutation m, const std::function<Status(sql::Connection&)>& localEffect)
{
    if (!m_conn)
        return Error { Error::Locked, tr("The local database is locked."), {} };
    if (m.mutationId.isEmpty())
        m.mutationId = newId();
    m.createdAt = m_clock.now();
    m.state = Mutation::State::Pending;
    sql::Transaction tx(*m_conn);
    if (!tx.ok())
        return tx.error();
    if (localEffect) {
        if (Status s = localEffect(*m_conn); !s)
            return s.error();
    }
    auto q = m_conn->query("INSERT INTO outbox(mutation_id, kind, op, target_id, base_version, data, created_at) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    q.bindAll(m.mutationId, m.kind, m.op, m.targetId, m.baseVersion, compact(m.data), m.createdAt.toSecsSinceEpoch());
    if (Status s = q.exec(); !s)
        return s.error();
    if (Status s = tx.commit(); !s) {
        m_changedRequests.clear();
        return s.error();
    }
    flushNotifications();
    return m;
}

Result<Mutation> Store::changeStatus(const QString& requestId, const QString& newStatus, const QString& actor)
{
    auto r = request(requestId);
    if (!r)
        return r.error();
    auto svc = service(r->serviceId);
    if (svc && !svc->allows(r->status, newStatus))
        return Error { Error::Invalid,
            tr("The status cannot change from \"%1\" to \"%2\" for this service.").arg(r->status, newStatus), {} };
    Mutation m;
    m.kind = QStringLiteral("request");
    m.op = QStringLiteral("status");
    m.targetId = requestId;
    m.baseVersion = r->version;
    m.data = { { QStringLiteral("status"), newStatus } };
    m.mutationId = newId(); // the timeline entry names it (the server's copy replaces it)
    const QString oldStatus = r->status;
    return recordChange(m, [&](sql::Connection& c) -> Status {
        auto q = c.query("UPDATE requests SET status = ?2, closed = ?3, "
                         "closed_at = CASE WHEN ?3 THEN ?4 END WHERE id = ?1");
        q.bindAll(requestId, newStatus, isClosedStatus(newStatus), m_clock.now().toSecsSinceEpoch());
        if (Status s = q.exec(); !s)
            return s;
        m_changedRequests.insert(requestId);
        return addTimeline({ requestId, m_clock.now(), actor, QStringLiteral("status_changed"),
            QStringLiteral("%1 → %2").arg(oldStatus, newStatus),
            { { QStringLiteral("from"), oldStatus }, { QStringLiteral("to"), newStatus } }, {}, m.mutationId });
    });
}

Result<Mutation> Store::addNote(const QString& requestId, const QString& text, const QString& actor)
{
    if (text.trimmed().isEmpty())
        return Error { Error::Invalid, tr("The note is empty."), {} };
    Mutation m;
    m.kind = QStringLiteral("note");
    m.op = QStringLiteral("create");
    m.targetId = newId();
    m.data = { { QStringLiteral("request_id"), requestId }, { QStringLiteral("text"), text } };
    m.mutationId = newId();
    return recordChange(m, [&](sql::Connection& c) -> Status {
        auto q = c.query("INSERT INTO notes(id, request_id, author, text, created_at) VALUES (?1, ?2, ?3, ?4, ?5)");
        q.bindAll(m.targetId, requestId, actor, text, m_clock.now().toSecsSinceEpoch());
        if (Status s = q.exec(); !s)
            return s;
        auto rid = c.query("SELECT rid FROM requests WHERE id = ?1");
        rid.bindAll(requestId);
        if (!rid.next())
            return rid.error() ? Status(rid.error())
                               : Status(Error { Error::NotFound, tr("The request was not found."), requestId });
        const qint64 row = rid.int64(0);
        while (rid.next()) { }
        if (Status s = SearchIndex(c).reindex(row); !s)
            return s;
        m_changedRequests.insert(requestId);
        return addTimeline({ requestId, m_clock.now(), actor, QStringLiteral("note_added"), text.left(200),
            { { QStringLiteral("note_id"), m.targetId } }, {}, m.mutationId });
    });
}

Result<Mutation> Store::claim(const QString& requestId, const QString& login)
{
    auto r = request(requestId);
    if (!r)
        return r.error();
    Mutation m;
    m.kind = QStringLiteral("request");
    m.op = QStringLiteral("claim");
    m.targetId = requestId;
    m.baseVersion = r->version;
    m.mutationId = newId();
    return recordChange(m, [&](sql::Connection& c) -> Status {
        if (Status s = c.query("UPDATE requests SET assignee = ?2 WHERE id = ?1").bindAll(requestId, login).exec(); !s)
            return s;
        m_changedRequests.insert(requestId);
        return addTimeline({ requestId, m_clock.now(), login, QStringLiteral("claimed"), login, {}, {}, m.mutationId });
    });
}

Result<Mutation> Store::assign(const QString& requestId, const QString& assignee, const QString& actor)
{
    auto r = request(requestId);
    if (!r)
        return r.error();
    Mutation m;
    m.kind = QStringLiteral("request");
    m.op = QStringLiteral("assign");
    m.targetId = requestId;
    m.baseVersion = r->version;
    m.data = { { QStringLiteral("assignee"), assignee } };
    m.mutationId = newId();
    return recordChange(m, [&](sql::Connection& c) -> Status {
        if (Status s = c.query("UPDATE requests SET assignee = ?2 WHERE id = ?1").bindAll(requestId, assignee).exec();
            !s)
            return s;
        m_changedRequests.insert(requestId);
        return addTimeline({ requestId, m_clock.now(), actor, QStringLiteral("assigned"), assignee,
            { { QStringLiteral("to"), assignee } }, {}, m.mutationId });
    });
}

Result<Mutation> Store::requestDocuments(const QString& requestId, const QString& message, const QString& actor)
{
    if (message.trimmed().isEmpty())
        return Error { Error::Invalid, tr("The message to the applicant is empty."), {} };
    auto r = request(requestId);
    if (!r)
        return r.error();
    Mutation m;
    m.kind = QStringLiteral("request");
    m.op = QStringLiteral("request_documents");
    m.targetId = requestId;
    m.baseVersion = r->version;
    m.data = { { QStringLiteral("message"), message } };
    m.mutationId = newId();
    return recordChange(m, [&](sql::Connection&) -> Status {
        m_changedRequests.insert(requestId);
        return addTimeline({ requestId, m_clock.now(), actor, QStringLiteral("documents_requested"), message.left(500),
            { { QStringLiteral("message"), message.left(5000) } }, {}, m.mutationId });
    });
}

Status Store::setUnread(const QString& requestId, bool unread)
{
    if (Status s = m_conn->query("UPDATE requests SET unread = ?2 WHERE id = ?1 AND unread <> ?2")
            .bindAll(requestId, unread)
            .exec();
        !s)
        return s;
    if (m_conn->changes() > 0) {
        m_changedRequests.insert(requestId);
        flushNotifications();
    }
    return {};
}

Status Store::setFlagged(const QString& requestId, bool flagged)
{
    if (Status s = m_conn->query("UPDATE requests SET flagged = ?2 WHERE id = ?1 AND flagged <> ?2")
            .bindAll(requestId, flagged)
            .exec();
        !s)
        return s;
    if (m_conn->changes() > 0) {
        m_changedRequests.insert(requestId);
        flushNotifications();
    }
    return {};
}

QList<QPair<QString, QString>> Store::savedSearches()
{
    QList<QPair<QString, QString>> out;
    auto q = m_conn->query("SELECT name, query FROM saved_views ORDER BY position, id");
    while (q.next())
        out << qMakePair(q.text(0), q.text(1));
    return out;
}

Status Store::saveSearch(const QString& name, const QString& query)
{
    if (name.trimmed().isEmpty() || query.trimmed().isEmpty())
        return Error { Error::Invalid, tr("A saved search needs a name and search words."), {} };
    auto q = m_conn->query("INSERT INTO saved_views(name, query, position) VALUES (?1, ?2, "
                           "(SELECT coalesce(max(position), 0) + 1 FROM saved_views)) "
                           "ON CONFLICT(name) DO UPDATE SET query = ?2");
    q.bindAll(name.trimmed(), query.trimmed());
    return q.exec();
}

Status Store::removeSavedSearch(const QString& name)
{
    return m_conn->query("DELETE FROM saved_views WHERE name = ?1").bindAll(name).exec();
}

// ---------------------------------------------------------------------------------------------
Status Store::addTimeline(const TimelineEvent& e)
{
    auto q = m_conn->query("INSERT INTO timeline(request_id, at, actor, kind, text, params, mutation_id) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    q.bindAll(e.requestId, e.at.toSecsSinceEpoch(), e.actor, e.kind, e.text,
        e.params.isEmpty() ? QString() : compact(e.params), e.mutationId.isEmpty() ? QString() : e.mutationId);
    return q.exec();
}

namespace {
// What an entry from the server keeps as its text: a plain detail for the e-file export (the
// words the clerk sees come from the code and its parameters when shown).
QString timelineDetail(const TimelineEvent& e)
{
    const QJsonObject& p = e.params;
    if (e.kind == QLatin1String("status_changed"))
        return QStringLiteral("%1 → %2").arg(
            p.value(QLatin1String("from")).toString(), p.value(QLatin1String("to")).toString());
    for (const char* key : { "channel", "to", "message" })
        if (p.contains(QLatin1String(key)))
            return p.value(QLatin1String(key)).toString();
    return e.actor;
}
} // namespace

Status Store::mergeTimeline(const QList<TimelineEvent>& entries)
{
    sql::Transaction tx(*m_conn, sql::Transaction::Nesting::Join);
    if (!tx.ok())
        return tx.error();
    for (const TimelineEvent& e : entries) {
        const QString params = compact(e.params), text = timelineDetail(e);
        // The clerk's own entry of the same change gives way to the server's: one entry, at the
        // server's time and in the server's order (entries arrive in it; equal times sort by row).
        if (!e.mutationId.isEmpty()) {
            auto d = m_conn->query("DELETE FROM timeline WHERE mutation_id = ?1 AND server_id IS NULL");
            if (Status s = d.bindAll(e.mutationId).exec(); !s)
                return s;
        }
        // An entry that came with an e-file package (neither the server's id nor a change of this
        // computer) gives way to the server's copy of it: the same code at the same time by the
        // same person. Only when the server's entry is new here, so a page pulled again removes
        // nothing.
        if (!e.serverId.isEmpty()) {
            auto d = m_conn->query("DELETE FROM timeline WHERE request_id = ?1 AND kind = ?2 AND at = ?3 "
                                   "AND actor = ?4 AND server_id IS NULL AND mutation_id IS NULL "
                                   "AND NOT EXISTS (SELECT 1 FROM timeline WHERE server_id = ?5)");
            if (Status s = d.bindAll(e.requestId, e.kind, e.at.toSecsSinceEpoch(), e.actor, e.serverId).exec(); !s)
                return s;
        }
        // Once only (a page pulled again adds nothing), and nothing for a request that retention
        // removed from this computer (its "purged" entry stays; the request itself is gone).
        auto q
            = m_conn->query("INSERT INTO timeline(request_id, at, actor, kind, text, params, server_id, mutation_id) "
                            "SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8 WHERE EXISTS (SELECT 1 FROM requests WHERE id = ?1) "
                            "OR NOT EXISTS (SELECT 1 FROM timeline WHERE request_id = ?1 AND kind = 'purged') "
                            "ON CONFLICT(server_id) DO NOTHING");
        q.bindAll(e.requestId, e.at.toSecsSinceEpoch(), e.actor, e.kind, text, params, e.serverId,
            e.mutationId.isEmpty() ? QString() : e.mutationId);
        if (Status s = q.exec(); !s)
            return s;
        if (m_conn->changes() > 0 && !m_bulkImport) // (a bulk import announces everything at its end)
            m_changedRequests.insert(e.requestId);
    }
    if (Status s = tx.commit(); !s) {
        m_changedRequests.clear();
        return s;
    }
    flushNotifications();
    return {};
}

Status Store::relinkTimeline(const QString& mutationId, const QString& newMutationId)
{
    if (newMutationId.isEmpty()) // dropped: the local entry of a change that never happened goes too
        return m_conn->query("DELETE FROM timeline WHERE mutation_id = ?1 AND server_id IS NULL")
            .bindAll(mutationId)
            .exec();
    return m_conn->query("UPDATE timeline SET mutation_id = ?2 WHERE mutation_id = ?1 AND server_id IS NULL")
        .bindAll(mutationId, newMutationId)
        .exec();
}

QList<TimelineEvent> Store::timeline(const QString& requestId)
{
    QList<TimelineEvent> out;
    auto q = m_conn->query("SELECT at, actor, kind, text, params, server_id, mutation_id FROM timeline "
                           "WHERE request_id = ?1 ORDER BY at, id");
    q.bindAll(requestId);
    while (q.next())
        out << TimelineEvent { requestId, QDateTime::fromSecsSinceEpoch(q.int64(0), QTimeZone::UTC), q.text(1),
            q.text(2), q.text(3), q.isNull(4) ? QJsonObject() : parseObject(q.text(4)), q.text(5), q.text(6) };
    return out;
}

QString Store::meta(const QString& key) const
{
    if (!m_conn)
        return {};
    auto q = m_conn->query("SELECT value FROM meta WHERE key = ?1");
    q.bindAll(key);
    return q.next() ? q.text(0) : QString();
}

Status Store::setMeta(const QString& key, const QString& value)
{
    return m_conn->query("INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = ?2")
        .bindAll(key, value)
        .exec();
}

Result<QList<qint64>> Store::search(const QString& typed, int limit)
{
    if (!m_conn)
        return Error { Error::Locked, tr("The local database is locked."), {} };
    return SearchIndex(*m_conn).search(typed, limit);
}

void Store::notifyChanged(const QStringList& requestIds, const QStringList& documentIds)
{
    if (requestIds.isEmpty() && documentIds.isEmpty()) {
        Q_EMIT requestsChanged({}); // "reload everything"
        return;
    }
    for (const QString& id : requestIds)
        m_changedRequests.insert(id);
    for (const QString& id : documentIds)
        m_changedDocuments.insert(id);
    flushNotifications();
}

void Store::flushNotifications()
{
    if (m_conn && m_conn->inTransaction())
        return; // only after the outermost commit
    if (!m_changedRequests.isEmpty()) {
        QStringList ids(m_changedRequests.cbegin(), m_changedRequests.cend());
        m_changedRequests.clear();
        ids.sort();
        Q_EMIT requestsChanged(ids);
    }
    if (!m_changedDocuments.isEmpty()) {
        QStringList ids(m_changedDocuments.cbegin(), m_changedDocuments.cend());
        m_changedDocuments.clear();
        ids.sort();
        Q_EMIT documentsChanged(ids);
    }
}

} // namespace clerk
