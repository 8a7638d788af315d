// The redacted copy hides everything, not only the marked text: a PDF built here with qpdf carries a
// distinctive secret in every place a redacted copy has leaked from in practice (form field value and
// appearance under the mark, attachment name and bytes, bookmarks, document and field JavaScript,
// named destination, XMP, /Info, page label prefix, thumbnail, structure tree, a picture in a resource
// dictionary shared with an untouched page, an untouched page's annotation, a form XObject's
// metadata and associated file). The real `clerkdesk-cli pdf redact` applies one mark; the copy, decompressed by qpdf,
// holds none of the secrets in any encoding, passes `qpdf --check`, keeps the untouched pages' text,
// and what the CLI and the API report as removed is what was planted.
#include "core/pdf/Annotations.h"
#include "core/pdf/PdfExport.h"
#include "core/pdf/PdfLoad.h"
#include "core/pdf/Xfdf.h"

#include <QBuffer>
#include <QColor>
#include <QImage>
#include <QPdfDocument>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <qpdf/Buffer.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFWriter.hh>

using namespace clerk;
using namespace clerk::pdf;

namespace {

using Handle = QPDFObjectHandle;

// Every secret the hostile file carries; none may survive redaction.
const QStringList kSecrets { QStringLiteral("GEHEIM-SEITENTEXT"), QStringLiteral("SECRET-FORMVALUE"),
    QStringLiteral("SECRET-FIELDNAME"), QStringLiteral("SECRET-FIELD-SCRIPT"), QStringLiteral("SECRET-ATTACHNAME"),
    QStringLiteral("SECRET-ATTACHBYTES"), QStringLiteral("SECRET-BOOKMARK"), QStringLiteral("SECRET-SCRIPT-NAMES"),
    QStringLiteral("SECRET-SCRIPT-OPEN"), QStringLiteral("SECRET-DEST"), QStringLiteral("SECRET-XMP"),
    QStringLiteral("SECRET-INFO-TITLE"), QStringLiteral("SECRET-INFO-AUTHOR"), QStringLiteral("SECRET-LABEL"),
    QStringLiteral("SECRET-THUMB"), QStringLiteral("SECRET-SHARED-IMAGE"), QStringLiteral("SECRET-STRUCT-ALT"),
    QStringLiteral("SECRET-NOTE-CONTENTS"), QStringLiteral("SECRET-LINK"), QStringLiteral("SECRET-FORM-XMP"),
    QStringLiteral("SECRET-PIECEINFO"), QStringLiteral("SECRET-AF-BYTES"), QStringLiteral("SECRET-PATTERN-TEXT") };

// The redaction mark on page 1 (PDF space): it covers the secret line, the form field and the
// shared picture, nothing else.
const QRectF kMark(60, 600, 420, 120);

Handle name(const char* n)
{
    return Handle::newName(n);
}

Handle stream(QPDF& q, const std::string& data, const std::map<std::string, Handle>& dict = {})
{
    Handle s = Handle::newStream(&q, data);
    for (const auto& [key, value] : dict)
        s.getDict().replaceKey(key, value);
    return s;
}

Handle dictionary(const std::map<std::string, Handle>& items)
{
    Handle d = Handle::newDictionary();
    for (const auto& [key, value] : items)
        d.replaceKey(key, value);
    return d;
}

Handle array(const std::vector<Handle>& items)
{
    return Handle::newArray(items);
}

Handle rect(double x1, double y1, double x2, double y2)
{
    return Handle::newArray(QPDFObjectHandle::Rectangle(x1, y1, x2, y2));
}

// Three A4 pages. Page 1 (to be redacted): a secret line, a filled text field and a picture whose
// bytes are a secret, all under kMark, and a visible line; a thumbnail. Page 2 shares page 1's
// resource dictionary (with the secret picture in it), draws a form XObject carrying XMP and
// /PieceInfo, and has a link with an action. Page 3 has a square annotation with a secret comment;
// with `unreadablePage3` its content ends in a token qpdf cannot read.
QByteArray hostilePdf(bool unreadablePage3 = false)
{
    QPDF q;
    q.emptyPDF();
    Handle helv = q.makeIndirectObject(dictionary({ { "/Type", name("/Font") }, { "/Subtype", name("/Type1") },
        { "/BaseFont", name("/Helvetica") }, { "/Encoding", name("/WinAnsiEncoding") } }));
    const std::string secretImage = "SECRET-SHARED-IMAGE";
    Handle picture = q.makeIndirectObject(stream(q, secretImage,
        { { "/Type", name("/XObject") }, { "/Subtype", name("/Image") },
            { "/Width", Handle::newInteger(int(secretImage.size())) }, { "/Height", Handle::newInteger(1) },
            { "/ColorSpace", name("/DeviceGray") }, { "/BitsPerComponent", Handle::newInteger(8) } }));
    Handle formXmp = q.makeIndirectObject(stream(
        q, "<x:xmpmeta>SECRET-FORM-XMP</x:xmpmeta>", { { "/Type", name("/Metadata") }, { "/Subtype", name("/XML") } }));
    Handle form = q.makeIndirectObject(stream(q, "0 0 1 rg 0 0 40 20 re f\n",
        { { "/Type", name("/XObject") }, { "/Subtype", name("/Form") }, { "/BBox", rect(0, 0, 40, 20) },
            { "/Metadata", formXmp },
            { "/PieceInfo",
                dictionary(
                    { { "/ClerkTest", dictionary({ { "/Private", Handle::newString("SECRET-PIECEINFO") } }) } }) },
            // A PDF 2.0 associated file on the form: an attachment no catalogue lists.
            { "/AF",
                array({ dictionary({ { "/Type", name("/Filespec") }, { "/F", Handle::newString("form.txt") },
                    { "/EF",
                        dictionary({ { "/F",
                            q.makeIndirectObject(stream(
                                q, "SECRET-AF-BYTES", { { "/Type", name("/EmbeddedFile") } })) } }) } }) }) } }));
    // A tiling pattern whose cell is text: page 1 fills an area under the mark with it; qpdf's own
    // resource trimming leaves /Pattern whole.
    Handle pattern = q.makeIndirectObject(stream(q, "BT /F1 8 Tf 0 2 Td (SECRET-PATTERN-TEXT) Tj ET\n",
        { { "/Type", name("/Pattern") }, { "/PatternType", Handle::newInteger(1) },
            { "/PaintType", Handle::newInteger(1) }, { "/TilingType", Handle::newInteger(1) },
            { "/BBox", rect(0, 0, 120, 12) }, { "/XStep", Handle::newInteger(120) },
            { "/YStep", Handle::newInteger(12) },
            { "/Resources", dictionary({ { "/Font", dictionary({ { "/F1", helv } }) } }) } }));
    Handle shared = q.makeIndirectObject(dictionary({ { "/Font", dictionary({ { "/F1", helv } }) },
        { "/XObject", dictionary({ { "/ImS", picture }, { "/Fm1", form } }) },
        { "/Pattern", dictionary({ { "/PSecret", pattern } }) } }));

    QPDFPageDocumentHelper pages(q);
    const std::string contents[]
        = { "BT /F1 12 Tf 72 650 Td (GEHEIM-SEITENTEXT Kontonummer) Tj ET\nq 300 0 0 10 100 610 cm /ImS Do Q\n"
            "q /Pattern cs /PSecret scn 72 670 240 24 re f Q\n"
            "BT /F1 12 Tf 72 300 Td (Sichtbar bleibt das) Tj ET\n",
              "BT /F1 12 Tf 72 700 Td (Zweite Seite bleibt lesbar) Tj ET\nq 1 0 0 1 72 600 cm /Fm1 Do Q\n",
              std::string("BT /F1 12 Tf 72 700 Td (Dritte Seite Vollmacht) Tj ET\n")
                  + (unreadablePage3 ? "q (unterminated" : "") };
    for (const std::string& c : contents) {
        Handle page = dictionary({ { "/Type", name("/Page") }, { "/MediaBox", rect(0, 0, 595.28, 841.89) },
            { "/Resources", shared }, { "/Contents", stream(q, c) } });
        pages.addPage(QPDFPageObjectHelper(q.makeIndirectObject(page)), false);
    }
    std::vector<QPDFPageObjectHelper> all = pages.getAllPages();
    Handle p1 = all[0].getObjectHandle(), p2 = all[1].getObjectHandle(), p3 = all[2].getObjectHandle();
    p1.replaceKey("/Thumb",
        stream(q, "SECRET-THUMB",
            { { "/Width", Handle::newInteger(12) }, { "/Height", Handle::newInteger(1) },
                { "/ColorSpace", name("/DeviceGray") }, { "/BitsPerComponent", Handle::newInteger(8) } }));

    // A filled text field under the mark, with the value drawn by its appearance stream and a script.
    Handle ap = stream(q, "/Tx BMC BT /Helv 10 Tf 2 5 Td (SECRET-FORMVALUE) Tj ET EMC\n",
        { { "/Type", name("/XObject") }, { "/Subtype", name("/Form") }, { "/BBox", rect(0, 0, 228, 20) },
            { "/Resources", dictionary({ { "/Font", dictionary({ { "/Helv", helv } }) } }) } });
    Handle field = q.makeIndirectObject(dictionary({ { "/Type", name("/Annot") }, { "/Subtype", name("/Widget") },
        { "/FT", name("/Tx") }, { "/T", Handle::newString("SECRET-FIELDNAME") },
        { "/V", Handle::newString("SECRET-FORMVALUE") }, { "/Rect", rect(72, 680, 300, 700) },
        { "/F", Handle::newInteger(4) }, { "/P", p1 }, { "/DA", Handle::newString("/Helv 10 Tf 0 g") },
        { "/AP", dictionary({ { "/N", q.makeIndirectObject(ap) } }) },
        { "/AA",
            dictionary({ { "/K",
                dictionary({ { "/S", name("/JavaScript") },
                    { "/JS", Handle::newString("app.alert('SECRET-FIELD-SCRIPT')") } }) } }) } }));
    p1.replaceKey("/Annots", array({ field }));
    // A link with an action on page 2; a square with a secret comment (and a red frame) on page 3.
    Handle link = dictionary({ { "/Type", name("/Annot") }, { "/Subtype", name("/Link") },
        { "/Rect", rect(72, 690, 260, 715) },
        { "/A",
            dictionary({ { "/S", name("/URI") }, { "/URI", Handle::newString("https://SECRET-LINK.example") } }) } });
    p2.replaceKey("/Annots", array({ q.makeIndirectObject(link) }));
    Handle frame = stream(q, "1 0 0 RG 3 w 2 2 196 56 re S\n",
        { { "/Type", name("/XObject") }, { "/Subtype", name("/Form") }, { "/BBox", rect(0, 0, 200, 60) } });
    Handle square = dictionary(
        { { "/Type", name("/Annot") }, { "/Subtype", name("/Square") }, { "/Rect", rect(300, 400, 500, 460) },
            { "/F", Handle::newInteger(4) }, { "/Contents", Handle::newString("SECRET-NOTE-CONTENTS") },
            { "/AP", dictionary({ { "/N", q.makeIndirectObject(frame) } }) } });
    p3.replaceKey("/Annots", array({ q.makeIndirectObject(square) }));

    Handle root = q.getRoot();
    root.replaceKey("/AcroForm",
        dictionary({ { "/Fields", array({ field }) }, { "/DA", Handle::newString("/Helv 0 Tf 0 g") },
            { "/DR", dictionary({ { "/Font", dictionary({ { "/Helv", helv } }) } }) } }));
    Handle attachment = stream(q, "Original des Antrags: SECRET-ATTACHBYTES", { { "/Type", name("/EmbeddedFile") } });
    Handle filespec = dictionary({ { "/Type", name("/Filespec") }, { "/F", Handle::newString("SECRET-ATTACHNAME.txt") },
        { "/UF", Handle::newUnicodeString("SECRET-ATTACHNAME.txt") },
        { "/EF", dictionary({ { "/F", q.makeIndirectObject(attachment) } }) } });
    Handle script = dictionary(
        { { "/S", name("/JavaScript") }, { "/JS", Handle::newString("app.alert('SECRET-SCRIPT-NAMES')") } });
    root.replaceKey("/Names",
        dictionary(
            { { "/EmbeddedFiles",
                  dictionary({ { "/Names",
                      array({ Handle::newString("SECRET-ATTACHNAME.txt"), q.makeIndirectObject(filespec) }) } }) },
                { "/JavaScript",
                    dictionary({ { "/Names", array({ Handle::newString("init"), q.makeIndirectObject(script) }) } }) },
                { "/Dests",
                    dictionary({ { "/Names",
                        array({ Handle::newString("SECRET-DEST"),
                            array({ p1, name("/XYZ"), Handle::newInteger(0), Handle::newInteger(800),
                                Handle::newInteger(0) }) }) } }) } }));
    root.replaceKey("/OpenAction",
        dictionary({ { "/S", name("/JavaScript") }, { "/JS", Handle::newString("app.alert('SECRET-SCRIPT-OPEN')") } }));
    Handle outlines
        = q.makeIndirectObject(dictionary({ { "/Type", name("/Outlines") }, { "/Count", Handle::newInteger(2) } }));
    Handle top = q.makeIndirectObject(dictionary({ { "/Title", Handle::newString("SECRET-BOOKMARK Kontostand") },
        { "/Parent", outlines }, { "/Dest", array({ p1, name("/Fit") }) }, { "/Count", Handle::newInteger(1) } }));
    Handle child
        = q.makeIndirectObject(dictionary({ { "/Title", Handle::newUnicodeString("SECRET-BOOKMARK Unterpunkt \u011e") },
            { "/Parent", top }, { "/Dest", array({ p2, name("/Fit") }) } }));
    top.replaceKey("/First", child);
    top.replaceKey("/Last", child);
    outlines.replaceKey("/First", top);
    outlines.replaceKey("/Last", top);
    root.replaceKey("/Outlines", outlines);
    root.replaceKey("/Metadata",
        q.makeIndirectObject(stream(q, "<?xpacket begin=''?><x:xmpmeta xmlns:x='adobe:ns:meta/'>SECRET-XMP</x:xmpmeta>",
            { { "/Type", name("/Metadata") }, { "/Subtype", name("/XML") } })));
    root.replaceKey("/PageLabels",
        dictionary({ { "/Nums",
            array({ Handle::newInteger(0),
                dictionary({ { "/S", name("/D") }, { "/P", Handle::newString("SECRET-LABEL-") } }),
                Handle::newInteger(2), dictionary({ { "/S", name("/r") }, { "/St", Handle::newInteger(4) } }) }) } }));
    Handle structRoot = q.makeIndirectObject(dictionary({ { "/Type", name("/StructTreeRoot") } }));
    structRoot.replaceKey("/K",
        dictionary({ { "/Type", name("/StructElem") }, { "/S", name("/Figure") }, { "/P", structRoot }, { "/Pg", p1 },
            { "/Alt", Handle::newString("SECRET-STRUCT-ALT") } }));
    root.replaceKey("/StructTreeRoot", structRoot);
    root.replaceKey("/MarkInfo", dictionary({ { "/Marked", Handle::newBool(true) } }));
    // /Author outside PDFDocEncoding: qpdf writes it as UTF-16BE.
    q.getTrailer().replaceKey("/Info",
        q.makeIndirectObject(dictionary({ { "/Title", Handle::newString("SECRET-INFO-TITLE") },
            { "/Author", Handle::newUnicodeString("SECRET-INFO-AUTHOR \u011e\u0131") } })));

    QPDFWriter w(q);
    w.setOutputMemory();
    w.setObjectStreamMode(qpdf_o_generate); // compressed as a real file would be
    w.setCompressStreams(true);
    w.write();
    auto buffer = w.getBufferSharedPointer();
    return QByteArray(reinterpret_cast<const char*>(buffer->getBuffer()), qsizetype(buffer->getSize()));
}

// Two pages, but the root /Pages says /Count 1: Qt PDF (PDFium trusts /Count) shows one page, qpdf
// walks /Kids and finds the second, which carries a secret.
QByteArray hiddenPagePdf()
{
    QPDF q;
    q.emptyPDF();
    Handle helv = q.makeIndirectObject(dictionary({ { "/Type", name("/Font") }, { "/Subtype", name("/Type1") },
        { "/BaseFont", name("/Helvetica") }, { "/Encoding", name("/WinAnsiEncoding") } }));
    QPDFPageDocumentHelper pages(q);
    for (const char* text : { "Erste Seite sichtbar", "SECRET-HIDDEN-PAGE" }) {
        Handle page = dictionary({ { "/Type", name("/Page") }, { "/MediaBox", rect(0, 0, 595.28, 841.89) },
            { "/Resources", dictionary({ { "/Font", dictionary({ { "/F1", helv } }) } }) },
            { "/Contents", stream(q, std::string("BT /F1 12 Tf 72 700 Td (") + text + ") Tj ET\n") } });
        pages.addPage(QPDFPageObjectHelper(q.makeIndirectObject(page)), false);
    }
    q.getRoot().getKey("/Pages").replaceKey("/Count", Handle::newInteger(1));
    QPDFWriter w(q);
    w.setOutputMemory();
    w.write();
    auto buffer = w.getBufferSharedPointer();
    return QByteArray(reinterpret_cast<const char*>(buffer->getBuffer()), qsizetype(buffer->getSize()));
}

// Every way a secret can stand in a decompressed PDF: as bytes, as UTF-16BE, and either as hex.
QList<QByteArray> encodings(const QString& secret)
{
    const QByteArray ascii = secret.toLatin1();
    QByteArray utf16;
    for (const QChar c : secret)
        utf16 += char(c.unicode() >> 8) + QByteArray(1, char(c.unicode() & 0xff));
    return { ascii, utf16, ascii.toHex(), utf16.toHex() };
}

// The secrets found in `pdf` (searched case-insensitively, so hex digits match in either case).
QStringList secretsIn(const QByteArray& pdf)
{
    const QByteArray lower = pdf.toLower();
    QStringList found;
    for (const QString& secret : kSecrets)
        for (const QByteArray& form : encodings(secret))
            if (lower.contains(form.toLower())) {
                found << secret;
                break;
            }
    return found;
}

QString tool(const QString& name)
{
    return QStandardPaths::findExecutable(name);
}

// Output and exit code; -1 when the program does not start or crashes.
QString run(const QString& program, const QStringList& args, int* exitCode)
{
    QProcess p;
    p.start(program, args);
    const bool finished = p.waitForFinished(120000) && p.exitStatus() == QProcess::NormalExit;
    *exitCode = finished ? p.exitCode() : -1;
    return QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
}

bool writeFile(const QString& path, const QByteArray& data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
}

QByteArray readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

Annotation mark()
{
    Annotation a;
    a.id = QStringLiteral("7c1f4a52-1f0e-4b8e-9a52-c1e4f7d2a001");
    a.documentId = QStringLiteral("document");
    a.page = 0;
    a.type = AnnotationType::Redact;
    a.author = QStringLiteral("mkeller");
    a.createdAt = a.modifiedAt = QDateTime(QDate(2026, 12, 2), QTime(7, 0), QTimeZone::UTC);
    Geometry::setRect(a, kMark);
    return a;
}

} // namespace

