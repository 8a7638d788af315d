// The viewer's PDF core: annotation geometry, annotated copies (read back by Qt PDF and by poppler,
// a peer implementation), flattening, redaction that really removes the covered text, XFDF round
// trips and hostile XFDF, undo/redo on a real encrypted store, and damaged PDFs.
#include "../common/ScanPdf.h"
#include "core/pdf/AnnotationHistory.h"
#include "core/pdf/Annotations.h"
#include "core/pdf/PageRaster.h"
#include "core/pdf/PdfExport.h"
#include "core/pdf/PdfLoad.h"
#include "core/pdf/SimplePdf.h"
#include "core/pdf/Xfdf.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"

#include <QBuffer>
#include <QImage>
#include <QPainter>
#include <QPdfDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using namespace clerk;
using namespace clerk::pdf;
using namespace clerk::test;

namespace {

constexpr double H = SimplePdf::kA4Height;

// Three pages; page 1 has a secret line and a visible line, pages 2 and 3 plain text.
QByteArray sample()
{
    SimplePdf p;
    p.setTitle(QStringLiteral("Bauantrag Müller"));
    p.newPage();
    p.text(72, 100, QStringLiteral("Bauvorhaben Gartenhaus"), 12);
    p.text(72, 200, QStringLiteral("GEHEIMNIS Kontonummer"), 12);
    p.text(72, 400, QStringLiteral("Sichtbar bleibt das"), 12);
    p.newPage();
    p.text(72, 100, QStringLiteral("Zweite Seite Lageplan"), 12);
    p.newPage();
    p.text(72, 100, QStringLiteral("Dritte Seite Vollmacht"), 12);
    return p.toPdf();
}

// Mean absolute difference per channel of two page pictures, each laid on white paper.
double meanDifference(const QImage& a, const QImage& b)
{
    auto onWhite = [](const QImage& img) {
        QImage out(img.size(), QImage::Format_RGB32);
        out.fill(Qt::white);
        QPainter p(&out);
        p.drawImage(0, 0, img);
        return out;
    };
    const QImage x = onWhite(a), y = onWhite(b);
    double sum = 0;
    for (int row = 0; row < x.height(); ++row) {
        const auto* l = reinterpret_cast<const QRgb*>(x.constScanLine(row));
        const auto* r = reinterpret_cast<const QRgb*>(y.constScanLine(row));
        for (int col = 0; col < x.width(); ++col)
            sum += std::abs(qRed(l[col]) - qRed(r[col])) + std::abs(qGreen(l[col]) - qGreen(r[col]))
                + std::abs(qBlue(l[col]) - qBlue(r[col]));
    }
    return sum / (3.0 * x.width() * x.height());
}

// The PDF-space box of a line of 12 pt text written at SimplePdf y (from the top).
QRectF lineBox(double yFromTop, double width = 150)
{
    const double baseline = H - yFromTop;
    return QRectF(QPointF(70, baseline - 3), QPointF(70 + width, baseline + 11));
}

Annotation make(AnnotationType type, int page = 0)
{
    Annotation a;
    a.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    a.documentId = QStringLiteral("doc-1");
    a.page = page;
    a.type = type;
    a.color = annotationColor(type);
    a.author = QStringLiteral("mkeller");
    a.createdAt = a.modifiedAt = QDateTime(QDate(2026, 11, 26), QTime(10, 30), QTimeZone::UTC);
    return a;
}

// One of every type, on page 1.
QList<Annotation> everyType()
{
    QList<Annotation> all;
    Annotation h = make(AnnotationType::Highlight);
    Geometry::setQuads(h, { Geometry::quadOf(lineBox(100)) });
    all << h;
    Annotation u = make(AnnotationType::Underline);
    Geometry::setQuads(u, { Geometry::quadOf(lineBox(400, 100)) });
    all << u;
    Annotation s = make(AnnotationType::StrikeOut, 1);
    Geometry::setQuads(s, { Geometry::quadOf(lineBox(100, 120)) });
    all << s;
    Annotation n = make(AnnotationType::Note);
    Geometry::setRect(n, QRectF(400, 700, 20, 20));
    n.text = QStringLiteral("Bitte Nachweis anfordern");
    all << n;
    Annotation f = make(AnnotationType::FreeText);
    Geometry::setRect(f, QRectF(300, 500, 200, 40));
    f.text = QStringLiteral("Rückfrage an Antragstellerin");
    all << f;
    Annotation i = make(AnnotationType::Ink);
    Geometry::setInk(
        i, { QPolygonF { { 100, 300 }, { 150, 320 }, { 200, 300 } }, QPolygonF { { 100, 280 }, { 200, 280 } } }, 2);
    all << i;
    Annotation r = make(AnnotationType::Rect);
    Geometry::setRect(r, QRectF(60, 150, 220, 40));
    all << r;
    Annotation st = make(AnnotationType::Stamp, 2);
    Geometry::setRect(st, QRectF(350, 600, 180, 60));
    st.text = stampLabel(QStringLiteral("approved"));
    all << st;
    return all;
}

// Qt PDF leaves the paper transparent; the tests look at it on white, as the viewer shows it.
QImage onWhite(const QImage& rendered)
{
    QImage out(rendered.size(), QImage::Format_RGB32);
    out.fill(Qt::white);
    QPainter p(&out);
    p.drawImage(0, 0, rendered);
    return out;
}

QImage renderWithAnnotations(const QByteArray& pdf, int page, double scale = 1.0)
{
    QBuffer buffer;
    buffer.setData(pdf);
    buffer.open(QIODevice::ReadOnly);
    QPdfDocument doc;
    if (!loadAndWait(doc, &buffer))
        return {};
    QPdfDocumentRenderOptions options;
    options.setRenderFlags(QPdfDocumentRenderOptions::RenderFlag::Annotations);
    return onWhite(doc.render(page, (doc.pagePointSize(page) * scale).toSize(), options));
}

QColor pixelAt(const QImage& image, QPointF pdfPoint, double scale = 1.0)
{
    const QPointF p = Geometry::toView(QRectF(0, 0, SimplePdf::kA4Width, H), 0, scale).map(pdfPoint);
    return image.pixelColor(p.toPoint());
}

// A peer tool from the development root (tools/devroot-packages.txt: qpdf, poppler-utils,
// libxml2-utils); the tests QVERIFY that it exists instead of skipping what needs it.
QString tool(const QString& name)
{
    return QStandardPaths::findExecutable(name);
}

// Output and exit code of `program`; a program that does not start or crashes gives -1, never the
// 0 that QProcess reports for a process that never ran.
QString run(const QString& program, const QStringList& args, int* exitCode = nullptr)
{
    QProcess p;
    p.start(program, args);
    const bool finished = p.waitForFinished(60000) && p.exitStatus() == QProcess::NormalExit;
    if (exitCode)
        *exitCode = finished ? p.exitCode() : -1;
    return QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
}

bool writeFile(const QString& path, const QByteArray& data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
}

} // namespace

