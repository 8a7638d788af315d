#include "Sql.h"

#include "WriteTurns.h"
#include "core/Logging.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QMutex>
#include <chrono>
#include <cstring>
#include <openssl/evp.h>
#include <sqlcipher/sqlite3.h>

namespace clerk::sql {

// The messages of this file, under one context that lupdate and the running program agree on
// (a free tr() here once translated under a context the .ts file did not have: German screens
// showed these in English).
struct Messages
{
    Q_DECLARE_TR_FUNCTIONS(clerk::sql::Messages)
};

namespace {

constexpr char kPlainHeader[] = "SQLite format 3"; // followed by a NUL in the file
constexpr int kKdfIterations = 256000; // SQLCipher 4 default
} // namespace

// ---------------------------------------------------------------------------------------------
namespace {

// The open connections of the process, for memoryUse() (statistics per connection: the global ones
// are off, see configureSqliteOnce()).
// Never destroyed: a connection may close after the statics' destructors ran at exit.
QMutex& openConnectionsMutex()
{
    static auto* m = new QMutex;
    return *m;
}
QSet<sqlite3*>& openConnections()
{
    static auto* all = new QSet<sqlite3*>;
    return *all;
}

} // namespace

Connection::Connection(sqlite3* db, QString path)
    : m_db(db)
    , m_path(std::move(path))
{
    if (m_db) {
        const QMutexLocker lock(&openConnectionsMutex());
        openConnections().insert(m_db);
    }
}

void Connection::setWalCommitHook(std::function<void(int pages)> hook)
{
    m_walCommitHook = std::move(hook);
    if (!m_walCommitHook) {
        sqlite3_wal_autocheckpoint(m_db, 8192);
        return;
    }
    sqlite3_wal_hook(
        m_db,
        [](void* self, sqlite3*, const char*, int pages) {
            static_cast<Connection*>(self)->m_walCommitHook(pages);
            return SQLITE_OK;
        },
        this);
}

void Connection::checkpointPassive()
{
    sqlite3_wal_checkpoint_v2(m_db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
}

Connection::~Connection()
{
    clearStatementCache();
    // Queries that outlive their connection are a bug; their statements go with it.
    for (auto it = m_cacheKeys.cbegin(); it != m_cacheKeys.cend(); ++it)
        sqlite3_finalize(it.key());
    m_cacheKeys.clear();
    if (m_db) {
        {
            const QMutexLocker lock(&openConnectionsMutex());
            openConnections().remove(m_db);
        }
        const int rc = sqlite3_close(m_db);
        if (rc != SQLITE_OK)
            qCWarning(lcStore) << "closing" << m_path << "failed:" << sqlite3_errstr(rc);
    }
}

void Connection::clearStatementCache()
{
    for (auto it = m_cache.begin(); it != m_cache.end();) {
        if (!it->borrowed)
            sqlite3_finalize(it->stmt);
        // A borrowed one leaves the cache: its Query finalizes it when released.
        it = m_cache.erase(it);
    }
}

void Connection::setStatementCacheLimit(int limit)
{
    m_cacheLimit = qMax(1, limit);
    evictIdle(m_cacheLimit);
}

bool Connection::evictIdle(int keep)
{
    // The bound is small (≈100): a scan for the least recently used idle statement is cheaper
    // than keeping a list in order on every hit.
    while (m_cache.size() > keep) {
        auto oldest = m_cache.end();
        for (auto it = m_cache.begin(); it != m_cache.end(); ++it)
            if (!it->borrowed && (oldest == m_cache.end() || it->lastUse < oldest->lastUse))
                oldest = it;
        if (oldest == m_cache.end())
            return false; // every statement is borrowed
        sqlite3_finalize(oldest->stmt);
        m_cache.erase(oldest);
    }
    return true;
}

void Connection::releaseStatement(sqlite3_stmt* stmt)
{
    const auto key = m_cacheKeys.find(stmt);
    if (key == m_cacheKeys.end()) {
        sqlite3_finalize(stmt);
        return;
    }
    const auto it = m_cache.find(key.value());
    m_cacheKeys.erase(key);
    if (it == m_cache.end() || it->stmt != stmt) {
        sqlite3_finalize(stmt); // cleared from the cache while borrowed
        return;
    }
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    it->borrowed = false;
}

bool Connection::looksLikePlainSqlite(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return false;
    const QByteArray head = f.read(16);
    return head.size() == 16 && std::memcmp(head.constData(), kPlainHeader, sizeof kPlainHeader) == 0;
}

QByteArray Connection::fileSalt(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QByteArray salt = f.read(16);
    return salt.size() == 16 ? salt : QByteArray();
}

QByteArray Connection::deriveRawKey(const QByteArray& passphrase, const QByteArray& salt)
{
    QByteArray key(32, Qt::Uninitialized);
    if (PKCS5_PBKDF2_HMAC(passphrase.constData(), int(passphrase.size()),
            reinterpret_cast<const unsigned char*>(salt.constData()), int(salt.size()), kKdfIterations, EVP_sha512(),
            int(key.size()), reinterpret_cast<unsigned char*>(key.data()))
        != 1) {
        wipe(key);
        return {};
    }
    QByteArray out = key + salt;
    wipe(key);
    return out;
}

void Connection::interrupt()
{
    m_interrupted.store(true, std::memory_order_relaxed);
    if (m_db)
        sqlite3_interrupt(m_db);
}

Error Connection::errorFor(int rc, const QString& what) const
{
    const int primary = rc & 0xff;
    const QString detail = QStringLiteral("%1: %2 (%3)")
                               .arg(what, QString::fromUtf8(m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc)))
                               .arg(rc);
    switch (primary) {
    case SQLITE_NOTADB:
        return { Error::WrongPassphrase,
            Messages::tr("The passphrase is wrong, or the file is not a ClerkDesk database. Nothing was changed."),
            detail };
    case SQLITE_CORRUPT:
        return { Error::Corrupt,
            Messages::tr("The local database is damaged. It can be rebuilt from the city backend; unsent work is kept "
                         "wherever it can still be read."),
            detail };
    case SQLITE_FULL:
        return { Error::DiskFull,
            Messages::tr("The disk is full. The last change was not saved; free some space and try again."), detail };
    case SQLITE_INTERRUPT:
        return { Error::Cancelled, Messages::tr("The work was stopped; nothing was changed."), detail };
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return { Error::Busy, Messages::tr("The local database is busy. Please try again in a moment."), detail };
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_READONLY:
        return { Error::Io, Messages::tr("The local database could not be read or written."), detail };
    default:
        return { Error::Internal, Messages::tr("An internal database error occurred."), detail };
    }
}

namespace {

// Once per process, before SQLite initialises (the first connection): no global allocation
// statistics. With them, every SQLite allocation of every connection takes one process-wide mutex
// and holds it across malloc() itself; a worker thread's allocation that waited for the allocator
// (MemoryTrim's malloc_trim walks an arena under its lock) then stopped the GUI thread's queries
// too: the inbox's reload waited 40-110 ms in pthread_mutex_lock (./dev bench week, stall stacks).
// Nothing here reads those statistics (no soft heap limit, no sqlite3_memory_used).
void configureSqliteOnce()
{
    static const bool configured = [] {
        const int rc = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
        if (rc != SQLITE_OK)
            qCWarning(lcStore) << "SQLite's allocation statistics stay on (configured too late):" << sqlite3_errstr(rc);
        return rc == SQLITE_OK;
    }();
    Q_UNUSED(configured)
}

} // namespace

Result<std::unique_ptr<Connection>> Connection::open(const Options& o)
{
    configureSqliteOnce();
    const bool exists = QFileInfo::exists(o.path);
    if (!exists && !o.create)
        return Error { Error::NotFound, Messages::tr("The local database does not exist."), o.path };
    if (exists && !o.plaintext && looksLikePlainSqlite(o.path))
        return Error { Error::NotEncrypted,
            Messages::tr("The local database is not encrypted. ClerkDesk refuses to use it; it must be rebuilt "
                         "from the city backend."),
            o.path };
    if (!o.plaintext && o.passphrase.isEmpty() && o.rawKey.isEmpty())
        return Error { Error::Invalid, Messages::tr("No passphrase was given."), o.path };

    int flags = SQLITE_OPEN_FULLMUTEX | SQLITE_OPEN_EXRESCODE;
    flags |= o.readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    if (o.create && !exists)
        flags |= SQLITE_OPEN_CREATE;
    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(QFile::encodeName(o.path).constData(), &raw, flags, nullptr);
    std::unique_ptr<Connection> conn(new Connection(raw, o.path));
    if (rc != SQLITE_OK)
        return conn->errorFor(rc, QStringLiteral("open"));

    if (!o.plaintext) {
        if (!o.rawKey.isEmpty()) {
            // x'<hex key><hex salt>': skips the KDF; used with the key kept in the OS keyring.
            QByteArray literal = "x'" + o.rawKey.toHex() + "'";
            rc = sqlite3_key(raw, literal.constData(), int(literal.size()));
            wipe(literal);
        } else {
            rc = sqlite3_key(raw, o.passphrase.constData(), int(o.passphrase.size()));
        }
        if (rc != SQLITE_OK)
            return conn->errorFor(rc, QStringLiteral("key"));
    }
    // The first read decides whether the key fits; a wrong key writes nothing.
    rc = sqlite3_exec(raw, "SELECT count(*) FROM sqlite_schema", nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK)
        return conn->errorFor(rc, QStringLiteral("verify key"));

    if (Status s = conn->exec("PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY"); !s)
        return s.error();
    if (Status s = conn->setCacheSizeMb(o.cacheSizeMb); !s)
        return s.error();
    conn->m_interruptible = o.interruptible;
    conn->m_foreground = o.foreground;
    conn->m_turns = WriteTurns::forFile(o.path);
    if (o.interruptible) {
        // sqlite3_interrupt() stops only the statements running at that moment; between two of a
        // worker's statements it would be lost. The flag stops the next one too (checked every
        // thousand virtual machine steps: a load, next to nothing).
        sqlite3_progress_handler(
            raw, 1000, [](void* c) { return static_cast<Connection*>(c)->isInterrupted() ? 1 : 0; }, conn.get());
    }
    // A worker and the window's connection wait for another connection's write lock in steps of
    // their own (SQLite's busy timeout would sleep through an interrupt): a worker gives up when
    // interrupted; the window's connection polls more often and says it waits, so that a background
    // writer lets it through (WriteTurns.h). The others keep SQLite's busy timeout.
    if (o.interruptible || o.foreground)
        sqlite3_busy_handler(
            raw,
            [](void* c, int tries) {
                auto* self = static_cast<Connection*>(c);
                const auto now = std::chrono::steady_clock::now();
                if (tries == 0)
                    self->m_busySince = now;
                if ((self->m_interruptible && self->isInterrupted())
                    || now - self->m_busySince >= std::chrono::milliseconds(self->m_busyTimeoutMs))
                    return 0;
                if (self->m_foreground)
                    self->m_turns->foregroundWaits();
                sqlite3_sleep(self->m_foreground ? WriteTurns::kForegroundPollMs : WriteTurns::kBackgroundPollMs);
                return 1;
            },
            conn.get());
    conn->setBusyTimeoutMs(o.busyTimeoutMs);
    if (!o.readOnly) {
        // Checkpoints every 8,192 pages (32 MiB of WAL) instead of SQLite's 1,000: a sync page of a
        // large store dirties thousands of scattered pages, and each checkpoint (with its fsync) cost
        // about as much as the writes themselves (measured: commit of 2,000 changed rows of a 1M store
        // 0.55 s → 0.27 s). The WAL holds encrypted pages like the database.
        if (Status s
            = conn->exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 8192;");
            !s)
            return s.error();
    }
    return conn;
}

namespace {
void callTextFunction(sqlite3_context* ctx, int argc, sqlite3_value** argv)
{
    auto fn = reinterpret_cast<Connection::TextFunction>(sqlite3_user_data(ctx));
    if (argc != 1 || sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
    const QByteArray out = fn(QString::fromUtf8(text, sqlite3_value_bytes(argv[0]))).toUtf8();
    sqlite3_result_text64(ctx, out.constData(), sqlite3_uint64(out.size()), SQLITE_TRANSIENT, SQLITE_UTF8);
}
} // namespace

Status Connection::addTextFunction(const char* name, TextFunction fn)
{
    if (m_functions.contains(name))
        return {};
    const int rc = sqlite3_create_function_v2(m_db, name, 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
        reinterpret_cast<void*>(fn), callTextFunction, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK)
        return errorFor(rc, QStringLiteral("create function"));
    m_functions.insert(name);
    return {};
}

Status Connection::exec(const char* sql)
{
    // After interrupt() nothing more is begun or committed (statements through query() refuse in
    // Query::next()); what undoes is let through.
    if (isInterrupted() && qstrnicmp(sql, "ROLLBACK", 8) != 0 && qstrnicmp(sql, "RELEASE", 7) != 0)
        return errorFor(SQLITE_INTERRUPT, QString::fromUtf8(sql).left(200));
    char* msg = nullptr;
    const int rc = sqlite3_exec(m_db, sql, nullptr, nullptr, &msg);
    statementDone();
    sqlite3_free(msg);
    if (rc != SQLITE_OK)
        return errorFor(rc, QString::fromUtf8(sql).left(200));
    return {};
}

void Connection::setBusyTimeoutMs(int ms)
{
    m_busyTimeoutMs = qMax(0, ms);
    // (A worker's and the window's connection have their own handler, which reads m_busyTimeoutMs;
    // sqlite3_busy_timeout would replace it.)
    if (!m_interruptible && !m_foreground)
        sqlite3_busy_timeout(m_db, m_busyTimeoutMs);
}

bool Connection::foregroundWaiting() const
{
    return m_turns && m_turns->foregroundWaiting();
}

bool Connection::letForegroundThrough() const
{
    return !m_turns || m_turns->letForegroundThrough(WriteTurns::kLetThroughMs);
}

Status Connection::setCacheSizeMb(int mb)
{
    return exec(("PRAGMA cache_size = -" + QByteArray::number(qMax(1, mb) * 1024)).constData());
}

Query Connection::query(const char* sql)
{
    const QByteArray key(sql);
    const auto hit = m_cache.find(key);
    if (hit != m_cache.end() && !hit->borrowed) {
        hit->borrowed = true;
        hit->lastUse = ++m_useClock;
        m_cacheKeys.insert(hit->stmt, key);
        return Query(this, hit->stmt, {}, true);
    }
    // Borrowed already (a nested read of the same text), or not cached: the cache takes it if it
    // has room or an idle statement to give up; otherwise it is this Query's own.
    const bool cache = hit == m_cache.end() && evictIdle(m_cacheLimit - 1);
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(m_db, sql, -1, cache ? SQLITE_PREPARE_PERSISTENT : 0, &stmt, nullptr);
    if (rc != SQLITE_OK)
        return Query(this, nullptr, errorFor(rc, QString::fromUtf8(sql)));
    if (!cache)
        return Query(this, stmt, {}, false);
    m_cache.insert(key, CachedStatement { stmt, ++m_useClock, true });
    m_cacheKeys.insert(stmt, key);
    return Query(this, stmt, {}, true);
}

Query Connection::query(const QString& sql)
{
    const QByteArray utf8 = sql.toUtf8();
    return query(utf8.constData());
}

Result<QVariant> Connection::scalar(const char* sql)
{
    Query q = query(sql);
    if (!q.isValid())
        return q.prepareError();
    if (q.next())
        return q.value(0);
    if (q.error())
        return q.error();
    return QVariant();
}

qint64 Connection::lastInsertRowId() const
{
    return sqlite3_last_insert_rowid(m_db);
}

int Connection::changes() const
{
    return sqlite3_changes(m_db);
}

qint64 Connection::totalChanges() const
{
    return sqlite3_total_changes64(m_db);
}

bool Connection::inTransaction() const
{
    return !sqlite3_get_autocommit(m_db);
}

MemoryUse memoryUse()
{
    MemoryUse use;
    const QMutexLocker lock(&openConnectionsMutex());
    for (sqlite3* db : std::as_const(openConnections())) {
        int now = 0, peak = 0;
        if (sqlite3_db_status(db, SQLITE_DBSTATUS_CACHE_USED, &now, &peak, 0) == SQLITE_OK)
            use.pageCacheBytes += now;
        if (sqlite3_db_status(db, SQLITE_DBSTATUS_STMT_USED, &now, &peak, 0) == SQLITE_OK)
            use.statementBytes += now;
        ++use.connections;
    }
    return use;
}

} // namespace clerk::sql
