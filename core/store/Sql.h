// A thin RAII layer over the SQLCipher C API: connections, cached prepared statements with typed
// binding, and transactions that nest through savepoints. Errors are values carrying SQLite's
// message. This is the only code in ClerkDesk that calls sqlite3_* directly.
//
// Store-internal: core/ and server/ only (the build refuses it elsewhere; docs/ARCHITECTURE.md).
#pragma once
#include "core/Result.h"
#include "core/SecureWipe.h"
#include "core/store/StoreInternal.h"
#include "core/store/WriteTurns.h"

#include <QByteArray>
#include <QHash>
#include <QSet>
#include <QString>
#include <QVariant>
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>

struct sqlite3;
struct sqlite3_stmt;

namespace clerk::sql {

class Connection;

// A prepared statement borrowed from the connection's cache. Reset and unbound when it goes out
// of scope, so it can be reused by the next caller. A text already borrowed by a live Query (a
// nested read of the same statement), or one the full cache cannot take, gets a statement of its
// own that is finalized when the Query ends.
class Query
{
public:
    Query(Query&& other) noexcept;
    Query& operator=(Query&&) = delete;
    Query(const Query&) = delete;
    ~Query();

    bool isValid() const { return m_stmt != nullptr; }
    const Error& prepareError() const { return m_error; }

    Query& bind(int index, std::nullptr_t);
    Query& bind(int index, qint64 value);
    Query& bind(int index, int value) { return bind(index, qint64(value)); }
    Query& bind(int index, bool value) { return bind(index, qint64(value ? 1 : 0)); }
    Query& bind(int index, double value);
    Query& bind(int index, const QString& value); // NULL for a null QString
    Query& bind(int index, const char* utf8);
    Query& bindBlob(int index, const QByteArray& value);
    Query& bindText(int index, const QByteArray& utf8);
    Query& bind(int index, const QVariant& value);

    // Binds the arguments to ?1, ?2, … in order.
    template <typename... Args> Query& bindAll(Args&&... args)
    {
        int i = 0;
        (bind(++i, std::forward<Args>(args)), ...);
        return *this;
    }

    // One step: true with a row, false when done. On error returns false and sets error().
    bool next();
    // Steps to the end; for statements without rows.
    Status exec();
    const Error& error() const { return m_error; }

    int columnCount() const;
    bool isNull(int col) const;
    qint64 int64(int col) const;
    int integer(int col) const { return int(int64(col)); }
    double real(int col) const;
    QString text(int col) const;
    // The column's text as UTF-8, valid until the next step; empty for NULL. (Copies nothing: for
    // loops over many rows.)
    QByteArrayView utf8(int col) const;
    QByteArray blob(int col) const;
    QVariant value(int col) const;

private:
    friend class Connection;
    Query(Connection* conn, sqlite3_stmt* stmt, Error error, bool cached = false);
    void release();
    Connection* m_conn = nullptr;
    sqlite3_stmt* m_stmt = nullptr;
    bool m_cached = false; // borrowed from the cache (else finalized at the end)
    Error m_error;
};

class Transaction;

class Connection
{
    Q_DISABLE_COPY_MOVE(Connection)
public:
    struct Options
    {
        QString path;
        // Exactly one of these unlocks the file. rawKey is 32 bytes of key (+16 bytes of salt).
        QByteArray passphrase;
        QByteArray rawKey;
        bool create = false; // make a new file if it does not exist
        bool readOnly = false;
        bool plaintext = false; // only for benchmarks and an explicit server option
        int cacheSizeMb = 32; // (the server's; the client's connections are smaller: Store::kConnectionCacheMb)
        int busyTimeoutMs = 5000;
        // interrupt() also stops statements that start after it (a worker connection's).
        bool interruptible = false;
        // The window's own connection: while it waits for another connection's write lock, a
        // background writer of this process that asks (foregroundWaiting()) lets it through
        // between two slices of its work (WriteTurns.h).
        bool foreground = false;
    };

    ~Connection();

    static Result<std::unique_ptr<Connection>> open(const Options& options);

    Status exec(const char* sql);
    Status exec(const QString& sql) { return exec(sql.toUtf8().constData()); }
    // The page cache's size (PRAGMA cache_size).
    Status setCacheSizeMb(int mb);
    // How long a statement waits for another connection's lock before it fails with Error::Busy
    // (Options::busyTimeoutMs at the start; BusyTimeout changes it for a while).
    int busyTimeoutMs() const { return m_busyTimeoutMs; }
    void setBusyTimeoutMs(int ms);
    Query query(const char* sql);
    Query query(const QString& sql);

    // A scalar from a one-row query, or the default if no row.
    Result<QVariant> scalar(const char* sql);

    qint64 lastInsertRowId() const;
    int changes() const;
    qint64 totalChanges() const; // since the connection opened
    bool inTransaction() const;
    sqlite3* handle() const { return m_db; }
    const QString& path() const { return m_path; }

    Error errorFor(int rc, const QString& what) const;
    // From any thread: stops the statement that runs on this connection, and (with
    // Options::interruptible) every one started after it, for good. They fail with
    // Error::Cancelled. For a worker connection whose work is no longer wanted (the store locks).
    // The caller keeps the connection alive meanwhile: SQLite allows sqlite3_interrupt only on an
    // open connection, so a connection is interrupted only by the thread that will close it.
    void interrupt();
    bool isInterrupted() const { return m_interrupted.load(std::memory_order_relaxed); }
    // For a background writer between two slices of its work: the window's connection to the same
    // file waits for the write lock. Commit what is written, then letForegroundThrough().
    bool foregroundWaiting() const;
    // Waits until the window's waiting statement has run (at most WriteTurns::kLetThroughMs);
    // false if it still waits.
    bool letForegroundThrough() const;
    // Finalizes the cached statements no Query holds; the held ones are finalized when released.
    void clearStatementCache();
    // The cache keeps the most recently used statements up to this bound (a text built with its
    // values, e.g. a list of ids, would otherwise stay prepared until the connection closes).
    static constexpr int kStatementCacheLimit = 96;
    // Statements the cache holds (borrowed or idle); at most statementCacheLimit().
    int cachedStatementCount() const { return int(m_cache.size()); }
    int statementCacheLimit() const { return m_cacheLimit; }
    // For tests: a smaller bound (at least 1); idle statements beyond it are finalized at once.
    void setStatementCacheLimit(int limit);

