// The words for workflow states and channels in the clerk's language.
#pragma once

#include "core/domain/Domain.h"

#include <QCoreApplication>
#include <QString>

namespace clerk {

class StatusNames
{
    Q_DECLARE_TR_FUNCTIONS(clerk::StatusNames)
public:
    static QString status(const QString& key);
    // The status in the service's own words where its catalogue entry has them ("Bestätigt" for an
    // acknowledged Gewerbeanmeldung, "Bewilligt" for Wohngeld), else the common name.
    static QString status(const QString& key, const Service& service);
    static QString status(const QString& key, const QHash<QString, QString>& de, const QHash<QString, QString>& en);
    static QString channel(const QString& key);
    // What a change in the outbox does, in words ("Status → Approved", "Note: …").
    static QString change(const Mutation& m);
    // Where a change is on its way ("Waiting to be sent", "Refused by the city backend").
    static QString changeState(Mutation::State state);
    // One entry of a request's history in words: a coded entry from its code and parameters
    // ("Status changed: Received → In progress (b.hartmann)", "Claimed by b.hartmann"); a local
    // event or an entry without the parameters it needs by its stored text.
    static QString timelineEntry(const TimelineEvent& e);
};

} // namespace clerk