class TestRedaction : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cliRedactionLeavesNoSecretAnywhere();
    void reportCountsWhatWasPlanted();
    void textLayerSeesOnlyTheBlackedOutPicture();
    void unreadableUntouchedPageIsCopiedAsAPicture();
    void pagesTheViewerDoesNotShowAreRefused();

private:
    // `pdf` decompressed by qpdf (--qdf --object-streams=disable): every stream in the clear.
    QByteArray decompressed(const QString& pdfPath)
    {
        const QString out = pdfPath + QStringLiteral(".qdf");
        int rc = -1;
        const QString log
            = run(m_qpdf, { QStringLiteral("--qdf"), QStringLiteral("--object-streams=disable"), pdfPath, out }, &rc);
        if (rc != 0 && rc != 3) // 3: warnings only
            qWarning("qpdf --qdf: %s", qPrintable(log));
        return rc == 0 || rc == 3 ? readFile(out) : QByteArray();
    }

    QTemporaryDir m_dir;
    QString m_qpdf, m_pdftotext;
    QByteArray m_hostile;
};

void TestRedaction::initTestCase()
{
    m_qpdf = tool(QStringLiteral("qpdf"));
    m_pdftotext = tool(QStringLiteral("pdftotext"));
    QVERIFY2(!m_qpdf.isEmpty(), "qpdf is needed");
    QVERIFY2(!m_pdftotext.isEmpty(), "pdftotext (poppler-utils) is needed");
    m_hostile = hostilePdf();
    // The search can find every secret: all of them are in the original, once decompressed, and
    // none of them in its compressed bytes only (the check on compressed output proved little).
    const QString original = m_dir.filePath(QStringLiteral("hostile.pdf"));
    QVERIFY(writeFile(original, m_hostile));
    const QByteArray clear = decompressed(original);
    QVERIFY(!clear.isEmpty());
    const QStringList planted = secretsIn(clear);
    QCOMPARE(planted, kSecrets);
    QVERIFY2(secretsIn(m_hostile).size() < kSecrets.size(), qPrintable(secretsIn(m_hostile).join(u' ')));
    // The author is there as UTF-16BE only, so that encoding is looked for too.
    QVERIFY(!clear.toLower().contains("secret-info-author"));
}

