// sql::Query: one prepared statement, its bound values and its rows (Sql.h).
#include "Sql.h"

#include <sqlcipher/sqlite3.h>

namespace clerk::sql {

Query::Query(Connection* conn, sqlite3_stmt* stmt, Error error, bool cached)
    : m_conn(conn)
    , m_stmt(stmt)
    , m_cached(cached)
    , m_error(std::move(error))
{ }

Query::Query(Query&& other) noexcept
    : m_conn(other.m_conn)
    , m_stmt(other.m_stmt)
    , m_cached(other.m_cached)
    , m_error(std::move(other.m_error))
{
    other.m_stmt = nullptr;
}

Query::~Query()
{
    release();
}

void Query::release()
{
    if (!m_stmt)
        return;
    if (m_cached && m_conn) {
        m_conn->releaseStatement(m_stmt);
    } else {
        sqlite3_finalize(m_stmt);
    }
    m_stmt = nullptr;
}

Query& Query::bind(int index, std::nullptr_t)
{
    if (m_stmt)
        sqlite3_bind_null(m_stmt, index);
    return *this;
}

Query& Query::bind(int index, qint64 value)
{
    if (m_stmt)
        sqlite3_bind_int64(m_stmt, index, value);
    return *this;
}

Query& Query::bind(int index, double value)
{
    if (m_stmt)
        sqlite3_bind_double(m_stmt, index, value);
    return *this;
}

Query& Query::bind(int index, const QString& value)
{
    if (!m_stmt)
        return *this;
    if (value.isNull())
        sqlite3_bind_null(m_stmt, index);
    else
        bindText(index, value.toUtf8());
    return *this;
}

Query& Query::bind(int index, const char* utf8)
{
    if (m_stmt)
        sqlite3_bind_text(m_stmt, index, utf8, -1, SQLITE_TRANSIENT);
    return *this;
}

Query& Query::bindText(int index, const QByteArray& utf8)
{
    if (m_stmt)
        sqlite3_bind_text64(
            m_stmt, index, utf8.constData(), sqlite3_uint64(utf8.size()), SQLITE_TRANSIENT, SQLITE_UTF8);
    return *this;
}

Query& Query::bindBlob(int index, const QByteArray& value)
{
    if (!m_stmt)
        return *this;
    if (value.isNull())
        sqlite3_bind_null(m_stmt, index);
    else
        sqlite3_bind_blob64(m_stmt, index, value.constData(), sqlite3_uint64(value.size()), SQLITE_TRANSIENT);
    return *this;
}

Query& Query::bind(int index, const QVariant& value)
{
    if (value.isNull())
        return bind(index, nullptr);
    switch (value.typeId()) {
    case QMetaType::Bool:
        return bind(index, value.toBool());
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
        return bind(index, value.toLongLong());
    case QMetaType::Double:
        return bind(index, value.toDouble());
    case QMetaType::QByteArray:
        return bindBlob(index, value.toByteArray());
    default:
        return bind(index, value.toString());
    }
}

bool Query::next()
{
    if (!m_stmt)
        return false;
    if (m_conn->isInterrupted()) { // (a short statement would not reach the progress handler)
        m_error = m_conn->errorFor(SQLITE_INTERRUPT, QString::fromUtf8(sqlite3_sql(m_stmt)));
        return false;
    }
    const int rc = sqlite3_step(m_stmt);
    m_conn->statementDone();
    if (rc == SQLITE_ROW)
        return true;
    if (rc != SQLITE_DONE)
        m_error = m_conn->errorFor(rc, QString::fromUtf8(sqlite3_sql(m_stmt)));
    return false;
}

Status Query::exec()
{
    if (!m_stmt)
        return m_error;
    while (next()) { }
    if (m_error)
        return m_error;
    return {};
}

int Query::columnCount() const
{
    return m_stmt ? sqlite3_column_count(m_stmt) : 0;
}

bool Query::isNull(int col) const
{
    return sqlite3_column_type(m_stmt, col) == SQLITE_NULL;
}

qint64 Query::int64(int col) const
{
    return sqlite3_column_int64(m_stmt, col);
}

double Query::real(int col) const
{
    return sqlite3_column_double(m_stmt, col);
}

QString Query::text(int col) const
{
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, col));
    if (!p)
        return {};
    return QString::fromUtf8(p, sqlite3_column_bytes(m_stmt, col));
}

QByteArrayView Query::utf8(int col) const
{
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, col));
    return p ? QByteArrayView(p, sqlite3_column_bytes(m_stmt, col)) : QByteArrayView();
}

QByteArray Query::blob(int col) const
{
    const void* p = sqlite3_column_blob(m_stmt, col);
    const int n = sqlite3_column_bytes(m_stmt, col);
    return p ? QByteArray(static_cast<const char*>(p), n) : QByteArray();
}

QVariant Query::value(int col) const
{
    switch (sqlite3_column_type(m_stmt, col)) {
    case SQLITE_INTEGER:
        return int64(col);
    case SQLITE_FLOAT:
        return real(col);
    case SQLITE_TEXT:
        return text(col);
    case SQLITE_BLOB:
        return blob(col);
    default:
        return {};
    }
}

} // namespace clerk::sql
