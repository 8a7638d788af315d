// The one reader of secrets for every clerkdesk-cli command: the profile's passphrase and the
// backend password come from an environment variable, else from the next line of standard input.
#pragma once

#include <QByteArray>

namespace clerk::cli {

// The secret in `variable` (taken, then removed from this process's environment so that nothing
// started later inherits it), else the next line of standard input without its line ending
// (spaces are part of the secret: as the profile was made, so it opens). When standard input is a
// terminal, `prompt` goes to standard error and what is typed is not echoed. Empty when there is
// none.
QByteArray readSecret(const char* variable, const char* prompt);

} // namespace clerk::cli
