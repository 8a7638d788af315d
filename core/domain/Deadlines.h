// When a request is due (docs/DOMAIN.md, "Deadlines"): the office's processing target in working
// days of Baden-Württemberg, and — only for a service whose law orders it — the date the permit
// counts as granted (§ 42a LVwVfG), whichever comes first.
#pragma once

#include "Domain.h"

#include <QDate>

namespace clerk::deadlines {

// The date a Genehmigungsfiktion takes effect: service.fictionMonths calendar months after the
// day the application was complete (§ 42a Abs. 2 LVwVfG; §§ 31 LVwVfG, 187, 188 BGB). Invalid for
// a service without one, or while the application is not complete (`complete` invalid).
QDate fictionDate(const Service& service, const QDate& complete);
// The due date of a request received on `received` and complete on `complete` (invalid: not yet):
// the processing target, or the fiction date if that is earlier. Invalid for a service with
// neither.
QDate dueDate(const Service& service, const QDate& received, const QDate& complete);

} // namespace clerk::deadlines
