// E-file packages: a real round trip between two encrypted stores (read by `unzip -t` too), and
// one test per hostile package, built byte by byte by the test itself. A refused import leaves
// the store as it was and writes nothing to disk.
#include "../common/RawZip.h"
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
using testzip::crc32;
using testzip::rawDeflate;
using testzip::RawZip;

class TestEFile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void roundTripIsIdentical();
    void existingRequestIsNeverOverwrittenSilently();
    void exportStoresDocumentsUncompressed();
    void hostile_data();
    void hostile();
    void truncatedPackage();
    void alteredDocumentFailsItsChecksum();
    void manifestAgainstTheSchema_data();
    void manifestAgainstTheSchema();
    void cliForScripts();
    void cancelLeavesNothing();
    void manyLargeDocumentsKeepTheirOrderAndBytes();
    void damagedStoredCopyIsNotExported();
    void packagesBeyondFourGiBAreRefused();
    void timelineKeepsItsWordsThroughAPackage();
    void mergedPackageAddsNoEntryTwice();
    void syncAfterAnImportAddsNoEntryTwice();

private:
    std::unique_ptr<Store> newStore(const QString& name);
    QString writeFile(const QString& name, const QByteArray& bytes);
    QByteArray manifestOf(const QString& zipPath);
    void expectRefused(const QString& path, const QString& words, const efile::Limits& limits = {});

    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_source;
    QString m_requestId;
    // A request whose history came through the changes feed (codes with parameters), exported.
    std::unique_ptr<Store> m_history;
    QList<TimelineEvent> m_serverEntries;
    QString m_historyPackage;
    void exportHistory();
    QString m_package;
    QByteArray m_pdf, m_png;
};

std::unique_ptr<Store> TestEFile::newStore(const QString& name)
{
    auto s = std::make_unique<Store>(m_dir.filePath(name));
    if (!s->create("efile-test-passphrase"))
        return nullptr;
    return s;
}

QString TestEFile::writeFile(const QString& name, const QByteArray& bytes)
{
    QFile f(m_dir.filePath(name));
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        return {};
    return f.fileName();
}

