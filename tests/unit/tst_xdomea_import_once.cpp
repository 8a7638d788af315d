// An xdomea hand-over whose cover letter (Anschreiben) goes into every request it makes: the
// import reads each file of the package once to check it and once to store it, however many
// requests a file goes into (it used to read the whole package again per request); the cover
// letter's bytes are the same in every request; a cancel in the middle of storing leaves the
// store as it was.
#include "XdomeaImportFixture.h"
#include "core/xdomea/XdomeaPackageInternal.h"

using namespace clerk;
using namespace clerk::xdomeatest;

class TestXdomeaImportOnce : public XdomeaImportFixture
{
    Q_OBJECT
private Q_SLOTS:
    void coverLetterIsReadOnce();
    void cancelWhileStoringLeavesNothing();

private:
    // The 3.1.0 fixture with a cover letter and two more Vorgänge: four requests (three Vorgänge
    // and a Dokument), six files.
    QString coverLetterMessage();
    qint64 packageBytes(const QString& xml);
};

namespace {
const QString kLetter = QStringLiteral("a1b2c3d4-0010-4e5f-8a9b-0c1d2e3f4a5b_Anschreiben.pdf");

QString version(const QString& fileName)
{
    return QStringLiteral(
        "<xdomea:Version><xdomea:Nummer>1</xdomea:Nummer><xdomea:Format><xdomea:Name "
        "listURI=\"urn:xoev-de:xdomea:codeliste:dateiformat\" listVersionID=\"2.0\"><code>018</code></xdomea:Name>"
        "<xdomea:Version>1.7</xdomea:Version><xdomea:Primaerdokument><xdomea:Dateiname>%1</xdomea:Dateiname>"
        "</xdomea:Primaerdokument></xdomea:Format></xdomea:Version>")
        .arg(fileName);
}

QString document(const char* element, const QString& id, const QString& subject, const QString& fileName)
{
    return QStringLiteral("<xdomea:%1><xdomea:Identifikation><xdomea:ID>%2</xdomea:ID></xdomea:Identifikation>"
                          "<xdomea:AllgemeineMetadaten><xdomea:Betreff>%3</xdomea:Betreff>"
                          "</xdomea:AllgemeineMetadaten>%4</xdomea:%1>")
        .arg(QLatin1String(element), id, subject, version(fileName));
}

QString vorgang(int n)
{
    const QString id = QStringLiteral("a1b2c3d4-%1-4e5f-8a9b-0c1d2e3f4a5b").arg(20 + n, 4, 10, QLatin1Char('0'));
    const QString doc = QStringLiteral("a1b2c3d4-%1-4e5f-8a9b-0c1d2e3f4a5b").arg(40 + n, 4, 10, QLatin1Char('0'));
    return QStringLiteral("<xdomea:Vorgang><xdomea:Identifikation><xdomea:ID>%1</xdomea:ID></xdomea:Identifikation>"
                          "<xdomea:AllgemeineMetadaten><xdomea:Betreff>Fällgenehmigung Nr. %2</xdomea:Betreff>"
                          "<xdomea:Kennzeichen>67.20-0815/2026-%2</xdomea:Kennzeichen></xdomea:AllgemeineMetadaten>"
                          "%3</xdomea:Vorgang>")
        .arg(id)
        .arg(10 + n)
        .arg(document("Dokument", doc, QStringLiteral("Antrag Nr. %1").arg(10 + n), doc + QStringLiteral("_A.pdf")));
}
} // namespace

QString TestXdomeaImportOnce::coverLetterMessage()
{
    QString xml = fixture(QStringLiteral("abgabe-3.1.0.xml"));
    xml.replace(QStringLiteral("</xdomea:Kopf>"),
        QStringLiteral("</xdomea:Kopf>")
            + document("Anschreiben", QStringLiteral("a1b2c3d4-0010-4e5f-8a9b-0c1d2e3f4a5b"),
                QStringLiteral("Abgabe wegen Zuständigkeitswechsel"), kLetter));
    xml.replace(
        QStringLiteral("</xdomea:Akteninhalt>"), vorgang(1) + vorgang(2) + QStringLiteral("</xdomea:Akteninhalt>"));
    return xml;
}

qint64 TestXdomeaImportOnce::packageBytes(const QString& xml)
{
    QSet<QString> files;
    for (const QString& f : namedFiles(xml))
        files.insert(f);
    qint64 bytes = 0;
    for (const QString& f : std::as_const(files))
        bytes += pdfFor(f).size();
    return bytes;
}