void TestRedaction::cliRedactionLeavesNoSecretAnywhere()
{
    const QString in = m_dir.filePath(QStringLiteral("hostile.pdf")),
                  xfdf = m_dir.filePath(QStringLiteral("mark.xfdf")),
                  out = m_dir.filePath(QStringLiteral("redacted.pdf"));
    QVERIFY(writeFile(xfdf, Xfdf::write({ mark() }, QStringLiteral("hostile.pdf"))));
    int rc = -1;
    const QString said = run(
        QStringLiteral(CLERKDESK_CLI_PATH), { QStringLiteral("pdf"), QStringLiteral("redact"), in, xfdf, out }, &rc);
    QVERIFY2(rc == 0, qPrintable(said));
    // What was removed, in the words of the viewer's preview (English source strings: no translator).
    QVERIFY2(said.contains(QLatin1String("1 redaction mark(s) applied\n")), qPrintable(said));
    QVERIFY2(said.contains(QLatin1String(
                 "1 form field(s), 1 attachment(s), 2 bookmark(s), 4 script(s) or action(s), "
                 "1 named destination(s), 1 page label text(s), 1 thumbnail(s), 3 metadata record(s) removed\n")),
        qPrintable(said));

    // No secret anywhere in the file, every stream decompressed.
    const QByteArray clear = decompressed(out);
    QVERIFY(clear.size() > 100000); // the page picture, in the clear
    const QStringList left = secretsIn(clear);
    QVERIFY2(left.isEmpty(), qPrintable(left.join(QLatin1String(", "))));
    for (const char* key : { "/AcroForm", "/Outlines", "/Names", "/OpenAction", "/JavaScript", "/EmbeddedFile",
             "/StructTreeRoot", "/MarkInfo", "/Metadata", "/Thumb", "/Annots", "/PieceInfo", "/Info", "/AA", "/Dests" })
        QVERIFY2(!clear.contains(QByteArray(key) + ' ') && !clear.contains(QByteArray(key) + '\n')
                && !clear.contains(QByteArray(key) + '<') && !clear.contains(QByteArray(key) + '['),
            key);
    // Page labels keep their numbering, without the prefix.
    QVERIFY2(clear.contains("/PageLabels"), "page labels without text are kept");
    QVERIFY(clear.contains("/St 4"));

    // qpdf finds the copy sound.
    const QString check = run(m_qpdf, { QStringLiteral("--check"), out }, &rc);
    QVERIFY2(rc == 0, qPrintable(check));

    // Untouched pages keep their text (poppler and Qt PDF); the redacted page has none.
    for (int page : { 2, 3 }) {
        const QString text = run(m_pdftotext,
            { QStringLiteral("-f"), QString::number(page), QStringLiteral("-l"), QString::number(page), out,
                QStringLiteral("-") },
            &rc);
        QVERIFY2(rc == 0, qPrintable(text));
        QVERIFY2(text.contains(
                     page == 2 ? QLatin1String("Zweite Seite bleibt lesbar") : QLatin1String("Dritte Seite Vollmacht")),
            qPrintable(text));
    }
    const QString first = run(m_pdftotext,
        { QStringLiteral("-f"), QStringLiteral("1"), QStringLiteral("-l"), QStringLiteral("1"), out,
            QStringLiteral("-") },
        &rc);
    QCOMPARE(rc, 0);
    QVERIFY2(first.trimmed().isEmpty(), qPrintable(first));
    const QByteArray copy = readFile(out);
    QBuffer buffer;
    buffer.setData(copy);
    buffer.open(QIODevice::ReadOnly);
    QPdfDocument doc;
    QVERIFY(loadAndWait(doc, &buffer));
    QCOMPARE(doc.pageCount(), 3);
    QVERIFY(doc.getAllText(1).text().contains(QLatin1String("Zweite Seite bleibt lesbar")));
    // Page 2 still draws its form XObject from the resource dictionary it shared with page 1.
    const QImage page2 = doc.render(1, doc.pagePointSize(1).toSize());
    const QColor blue = page2.pixelColor(QPoint(72 + 20, int(841.89 - 610)));
    QVERIFY2(blue.blue() > 200 && blue.red() < 60 && blue.alpha() > 200, qPrintable(blue.name(QColor::HexArgb)));
    // Page 3's square is gone as an annotation but still drawn: its appearance went into the page.
    const QImage page3 = doc.render(2, doc.pagePointSize(2).toSize());
    const QColor frame = page3.pixelColor(QPoint(300 + 2, int(841.89 - 430)));
    QVERIFY2(frame.red() > 150 && frame.green() < 100 && frame.alpha() > 200, qPrintable(frame.name(QColor::HexArgb)));
    // Page 1 still shows what was not marked (a picture of it).
    const QImage page1 = doc.render(0, doc.pagePointSize(0).toSize());
    QCOMPARE(page1.pixelColor(QPoint(int(kMark.center().x()), int(841.89 - kMark.center().y()))), QColor(Qt::black));
}