void TestEFile::initTestCase()
{
    m_source = newStore(QStringLiteral("source.db"));
    QVERIFY(m_source);
    Request r;
    r.id = QStringLiteral("6b1f6c3e-1d7a-4a59-9a0e-2c1b7d9e4f10");
    r.reference = QStringLiteral("STU-2026-004711");
    r.fileNumber = QStringLiteral("32.30-4711/2026");
    r.serviceId = QStringLiteral("baumfaellung");
    r.teamId = QStringLiteral("gruenflaechen");
    r.channel = QStringLiteral("portal");
    r.submittedAt = QDateTime(QDate(2026, 11, 2), QTime(9, 15), QTimeZone::UTC);
    r.dueDate = QDate(2026, 12, 14);
    r.status = QStringLiteral("in_progress");
    r.assignee = QStringLiteral("m.yilmaz");
    r.applicant = { QStringLiteral("Jürgen Weiß"), QStringLiteral("Hohenheimer Straße 12"), QStringLiteral("70184"),
        QStringLiteral("Stuttgart"), QStringLiteral("j.weiss@example.org"), QStringLiteral("0711 555 0101") };
    r.form = { { QStringLiteral("tree"), QStringLiteral("Rosskastanie") }, { QStringLiteral("trunk_cm"), 190 } };
    r.attachmentCount = 2;
    r.version = 4;
    QVERIFY(m_source->upsertRequests({ r }));
    m_requestId = r.id;
    SimplePdf pdf;
    pdf.setTitle(QStringLiteral("Antrag Baumfällung"));
    pdf.text(72, 760, QStringLiteral("Antrag auf Fällgenehmigung – Rosskastanie"), 14, true);
    m_pdf = pdf.toPdf();
    QImage img(64, 48, QImage::Format_RGB32);
    img.fill(QColor(30, 120, 60));
    QBuffer buf(&m_png);
    buf.open(QIODevice::WriteOnly);
    img.save(&buf, "PNG");
    DocumentCache cache(*m_source);
    const QList<QPair<Document, QByteArray>> docs
        = { { Document { QStringLiteral("0d2e8f4a-5b6c-4d7e-8f90-a1b2c3d4e5f6"), r.id, QStringLiteral("Antrag"),
                  QStringLiteral("application"), QStringLiteral("application/pdf"), m_pdf.size(),
                  QCryptographicHash::hash(m_pdf, QCryptographicHash::Sha256).toHex(), 1 },
                m_pdf },
              { Document { QStringLiteral("1e3f9a5b-6c7d-4e8f-9a01-b2c3d4e5f6a7"), r.id,
                    QStringLiteral("Foto des Baums"), QStringLiteral("photo"), QStringLiteral("image/png"),
                    m_png.size(), QCryptographicHash::hash(m_png, QCryptographicHash::Sha256).toHex(), 1 },
                  m_png } };
    for (const auto& [d, bytes] : docs) {
        QVERIFY(cache.upsertDocuments({ d }));
        QBuffer b;
        b.setData(bytes);
        b.open(QIODevice::ReadOnly);
        QVERIFY(cache.putContent(d.id, b));
    }
    QVERIFY(m_source->upsertNotes(
        { Note { QStringLiteral("2f4a0b6c-7d8e-4f90-a1b2-c3d4e5f6a7b8"), r.id, QStringLiteral("m.yilmaz"),
            QStringLiteral("Ortstermin am 20.11. vereinbart"), r.submittedAt.addDays(3), 1 } }));
    Annotation a;
    a.id = QStringLiteral("3a5b1c7d-8e9f-4a01-b2c3-d4e5f6a7b8c9");
    a.documentId = docs.first().first.id;
    a.page = 0;
    a.type = AnnotationType::Stamp;
    a.geometry = { { QStringLiteral("rect"), QJsonArray { 400, 700, 520, 740 } } };
    a.text = QStringLiteral("Geprüft");
    a.author = QStringLiteral("m.yilmaz");
    a.createdAt = r.submittedAt.addDays(4);
    a.version = 1;
    QVERIFY(m_source->upsertAnnotations({ a }));
    QVERIFY(m_source->addTimeline({ r.id, r.submittedAt, QStringLiteral("portal"), QStringLiteral("received"),
        QStringLiteral("Eingegangen über das Serviceportal") }));
    m_package = m_dir.filePath(QStringLiteral("efile.zip"));
    QVERIFY(efile::exportRequest(*m_source, m_requestId, m_package));
}

