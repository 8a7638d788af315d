// Hostile annotations in an xdomea hand-over: the XFDF file beside a PDF (ClerkDesk writes the
// annotations so) replaced by one that is malformed, declares a DTD or entities, is larger than
// XFDF may be, or names a page that is not a number: the message is refused, by verify and by the
// import alike, with words that say which document's annotations, and nothing is written. An
// annotation on a page the PDF does not have is left out, the others are taken over, and the
// Verlauf and the command line say so. Every package is a real hand-over of a real profile, its
// XFDF entry swapped.
#include "PdfSamples.h"
#include "XdomeaRoundTrip.h"
#include "core/pdf/Xfdf.h"
#include "core/store/ContentFiles.h"
#include "core/store/DocumentCache.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"
#include "core/xdomea/XdomeaExport.h"
#include "core/xdomea/XdomeaPackage.h"

#include <KZip>
#include <QBuffer>
#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace clerk;
using namespace clerk::xdomearoundtrip;

namespace {

const QString kRequest = QStringLiteral("1f1b2c3d-0000-4000-8000-000000000606");
const QString kPdf = QStringLiteral("1f000000-0000-4000-8000-000000000606");
const QString kTitle = QStringLiteral("Lageplan Größe");

} // namespace

class TestXdomeaRoundTripXfdf : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void hostileAnnotationsAreRefused_data();
    void hostileAnnotationsAreRefused();
    void annotationsOnMissingPagesAreLeftOut();

private:
    // The hand-over with its XFDF entry replaced by `xfdf` (stored, not compressed, when large).
    QString withXfdf(const QString& name, const QByteArray& xfdf);
    std::unique_ptr<Store> newTarget(const QString& name);
    // Rows of the tables an import writes, and the content files: all empty in a fresh target.
    QStringList written(Store& store);

    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_source;
    QString m_handOver, m_xfdfName;
    xdomea::Authority m_sender { QStringLiteral("Landeshauptstadt Stuttgart"), QStringLiteral("LHS Stuttgart"),
        QStringLiteral("ags:"), QStringLiteral("08111000"), {} };
    xdomea::Authority m_receiver { QStringLiteral("Landratsamt Böblingen"), {}, {}, {}, {} };
};

void TestXdomeaRoundTripXfdf::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_source = std::make_unique<Store>(m_dir.filePath(QStringLiteral("source.db")));
    QVERIFY(m_source->create("source-passphrase"));
    Request r;
    r.id = kRequest;
    r.reference = QStringLiteral("STU-2026-000606");
    r.fileNumber = QStringLiteral("67.20-0606/2026");
    r.serviceId = QStringLiteral("baumfaellung");
    r.channel = QStringLiteral("portal");
    r.submittedAt = QDateTime(QDate(2026, 11, 2), QTime(9, 0), QTimeZone::UTC);
    r.status = QStringLiteral("received");
    r.applicant.name = QStringLiteral("Anna Schmidt");
    QVERIFY(m_source->upsertRequests({ r }));
    const QByteArray pdf = pdf::samples::sample(); // three pages
    const Document d { kPdf, kRequest, kTitle, QStringLiteral("plan"), QStringLiteral("application/pdf"), pdf.size(),
        Sha256::hexHash(pdf), 1 };
    DocumentCache cache(*m_source);
    QVERIFY(cache.upsertDocuments({ d }));
    QBuffer b;
    b.setData(pdf);
    QVERIFY(b.open(QIODevice::ReadOnly));
    QVERIFY(cache.putContent(kPdf, b));
    QList<Annotation> marks = pdf::samples::everyType();
    for (Annotation& a : marks)
        a.documentId = kPdf;
    QVERIFY(m_source->upsertAnnotations(marks));

    const QString pid = xdomea::newProcessId();
    m_handOver = m_dir.filePath(xdomea::abgabeZipName(pid));
    auto exported = xdomea::exportAbgabe(*m_source, { kRequest }, m_sender, m_receiver, pid, m_handOver);
    QVERIFY2(exported.ok(), qPrintable(exported.errorString()));
    m_xfdfName = xdomea::annotationsFileName(d);
    // As handed over, it goes in whole: the cases below fail by their XFDF alone.
    auto target = newTarget(QStringLiteral("as-is"));
    QVERIFY(target);
    auto imported = xdomea::importPackage(*target, m_handOver, { QStringLiteral("m.krause"), {}, {} });
    QVERIFY2(imported.ok(), qPrintable(imported.errorString()));
    QCOMPARE(imported->annotations, int(marks.size()));
}

