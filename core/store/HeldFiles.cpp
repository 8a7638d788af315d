#include "HeldFiles.h"

#include "core/Sha256.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace clerk::heldfiles {

namespace {

// How many "… (n).zip" are tried: a folder with a hundred copies of one Aussonderung's file is
// somebody's doing, not the clerk's; the release then waits and says why.
constexpr int kFreeNames = 100;

QString nameNumber(const QString& to, int n)
{
    if (n == 1)
        return to;
    const QString stem = to.endsWith(QLatin1String(".zip")) ? to.chopped(4) : to;
    return stem + QStringLiteral(" (%1).zip").arg(n);
}

enum class Outcome { Done, Taken, Failed };

Outcome renameNoReplace(const QString& from, const QString& to)
{
#ifdef Q_OS_UNIX
    const QByteArray src = QFile::encodeName(from), dst = QFile::encodeName(to);
#ifdef Q_OS_LINUX
    if (::renameat2(AT_FDCWD, src.constData(), AT_FDCWD, dst.constData(), RENAME_NOREPLACE) == 0)
        return Outcome::Done;
    if (errno == EEXIST)
        return Outcome::Taken;
    if (errno != EINVAL && errno != ENOSYS)
        return Outcome::Failed;
#endif
    // A file system without RENAME_NOREPLACE: a second name, then the first one goes (link()
    // refuses an existing name, a dangling link included).
    if (::link(src.constData(), dst.constData()) == 0)
        return ::unlink(src.constData()) == 0 ? Outcome::Done : Outcome::Failed;
    if (errno == EEXIST)
        return Outcome::Taken;
    if (errno != EPERM && errno != ENOTSUP && errno != EOPNOTSUPP)
        return Outcome::Failed;
    // No hard links either (FAT, some SMB mounts): look, then rename; the window between is the
    // file system's, not ours to close.
    struct stat st;
    if (::lstat(dst.constData(), &st) == 0)
        return Outcome::Taken;
    return ::rename(src.constData(), dst.constData()) == 0 ? Outcome::Done : Outcome::Failed;
#else
    const QFileInfo there(to);
    if (there.exists() || there.isSymLink())
        return Outcome::Taken;
    return QFile::rename(from, to) ? Outcome::Done : Outcome::Failed;
#endif
}

} // namespace

Inspected inspect(const QString& path)
{
    Inspected out;
    const QFileInfo info(path);
    if (!info.absoluteDir().exists()) {
        out.what = Inspected::What::FolderGone;
        return out;
    }
#ifdef Q_OS_UNIX
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        out.what = errno == ENOENT ? Inspected::What::Gone
            : errno == ELOOP       ? Inspected::What::NotOurs
                                   : Inspected::What::Unreadable;
        return out;
    }
    struct stat st;
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_nlink != 1) {
        ::close(fd);
        out.what = Inspected::What::NotOurs;
        return out;
    }
    out.device = quint64(st.st_dev);
    out.inode = quint64(st.st_ino);
    QFile file;
    if (!file.open(fd, QIODevice::ReadOnly, QFileDevice::AutoCloseHandle)) {
        ::close(fd);
        out.what = Inspected::What::Unreadable;
        return out;
    }
#else
    if (!info.exists() && !info.isSymLink()) {
        out.what = Inspected::What::Gone;
        return out;
    }
    if (info.isSymLink() || !info.isFile()) {
        out.what = Inspected::What::NotOurs;
        return out;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        out.what = Inspected::What::Unreadable;
        return out;
    }
#endif
    Sha256 sha;
    QByteArray buffer(1 << 20, Qt::Uninitialized);
    while (true) {
        const qint64 n = file.read(buffer.data(), buffer.size());
        if (n < 0) {
            out.what = Inspected::What::Unreadable;
            return out;
        }
        if (n == 0)
            break;
        sha.addData(QByteArrayView(buffer.constData(), n));
    }
    out.what = Inspected::What::Ours;
    out.digest = sha.hexResult();
    return out;
}

QString releaseUnderFreeName(const QString& from, const QString& to, QString* why)
{
    for (int n = 1; n <= kFreeNames; ++n) {
        const QString name = nameNumber(to, n);
        switch (renameNoReplace(from, name)) {
        case Outcome::Done:
            return name;
        case Outcome::Taken:
            continue;
        case Outcome::Failed:
#ifdef Q_OS_UNIX
            *why = QString::fromLocal8Bit(std::strerror(errno));
#else
            *why = QStringLiteral("rename failed");
#endif
            return {};
        }
    }
    *why = QStringLiteral("%1 names taken").arg(kFreeNames);
    return {};
}

QStringList releasedNames(const QString& to)
{
    QStringList out;
    for (int n = 1; n <= kFreeNames; ++n) {
        const QFileInfo there(nameNumber(to, n));
        if (there.exists() || there.isSymLink())
            out << there.filePath();
    }
    return out;
}

bool sameFile(const QString& path, const Inspected& seen)
{
#ifdef Q_OS_UNIX
    struct stat st;
    if (::lstat(QFile::encodeName(path).constData(), &st) != 0)
        return false;
    return quint64(st.st_dev) == seen.device && quint64(st.st_ino) == seen.inode;
#else
    Q_UNUSED(path)
    Q_UNUSED(seen)
    return true;
#endif
}

} // namespace clerk::heldfiles