class TestPdf : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void geometryRoundTripsAtEveryZoomAndRotation();
    void annotatedCopyIsReadByQtPdfAndPoppler();
    void flattenedCopyKeepsTheMarksInThePage();
    void readAnnotationsGivesBackWhatWasWritten();
    void redactionRemovesTheCoveredText();
    void redactionOnARotatedPageCoversTheMarkedArea();
    void xfdfRoundTrip();
    void xfdfRefusesHostileInput_data();
    void xfdfRefusesHostileInput();
    void undoRedoChangesTheStoreAndTheOutbox();
    void damagedPdfsGetClearErrors();
    void scannedPagesRenderLikePdfium();
    void pagesThatAreNotPlainScansGoToPdfium();
    void protectedPdfRendersWithItsPassword();
    void pageSizesAgreeWithQtPdf();
    void annotationsTheFileCarriesAreDrawn();
    void cliCommands();

private:
    // The PDF encrypted by qpdf (a peer tool) with the user password "geheim"; empty on failure.
    QByteArray lockedCopy(const QByteArray& pdf, const QString& stem)
    {
        const QString in = m_dir.filePath(stem + QStringLiteral(".pdf")),
                      locked = m_dir.filePath(stem + QStringLiteral("-locked.pdf"));
        int rc = -1;
        if (!writeFile(in, pdf))
            return {};
        run(tool(QStringLiteral("qpdf")),
            { QStringLiteral("--encrypt"), QStringLiteral("geheim"), QStringLiteral("owner"), QStringLiteral("256"),
                QStringLiteral("--"), in, locked },
            &rc);
        QFile f(locked);
        return rc == 0 && f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

    QTemporaryDir m_dir;
};

void TestPdf::geometryRoundTripsAtEveryZoomAndRotation()
{
    const QRectF box(0, 0, 595.28, 841.89);
    const QRectF shifted(20, 30, 500, 700); // a CropBox that does not start at the origin
    const QPointF point(123.4, 567.8);
    for (const QRectF& b : { box, shifted })
        for (double zoom : { 0.25, 0.5, 1.0, 1.5, 2.0, 4.0 })
            for (int rotation : { 0, 90, 180, 270, 360 + 90 }) {
                const QTransform t = Geometry::toView(b, rotation, zoom);
                bool invertible = false;
                const QTransform back = t.inverted(&invertible);
                QVERIFY(invertible);
                const QPointF there = back.map(t.map(point));
                QVERIFY2(qAbs(there.x() - point.x()) < 1e-9 && qAbs(there.y() - point.y()) < 1e-9,
                    qPrintable(QStringLiteral("zoom %1 rotation %2").arg(zoom).arg(rotation)));
                // The page's corners land on the corners of the shown page.
                const QSizeF shown = (rotation % 180 ? QSizeF(b.height(), b.width()) : b.size()) * zoom;
                const QRectF mapped = t.mapRect(b);
                QVERIFY(qAbs(mapped.left()) < 1e-9 && qAbs(mapped.top()) < 1e-9);
                QVERIFY(qAbs(mapped.width() - shown.width()) < 1e-6 && qAbs(mapped.height() - shown.height()) < 1e-6);
            }
    // Concretely: at 0° the top left of the page is the top left of the view; at 90° clockwise the
    // page's top left goes to the view's top right.
    QCOMPARE(Geometry::toView(box, 0, 1).map(QPointF(0, box.height())), QPointF(0, 0));
    const QPointF turned = Geometry::toView(box, 90, 1).map(QPointF(0, box.height()));
    QVERIFY(qAbs(turned.x() - box.height()) < 1e-9 && qAbs(turned.y()) < 1e-9);

    // Moving and resizing keep the shape: quads and strokes follow the box.
    Annotation ink = make(AnnotationType::Ink);
    Geometry::setInk(ink, { QPolygonF { { 100, 100 }, { 200, 200 } } }, 2);
    Geometry::translate(ink, 10, -5);
    QCOMPARE(Geometry::ink(ink).first().first(), QPointF(110, 95));
    Geometry::fitInto(ink, QRectF(0, 0, 404, 404));
    // The box was grown by half the line width (109..211 after the move): 210 lands at 101 * 404 / 102.
    QVERIFY(qAbs(Geometry::ink(ink).first().last().x() - 101.0 * 404 / 102) < 1e-6);
    QVERIFY(Geometry::problem(ink).isEmpty());
    Annotation bad = make(AnnotationType::Highlight);
    Geometry::setRect(bad, QRectF(0, 0, 10, 10));
    QVERIFY(!Geometry::problem(bad).isEmpty()); // a highlight needs its quads
}