QString TestXdomeaRoundTripXfdf::withXfdf(const QString& name, const QByteArray& xfdf)
{
    KZip in(m_handOver);
    if (!in.open(QIODevice::ReadOnly))
        return {};
    const QString folder = m_dir.filePath(name);
    QDir().mkpath(folder);
    const QString path = QDir(folder).filePath(QFileInfo(m_handOver).fileName());
    KZip out(path);
    if (!out.open(QIODevice::WriteOnly))
        return {};
    bool ok = in.directory()->entries().contains(m_xfdfName);
    for (const QString& entry : in.directory()->entries()) {
        const bool swapped = entry == m_xfdfName;
        out.setCompression(swapped && xfdf.size() > (1 << 20) ? KZip::NoCompression : KZip::DeflateCompression);
        const KArchiveFile* f = in.directory()->file(entry);
        ok = ok && f && out.writeFile(entry, swapped ? xfdf : f->data());
    }
    return out.close() && ok ? path : QString();
}

std::unique_ptr<Store> TestXdomeaRoundTripXfdf::newTarget(const QString& name)
{
    auto store = std::make_unique<Store>(m_dir.filePath(name + QStringLiteral(".db")));
    return store->create("target-passphrase") ? std::move(store) : nullptr;
}

QStringList TestXdomeaRoundTripXfdf::written(Store& store)
{
    QStringList out;
    for (const char* table : { "requests", "documents", "document_chunks", "annotations", "timeline" }) {
        auto q = store.connection().query(QStringLiteral("SELECT count(*) FROM %1").arg(QLatin1String(table)));
        out << QStringLiteral("%1: %2").arg(QLatin1String(table), q.next() ? q.text(0) : QStringLiteral("?"));
    }
    out << QDir(store.contentFiles()->folder()).entryList(QDir::Files | QDir::Hidden);
    return out;
}

void TestXdomeaRoundTripXfdf::hostileAnnotationsAreRefused_data()
{
    QTest::addColumn<QByteArray>("xfdf");
    QTest::addColumn<QString>("words");
    const QByteArray head = "<?xml version=\"1.0\"?><xfdf xmlns=\"http://ns.adobe.com/xfdf/\"><annots>";
    const QByteArray tail = "</annots></xfdf>";
    const QByteArray good = pdf::Xfdf::write(pdf::samples::everyType());
    QTest::addRow("malformed") << good.left(good.size() / 2) << "cannot be read";
    QTest::addRow("not XFDF") << QByteArray("%PDF-1.7 nothing of the kind") << "cannot be read";
    QTest::addRow("entity expansion") << QByteArray(
        "<?xml version=\"1.0\"?><!DOCTYPE xfdf [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b "
        "\"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
        "<xfdf xmlns=\"http://ns.adobe.com/xfdf/\"><annots><text page=\"0\" rect=\"0,0,20,20\">"
        "<contents>&c;</contents></text></annots></xfdf>")
                                      << "cannot be read";
    QTest::addRow("external entity") << QByteArray(
        "<?xml version=\"1.0\"?><!DOCTYPE xfdf [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
        "<xfdf xmlns=\"http://ns.adobe.com/xfdf/\"><annots><text page=\"0\" rect=\"0,0,20,20\">"
        "<contents>&x;</contents></text></annots></xfdf>")
                                     << "cannot be read";
    QTest::addRow("negative page") << head + "<square page=\"-1\" rect=\"0,0,10,10\"/>" + tail << "cannot be read";
    QTest::addRow("page not a number") << head + "<square page=\"zwei\" rect=\"0,0,10,10\"/>" + tail
                                       << "cannot be read";
    QByteArray many = head;
    for (int i = 0; i <= pdf::Xfdf::kMaxAnnotations; ++i)
        many += "<square page=\"0\" rect=\"0,0,10,10\"/>";
    QTest::addRow("too many annotations") << many + tail << "cannot be read";
    // Larger than XFDF may be (32 MiB): refused from the package's directory, before it is read.
    QByteArray huge = head + "<!--";
    huge += QByteArray(pdf::Xfdf::kMaxBytes, 'x');
    huge += "-->" + tail;
    QTest::addRow("huge") << huge << "larger than 32 MiB";
}