void TestRedaction::reportCountsWhatWasPlanted()
{
    auto result = PdfExport::redacted(m_hostile, { mark() });
    QVERIFY2(result, qPrintable(result.errorString()));
    const RedactionReport& r = result->removed;
    QCOMPARE(r.marks, 1);
    QCOMPARE(r.redactedPages, 1);
    QCOMPARE(r.formFields, 1);
    QCOMPARE(r.attachments, 1);
    QCOMPARE(r.bookmarks, 2);
    QCOMPARE(r.actions, 4); // document JavaScript, /OpenAction, the field's keystroke script, the link
    QCOMPARE(r.namedDestinations, 1);
    QCOMPARE(r.pageLabels, 1);
    QCOMPARE(r.thumbnails, 1);
    QCOMPARE(r.metadata, 3); // /Info, the document's XMP, the form XObject's XMP
    QCOMPARE(r.removedTotal(), 14);
    QVERIFY(secretsIn(result->pdf).isEmpty());

    // The copy itself carries none of it: redacting it again reports nothing.
    auto again = PdfExport::redacted(result->pdf, {});
    QVERIFY2(again, qPrintable(again.errorString()));
    QCOMPARE(again->removed.removedTotal(), 0);
    QVERIFY(PdfExport::removedSummary(again->removed).isEmpty());
}

