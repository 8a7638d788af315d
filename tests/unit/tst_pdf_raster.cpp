// The viewer's page renderer: scanned pages decoded directly look like PDFium's rendering, pages
// that are not plain scans go to PDFium, password-protected scans, page sizes that agree with
// Qt PDF, annotations a file carries drawn into the page, and pages drawn in bands (PDFium's lock
// held a band at a time) that are the page drawn whole.
#include "../common/ScanPdf.h"
#include "PdfSamples.h"
#include "core/pdf/PageRaster.h"
#include "core/pdf/PdfExport.h"

#include <QTest>
#include <algorithm>

using namespace clerk;
using namespace clerk::pdf;
using namespace clerk::pdf::samples;
using namespace clerk::test;

class TestPdfRaster : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void scannedPagesRenderLikePdfium();
    void pagesThatAreNotPlainScansGoToPdfium();
    void protectedPdfRendersWithItsPassword();
    void pageSizesAgreeWithQtPdf();
    void annotationsTheFileCarriesAreDrawn();
    void pagesDrawnInBandsAreTheWholePage();

private:
    QTemporaryDir m_dir;
};

void TestPdfRaster::scannedPagesRenderLikePdfium()
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

void TestPdfRaster::pagesThatAreNotPlainScansGoToPdfium()
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

void TestPdfRaster::protectedPdfRendersWithItsPassword()
{
    const QSize size(300, 420);
    ImagePage page;
    page.imageDict = jpegDict(size, false);
    page.imageData = scanJpeg(size, false);
    const QByteArray encrypted = lockedCopy(m_dir, imagePdf({ page }), QStringLiteral("scan"));
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

void TestPdfRaster::pageSizesAgreeWithQtPdf()
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

void TestPdfRaster::annotationsTheFileCarriesAreDrawn()
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

namespace {

// The largest difference of two pictures of one size in any channel of any pixel, 0-255.
int levelsApart(const QImage& a, const QImage& b)
{
    if (a.size() != b.size())
        return 255;
    int worst = 0;
    for (int y = 0; y < a.height(); ++y)
        for (int x = 0; x < a.width(); ++x) {
            const QRgb p = a.pixel(x, y), q = b.pixel(x, y);
            worst = std::max({ worst, qAbs(qRed(p) - qRed(q)), qAbs(qGreen(p) - qGreen(q)), qAbs(qBlue(p) - qBlue(q)),
                qAbs(qAlpha(p) - qAlpha(q)) });
        }
    return worst;
}

} // namespace

void TestPdfRaster::pagesDrawnInBandsAreTheWholePage()
{
    // Text, a drawn rectangle and an annotation the file carries, at the sizes the viewer draws:
    // drawn in bands (PDFium's lock is held for one band at a time) or in one call, the same pixels.
    Annotation r = make(AnnotationType::Rect);
    Geometry::setRect(r, QRectF(60, 150, 200, 40));
    r.color = QStringLiteral("#dc0000");
    auto annotated = PdfExport::annotated(sample(), { r });
    QVERIFY2(annotated, qPrintable(annotated.errorString()));
    for (const QByteArray& pdf : { sample(), annotated.value() }) {
        PageRaster banded, whole, paced;
        QVERIFY(banded.load(pdf));
        QVERIFY(whole.load(pdf));
        QVERIFY(paced.load(pdf));
        banded.setBands(PageRaster::kFirstBandRows, 0); // every band as tall as the first
        whole.setBands(0, 0);
        const QSizeF pts = banded.pagePointSize(0);
        for (const double width : { 1250.0, 907.0, 300.0 }) {
            const QSize px = (pts * (width / pts.width())).toSize();
            QVERIFY(px.height() > 2 * PageRaster::kFirstBandRows || width == 300.0);
            const QImage a = banded.render(0, px), b = whole.render(0, px);
            // By the pace of the first band (as the viewer draws): two calls or more, the same page.
            QVERIFY(levelsApart(paced.render(0, px), b) <= 2);
            QVERIFY(paced.lastPdfiumCalls() >= 2);
            QVERIFY(!b.isNull());
            QCOMPARE(a.size(), px);
            QCOMPARE(
                banded.lastPdfiumCalls(), (px.height() + PageRaster::kFirstBandRows - 1) / PageRaster::kFirstBandRows);
            QCOMPARE(whole.lastPdfiumCalls(), 1);
            QCOMPARE(a.format(), b.format());
            // (The edges of a drawn rectangle may round one or two levels apart; a line of text a
            // pixel off, as with Qt PDF's own band scale, is 250 apart.)
            const int worst = levelsApart(a, b);
            QVERIFY2(worst <= 2, qPrintable(QStringLiteral("%1 levels apart at %2 px wide").arg(worst).arg(width)));
        }
    }
    // A turned page is drawn in one call (Qt PDF's bands do not turn), still right.
    PageRaster turned;
    QVERIFY(turned.load(sample()));
    const QSize across = (turned.pagePointSize(0).transposed() * 1.5).toSize();
    const QImage t = turned.render(0, across, 90);
    QCOMPARE(t.size(), across);
    QCOMPARE(turned.lastPdfiumCalls(), 1);
    // A page with a picture is drawn in one call too: PDFium would decode the picture for each band.
    ImagePage scan;
    scan.imageDict = jpegDict(QSize(300, 420), false);
    scan.imageData = scanJpeg(QSize(300, 420), false);
    scan.pageExtra = "/Annots [<< /Type /Annot /Subtype /Square /Rect [100 100 200 200] /C [0 0 1] >>]";
    PageRaster pictured;
    QVERIFY(pictured.load(imagePdf({ scan })));
    QVERIFY(!pictured.isScannedPage(0)); // (the annotation sends it to PDFium)
    QVERIFY(!pictured.render(0, QSize(900, 1273)).isNull());
    QCOMPARE(pictured.lastPdfiumCalls(), 1);
}

QTEST_MAIN(TestPdfRaster)
#include "tst_pdf_raster.moc"