void TestPdf::annotatedCopyIsReadByQtPdfAndPoppler()
{
    const QByteArray original = sample();
    const QList<Annotation> all = everyType();
    auto copy = PdfExport::annotated(original, all);
    QVERIFY2(copy, qPrintable(copy.errorString()));
    QVERIFY(copy->size() > original.size());

    auto info = PdfExport::info(copy.value());
    QVERIFY(info);
    QCOMPARE(info->pages, 3);
    QCOMPARE(info->annotations, all.size());

    // Qt PDF (PDFium) draws the appearance streams where they belong.
    const QImage page1 = renderWithAnnotations(copy.value(), 0);
    QVERIFY(!page1.isNull());
    const QColor highlight = pixelAt(page1, lineBox(100).center() + QPointF(40, 3)); // between letters
    QVERIFY2(highlight.red() > 200 && highlight.green() > 170 && highlight.blue() < 80, qPrintable(highlight.name()));
    const QColor frame = pixelAt(page1, QPointF(60 + 1, 170)); // left edge of the rectangle
    QVERIFY2(frame.red() > 150 && frame.green() < 100, qPrintable(frame.name()));
    const QColor untouched = pixelAt(page1, QPointF(500, 100));
    QCOMPARE(untouched, QColor(Qt::white));
    const QImage page3 = renderWithAnnotations(copy.value(), 2);
    const QColor stamp = pixelAt(page3, QPointF(350 + 1.5, 630)); // the stamp's frame
    QVERIFY2(stamp.green() > stamp.red() + 40, qPrintable(stamp.name()));

    // Without the annotation flag the page is exactly as before: the original content is untouched.
    {
        auto plain = [](const QByteArray& pdf) {
            QBuffer b;
            b.setData(pdf);
            b.open(QIODevice::ReadOnly);
            QPdfDocument doc;
            return loadAndWait(doc, &b) ? onWhite(doc.render(0, doc.pagePointSize(0).toSize())) : QImage();
        };
        const QImage before = plain(original), after = plain(copy.value());
        QVERIFY(!before.isNull());
        QCOMPARE(after, before);
    }

    // poppler, a peer implementation, reads the copy: text, pages, and the highlight rendered.
    const QString pdftoppm = tool(QStringLiteral("pdftoppm")), pdftotext = tool(QStringLiteral("pdftotext")),
                  pdfinfo = tool(QStringLiteral("pdfinfo")), qpdf = tool(QStringLiteral("qpdf"));
    QVERIFY2(
        !pdftoppm.isEmpty() && !pdftotext.isEmpty() && !pdfinfo.isEmpty() && !qpdf.isEmpty(), "poppler-utils and qpdf");
    const QString path = m_dir.filePath(QStringLiteral("annotated.pdf"));
    QVERIFY(writeFile(path, copy.value()));
    const QString pdfinfoOut = run(pdfinfo, { path });
    QVERIFY2(pdfinfoOut.contains(QRegularExpression(QStringLiteral("Pages:\\s+3"))), qPrintable(pdfinfoOut));
    QVERIFY(run(pdftotext, { path, QStringLiteral("-") }).contains(QLatin1String("Bauvorhaben Gartenhaus")));
    int rc = -1;
    const QString check = run(qpdf, { QStringLiteral("--check"), path }, &rc);
    QVERIFY2(rc == 0, qPrintable(check));
    run(pdftoppm,
        { QStringLiteral("-r"), QStringLiteral("72"), QStringLiteral("-f"), QStringLiteral("1"), QStringLiteral("-l"),
            QStringLiteral("1"), QStringLiteral("-png"), QStringLiteral("-singlefile"), path,
            m_dir.filePath(QStringLiteral("poppler")) });
    QImage poppler(m_dir.filePath(QStringLiteral("poppler.png")));
    QVERIFY(!poppler.isNull());
    const QColor popplerHighlight
        = pixelAt(poppler.convertToFormat(QImage::Format_RGB32), lineBox(100).center() + QPointF(40, 3));
    QVERIFY2(popplerHighlight.red() > 200 && popplerHighlight.blue() < 80, qPrintable(popplerHighlight.name()));
    const QColor popplerFrame = pixelAt(poppler.convertToFormat(QImage::Format_RGB32), QPointF(61, 170));
    QVERIFY2(popplerFrame.red() > 150 && popplerFrame.green() < 100, qPrintable(popplerFrame.name()));

    // An annotation on a page that does not exist is refused, not dropped silently.
    Annotation stray = make(AnnotationType::Rect, 7);
    Geometry::setRect(stray, QRectF(0, 0, 10, 10));
    auto refused = PdfExport::annotated(original, { stray });
    QVERIFY(!refused);
    QVERIFY(refused.error().message.contains(QLatin1String("8")));
}

void TestPdf::flattenedCopyKeepsTheMarksInThePage()
{
    auto flat = PdfExport::annotated(sample(), everyType(), true);
    QVERIFY2(flat, qPrintable(flat.errorString()));
    auto info = PdfExport::info(flat.value());
    QVERIFY(info);
    QCOMPARE(info->annotations, 0);
    // Rendered without annotations, the marks are part of the page now.
    QBuffer b;
    b.setData(flat.value());
    b.open(QIODevice::ReadOnly);
    QPdfDocument doc;
    QVERIFY(loadAndWait(doc, &b));
    const QImage plain = onWhite(doc.render(0, doc.pagePointSize(0).toSize()));
    const QColor highlight = pixelAt(plain, lineBox(100).center() + QPointF(40, 3));
    QVERIFY2(highlight.red() > 200 && highlight.blue() < 80, qPrintable(highlight.name()));
    // Text stays text.
    QVERIFY(doc.getAllText(0).text().contains(QLatin1String("Bauvorhaben")));
}

void TestPdf::readAnnotationsGivesBackWhatWasWritten()
{
    const QList<Annotation> all = everyType();
    auto copy = PdfExport::annotated(sample(), all);
    QVERIFY(copy);
    auto back = PdfExport::readAnnotations(copy.value(), QStringLiteral("doc-1"));
    QVERIFY2(back, qPrintable(back.errorString()));
    QCOMPARE(back->size(), all.size());
    for (const Annotation& a : all) {
        auto it = std::find_if(back->cbegin(), back->cend(), [&](const Annotation& b) { return b.id == a.id; });
        QVERIFY2(it != back->cend(), qPrintable(QString(annotationKey(a.type))));
        QCOMPARE(it->type, a.type);
        QCOMPARE(it->page, a.page);
        QCOMPARE(it->author, a.author);
        QCOMPARE(it->text, a.text);
        QCOMPARE(it->createdAt, a.createdAt);
        QCOMPARE(QColor::fromString(it->color), colorOf(a));
        const QRectF r1 = Geometry::rect(a), r2 = Geometry::rect(*it);
        QVERIFY2(qAbs(r1.left() - r2.left()) < 0.01 && qAbs(r1.bottom() - r2.bottom()) < 0.01,
            qPrintable(QString(annotationKey(a.type))));
        QCOMPARE(Geometry::quads(*it).size(), Geometry::quads(a).size());
        QCOMPARE(Geometry::ink(*it).size(), Geometry::ink(a).size());
    }
}

void TestPdf::redactionRemovesTheCoveredText()
{
    const QByteArray original = sample();
    Annotation mark = make(AnnotationType::Redact);
    Geometry::setQuads(mark, { Geometry::quadOf(lineBox(200, 160)) });
    auto result = PdfExport::redacted(original, { mark }, 200);
    QVERIFY2(result, qPrintable(result.errorString()));

    const QString path = m_dir.filePath(QStringLiteral("redacted.pdf"));
    QVERIFY(writeFile(path, result->pdf));
    const QString pdftotext = tool(QStringLiteral("pdftotext")), pdfinfo = tool(QStringLiteral("pdfinfo"));
    QVERIFY2(!pdftotext.isEmpty() && !pdfinfo.isEmpty(), "pdftotext and pdfinfo (poppler-utils) are needed");
    // The covered words are gone from the file (the whole page is a picture now) …
    const QString all = run(pdftotext, { path, QStringLiteral("-") });
    QVERIFY2(!all.contains(QLatin1String("GEHEIMNIS")), qPrintable(all));
    QVERIFY(!all.contains(QLatin1String("Kontonummer")));
    QVERIFY(!result->pdf.contains("GEHEIMNIS"));
    // … other pages keep their text …
    QVERIFY(all.contains(QLatin1String("Zweite Seite Lageplan")));
    QVERIFY(all.contains(QLatin1String("Dritte Seite Vollmacht")));
    // … and the metadata is gone.
    int rc = -1;
    const QString info = run(pdfinfo, { path }, &rc);
    QVERIFY2(rc == 0 && info.contains(QRegularExpression(QStringLiteral("Pages:\\s+3"))), qPrintable(info));
    QVERIFY2(!info.contains(QLatin1String("Bauantrag")), qPrintable(info));
    auto parsed = PdfExport::info(result->pdf);
    QVERIFY(parsed);
    QVERIFY(parsed->title.isEmpty());
    QVERIFY(!parsed->hasXmp);
    QCOMPARE(parsed->pages, 3);

    // The page still shows the uncovered lines, and the covered area is black.
    QBuffer b;
    b.setData(result->pdf);
    b.open(QIODevice::ReadOnly);
    QPdfDocument doc;
    QVERIFY(loadAndWait(doc, &b));
    const QImage page = onWhite(doc.render(0, doc.pagePointSize(0).toSize() * 2));
    QCOMPARE(pixelAt(page, lineBox(200).center(), 2), QColor(Qt::black));
    int dark = 0;
    const QRectF visible = lineBox(400, 110);
    for (double x = visible.left(); x < visible.right(); x += 0.5)
        dark += pixelAt(page, QPointF(x, visible.center().y()), 2).lightness() < 128;
    QVERIFY2(dark > 10 && dark < 200, qPrintable(QString::number(dark))); // letters, not a black bar
    QVERIFY(doc.getAllText(0).text().trimmed().isEmpty());
    QVERIFY(doc.getAllText(1).text().contains(QLatin1String("Zweite")));
}

