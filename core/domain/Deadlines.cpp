#include "Deadlines.h"

#include "WorkingDays.h"

namespace clerk::deadlines {

QDate fictionDate(const Service& service, const QDate& complete)
{
    if (!service.permitFiction || service.fictionMonths <= 0 || !complete.isValid())
        return {};
    return workingdays::permitFictionDate(complete, service.fictionMonths);
}

QDate dueDate(const Service& service, const QDate& received, const QDate& complete)
{
    QDate due;
    if (service.deadlineDays > 0 && received.isValid())
        due = workingdays::addWorkingDays(received, service.deadlineDays);
    const QDate fiction = fictionDate(service, complete);
    if (fiction.isValid() && (!due.isValid() || fiction < due))
        due = fiction;
    return due;
}

} // namespace clerk::deadlines
