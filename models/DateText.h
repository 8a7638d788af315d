// Dates on screen, one way everywhere (docs/GERMAN.md): dd.MM.yyyy, times HH:mm, in the clerk's
// local time. Never two-digit years (QLocale's short German format) nor weekday names (its long
// one), in either language.
#pragma once

#include <QDate>
#include <QDateTime>
#include <QString>

namespace clerk::datetext {

// 05.03.2027; empty for an invalid date.
QString date(const QDate& d);
// 05.03.2027 14:30, in local time; empty for an invalid moment.
QString dateTime(const QDateTime& t);
// 14:30, in local time.
QString time(const QDateTime& t);

} // namespace clerk::datetext