void TestPdf::redactionOnARotatedPageCoversTheMarkedArea()
{
    // Turn page 1 by 90° with qpdf (a peer), mark the secret line, apply.
    const QString in = m_dir.filePath(QStringLiteral("plain.pdf")),
                  rotated = m_dir.filePath(QStringLiteral("rotated.pdf"));
    QVERIFY(writeFile(in, sample()));
    const QString qpdf = tool(QStringLiteral("qpdf"));
    QVERIFY2(!qpdf.isEmpty(), "qpdf is needed");
    int rc = -1;
    const QString out = run(qpdf, { in, QStringLiteral("--rotate=+90:1"), rotated }, &rc);
    QVERIFY2(rc == 0, qPrintable(out));
    QFile f(rotated);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray turned = f.readAll();
    auto info = PdfExport::info(turned);
    QVERIFY(info);
    QCOMPARE(info->rotations.first(), 90);
    Annotation mark = make(AnnotationType::Redact);
    Geometry::setRect(mark, lineBox(200, 160));
    auto result = PdfExport::redacted(turned, { mark }, 150);
    QVERIFY2(result, qPrintable(result.errorString()));
    QVERIFY(!result->pdf.contains("GEHEIMNIS"));
    auto after = PdfExport::info(result->pdf);
    QVERIFY(after);
    QCOMPARE(after->rotations.first(), 0);
    QCOMPARE(after->pageSizes.first().toSize(), QSizeF(H, SimplePdf::kA4Width).toSize()); // shown landscape
    // The black box sits where the secret line is shown on the turned page.
    QBuffer b;
    b.setData(result->pdf);
    b.open(QIODevice::ReadOnly);
    QPdfDocument doc;
    QVERIFY(loadAndWait(doc, &b));
    const QImage page = onWhite(doc.render(0, doc.pagePointSize(0).toSize()));
    const QRectF original(0, 0, SimplePdf::kA4Width, H);
    const QPointF shown = Geometry::toView(original, 90, 1).map(lineBox(200).center());
    QCOMPARE(page.pixelColor(shown.toPoint()), QColor(Qt::black));
    const QPointF elsewhere = Geometry::toView(original, 90, 1).map(QPointF(500, 100));
    QCOMPARE(page.pixelColor(elsewhere.toPoint()), QColor(Qt::white));
}

void TestPdf::xfdfRoundTrip()
{
    QList<Annotation> all = everyType();
    Annotation mark = make(AnnotationType::Redact);
    Geometry::setQuads(mark, { Geometry::quadOf(lineBox(200)) });
    all << mark;
    all.first().text = QStringLiteral("Zeile <wichtig> & \"prüfen\"");
    const QByteArray xml = Xfdf::write(all, QStringLiteral("antrag.pdf"));
    QVERIFY(xml.contains("xmlns=\"http://ns.adobe.com/xfdf/\""));
    QVERIFY(xml.contains("<highlight ") && xml.contains("<text ") && xml.contains("<square ") && xml.contains("<ink")
        && xml.contains("<stamp ") && xml.contains("<redact ") && xml.contains("<gesture>"));
    // xmllint (libxml2, a peer parser) finds it well-formed.
    const QString path = m_dir.filePath(QStringLiteral("a.xfdf"));
    QVERIFY(writeFile(path, xml));
    const QString xmllint = tool(QStringLiteral("xmllint"));
    QVERIFY2(!xmllint.isEmpty(), "xmllint (libxml2-utils) is needed");
    int rc = -1;
    const QString lint = run(xmllint, { QStringLiteral("--noout"), path }, &rc);
    QVERIFY2(rc == 0, qPrintable(lint));
    // xmllint does refuse what is not well-formed (the check above can fail).
    const QString broken = m_dir.filePath(QStringLiteral("broken.xfdf"));
    QVERIFY(writeFile(broken, xml.left(xml.size() - 20)));
    run(xmllint, { QStringLiteral("--noout"), broken }, &rc);
    QVERIFY2(rc != 0 && rc != -1, qPrintable(QString::number(rc)));

    auto back = Xfdf::read(xml, QStringLiteral("doc-1"));
    QVERIFY2(back, qPrintable(back.errorString()));
    QCOMPARE(back->size(), all.size());
    for (int i = 0; i < all.size(); ++i) {
        const Annotation &a = all.at(i), &b = back->at(i);
        QCOMPARE(b.id, a.id);
        QCOMPARE(b.type, a.type);
        QCOMPARE(b.page, a.page);
        QCOMPARE(b.text, a.text);
        QCOMPARE(b.author, a.author);
        QCOMPARE(b.createdAt, a.createdAt);
        QCOMPARE(QColor::fromString(b.color), colorOf(a));
        QCOMPARE(Geometry::rect(b), Geometry::rect(a));
        QCOMPARE(Geometry::quads(b).size(), Geometry::quads(a).size());
        if (!Geometry::quads(a).isEmpty())
            QCOMPARE(Geometry::quads(b).first().upperLeft, Geometry::quads(a).first().upperLeft);
        QCOMPARE(Geometry::ink(b), Geometry::ink(a));
        QCOMPARE(b.documentId, QStringLiteral("doc-1"));
    }
    // And XFDF → annotated PDF → XFDF gives the same annotations again.
    auto pdf = PdfExport::annotated(sample(), back.value());
    QVERIFY(pdf);
    auto fromPdf = PdfExport::readAnnotations(pdf.value(), QStringLiteral("doc-1"));
    QVERIFY(fromPdf);
    QCOMPARE(fromPdf->size(), all.size());
}

