// Hostile e-file packages, one test per case, built byte by byte by the test itself; truncated
// and altered packages, manifests checked against the schema, packages beyond 4 GiB. A refused
// import leaves the store as it was and writes nothing to disk. And the CLI for scripts, which
// verifies the truncated package written here.
#include "../common/RawZip.h"
#include "EFileFixture.h"
#include "core/archive/EFilePackage.h"
#include "core/archive/ZipScan.h"
#include "core/pdf/SimplePdf.h"
#include "core/store/ContentFiles.h"
#include "core/store/DocumentCache.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"
#include "models/StatusNames.h"

#include <KZip>
#include <QBuffer>
#include <QCryptographicHash>
#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>
#include <QtEndian>

using namespace clerk;
using namespace clerk::efiletest;
using testzip::crc32;
using testzip::rawDeflate;
using testzip::RawZip;

class TestEFileHostile : public EFileFixture
{
    Q_OBJECT
private Q_SLOTS:
    void hostile_data();
    void hostile();
    void truncatedPackage();
    void alteredDocumentFailsItsChecksum();
    void manifestAgainstTheSchema_data();
    void manifestAgainstTheSchema();
    void cliForScripts();
    void packagesBeyondFourGiBAreRefused();
};

void TestEFileHostile::hostile_data()
{
    QTest::addColumn<QByteArray>("zip");
    QTest::addColumn<QString>("words");
    QTest::addColumn<int>("maxEntries");
    QTest::addColumn<qint64>("maxEntryBytes");
    const QByteArray manifest = manifestOf(m_package);
    auto with = [&](const QList<QPair<QByteArray, QByteArray>>& entries) {
        RawZip z;
        z.add("efile.xml", manifest);
        for (const auto& [n, d] : entries)
            z.add(n, d);
        return z;
    };
    QTest::newRow("traversal") << with({ { "../../tmp/evil.txt", "x" } }).bytes() << QStringLiteral("leaves its folder")
                               << 10000 << (qint64(1) << 30);
    QTest::newRow("traversal inside") << with({ { "content/../../evil.txt", "x" } }).bytes()
                                      << QStringLiteral("leaves its folder") << 10000 << (qint64(1) << 30);
    QTest::newRow("absolute") << with({ { "/tmp/evil.txt", "x" } }).bytes() << QStringLiteral("absolute path") << 10000
                              << (qint64(1) << 30);
    QTest::newRow("drive letter") << with({ { "C:/Windows/evil.txt", "x" } }).bytes() << QStringLiteral("drive letter")
                                  << 10000 << (qint64(1) << 30);
    QTest::newRow("backslash") << with({ { "content\\..\\evil.txt", "x" } }).bytes() << QStringLiteral("Windows-style")
                               << 10000 << (qint64(1) << 30);
    {
        RawZip z = with({});
        z.add("content/link.pdf", "/etc/passwd");
        z.items.last().externalAttributes = 0120777u << 16;
        QTest::newRow("symlink") << z.bytes() << QStringLiteral("symbolic link") << 10000 << (qint64(1) << 30);
    }
    {
        RawZip z = with({});
        z.add("content/fifo", "");
        z.items.last().externalAttributes = 0010644u << 16;
        QTest::newRow("fifo") << z.bytes() << QStringLiteral("not a regular file") << 10000 << (qint64(1) << 30);
    }
    QTest::newRow("duplicate") << with({ { "content/a.pdf", "1" }, { "content/a.pdf", "2" } }).bytes()
                               << QStringLiteral("twice") << 10000 << (qint64(1) << 30);
    QTest::newRow("case collision") << with({ { "content/A.pdf", "1" }, { "content/a.pdf", "2" } }).bytes()
                                    << QStringLiteral("only in case") << 10000 << (qint64(1) << 30);
    QTest::newRow("too many entries")
        << with({ { "a", "1" }, { "b", "2" }, { "c", "3" }, { "d", "4" }, { "e", "5" } }).bytes()
        << QStringLiteral("at most 5") << 5 << (qint64(1) << 30);
    QTest::newRow("entry too large") << with({ { "content/big.bin", QByteArray(3 << 20, 'x') } }).bytes()
                                     << QStringLiteral("larger than the accepted 2 MiB") << 10000 << (qint64(2) << 20);
    {
        RawZip z = with({});
        const QByteArray zeros(64 << 20, '\0');
        z.add("content/bomb.pdf", rawDeflate(zeros));
        z.items.last().method = 8;
        z.items.last().size = zeros.size();
        z.items.last().crc = crc32(zeros);
        QTest::newRow("bomb ratio") << z.bytes() << QStringLiteral("decompression bomb") << 10000 << (qint64(1) << 30);
    }
    {
        RawZip z = with({ { "content/secret.pdf", "xxxx" } });
        z.items.last().flags = 0x1;
        QTest::newRow("encrypted") << z.bytes() << QStringLiteral("encrypted") << 10000 << (qint64(1) << 30);
    }
    QTest::newRow("no manifest") << RawZip().bytes() << QStringLiteral("no manifest") << 10000 << (qint64(1) << 30);
    {
        RawZip z;
        z.add("efile.xml", manifest);
        QTest::newRow("referenced file missing")
            << z.bytes() << QStringLiteral("not in the package") << 10000 << (qint64(1) << 30);
    }
    {
        // A real package plus a file its manifest does not name.
        KZip src(m_package);
        src.open(QIODevice::ReadOnly);
        RawZip z;
        z.add("efile.xml", manifest);
        for (const QString& e : src.directory()->entries()) {
            if (const auto* dir = dynamic_cast<const KArchiveDirectory*>(src.directory()->entry(e)))
                for (const QString& f : dir->entries())
                    z.add((e + QLatin1Char('/') + f).toUtf8(), dir->file(f)->data());
        }
        z.add("content/extra.txt", "not in the manifest");
        QTest::newRow("unreferenced file")
            << z.bytes() << QStringLiteral("does not name") << 10000 << (qint64(1) << 30);
    }
    // The annotations (XFDF): altered after packing, or hostile XML with a matching checksum.
    auto withXfdf = [&](const QByteArray& xfdf, bool fixChecksum) {
        KZip src(m_package);
        src.open(QIODevice::ReadOnly);
        QByteArray m = manifest;
        RawZip z;
        QList<QPair<QByteArray, QByteArray>> files;
        for (const QString& e : src.directory()->entries())
            if (const auto* dir = dynamic_cast<const KArchiveDirectory*>(src.directory()->entry(e)))
                for (const QString& f : dir->entries()) {
                    QByteArray data = dir->file(f)->data();
                    if (f.endsWith(QLatin1String(".xfdf"))) {
                        if (fixChecksum)
                            m.replace(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex(),
                                QCryptographicHash::hash(xfdf, QCryptographicHash::Sha256).toHex());
                        data = xfdf;
                    }
                    files << qMakePair((e + QLatin1Char('/') + f).toUtf8(), data);
                }
        z.add("efile.xml", m);
        for (const auto& [n, d] : files)
            z.add(n, d);
        return z.bytes();
    };
    QTest::newRow("altered annotations") << withXfdf(
        "<xfdf xmlns=\"http://ns.adobe.com/xfdf/\"><annots/></xfdf>", false)
                                         << QStringLiteral("checksum") << 10000 << (qint64(1) << 30);
    QTest::newRow("hostile annotations") << withXfdf(
        "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
        "<xfdf xmlns=\"http://ns.adobe.com/xfdf/\"><annots/></xfdf>",
        true) << QStringLiteral("annotations")
                                         << 10000 << (qint64(1) << 30);
}

