// Fuzz target: e-file package import checks. The first byte chooses what the rest is: 0 a whole
// ZIP file (central directory, names, sizes, KZip), 1 the manifest XML alone, wrapped into a
// well-formed package (schema validation and parsing). Small limits keep runs fast.
#include "core/archive/EFilePackage.h"

#include <QCoreApplication>
#include <QFile>
#include <QTemporaryDir>
#include <QtEndian>
#include <cstddef>
#include <cstdint>

namespace {

QByteArray storedZip(const QByteArray& name, const QByteArray& data)
{
    // One stored entry; the CRC is left 0 (import never trusts it; the SHA-256 in the manifest counts).
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
    le32(out, 0x04034b50);
    le16(out, 20);
    le16(out, 0);
    le16(out, 0);
    le16(out, 0);
    le16(out, 0);
    le32(out, 0);
    le32(out, quint32(data.size()));
    le32(out, quint32(data.size()));
    le16(out, quint16(name.size()));
    le16(out, 0);
    out += name + data;
    le32(cd, 0x02014b50);
    le16(cd, 0x031e);
    le16(cd, 20);
    le16(cd, 0);
    le16(cd, 0);
    le16(cd, 0);
    le16(cd, 0);
    le32(cd, 0);
    le32(cd, quint32(data.size()));
    le32(cd, quint32(data.size()));
    le16(cd, quint16(name.size()));
    le16(cd, 0);
    le16(cd, 0);
    le16(cd, 0);
    le16(cd, 0);
    le32(cd, 0100644u << 16);
    le32(cd, 0);
    cd += name;
    const quint32 at = quint32(out.size());
    out += cd;
    le32(out, 0x06054b50);
    le16(out, 0);
    le16(out, 0);
    le16(out, 1);
    le16(out, 1);
    le32(out, quint32(cd.size()));
    le32(out, at);
    le16(out, 0);
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static int argc = 1;
    static char name[] = "fuzz_efile";
    static char* argv[] = { name, nullptr };
    static QCoreApplication* app = QCoreApplication::instance() ? nullptr : new QCoreApplication(argc, argv);
    Q_UNUSED(app);
    static QTemporaryDir dir;
    if (size < 1)
        return 0;
    const QByteArray rest(reinterpret_cast<const char*>(data) + 1, qsizetype(size - 1));
    const QByteArray zip = data[0] % 2 == 0 ? rest : storedZip("efile.xml", rest);
    QFile f(dir.filePath(QStringLiteral("input.zip")));
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(zip) != zip.size())
        return 0;
    f.close();
    clerk::efile::Limits limits;
    limits.maxEntries = 64;
    limits.maxEntryBytes = 1 << 20;
    limits.maxTotalBytes = 4 << 20;
    limits.maxManifestBytes = 1 << 20;
    auto p = clerk::efile::verify(f.fileName(), limits);
    if (p && p->documents.size() > 64)
        __builtin_trap(); // never more documents than entries allowed
    return 0;
}