void TestEFile::roundTripIsIdentical()
{
    // The standard tool reads it.
    QProcess unzip;
    unzip.start(QStringLiteral("unzip"), { QStringLiteral("-t"), m_package });
    QVERIFY(unzip.waitForFinished(30000));
    const QByteArray tested = unzip.readAllStandardOutput();
    QVERIFY2(unzip.exitCode() == 0, tested.constData());
    QVERIFY2(tested.contains("No errors detected"), tested.constData());

    auto target = newStore(QStringLiteral("target.db"));
    auto imported = efile::importPackage(*target, m_package, efile::IfExists::Refuse, QStringLiteral("k.becker"));
    QVERIFY2(imported.ok(), qPrintable(imported.errorString() + QLatin1Char(' ') + imported.error().detail));
    QCOMPARE(imported->requestId, m_requestId);
    QCOMPARE(imported->documents, 2);
    const Request a = m_source->request(m_requestId).value(), b = target->request(m_requestId).value();
    QCOMPARE(b.reference, a.reference);
    QCOMPARE(b.fileNumber, a.fileNumber);
    QCOMPARE(b.applicant.name, a.applicant.name);
    QCOMPARE(b.applicant.street, a.applicant.street);
    QCOMPARE(b.form, a.form);
    QCOMPARE(b.status, a.status);
    QCOMPARE(b.dueDate, a.dueDate);
    QCOMPARE(b.submittedAt, a.submittedAt);
    QCOMPARE(b.version, a.version);
    DocumentCache src(*m_source), dst(*target);
    QCOMPARE(dst.documentsOf(m_requestId).size(), 2);
    for (const Document& d : src.documentsOf(m_requestId)) {
        QVERIFY(dst.hasContent(d.id));
        QCOMPARE(dst.content(d.id).value(), src.content(d.id).value());
        QCOMPARE(dst.document(d.id)->sha256, d.sha256);
    }
    QCOMPARE(target->notes().of(m_requestId).value().size(), 1);
    QCOMPARE(target->notes().of(m_requestId).value().first().text, QStringLiteral("Ortstermin am 20.11. vereinbart"));
    const QList<Annotation> anns
        = target->annotations().of(QStringLiteral("0d2e8f4a-5b6c-4d7e-8f90-a1b2c3d4e5f6")).value();
    QCOMPARE(anns.size(), 1);
    QCOMPARE(anns.first().text, QStringLiteral("Geprüft"));
    QCOMPARE(anns.first().geometry, m_source->annotations().of(anns.first().documentId).value().first().geometry);
    const QList<TimelineEvent> timeline = target->timeline().of(m_requestId).value();
    QVERIFY(timeline.size() >= 2);
    QCOMPARE(timeline.last().kind, QStringLiteral("imported"));
    // Searchable in the new profile.
    QCOMPARE(target->search(QStringLiteral("Weiß"))->size(), 1);
}

void TestEFile::existingRequestIsNeverOverwrittenSilently()
{
    auto target = newStore(QStringLiteral("twice.db"));
    QVERIFY(efile::importPackage(*target, m_package, efile::IfExists::Refuse, QStringLiteral("k.becker")).ok());
    // The clerk changed something locally meanwhile.
    QVERIFY(target->changeStatus(m_requestId, QStringLiteral("waiting"), QStringLiteral("k.becker")).ok());
    auto again = efile::importPackage(*target, m_package, efile::IfExists::Refuse, QStringLiteral("k.becker"));
    QVERIFY(!again.ok());
    QCOMPARE(again.error().code, Error::AlreadyExists);
    QVERIFY(again.errorString().contains(QLatin1String("STU-2026-004711")));
    // Merge keeps the local state and adds nothing twice.
    auto merged = efile::importPackage(*target, m_package, efile::IfExists::Merge, QStringLiteral("k.becker"));
    QVERIFY(merged.ok());
    QCOMPARE(merged->documents, 0);
    QCOMPARE(target->request(m_requestId)->status, QStringLiteral("waiting"));
    QCOMPARE(target->notes().of(m_requestId).value().size(), 1);
    // Keep both: a second request with its own ids.
    auto both = efile::importPackage(*target, m_package, efile::IfExists::KeepBoth, QStringLiteral("k.becker"));
    QVERIFY(both.ok());
    QVERIFY(both->requestId != m_requestId);
    QCOMPARE(target->connection().scalar("SELECT count(*) FROM requests")->toInt(), 2);
    QVERIFY(target->request(both->requestId)->reference.endsWith(QLatin1String(")")));
    QCOMPARE(DocumentCache(*target).documentsOf(both->requestId).size(), 2);
    QCOMPARE(target->connection().scalar("SELECT count(*) FROM documents")->toInt(), 4);
}

