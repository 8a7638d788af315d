// Reads a ZIP file's central directory as it is on disk, before any archive library interprets
// (and possibly normalises) the names: raw names, flags, sizes and the file type bits, so that a
// hostile package is recognised for what it is. ZIP64 sizes and offsets are understood.
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QList>

class QIODevice;

namespace clerk::zipscan {

struct RawEntry
{
    QByteArray name; // as stored (UTF-8 when flag bit 11, else CP437; we only accept ASCII-safe names)
    quint16 flags = 0;
    quint16 method = 0; // 0 stored, 8 deflated
    quint16 madeBy = 0; // upper byte: host system (3 = Unix)
    quint32 externalAttributes = 0;
    quint64 compressedSize = 0;
    quint64 size = 0;
    quint64 localHeaderOffset = 0;
    bool encrypted() const { return flags & 0x1; }
    // Unix file type from the external attributes (0 when the creator did not say).
    quint32 unixType() const { return (madeBy >> 8) == 3 ? (externalAttributes >> 16) & 0170000 : 0; }
    bool isDirectory() const { return name.endsWith('/'); }
};

// Error::Invalid with a clerk-readable message when the directory is missing or cut off, or when
// the file is not one plain archive: a directory that does not end where the end record begins
// (a second directory, two end records, data hidden between them), entries that do not fill the
// directory exactly, or an entry whose local header is missing or names another file. Another
// reader (KZip) that finds the first of two directories then reads what this scan checked.
Result<QList<RawEntry>> centralDirectory(QIODevice& zip, int maxEntries);

} // namespace clerk::zipscan
