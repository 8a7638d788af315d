#include "ZipScan.h"

#include <QCoreApplication>
#include <QIODevice>
#include <QtEndian>

namespace clerk::zipscan {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(clerk::zipscan)
};

Error damaged(const QString& detail)
{
    return {Error::Invalid, Tr::tr("The package is damaged or incomplete (it may have been cut off while copying)."),
            detail};
}

quint16 u16(const char* p) { return qFromLittleEndian<quint16>(p); }
quint32 u32(const char* p) { return qFromLittleEndian<quint32>(p); }
quint64 u64(const char* p) { return qFromLittleEndian<quint64>(p); }

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
    if (u16(e + 4) != 0 || u16(e + 6) != 0)
        return Error{Error::Invalid, Tr::tr("Packages split over several files are not accepted."), {}};
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
    }
    if (count > quint64(maxEntries))
        return Error{Error::Invalid,
                     Tr::tr("The package has %1 entries; at most %2 are accepted.").arg(count).arg(maxEntries), {}};
    if (cdOffset + cdSize > quint64(fileSize) || cdSize > 64u * 1024 * 1024)
        return damaged(QStringLiteral("central directory outside the file"));
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
                if (r.compressedSize == 0xFFFFFFFFu && f + 8 <= q + 4 + len)
                    r.compressedSize = u64(x + f);
            }
            q += 4 + len;
        }
        out << r;
        p += 46 + nameLen + extraLen + commentLen;
    }
    return out;
}

} // namespace clerk::zipscan
