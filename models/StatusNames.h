// The words for workflow states and channels in the clerk's language.
#pragma once

#include <QCoreApplication>
#include <QString>

namespace clerk {

class StatusNames
{
    Q_DECLARE_TR_FUNCTIONS(clerk::StatusNames)
public:
    static QString status(const QString& key);
    static QString channel(const QString& key);
};

} // namespace clerk
