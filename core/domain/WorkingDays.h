// Working days in Baden-Württemberg: weekends and the state's public holidays are not counted.
// Legal deadlines are computed from them; the permit fiction (§ 42a VwVfG) date too.
#pragma once

#include <QDate>
#include <QList>

namespace clerk::workingdays {

QDate easterSunday(int year);
QList<QDate> holidays(int year); // Baden-Württemberg, sorted
bool isHoliday(const QDate& date);
bool isWorkingDay(const QDate& date);
// The date `days` working days after `start` (start itself not counted).
QDate addWorkingDays(const QDate& start, int days);
// Working days from `from` (exclusive) up to `to` (inclusive); negative if `to` is before `from`.
int workingDaysBetween(const QDate& from, const QDate& to);
// § 42a VwVfG: three months after the complete application unless a law sets another period.
QDate permitFictionDate(const QDate& complete, int months = 3);

} // namespace clerk::workingdays
