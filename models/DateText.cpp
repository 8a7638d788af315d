#include "DateText.h"

namespace clerk::datetext {

QString date(const QDate& d)
{
    return d.isValid() ? d.toString(QStringLiteral("dd.MM.yyyy")) : QString();
}

QString dateTime(const QDateTime& t)
{
    return t.isValid() ? t.toLocalTime().toString(QStringLiteral("dd.MM.yyyy HH:mm")) : QString();
}

QString time(const QDateTime& t)
{
    return t.isValid() ? t.toLocalTime().toString(QStringLiteral("HH:mm")) : QString();
}

} // namespace clerk::datetext