void TestPdf::xfdfRefusesHostileInput_data()
{
    QTest::addColumn<QByteArray>("xml");
    const QByteArray head = "<?xml version=\"1.0\"?><xfdf xmlns=\"http://ns.adobe.com/xfdf/\"><annots>";
    const QByteArray tail = "</annots></xfdf>";
    QTest::newRow("not xml") << QByteArray("this is not xml");
    QTest::newRow("other root") << QByteArray("<?xml version=\"1.0\"?><svg/>");
    QTest::newRow("dtd with entity") << QByteArray(
        "<?xml version=\"1.0\"?><!DOCTYPE xfdf [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
        "<xfdf xmlns=\"http://ns.adobe.com/xfdf/\"><annots><text page=\"0\" rect=\"0,0,20,20\">"
        "<contents>&x;</contents></text></annots></xfdf>");
    QTest::newRow("billion laughs") << QByteArray(
        "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>"
        "<xfdf xmlns=\"http://ns.adobe.com/xfdf/\"><annots/></xfdf>");
    QTest::newRow("no rect") << head + "<square page=\"0\"/>" + tail;
    QTest::newRow("nan") << head + "<square page=\"0\" rect=\"nan,0,1,1\"/>" + tail;
    QTest::newRow("huge number") << head + "<square page=\"0\" rect=\"0,0,1e300,1\"/>" + tail;
    QTest::newRow("negative page") << head + "<square page=\"-1\" rect=\"0,0,1,1\"/>" + tail;
    QTest::newRow("odd coords") << head + "<highlight page=\"0\" rect=\"0,0,1,1\" coords=\"1,2,3\"/>" + tail;
    QTest::newRow("highlight without coords") << head + "<highlight page=\"0\" rect=\"0,0,1,1\"/>" + tail;
    QTest::newRow("bad gesture") << head
            + "<ink page=\"0\" rect=\"0,0,1,1\"><inklist><gesture>1,2;x,y</gesture></inklist></ink>" + tail;
    QTest::newRow("truncated") << head + "<square page=\"0\" rect=\"0,0,1,1\">";
    QByteArray deep = head;
    for (int i = 0; i < 20; ++i)
        deep += "<a>";
    QTest::newRow("deep") << deep;
}

void TestPdf::xfdfRefusesHostileInput()
{
    QFETCH(QByteArray, xml);
    auto r = Xfdf::read(xml);
    QVERIFY(!r);
    QVERIFY(r.error().message.startsWith(Xfdf::tr("The XFDF file cannot be read: %1").section(QLatin1Char('%'), 0, 0)));
    // Unknown annotation kinds (circle, line …) are skipped, not refused.
    auto skipped = Xfdf::read("<xfdf xmlns=\"http://ns.adobe.com/xfdf/\"><annots><circle page=\"0\" rect=\"0,0,1,1\"/>"
                              "<square page=\"0\" rect=\"0,0,10,10\"/></annots></xfdf>");
    QVERIFY(skipped);
    QCOMPARE(skipped->size(), 1);
}

void TestPdf::undoRedoChangesTheStoreAndTheOutbox()
{
    Store store(m_dir.filePath(QStringLiteral("profile.db")));
    QVERIFY(store.create("correct horse battery staple"));
    AnnotationHistory history(store, QStringLiteral("mkeller"));
    QSignalSpy changed(&history, &AnnotationHistory::annotationsChanged);
    auto outboxCount = [&] { return store.outbox().all().value().size(); };

    Annotation a = make(AnnotationType::Rect);
    a.id.clear();
    Geometry::setRect(a, QRectF(10, 10, 100, 50));
    auto added = history.add(a);
    QVERIFY2(added, qPrintable(added.errorString()));
    QCOMPARE(added->author, QStringLiteral("mkeller"));
    QCOMPARE(added->version, 1);
    QCOMPARE(store.annotations().of(QStringLiteral("doc-1")).value().size(), 1);
    QCOMPARE(outboxCount(), 1);

    Annotation moved = added.value();
    Geometry::translate(moved, 5, 5);
    moved.color = QStringLiteral("#00aa00");
    QVERIFY(history.change(added.value(), moved));
    QCOMPARE(
        Geometry::rect(store.annotations().of(QStringLiteral("doc-1")).value().first()).topLeft(), QPointF(15, 15));
    QCOMPARE(store.annotation(added->id)->version, 2);

    QVERIFY(history.remove(store.annotation(added->id).value()));
    QVERIFY(store.annotations().of(QStringLiteral("doc-1")).value().isEmpty());
    QCOMPARE(history.stack()->count(), 3);

    history.stack()->undo(); // the delete: it is back, moved
    QCOMPARE(store.annotations().of(QStringLiteral("doc-1")).value().size(), 1);
    QCOMPARE(
        Geometry::rect(store.annotations().of(QStringLiteral("doc-1")).value().first()).topLeft(), QPointF(15, 15));
    history.stack()->undo(); // the move
    QCOMPARE(
        Geometry::rect(store.annotations().of(QStringLiteral("doc-1")).value().first()).topLeft(), QPointF(10, 10));
    QCOMPARE(
        store.annotations().of(QStringLiteral("doc-1")).value().first().color, annotationColor(AnnotationType::Rect));
    history.stack()->undo(); // the add
    QVERIFY(store.annotations().of(QStringLiteral("doc-1")).value().isEmpty());
    history.stack()->redo(); // same annotation, same id, back again
    QCOMPARE(store.annotations().of(QStringLiteral("doc-1")).value().size(), 1);
    QCOMPARE(store.annotations().of(QStringLiteral("doc-1")).value().first().id, added->id);
    history.stack()->redo();
    QCOMPARE(
        Geometry::rect(store.annotations().of(QStringLiteral("doc-1")).value().first()).topLeft(), QPointF(15, 15));

    // Every step, undo and redo included, is a change for the server, in order, with the base
    // version each change will find there.
    const QList<Mutation> outbox = store.outbox().all().value();
    QCOMPARE(outbox.size(), 8);
    QStringList ops;
    QList<qint64> bases;
    for (const Mutation& m : outbox) {
        QCOMPARE(m.kind, QStringLiteral("annotation"));
        QCOMPARE(m.targetId, added->id);
        ops << m.op;
        bases << m.baseVersion;
    }
    QCOMPARE(ops, QStringList({ "create", "update", "delete", "update", "update", "delete", "update", "update" }));
    QCOMPARE(bases, QList<qint64>({ 0, 1, 2, 3, 4, 5, 6, 7 }));
    QVERIFY(changed.size() >= 8);

    // A step the store refuses is not pushed and says why.
    Annotation broken = make(AnnotationType::Highlight);
    Geometry::setRect(broken, QRectF(0, 0, 1, 1));
    broken.page = 100001; // beyond any document the store takes
    const int before = history.stack()->index(); // pushing drops the one undone step above it
    auto refused = history.add(broken);
    QVERIFY(!refused);
    QCOMPARE(history.stack()->count(), before);
    QCOMPARE(history.stack()->index(), before);
    QCOMPARE(store.outbox().all().value().size(), 8);
}

