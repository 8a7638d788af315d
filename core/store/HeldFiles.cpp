#include "HeldFiles.h"

#include "core/Sha256.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <cstring>
#include <functional>
#include <utility>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <cstdio>
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

// What a rename came to, and the system's reason when it failed (read where it failed).
struct Renamed
{
    Outcome outcome;
    int error = 0;
};

Renamed renameNoReplace(const QString& from, const QString& to)
{
#ifdef Q_OS_UNIX
    const QByteArray src = QFile::encodeName(from), dst = QFile::encodeName(to);
#ifdef Q_OS_LINUX
    if (::renameat2(AT_FDCWD, src.constData(), AT_FDCWD, dst.constData(), RENAME_NOREPLACE) == 0)
        return { Outcome::Done };
    if (errno == EEXIST)
        return { Outcome::Taken };
    if (errno != EINVAL && errno != ENOSYS)
        return { Outcome::Failed, errno };
#endif
    // A file system without RENAME_NOREPLACE: a second name, then the first one goes (link()
    // refuses an existing name, a dangling link included).
    if (::link(src.constData(), dst.constData()) == 0) {
        if (::unlink(src.constData()) == 0)
            return { Outcome::Done };
        // The first name cannot go (a share that lets create but not delete): the second goes
        // again, or the next look would find a file with two names and take it for somebody's.
        const int error = errno;
        ::unlink(dst.constData());
        return { Outcome::Failed, error };
    }
    if (errno == EEXIST)
        return { Outcome::Taken };
    if (errno != EPERM && errno != ENOTSUP && errno != EOPNOTSUPP)
        return { Outcome::Failed, errno };
    // No hard links either (FAT, some SMB mounts): look, then rename; the window between is the
    // file system's, not ours to close.
    struct stat st;
    if (::lstat(dst.constData(), &st) == 0)
        return { Outcome::Taken };
    if (::rename(src.constData(), dst.constData()) == 0)
        return { Outcome::Done };
    return { Outcome::Failed, errno };
#else
    // (Windows: MoveFileEx without MOVEFILE_REPLACE_EXISTING underneath; a file appearing between
    // the look and the move is not closed off here.)
    const QFileInfo there(to);
    if (there.exists() || there.isSymLink())
        return { Outcome::Taken };
    return { QFile::rename(from, to) ? Outcome::Done : Outcome::Failed };
#endif
}

QString nextFree(const QString& from, const QString& base, const std::function<QString(int)>& name, QString* why)
{
    for (int n = 1; n <= kFreeNames; ++n) {
        const Renamed r = renameNoReplace(from, name(n));
        if (r.outcome == Outcome::Done)
            return name(n);
        if (r.outcome == Outcome::Failed) {
            if (why)
                *why = r.error ? QString::fromLocal8Bit(std::strerror(r.error)) : QStringLiteral("rename failed");
            return {};
        }
    }
    if (why)
        *why = QStringLiteral("%1 names taken after %2").arg(kFreeNames).arg(base);
    return {};
}

} // namespace

Inspected::Inspected(Inspected&& other) noexcept
    : what(other.what)
    , digest(std::move(other.digest))
    , handle(std::exchange(other.handle, -1))
{ }

Inspected& Inspected::operator=(Inspected&& other) noexcept
{
    std::swap(what, other.what);
    std::swap(digest, other.digest);
    std::swap(handle, other.handle);
    return *this;
}

Inspected::~Inspected()
{
#ifdef Q_OS_UNIX
    if (handle >= 0)
        ::close(handle);
#endif
}

Inspected inspect(const QString& path)
{
    Inspected out;
    const QFileInfo info(path);
    if (!info.absoluteDir().exists()) {
        out.what = Inspected::What::FolderGone;
        return out;
    }
#ifdef Q_OS_UNIX
    // O_NONBLOCK: a pipe put in its place does not hold the sync until somebody writes into it.
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        out.what = errno == ENOENT ? Inspected::What::Gone
            : errno == ELOOP       ? Inspected::What::NotOurs
                                   : Inspected::What::Unreadable;
        return out;
    }
    out.handle = fd;
    struct stat st;
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_nlink != 1) {
        out.what = Inspected::What::NotOurs;
        return out;
    }
    QFile file;
    if (!file.open(fd, QIODevice::ReadOnly, QFileDevice::DontCloseHandle)) {
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
    return nextFree(from, to, [&to](int n) { return nameNumber(to, n); }, why);
}

bool placeUnder(const QString& from, const QString& to, QString* why)
{
    const Renamed r = renameNoReplace(from, to);
    if (r.outcome == Outcome::Done)
        return true;
    *why = r.outcome == Outcome::Taken ? QStringLiteral("a file of that name is in the way")
        : r.error                      ? QString::fromLocal8Bit(std::strerror(r.error))
                                       : QStringLiteral("rename failed");
    return false;
}

QString setAside(const QString& path)
{
    return nextFree(
        path, path,
        [&path](int n) {
            return path + (n == 1 ? QStringLiteral(".not-released") : QStringLiteral(".not-released-%1").arg(n));
        },
        nullptr);
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
    struct stat there, held;
    if (seen.handle < 0 || ::fstat(seen.handle, &held) != 0
        || ::lstat(QFile::encodeName(path).constData(), &there) != 0)
        return false;
    return there.st_dev == held.st_dev && there.st_ino == held.st_ino;
#else
    Q_UNUSED(path)
    Q_UNUSED(seen)
    return true;
#endif
}

} // namespace clerk::heldfiles
