// Shared by XdomeaPackage.cpp (reading and checking a package) and XdomeaImport.cpp (writing it
// into a store); not part of the interface.
#pragma once

#include "XdomeaPackage.h"
#include "XdomeaParser.h" // (Tr, refused)
#include "core/archive/EFileInternal.h"
#include "core/domain/Domain.h"

#include <functional>

namespace clerk::xdomea::detail {

// A package whose archive, message and file list passed every check; the files' bytes are still
// to be read by readFiles().
struct Inspected
{
    std::unique_ptr<KZip> zip;
    QMap<QString, QPair<qint64, qint64>> sizes; // every entry: size, compressed size
    Package package;
    qint64 inflatedLeft = 0; // what each reading of the files may inflate (Limits::maxTotalBytes less the message)
};

Result<Inspected> inspect(const QString& zipPath, const efile::Limits& limits);

// The one message entry of a checked archive ({ProzessID}_{Nachricht}.xml; none or two are
// refused), read whole within limits.maxManifestBytes; its name in `name`.
Result<QByteArray> readMessageEntry(const efile::detail::CheckedArchive& archive, const efile::Limits& limits,
    QString* name, qint64* budget, QByteArray* sha256 = nullptr);

// Every named file, in the message's order, read bounded by its directory size and hashed; the
// first call records each file's SHA-256 in package.files, a second one insists on the same
// bytes. `consume` gets the bytes while they are checked.
Status readFiles(Inspected& in, const efile::Limits& limits, const efile::Progress& progress,
    const std::function<Status(const QString& name, QIODevice&)>& consume);

// For tests: how many files readFiles() has read (decompressed) in this process, and how many bytes.
struct Readings
{
    qint64 files = 0;
    qint64 bytes = 0;
};
Readings readingsSoFar();

// The PDF whose annotations the XFDF file `xfdf` of `d` holds (FileRef::annotations): the first
// PDF of its Version.
QString pdfOf(const DocumentInfo& d, const FileRef& xfdf);

// The annotations of the message: per XFDF file (by name), and the pages of each PDF that carries
// some (absent: not counted, too large or unreadable here; its annotations are not held to them).
struct Annotations
{
    QHash<QString, QList<Annotation>> ofXfdf;
    QHash<QString, int> pagesOfPdf;
};

// The first reading of the files (readFiles: every one hashed), which also reads each XFDF file
// beside a PDF as hostile XML (pdf::Xfdf: no DTD, no entities; size, count, depth and every number
// bounded) as soon as it is read, keeping its annotations, not its bytes, and counts the pages of
// its PDF. An XFDF file that is too large or cannot be read, or XFDF files above the message's
// limits (kMaxAnnotationBytes, kMaxAnnotations) refuse the message (Error::Invalid), before
// anything is written. (XdomeaAnnotations.cpp)
// What one message may carry in annotations, all its XFDF files together: their bytes (checked
// from the package's directory before any is read) and the annotations read from them.
constexpr qint64 kMaxAnnotationBytes = qint64(64) << 20;
constexpr int kMaxAnnotations = 50000;

Result<Annotations> readAnnotations(Inspected& in, const efile::Limits& limits, const efile::Progress& progress);

} // namespace clerk::xdomea::detail
