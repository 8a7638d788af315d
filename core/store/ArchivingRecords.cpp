#include "ArchivingRecords.h"

#include "DatabaseAccess.h"
#include "Store.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

namespace clerk {

namespace {

// Meta keys of the held files: this prefix + the ProzessID (the 0503), + ":0501" for the offer list.
constexpr char kDeliveryKey[] = "xdomea_delivery:";
constexpr char kDeliveryKeyEnd[] = "xdomea_delivery;"; // (':' + 1: the range of the prefix on the key's index)
constexpr char kOfferSuffix[] = ":0501";

QString deliveryKey(const ArchivingRecords::Delivery& d)
{
    return QLatin1String(kDeliveryKey) + d.processId
        + (d.kind == ArchivingRecords::Delivery::Kind::Offer ? QLatin1String(kOfferSuffix) : QLatin1String());
}

// Whether the server let `state` into the step the held file stands for.
bool accepted(const ArchivingRecords::Delivery& d, const std::optional<ArchivingState>& state)
{
    if (!state || state->processId != d.processId)
        return false;
    if (d.kind == ArchivingRecords::Delivery::Kind::Offer)
        return true; // offered, or already further in this Aussonderung
    return state->state == QLatin1String(archiving::kHandedOver) || state->state == QLatin1String(archiving::kArchived);
}

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

Status ArchivingRecords::record(const QList<Step>& steps, const std::optional<Delivery>& delivery)
{
    sql::Connection& c = storeConnection(m_store);
    sql::Transaction tx(c);
    if (!tx.ok())
        return tx.error();
    if (delivery) {
        const QJsonObject held { { QStringLiteral("path"), delivery->path },
            { QStringLiteral("held"), delivery->heldPath }, { QStringLiteral("process_id"), delivery->processId },
            { QStringLiteral("type"),
                delivery->kind == Delivery::Kind::Offer ? QStringLiteral("0501") : QStringLiteral("0503") },
            { QStringLiteral("requests"), QJsonArray::fromStringList(delivery->requestIds) } };
        if (Status s = c.query("INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)")
                .bindAll(deliveryKey(delivery.value()), compact(held))
                .exec();
            !s)
            return s;
    }
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

Result<ArchivingRecords::Settled> ArchivingRecords::settleDeliveries()
{
    sql::Connection& c = storeConnection(m_store);
    QList<Delivery> held;
    {
        // A range on the primary key: no scan of the meta table when nothing is held.
        auto q = c.query("SELECT key, value FROM meta WHERE key >= ?1 AND key < ?2");
        q.bindAll(QString::fromLatin1(kDeliveryKey), QString::fromLatin1(kDeliveryKeyEnd));
        while (q.next()) {
            const QJsonObject o = QJsonDocument::fromJson(q.text(1).toUtf8()).object();
            Delivery d;
            // (Records written before the 0501 was held name their ProzessID only in the key.)
            d.processId = o.value(QLatin1String("process_id")).toString(q.text(0).mid(sizeof(kDeliveryKey) - 1));
            d.kind = o.value(QLatin1String("type")).toString() == QLatin1String("0501") ? Delivery::Kind::Offer
                                                                                        : Delivery::Kind::HandOver;
            d.path = o.value(QLatin1String("path")).toString();
            d.heldPath = o.value(QLatin1String("held")).toString();
            for (const QJsonValue& v : o.value(QLatin1String("requests")).toArray())
                d.requestIds << v.toString();
            held << d;
        }
        if (q.error())
            return q.error();
    }
    Settled settled;
    for (const Delivery& d : std::as_const(held)) {
        const bool offer = d.kind == Delivery::Kind::Offer;
        bool waiting = false, allAccepted = true;
        for (const QString& id : d.requestIds) {
            auto unanswered = c.query("SELECT 1 FROM outbox WHERE state IN ('pending', 'sent') "
                                      "AND kind = 'archiving' AND target_id = ?1 LIMIT 1");
            unanswered.bindAll(id);
            waiting = waiting || unanswered.next();
            if (unanswered.error())
                return unanswered.error();
            while (unanswered.next()) { }
            // A refused step has put the server's state in place of the clerk's (Outbox).
            auto state = of(id);
            if (!state)
                return state.error();
            allAccepted = allAccepted && accepted(d, state.value());
        }
        if (waiting)
            continue;
        // The file first, then the record: a crash in between leaves a key whose held file is gone,
        // which the next call drops. A file that cannot be renamed or removed keeps its record: the
        // next sync tries again.
        QString text;
        if (QFile::exists(d.heldPath)) {
            if (allAccepted) {
                QFile::remove(d.path); // (as the package writer replaces an older file)
                if (!QFile::rename(d.heldPath, d.path)) {
                    settled.errors << Error { Error::Io,
                        offer ? tr("The offer list for the archive could not be released: %1").arg(d.path)
                              : tr("The delivery to the archive could not be released: %1").arg(d.path),
                        d.heldPath };
                    continue;
                }
                settled.released << d.path;
                text = offer ? tr("The city backend accepted the offer (Aussonderung %1). The offer list for the "
                                  "archive is ready to be sent: %2")
                                   .arg(d.processId, d.path)
                             : tr("The city backend accepted the hand-over (Aussonderung %1). The delivery to the "
                                  "archive is ready to be sent: %2")
                                   .arg(d.processId, d.path);
            } else {
                if (!QFile::remove(d.heldPath)) {
                    settled.errors << Error { Error::Io,
                        tr("The withdrawn file for the archive could not be removed: %1").arg(d.heldPath), {} };
                    continue;
                }
                settled.withdrawn << d.path;
                text = offer
                    ? tr("The offer list for the archive (Aussonderung %1) was withdrawn and not written: the city "
                         "backend did not accept the offer of every request in it (see the sync problems). Do not "
                         "send the archive an older copy of it.")
                          .arg(d.processId)
                    : tr("The delivery to the archive (Aussonderung %1) was withdrawn and not written: the city "
                         "backend did not accept the hand-over of every request in it (see the sync problems). "
                         "Do not send the archive an older copy of it.")
                          .arg(d.processId);
            }
        }
        sql::Transaction tx(c);
        if (!tx.ok())
            return tx.error();
        if (Status s = c.query("DELETE FROM meta WHERE key = ?1").bindAll(deliveryKey(d)).exec(); !s)
            return s.error();
        if (!text.isEmpty())
            for (const QString& id : d.requestIds)
                if (Status s = m_store.addTimeline({ id, m_store.clock().now(), QStringLiteral("ClerkDesk"),
                        QStringLiteral("archive_delivery"), text });
                    !s)
                    return s.error();
        if (Status s = tx.commit(); !s)
            return s.error();
    }
    return settled;
}

} // namespace clerk
