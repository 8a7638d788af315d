#include "PgConnection.h"

#include "ServerLogging.h"

#include <libpq-fe.h>

namespace clerk::server::pg {

namespace {
constexpr Oid kBytea = 17;

// SQLSTATE classes (PostgreSQL appendix A) as the project's error codes.
Error::Code codeFor(const char* state)
{
    const QByteArray s(state ? state : "");
    if (s == "23505")
        return Error::AlreadyExists; // a unique constraint or primary key: the row is there already
    if (s.startsWith("23"))
        return Error::Invalid; // another constraint refused the row
    if (s == "40001" || s == "40P01" || s == "55P03" || s == "57014")
        return Error::Busy;
    if (s == "53100")
        return Error::DiskFull;
    if (s.startsWith("08") || s.startsWith("57") || s.startsWith("58") || s.isEmpty())
        return Error::Io;
    if (s.startsWith("XX"))
        return Error::Corrupt;
    return Error::Internal;
}
} // namespace

Result<std::unique_ptr<Connection>> Connection::open(const QString& conninfo)
{
    PGconn* c = PQconnectdb(conninfo.toUtf8().constData());
    if (!c || PQstatus(c) != CONNECTION_OK) {
        const QString why = c ? QString::fromUtf8(PQerrorMessage(c)).trimmed() : QStringLiteral("out of memory");
        if (c)
            PQfinish(c);
        return Error { Error::Io, QStringLiteral("The PostgreSQL database cannot be reached."), why };
    }
    std::unique_ptr<Connection> conn(new Connection(c));
    if (Status s = conn->exec("SET client_min_messages = warning"); !s)
        return s.error();
    return conn;
}

std::unique_ptr<Connection> Connection::unconnected(const QString& conninfo)
{
    // libpq keeps the words of a failed attempt in its handle, for PQreset.
    PGconn* c = PQconnectdb(conninfo.toUtf8().constData());
    return std::unique_ptr<Connection>(new Connection(c));
}

Connection::~Connection()
{
    PQfinish(m_conn);
}

Status Connection::reconnect()
{
    PQreset(m_conn);
    m_depth = 0;
    m_deferred.clear();
    if (PQstatus(m_conn) != CONNECTION_OK)
        return errorFor(nullptr, "reconnect");
    return exec("SET client_min_messages = warning");
}

bool Connection::isOk() const
{
    return PQstatus(m_conn) == CONNECTION_OK;
}

Error Connection::errorFor(pg_result* result, const QByteArray& what) const
{
    const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const QString message = QString::fromUtf8(result ? PQresultErrorMessage(result) : PQerrorMessage(m_conn)).trimmed();
    const Error::Code code = PQstatus(m_conn) != CONNECTION_OK ? Error::Io : codeFor(state);
    return Error { code, QStringLiteral("The database refused the operation."),
        QStringLiteral("%1 [%2] (%3)")
            .arg(message, QString::fromLatin1(state ? state : "-"), QString::fromUtf8(what.left(120))) };
}

Status Connection::exec(const char* sql)
{
    PGresult* r = PQexec(m_conn, sql);
    const ExecStatusType st = PQresultStatus(r);
    Status out;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
        out = errorFor(r, QByteArray(sql));
    PQclear(r);
    return out;
}

Status Connection::defer(Row row)
{
    if (m_depth == 0) {
        qCCritical(lcServer) << "programming error: a row to write at commit outside a transaction:" << row;
        return Error { Error::Internal, QStringLiteral("The database refused the operation."),
            QStringLiteral("deferred row outside a transaction") };
    }
    m_deferred.append(Deferred { m_depth, std::move(row) });
    return {};
}

Status Connection::writeDeferred()
{
    auto sql = takeDeferredSql();
    if (!sql)
        return sql.error();
    return sql->isEmpty() ? Status() : exec(sql->constData());
}

QByteArray Connection::literal(const QString& text) const
{
    const QByteArray utf8 = text.toUtf8();
    char* escaped = PQescapeLiteral(m_conn, utf8.constData(), size_t(utf8.size()));
    if (!escaped)
        return QByteArrayLiteral("NULL"); // not escapable (encoding): the statement then fails
    QByteArray out(escaped);
    PQfreemem(escaped);
    return out;
}

Result<QByteArray> Connection::takeDeferredSql()
{
    if (m_depth == 0) {
        qCCritical(lcServer) << "programming error: deferred rows written outside a transaction";
        return Error { Error::Internal, QStringLiteral("The database refused the operation."),
            QStringLiteral("deferred rows written outside a transaction") };
    }
    if (m_deferred.isEmpty())
        return QByteArray();
    if (!m_writer) {
        qCCritical(lcServer) << "programming error:" << m_deferred.size() << "deferred row(s) and no writer";
        return Error { Error::Internal, QStringLiteral("The database refused the operation."),
            QStringLiteral("deferred rows without a writer") };
    }
    QList<Row> rows;
    rows.reserve(m_deferred.size());
    for (Deferred& d : m_deferred)
        rows.append(std::move(d.row));
    m_deferred.clear();
    return m_writer(*this, rows);
}

void Connection::endLevel(int level, bool keep)
{
    if (level <= 1) {
        m_deferred.clear(); // committed (written before) or rolled back
        return;
    }
    if (keep) {
        for (Deferred& d : m_deferred)
            if (d.level >= level)
                d.level = level - 1;
        return;
    }
    m_deferred.removeIf([level](const Deferred& d) { return d.level >= level; });
}

Result<QVariant> Connection::scalar(const char* sql)
{
    auto q = query(sql);
    if (!q.next())
        return q.error() ? Result<QVariant>(q.error()) : Result<QVariant>(QVariant());
    return q.isNull(0) ? QVariant() : QVariant(q.text(0));
}

Query::Query(Connection* conn, QByteArray sql)
    : m_conn(conn)
    , m_sql(std::move(sql))
{ }

Query::Query(Query&& o) noexcept
    : m_conn(o.m_conn)
    , m_sql(std::move(o.m_sql))
    , m_values(std::move(o.m_values))
    , m_null(std::move(o.m_null))
    , m_binary(std::move(o.m_binary))
    , m_result(std::exchange(o.m_result, nullptr))
    , m_row(o.m_row)
    , m_rows(o.m_rows)
    , m_affected(o.m_affected)
    , m_ran(o.m_ran)
    , m_error(o.m_error)
{ }

Query::~Query()
{
    if (m_result)
        PQclear(m_result);
}

namespace {
void place(QList<QByteArray>& values, QList<bool>& null, QList<bool>& binary, int index)
{
    while (values.size() < index) {
        values << QByteArray();
        null << true;
        binary << false;
    }
}
} // namespace

Query& Query::bind(int index, std::nullptr_t)
{
    place(m_values, m_null, m_binary, index);
    m_null[index - 1] = true;
    return *this;
}

Query& Query::bind(int index, qint64 value)
{
    place(m_values, m_null, m_binary, index);
    m_values[index - 1] = QByteArray::number(value);
    m_null[index - 1] = false;
    return *this;
}

Query& Query::bind(int index, const QString& value)
{
    if (value.isNull())
        return bind(index, nullptr);
    place(m_values, m_null, m_binary, index);
    m_values[index - 1] = value.toUtf8();
    m_null[index - 1] = false;
    return *this;
}

Query& Query::bind(int index, const char* utf8)
{
    return bind(index, QString::fromUtf8(utf8));
}

Query& Query::bind(int index, const QVariant& value)
{
    if (value.isNull())
        return bind(index, nullptr);
    if (value.typeId() == QMetaType::QByteArray)
        return bindBlob(index, value.toByteArray());
    if (value.typeId() == QMetaType::Bool)
        return bind(index, value.toBool());
    return bind(index, value.toString());
}

Query& Query::bindBlob(int index, const QByteArray& value)
{
    place(m_values, m_null, m_binary, index);
    m_values[index - 1] = value;
    m_values[index - 1].detach();
    m_null[index - 1] = false;
    m_binary[index - 1] = true;
    return *this;
}

bool Query::run()
{
    if (m_ran)
        return !m_error;
    m_ran = true;
    const int n = int(m_values.size());
    QList<const char*> values(n);
    QList<int> lengths(n), formats(n);
    for (int i = 0; i < n; ++i) {
        values[i] = m_null.at(i) ? nullptr : m_values.at(i).constData();
        lengths[i] = int(m_values.at(i).size());
        formats[i] = m_binary.at(i) ? 1 : 0;
    }
    m_result = PQexecParams(
        m_conn->m_conn, m_sql.constData(), n, nullptr, values.constData(), lengths.constData(), formats.constData(), 0);
    const ExecStatusType st = PQresultStatus(m_result);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        m_error = m_conn->errorFor(m_result, m_sql);
        return false;
    }
    m_rows = PQntuples(m_result);
    m_affected = QByteArray(PQcmdTuples(m_result)).toInt();
    m_conn->m_changes = m_affected;
    return true;
}

