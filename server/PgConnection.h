// A thin layer over libpq for PgCityStore: one connection (used by one thread at a time; the store
// gives each thread its own), statements with numbered parameters
// ($1, $2, …) sent as text (bytes as binary), rows read back as text, and transactions that nest
// as savepoints. The shape follows core/store/Sql.h so that the two stores read alike.
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <functional>
#include <memory>

struct pg_conn;
struct pg_result;

namespace clerk::server::pg {

class Connection;

class Query
{
public:
    Query(Query&& other) noexcept;
    Query& operator=(Query&&) = delete;
    Query(const Query&) = delete;
    ~Query();

    Query& bind(int index, std::nullptr_t);
    Query& bind(int index, qint64 value);
    Query& bind(int index, int value) { return bind(index, qint64(value)); }
    Query& bind(int index, bool value) { return bind(index, qint64(value ? 1 : 0)); }
    Query& bind(int index, const QString& value); // NULL for a null QString
    Query& bind(int index, const char* utf8);
    Query& bind(int index, const QVariant& value);
    Query& bindBlob(int index, const QByteArray& value);
    template <typename... Args> Query& bindAll(const Args&... args)
    {
        int i = 1;
        (bind(i++, args), ...);
        return *this;
    }

    // Runs the statement (once) and steps to the next row.
    bool next();
    // Runs the statement; rows are discarded.
    Status exec();
    const Error& error() const { return m_error; }
    int affected() const { return m_affected; }

    int columnCount() const;
    bool isNull(int col) const;
    qint64 int64(int col) const;
    int integer(int col) const { return int(int64(col)); }
    QString text(int col) const;
    QByteArray blob(int col) const; // bytea columns decoded, text columns as UTF-8

private:
    friend class Connection;
    Query(Connection* conn, QByteArray sql);
    bool run();

    Connection* m_conn;
    QByteArray m_sql;
    QList<QByteArray> m_values;
    QList<bool> m_null;
    QList<bool> m_binary;
    pg_result* m_result = nullptr;
    int m_row = -1;
    int m_rows = 0;
    int m_affected = 0;
    bool m_ran = false;
    Error m_error;
};

class Connection
{
    Q_DISABLE_COPY_MOVE(Connection)
public:
    // `conninfo`: a postgresql:// URI or key=value words, as libpq takes them.
    static Result<std::unique_ptr<Connection>> open(const QString& conninfo);
    // One that failed to connect, for a caller that must hand out a connection: its statements
    // fail with Error::Io until reconnect() succeeds.
    static std::unique_ptr<Connection> unconnected(const QString& conninfo);
    ~Connection();

    Status exec(const char* sql);
    Query query(const char* sql) { return Query(this, QByteArray(sql)); }
    Query query(const QString& sql) { return Query(this, sql.toUtf8()); }
    Result<QVariant> scalar(const char* sql);
    // Rows the last statement run through a Query changed.
    int changes() const { return m_changes; }
    bool isOk() const;
    // After a lost connection: connects again with the same words.
    Status reconnect();
    pg_conn* handle() const { return m_conn; }
    // Open transactions: 0 none, 1 BEGIN, more are savepoints.
    int depth() const { return m_depth; }
    // The error libpq reports for a failed result (or for the connection when `result` is null).
    Error errorFor(pg_result* result, const QByteArray& what) const;

    // Rows written at the end of the outermost transaction, together with its COMMIT in one round
    // trip: the writer set here turns them into SQL text (statements without parameters) that
    // runs just before the COMMIT (PgCityStore: the changes feed's rows under the feed's lock, so
    // that the lock is held only while the database runs that text and commits, never while a
    // client thread answers). A row deferred inside a savepoint goes when that savepoint is
    // rolled back; a rolled-back transaction drops them all. Outside a transaction deferring is a
    // programming error: refused (Error::Internal) and logged.
    using Row = QStringList;
    using DeferredWriter = std::function<Result<QByteArray>(Connection& conn, const QList<Row>& rows)>;
    void setDeferredWriter(DeferredWriter writer) { m_writer = std::move(writer); }
    Status defer(Row row);
    // Writes the deferred rows now, without committing (Transaction::commit writes them with its
    // COMMIT; a test forces an interleaving with this). Inside a transaction only.
    Status writeDeferred();
    qsizetype deferredCount() const { return m_deferred.size(); }
    // `text` as an SQL string literal for this connection (PQescapeLiteral), for writers' SQL.
    QByteArray literal(const QString& text) const;

private:
    friend class Query;
    friend class Transaction;
    explicit Connection(pg_conn* conn)
        : m_conn(conn)
    { }
    // The deferred rows' SQL (empty when there are none); they are handed over and forgotten.
    Result<QByteArray> takeDeferredSql();
    // A savepoint at `level` ended: its rows go (rolled back) or become its parent's (released).
    void endLevel(int level, bool keep);

    struct Deferred
    {
        int level; // the transaction depth that deferred it
        Row row;
    };
    pg_conn* m_conn;
    int m_depth = 0; // open transactions: 0 none, 1 BEGIN, more are savepoints
    QList<Deferred> m_deferred;
    DeferredWriter m_writer;
    int m_changes = 0;
};

class [[nodiscard]] Transaction
{
    Q_DISABLE_COPY_MOVE(Transaction)
public:
    explicit Transaction(Connection& conn);
    ~Transaction();
    const Error& error() const { return m_error; }
    bool ok() const { return !m_error; }
    Status commit();
    void rollback();

private:
    Connection& m_conn;
    int m_level = 0;
    bool m_open = false;
    Error m_error;
};

} // namespace clerk::server::pg
