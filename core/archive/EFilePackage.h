// A request's whole e-file as one ZIP package, for handing it to another authority, the archive,
// or a colleague without the backend: efile.xml (manifest after XDOMEA, schema efile-1.xsd) plus
// the documents as content/<uuid>.<ext>, stored, with SHA-256 each.
//
// Packages from outside are hostile until proven otherwise: verify() reads the central directory
// itself and refuses traversal, absolute paths, drive letters, links and other non-regular
// entries, duplicate or case-colliding names, too many or too large entries, bomb-like
// compression ratios, encryption, truncation, an invalid manifest, checksum mismatches, missing
// and unreferenced files — each with its own message. import writes nothing unless everything
// checks out, and then all in one transaction. Nothing is ever extracted to disk.
#pragma once

#include "core/Result.h"
#include "core/domain/Domain.h"

#include <QCoreApplication>
#include <functional>

namespace clerk {

class Store;

namespace efile {

// The most a package may unpack to, all entries together: 8 GiB. A ClerkDesk package stores its
// documents as they are (a package of at most 4 GiB, kMaxPackageBytes, holds at most ~4 GiB of
// them) and deflates only its XML; twice the package limit leaves room for a package another
// system made with deflated documents, and still bounds what a lying or bomb-like package can
// make the import read and write. Counted twice: the sizes the directory claims, before anything
// is read, and the bytes actually inflated, while they are read.
inline constexpr qint64 kMaxInflatedBytes = qint64(8) << 30;

struct Limits
{
    int maxEntries = 10000;
    qint64 maxEntryBytes = qint64(2) << 30; // 2 GiB
    qint64 maxTotalBytes = kMaxInflatedBytes; // all entries together, inflated
    qint64 maxManifestBytes = 16 << 20; // 16 MiB
    int maxRatio = 100; // uncompressed : compressed, for entries above 1 MiB
};

struct DocumentEntry
{
    Document document;
    QString file; // content/<uuid>.<ext>
    // The document's annotations as XFDF (content/<uuid>.xfdf), empty when it has none.
    QString annotationsFile;
    QByteArray annotationsSha256; // hex
};

struct Package
{
    Request request;
    QList<DocumentEntry> documents;
    QList<Note> notes;
    QList<Annotation> annotations;
    QList<TimelineEvent> timeline;
    QDateTime created;
    QString sender;
};

// done/total in bytes; return false to cancel.
using Progress = std::function<bool(qint64 done, qint64 total)>;

// The XSD every manifest is validated against.
QByteArray schema();

// The largest package written or read: 4 GiB, the classic ZIP limit. KArchive's KZip neither
// writes ZIP64 records (offsets beyond 4 GiB come out truncated) nor reads them, so a larger
// e-file is refused with a message instead of being written or read wrongly.
inline constexpr qint64 kMaxPackageBytes = 0xFFFFFFFFLL;

// `maxPackageBytes`: for tests of the size refusal; leave it.
Status exportRequest(Store& store, const QString& requestId, const QString& zipPath, const Progress& progress = {},
    qint64 maxPackageBytes = kMaxPackageBytes);

// Everything import checks, without touching a store; the package's content on success.
Result<Package> verify(const QString& zipPath, const Limits& limits = {}, const Progress& progress = {});

enum class IfExists {
    Refuse, // say so and change nothing (the app then asks the clerk)
    Merge, // keep the local request; add documents, notes and annotations it does not have
    KeepBoth, // import as a separate request with new ids and the reference marked as imported
};

struct ImportResult
{
    QString requestId;
    int documents = 0, notes = 0, annotations = 0;
};

// Error::AlreadyExists when the request exists and `ifExists` is Refuse.
Result<ImportResult> importPackage(Store& store, const QString& zipPath, IfExists ifExists, const QString& actor,
    const Limits& limits = {}, const Progress& progress = {});

} // namespace efile
} // namespace clerk
