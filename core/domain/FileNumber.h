// The Aktenzeichen of a request: office, filing-plan position, running number/year
// (DOMAIN.md, "Offices and file references"), e.g. 32.30-0471/2026.
#pragma once

#include <QString>

namespace clerk {

// The running number is the reference's own (STU-2026-004711 → 4711), at least four digits and
// never cut: the 10,000th request of a year is 32.30-10000/2026, not a second 32.30-0000/2026.
QString fileNumber(const QString& office, const QString& reference, int year);

} // namespace clerk