void TestEFileHostile::hostile()
{
    QFETCH(QByteArray, zip);
    QFETCH(QString, words);
    QFETCH(int, maxEntries);
    QFETCH(qint64, maxEntryBytes);
    efile::Limits limits;
    limits.maxEntries = maxEntries;
    limits.maxEntryBytes = maxEntryBytes;
    const QString path
        = writeFile(QStringLiteral("hostile-%1.zip")
                        .arg(QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-'))),
            zip);
    expectRefused(path, words, limits);
}

void TestEFileHostile::truncatedPackage()
{
    QFile f(m_package);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray all = f.readAll();
    expectRefused(
        writeFile(QStringLiteral("truncated.zip"), all.left(all.size() / 2)), QStringLiteral("damaged or incomplete"));
    expectRefused(writeFile(QStringLiteral("empty.zip"), QByteArray()), QStringLiteral("damaged or incomplete"));
}

void TestEFileHostile::alteredDocumentFailsItsChecksum()
{
    QFile f(m_package);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QByteArray all = f.readAll();
    // The PDF is stored uncompressed: change one byte inside it.
    const qsizetype at = all.indexOf("%PDF-");
    QVERIFY(at > 0);
    all[at + 100] = char(all.at(at + 100) ^ 0x20);
    const QString path = writeFile(QStringLiteral("altered.zip"), all);
    auto target = newStore(QStringLiteral("altered.db"));
    auto r = efile::importPackage(*target, path, efile::IfExists::Refuse, QStringLiteral("k.becker"));
    QVERIFY(!r.ok());
    QVERIFY2(r.errorString().contains(QLatin1String("checksum")) || r.errorString().contains(QLatin1String("damaged")),
        qPrintable(r.errorString()));
    QCOMPARE(target->connection().scalar("SELECT count(*) FROM requests")->toInt(), 0);
}

void TestEFileHostile::manifestAgainstTheSchema_data()
{
    QTest::addColumn<QByteArray>("manifest");
    QTest::addColumn<QString>("words");
    const QByteArray good = manifestOf(m_package);
    QByteArray wrongNs = good;
    wrongNs.replace("urn:clerkdesk:efile:1", "urn:example:other");
    QTest::newRow("other namespace") << wrongNs << QStringLiteral("schema");
    QByteArray badHash = good;
    badHash.replace("sha256=\"", "sha256=\"zz");
    QTest::newRow("malformed checksum") << badHash << QStringLiteral("schema");
    QByteArray traversal = good;
    traversal.replace("file=\"content/", "file=\"content/../../");
    QTest::newRow("file outside content/") << traversal << QStringLiteral("schema");
    QTest::newRow("not xml") << QByteArray("{\"efile\": true}") << QStringLiteral("not well-formed");
    QByteArray xxe = good;
    xxe.replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE efile [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>");
    QTest::newRow("external entity") << xxe << QStringLiteral("DTD");
    QVERIFY(good.contains("kind=\"received\""));
    QByteArray params = good;
    params.replace("kind=\"received\"", "kind=\"received\" params=\"[&quot;portal&quot;]\"");
    QTest::newRow("timeline params not an object") << params << QStringLiteral("timeline entry");
}

void TestEFileHostile::manifestAgainstTheSchema()
{
    QFETCH(QByteArray, manifest);
    QFETCH(QString, words);
    RawZip z;
    z.add("efile.xml", manifest);
    const QString path
        = writeFile(QStringLiteral("schema-%1.zip")
                        .arg(QString::fromLatin1(QTest::currentDataTag())
                                .replace(QRegularExpression(QStringLiteral("[^a-z0-9]")), QStringLiteral("-"))),
            z.bytes());
    expectRefused(path, words);
}

void TestEFileHostile::cliForScripts()
{
    auto run = [](const QStringList& args, const QByteArray& passphrase = {}) {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        if (!passphrase.isEmpty())
            env.insert(QStringLiteral("CLERKDESK_PASSPHRASE"), QString::fromLatin1(passphrase));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(CLERKDESK_CLI_PATH), args);
        p.closeWriteChannel();
        p.waitForFinished(60000);
        return std::make_tuple(
            p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError()));
    };
    const QString efile = QStringLiteral("efile");
    auto [rc, out, err] = run({ efile, QStringLiteral("list"), m_package });
    QCOMPARE(rc, 0);
    QVERIFY(out.startsWith(QLatin1String("ok: STU-2026-004711")));
    QVERIFY(out.contains(QLatin1String("application/pdf")));
    std::tie(rc, out, err) = run({ efile, QStringLiteral("verify"), m_dir.filePath(QStringLiteral("truncated.zip")) });
    QCOMPARE(rc, 2);
    QVERIFY(err.contains(QLatin1String("damaged or incomplete")));
    std::tie(rc, out, err) = run({ efile, QStringLiteral("verify"), m_dir.filePath(QStringLiteral("missing.zip")) });
    QCOMPARE(rc, 1);
    // Export from the source profile by reference, import into a fresh one, twice.
    m_source->lock();
    const QString again = m_dir.filePath(QStringLiteral("cli.zip"));
    std::tie(rc, out, err)
        = run({ efile, QStringLiteral("export"), QStringLiteral("--db"), m_dir.filePath(QStringLiteral("source.db")),
                  QStringLiteral("STU-2026-004711"), again },
            "efile-test-passphrase");
    QVERIFY2(rc == 0, qPrintable(err));
    std::tie(rc, out, err)
        = run({ efile, QStringLiteral("export"), QStringLiteral("--db"), m_dir.filePath(QStringLiteral("source.db")),
                  QStringLiteral("STU-2026-004711"), again },
            "wrong-passphrase");
    QCOMPARE(rc, 3);
    QVERIFY(m_source->unlock("efile-test-passphrase"));
    auto fresh = newStore(QStringLiteral("cli-target.db"));
    fresh->lock();
    const QString target = m_dir.filePath(QStringLiteral("cli-target.db"));
    std::tie(rc, out, err)
        = run({ efile, QStringLiteral("import"), QStringLiteral("--db"), target, again }, "efile-test-passphrase");
    QVERIFY2(rc == 0, qPrintable(err));
    std::tie(rc, out, err)
        = run({ efile, QStringLiteral("import"), QStringLiteral("--db"), target, again }, "efile-test-passphrase");
    QCOMPARE(rc, 4);
    std::tie(rc, out, err)
        = run({ efile, QStringLiteral("import"), QStringLiteral("--db"), target, again, QStringLiteral("--merge") },
            "efile-test-passphrase");
    QCOMPARE(rc, 0);
}