void TestPdf::damagedPdfsGetClearErrors()
{
    const QByteArray good = sample();
    const QString unreadable = PdfExport::tr("The PDF could not be read; it is damaged or not a PDF.");
    // Not a PDF, garbage after a header: every export refuses each with the error that names it.
    struct Case
    {
        const char* name;
        QByteArray bytes;
        Error::Code code;
        QString message;
    };
    const QList<Case> cases { { "not a pdf", QByteArray("hello"), Error::Unsupported,
                                  PdfExport::tr("This file is not a PDF.") },
        { "garbage", QByteArray("%PDF-1.7\n") + QByteArray(5000, 'x'), Error::Corrupt, unreadable } };
    for (const Case& c : cases) {
        auto info = PdfExport::info(c.bytes);
        auto copy = PdfExport::annotated(c.bytes, {});
        auto red = PdfExport::redacted(c.bytes, {});
        QVERIFY2(!info && !copy && !red, c.name);
        for (const Error& e : { info.error(), copy.error(), red.error() }) {
            QVERIFY2(e.code == c.code,
                qPrintable(QStringLiteral("%1: code %2").arg(QLatin1String(c.name)).arg(int(e.code))));
            QVERIFY2(
                e.message == c.message, qPrintable(QStringLiteral("%1: %2").arg(QLatin1String(c.name), e.message)));
        }
    }

    // Truncated after a third of the file (no cross-reference table, no trailer, page 3 cut off):
    // qpdf rebuilds what is whole and finds two pages, but Qt PDF cannot open it, so the viewer shows
    // nothing of it: a redacted copy would hold pages nobody could check, and is refused.
    const QByteArray truncated = good.left(good.size() / 3);
    QVERIFY(!truncated.contains("startxref"));
    auto partial = PdfExport::info(truncated);
    QVERIFY2(partial, qPrintable(partial.errorString()));
    QCOMPARE(partial->pages, 2);
    auto partialCopy = PdfExport::redacted(truncated, {});
    QVERIFY(!partialCopy);
    QCOMPARE(partialCopy.error().code, Error::Corrupt);
    QCOMPARE(partialCopy.error().message,
        PdfExport::tr("The viewer cannot show this PDF, so no redacted copy is made of pages nobody could check. "
                      "Ask the sender for an undamaged copy."));
    // A mark on a page the document does not have is refused, not dropped.
    QCOMPARE(PdfExport::info(good)->pages, 3);
    Annotation lost = make(AnnotationType::Redact, 3);
    Geometry::setRect(lost, QRectF(0, 0, 10, 10));
    auto refused = PdfExport::redacted(good, { lost });
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, Error::Invalid);
    QVERIFY2(refused.error().message.contains(QLatin1String("page 4, but the document has 3 pages")),
        qPrintable(refused.error().message));
    // Cut within the first page's objects: nothing left to recover.
    const QByteArray stub = good.left(200);
    for (const Error& e : { PdfExport::info(stub).error(), PdfExport::annotated(stub, {}).error(),
             PdfExport::redacted(stub, {}).error() })
        QVERIFY2(e.code == Error::Corrupt && !e.message.isEmpty(), qPrintable(e.message));

    // Password-protected (encrypted with qpdf, a peer tool).
    const QString qpdf = tool(QStringLiteral("qpdf"));
    QVERIFY2(!qpdf.isEmpty(), "qpdf is needed");
    const QByteArray encrypted = lockedCopy(good, QStringLiteral("open"));
    QVERIFY(!encrypted.isEmpty());
    auto info = PdfExport::info(encrypted);
    QVERIFY(info);
    QVERIFY(info->encrypted);
    QCOMPARE(info->pages, 0);
    for (const Error& e : { PdfExport::annotated(encrypted, {}).error(), PdfExport::redacted(encrypted, {}).error() }) {
        QCOMPARE(e.code, Error::Locked);
        QCOMPARE(e.message, PdfExport::tr("This PDF is protected by a password."));
    }

    // Zero pages (qpdf --empty writes such a file): exports refuse marks on pages that are not there.
    const QString zeroPath = m_dir.filePath(QStringLiteral("zero.pdf"));
    int rc = -1;
    const QString made = run(qpdf, { QStringLiteral("--empty"), zeroPath }, &rc);
    QVERIFY2(rc == 0, qPrintable(made));
    QFile z(zeroPath);
    QVERIFY(z.open(QIODevice::ReadOnly));
    const QByteArray zero = z.readAll();
    auto zi = PdfExport::info(zero);
    QVERIFY(zi);
    QCOMPARE(zi->pages, 0);
    Annotation r = make(AnnotationType::Rect);
    Geometry::setRect(r, QRectF(0, 0, 10, 10));
    auto annotated = PdfExport::annotated(zero, { r });
    QVERIFY(!annotated);
    QCOMPARE(annotated.error().code, Error::Invalid);
    Annotation mark = make(AnnotationType::Redact);
    Geometry::setRect(mark, QRectF(0, 0, 10, 10));
    auto redacted = PdfExport::redacted(zero, { mark });
    QVERIFY(!redacted);
    QCOMPARE(redacted.error().code, Error::Invalid);
}

void TestPdf::scannedPagesRenderLikePdfium()
{
    const QSize rgbSize(827, 1170), graySize(600, 900);
    QList<ImagePage> pages(4);
    pages[0].imageDict = jpegDict(rgbSize, false);
    pages[0].imageData = scanJpeg(rgbSize, false);
    // Gray, on part of the page (margins left transparent), nested q/Q and two cm.
    pages[1].content = "q 1 0 0 1 50 100 cm q 400 0 0 600 0 0 cm /Im0 Do Q Q";
    pages[1].imageDict = jpegDict(graySize, true);
    pages[1].imageData = scanJpeg(graySize, true);
    // The page itself turned by /Rotate, and a filter given as a one-element array.
    pages[2] = pages[0];
    pages[2].imageDict.replace("/Filter /DCTDecode", "/Filter [/DCTDecode]");
    pages[2].pageExtra = "/Rotate 90";
    // Picture larger than the page: clipped to the page box.
    pages[3] = pages[0];
    pages[3].content = "q 700 0 0 990 -50 -60 cm /Im0 Do Q";
    const QByteArray pdf = imagePdf(pages);

    PageRaster direct, pdfium;
    QVERIFY(direct.load(pdf));
    QVERIFY(pdfium.load(pdf));
    pdfium.setDirectPathEnabled(false);
    QCOMPARE(direct.pageCount(), 4);
    QBuffer buffer;
    buffer.setData(pdf);
    buffer.open(QIODevice::ReadOnly);
    QPdfDocument doc;
    QVERIFY(loadAndWait(doc, &buffer));
    for (int page = 0; page < 4; ++page) {
        QVERIFY2(direct.isScannedPage(page), qPrintable(QString::number(page)));
        QVERIFY(!pdfium.isScannedPage(page));
        for (int rotation : { 0, 90, 180, 270 }) {
            for (double dpi : { 30.0, 96.0, 150.0 }) {
                QSize px = (doc.pagePointSize(page) * dpi / 72.0).toSize();
                if (rotation % 180)
                    px.transpose();
                const QImage ours = direct.render(page, px, rotation);
                const QImage theirs = pdfium.render(page, px, rotation);
                QCOMPARE(ours.size(), px);
                QCOMPARE(theirs.size(), px);
                const double diff = meanDifference(ours, theirs);
                QVERIFY2(diff < 6.0,
                    qPrintable(QStringLiteral("page %1, rotation %2, %3 dpi: mean difference %4")
                            .arg(page)
                            .arg(rotation)
                            .arg(dpi)
                            .arg(diff)));
            }
        }
    }
    // The comparison can fail: a page turned the wrong way differs a lot.
    const QSize px = (doc.pagePointSize(0) * 96 / 72.0).toSize();
    QVERIFY(meanDifference(direct.render(0, px, 0), pdfium.render(0, px, 180)) > 20.0);
    // Margins stay transparent on the partly covered page, as PDFium leaves them.
    const QImage partial = direct.render(1, (doc.pagePointSize(1) * 96 / 72.0).toSize());
    QCOMPARE(qAlpha(partial.pixel(5, 5)), 0);
}

