// E-file packages whose sizes lie (built byte by byte): a manifest that inflates beyond its
// directory entry (memory measured), sizes that do not match, two archives in one file, more bytes
// than a package may unpack to; and the message clerkdesk-cli shows. After every refusal the store
// and the content folder are exactly as before.
#include "../common/ProcStatus.h"
#include "EFileImportFixture.h"
#include "core/archive/EFilePackage.h"
#include "core/domain/Json.h"
#include "core/pdf/Xfdf.h"
#include "core/store/ContentFiles.h"
#include "core/store/DocumentCache.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"

#include <KZip>
#include <QBuffer>
#include <QCryptographicHash>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>
#include <QXmlStreamWriter>
#include <zlib.h>

using namespace clerk;
using namespace clerk::efiletest;

namespace {

// A raw deflate stream of `size` zero bytes, made in pieces (the test never holds them whole).
QByteArray deflatedZeros(qint64 size, quint32* crc)
{
    z_stream z {};
    if (deflateInit2(&z, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return {};
    const QByteArray zeros(1 << 20, '\0');
    QByteArray out, buffer(1 << 16, Qt::Uninitialized);
    uLong c = ::crc32(0L, Z_NULL, 0);
    for (qint64 left = size; left >= 0; left -= zeros.size()) {
        const qint64 n = qMin<qint64>(left, zeros.size());
        c = ::crc32(c, reinterpret_cast<const Bytef*>(zeros.constData()), uInt(n));
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zeros.constData()));
        z.avail_in = uInt(n);
        const int flush = left <= zeros.size() ? Z_FINISH : Z_NO_FLUSH;
        int rc = Z_OK;
        do {
            z.next_out = reinterpret_cast<Bytef*>(buffer.data());
            z.avail_out = uInt(buffer.size());
            rc = deflate(&z, flush);
            out.append(buffer.constData(), buffer.size() - qsizetype(z.avail_out));
        } while (z.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
        if (flush == Z_FINISH)
            break;
    }
    deflateEnd(&z);
    *crc = quint32(c);
    return out;
}

// The process's peak resident memory (VmHWM) in KiB, -1 when unreadable. resetPeak() sets it back
// to the current resident size (writing "5" to /proc/self/clear_refs, Linux 4.0 and later), so
// that a peak measured afterwards is this case's, not that of an earlier case in the process.
qint64 peakKiB()
{
    return testproc::statusKiB("VmHWM:");
}

bool resetPeak()
{
    QFile f(QStringLiteral("/proc/self/clear_refs"));
    return f.open(QIODevice::WriteOnly) && f.write("5") == 1 && f.flush();
}

qint64 residentKiB()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : f.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    return -1;
}

} // namespace

class TestEFileImportSizes : public EFileImportFixture
{
    Q_OBJECT
private Q_SLOTS:
    void manifestInflatesBeyondItsDirectoryEntry();
    void sizeMismatch_data();
    void sizeMismatch();
    void twoArchivesInOneFile_data();
    void twoArchivesInOneFile();
    void totalInflatedSizeOverTheCap();
    void cliShowsTheMessage();
};

void TestEFileImportSizes::manifestInflatesBeyondItsDirectoryEntry()
{
    // efile.xml claims 4,000 bytes and inflates to 256 MiB: read no further than 4,001 bytes.
    quint32 crc = 0;
    const qint64 inflated = qint64(256) << 20;
    RawZip z;
    z.add("efile.xml", deflatedZeros(inflated, &crc));
    QVERIFY(z.items.last().data.size() > 1000);
    z.items.last().method = 8;
    z.items.last().size = 4000;
    z.items.last().crc = crc;
    const QString path = writeFile(QStringLiteral("manifest-bomb.zip"), z.bytes());
    // The process's peak, reset to what is resident now: ru_maxrss would keep the peak of any
    // earlier case (and of building the bomb above), hiding what this import takes.
    z = {};
    QVERIFY2(resetPeak(), "/proc/self/clear_refs cannot reset the peak");
    const qint64 peakBefore = peakKiB();
    QVERIFY(peakBefore > 0);
    QVERIFY(peakBefore <= residentKiB() + 1024); // the reset took
    expectRefused(path, QStringLiteral("\"efile.xml\" holds more data than announced"));
    const qint64 grew = peakKiB() - peakBefore;
    qInfo() << "peak memory grew by" << grew << "KiB while refusing a manifest that inflates to" << (inflated >> 20)
            << "MiB";
    QVERIFY2(grew < 64 * 1024, qPrintable(QStringLiteral("peak grew by %1 KiB").arg(grew)));
    QVERIFY(!efile::verify(path).ok());
}