void TestEFile::exportStoresDocumentsUncompressed()
{
    QFile f(m_package);
    QVERIFY(f.open(QIODevice::ReadOnly));
    auto entries = zipscan::centralDirectory(f, 100);
    QVERIFY(entries.ok());
    QCOMPARE(entries->size(), 4); // manifest, PDF, PNG, the PDF's annotations as XFDF
    bool xfdf = false;
    for (const zipscan::RawEntry& e : entries.value()) {
        if (e.name == "efile.xml" || e.name.endsWith(".xfdf"))
            QCOMPARE(e.method, quint16(8)); // XML compressed
        else
            QCOMPARE(e.method, quint16(0)); // PDF and PNG stored as they are
        xfdf |= e.name.endsWith(".xfdf");
    }
    QVERIFY(xfdf);
    // The manifest validates against the schema kept in the repository.
    QProcess lint;
    lint.start(QStringLiteral("xmllint"),
        { QStringLiteral("--noout"), QStringLiteral("--schema"),
            QStringLiteral(CLERKDESK_SOURCE_DIR "/core/archive/efile-1.xsd"),
            writeFile(QStringLiteral("manifest.xml"), manifestOf(m_package)) });
    QVERIFY(lint.waitForFinished(30000));
    QVERIFY2(lint.exitCode() == 0, lint.readAllStandardError().constData());
}

QByteArray TestEFile::manifestOf(const QString& zipPath)
{
    KZip zip(zipPath);
    if (!zip.open(QIODevice::ReadOnly))
        return {};
    const KArchiveFile* f = zip.directory()->file(QStringLiteral("efile.xml"));
    return f ? f->data() : QByteArray();
}

void TestEFile::expectRefused(const QString& path, const QString& words, const efile::Limits& limits)
{
    auto target = newStore(QStringLiteral("hostile-%1.db").arg(QFileInfo(path).baseName()));
    QVERIFY(target);
    const QStringList before
        = QDir(m_dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden, QDir::Name);
    auto r = efile::importPackage(*target, path, efile::IfExists::Refuse, QStringLiteral("k.becker"), limits);
    QVERIFY(!r.ok());
    QVERIFY2(r.errorString().contains(words, Qt::CaseInsensitive),
        qPrintable(QStringLiteral("expected \"%1\" in: %2").arg(words, r.errorString())));
    QVERIFY(!efile::verify(path, limits).ok());
    // Nothing changed: no request, no document, no file written anywhere.
    QCOMPARE(target->connection().scalar("SELECT count(*) FROM requests")->toInt(), 0);
    QCOMPARE(target->connection().scalar("SELECT count(*) FROM documents")->toInt(), 0);
    QCOMPARE(QDir(m_dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden, QDir::Name), before);
    QVERIFY(!QFile::exists(QStringLiteral("/tmp/evil.txt")));
}

void TestEFile::hostile_data()
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

void TestEFile::hostile()
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

void TestEFile::truncatedPackage()
{
    QFile f(m_package);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray all = f.readAll();
    expectRefused(
        writeFile(QStringLiteral("truncated.zip"), all.left(all.size() / 2)), QStringLiteral("damaged or incomplete"));
    expectRefused(writeFile(QStringLiteral("empty.zip"), QByteArray()), QStringLiteral("damaged or incomplete"));
}

void TestEFile::alteredDocumentFailsItsChecksum()
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

void TestEFile::manifestAgainstTheSchema_data()
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

void TestEFile::manifestAgainstTheSchema()
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

void TestEFile::cliForScripts()
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

void TestEFile::cancelLeavesNothing()
{
    // Export: cancelled at the first progress report; neither the package nor its partial file stays.
    const QString path = m_dir.filePath(QStringLiteral("cancelled.zip"));
    int calls = 0;
    const Status s = efile::exportRequest(*m_source, m_requestId, path, [&](qint64, qint64) { return ++calls < 1; });
    QVERIFY(!s.ok());
    QCOMPARE(s.error().code, Error::Cancelled);
    QVERIFY(s.errorString().contains(QLatin1String("cancelled")));
    QVERIFY(calls >= 1);
    QVERIFY(!QFile::exists(path));
    QVERIFY(!QFile::exists(path + QStringLiteral(".part")));
    // Import: cancelled midway; the store is as before.
    auto target = newStore(QStringLiteral("cancel-import.db"));
    auto r = efile::importPackage(*target, m_package, efile::IfExists::Refuse, QStringLiteral("k.becker"), {},
        [](qint64 done, qint64 total) { return done < total / 2 + 1 ? true : false; });
    QVERIFY(!r.ok());
    QCOMPARE(target->connection().scalar("SELECT count(*) FROM requests")->toInt(), 0);
    QCOMPARE(target->connection().scalar("SELECT count(*) FROM document_chunks")->toInt(), 0);
    // The document files written before the cancel went with the rollback.
    QVERIFY(QDir(target->contentFiles()->folder()).isEmpty());
}

