#include "RefusalNames.h"

#include "StatusNames.h"
#include "core/domain/Refusal.h"

#include <QDate>
#include <QLocale>

namespace clerk {

QString RefusalNames::text(const Mutation& m)
{
    if (auto r = Refusal::decode(m.lastError))
        return text(r.value());
    return m.lastError;
}

QString RefusalNames::text(const Refusal& r)
{
    const QJsonObject& p = r.params;
    auto param = [&p](const char* key) { return p.value(QLatin1String(key)).toString(); };
    auto has = [&p](const char* key) { return p.contains(QLatin1String(key)); };
    const QString& why = r.reason;
    if (why == QLatin1String("version_changed"))
        return tr("Changed by someone else in the meantime.");
    if (why == QLatin1String("not_found") && has("kind")) {
        if (param("kind") == QLatin1String("document"))
            return tr("The document does not exist in the city backend, or it is not released to you.");
        if (param("kind") == QLatin1String("annotation"))
            return tr("The annotation does not exist in the city backend, or it is not released to you.");
        return tr("The request does not exist in the city backend, or it is not released to you.");
    }
    if (why == QLatin1String("invalid_transition") && has("from") && has("to"))
        return tr("The status cannot change from \"%1\" to \"%2\".")
            .arg(StatusNames::status(param("from")), StatusNames::status(param("to")));
    if (why == QLatin1String("invalid_assignee") && has("assignee"))
        return param("assignee").isEmpty()
            ? tr("The assignment cannot be removed.")
            : tr("%1 is not a member of the team responsible for this request.").arg(param("assignee"));
    if (why == QLatin1String("invalid_data") && has("field")) {
        if (param("field") == QLatin1String("message"))
            return tr("The message to the applicant is empty.");
        if (param("field") == QLatin1String("note"))
            return param("problem") == QLatin1String("too_long")
                ? tr("The note is longer than the city backend takes (%1 characters).")
                      .arg(QLocale().toString(p.value(QLatin1String("max")).toInt()))
                : tr("The note is empty.");
        if (param("field") == QLatin1String("process_id") || param("field") == QLatin1String("decision"))
            return tr("The step of the Aussonderung is not complete (ProzessID or the archive's decision missing).");
        return tr("The annotation's data are not valid.");
    }
    if (why == QLatin1String("archiving_not_closed"))
        return has("to") && param("to") != QLatin1String("offered")
            ? tr("The request is no longer closed; the Aussonderung goes on only with closed requests.")
            : tr("Only closed requests can be offered to the archive.");
    if (why == QLatin1String("archiving_in_progress"))
        return tr("The request is part of an Aussonderung that is not finished (%1); its status cannot change until "
                  "then.")
            .arg(param("process_id"));
    if (why == QLatin1String("archiving_retention") && has("until"))
        return param("until").isEmpty()
            ? tr("No retention period is set for this service; the request cannot be offered to the archive.")
            : tr("The request must be kept until %1; it cannot be offered to the archive yet.")
                  .arg(QDate::fromString(param("until"), Qt::ISODate).toString(QStringLiteral("dd.MM.yyyy")));
    if (why == QLatin1String("archiving_step") && has("to"))
        return tr("This step of the Aussonderung does not fit where the request stands (another clerk may have "
                  "taken it further).");
    if (why == QLatin1String("archiving_process") && has("process_id"))
        return tr("The request is part of another Aussonderung (%1).").arg(param("process_id"));
    if (why == QLatin1String("invalid_mutation"))
        return tr("The city backend could not read this change.");
    if ((why == QLatin1String("unknown_kind") || why == QLatin1String("unknown_op")) && has("kind"))
        return tr("The city backend does not know this kind of change.");
    if (why == QLatin1String("duplicate_id") && has("kind"))
        return tr("The city backend has a change with the same id already.");
    // A code this client does not know (a newer server) or an older server's answer.
    if (!r.detail.isEmpty())
        return r.reason.isEmpty() ? r.detail : QStringLiteral("%1 (%2)").arg(r.detail, r.reason);
    return tr("The city backend refused the change (%1).").arg(r.reason);
}

} // namespace clerk