void TestEFileImportSizes::sizeMismatch_data()
{
    QTest::addColumn<QByteArray>("zip");
    QTest::addColumn<QString>("words");
    const QByteArray bytes = bytesOf(1, 20000);
    PackageSpec p;
    p.documents = { { uuid(1), bytes, {} } };
    {
        // The manifest says one byte less than the directory (and than the bytes).
        PackageSpec q = p;
        q.documents.first().manifestSize = bytes.size() - 1;
        QTest::newRow("manifest vs directory")
            << rawPackage(q).bytes() << QStringLiteral("by the package's directory, the manifest says");
    }
    {
        // Directory and manifest agree; the deflated entry inflates to 500 bytes more.
        RawZip z = rawPackage(p);
        z.items.last().data = testzip::rawDeflate(bytes + QByteArray(500, 'x'));
        z.items.last().method = 8;
        z.items.last().size = bytes.size();
        QTest::newRow("inflates to more") << z.bytes() << QStringLiteral("holds more data than announced");
    }
    {
        // ... or to 500 bytes fewer.
        RawZip z = rawPackage(p);
        z.items.last().data = testzip::rawDeflate(bytes.left(bytes.size() - 500));
        z.items.last().method = 8;
        z.items.last().size = bytes.size();
        QTest::newRow("inflates to fewer")
            << z.bytes()
            << QStringLiteral("has %1 bytes, the manifest says %2").arg(bytes.size() - 500).arg(bytes.size());
    }
}

void TestEFileImportSizes::sizeMismatch()
{
    QFETCH(QByteArray, zip);
    QFETCH(QString, words);
    const QString tag = QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-'));
    const QString path = writeFile(QStringLiteral("size-%1.zip").arg(tag), zip);
    expectRefused(path, words);
    QVERIFY(!efile::verify(path).ok());
}

void TestEFileImportSizes::twoArchivesInOneFile_data()
{
    QTest::addColumn<QByteArray>("zip");
    // What one reader finds need not be what another finds: a harmless package in front, another
    // behind it (its offsets counted from the start of the file), or a second directory and end
    // record after the first.
    PackageSpec harmless;
    harmless.documents = { { uuid(1), bytesOf(1), {} } };
    PackageSpec other;
    other.documents = { { kOtherDocument, bytesOf(2), {} } };
    const QByteArray front = rawPackage(harmless).bytes();
    QTest::newRow("two archives") << front + rawPackage(other).bytes(quint32(front.size()));
    const QByteArray otherFront = rawPackage(other).bytes();
    QTest::newRow("two archives, reversed") << otherFront + rawPackage(harmless).bytes(quint32(otherFront.size()));
    {
        // One run of entries, two directories and end records after it: the first directory
        // lists the harmless manifest and document, the last one (found from the end) the others.
        RawZip all = rawPackage(harmless);
        for (const RawZip::Item& item : rawPackage(other).items)
            all.items << item;
        const QByteArray bytes = all.bytes();
        const quint32 entries = qFromLittleEndian<quint32>(bytes.constData() + bytes.size() - 6);
        QList<QByteArray> records; // the directory's record of each item, in order
        for (qsizetype at = entries, i = 0; i < all.items.size(); ++i) {
            const qsizetype length = 46 + all.items.at(i).name.size();
            records << bytes.mid(at, length);
            at += length;
        }
        auto endRecord = [](quint16 count, quint32 size, quint32 offset) {
            QByteArray e(22, '\0');
            qToLittleEndian(quint32(0x06054b50), e.data());
            qToLittleEndian(count, e.data() + 8);
            qToLittleEndian(count, e.data() + 10);
            qToLittleEndian(size, e.data() + 12);
            qToLittleEndian(offset, e.data() + 16);
            return e;
        };
        const QByteArray first = records.at(0) + records.at(1), last = records.at(2) + records.at(3);
        QByteArray file = bytes.left(entries) + first + endRecord(2, quint32(first.size()), entries);
        file += last + endRecord(2, quint32(last.size()), quint32(file.size()));
        QTest::newRow("two directories") << file;
    }
}

