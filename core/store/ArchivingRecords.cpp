#include "ArchivingRecords.h"

#include "DatabaseAccess.h"
#include "HeldFiles.h"
#include "Store.h"
#include "core/Logging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

namespace clerk {

namespace {

// Meta keys of the held files: this prefix + the ProzessID (the 0503), + ":0501" for the offer list.
constexpr char kDeliveryKey[] = "xdomea_delivery:";
constexpr char kDeliveryKeyEnd[] = "xdomea_delivery;"; // (':' + 1: the range of the prefix on the key's index)
constexpr char kOfferSuffix[] = ":0501";
// + ProzessID: an offer list of this profile's that was withdrawn (its requests may be offered again).
constexpr char kWithdrawnKey[] = "xdomea_withdrawn:";

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

// The file's name only: a Verlauf entry travels with later xdomea messages, the folder stays here.
QString shownName(const QString& path)
{
    return QFileInfo(path).fileName();
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
    // The file as written, read back before the write lock is taken: it is released only as it is
    // now (a file put in its place meanwhile is not).
    std::optional<Delivery> held = delivery;
    if (held) {
        const heldfiles::Inspected written = heldfiles::inspect(held->heldPath);
        if (written.what != heldfiles::Inspected::What::Ours)
            return Error { Error::Io,
                tr("The file for the archive could not be read back: %1").arg(QDir::toNativeSeparators(held->heldPath)),
                {} };
        held->sha256 = written.digest;
        held->verdict.clear();
    }
    sql::Connection& c = storeConnection(m_store);
    sql::Transaction tx(c);
    if (!tx.ok())
        return tx.error();
    if (held)
        if (Status s = writeDelivery(held.value()); !s)
            return s;
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

Result<QList<ArchivingRecords::Delivery>> ArchivingRecords::heldDeliveries()
{
    QList<Delivery> held;
    // A range on the primary key: no scan of the meta table when nothing is held.
    auto q = storeConnection(m_store).query("SELECT key, value FROM meta WHERE key >= ?1 AND key < ?2");
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
        d.sha256 = o.value(QLatin1String("sha256")).toString().toLatin1();
        d.verdict = o.value(QLatin1String("verdict")).toString();
        for (const QJsonValue& v : o.value(QLatin1String("requests")).toArray())
            d.requestIds << v.toString();
        held << d;
    }
    if (q.error())
        return q.error();
    return held;
}

Status ArchivingRecords::writeDelivery(const Delivery& d)
{
    QJsonObject held { { QStringLiteral("path"), d.path }, { QStringLiteral("held"), d.heldPath },
        { QStringLiteral("process_id"), d.processId },
        { QStringLiteral("type"), d.kind == Delivery::Kind::Offer ? QStringLiteral("0501") : QStringLiteral("0503") },
        { QStringLiteral("sha256"), QString::fromLatin1(d.sha256) },
        { QStringLiteral("requests"), QJsonArray::fromStringList(d.requestIds) } };
    if (!d.verdict.isEmpty())
        held.insert(QStringLiteral("verdict"), d.verdict);
    return storeConnection(m_store)
        .query("INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)")
        .bindAll(deliveryKey(d), compact(held))
        .exec();
}

Result<QString> ArchivingRecords::verdictOf(const Delivery& d)
{
    sql::Connection& c = storeConnection(m_store);
    // The steps the file stands for: the offers (0501); the assessments and hand-overs (0503).
    const bool offer = d.kind == Delivery::Kind::Offer;
    const QString op1 = offer ? QStringLiteral("offer") : QStringLiteral("assess");
    const QString op2 = offer ? QStringLiteral("offer") : QStringLiteral("hand_over");
    bool release = true;
    for (const QString& id : d.requestIds) {
        // Unanswered steps, and refused ones of this Aussonderung: a request a colleague moved on to
        // the same state while the clerk's own step was refused is not released either.
        auto answers
            = c.query("SELECT EXISTS(SELECT 1 FROM outbox WHERE state IN ('pending', 'sent') AND kind = 'archiving' "
                      "AND target_id = ?1 AND op IN (?3, ?4)), EXISTS(SELECT 1 FROM outbox WHERE state IN ('conflict', "
                      "'rejected') AND kind = 'archiving' AND target_id = ?1 AND op IN (?3, ?4) "
                      "AND json_extract(data, '$.process_id') = ?2)");
        answers.bindAll(id, d.processId, op1, op2);
        if (!answers.next())
            return answers.error() ? answers.error()
                                   : Error { Error::Internal, tr("The outbox could not be read."), {} };
        if (answers.integer(0) != 0)
            return QString(); // waiting
        const bool refused = answers.integer(1) != 0;
        // A refused step has put the server's state in place of the clerk's (Outbox).
        auto state = of(id);
        if (!state)
            return state.error();
        release = release && !refused && accepted(d, state.value());
    }
    return release ? QStringLiteral("release") : QStringLiteral("withdraw");
}

std::optional<QString> ArchivingRecords::release(const Delivery& d, Settled& settled, bool* offerAgain)
{
    using What = heldfiles::Inspected::What;
    const bool offer = d.kind == Delivery::Kind::Offer;
    const QString held = QDir::toNativeSeparators(d.heldPath);
    const heldfiles::Inspected file = heldfiles::inspect(d.heldPath);
    const auto ready = [&](const QString& name) {
        settled.released << name;
        return offer ? tr("The city backend accepted the offer (Aussonderung %1). The offer list for the archive is "
                          "ready to be sent: %2")
                           .arg(d.processId, shownName(name))
                     : tr("The city backend accepted the hand-over (Aussonderung %1). The delivery to the archive is "
                          "ready to be sent: %2")
                           .arg(d.processId, shownName(name));
    };
    const auto notOurs = [&] {
        *offerAgain = true; // (an offer list the archive never gets)
        const QString text = tr("The file for the archive (Aussonderung %1) was changed after ClerkDesk wrote it and "
                                "is not released: %2. Do not send it to the archive.")
                                 .arg(d.processId, shownName(d.heldPath));
        settled.errors << Error { Error::Io, text, d.heldPath };
        return text;
    };
    switch (file.what) {
    case What::FolderGone:
        // A network folder not mounted, a USB stick not plugged in: the next sync tries again.
        settled.errors << Error { Error::Io,
            tr("The folder of the file for the archive cannot be reached: %1. It is released or withdrawn at the "
               "next synchronisation.")
                .arg(QDir::toNativeSeparators(QFileInfo(d.heldPath).absolutePath())),
            d.heldPath };
        return std::nullopt;
    case What::Unreadable:
        settled.errors << Error { Error::Io,
            tr("The file for the archive cannot be read now: %1. It is released at the next synchronisation.")
                .arg(held),
            d.heldPath };
        return std::nullopt;
    case What::Gone:
        // Released before a crash that kept the record: there under its name, or a free one, as written.
        for (const QString& name : heldfiles::releasedNames(d.path)) {
            const heldfiles::Inspected there = heldfiles::inspect(name);
            if (there.what == What::Ours && !d.sha256.isEmpty() && there.digest == d.sha256)
                return ready(name);
        }
        qCWarning(lcStore) << "a held file for the archive was removed before it could be released:" << d.heldPath;
        return tr("The file for the archive (Aussonderung %1) was removed before it could be released: %2. Nothing "
                  "was released.")
            .arg(d.processId, shownName(d.heldPath));
    case What::NotOurs:
        return notOurs();
    case What::Ours:
        break;
    }
    if (!d.sha256.isEmpty() && file.digest != d.sha256)
        return notOurs();
    QString why;
    const QString name = heldfiles::releaseUnderFreeName(d.heldPath, d.path, &why);
    if (name.isEmpty()) {
        settled.errors << Error { Error::Io,
            offer ? tr("The offer list for the archive could not be released: %1").arg(held)
                  : tr("The delivery to the archive could not be released: %1").arg(held),
            why };
        return std::nullopt;
    }
    if (!heldfiles::sameFile(name, file)) {
        // Swapped between the check and the rename (or a file system whose inode numbers do not
        // hold): the same bytes are released all the same; anything else is set aside, not removed.
        const heldfiles::Inspected there = heldfiles::inspect(name);
        if (there.what == What::Ours && there.digest == file.digest)
            return ready(name);
        const QString aside = heldfiles::setAside(name);
        qCWarning(lcStore) << "a file swapped in for the archive's was set aside:" << name << "→" << aside;
        return notOurs();
    }
    return ready(name);
}

std::optional<QString> ArchivingRecords::withdraw(const Delivery& d, Settled& settled)
{
    const QFileInfo held(d.heldPath);
    if (!held.absoluteDir().exists()) {
        settled.errors << Error { Error::Io,
            tr("The folder of the file for the archive cannot be reached: %1. It is released or withdrawn at the "
               "next synchronisation.")
                .arg(QDir::toNativeSeparators(held.absolutePath())),
            d.heldPath };
        return std::nullopt;
    }
    // (QFile::remove takes a link itself, never what it points to.)
    if ((held.exists() || held.isSymLink()) && !QFile::remove(d.heldPath)) {
        settled.errors << Error { Error::Io,
            tr("The withdrawn file for the archive could not be removed: %1").arg(QDir::toNativeSeparators(d.heldPath)),
            {} };
        return std::nullopt;
    }
    settled.withdrawn << d.path;
    return d.kind == Delivery::Kind::Offer
        ? tr("The offer list for the archive (Aussonderung %1) was withdrawn and not written: the city backend did not "
             "accept the offer of every request in it (see the sync problems). The requests it accepted can be "
             "offered again. Do not send the archive an older copy of it.")
              .arg(d.processId)
        : tr("The delivery to the archive (Aussonderung %1) was withdrawn and not written: the city backend did not "
             "accept the hand-over of every request in it (see the sync problems). Do not send the archive an older "
             "copy of it.")
              .arg(d.processId);
}

Status ArchivingRecords::forget(const Delivery& d, const QString& text, bool offerAgain)
{
    sql::Connection& c = storeConnection(m_store);
    sql::Transaction tx(c);
    if (!tx.ok())
        return tx.error();
    if (Status s = c.query("DELETE FROM meta WHERE key = ?1").bindAll(deliveryKey(d)).exec(); !s)
        return s;
    // An offer list that did not reach the archive (withdrawn, or changed by somebody else): its
    // requests may be offered again. Not one that was gone (it may have been sent by hand).
    if (d.kind == Delivery::Kind::Offer && offerAgain)
        if (Status s = c.query("INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)")
                .bindAll(QLatin1String(kWithdrawnKey) + d.processId, m_store.clock().now().toString(Qt::ISODate))
                .exec();
            !s)
            return s;
    for (const QString& id : d.requestIds)
        if (Status s = m_store.addTimeline(
                { id, m_store.clock().now(), QStringLiteral("ClerkDesk"), QStringLiteral("archive_delivery"), text });
            !s)
            return s;
    return tx.commit();
}

Result<bool> ArchivingRecords::offerWithdrawn(const QString& processId)
{
    auto q = storeConnection(m_store).query("SELECT 1 FROM meta WHERE key = ?1");
    q.bindAll(QLatin1String(kWithdrawnKey) + processId);
    const bool found = q.next();
    if (q.error())
        return q.error();
    return found;
}

Result<ArchivingRecords::Settled> ArchivingRecords::settleDeliveries()
{
    auto held = heldDeliveries();
    if (!held)
        return held.error();
    Settled settled;
    for (Delivery d : held.value()) {
        if (d.verdict.isEmpty()) {
            auto verdict = verdictOf(d);
            if (!verdict)
                return verdict.error();
            if (verdict->isEmpty())
                continue; // a step is unanswered
            // Decided once, before the file is touched: a refusal the clerk discards later does not
            // turn a withdrawal into a release, and a crash in between is finished as decided.
            d.verdict = verdict.value();
            if (Status s = writeDelivery(d); !s)
                return s.error();
        }
        const bool release = d.verdict == QLatin1String("release");
        bool offerAgain = !release;
        const std::optional<QString> text = release ? this->release(d, settled, &offerAgain) : withdraw(d, settled);
        if (!text)
            continue; // stays held; settled.errors says why
        if (Status s = forget(d, text.value(), offerAgain); !s)
            return s.error();
    }
    return settled;
}

} // namespace clerk
