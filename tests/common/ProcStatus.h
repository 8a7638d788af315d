// A field of /proc/self/status in KiB ("VmRSS:", "VmHWM:"), -1 when unreadable; the niceness of
// one of this process's threads by its name.
#pragma once

#include <QDir>
#include <QFile>
#include <optional>

namespace clerk::testproc {

inline qint64 statusKiB(const char* field)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const qsizetype length = qsizetype(qstrlen(field));
    for (const QByteArray& line : f.readAll().split('\n'))
        if (line.startsWith(field))
            return line.mid(length).trimmed().split(' ').value(0).toLongLong();
    return -1;
}

// The niceness of this process's thread named `name` (as ps shows it: the first 15 bytes), read
// from /proc; nullopt when no thread has that name.
inline std::optional<int> nicenessOfThread(const QByteArray& name)
{
    const QDir tasks(QStringLiteral("/proc/self/task"));
    for (const QString& tid : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile comm(tasks.filePath(tid + QStringLiteral("/comm")));
        if (!comm.open(QIODevice::ReadOnly) || comm.readAll().trimmed() != name.left(15))
            continue;
        QFile stat(tasks.filePath(tid + QStringLiteral("/stat")));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray line = stat.readAll();
        // After the name in parentheses: field 3 (state) onwards; the niceness is field 19.
        const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
        if (fields.size() > 16)
            return fields.at(16).toInt();
    }
    return std::nullopt;
}

} // namespace clerk::testproc
