// The words for workflow states and channels in the clerk's language.
#pragma once

#include <QCoreApplication>
#include <QString>

#include "core/domain/Domain.h"

namespace clerk {

class StatusNames
{
    Q_DECLARE_TR_FUNCTIONS(clerk::StatusNames)
public:
    static QString status(const QString& key);
    static QString channel(const QString& key);
    // What a change in the outbox does, in words ("Status → Approved", "Note: …").
    static QString change(const Mutation& m);
    // Where a change is on its way ("Waiting to be sent", "Refused by the city backend").
    static QString changeState(Mutation::State state);
};

} // namespace clerk