void TestXdomeaImportOnce::coverLetterIsReadOnce()
{
    const QString xml = coverLetterMessage();
    const QString messagePath = m_dir->filePath(QStringLiteral("letter.xml"));
    {
        QFile f(messagePath);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QVERIFY(f.write(xml.toUtf8()) > 0);
    }
    // (Still a message the official schema accepts.)
    QProcess lint;
    lint.start(QStandardPaths::findExecutable(QStringLiteral("xmllint")),
        { QStringLiteral("--noout"), QStringLiteral("--nonet"), QStringLiteral("--schema"),
            kSource + QStringLiteral("/standards/xdomea/3.1.0/xdomea-Nachrichten-AbgabeDurchfuehren.xsd"),
            messagePath });
    QVERIFY(lint.waitForFinished(60000));
    QVERIFY2(lint.exitCode() == 0, lint.readAllStandardError().constData());
    const QString path = zip(xml, QStringLiteral("letter.zip"));
    QVERIFY(!path.isEmpty());
    const QStringList named = namedFiles(xml);
    const qsizetype files = QSet<QString>(named.cbegin(), named.cend()).size();
    QCOMPARE(files, 6);

    const auto before = xdomea::detail::readingsSoFar();
    auto result = xdomea::importPackage(*m_store, path, { QStringLiteral("m.yilmaz"), QStringLiteral("m.yilmaz"), {} });
    QVERIFY2(result.ok(), qPrintable(result.errorString()));
    const auto after = xdomea::detail::readingsSoFar();
    QCOMPARE(result->requestIds.size(), 4);
    // Each file twice: once checked and hashed before anything is written, once into the store.
    // (Before: the whole package once more per request the cover letter goes into, 6 + 4 × 6.)
    qInfo() << "readings" << after.files - before.files << "bytes" << after.bytes - before.bytes << "package"
            << packageBytes(xml);
    QCOMPARE(after.files - before.files, 2 * files);
    QCOMPARE(after.bytes - before.bytes, 2 * packageBytes(xml));
    // The cover letter in every request, each with its own stored copy of the same bytes.
    DocumentCache cache(*m_store);
    QStringList letters;
    for (const QString& id : std::as_const(result->requestIds)) {
        int found = 0;
        for (const Document& d : cache.documentsOf(id))
            if (d.title.contains(QStringLiteral("Zuständigkeitswechsel"))) {
                ++found;
                letters << d.id;
                auto bytes = cache.content(d.id);
                QVERIFY2(bytes.ok(), qPrintable(bytes.errorString()));
                QCOMPARE(bytes.value(), pdfFor(kLetter));
            }
        QCOMPARE(found, 1);
    }
    QCOMPARE(QSet<QString>(letters.cbegin(), letters.cend()).size(), 4);
    QCOMPARE(result->documents, 4 + 4 + 5); // the cover letter and the message in each, five own files
}

void TestXdomeaImportOnce::cancelWhileStoringLeavesNothing()
{
    const QString xml = coverLetterMessage();
    const QString path = zip(xml, QStringLiteral("cancel.zip"));
    QVERIFY(!path.isEmpty());
    const QStringList before = snapshot();
    // The progress runs over both readings (0 … 2 × the package); the cancel comes while the
    // last files are stored, after the cover letter went into the requests.
    qint64 last = -1, all = -1;
    int calls = 0;
    auto result = xdomea::importPackage(*m_store, path, { QStringLiteral("m.yilmaz"), QStringLiteral("m.yilmaz"), {} },
        {}, [&](qint64 done, qint64 total) {
            ++calls;
            last = done;
            all = total;
            return done < total - pdfFor(QStringLiteral("x")).size() / 2;
        });
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, Error::Cancelled);
    QCOMPARE(all, 2 * packageBytes(xml));
    QVERIFY2(last > packageBytes(xml) + pdfFor(kLetter).size(), qPrintable(QString::number(last)));
    QCOMPARE(calls, 12); // every file of both readings reported
    QCOMPARE(snapshot(), before);
    QVERIFY(xdomeaRequests().isEmpty());
}

QTEST_GUILESS_MAIN(TestXdomeaImportOnce)
#include "tst_xdomea_import_once.moc"