void TestRedaction::textLayerSeesOnlyTheBlackedOutPicture()
{
    // The OCR seam: it is handed the page picture with the boxes already black, and what it returns
    // becomes searchable text on the picture page.
    int calls = 0;
    QColor underMark;
    auto textLayer = [&](int page, const QImage& picture, double dpi) {
        ++calls;
        const double scale = dpi / 72.0;
        underMark
            = picture.pixelColor(QPoint(int(kMark.center().x() * scale), int((841.89 - kMark.center().y()) * scale)));
        return page == 0 ? QList<TextRun> { { QStringLiteral("Sichtbar bleibt das"), QRectF(72, 297, 110, 14) } }
                         : QList<TextRun> {};
    };
    auto result = PdfExport::redacted(m_hostile, { mark() }, 100, textLayer);
    QVERIFY2(result, qPrintable(result.errorString()));
    QCOMPARE(calls, 1);
    QCOMPARE(underMark, QColor(Qt::black));
    QBuffer buffer;
    buffer.setData(result->pdf);
    buffer.open(QIODevice::ReadOnly);
    QPdfDocument doc;
    QVERIFY(loadAndWait(doc, &buffer));
    QVERIFY2(
        doc.getAllText(0).text().contains(QLatin1String("Sichtbar bleibt das")), qPrintable(doc.getAllText(0).text()));
    QVERIFY(secretsIn(result->pdf).isEmpty());
}