namespace {

// A request with `count` documents of different sizes, several spanning many store chunks.
QList<QByteArray> addLargeRequest(Store& store, const QString& requestId, int count)
{
    Request r;
    r.id = requestId;
    r.reference = QStringLiteral("STU-2026-009001");
    r.serviceId = QStringLiteral("sondernutzung");
    r.teamId = QStringLiteral("tiefbau");
    r.submittedAt = QDateTime(QDate(2026, 11, 3), QTime(8, 0), QTimeZone::UTC);
    r.status = QStringLiteral("new");
    r.applicant.name = QStringLiteral("Baustelle Königstraße GmbH");
    r.version = 1;
    if (!store.upsertRequests({ r }))
        return {};
    DocumentCache cache(store);
    QList<QByteArray> contents;
    for (int i = 0; i < count; ++i) {
        // Sizes around the chunk size and well beyond it; each byte depends on the document.
        const qint64 size = (i % 3 == 0 ? DocumentCache::kChunkSize * (i + 1) : 1000 * (i + 1)) + i;
        QByteArray bytes(size, Qt::Uninitialized);
        for (qint64 k = 0; k < size; ++k)
            bytes[k] = char((k * 31 + i * 7) & 0xff);
        Document d {
            QUuid::createUuidV5(QUuid::fromString(requestId), QString::number(i)).toString(QUuid::WithoutBraces),
            requestId, QStringLiteral("Plan %1").arg(i + 1), QStringLiteral("attachment"),
            QStringLiteral("application/pdf"), size,
            QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex(), 1
        };
        QBuffer b(&bytes);
        b.open(QIODevice::ReadOnly);
        if (!cache.upsertDocuments({ d }) || !cache.putContent(d.id, b))
            return {};
        contents << bytes;
    }
    return contents;
}

} // namespace

void TestEFile::manyLargeDocumentsKeepTheirOrderAndBytes()
{
    // The export decrypts documents ahead on worker threads; what lands in the package must still
    // be each document's own bytes, whole and in its own entry.
    auto source = newStore(QStringLiteral("large-source.db"));
    const QString id = QStringLiteral("8e1d2c3b-4a59-4687-9a0b-1c2d3e4f5a6b");
    const QList<QByteArray> contents = addLargeRequest(*source, id, 9);
    QCOMPARE(contents.size(), 9);
    const QString path = m_dir.filePath(QStringLiteral("large.zip"));
    qint64 lastDone = -1, reports = 0;
    QVERIFY(efile::exportRequest(*source, id, path, [&](qint64 done, qint64 total) {
        ++reports;
        if (done < lastDone || done > total)
            return false;
        lastDone = done;
        return true;
    }));
    QVERIFY(reports >= 9);
    qint64 all = 0;
    for (const QByteArray& c : contents)
        all += c.size();
    QCOMPARE(lastDone, all);
    auto target = newStore(QStringLiteral("large-target.db"));
    auto imported = efile::importPackage(*target, path, efile::IfExists::Refuse, QStringLiteral("k.becker"));
    QVERIFY2(imported.ok(), qPrintable(imported.errorString()));
    QCOMPARE(imported->documents, 9);
    DocumentCache dst(*target);
    for (int i = 0; i < contents.size(); ++i) {
        const QString docId
            = QUuid::createUuidV5(QUuid::fromString(id), QString::number(i)).toString(QUuid::WithoutBraces);
        QCOMPARE(dst.content(docId).value(), contents.at(i));
    }
}

