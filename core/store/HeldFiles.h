// The file side of a message for the archive that waits for the server (ArchivingRecords): what
// is at its held name, and its release under a name nothing else has. The checks are those of a
// file somebody else may write into the same folder (a shared drive): a link or a second name at
// the held path is not the file ClerkDesk wrote, and a release never writes through or over
// anything that is in the way.
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace clerk::heldfiles {

struct Inspected
{
    enum class What {
        Ours, // a regular file with one name; `digest` holds its SHA-256 (hex)
        Gone, // nothing at the path, in a folder that is there
        FolderGone, // the folder itself cannot be reached (not mounted, removed)
        NotOurs, // a link, a folder, a pipe, a file with a second name (hard link)
        Unreadable, // there, but it cannot be read now (locked, no permission)
    };
    What what = What::Gone;
    QByteArray digest;
    // The file hashed stays open while this lives (so that its inode is not reused by another file
    // before sameFile() compares): -1 where there is none.
    int handle = -1;

    Inspected() = default;
    Inspected(Inspected&& other) noexcept;
    Inspected& operator=(Inspected&& other) noexcept;
    Inspected(const Inspected&) = delete;
    Inspected& operator=(const Inspected&) = delete;
    ~Inspected();
};

Inspected inspect(const QString& path);

// Renames `from` to `to`, or to the next free "… (n).zip" after it: an existing name (a file, a
// folder, a link, even one that points nowhere) is never replaced or written through. Returns the
// name it got, or an empty string when the folder refused (`why` says how).
QString releaseUnderFreeName(const QString& from, const QString& to, QString* why);

// The names releaseUnderFreeName may have given (`to`, "… (2).zip", …) that exist now, in order.
QStringList releasedNames(const QString& to);

// Renames `from` to `to` only if nothing (not even a link that points nowhere) has that name: the
// last step of writing a package. False with `why` when the name is taken or the rename failed.
bool placeUnder(const QString& from, const QString& to, QString* why);

// Moves a file that is not the clerk's out of the way of the name the archive is sent under, to
// the next free "<path>.not-released" name; the name it got, or empty.
QString setAside(const QString& path);

// Whether `path` is the file `seen` holds open (same device and inode; true where there are none).
bool sameFile(const QString& path, const Inspected& seen);

} // namespace clerk::heldfiles
