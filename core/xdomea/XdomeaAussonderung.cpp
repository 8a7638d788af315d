// The Aussonderung's steps on a store (see XdomeaAussonderung.h).
#include "XdomeaAussonderung.h"

#include "XdomeaExportInternal.h"
#include "XdomeaPackage.h"
#include "core/archive/EFileInternal.h"
#include "core/domain/Archiving.h"
#include "core/store/ArchivingRecords.h"
#include "core/store/HeldFiles.h"
#include "core/store/Store.h"

#include <KZip>
#include <QDir>
#include <QFile>
#include <QHash>

namespace clerk::xdomea {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(clerk::xdomea)
};

Error refused(const QString& message, const QString& detail = {})
{
    return { Error::Invalid, message, detail };
}

QString germanDate(const QDate& d)
{
    return d.toString(QStringLiteral("dd.MM.yyyy"));
}

// When the request was closed: its last status change as the Verlauf holds it (the server decides
// from its own history the same way).
QDateTime closedAt(Store& store, const QString& requestId)
{
    QDateTime at;
    auto timeline = store.timeline().of(requestId);
    if (!timeline)
        return at;
    for (const TimelineEvent& e : timeline.value())
        if (e.kind == QLatin1String("status_changed") && (!at.isValid() || e.at > at))
            at = e.at;
    return at;
}

Authority authorityOf(const Contact& c)
{
    Authority a;
    a.name = c.institution.trimmed();
    a.shortName = c.shortName.trimmed();
    a.id = c.authorityKey.trimmed();
    a.unit = c.unit.trimmed();
    if (a.name.isEmpty() && a.id.isEmpty())
        a.name = c.display();
    return a;
}

ArchivingState nextState(const ArchivingState& from, const char* state)
{
    ArchivingState s = from;
    s.state = QLatin1String(state);
    s.version = from.version + 1;
    return s;
}

// The archive's answer of type `type` for an Aussonderung of this store, with the state of each
// request in it by id.
Result<QHash<QString, ArchivingState>> processOf(Store& store, const Message& m)
{
    auto states = ArchivingRecords(store).ofProcess(m.processId);
    if (!states)
        return states.error();
    if (states->isEmpty())
        return refused(Tr::tr("The archive's answer belongs to the Aussonderung %1, which your team did not offer "
                              "(or not from a profile of this city backend). Nothing was imported; check that the "
                              "archive answered your offer list.")
                .arg(m.processId));
    QHash<QString, ArchivingState> byId;
    for (const ArchivingState& s : states.value())
        byId.insert(s.requestId, s);
    return byId;
}

Status writeZip(const QString& zipPath, const QString& xmlName, const QByteArray& xml)
{
    const QString partial = zipPath + QStringLiteral(".part");
    QFile::remove(partial);
    KZip zip(partial);
    if (!zip.open(QIODevice::WriteOnly) || !zip.writeFile(xmlName, xml) || !zip.close()) {
        QFile::remove(partial);
        return Error { Error::Io, Tr::tr("The file for the archive could not be created: %1").arg(zipPath),
            zip.errorString() };
    }
    if (QString why; !heldfiles::placeUnder(partial, zipPath, &why)) {
        QFile::remove(partial);
        return Error { Error::Io, Tr::tr("The file for the archive could not be created: %1").arg(zipPath), why };
    }
    return {};
}

} // namespace

Result<QList<Candidate>> offerCandidates(Store& store, const QStringList& requestIds)
{
    QList<Candidate> out;
    const QDate today = store.clock().now().toUTC().date();
    ArchivingRecords records(store);
    for (const QString& id : requestIds) {
        auto request = store.request(id);
        if (!request)
            return request.error();
        Candidate c;
        c.requestId = id;
        c.reference = request->reference;
        auto service = store.service(request->serviceId);
        c.retentionYears = service ? service->retentionYears : 0;
        const QDateTime closed = closedAt(store, id);
        c.closed = closed.toUTC().date();
        c.retentionEnd = archiving::retentionEnd(closed, c.retentionYears);
        auto state = records.of(id);
        if (!state)
            return state.error();
        if (request->status != QLatin1String("closed"))
            c.why = Tr::tr("%1 is not closed yet.").arg(c.reference);
        else if (c.retentionYears <= 0)
            c.why = Tr::tr("%1: no retention period (Aufbewahrungsfrist) is set for its service.").arg(c.reference);
        else if (!closed.isValid())
            c.why = Tr::tr("%1: the day it was closed is not known on this computer; synchronise and try again.")
                        .arg(c.reference);
        else if (!archiving::retentionEnded(closed, c.retentionYears, today))
            c.why = Tr::tr("%1 must be kept until %2.").arg(c.reference, germanDate(c.retentionEnd));
        else if (state->has_value() && (*state)->state == QLatin1String(archiving::kOffered)) {
            // Offered again only out of an Aussonderung whose offer list this profile withdrew.
            auto withdrawn = records.offerWithdrawn((*state)->processId);
            if (!withdrawn)
                return withdrawn.error();
            if (withdrawn.value())
                c.replaces = (*state)->processId;
            else
                c.why = Tr::tr("%1 is already part of an Aussonderung (%2).").arg(c.reference, (*state)->processId);
        } else if (state->has_value())
            c.why = Tr::tr("%1 is already part of an Aussonderung (%2).").arg(c.reference, (*state)->processId);
        c.offerable = c.why.isEmpty();
        out << c;
    }
    return out;
}

