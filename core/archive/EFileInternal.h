// Shared by EFilePackage.cpp (reading and checking a package) and EFileImport.cpp (writing it
// into a store); not part of the archive's interface.
#pragma once

#include "EFilePackage.h"
#include "core/Sha256.h"

#include <KZip>
#include <QMap>
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

// Reads an archive member and never inflates more than `limit` + 1 bytes of it, whatever its
// directory entry claims (a bomb may lie about its size): at limit + 1 it stops and says so. Every
// byte also counts against the package's budget of inflated bytes; what passes is hashed.
class BoundedReader : public QIODevice
{
public:
    BoundedReader(QIODevice* inner, qint64 limit, qint64* budget)
        : m_inner(inner)
        , m_limit(limit)
        , m_budget(budget)
    {
        open(ReadOnly);
    }
    Sha256 sha;
    qint64 total = 0;
    bool overrun = false; // more than `limit` bytes
    bool overBudget = false; // the package inflated to more than Limits::maxTotalBytes
    bool isSequential() const override { return true; }
    bool atEnd() const override { return overrun || overBudget || m_inner->atEnd(); }

protected:
    qint64 readData(char* data, qint64 max) override
    {
        if (overrun || overBudget)
            return -1;
        const qint64 n = m_inner->read(data, qMin(max, m_limit + 1 - total));
        if (n <= 0)
            return n == 0 && m_inner->atEnd() ? 0 : n;
        total += n;
        *m_budget -= n;
        if (total > m_limit)
            overrun = true;
        else if (*m_budget < 0)
            overBudget = true;
        if (overrun || overBudget)
            return -1;
        sha.addData(QByteArrayView(data, n));
        return n;
    }
    qint64 writeData(const char*, qint64) override { return -1; }

private:
    QIODevice* m_inner;
    qint64 m_limit;
    qint64* m_budget;
};

Error tooMuchInflated(const Limits& limits);

// A small member (a manifest, a message, an XFDF file) read whole through a BoundedReader: exactly
// as many bytes as its directory entry says, or a refusal.
Result<QByteArray> readSmall(
    const KArchiveFile* file, const QString& name, qint64* budget, const Limits& limits, QByteArray* sha256 = nullptr);

// An archive that passed the checks every import shares (efile and xdomea alike): one plain ZIP
// (ZipScan), safe names (no traversal, absolute paths, drive letters, backslashes, control
// characters), regular files only, no encryption, stored or deflated, each name once (also
// regardless of case), entry and total sizes and the compression ratio within the limits, and
// KZip's view of it equal to the raw directory's. Nothing of the entries' content is read yet.
struct CheckedArchive
{
    std::unique_ptr<KZip> zip;
    QMap<QString, QPair<qint64, qint64>> files; // name → size, compressed size (no folders)
};

Result<CheckedArchive> openArchive(const QString& zipPath, const Limits& limits);

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