void TestEFile::damagedStoredCopyIsNotExported()
{
    const QString id = QStringLiteral("9f2e3d4c-5b6a-4798-8b0c-2d3e4f5a6b7c");
    auto docId = [&](int i) {
        return QUuid::createUuidV5(QUuid::fromString(id), QString::number(i)).toString(QUuid::WithoutBraces);
    };
    auto exportFails = [&](Store& store, const QString& name, const QString& title) {
        const QString path = m_dir.filePath(name);
        const Status s = efile::exportRequest(store, id, path);
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, Error::Corrupt);
        QVERIFY2(s.errorString().contains(title), qPrintable(s.errorString()));
        QVERIFY(!QFile::exists(path));
        QVERIFY(!QFile::exists(path + QStringLiteral(".part")));
    };
    {
        // A document kept in a file beside the database: one byte of its file changed on disk.
        auto source = newStore(QStringLiteral("damaged-source.db"));
        QCOMPARE(addLargeRequest(*source, id, 4).size(), 4);
        QFile f(source->contentFiles()->pathOf(docId(3)));
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.seek(24 + 100));
        const char flipped = char(f.peek(1).at(0) ^ 0x20);
        QVERIFY(f.write(&flipped, 1) == 1);
        f.close();
        exportFails(*source, QStringLiteral("damaged.zip"), QStringLiteral("Plan 4"));
    }
    {
        // A document kept in chunks inside the database (as a download arrives): one byte of its
        // second chunk differs from what its checksum says.
        auto source = newStore(QStringLiteral("damaged-chunks.db"));
        const QList<QByteArray> contents = addLargeRequest(*source, id, 4);
        QCOMPARE(contents.size(), 4);
        DocumentCache cache(*source);
        const QByteArray& bytes = contents.at(3);
        QVERIFY(cache.appendContent(docId(3), bytes.left(DocumentCache::kChunkSize)));
        QVERIFY(cache.appendContent(docId(3), bytes.mid(DocumentCache::kChunkSize)));
        QVERIFY(cache.completeContent(docId(3)));
        QVERIFY(!QFile::exists(source->contentFiles()->pathOf(docId(3)))); // the file went with the new copy
        QVERIFY(source->connection()
                .query("UPDATE document_chunks SET data = x'00' || substr(data, 2) WHERE document_id = ?1 AND seq = 1")
                .bindAll(docId(3))
                .exec());
        exportFails(*source, QStringLiteral("damaged-chunks.zip"), QStringLiteral("Plan 4"));
    }
}

void TestEFile::packagesBeyondFourGiBAreRefused()
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

void TestEFile::exportHistory()
{
    static int n = 0;
    ++n;
    m_history.reset();
    m_history = newStore(QStringLiteral("history-%1.db").arg(n));
    QVERIFY(m_history);
    Request r = m_source->request(m_requestId).value();
    r.id = QStringLiteral("4c2d8e1f-7a3b-4c5d-9e6f-0a1b2c3d4e5f");
    r.reference = QStringLiteral("STU-2026-004712");
    QVERIFY(m_history->upsertRequests({ r }));
    const QDateTime t0 = r.submittedAt;
    auto entry
        = [&](int minutes, const char* actor, const char* kind, const QJsonObject& params, const char* serverId) {
              return TimelineEvent { r.id, t0.addSecs(60 * minutes), QLatin1String(actor), QLatin1String(kind), {},
                  params, QLatin1String(serverId) };
          };
    m_serverEntries
        = { entry(0, "portal", "received", { { QStringLiteral("channel"), QStringLiteral("portal") } }, "srv-1"),
              entry(60, "m.yilmaz", "status_changed",
                  { { QStringLiteral("from"), QStringLiteral("received") },
                      { QStringLiteral("to"), QStringLiteral("in_progress") } },
                  "srv-2"),
              entry(120, "m.yilmaz", "assigned", { { QStringLiteral("to"), QStringLiteral("k.becker") } }, "srv-3"),
              entry(180, "k.becker", "documents_requested",
                  { { QStringLiteral("message"), QStringLiteral("Bitte den Lageplan nachreichen.") } }, "srv-4") };
    QVERIFY(m_history->mergeTimeline(m_serverEntries));
    QCOMPARE(m_history->timeline().of(r.id).value().size(), 4);
    m_historyPackage = m_dir.filePath(QStringLiteral("history-%1.zip").arg(n));
    QVERIFY(efile::exportRequest(*m_history, r.id, m_historyPackage));
}

