#include "WorkingDays.h"

#include <QHash>
#include <QMutex>
#include <algorithm>

namespace clerk::workingdays {

QDate easterSunday(int year)
{
    // Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
    const int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4;
    const int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
    const int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7, m = (a + 11 * h + 22 * l) / 451;
    const int month = (h + l - 7 * m + 114) / 31, day = ((h + l - 7 * m + 114) % 31) + 1;
    return QDate(year, month, day);
}

QList<QDate> holidays(int year)
{
    const QDate easter = easterSunday(year);
    QList<QDate> days {
        QDate(year, 1, 1), // Neujahr
        QDate(year, 1, 6), // Heilige Drei Könige
        easter.addDays(-2), // Karfreitag
        easter.addDays(1), // Ostermontag
        QDate(year, 5, 1), // Tag der Arbeit
        easter.addDays(39), // Christi Himmelfahrt
        easter.addDays(50), // Pfingstmontag
        easter.addDays(60), // Fronleichnam
        QDate(year, 10, 3), // Tag der Deutschen Einheit
        QDate(year, 11, 1), // Allerheiligen
        QDate(year, 12, 25), // 1. Weihnachtstag
        QDate(year, 12, 26), // 2. Weihnachtstag
    };
    std::sort(days.begin(), days.end());
    return days;
}

bool isHoliday(const QDate& date)
{
    static QMutex mutex;
    static QHash<int, QList<QDate>> cache;
    QMutexLocker lock(&mutex);
    auto it = cache.find(date.year());
    if (it == cache.end())
        it = cache.insert(date.year(), holidays(date.year()));
    return it->contains(date);
}

bool isWorkingDay(const QDate& date)
{
    return date.dayOfWeek() <= 5 && !isHoliday(date);
}

QDate addWorkingDays(const QDate& start, int days)
{
    QDate d = start;
    while (days > 0) {
        d = d.addDays(1);
        if (isWorkingDay(d))
            --days;
    }
    return d;
}

int workingDaysBetween(const QDate& from, const QDate& to)
{
    if (to < from)
        return -workingDaysBetween(to, from);
    int n = 0;
    for (QDate d = from.addDays(1); d <= to; d = d.addDays(1))
        if (isWorkingDay(d))
            ++n;
    return n;
}

QDate permitFictionDate(const QDate& complete, int months)
{
    return complete.addMonths(months);
}

} // namespace clerk::workingdays
