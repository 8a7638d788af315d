// Working days in Baden-Württemberg: weekends and the state's public holidays are not counted.
// Processing targets are counted in them (core/domain/Deadlines).
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
// § 42a Abs. 2 LVwVfG: `months` calendar months (not working days) after the day the application
// was complete; the period ends on the day of the last month with the same number, or that month's
// last day if it has none (§ 31 Abs. 1 LVwVfG with §§ 187 Abs. 1, 188 Abs. 2 and 3 BGB):
// 30.11.2026 + 3 months = 28.02.2027.
QDate permitFictionDate(const QDate& complete, int months = 3);

} // namespace clerk::workingdays