Result<OfferResult> offer(Store& store, const QStringList& requestIds, const Authority& sender,
    const Authority& archive, const QString& processId, const QString& folder)
{
    if (requestIds.isEmpty())
        return refused(Tr::tr("Choose at least one closed request to offer to the archive."));
    if (sender.name.isEmpty())
        return refused(Tr::tr("The name of your authority is not set. Enter it in the settings (or ask city IT to "
                              "set it by policy) and offer again."));
    if (archive.name.isEmpty() && archive.id.isEmpty())
        return refused(Tr::tr("Enter the archive the requests are offered to."));
    auto candidates = offerCandidates(store, requestIds);
    if (!candidates)
        return candidates.error();
    QStringList why;
    for (const Candidate& c : candidates.value())
        if (!c.offerable)
            why << c.why;
    if (!why.isEmpty())
        return refused(Tr::tr("Nothing was offered to the archive:\n%1").arg(why.join(QLatin1Char('\n'))));
    auto collected = detail::collect(store, requestIds, true, false);
    if (!collected)
        return collected.error();

    Aussonderung message;
    message.processId = processId;
    message.created = store.clock().now();
    message.sender = sender;
    message.receiver = archive;
    QList<ArchivingRecords::Step> steps;
    for (int i = 0; i < collected->requests.size(); ++i) {
        const Candidate& c = candidates->at(i);
        message.requests << ArchiveRecord { collected->requests.at(i), c.retentionYears, c.retentionEnd, c.closed };
        ArchivingState s;
        s.requestId = c.requestId;
        s.teamId = collected->requests.at(i).request.teamId;
        s.state = QLatin1String(archiving::kOffered);
        s.processId = processId;
        s.changedAt = message.created;
        s.version = 1;
        if (!c.replaces.isEmpty()) {
            // After the state held here, or the profile keeps its older one and judges the answer by it.
            auto current = ArchivingRecords(store).of(c.requestId);
            if (!current)
                return current.error();
            if (current->has_value())
                s.version = (*current)->version + 1;
        }
        QJsonObject data { { QStringLiteral("process_id"), processId } };
        if (!c.replaces.isEmpty())
            data.insert(QStringLiteral("replaces"), c.replaces);
        steps << ArchivingRecords::Step { s, QStringLiteral("offer"), data };
    }
    // Held back until the server has accepted the offer steps (ArchivingRecords::settleDeliveries,
    // run by the sync).
    const QString zipPath = QDir(folder).filePath(anbieteverzeichnisZipName(processId));
    const QString heldPath = zipPath + QLatin1String(ArchivingRecords::kHeldSuffix);
    if (Status s = writeZip(heldPath, anbieteverzeichnisXmlName(processId), writeAnbieteverzeichnis(message)); !s)
        return s.error();
    const ArchivingRecords::Delivery held { processId, zipPath, heldPath, requestIds,
        ArchivingRecords::Delivery::Kind::Offer, {}, {} };
    if (Status s = ArchivingRecords(store).record(steps, held); !s) {
        QFile::remove(heldPath);
        return s.error();
    }
    return OfferResult { processId, zipPath, heldPath, requestIds };
}

Result<Message> readArchiveAnswer(const QString& path)
{
    auto file = readMessageFile(path);
    if (!file)
        return file.error();
    if (!file->others.isEmpty())
        return refused(Tr::tr("The archive's file must hold exactly one xdomea message (a file named "
                              "{ProzessID}_Aussonderung….xml) and nothing else; it is refused."));
    return parseArchiveAnswer(file->xml);
}

