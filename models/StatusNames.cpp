#include "StatusNames.h"

namespace clerk {

QString StatusNames::status(const QString& key)
{
    if (key == QLatin1String("received")) return tr("Received");
    if (key == QLatin1String("in_progress")) return tr("In progress");
    if (key == QLatin1String("waiting")) return tr("Waiting for applicant");
    if (key == QLatin1String("approved")) return tr("Approved");
    if (key == QLatin1String("rejected")) return tr("Rejected");
    if (key == QLatin1String("forwarded")) return tr("Forwarded");
    if (key == QLatin1String("closed")) return tr("Closed");
    return key;
}

QString StatusNames::channel(const QString& key)
{
    if (key == QLatin1String("portal")) return tr("Online portal");
    if (key == QLatin1String("fitconnect")) return tr("FIT-Connect");
    if (key == QLatin1String("email")) return tr("E-mail");
    if (key == QLatin1String("counter")) return tr("Counter");
    return key;
}

} // namespace clerk
