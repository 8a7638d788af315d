// The Aussonderung as a clerk runs it, on a store that syncs with the city backend:
// 1. offer(): the chosen closed requests whose retention ended → the 0501 offer list (a ZIP with the
//    message) in a folder, and an `offer` step per request (outbox → server: any clerk of the team
//    sees the requests as offered under this ProzessID); the 0501 is held back under another name
//    until the server has accepted those steps;
// 2. importAssessment(): the archive's 0502 → per request an `assess` step ("A" or "V"), and for
//    the "A" ones the 0503 with their documents (packaged as a hand-over) and a `hand_over` step;
//    the 0503 is held back under another name until the server has accepted those steps;
// 3. importConfirmation(): the archive's 0506 → an `archive` step per object it took over; those
//    requests leave this computer once the server has applied the step (the next sync), and every
//    other clerk's when the feed brings the archived state. A refused step keeps them.
// A message from the archive is checked completely first (the reader's hardening; its ProzessID
// must be an Aussonderung of this team, every object one offered in it and in the right step);
// on any refusal nothing is written: no file, no step.
#pragma once

#include "XdomeaArchiving.h"
#include "XdomeaExport.h"
#include "XdomeaReader.h"
#include "core/Result.h"

#include <QCoreApplication>

namespace clerk {

class Store;

namespace xdomea {

struct Candidate
{
    QString requestId, reference;
    bool offerable = false;
    QString why; // when not: in the clerk's words
    // An Aussonderung the request is offered in already and that the archive has not assessed:
    // offering it again takes it out of that one (its offer list withdrawn, or never sent).
    QString replaces;
    int retentionYears = 0;
    QDate closed, retentionEnd;
};

// Whether each request may be offered to the archive today (the store's clock): closed, its
// service has an Aufbewahrungsfrist and it has ended, and not in an Aussonderung yet, or only
// offered in one (not assessed): then `replaces` names it.
Result<QList<Candidate>> offerCandidates(Store& store, const QStringList& requestIds);

struct OfferResult
{
    QString processId;
    // The 0501. It is written as `heldPath` and takes this name only once the server accepted every
    // request's offer (the next sync); refused, it is removed (ArchivingRecords::settleDeliveries).
    QString zipPath;
    QString heldPath;
    QStringList requestIds;
};

// Refused (nothing written) unless every request is offerable. The ZIP goes into `folder`,
// named anbieteverzeichnisZipName(processId) once released.
Result<OfferResult> offer(Store& store, const QStringList& requestIds, const Authority& sender,
    const Authority& archive, const QString& processId, const QString& folder);

struct AssessmentResult
{
    QString processId;
    QStringList archived, destroyed; // request ids assessed "A" / "V"
    // The 0503; empty when the archive wants none of them. It is written as `heldPath` and takes
    // this name only once the server accepted every request's hand-over (the next sync); refused,
    // it is removed (ArchivingRecords::settleDeliveries).
    QString zipPath;
    QString heldPath;
    int documents = 0;
};

// `path`: the 0502 as a ZIP or as the bare XML. The 0503 goes into `folder`.
Result<AssessmentResult> importAssessment(
    Store& store, const QString& path, const Authority& sender, const QString& folder, const Progress& progress = {});

struct ConfirmationResult
{
    QString processId;
    QStringList archived; // request ids the archive took over
    QStringList failed; // "reference: the archive's message" for those it did not
};

// `path`: the 0506 as a ZIP or as the bare XML.
Result<ConfirmationResult> importConfirmation(Store& store, const QString& path);

// The archive's answer (0502, 0506) in a file: a ZIP with exactly one message, or the bare XML.
// Read with the e-file import's ZIP hardening and the reader's limits.
Result<Message> readArchiveAnswer(const QString& path);

} // namespace xdomea
} // namespace clerk