void TestEFileImportSizes::twoArchivesInOneFile()
{
    QFETCH(QByteArray, zip);
    const QString tag = QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-'));
    const QString path = writeFile(QStringLiteral("two-%1.zip").arg(tag).remove(QLatin1Char(',')), zip);
    expectRefused(path, QStringLiteral("not one plain ZIP archive"));
    QVERIFY(!efile::verify(path).ok());
}

void TestEFileImportSizes::totalInflatedSizeOverTheCap()
{
    // Limits::maxTotalBytes (kMaxInflatedBytes: 8 GiB) lowered to 48 KiB for a package that
    // unpacks to ~60 KiB.
    QCOMPARE(efile::Limits().maxTotalBytes, efile::kMaxInflatedBytes);
    QVERIFY(efile::kMaxInflatedBytes >= efile::kMaxPackageBytes);
    PackageSpec p;
    p.documents = { { uuid(1), bytesOf(1, 30000), {} }, { uuid(2), bytesOf(2, 30000), {} } };
    efile::Limits limits;
    limits.maxTotalBytes = 48 << 10;
    const QString path = build(p, QStringLiteral("too-much.zip"));
    expectRefused(path, QStringLiteral("accepted 0 MiB"), efile::IfExists::Refuse, limits);
    QVERIFY(!efile::verify(path, limits).ok());
    // Within the cap the same package imports.
    limits.maxTotalBytes = 1 << 20;
    QVERIFY(efile::importPackage(*m_store, path, efile::IfExists::Refuse, QStringLiteral("k.becker"), limits).ok());
}

void TestEFileImportSizes::cliShowsTheMessage()
{
    PackageSpec p;
    p.documents = { { kOtherDocument, bytesOf(1), {} } };
    const QString path = build(p, QStringLiteral("cli.zip"));
    m_store->lock();
    QProcess cli;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("CLERKDESK_PASSPHRASE"), QStringLiteral("import-test-passphrase"));
    cli.setProcessEnvironment(env);
    cli.start(QStringLiteral(CLERKDESK_CLI_PATH),
        { QStringLiteral("efile"), QStringLiteral("import"), QStringLiteral("--db"),
            m_dir->filePath(QStringLiteral("profile.db")), path });
    QVERIFY(cli.waitForFinished(60000));
    const QString err = QString::fromUtf8(cli.readAllStandardError());
    QCOMPARE(cli.exitCode(), 2);
    QVERIFY2(err.contains(QLatin1String(
                 "a document whose id belongs to another request (STU-2026-000777); nothing was imported")),
        qPrintable(err));
    // Keep both from the command line: imported under new ids.
    cli.start(QStringLiteral(CLERKDESK_CLI_PATH),
        { QStringLiteral("efile"), QStringLiteral("import"), QStringLiteral("--db"),
            m_dir->filePath(QStringLiteral("profile.db")), path, QStringLiteral("--keep-both") });
    QVERIFY(cli.waitForFinished(60000));
    QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
    QVERIFY(m_store->unlock("import-test-passphrase"));
    QCOMPARE(DocumentCache(*m_store).content(kOtherDocument).value(), kOtherBytes);
    QCOMPARE(m_store->connection().scalar("SELECT count(*) FROM requests")->toInt(), 2);
}

QTEST_GUILESS_MAIN(TestEFileImportSizes)
#include "tst_efile_import_sizes.moc"
