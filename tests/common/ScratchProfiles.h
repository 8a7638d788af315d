// Tests of the application's start keep the clerk's profiles (Workspace::profilePath) in a
// scratch folder instead of the user's data folder.
#pragma once

#include <QCoreApplication>
#include <QTemporaryDir>

namespace clerk::test {

inline void useScratchProfiles(const QTemporaryDir& dir)
{
    qputenv("XDG_DATA_HOME", dir.filePath(QStringLiteral("data")).toUtf8());
    QCoreApplication::setOrganizationName(QStringLiteral("ClerkDesk"));
    QCoreApplication::setApplicationName(QStringLiteral("ClerkDesk"));
}

} // namespace clerk::test
