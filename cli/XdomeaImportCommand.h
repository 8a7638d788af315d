#pragma once

#include <QStringList>

namespace clerk::cli {
// Whether FILE is a ZIP that holds an xdomea message (then `efile verify|import` go here).
bool isXdomeaPackage(const QString& path);
// Whether FILE is a ZIP with a message the import reads (0401, 0503), not a 0402 or another.
bool isImportablePackage(const QString& path);
int runXdomeaPackageVerify(const QString& path);
// `args` after "import" without "--db PROFILE"; returns the exit code.
int runXdomeaImport(const QString& db, QStringList args);
} // namespace clerk::cli
