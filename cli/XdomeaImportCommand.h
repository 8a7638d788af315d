#pragma once

#include <QStringList>

namespace clerk::cli {
// Whether FILE is a ZIP that holds an xdomea message (then `efile verify|import` go here).
bool isXdomeaPackage(const QString& path);
int runXdomeaPackageVerify(const QString& path);
// `args` after "import" without "--db PROFILE"; returns the exit code.
int runXdomeaImport(const QString& db, QStringList args);
} // namespace clerk::cli
