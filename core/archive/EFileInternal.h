// Shared by EFilePackage.cpp (reading and checking a package) and EFileImport.cpp (writing it
// into a store); not part of the archive's interface.
#pragma once

#include "EFilePackage.h"

#include <KZip>
#include <functional>
#include <memory>

namespace clerk::efile::detail {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(clerk::efile)
};

inline const QString kManifest = QStringLiteral("efile.xml");

inline Error refused(const QString& message, const QString& detail = {})
{
    return { Error::Invalid, message, detail };
}

// An archive whose directory, names, limits, manifest and annotations passed every check; the
// documents' bytes are still to be read (and checked) by readDocuments().
struct Inspected
{
    std::unique_ptr<KZip> zip;
    Package package;
    // What may still be inflated (Limits::maxTotalBytes less what the manifest and the
    // annotations took): every byte read from the package counts, whatever its entry claimed.
    qint64 inflatedLeft = 0;
};

Result<Inspected> inspect(const QString& zipPath, const Limits& limits);

// Each document's bytes, checked against the size and checksum of the manifest; `consume` gets
// them while they are checked (import streams them into the store; verify only hashes them).
Status readDocuments(Inspected& in, const Limits& limits, const Progress& progress,
    const std::function<Status(const DocumentEntry&, QIODevice&)>& consume);

} // namespace clerk::efile::detail