void TestEFileHostile::packagesBeyondFourGiBAreRefused()
{
    // KZip writes no ZIP64 records: a package beyond 4 GiB would come out with truncated offsets.
    // The export refuses before writing (here with the limit lowered below this small request's size).
    const QString path = m_dir.filePath(QStringLiteral("too-large.zip"));
    const Status s = efile::exportRequest(*m_source, m_requestId, path, {}, 1000);
    QVERIFY(!s.ok());
    QCOMPARE(s.error().code, Error::Invalid);
    QVERIFY2(s.errorString().contains(QLatin1String("at most 0 MiB")), qPrintable(s.errorString()));
    QVERIFY(!QFile::exists(path));
    QVERIFY(!QFile::exists(path + QStringLiteral(".part")));
    QCOMPARE(efile::kMaxPackageBytes, qint64(0xFFFFFFFF));
    // Import: a file beyond 4 GiB (sparse: no disk used) is refused before anything reads it.
    const QString big = m_dir.filePath(QStringLiteral("big.zip"));
    {
        QFile f(big);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QVERIFY(f.resize(efile::kMaxPackageBytes + 1));
    }
    expectRefused(big, QStringLiteral("at most 4095 MiB"));
    QFile::remove(big);
}

QTEST_GUILESS_MAIN(TestEFileHostile)
#include "tst_efile_hostile.moc"
