// Aussonderung: handing closed requests to the archive at the end of their retention period, in
// the xdomea message sequence 0501 (offer list) → 0502 (the archive's assessment, per object "A"
// archive or "V" destroy) → 0503 (the objects to archive, with their documents) → 0506 (the
// archive confirms what it took over).
//
// The state of each request in that process is the server's, so that any clerk of the team can
// continue it: the `archiving` entity of the changes feed (id = the request's id), changed by
// `archiving` mutations (offer, assess, hand_over, archive). The rules for those steps live here,
// once, for both server stores and for the client's own checks before it writes a message.
#pragma once

#include "core/Result.h"
#include "core/domain/Domain.h"
#include "core/domain/Refusal.h"

#include <QDate>
#include <QDateTime>
#include <QJsonObject>
#include <optional>
#include <variant>

namespace clerk {

struct ArchivingState
{
    QString requestId;
    QString teamId;
    QString state; // offered, assessed, handed_over, archived
    QString processId; // the ProzessID of the 0501 (kept through 0502, 0503, 0506)
    QString decision; // after the assessment: "A" (archive) or "V" (destroy) — code list Aussonderungsart
    QString archiveId; // Archivkennung from the 0506, may be empty
    QString changedBy;
    QDateTime changedAt;
    qint64 version = 0;
};

namespace archiving {

inline constexpr char kOffered[] = "offered";
inline constexpr char kAssessed[] = "assessed";
inline constexpr char kHandedOver[] = "handed_over";
inline constexpr char kArchived[] = "archived";

// The last day a request closed on `closedAt` is kept: 31 December of the closing year plus
// `years` (the period runs from the end of the year the file was closed in, as records schedules
// count it). Invalid when the service has no period (years 0) or the closing time is unknown.
QDate retentionEnd(const QDateTime& closedAt, int years);
// Whether that day has passed on `today`.
bool retentionEnded(const QDateTime& closedAt, int years, const QDate& today);

// Whether `id` is a ProzessID as xdomea defines it (stringUUIDType: a UUID, 36 characters, no
// braces). Anything else — a name with ":" (on Windows an alternate data stream), line breaks,
// megabytes — is refused where a ProzessID comes in: the message reader and the server.
bool isProcessId(const QString& id);

// Whether a request in this state is in an Aussonderung that is not finished: offered, assessed or
// handed over (the archive may be reading or taking it).
bool inProgress(const std::optional<ArchivingState>& state);

// A status change of a request while its Aussonderung runs: leaving "closed" (reopening it) is
// refused ("archiving_in_progress", params state), the archive would get a file still in work.
// Nothing otherwise.
std::optional<Refusal> refuseStatusChange(
    const std::optional<ArchivingState>& state, const QString& from, const QString& to);

// What a step needs to know about the request.
struct Subject
{
    Request request;
    int retentionYears = 0;
    QDateTime closedAt; // when the request's status last changed (to closed)
};

// Applies the mutation (kind "archiving", op offer/assess/hand_over/archive, data {process_id,
// decision, archive_id}) to the current state (none before the offer). Returns the new state, or
// why the step is not allowed. The version is the current one plus one; changedBy/At are set.
// Steps repeated with the same values are allowed (a second clerk's offer under the same
// ProzessID changes nothing but the version).
std::variant<ArchivingState, Refusal> step(const std::optional<ArchivingState>& current, const Subject& subject,
    const Mutation& mutation, const QString& login, const QDateTime& now);

QJsonObject encode(const ArchivingState& s);
Result<ArchivingState> decode(const QJsonObject& o);

} // namespace archiving
} // namespace clerk