void TestEFile::timelineKeepsItsWordsThroughAPackage()
{
    // The Verlauf words a coded entry from its parameters: they travel in the package, so an
    // imported request reads as the original does, not as raw codes ("received → in_progress").
    exportHistory();
    const QString original = m_serverEntries.first().requestId;
    const QList<TimelineEvent> before = m_history->timeline().of(original).value();
    auto imported
        = efile::importPackage(*m_history, m_historyPackage, efile::IfExists::KeepBoth, QStringLiteral("k.becker"));
    QVERIFY2(imported.ok(), qPrintable(imported.errorString() + QLatin1Char(' ') + imported.error().detail));
    QVERIFY(imported->requestId != original);
    const QList<TimelineEvent> after = m_history->timeline().of(imported->requestId).value();
    QCOMPARE(after.size(), before.size() + 1);
    QCOMPARE(after.last().kind, QStringLiteral("imported"));
    for (int i = 0; i < before.size(); ++i) {
        QCOMPARE(after.at(i).kind, before.at(i).kind);
        QCOMPARE(after.at(i).at, before.at(i).at);
        QCOMPARE(after.at(i).actor, before.at(i).actor);
        QCOMPARE(after.at(i).params, before.at(i).params);
        QCOMPARE(StatusNames::timelineEntry(after.at(i)), StatusNames::timelineEntry(before.at(i)));
    }
    QCOMPARE(StatusNames::timelineEntry(after.at(1)), StatusNames::timelineEntry(m_serverEntries.at(1)));
}

void TestEFile::mergedPackageAddsNoEntryTwice()
{
    // Merged into the request it came from: its entries are all there already (same code, time
    // and person); only the import's own entry is new.
    exportHistory();
    const QString id = m_serverEntries.first().requestId;
    const int before = int(m_history->timeline().of(id).value().size());
    auto merged
        = efile::importPackage(*m_history, m_historyPackage, efile::IfExists::Merge, QStringLiteral("k.becker"));
    QVERIFY2(merged.ok(), qPrintable(merged.errorString()));
    const QList<TimelineEvent> after = m_history->timeline().of(id).value();
    QCOMPARE(after.size(), before + 1);
    QCOMPARE(after.last().kind, QStringLiteral("imported"));
}

void TestEFile::syncAfterAnImportAddsNoEntryTwice()
{
    // Imported on a computer that then syncs the same request: the server's entries replace the
    // package's copies of them (which have no server id to merge on).
    exportHistory();
    const QString id = m_serverEntries.first().requestId;
    auto target = newStore(QStringLiteral("history-target.db"));
    QVERIFY(target);
    auto imported
        = efile::importPackage(*target, m_historyPackage, efile::IfExists::Refuse, QStringLiteral("k.becker"));
    QVERIFY2(imported.ok(), qPrintable(imported.errorString()));
    QCOMPARE(imported->requestId, id);
    QCOMPARE(target->timeline().of(id).value().size(), m_serverEntries.size() + 1);
    QVERIFY(target->mergeTimeline(m_serverEntries));
    QVERIFY(target->mergeTimeline(m_serverEntries)); // a page pulled again
    const QList<TimelineEvent> after = target->timeline().of(id).value();
    QCOMPARE(after.size(), m_serverEntries.size() + 1);
    for (int i = 0; i < m_serverEntries.size(); ++i) {
        QCOMPARE(after.at(i).serverId, m_serverEntries.at(i).serverId);
        QCOMPARE(after.at(i).params, m_serverEntries.at(i).params);
    }
    QCOMPARE(after.last().kind, QStringLiteral("imported"));
}

QTEST_GUILESS_MAIN(TestEFile)
#include "tst_efile.moc"
