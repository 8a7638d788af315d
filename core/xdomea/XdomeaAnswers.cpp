// The archive's answers in an Aussonderung, read by the same Parser as the deliveries (every token
// through advance(): no DTD, no entities, depth, size and namespace checked): 0502
// Bewertungsverzeichnis (per offered object the Aussonderungsart "A" archive or "V" destroy) and
// 0506 AussonderungImportBestaetigen (per handed-over object: taken over or not, Archivkennung).
#include "XdomeaParser.h"

namespace clerk::xdomea::detail {

std::optional<Error> Parser::refuseContent(const Message& m) const
{
    if (!m_answers) {
        if (m.records.isEmpty())
            return refused(Tr::tr("The xdomea message carries no Akte, Vorgang or Dokument."));
        return std::nullopt;
    }
    if (m.type == QLatin1String("0502") && m.assessments.isEmpty())
        return refused(Tr::tr("The archive's assessment (0502) assesses no object; there is nothing to do."));
    if (m.type == QLatin1String("0506") && m.outcomes.isEmpty())
        return refused(Tr::tr("The archive's confirmation (0506) names no object; there is nothing to do."));
    QSet<QString> seen;
    for (const QString& id : [&] {
             QStringList ids;
             for (const Assessment& a : m.assessments)
                 ids << a.id;
             for (const ArchiveOutcome& o : m.outcomes)
                 ids << o.id;
             return ids;
         }()) {
        if (seen.contains(id))
            return refused(Tr::tr("The archive's answer names the object %1 twice; it is refused.").arg(id));
        seen.insert(id);
    }
    return std::nullopt;
}

bool Parser::assessment(Message& m)
{
    if (!countObject())
        return false;
    Assessment a;
    QString configured;
    const bool ok = children([&](const QString& n) {
        if (n == QLatin1String("ID"))
            return text(a.id);
        if (n == QLatin1String("Aussonderungsart"))
            return children([&](const QString& k) {
                if (k == QLatin1String("Aussonderungsart"))
                    return code(a.decision);
                return k == QLatin1String("AussonderungsartKonfigurierbar") ? text(configured) : skip();
            });
        return skip();
    });
    if (!ok)
        return false;
    a.id = a.id.trimmed();
    a.decision = a.decision.trimmed();
    if (a.id.isEmpty())
        return fail(Tr::tr("The archive's assessment has an object without an ID; it is refused."));
    if (a.decision.isEmpty() && !configured.trimmed().isEmpty())
        return fail(Tr::tr("The archive assessed %1 with its own value \"%2\"; ClerkDesk understands only the code "
                           "list's A (archive) and V (destroy). Ask the archive for an assessment with those.")
                .arg(a.id, configured.trimmed()));
    if (a.decision != QLatin1String("A") && a.decision != QLatin1String("V"))
        return fail(Tr::tr("The archive assessed %1 as \"%2\"; ClerkDesk expects A (archive) or V (destroy). Ask the "
                           "archive to finish its assessment.")
                .arg(a.id, a.decision));
    m.assessments << a;
    return true;
}

bool Parser::outcome(Message& m)
{
    if (!countObject())
        return false;
    ArchiveOutcome o;
    const bool ok = children([&](const QString& n) {
        if (n == QLatin1String("IDSGO"))
            return text(o.id);
        if (n == QLatin1String("Erfolgreich"))
            return flag(o.success);
        if (n == QLatin1String("Archivkennung"))
            return text(o.archiveId);
        if (n == QLatin1String("Fehlermeldung")) {
            QString e;
            const bool read = text(e);
            if (!e.trimmed().isEmpty())
                o.errors << e.trimmed().left(2000);
            return read;
        }
        return skip();
    });
    if (!ok)
        return false;
    o.id = o.id.trimmed();
    o.archiveId = o.archiveId.trimmed().left(200);
    if (o.id.isEmpty())
        return fail(Tr::tr("The archive's confirmation has an object without an ID; it is refused."));
    m.outcomes << o;
    return true;
}

} // namespace clerk::xdomea::detail