void TestPdf::pagesThatAreNotPlainScansGoToPdfium()
{
    const QSize size(300, 420);
    ImagePage plain;
    plain.imageDict = jpegDict(size, false);
    plain.imageData = scanJpeg(size, false);
    QList<ImagePage> pages;
    auto variant = [&](auto change) {
        ImagePage p = plain;
        change(p);
        pages << p;
    };
    variant([](ImagePage& p) { p.content += " 0 0 1 rg 10 10 50 50 re f"; }); // draws more than the picture
    variant([](ImagePage& p) { p.imageDict += " /Decode [1 0 1 0 1 0]"; }); // inverted colours
    variant([](ImagePage& p) { p.imageDict.replace("/DeviceRGB", "/DeviceCMYK"); }); // colour space
    variant([](ImagePage& p) { p.content = "q 0 842 -595 0 595 0 cm /Im0 Do Q"; }); // turned placement
    variant([](ImagePage& p) { p.content = "q 595 0 0 -842 0 842 cm /Im0 Do Q"; }); // mirrored
    variant([](ImagePage& p) { p.imageDict.replace("/Width 300", "/Width 301"); }); // JPEG does not match
    variant([](ImagePage& p) { p.imageData = QByteArray(4000, 'x'); }); // not a JPEG at all
    variant([](ImagePage& p) { p.content = "q 595 0 0 842 0 0 cm /Im0 Do /Im0 Do Q"; }); // drawn twice
    const QByteArray pdf = imagePdf(pages);
    PageRaster raster;
    QVERIFY(raster.load(pdf));
    QCOMPARE(raster.pageCount(), int(pages.size()));
    for (int page = 0; page < raster.pageCount(); ++page) {
        // Either not taken as a scan, or the direct decode refuses and PDFium draws the page.
        const QImage img = raster.render(page, QSize(298, 421));
        if (page == 0)
            QVERIFY(!raster.isScannedPage(page));
        if (page < 5)
            QVERIFY2(!raster.isScannedPage(page), qPrintable(QString::number(page)));
        if (page != 6) // PDFium draws nothing for an undecodable image, which is fine
            QVERIFY2(!img.isNull(), qPrintable(QString::number(page)));
    }
    // The extra square of page 0 is there: PDFium drew the page.
    const QImage first = raster.render(0, QSize(298, 421));
    const QRgb square = first.pixel(15, 421 - 15);
    QVERIFY2(qBlue(square) > 200 && qRed(square) < 60, qPrintable(QString::number(square, 16)));
    // Text pages are no scans.
    PageRaster text;
    QVERIFY(text.load(sample()));
    QVERIFY(!text.isScannedPage(0));
    QVERIFY(!text.render(0, QSize(300, 424)).isNull());
    // Out of range and empty sizes give nothing.
    QVERIFY(text.render(7, QSize(300, 424)).isNull());
    QVERIFY(text.render(0, QSize()).isNull());
}

void TestPdf::protectedPdfRendersWithItsPassword()
{
    const QSize size(300, 420);
    ImagePage page;
    page.imageDict = jpegDict(size, false);
    page.imageData = scanJpeg(size, false);
    const QByteArray encrypted = lockedCopy(imagePdf({ page }), QStringLiteral("scan"));
    QVERIFY(!encrypted.isEmpty());
    PageRaster raster;
    QVERIFY(!raster.load(encrypted));
    QCOMPARE(raster.pageCount(), 0);
    QVERIFY(raster.load(encrypted, QStringLiteral("geheim")));
    QVERIFY(raster.isScannedPage(0)); // qpdf decrypts the JPEG too
    const QImage img = raster.render(0, QSize(298, 421));
    QVERIFY(!img.isNull());
    const QRgb topLeft = img.pixel(20, 20);
    QVERIFY2(qRed(topLeft) > 150 && qBlue(topLeft) < 90, qPrintable(QString::number(topLeft, 16)));
}

void TestPdf::pageSizesAgreeWithQtPdf()
{
    // The viewer takes page sizes from qpdf (PdfExport::info) instead of asking PDFium for each;
    // both must say the same for every way a page box can be given.
    const QSize size(100, 140);
    QList<ImagePage> pages;
    for (const QByteArray& extra : { QByteArray(), QByteArray("/Rotate 90"), QByteArray("/Rotate -90"),
             QByteArray("/Rotate 180"), QByteArray("/CropBox [20 30 500 800]"),
             QByteArray("/CropBox [20 30 500 800] /Rotate 270"), QByteArray("/CropBox [-50 -50 700 900]"),
             QByteArray("/CropBox [500 800 20 30]"), QByteArray("/CropBox [0 0 0 0]") }) {
        ImagePage p;
        p.imageDict = jpegDict(size, false);
        p.imageData = scanJpeg(size, false);
        p.pageExtra = extra;
        pages << p;
    }
    const QByteArray pdf = imagePdf(pages);
    auto info = PdfExport::info(pdf);
    QVERIFY(info);
    QBuffer buffer;
    buffer.setData(pdf);
    buffer.open(QIODevice::ReadOnly);
    QPdfDocument doc;
    QVERIFY(loadAndWait(doc, &buffer));
    QCOMPARE(info->pages, doc.pageCount());
    for (int i = 0; i < info->pages; ++i) {
        const QSizeF ours = info->pageSizes.at(i), qt = doc.pagePointSize(i);
        QVERIFY2(std::abs(ours.width() - qt.width()) < 0.01 && std::abs(ours.height() - qt.height()) < 0.01,
            qPrintable(QStringLiteral("page %1: qpdf %2x%3, Qt PDF %4x%5")
                    .arg(i)
                    .arg(ours.width())
                    .arg(ours.height())
                    .arg(qt.width())
                    .arg(qt.height())));
    }
}

