#include "StatusNames.h"

#include <QJsonObject>
#include <QLocale>

namespace clerk {

QString StatusNames::status(const QString& key)
{
    if (key == QLatin1String("received"))
        return tr("Received");
    if (key == QLatin1String("in_progress"))
        return tr("In progress");
    if (key == QLatin1String("waiting"))
        return tr("Waiting for applicant");
    if (key == QLatin1String("approved"))
        return tr("Approved");
    if (key == QLatin1String("rejected"))
        return tr("Rejected");
    if (key == QLatin1String("forwarded"))
        return tr("Forwarded");
    if (key == QLatin1String("closed"))
        return tr("Closed");
    return key;
}

QString StatusNames::status(const QString& key, const Service& service)
{
    return status(key, service.statusNamesDe, service.statusNamesEn);
}

QString StatusNames::status(const QString& key, const QHash<QString, QString>& de, const QHash<QString, QString>& en)
{
    // Catalogue data, not tr(): the language the translator chose decides which of the two.
    const QString own = QLocale().language() == QLocale::German ? de.value(key) : en.value(key);
    return own.isEmpty() ? status(key) : own;
}

QString StatusNames::channel(const QString& key)
{
    if (key == QLatin1String("portal"))
        return tr("Online portal");
    if (key == QLatin1String("fitconnect"))
        return tr("FIT-Connect");
    if (key == QLatin1String("email"))
        return tr("E-mail");
    if (key == QLatin1String("counter"))
        return tr("Counter");
    if (key == QLatin1String("xdomea"))
        return tr("xdomea hand-over"); // "eingegangen … über xdomea-Übernahme"
    return key;
}

QString StatusNames::change(const Mutation& m)
{
    const QJsonObject& d = m.data;
    if (m.kind == QLatin1String("request")) {
        if (m.op == QLatin1String("claim"))
            return tr("Claim");
        if (m.op == QLatin1String("assign")) {
            const QString to = d.value(QLatin1String("assignee")).toString();
            return to.isEmpty() ? tr("Remove assignment") : tr("Assign to %1").arg(to);
        }
        if (m.op == QLatin1String("status"))
            return tr("Status → %1").arg(status(d.value(QLatin1String("status")).toString()));
        if (m.op == QLatin1String("request_documents"))
            return tr("Request missing documents");
    }
    if (m.kind == QLatin1String("note"))
        return tr("Note: %1").arg(d.value(QLatin1String("text")).toString().simplified().left(60));
    if (m.kind == QLatin1String("annotation")) {
        if (m.op == QLatin1String("delete"))
            return tr("Delete an annotation");
        return m.op == QLatin1String("create") ? tr("Add an annotation") : tr("Change an annotation");
    }
    return m.kind + QLatin1Char(' ') + m.op;
}

QString StatusNames::timelineEntry(const TimelineEvent& e)
{
    const QJsonObject& p = e.params;
    auto param = [&p](const char* key) { return p.value(QLatin1String(key)).toString(); };
    const QString who = e.actor.isEmpty() ? tr("unknown") : e.actor;
    if (e.kind == QLatin1String("received") && p.contains(QLatin1String("channel")))
        return tr("Received via %1").arg(channel(param("channel")));
    if (e.kind == QLatin1String("claimed"))
        return tr("Claimed by %1").arg(who);
    if (e.kind == QLatin1String("assigned") && p.contains(QLatin1String("to")))
        return param("to").isEmpty() ? tr("Assignment removed by %1").arg(who)
                                     : tr("Assigned to %1 by %2").arg(param("to"), who);
    if (e.kind == QLatin1String("status_changed") && p.contains(QLatin1String("to")))
        return tr("Status changed: %1 → %2 (%3)").arg(status(param("from")), status(param("to")), who);
    if (e.kind == QLatin1String("documents_requested") && p.contains(QLatin1String("message")))
        return tr("Documents requested by %1: %2").arg(who, param("message").simplified().left(200));
    if (e.kind == QLatin1String("note_added"))
        return tr("Note added by %1").arg(who);
    // A local event (evicted, purged, imported), an imported or older entry: its own words.
    if (!e.text.isEmpty())
        return e.actor.isEmpty() ? e.text : QStringLiteral("%1 · %2").arg(e.actor, e.text);
    return e.actor.isEmpty() ? e.kind : QStringLiteral("%1 · %2").arg(e.actor, e.kind);
}

QString StatusNames::changeState(Mutation::State state)
{
    switch (state) {
    case Mutation::State::Pending:
        return tr("Waiting to be sent");
    case Mutation::State::Sent:
        return tr("Sent, no answer yet");
    case Mutation::State::Applied:
        return tr("Arrived");
    case Mutation::State::Conflict:
        return tr("Needs your decision");
    case Mutation::State::Rejected:
        return tr("Refused by the city backend");
    }
    return {};
}

} // namespace clerk
