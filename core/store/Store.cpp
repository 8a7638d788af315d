#include "Store.h"

#include "Checkpointer.h"
#include "ContentFiles.h"
#include "ContentKeyRotation.h"
#include "Database.h"
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
    , m_db(std::make_unique<Database>(clock))
    , m_meta(*m_db)
    , m_timeline(*m_db)
    , m_savedSearches(*m_db)
    , m_requests(*m_db, m_outbox, m_timeline)
    , m_outbox(*m_db, m_timeline, m_requests)
    , m_notes(*m_db, m_outbox, m_timeline)
    , m_noteDrafts(*m_db)
    , m_annotations(*m_db, m_outbox)
    , m_import(*m_db, m_requests, m_meta)
{
    m_db->setListener({ [this](const QStringList& ids) { Q_EMIT requestsChanged(ids); },
        [this](const QStringList& ids) { Q_EMIT documentsChanged(ids); },
        [this](qint64 indexed, qint64 total) { Q_EMIT searchIndexProgress(indexed, total); } });
}

bool Store::isUnlocked() const
{
    return m_db->isOpen();
}

sql::Connection& storeConnection(Store& store)
{
    return store.m_db->connection();
}

const sql::Checkpointer* Store::checkpointer() const
{
    return m_db->checkpointer();
}

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

Status Store::unlockAsWorker(const QByteArray& rawKey)
{
    if (rawKey.size() != 48)
        return Error { Error::Invalid, tr("The key from the keyring is not valid."), {} };
    return openWith({}, rawKey, false, schema::latestVersion(), Role::Worker);
}

Status Store::unlockAndMigrateTo(const QByteArray& passphrase, int version)
{
    return openWith(passphrase, {}, !exists(), version);
}