Result<AssessmentResult> importAssessment(
    Store& store, const QString& path, const Authority& sender, const QString& folder, const Progress& progress)
{
    auto m = readArchiveAnswer(path);
    if (!m)
        return m.error();
    if (m->type != QLatin1String("0502"))
        return refused(Tr::tr("This is the archive's %1, not its assessment (Bewertungsverzeichnis 0502); nothing "
                              "was imported.")
                .arg(m->typeDisplay()));
    auto states = processOf(store, m.value());
    if (!states)
        return states.error();
    AssessmentResult result;
    result.processId = m->processId;
    QList<ArchivingRecords::Step> steps, handOver;
    for (const Assessment& a : std::as_const(m->assessments)) {
        auto it = states->constFind(a.id);
        if (it == states->cend())
            return refused(Tr::tr("The archive assessed the object %1, which was not offered in the Aussonderung %2; "
                                  "nothing was imported.")
                    .arg(a.id, m->processId));
        if (it->state != QLatin1String(archiving::kOffered))
            return refused(Tr::tr("The assessment of the Aussonderung %1 was imported already; nothing was imported "
                                  "again.")
                    .arg(m->processId));
        ArchivingState assessed = nextState(it.value(), archiving::kAssessed);
        assessed.decision = a.decision;
        steps << ArchivingRecords::Step { assessed, QStringLiteral("assess"),
            { { QStringLiteral("process_id"), m->processId }, { QStringLiteral("decision"), a.decision } } };
        if (a.decision == QLatin1String("A")) {
            result.archived << a.id;
            handOver << ArchivingRecords::Step { nextState(assessed, archiving::kHandedOver),
                QStringLiteral("hand_over"), { { QStringLiteral("process_id"), m->processId } } };
        } else {
            result.destroyed << a.id;
        }
    }
    if (!result.archived.isEmpty()) {
        auto collected = detail::collect(store, result.archived, true);
        if (!collected)
            return collected.error();
        QHash<QString, Candidate> facts;
        auto candidates = offerCandidates(store, result.archived); // (for the retention facts only)
        if (!candidates)
            return candidates.error();
        for (const Candidate& c : candidates.value())
            facts.insert(c.requestId, c);
        const QDateTime created = store.clock().now();
        const Authority archive = authorityOf(m->sender);
        result.zipPath = QDir(folder).filePath(aussonderungZipName(m->processId));
        result.heldPath = result.zipPath + QLatin1String(ArchivingRecords::kHeldSuffix);
        auto written = detail::writePackage(
            store, collected.value(), m->processId, aussonderungXmlName(m->processId),
            [&](const QList<RequestRecord>& requests) {
                Aussonderung message;
                message.processId = m->processId;
                message.created = created;
                message.sender = sender;
                message.receiver = archive;
                for (const RequestRecord& r : requests) {
                    const Candidate c = facts.value(r.request.id);
                    message.requests << ArchiveRecord { r, c.retentionYears, c.retentionEnd, c.closed };
                }
                return writeAussonderung(message);
            },
            result.heldPath, progress, 0xFFFFFFFFLL, true);
        if (!written)
            return written.error();
        result.documents = written->documents;
    }
    // Held back until the server has answered the hand-over steps (ArchivingRecords::settleDeliveries,
    // run by the sync after the push's answers).
    std::optional<ArchivingRecords::Delivery> delivery;
    if (!result.heldPath.isEmpty())
        delivery = ArchivingRecords::Delivery { m->processId, result.zipPath, result.heldPath, result.archived,
            ArchivingRecords::Delivery::Kind::HandOver, {}, {} };
    if (Status s = ArchivingRecords(store).record(steps + handOver, delivery); !s) {
        if (!result.heldPath.isEmpty())
            QFile::remove(result.heldPath);
        return s.error();
    }
    return result;
}

Result<ConfirmationResult> importConfirmation(Store& store, const QString& path)
{
    auto m = readArchiveAnswer(path);
    if (!m)
        return m.error();
    if (m->type != QLatin1String("0506"))
        return refused(Tr::tr("This is the archive's %1, not its confirmation (AussonderungImportBestaetigen 0506); "
                              "nothing was imported.")
                .arg(m->typeDisplay()));
    auto states = processOf(store, m.value());
    if (!states)
        return states.error();
    ConfirmationResult result;
    result.processId = m->processId;
    QList<ArchivingRecords::Step> steps;
    for (const ArchiveOutcome& o : std::as_const(m->outcomes)) {
        auto it = states->constFind(o.id);
        if (it == states->cend()
            || (it->state != QLatin1String(archiving::kHandedOver) && it->state != QLatin1String(archiving::kArchived)))
            return refused(Tr::tr("The archive confirms the object %1, which was not handed over to it in the "
                                  "Aussonderung %2; nothing was imported.")
                    .arg(o.id, m->processId));
        if (it->state == QLatin1String(archiving::kArchived))
            return refused(Tr::tr("The archive's confirmation of the Aussonderung %1 was imported already; nothing "
                                  "was imported again.")
                    .arg(m->processId));
        auto request = store.request(o.id);
        const QString reference = request ? request->reference : o.id;
        if (!o.success) {
            result.failed << QStringLiteral("%1: %2").arg(reference,
                o.errors.isEmpty() ? Tr::tr("the archive did not take it over") : o.errors.join(QStringLiteral("; ")));
            continue;
        }
        ArchivingState archived = nextState(it.value(), archiving::kArchived);
        archived.archiveId = o.archiveId;
        steps << ArchivingRecords::Step { archived, QStringLiteral("archive"),
            { { QStringLiteral("process_id"), m->processId }, { QStringLiteral("archive_id"), o.archiveId } } };
        result.archived << o.id;
    }
    // Recorded, not purged: the requests leave this computer once the server has applied these
    // steps (SyncSession::purgeArchived after the push's answers). Refused, they stay.
    if (Status s = ArchivingRecords(store).record(steps); !s)
        return s.error();
    return result;
}

} // namespace clerk::xdomea
