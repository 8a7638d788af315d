#include "Database.h"

#include "Sql.h"
#include "Store.h"
#include "core/Logging.h"

#include <QJsonDocument>
#include <QUuid>

namespace clerk {

Database::Database(Clock& clock)
    : m_clock(clock)
{ }

Database::~Database()
{
    close();
}

void Database::open(std::unique_ptr<sql::Connection> conn)
{
    close();
    m_conn = std::move(conn);
}

void Database::close()
{
    m_checkpointer.reset();
    m_conn.reset();
    m_changedRequests.clear();
    m_changedDocuments.clear();
    m_bulkImport = false; // the meta flag stays: the next unlock heals an interrupted import
}

void Database::startCheckpointing(sql::Checkpointer::Opener open)
{
    m_checkpointer = std::make_unique<sql::Checkpointer>(*m_conn, std::move(open));
}

void Database::stopCheckpointing()
{
    m_checkpointer.reset();
}

void Database::flush()
{
    if (m_conn && m_conn->inTransaction())
        return; // only after the outermost commit
    if (!m_changedRequests.isEmpty()) {
        QStringList ids(m_changedRequests.cbegin(), m_changedRequests.cend());
        m_changedRequests.clear();
        ids.sort();
        if (m_listener.requestsChanged)
            m_listener.requestsChanged(ids);
    }
    if (!m_changedDocuments.isEmpty()) {
        QStringList ids(m_changedDocuments.cbegin(), m_changedDocuments.cend());
        m_changedDocuments.clear();
        ids.sort();
        if (m_listener.documentsChanged)
            m_listener.documentsChanged(ids);
    }
}

void Database::announceEverything()
{
    if (m_listener.requestsChanged)
        m_listener.requestsChanged({});
}

void Database::announceSearchIndexProgress(qint64 indexed, qint64 total)
{
    if (m_listener.searchIndexProgress)
        m_listener.searchIndexProgress(indexed, total);
}

Error Database::lockedError()
{
    return Error { Error::Locked, Store::tr("The local database is locked."), {} };
}

namespace db {
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
} // namespace db

} // namespace clerk
