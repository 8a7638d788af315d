// A ZIP writer for hostile archives, byte by byte: any name, any flags, any declared size, and
// archives placed behind other bytes (`base`: where the archive starts in the file it ends up in).
#pragma once

#include <QByteArray>
#include <QList>
#include <QtEndian>

namespace clerk::testzip {

inline quint32 crc32(const QByteArray& data)
{
    quint32 c = 0xFFFFFFFFu;
    for (char ch : data) {
        c ^= quint8(ch);
        for (int k = 0; k < 8; ++k)
            c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return ~c;
}

struct RawZip
{
    struct Item
    {
        QByteArray name, data; // data as stored in the archive
        quint16 method = 0, flags = 0, madeBy = 0x031e;
        quint32 externalAttributes = 0100644u << 16;
        qint64 size = -1; // uncompressed size to declare; -1: data.size()
        quint32 crc = 0;
    };
    QList<Item> items;
    void add(const QByteArray& name, const QByteArray& data)
    {
        items << Item { name, data };
        items.last().crc = crc32(data);
    }
    QByteArray bytes(quint32 base = 0) const
    {
        QByteArray out, cd;
        auto le16 = [](QByteArray& b, quint16 v) {
            char x[2];
            qToLittleEndian(v, x);
            b.append(x, 2);
        };
        auto le32 = [](QByteArray& b, quint32 v) {
            char x[4];
            qToLittleEndian(v, x);
            b.append(x, 4);
        };
        for (const Item& it : items) {
            const quint32 offset = base + quint32(out.size());
            const quint32 usize = quint32(it.size < 0 ? it.data.size() : it.size);
            le32(out, 0x04034b50);
            le16(out, 20);
            le16(out, it.flags);
            le16(out, it.method);
            le16(out, 0);
            le16(out, 0x5921);
            le32(out, it.crc);
            le32(out, quint32(it.data.size()));
            le32(out, usize);
            le16(out, quint16(it.name.size()));
            le16(out, 0);
            out += it.name;
            out += it.data;
            le32(cd, 0x02014b50);
            le16(cd, it.madeBy);
            le16(cd, 20);
            le16(cd, it.flags);
            le16(cd, it.method);
            le16(cd, 0);
            le16(cd, 0x5921);
            le32(cd, it.crc);
            le32(cd, quint32(it.data.size()));
            le32(cd, usize);
            le16(cd, quint16(it.name.size()));
            le16(cd, 0);
            le16(cd, 0);
            le16(cd, 0);
            le16(cd, 0);
            le32(cd, it.externalAttributes);
            le32(cd, offset);
            cd += it.name;
        }
        const quint32 cdOffset = base + quint32(out.size());
        out += cd;
        le32(out, 0x06054b50);
        le16(out, 0);
        le16(out, 0);
        le16(out, quint16(items.size()));
        le16(out, quint16(items.size()));
        le32(out, quint32(cd.size()));
        le32(out, cdOffset);
        le16(out, 0);
        return out;
    }
};

inline QByteArray rawDeflate(const QByteArray& data)
{
    const QByteArray z = qCompress(data, 9); // 4-byte length, zlib header (2), deflate, adler (4)
    return z.mid(6, z.size() - 10);
}

} // namespace clerk::testzip