void TestXdomeaRoundTripXfdf::hostileAnnotationsAreRefused()
{
    QFETCH(QByteArray, xfdf);
    QFETCH(QString, words);
    const QString tag = QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-'));
    const QString path = withXfdf(tag, xfdf);
    QVERIFY(!path.isEmpty());
    auto target = newTarget(QStringLiteral("hostile-") + tag);
    QVERIFY(target);
    const QStringList before = written(*target);
    QCOMPARE(before.first(), QStringLiteral("requests: 0"));
    auto verified = xdomea::verify(path);
    QVERIFY(!verified.ok());
    auto result = xdomea::importPackage(*target, path, { QStringLiteral("m.krause"), {}, {} });
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, Error::Invalid);
    QVERIFY2(result.errorString().contains(words), qPrintable(result.errorString()));
    // It names the document and the file, and says that nothing came in.
    QVERIFY2(result.errorString().contains(kTitle) && result.errorString().contains(m_xfdfName),
        qPrintable(result.errorString()));
    QVERIFY2(result.errorString().contains(QLatin1String("nothing was imported")), qPrintable(result.errorString()));
    QCOMPARE(verified.errorString(), result.errorString());
    QCOMPARE(written(*target), before);
}

void TestXdomeaRoundTripXfdf::annotationsOnMissingPagesAreLeftOut()
{
    // Two of them moved to pages 4 and 101 of a three-page PDF (XFDF counts pages from 0).
    QList<Annotation> marks = pdf::samples::everyType();
    marks[0].page = 3;
    marks[1].page = 100;
    const QString path = withXfdf(QStringLiteral("missing-pages"), pdf::Xfdf::write(marks));
    QVERIFY(!path.isEmpty());
    auto target = newTarget(QStringLiteral("missing-pages"));
    QVERIFY(target);
    QVERIFY(xdomea::verify(path).ok());
    auto result = xdomea::importPackage(*target, path, { QStringLiteral("m.krause"), {}, {} });
    QVERIFY2(result.ok(), qPrintable(result.errorString()));
    QCOMPARE(result->annotations, int(marks.size()) - 2);
    QCOMPARE(result->skipped.size(), 1);
    QVERIFY2(result->skipped.first().contains(kTitle) && result->skipped.first().contains(QLatin1String("(it has 3)")),
        qPrintable(result->skipped.first()));
    // The others are on the imported PDF, on their pages; the Verlauf says what was left out.
    const QString requestId = result->requestIds.first();
    QString documentId;
    for (const Document& d : DocumentCache(*target).documentsOf(requestId))
        if (d.title == kTitle)
            documentId = d.id;
    QVERIFY(!documentId.isEmpty());
    const QList<Annotation> kept = target->annotations().of(documentId).value();
    QCOMPARE(kept.size(), int(marks.size()) - 2);
    for (const Annotation& a : kept)
        QVERIFY(a.page >= 0 && a.page < 3);
    bool said = false;
    for (const TimelineEvent& e : target->timeline().of(requestId).value())
        said = said || (e.kind == QLatin1String("imported") && e.text.contains(result->skipped.first()));
    QVERIFY(said);

    // The command line says it too: the count taken over, and a warning for what was left out.
    const QString db = m_dir.filePath(QStringLiteral("cli.db"));
    {
        Store cli(db);
        QVERIFY(cli.create("cli-passphrase"));
    }
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("CLERKDESK_PASSPHRASE"), QStringLiteral("cli-passphrase"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(CLERKDESK_CLI_PATH),
        { QStringLiteral("efile"), QStringLiteral("import"), QStringLiteral("--db"), db, path });
    p.closeWriteChannel();
    QVERIFY(p.waitForFinished(120000));
    const QString out = QString::fromUtf8(p.readAllStandardOutput()), err = QString::fromUtf8(p.readAllStandardError());
    QVERIFY2(p.exitCode() == 0, qPrintable(err));
    QVERIFY2(out.contains(QStringLiteral(" %1 annotation(s)").arg(marks.size() - 2)), qPrintable(out));
    QVERIFY2(err.contains(QLatin1String("warning: ")) && err.contains(QLatin1String("(it has 3)")), qPrintable(err));
}

QTEST_GUILESS_MAIN(TestXdomeaRoundTripXfdf)
#include "tst_xdomea_roundtrip_xfdf.moc"
