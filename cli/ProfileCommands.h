// clerkdesk-cli profile create and sync (see ProfileCommands.cpp).
#pragma once

#include <QStringList>

namespace clerk::cli {

// "profile create --db PROFILE.db" (`args` after "profile"); returns the exit code.
int runProfile(QStringList args);
// "sync --db PROFILE.db --server URL --login NAME [--ca FILE] [--documents REF …]" (`args` after
// "sync"); returns the exit code.
int runSync(QStringList args);

} // namespace clerk::cli
