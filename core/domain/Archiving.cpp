#include "Archiving.h"

#include "Json.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace clerk::archiving {

namespace {

struct Messages
{
    Q_DECLARE_TR_FUNCTIONS(clerk::archiving::Messages)
};

QString isoTime(const QDateTime& t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

Refusal refusal(const QString& reason, const QJsonObject& params, const QString& detail)
{
    return Refusal { reason, params, detail };
}

// The order of the steps; a step may repeat (same values), never go back.
int rank(const QString& state)
{
    if (state == QLatin1String(kOffered))
        return 1;
    if (state == QLatin1String(kAssessed))
        return 2;
    if (state == QLatin1String(kHandedOver))
        return 3;
    if (state == QLatin1String(kArchived))
        return 4;
    return 0;
}

QString stateOfOp(const QString& op)
{
    if (op == QLatin1String("offer"))
        return QLatin1String(kOffered);
    if (op == QLatin1String("assess"))
        return QLatin1String(kAssessed);
    if (op == QLatin1String("hand_over"))
        return QLatin1String(kHandedOver);
    if (op == QLatin1String("archive"))
        return QLatin1String(kArchived);
    return {};
}

} // namespace

bool isProcessId(const QString& id)
{
    static const QRegularExpression uuid(
        QStringLiteral("^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"));
    return id.size() == 36 && uuid.match(id).hasMatch();
}

bool inProgress(const std::optional<ArchivingState>& state)
{
    return state && rank(state->state) >= 1 && rank(state->state) <= 3;
}

std::optional<Refusal> refuseStatusChange(
    const std::optional<ArchivingState>& state, const QString& from, const QString& to)
{
    if (from != QLatin1String("closed") || to == from || !inProgress(state))
        return std::nullopt;
    return refusal(QStringLiteral("archiving_in_progress"),
        { { QStringLiteral("state"), state->state }, { QStringLiteral("process_id"), state->processId } },
        QStringLiteral("The request is in the Aussonderung %1 (%2); it cannot be reopened until that is finished.")
            .arg(state->processId, state->state));
}

QDate retentionEnd(const QDateTime& closedAt, int years)
{
    if (!closedAt.isValid() || years <= 0)
        return {};
    return QDate(closedAt.toUTC().date().year() + years, 12, 31);
}

bool retentionEnded(const QDateTime& closedAt, int years, const QDate& today)
{
    const QDate end = retentionEnd(closedAt, years);
    return end.isValid() && today > end;
}

std::variant<ArchivingState, Refusal> step(const std::optional<ArchivingState>& current, const Subject& subject,
    const Mutation& m, const QString& login, const QDateTime& now)
{
    const Request& r = subject.request;
    const QString to = stateOfOp(m.op);
    if (to.isEmpty())
        return refusal(QStringLiteral("unknown_op"),
            { { QStringLiteral("kind"), m.kind }, { QStringLiteral("op"), m.op } },
            QStringLiteral("Unknown step of an Aussonderung: %1").arg(m.op));
    const QString processId = m.data.value(QLatin1String("process_id")).toString();
    if (!isProcessId(processId))
        return refusal(QStringLiteral("invalid_data"), { { QStringLiteral("field"), QStringLiteral("process_id") } },
            QStringLiteral("The ProzessID of the Aussonderung is missing or not a UUID."));
    const QString from = current ? current->state : QString();
    const bool repeat = from == to;
    if (!repeat && rank(to) != rank(from) + 1)
        return refusal(QStringLiteral("archiving_step"),
            { { QStringLiteral("from"), from }, { QStringLiteral("to"), to } },
            QStringLiteral("The Aussonderung cannot go from \"%1\" to \"%2\".").arg(from, to));
    // An offer the archive has not assessed yet may be made again under a new ProzessID (its offer
    // list was withdrawn), but only on purpose and only by the clerk who made it: the step names the
    // one it replaces, so two clerks offering the same request at once still get one of them refused,
    // and nobody takes a request out of a colleague's Aussonderung.
    const bool moves = current && current->processId != processId;
    const bool reoffer = moves && to == QLatin1String(kOffered) && repeat && current->changedBy == login
        && m.data.value(QLatin1String("replaces")).toString() == current->processId;
    if (moves && !(to == QLatin1String(kOffered) && (!repeat || reoffer)))
        return refusal(QStringLiteral("archiving_process"), { { QStringLiteral("process_id"), current->processId } },
            QStringLiteral("The request is part of the Aussonderung %1, not %2.").arg(current->processId, processId));

    // Every step, not only the offer: a request reopened in between is not handed over or purged.
    if (r.status != QLatin1String("closed"))
        return refusal(QStringLiteral("archiving_not_closed"),
            { { QStringLiteral("status"), r.status }, { QStringLiteral("to"), to } },
            to == QLatin1String(kOffered)
                ? QStringLiteral("Only closed requests are offered to the archive.")
                : QStringLiteral("The request is not closed (any more); the Aussonderung goes on with closed requests "
                                 "only."));

    ArchivingState next = current.value_or(ArchivingState {});
    next.requestId = r.id;
    next.teamId = r.teamId;
    if (to == QLatin1String(kOffered)) {
        if (!retentionEnded(subject.closedAt, subject.retentionYears, now.toUTC().date())) {
            const QDate end = retentionEnd(subject.closedAt, subject.retentionYears);
            return refusal(QStringLiteral("archiving_retention"),
                { { QStringLiteral("until"), end.isValid() ? end.toString(Qt::ISODate) : QString() } },
                QStringLiteral("The retention period has not ended (until %1).")
                    .arg(end.isValid() ? end.toString(Qt::ISODate) : QStringLiteral("not set")));
        }
        next.processId = processId;
        next.decision.clear();
    } else if (to == QLatin1String(kAssessed)) {
        const QString decision = m.data.value(QLatin1String("decision")).toString();
        if (decision != QLatin1String("A") && decision != QLatin1String("V"))
            return refusal(QStringLiteral("invalid_data"), { { QStringLiteral("field"), QStringLiteral("decision") } },
                QStringLiteral("The archive's decision must be A (archive) or V (destroy)."));
        if (repeat && current->decision != decision)
            return refusal(QStringLiteral("archiving_step"),
                { { QStringLiteral("from"), from }, { QStringLiteral("to"), to } },
                QStringLiteral("The request was assessed %1 already.").arg(current->decision));
        next.decision = decision;
    } else if (next.decision != QLatin1String("A")) {
        // Handed over and archived: only what the archive chose to keep.
        return refusal(QStringLiteral("archiving_step"),
            { { QStringLiteral("from"), from }, { QStringLiteral("to"), to } },
            QStringLiteral("Only requests the archive assessed \"A\" are handed over."));
    } else if (to == QLatin1String(kArchived)) {
        // The archive's reference is given once: a repeat with another one would overwrite it.
        const QString archiveId = m.data.value(QLatin1String("archive_id")).toString().left(200);
        if (repeat && current->archiveId != archiveId)
            return refusal(QStringLiteral("archiving_step"),
                { { QStringLiteral("from"), from }, { QStringLiteral("to"), to } },
                QStringLiteral("The request was archived under the reference \"%1\" already.").arg(current->archiveId));
        next.archiveId = archiveId;
    }
    next.state = to;
    // A step repeated in the same Aussonderung changes nothing of whose it is: a colleague repeating
    // an offer does not become the one who may move it (re-offer above).
    next.changedBy = repeat && !moves && current ? current->changedBy : login;
    next.changedAt = now;
    next.version = (current ? current->version : 0) + 1;
    return next;
}

QJsonObject encode(const ArchivingState& s)
{
    QJsonObject o { { QStringLiteral("request_id"), s.requestId }, { QStringLiteral("team_id"), s.teamId },
        { QStringLiteral("state"), s.state }, { QStringLiteral("process_id"), s.processId },
        { QStringLiteral("changed_by"), s.changedBy }, { QStringLiteral("changed_at"), isoTime(s.changedAt) },
        { QStringLiteral("version"), s.version } };
    if (!s.decision.isEmpty())
        o.insert(QStringLiteral("decision"), s.decision);
    if (!s.archiveId.isEmpty())
        o.insert(QStringLiteral("archive_id"), s.archiveId);
    return o;
}

Result<ArchivingState> decode(const QJsonObject& o)
{
    auto invalid = [](const QString& field) {
        return Error { Error::Invalid, Messages::tr("The data from the server is malformed (%1).").arg(field), field };
    };
    ArchivingState s;
    s.requestId = o.value(QLatin1String("request_id")).toString();
    if (!json::isValidId(s.requestId))
        return invalid(QStringLiteral("request_id"));
    s.teamId = o.value(QLatin1String("team_id")).toString().left(80);
    s.state = o.value(QLatin1String("state")).toString();
    if (rank(s.state) == 0)
        return invalid(QStringLiteral("state"));
    s.processId = o.value(QLatin1String("process_id")).toString();
    if (!isProcessId(s.processId))
        return invalid(QStringLiteral("process_id"));
    s.decision = o.value(QLatin1String("decision")).toString();
    if (!s.decision.isEmpty() && s.decision != QLatin1String("A") && s.decision != QLatin1String("V"))
        return invalid(QStringLiteral("decision"));
    s.archiveId = o.value(QLatin1String("archive_id")).toString().left(200);
    s.changedBy = o.value(QLatin1String("changed_by")).toString().left(80);
    s.changedAt = QDateTime::fromString(o.value(QLatin1String("changed_at")).toString(), Qt::ISODateWithMs);
    s.version = o.value(QLatin1String("version")).toInteger();
    return s;
}

} // namespace clerk::archiving
