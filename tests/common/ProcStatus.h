// A field of /proc/self/status in KiB ("VmRSS:", "VmHWM:"), -1 when unreadable.
#pragma once

#include <QFile>

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

} // namespace clerk::testproc
