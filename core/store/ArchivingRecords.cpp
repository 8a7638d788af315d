#include "ArchivingRecords.h"

#include "DatabaseAccess.h"
#include "Store.h"

#include <QJsonDocument>

namespace clerk {

namespace {

QString compact(const QJsonObject& o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

Status write(sql::Connection& c, const ArchivingState& s)
{
    return c
        .query("INSERT INTO archiving(request_id, state, process_id, body, version) VALUES (?1, ?2, ?3, ?4, ?5) "
               "ON CONFLICT(request_id) DO UPDATE SET state = excluded.state, process_id = excluded.process_id, "
               "body = excluded.body, version = excluded.version WHERE excluded.version >= archiving.version")
        .bindAll(s.requestId, s.state, s.processId, compact(archiving::encode(s)), s.version)
        .exec();
}

Result<ArchivingState> read(const QString& body)
{
    return archiving::decode(QJsonDocument::fromJson(body.toUtf8()).object());
}

} // namespace

Status ArchivingRecords::upsert(const QList<ArchivingState>& states)
{
    if (states.isEmpty())
        return {};
    sql::Connection& c = storeConnection(m_store);
    sql::Transaction tx(c);
    if (!tx.ok())
        return tx.error();
    for (const ArchivingState& s : states)
        if (Status st = write(c, s); !st)
            return st;
    return tx.commit();
}

Result<std::optional<ArchivingState>> ArchivingRecords::of(const QString& requestId)
{
    auto q = storeConnection(m_store).query("SELECT body FROM archiving WHERE request_id = ?1");
    q.bindAll(requestId);
    if (!q.next()) {
        if (q.error())
            return q.error();
        return std::optional<ArchivingState>();
    }
    auto s = read(q.text(0));
    if (!s)
        return s.error();
    return std::optional<ArchivingState>(s.value());
}

Result<QList<ArchivingState>> ArchivingRecords::ofProcess(const QString& processId)
{
    auto q = storeConnection(m_store).query("SELECT body FROM archiving WHERE process_id = ?1");
    q.bindAll(processId);
    QList<ArchivingState> out;
    while (q.next()) {
        auto s = read(q.text(0));
        if (!s)
            return s.error();
        out << s.value();
    }
    if (q.error())
        return q.error();
    return out;
}

Status ArchivingRecords::record(const QList<Step>& steps)
{
    sql::Connection& c = storeConnection(m_store);
    sql::Transaction tx(c);
    if (!tx.ok())
        return tx.error();
    for (const Step& step : steps) {
        Mutation m;
        m.kind = QStringLiteral("archiving");
        m.op = step.op;
        m.targetId = step.next.requestId;
        m.baseVersion = step.next.version > 0 ? step.next.version - 1 : 0;
        m.data = step.data;
        auto recorded = m_store.recordChange(m, [&step](sql::Connection& conn) { return write(conn, step.next); });
        if (!recorded)
            return recorded.error();
    }
    return tx.commit();
}

} // namespace clerk