void TestRedaction::unreadableUntouchedPageIsCopiedAsAPicture()
{
    // qpdf cannot tell which resources page 3 uses, so it would keep the whole dictionary it shares
    // with page 1, secret picture included: the page is copied as a picture instead.
    auto result = PdfExport::redacted(hostilePdf(true), { mark() }, 100);
    QVERIFY2(result, qPrintable(result.errorString()));
    const QString path = m_dir.filePath(QStringLiteral("unreadable.pdf"));
    QVERIFY(writeFile(path, result->pdf));
    const QByteArray clear = decompressed(path);
    QVERIFY(!clear.isEmpty());
    const QStringList left = secretsIn(clear);
    QVERIFY2(left.isEmpty(), qPrintable(left.join(QLatin1String(", "))));
    QBuffer buffer;
    buffer.setData(result->pdf);
    buffer.open(QIODevice::ReadOnly);
    QPdfDocument doc;
    QVERIFY(loadAndWait(doc, &buffer));
    QVERIFY(doc.getAllText(1).text().contains(QLatin1String("Zweite Seite bleibt lesbar")));
    QVERIFY2(doc.getAllText(2).text().trimmed().isEmpty(), qPrintable(doc.getAllText(2).text()));
}

void TestRedaction::pagesTheViewerDoesNotShowAreRefused()
{
    const QByteArray pdf = hiddenPagePdf();
    // The premise: Qt PDF shows one page, qpdf finds two.
    QBuffer buffer;
    buffer.setData(pdf);
    buffer.open(QIODevice::ReadOnly);
    QPdfDocument shown;
    QVERIFY(loadAndWait(shown, &buffer));
    QCOMPARE(shown.pageCount(), 1);
    auto info = PdfExport::info(pdf);
    QVERIFY2(info, qPrintable(info.errorString()));
    QCOMPARE(info->pages, 2);
    // No copy, with or without a mark on the page the clerk saw: it would carry page 2 unseen.
    for (const QList<Annotation>& marks : { QList<Annotation> {}, QList<Annotation> { mark() } }) {
        auto result = PdfExport::redacted(pdf, marks, 100);
        QVERIFY(!result);
        QVERIFY2(result.errorString().contains(QLatin1String("lists its pages inconsistently")),
            qPrintable(result.errorString()));
        QVERIFY2(result.errorString().contains(QLatin1String("shows 1 page(s), but the file holds 2")),
            qPrintable(result.errorString()));
    }
}

QTEST_MAIN(TestRedaction)
#include "tst_redaction.moc"
