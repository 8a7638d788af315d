// Peer tools from the development root (tools/devroot-packages.txt: qpdf, poppler-utils,
// libxml2-utils) that tests check our files against, and writing a file for them to read. Tests
// QVERIFY that a tool exists instead of skipping what needs it.
#pragma once

#include <QByteArray>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QStringList>

namespace clerk::test {

inline QString tool(const QString& name)
{
    return QStandardPaths::findExecutable(name);
}

// Output and exit code of `program`; a program that does not start or crashes gives -1, never the
// 0 that QProcess reports for a process that never ran.
inline QString run(const QString& program, const QStringList& args, int* exitCode = nullptr)
{
    QProcess p;
    p.start(program, args);
    const bool finished = p.waitForFinished(60000) && p.exitStatus() == QProcess::NormalExit;
    if (exitCode)
        *exitCode = finished ? p.exitCode() : -1;
    return QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
}

inline bool writeFile(const QString& path, const QByteArray& data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
}

} // namespace clerk::test
