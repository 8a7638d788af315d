// SqlCityStore: what clients read — the changes feed (compacted per entity, timeline entries
// append-only) and documents, from the content files or, for documents stored by earlier versions,
// from the database.
#include "FeedQueries.h"
#include "ServerLogging.h"
#include "SqlCityStore.h"
#include "StoredJson.h"
#include "core/domain/Json.h"
#include "core/store/ContentFiles.h"
#include "core/store/Sql.h"

#include <QBuffer>
#include <QTimeZone>
#include <QTimer>

namespace clerk::server {

QByteArray SqlCityStore::timelineData(const QString& uid)
{
    auto q = m_conn->query("SELECT request_id, at, actor, code, params, mutation_id FROM timeline WHERE uid = ?1");
    q.bindAll(uid);
    if (!q.next())
        return {};
    QJsonObject o { { QStringLiteral("id"), uid }, { QStringLiteral("request_id"), q.text(0) },
        { QStringLiteral("at"), QDateTime::fromSecsSinceEpoch(q.int64(1), QTimeZone::UTC).toString(Qt::ISODate) },
        { QStringLiteral("actor"), q.text(2) }, { QStringLiteral("code"), q.text(3) },
        { QStringLiteral("params"), parseStored(q.text(4)) } };
    if (!q.isNull(5))
        o.insert(QStringLiteral("mutation_id"), q.text(5));
    while (q.next()) { }
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QByteArray SqlCityStore::entityData(const QString& kind, const QString& id, qint64* version)
{
    const char* sql = nullptr;
    if (kind == QLatin1String("request"))
        sql = "SELECT body, version FROM requests WHERE id = ?1";
    else if (kind == QLatin1String("document"))
        sql = "SELECT body, version FROM documents WHERE id = ?1";
    else if (kind == QLatin1String("annotation"))
        sql = "SELECT body, version FROM annotations WHERE id = ?1";
    else if (kind == QLatin1String("note"))
        sql = "SELECT body, version FROM notes WHERE id = ?1";
    else if (kind == QLatin1String("archiving"))
        sql = "SELECT body, version FROM archiving WHERE request_id = ?1";
    else if (kind == QLatin1String("timeline")) {
        *version = 1; // append-only: an entry never changes
        return timelineData(id);
    } else
        return {};
    auto q = m_conn->query(sql);
    q.bindAll(id);
    if (!q.next())
        return {};
    // Bodies are stored with their current version (every write re-encodes them), so the text
    // goes out as it is.
    *version = q.int64(1);
    return q.blob(0); // the stored UTF-8 as it is
}

ChangesPage SqlCityStore::changes(const Clerk& clerk, qint64 afterSeq, int limit)
{
    ChangesPage page;
    page.lastSeq = afterSeq;
    QString sql = QStringLiteral("SELECT seq, kind, entity_id, op FROM changes WHERE seq > ?1");
    if (!clerk.isAdmin()) {
        QStringList marks;
        for (int i = 0; i < clerk.teams.size(); ++i)
            marks << QStringLiteral("?%1").arg(i + 3);
        if (marks.isEmpty())
            return page;
        sql += QStringLiteral(" AND team_id IN (%1)").arg(marks.join(QLatin1Char(',')));
    }
    sql += QStringLiteral(" ORDER BY seq LIMIT ?2");
    QList<ChangeItem> rows;
    {
        auto q = m_conn->query(sql);
        q.bind(1, afterSeq).bind(2, limit + 1);
        if (!clerk.isAdmin())
            for (int i = 0; i < clerk.teams.size(); ++i)
                q.bind(i + 3, clerk.teams.at(i));
        while (q.next())
            rows << ChangeItem { q.int64(0), q.text(1), q.text(3), q.text(2), 0, {}, {} };
    }
    page.more = rows.size() > limit;
    if (page.more)
        rows.removeLast();
    for (ChangeItem& item : rows) {
        if (item.op != QLatin1String("delete"))
            item.rawData = entityData(item.kind, item.id, &item.version);
        page.lastSeq = item.seq;
        page.items << item;
    }
    // The high-water mark is the highest sequence any client has been handed: a database older
    // than that (a restored backup) would let clients keep changes the server no longer has.
    if (page.lastSeq > m_highwaterSeq)
        writeHighwater(page.lastSeq);
    return page;
}

Result<qint64> SqlCityStore::newestSeq(const Clerk& clerk)
{
    const QString sql = newestSeqQuery(clerk, QLatin1Char('?'));
    if (sql.isEmpty())
        return qint64(0);
    auto q = m_conn->query(sql);
    if (!clerk.isAdmin())
        for (int i = 0; i < clerk.teams.size(); ++i)
            q.bind(i + 1, clerk.teams.at(i));
    if (!q.next())
        return q.error() ? q.error() : Error { Error::Io, tr("The changes feed cannot be read."), {} };
    return q.int64(0);
}

void SqlCityStore::feedWritten()
{
    if (m_feedCheckQueued)
        return;
    m_feedCheckQueued = true;
    QMetaObject::invokeMethod(m_feedContext.get(), [this] { checkFeed(); }, Qt::QueuedConnection);
}

void SqlCityStore::checkFeed()
{
    m_feedCheckQueued = false;
    if (m_conn->inTransaction()) { // not yet committed (a batch spanning the event loop): later
        QTimer::singleShot(10, m_feedContext.get(), [this] { feedWritten(); });
        return;
    }
    // A rolled-back change left no row: the newest is what it was, and nothing is announced.
    auto newest = m_conn->scalar("SELECT coalesce(max(seq), 0) FROM changes");
    if (!newest) {
        qCWarning(lcServer) << "live updates: the feed's newest change cannot be read:" << newest.error().detail;
        return;
    }
    const qint64 seq = newest->toLongLong();
    if (seq <= m_announcedSeq)
        return;
    m_announcedSeq = seq;
    announceFeed(seq);
}

Result<Document> SqlCityStore::documentInfo(const Clerk& clerk, const QString& id)
{
    auto q = m_conn->query("SELECT body, team_id, version FROM documents WHERE id = ?1");
    q.bindAll(id);
    if (!q.next() || !clerk.mayRead(q.text(1)))
        return Error { Error::NotFound, tr("Unknown document."), id }; // never says "exists, but not yours"
    auto d = json::decodeDocument(parseStored(q.text(0)));
    if (!d)
        return d.error();
    d->version = q.int64(2);
    return d;
}

Result<std::unique_ptr<QIODevice>> SqlCityStore::openDocument(const QString& id, qint64 offset, qint64 length)
{
    {
        // Stored inside the database by an earlier version: served from memory as before.
        auto q = m_conn->query("SELECT content FROM documents WHERE id = ?1 AND content IS NOT NULL");
        q.bindAll(id);
        if (q.next()) {
            auto buffer = std::make_unique<QBuffer>();
            buffer->setData(q.blob(0).mid(offset, length));
            buffer->open(QIODevice::ReadOnly);
            return std::unique_ptr<QIODevice>(std::move(buffer));
        }
    }
    auto device = m_content->open(id, offset, length);
    if (!device)
        qCWarning(lcServer) << "document" << id << "cannot be read:" << device.error().message << device.error().detail;
    return device;
}

Result<DocumentBlob> SqlCityStore::document(const Clerk& clerk, const QString& id)
{
    auto info = documentInfo(clerk, id);
    if (!info)
        return info.error();
    auto device = openDocument(id, 0, info->size);
    if (!device)
        return device.error();
    const QByteArray bytes = (*device)->readAll();
    if (bytes.size() != info->size)
        return Error { Error::Corrupt, tr("The document's stored copy is damaged."), id };
    return DocumentBlob { info.value(), bytes };
}
} // namespace clerk::server
