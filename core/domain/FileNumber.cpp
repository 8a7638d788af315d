#include "FileNumber.h"

namespace clerk {

QString fileNumber(const QString& office, const QString& reference, int year)
{
    // The reference's trailing digits: its running number within the year.
    qsizetype start = reference.size();
    while (start > 0 && reference.at(start - 1).isDigit())
        --start;
    QString number = reference.mid(start);
    while (number.size() > 4 && number.startsWith(QLatin1Char('0')))
        number.remove(0, 1);
    if (number.isEmpty()) // a reference without a number (imported): the reference itself
        number = reference;
    return QStringLiteral("%1.30-%2/%3")
        .arg(office.isEmpty() ? QStringLiteral("10") : office, number.rightJustified(4, QLatin1Char('0')))
        .arg(year);
}

} // namespace clerk