    // Called after every commit in WAL mode with the number of pages in the WAL, on the committing
    // thread; replaces SQLite's automatic checkpoint for this connection. An empty function puts
    // the automatic checkpoint back.
    void setWalCommitHook(std::function<void(int pages)> hook);
    // What SQLite's automatic checkpoint does, for a commit hook that cannot hand it on.
    void checkpointPassive();

    // A deterministic SQL function name(text) -> text, computed by `fn`; registered once.
    using TextFunction = QString (*)(const QString&);
    Status addTextFunction(const char* name, TextFunction fn);

    // The salt in the first 16 bytes of an encrypted file, for deriving its raw key.
    static QByteArray fileSalt(const QString& path);
    // PBKDF2-HMAC-SHA512 with SQLCipher 4's default cost: the raw key that the passphrase
    // yields for a file with this salt. 32 bytes of key followed by the 16 bytes of salt.
    static QByteArray deriveRawKey(const QByteArray& passphrase, const QByteArray& salt);
    static bool looksLikePlainSqlite(const QString& path);

private:
    friend class Query;
    friend class Transaction;
    explicit Connection(sqlite3* db, QString path);

    sqlite3* m_db = nullptr;
    QString m_path;
    std::atomic<bool> m_interrupted { false };
    int m_busyTimeoutMs = 0; // (a worker's and the window's busy handler read it)
    std::chrono::steady_clock::time_point m_busySince; // when the busy handler's wait began
    bool m_interruptible = false;
    bool m_foreground = false;
    std::shared_ptr<WriteTurns> m_turns; // shared with the other connections to this file
    // After each statement of a foreground connection: it no longer waits for the lock.
    void statementDone() const
    {
        if (m_foreground)
            m_turns->foregroundDone();
    }
    std::function<void(int)> m_walCommitHook;
    struct CachedStatement
    {
        sqlite3_stmt* stmt = nullptr;
        quint64 lastUse = 0; // of m_useClock: the least recently used idle one goes first
        bool borrowed = false; // a live Query holds it: never finalized under it
    };
    void releaseStatement(sqlite3_stmt* stmt);
    bool evictIdle(int keep);
    QHash<QByteArray, CachedStatement> m_cache;
    QHash<sqlite3_stmt*, QByteArray> m_cacheKeys; // borrowed statement -> its text
    quint64 m_useClock = 0;
    int m_cacheLimit = kStatementCacheLimit;
    int m_savepointDepth = 0;
    int m_doomedDepth = 0; // a joined part failed: the transaction at this depth must roll back
    QSet<QByteArray> m_functions;
};

// BEGIN IMMEDIATE at the outermost level, SAVEPOINT inside. Rolls back unless commit() was
// called and succeeded.
//
// Inside another transaction, Join makes no savepoint of its own: it is part of the enclosing
// transaction, and if it ends without commit() the enclosing one can only roll back (its commit()
// fails). Writers of many rows use it: SQLite copies every page a savepoint touches into its
// sub-journal and walks that journal at the end of every statement, which made a 1,000-row page of
// a first sync spend more time there than writing rows (14 % of the client's CPU).
class [[nodiscard]] Transaction
{
    Q_DISABLE_COPY_MOVE(Transaction)
public:
    enum class Nesting { Savepoint, Join };
    explicit Transaction(Connection& conn, Nesting nesting = Nesting::Savepoint);
    ~Transaction();
    const Error& error() const { return m_error; }
    bool ok() const { return !m_error; }
    Status commit();
    void rollback();

private:
    Connection& m_conn;
    QByteArray m_name;
    bool m_open = false;
    bool m_outer = false;
    bool m_joined = false;
    int m_depth = 0;
    Error m_error;
};

// A shorter (or longer) wait for another connection's lock while it lives: for a write on the GUI
// thread that may as well fail and be tried again (a note's draft) than stop the window for the
// connection's whole timeout behind a sync's write.
class BusyTimeout
{
public:
    BusyTimeout(Connection& c, int ms)
        : m_connection(c)
        , m_before(c.busyTimeoutMs())
    {
        c.setBusyTimeoutMs(ms);
    }
    ~BusyTimeout() { m_connection.setBusyTimeoutMs(m_before); }
    BusyTimeout(const BusyTimeout&) = delete;
    BusyTimeout& operator=(const BusyTimeout&) = delete;

private:
    Connection& m_connection;
    int m_before;
};

// What the process's open connections hold now: their page caches (decrypted pages) and prepared
// statements (sqlite3_db_status), to see where a long-running window's memory is. It waits for a
// statement running on one of them: for diagnostics (./dev bench week), not for the GUI thread.
struct MemoryUse
{
    qint64 pageCacheBytes = 0;
    qint64 statementBytes = 0;
    int connections = 0;
};
MemoryUse memoryUse();

// Overwrites a buffer we own before it is freed (core/SecureWipe.h, under its older name).
inline void wipe(QByteArray& bytes)
{
    secureWipe(bytes);
}
inline void wipe(QString& text)
{
    secureWipe(text);
}

} // namespace clerk::sql