bool Query::next()
{
    if (!run())
        return false;
    if (m_row + 1 >= m_rows)
        return false;
    ++m_row;
    return true;
}

Status Query::exec()
{
    if (!run())
        return m_error;
    return {};
}

int Query::columnCount() const
{
    return m_result ? PQnfields(m_result) : 0;
}

bool Query::isNull(int col) const
{
    return !m_result || m_row < 0 || PQgetisnull(m_result, m_row, col);
}

qint64 Query::int64(int col) const
{
    return isNull(col) ? 0 : QByteArray(PQgetvalue(m_result, m_row, col)).toLongLong();
}

QString Query::text(int col) const
{
    if (isNull(col))
        return {};
    return QString::fromUtf8(PQgetvalue(m_result, m_row, col), PQgetlength(m_result, m_row, col));
}

QByteArray Query::blob(int col) const
{
    if (isNull(col))
        return {};
    const char* v = PQgetvalue(m_result, m_row, col);
    if (PQftype(m_result, col) != kBytea)
        return QByteArray(v, PQgetlength(m_result, m_row, col));
    size_t length = 0;
    unsigned char* raw = PQunescapeBytea(reinterpret_cast<const unsigned char*>(v), &length);
    QByteArray out(reinterpret_cast<const char*>(raw), qsizetype(length));
    PQfreemem(raw);
    return out;
}

