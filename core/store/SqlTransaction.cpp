// Transactions that nest through savepoints (declared in Sql.h).
#include "Sql.h"
#include "core/Logging.h"

#include <QCoreApplication>
#include <sqlcipher/sqlite3.h>

namespace clerk::sql {

// The messages of Sql.cpp, under the context lupdate knows them by.
struct Messages
{
    Q_DECLARE_TR_FUNCTIONS(clerk::sql::Messages)
};

Transaction::Transaction(Connection& conn, Nesting nesting)
    : m_conn(conn)
{
    m_outer = conn.m_savepointDepth == 0;
    if (!m_outer && nesting == Nesting::Join) {
        m_joined = true;
        m_open = true;
        return;
    }
    Status s;
    if (m_outer) {
        s = conn.exec("BEGIN IMMEDIATE");
    } else {
        m_name = "sp" + QByteArray::number(conn.m_savepointDepth);
        s = conn.exec(QByteArray("SAVEPOINT " + m_name).constData());
    }
    if (!s) {
        m_error = s.error();
        return;
    }
    m_open = true;
    m_depth = ++conn.m_savepointDepth;
}

Transaction::~Transaction()
{
    if (m_open)
        rollback();
}

Status Transaction::commit()
{
    if (!m_open)
        return m_error ? m_error : Error { Error::Internal, sql::Messages::tr("The transaction is not open."), {} };
    if (m_joined) {
        m_open = false;
        return {};
    }
    if (m_conn.m_doomedDepth >= m_depth) {
        rollback();
        return Error { Error::Internal, sql::Messages::tr("A part of the change failed; nothing of it was saved."),
            {} };
    }
    Status s = m_outer ? m_conn.exec("COMMIT") : m_conn.exec(QByteArray("RELEASE " + m_name).constData());
    if (!s) {
        rollback();
        return s;
    }
    m_open = false;
    --m_conn.m_savepointDepth;
    return {};
}

void Transaction::rollback()
{
    if (!m_open)
        return;
    m_open = false;
    if (m_joined) {
        // The enclosing transaction (or savepoint) holds the joined part's writes.
        if (m_conn.m_doomedDepth == 0 || m_conn.m_doomedDepth > m_conn.m_savepointDepth)
            m_conn.m_doomedDepth = m_conn.m_savepointDepth;
        return;
    }
    // A failed rollback leaves SQLite to roll back when the connection closes (or the next BEGIN
    // fails): nothing of this transaction is committed either way, but the log should say so.
    const Status undone = m_outer
        ? m_conn.exec("ROLLBACK")
        : m_conn.exec(QByteArray("ROLLBACK TO " + m_name + "; RELEASE " + m_name).constData());
    if (!undone)
        qCWarning(lcStore) << "rolling back" << (m_outer ? QByteArray("the transaction") : m_name)
                           << "failed:" << undone.error().detail;
    if (m_conn.m_doomedDepth >= m_depth)
        m_conn.m_doomedDepth = 0;
    --m_conn.m_savepointDepth;
}

} // namespace clerk::sql