Status Store::openWith(const QByteArray& passphrase, const QByteArray& rawKey, bool create, int migrateTo, Role role)
{
    lock();
    const bool owner = role == Role::Owner;
    if (owner)
        removeLeftoverRekey(); // (a worker must not: the owner may be writing that copy right now)
    sql::Connection::Options o;
    o.path = m_path;
    o.passphrase = passphrase;
    o.rawKey = rawKey;
    o.create = create;
    o.plaintext = m_plaintext;
    o.cacheSizeMb = kConnectionCacheMb;
    o.interruptible = !owner; // a worker's store (a job's: StoreAccess::interrupt(); the sync engine's)
    o.foreground = owner; // the window's: the sync's writes let it through (sql::WriteTurns)
    auto conn = sql::Connection::open(o);
    if (!conn) {
        qCInfo(lcStore) << "unlock failed:" << conn.error().detail;
        return conn.error();
    }
    m_db->open(std::move(conn.value()));
    if (!owner && schemaVersion() != schema::latestVersion()) {
        const int found = schemaVersion();
        m_db->close();
        return Error { Error::Busy, tr("The local database changed while this task started; please try again."),
            QStringLiteral("schema %1, expected %2").arg(found).arg(schema::latestVersion()) };
    }
    if (owner) {
        if (Status s = migrate(migrateTo); !s) {
            m_db->close();
            return s;
        }
        if (Status s = m_import.healAfterInterruption(); !s) {
            m_db->close();
            return s;
        }
    }
    if (Status s = openContentFiles(role); !s) {
        m_db->close();
        return s;
    }
    // Profiles from before the outbox kept its history bounded may hold years of answered changes.
    if (owner)
        if (Status s = m_outbox.trimAppliedHistory(); !s)
            qCWarning(lcStore) << "trimming the outbox's history failed:" << s.error().detail;
    if (!m_plaintext && sql::Connection::looksLikePlainSqlite(m_path)) {
        // Never happens with a keyed SQLCipher connection; checked because the price of being
        // wrong is citizens' data in plaintext.
        m_db->close();
        return Error { Error::NotEncrypted, tr("The local database is not encrypted."), m_path };
    }
    if (!m_plaintext)
        m_rawKey
            = rawKey.isEmpty() ? sql::Connection::deriveRawKey(passphrase, sql::Connection::fileSalt(m_path)) : rawKey;
    if (!owner) {
        qCDebug(lcStore) << "opened for a worker" << m_path;
        return {};
    }
    // Commits append to the WAL; copying it into the database file happens beside them.
    sql::Connection::Options own;
    own.path = m_path;
    own.rawKey = m_rawKey;
    own.plaintext = m_plaintext;
    own.cacheSizeMb = Database::kCheckpointCacheMb;
    m_db->startCheckpointing([own]() mutable {
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
    auto stored = m_meta.value(name);
    if (!stored)
        qCWarning(lcStore) << "reading the document key failed:" << stored.error().detail;
    QString hex = stored ? std::move(stored).value() : QString();
    QByteArray raw = hex.toLatin1();
    QByteArray key = QByteArray::fromHex(raw);
    sql::wipe(hex);
    sql::wipe(raw);
    if (key.size() != 32)
        sql::wipe(key);
    return key;
}

Status Store::openContentFiles(Role role)
{
    if (schemaVersion() < 4)
        return {}; // a test holding the schema back
    // The files' key is made once and kept in the encrypted database; a change of the passphrase
    // replaces it (the old one stays as "previous" until every file is re-encrypted).
    QByteArray key, previous;
    if (!m_plaintext) {
        key = contentKey(QStringLiteral("content_key"));
        previous = contentKey(QStringLiteral("content_key_previous"));
        if (key.isEmpty() && role == Role::Worker)
            return Error { Error::Invalid, tr("The local database is not ready for this task yet; please try again."),
                QStringLiteral("no document key (the window's store makes it at unlock)") };
        if (key.isEmpty()) {
            key.resize(32);
            if (RAND_bytes(reinterpret_cast<unsigned char*>(key.data()), 32) != 1)
                return Error { Error::Io, tr("No random numbers for the document key."), {} };
            if (Status s = m_meta.set(QStringLiteral("content_key"), QString::fromLatin1(key.toHex())); !s)
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
    // Only the owner, at unlock, before any job or sync runs: a worker sees no rows another
    // connection has not committed yet, and would remove the files they are about to name.
    if (role == Role::Worker)
        return {};
    QSet<QString> keep;
    auto q = m_db->connection().query("SELECT id, content_file FROM documents WHERE content_file >= 1");
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
    const bool wasOpen = m_db->isOpen();
    if (wasOpen)
        Q_EMIT aboutToLock(); // (still open: what is in the window's hands can be written)
    m_contentFiles.reset();
    m_db->close(); // the meta flag of a bulk import stays: the next unlock heals an interrupted one
    sql::wipe(m_rawKey);
    m_import.forgetProgress();
    if (wasOpen) {
        qCInfo(lcStore) << "locked" << m_path;
        Q_EMIT locked();
    }
}

int Store::schemaVersion() const
{
    if (!m_db->isOpen())
        return -1;
    auto v = m_db->connection().scalar("PRAGMA user_version");
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
        sql::Transaction tx(m_db->connection());
        if (!tx.ok())
            return tx.error();
        if (Status s = m_db->connection().exec(m.sql); !s)
            return s;
        if (Status s
            = m_db->connection().exec(QByteArray("PRAGMA user_version = " + QByteArray::number(m.version)).constData());
            !s)
            return s;
        if (Status s = tx.commit(); !s)
            return s;
        qCInfo(lcStore) << "migrated to schema" << m.version;
    }
    return {};
}

Result<std::unique_ptr<sql::Connection>> Store::openWorkerConnection(int cacheMb) const
{
    if (!m_db->isOpen())
        return Error { Error::Locked, tr("The local database is locked."), {} };
    sql::Connection::Options o;
    o.path = m_path;
    o.rawKey = m_rawKey;
    o.plaintext = m_plaintext;
    o.cacheSizeMb = cacheMb;
    o.interruptible = true;
    return sql::Connection::open(o);
}

Status Store::changePassphrase(const QByteArray& newPassphrase)
{
    if (!m_db->isOpen())
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
    m_db->stopCheckpointing();
    if (Status s = m_db->connection().exec("PRAGMA wal_checkpoint(TRUNCATE)"); !s)
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
        auto attach = m_db->connection().query("ATTACH DATABASE ?1 AS rekeyed KEY ?2");
        attach.bind(1, tmp).bindText(2, newPassphrase);
        if (Status s = attach.exec(); !s) {
            removeLeftoverRekey();
            return s;
        }
    }
    const QByteArray version = QByteArray::number(schemaVersion());
    Status exported = m_db->connection().exec("SELECT sqlcipher_export('rekeyed')");
    if (exported)
        exported = m_db->connection().exec(QByteArray("PRAGMA rekeyed.user_version = " + version).constData());
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
            auto q = m_db->connection().query("INSERT OR REPLACE INTO rekeyed.meta(key, value) VALUES "
                                              "('content_key', ?1), ('content_key_previous', ?2)");
            q.bindText(1, freshHex).bindText(2, oldHex);
            exported
                = old.isEmpty() ? Status(Error { Error::Corrupt, tr("The document key is missing."), {} }) : q.exec();
            for (QByteArray* b : { &fresh, &old, &freshHex, &oldHex })
                sql::wipe(*b);
        }
    }
    if (Status detached = m_db->connection().exec("DETACH DATABASE rekeyed"); !detached)
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
    m_db->stopCheckpointing();
    m_db->close();
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
    if (!m_db->isOpen() || m_plaintext || m_rawKey.size() != 48)
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
    if (!m_db->isOpen())
        return Error { Error::Locked, tr("The local database is locked."), {} };
    if (!contentKeyRotationPending())
        return {};
    if (!rotation.complete())
        return Error { Error::Invalid, tr("Not every document has been re-encrypted yet."),
            QStringLiteral("incomplete run") };
    // The renames of the run first, the old key after: never a file under a key no longer kept.
    if (Status s = m_contentFiles->syncFolder(); !s)
        return s;
    if (Status s = m_db->connection()
            .query("DELETE FROM meta WHERE key = ?1")
            .bindAll(QStringLiteral("content_key_previous"))
            .exec();
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

Result<QList<qint64>> Store::search(const QString& typed, int limit)
{
    if (!m_db->isOpen())
        return Error { Error::Locked, tr("The local database is locked."), {} };
    return SearchIndex(m_db->connection()).search(typed, limit);
}

void Store::notifyChanged(const QStringList& requestIds, const QStringList& documentIds)
{
    if (requestIds.isEmpty() && documentIds.isEmpty()) {
        Q_EMIT requestsChanged({}); // "reload everything"
        return;
    }
    for (const QString& id : requestIds)
        m_db->requestChanged(id);
    for (const QString& id : documentIds)
        m_db->documentChanged(id);
    m_db->flush();
}

Clock& Store::clock() const
{
    return m_db->clock();
}

} // namespace clerk