Transaction::Transaction(Connection& conn)
    : m_conn(conn)
    , m_level(conn.m_depth + 1)
{
    const QByteArray sql = m_level == 1 ? QByteArray("BEGIN") : "SAVEPOINT sp" + QByteArray::number(m_level);
    if (Status s = m_conn.exec(sql.constData()); !s) {
        m_error = s.error();
        return;
    }
    m_open = true;
    m_conn.m_depth = m_level;
}

Transaction::~Transaction()
{
    if (m_open)
        rollback();
}

Status Transaction::commit()
{
    if (!m_open)
        return m_error ? Status(m_error) : Status();
    if (PQtransactionStatus(m_conn.m_conn) == PQTRANS_INERROR) { // COMMIT would answer ROLLBACK
        rollback();
        return Error { Error::Internal, QStringLiteral("The database refused the operation."),
            QStringLiteral("commit of a failed transaction") };
    }
    QByteArray sql = m_level == 1 ? QByteArray("COMMIT") : "RELEASE SAVEPOINT sp" + QByteArray::number(m_level);
    if (m_level == 1) {
        // The deferred rows and the COMMIT in one round trip: what they lock is held only while
        // the database runs them.
        auto rows = m_conn.takeDeferredSql();
        if (!rows) {
            rollback();
            return rows.error();
        }
        if (!rows->isEmpty())
            sql = *rows + ";\nCOMMIT";
    }
    Status s = m_conn.exec(sql.constData());
    if (!s) {
        rollback();
        return s;
    }
    m_open = false;
    m_conn.m_depth = m_level - 1;
    m_conn.endLevel(m_level, true);
    return {};
}

void Transaction::rollback()
{
    if (!m_open)
        return;
    m_open = false;
    m_conn.m_depth = m_level - 1;
    m_conn.endLevel(m_level, false);
    const QByteArray sql = m_level == 1 ? QByteArray("ROLLBACK")
                                        : "ROLLBACK TO SAVEPOINT sp" + QByteArray::number(m_level)
            + "; RELEASE SAVEPOINT sp" + QByteArray::number(m_level);
    if (Status s = m_conn.exec(sql.constData()); !s)
        qCWarning(lcServer) << "rollback failed:" << s.error().detail;
}

} // namespace clerk::server::pg
