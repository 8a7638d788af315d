#pragma once

#include <QStringList>

namespace clerk::cli {
// `args` after "pdf"; returns the exit code.
int runPdf(QStringList args);
} // namespace clerk::cli