void TestPdf::annotationsTheFileCarriesAreDrawn()
{
    // A PDF that arrives with annotations (here a red rectangle from our own annotated copy, like
    // a filled form field or a reviewer's mark) shows them in the viewer's renderer.
    Annotation r = make(AnnotationType::Rect);
    Geometry::setRect(r, QRectF(60, 150, 200, 40));
    r.color = QStringLiteral("#dc0000");
    auto copy = PdfExport::annotated(sample(), { r });
    QVERIFY2(copy, qPrintable(copy.errorString()));
    PageRaster raster;
    QVERIFY(raster.load(copy.value()));
    const QSizeF pts = raster.pagePointSize(0);
    QImage page = raster.render(0, pts.toSize());
    QVERIFY(!page.isNull());
    QImage paper(page.size(), QImage::Format_RGB32);
    paper.fill(Qt::white);
    QPainter(&paper).drawImage(0, 0, page);
    const QColor frame = paper.pixelColor(QPoint(60 + 1, int(pts.height() - 170)));
    QVERIFY2(frame.red() > 150 && frame.green() < 100, qPrintable(frame.name()));
    // Redacting elsewhere on that page keeps the file's annotation in the page picture.
    Annotation mark = make(AnnotationType::Redact);
    Geometry::setRect(mark, lineBox(400));
    auto redacted = PdfExport::redacted(copy.value(), { mark });
    QVERIFY2(redacted, qPrintable(redacted.errorString()));
    PageRaster after;
    QVERIFY(after.load(redacted->pdf));
    page = after.render(0, pts.toSize());
    paper.fill(Qt::white);
    QPainter(&paper).drawImage(0, 0, page);
    const QColor kept = paper.pixelColor(QPoint(60 + 1, int(pts.height() - 170)));
    QVERIFY2(kept.red() > 150 && kept.green() < 100, qPrintable(kept.name()));
    // A scanned page with an annotation goes to PDFium, which draws it.
    const QSize size(300, 420);
    ImagePage scan;
    scan.imageDict = jpegDict(size, false);
    scan.imageData = scanJpeg(size, false);
    scan.pageExtra = "/Annots [<< /Type /Annot /Subtype /Square /Rect [100 100 200 200] /C [0 0 1] >>]";
    PageRaster scanned;
    QVERIFY(scanned.load(imagePdf({ scan })));
    QVERIFY(!scanned.isScannedPage(0));
    QVERIFY(!scanned.render(0, QSize(298, 421)).isNull());
}

void TestPdf::cliCommands()
{
    const QString cli = QStringLiteral(CLERKDESK_CLI_PATH);
    const QString in = m_dir.filePath(QStringLiteral("cli.pdf"));
    QVERIFY(writeFile(in, sample()));
    int rc = -1;
    QString out = run(cli, { QStringLiteral("pdf"), QStringLiteral("info"), in }, &rc);
    QCOMPARE(rc, 0);
    QVERIFY2(out.contains(QLatin1String("pages: 3")) && out.contains(u"title: Bauantrag Müller"), qPrintable(out));

    const QString png = m_dir.filePath(QStringLiteral("p1.png"));
    out = run(cli,
        { QStringLiteral("pdf"), QStringLiteral("render"), in, QStringLiteral("1"), png, QStringLiteral("--dpi"),
            QStringLiteral("100") },
        &rc);
    QCOMPARE(rc, 0);
    QCOMPARE(QImage(png).size(), (QSizeF(SimplePdf::kA4Width, H) * 100 / 72).toSize());
    run(cli, { QStringLiteral("pdf"), QStringLiteral("render"), in, QStringLiteral("9"), png }, &rc);
    QCOMPARE(rc, 1);

    QList<Annotation> marks = everyType();
    Annotation mark = make(AnnotationType::Redact);
    Geometry::setQuads(mark, { Geometry::quadOf(lineBox(200, 160)) });
    marks << mark;
    const QString xfdf = m_dir.filePath(QStringLiteral("marks.xfdf"));
    QVERIFY(writeFile(xfdf, Xfdf::write(marks, QStringLiteral("cli.pdf"))));
    const QString annotated = m_dir.filePath(QStringLiteral("cli-annotated.pdf"));
    out = run(cli, { QStringLiteral("pdf"), QStringLiteral("annotate"), in, xfdf, annotated }, &rc);
    QVERIFY2(rc == 0, qPrintable(out));
    out = run(cli, { QStringLiteral("pdf"), QStringLiteral("xfdf"), annotated }, &rc);
    QCOMPARE(rc, 0);
    auto extracted = Xfdf::read(out.toUtf8());
    QVERIFY2(extracted, qPrintable(out.left(400)));
    QCOMPARE(extracted->size(), marks.size());

    const QString redacted = m_dir.filePath(QStringLiteral("cli-redacted.pdf"));
    out = run(cli, { QStringLiteral("pdf"), QStringLiteral("redact"), in, xfdf, redacted }, &rc);
    QVERIFY2(rc == 0 && out.contains(QLatin1String("1 redaction mark(s) applied")), qPrintable(out));
    const QString pdftotext = tool(QStringLiteral("pdftotext"));
    QVERIFY2(!pdftotext.isEmpty(), "pdftotext (poppler-utils) is needed");
    const QString text = run(pdftotext, { redacted, QStringLiteral("-") }, &rc);
    QVERIFY2(rc == 0 && text.contains(QLatin1String("Zweite Seite Lageplan")), qPrintable(text));
    QVERIFY2(!text.contains(QLatin1String("GEHEIMNIS")), qPrintable(text));

    // Refused input: exit code 2 with a reason.
    const QString junk = m_dir.filePath(QStringLiteral("junk.xfdf"));
    QVERIFY(writeFile(junk, "<svg/>"));
    out = run(cli, { QStringLiteral("pdf"), QStringLiteral("annotate"), in, junk, annotated }, &rc);
    QCOMPARE(rc, 2);
    QVERIFY(out.contains(QLatin1String("XFDF")));
    const QString broken = m_dir.filePath(QStringLiteral("broken.pdf"));
    QVERIFY(writeFile(broken, "not a pdf at all"));
    run(cli, { QStringLiteral("pdf"), QStringLiteral("info"), broken }, &rc);
    QCOMPARE(rc, 2);
    run(cli, { QStringLiteral("pdf"), QStringLiteral("info") }, &rc);
    QCOMPARE(rc, 1);
}

QTEST_MAIN(TestPdf)
#include "tst_pdf.moc"
