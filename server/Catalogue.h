// The synthetic city's services and teams (after DOMAIN.md): German names, form schemas and
// workflows. Used by the seeder, demo mode and tests; a real city imports its own catalogue with
// `clerkdesk-server service import FILE`.
#pragma once

#include "CityStore.h"

namespace clerk::server::catalogue {

QList<Team> teams();
QList<Service> services();

} // namespace clerk::server::catalogue
