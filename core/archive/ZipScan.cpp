#include "ZipScan.h"

#include <QCoreApplication>
#include <QIODevice>
#include <QtEndian>
#include <algorithm>

namespace clerk::zipscan {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(clerk::zipscan)
};

Error damaged(const QString& detail)
{
    return { Error::Invalid, Tr::tr("The package is damaged or incomplete (it may have been cut off while copying)."),
        detail };
}

Error notPlain(const QString& detail)
{
    return { Error::Invalid,
        Tr::tr("The package is not one plain ZIP archive (it has a second directory or hidden data); it is "
               "refused."),
        detail };
}

quint16 u16(const char* p)
{
    return qFromLittleEndian<quint16>(p);
}
quint32 u32(const char* p)
{
    return qFromLittleEndian<quint32>(p);
}
quint64 u64(const char* p)
{
    return qFromLittleEndian<quint64>(p);
}

} // namespace

Result<QList<RawEntry>> centralDirectory(QIODevice& zip, int maxEntries)
{
    const qint64 fileSize = zip.size();
    if (fileSize < 22)
        return damaged(QStringLiteral("shorter than an end-of-directory record"));
    // The end record sits in the last 64 KiB + 22 bytes (its comment is at most 65,535 bytes).
    const qint64 tailSize = qMin<qint64>(fileSize, 65535 + 22);
    if (!zip.seek(fileSize - tailSize))
        return damaged(QStringLiteral("seek failed"));
    const QByteArray tail = zip.read(tailSize);
    qsizetype eocd = -1;
    for (qsizetype i = tail.size() - 22; i >= 0; --i)
        if (u32(tail.constData() + i) == 0x06054b50) {
            eocd = i;
            break;
        }
    if (eocd < 0)
        return damaged(QStringLiteral("no end-of-directory record"));
    const char* e = tail.constData() + eocd;
    quint64 count = u16(e + 10);
    quint64 cdSize = u32(e + 12);
    quint64 cdOffset = u32(e + 16);
    // Where the directory must end: at the end record, or at the ZIP64 end record.
    quint64 directoryEnd = quint64(fileSize - tailSize + eocd);
    if (u16(e + 4) != 0 || u16(e + 6) != 0)
        return Error { Error::Invalid, Tr::tr("Packages split over several files are not accepted."), {} };
    if (quint64(eocd) + 22 + u16(e + 20) != quint64(tail.size()))
        return notPlain(
            QStringLiteral("%1 bytes after the end record and its comment").arg(tail.size() - eocd - 22 - u16(e + 20)));
    // ZIP64: the locator is just before the end record.
    if (eocd >= 20 && u32(e - 20) == 0x07064b50) {
        const quint64 at = u64(e - 20 + 8);
        if (at + 56 > quint64(fileSize) || !zip.seek(qint64(at)))
            return damaged(QStringLiteral("ZIP64 record outside the file"));
        const QByteArray z = zip.read(56);
        if (z.size() < 56 || u32(z.constData()) != 0x06064b50)
            return damaged(QStringLiteral("no ZIP64 end record"));
        count = u64(z.constData() + 32);
        cdSize = u64(z.constData() + 40);
        cdOffset = u64(z.constData() + 48);
        directoryEnd = at;
    }
    if (count > quint64(maxEntries))
        return Error { Error::Invalid,
            Tr::tr("The package has %1 entries; at most %2 are accepted.").arg(count).arg(maxEntries), {} };
    if (cdOffset + cdSize > quint64(fileSize) || cdSize > 64u * 1024 * 1024)
        return damaged(QStringLiteral("central directory outside the file"));
    if (cdOffset + cdSize != directoryEnd)
        return notPlain(QStringLiteral("central directory ends at %1, the end record is at %2")
                .arg(cdOffset + cdSize)
                .arg(directoryEnd));
    if (!zip.seek(qint64(cdOffset)))
        return damaged(QStringLiteral("seek failed"));
    const QByteArray cd = zip.read(qint64(cdSize));
    if (quint64(cd.size()) != cdSize)
        return damaged(QStringLiteral("central directory cut off"));
    QList<RawEntry> out;
    qsizetype p = 0;
    for (quint64 i = 0; i < count; ++i) {
        if (p + 46 > cd.size() || u32(cd.constData() + p) != 0x02014b50)
            return damaged(QStringLiteral("central directory entry %1 broken").arg(i));
        const char* h = cd.constData() + p;
        RawEntry r;
        r.madeBy = u16(h + 4);
        r.flags = u16(h + 8);
        r.method = u16(h + 10);
        r.compressedSize = u32(h + 20);
        r.size = u32(h + 24);
        r.localHeaderOffset = u32(h + 42);
        const quint16 nameLen = u16(h + 28), extraLen = u16(h + 30), commentLen = u16(h + 32);
        r.externalAttributes = u32(h + 38);
        if (p + 46 + nameLen + extraLen + commentLen > cd.size())
            return damaged(QStringLiteral("central directory entry %1 cut off").arg(i));
        r.name = cd.mid(p + 46, nameLen);
        // ZIP64 extra field: the real sizes when the 32-bit ones say 0xFFFFFFFF.
        const char* x = h + 46 + nameLen;
        for (qsizetype q = 0; q + 4 <= extraLen;) {
            const quint16 id = u16(x + q), len = u16(x + q + 2);
            if (q + 4 + len > extraLen)
                break;
            if (id == 0x0001) {
                qsizetype f = q + 4;
                if (r.size == 0xFFFFFFFFu && f + 8 <= q + 4 + len) {
                    r.size = u64(x + f);
                    f += 8;
                }
                if (r.compressedSize == 0xFFFFFFFFu && f + 8 <= q + 4 + len) {
                    r.compressedSize = u64(x + f);
                    f += 8;
                }
                if (r.localHeaderOffset == 0xFFFFFFFFu && f + 8 <= q + 4 + len)
                    r.localHeaderOffset = u64(x + f);
            }
            q += 4 + len;
        }
        out << r;
        p += 46 + nameLen + extraLen + commentLen;
    }
    if (p != cd.size())
        return notPlain(QStringLiteral("%1 bytes of the central directory belong to no entry").arg(cd.size() - p));
    // Every byte before the directory belongs to exactly one entry, in order from the first byte:
    // each local header is where the directory says and names the same file, and its data ends
    // where the next entry (or the directory) begins. No second archive, directory or end record
    // hides in front or in between, so that any reader finds the entries checked here.
    QList<const RawEntry*> byOffset;
    for (const RawEntry& r : std::as_const(out))
        byOffset << &r;
    std::sort(byOffset.begin(), byOffset.end(),
        [](const RawEntry* a, const RawEntry* b) { return a->localHeaderOffset < b->localHeaderOffset; });
    quint64 expected = 0;
    for (const RawEntry* r : std::as_const(byOffset)) {
        const QString name = QString::fromUtf8(r->name);
        if (r->localHeaderOffset != expected)
            return notPlain(QStringLiteral("%1 starts at %2, the entry before ends at %3")
                    .arg(name)
                    .arg(r->localHeaderOffset)
                    .arg(expected));
        if (!zip.seek(qint64(r->localHeaderOffset)))
            return damaged(QStringLiteral("seek failed"));
        const QByteArray local = zip.read(30 + r->name.size());
        if (local.size() != 30 + r->name.size() || u32(local.constData()) != 0x04034b50
            || u16(local.constData() + 26) != r->name.size() || local.mid(30) != r->name)
            return notPlain(QStringLiteral("local header of %1 missing or naming another file").arg(name));
        if (r->compressedSize > quint64(fileSize)) // (and the sum below cannot wrap around)
            return damaged(QStringLiteral("%1 claims more bytes than the file has").arg(name));
        quint64 next = r->localHeaderOffset + 30 + r->name.size() + u16(local.constData() + 28) + r->compressedSize;
        if (r->flags & 0x8) { // a data descriptor follows the data: with or without its signature
            if (next + 4 > cdOffset || !zip.seek(qint64(next)))
                return notPlain(QStringLiteral("data descriptor of %1 missing").arg(name));
            const QByteArray signature = zip.read(4);
            const bool zip64 = r->size >= 0xFFFFFFFFu || r->compressedSize >= 0xFFFFFFFFu;
            next += (signature.size() == 4 && u32(signature.constData()) == 0x08074b50 ? 4 : 0) + (zip64 ? 20 : 12);
        }
        if (next > cdOffset)
            return notPlain(QStringLiteral("%1 runs into the central directory").arg(name));
        expected = next;
    }
    if (expected != cdOffset)
        return notPlain(
            QStringLiteral("%1 bytes between the last entry and the central directory").arg(cdOffset - expected));
    return out;
}

} // namespace clerk::zipscan
