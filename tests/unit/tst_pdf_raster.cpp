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

// How many pixels of two pictures of one size are more than 2 levels apart in a channel (all of
// them when the sizes differ).
qsizetype pixelsApart(const QImage& a, const QImage& b)
{
    if (a.size() != b.size() || a.isNull())
        return qMax<qsizetype>(1, qsizetype(a.width()) * a.height());
    qsizetype apart = 0;
    for (int y = 0; y < a.height(); ++y)
        for (int x = 0; x < a.width(); ++x) {
            const QRgb p = a.pixel(x, y), q = b.pixel(x, y);
            apart += std::max({ qAbs(qRed(p) - qRed(q)), qAbs(qGreen(p) - qGreen(q)), qAbs(qBlue(p) - qBlue(q)),
                         qAbs(qAlpha(p) - qAlpha(q)) })
                > 2;
        }
    return apart;
}

// The same page: an antialiased edge may round a level or two apart, and an edge that lies within a
// ten-thousandth of a pixel of a pixel's border (Qt PDF's band matrix is computed in float) may
// land a pixel over; a line of text a pixel off (Qt PDF's own band scale) is thousands of pixels.
bool samePage(const QImage& a, const QImage& b)
{
    const qsizetype apart = pixelsApart(a, b);
    if (apart * 2000 > qsizetype(b.width()) * b.height()) { // more than 0.05 %
        qWarning() << apart << "pixels apart of" << b.width() * b.height();
        return false;
    }
    return true;
}

// A page of filled boxes and thin diagonal lines (vector work only, edges across every band),
// with `page` added to its page dictionary (boxes, /Rotate).
QByteArray vectorPdf(const QByteArray& page)
{
    QByteArray content = "0 0 0 RG 0.6 w 10 10 m 580 830 l S 20 820 m 570 25 l S ";
    for (int i = 0; i < 40; ++i)
        content += "0.1 0.2 0.7 rg " + QByteArray::number(20 + i * 13) + " " + QByteArray::number(30 + i * 19.7, 'f', 2)
            + " 9.3 7.1 re f ";
    const QList<QByteArray> objects { "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << >> " + page + " >>",
        "<< /Length " + QByteArray::number(content.size()) + " >>\nstream\n" + content + "\nendstream" };
    return pdfOfObjects(objects);
}

} // namespace

void TestPdfRaster::pagesDrawnInBandsAreTheWholePage()
{
    // Text, and vector pages whose boxes do not start at the origin, at the sizes the viewer draws:
    // drawn in bands (PDFium's lock held for one band at a time) or in one call, the same pixels.
    const QList<QByteArray> pdfs { sample(), vectorPdf("/MediaBox [100 100 695.5 942.3]"),
        vectorPdf("/MediaBox [0 0 700 900] /CropBox [40.5 60 640 880.7]"),
        vectorPdf("/MediaBox [0 0 595.28 841.89] /Rotate 360") };
    for (const QByteArray& pdf : pdfs) {
        PageRaster banded, whole, paced;
        QVERIFY(banded.load(pdf));
        QVERIFY(whole.load(pdf));
        QVERIFY(paced.load(pdf));
        banded.setBandMilliseconds(0); // every band as tall as the first
        whole.setFirstBandRows(0);
        const QSizeF pts = banded.pagePointSize(0);
        for (const double width : { 1250.0, 907.0, 300.0 }) {
            const QSize px = (pts * (width / pts.width())).toSize();
            QVERIFY(px.height() > 2 * PageRaster::kFirstBandRows || width == 300.0);
            const QImage a = banded.render(0, px), b = whole.render(0, px);
            QVERIFY(!b.isNull());
            QCOMPARE(a.size(), px);
            QCOMPARE(a.format(), b.format());
            QCOMPARE(whole.pdfiumCallsOfLastRender(), 1);
            const int bands = (px.height() + PageRaster::kFirstBandRows - 1) / PageRaster::kFirstBandRows;
            QCOMPARE(banded.pdfiumCallsOfLastRender(), qMin(bands, PageRaster::kMostBands));
            QVERIFY2(
                samePage(a, b), qPrintable(QStringLiteral("%1 px wide, page %2").arg(width).arg(pdfs.indexOf(pdf))));
            // By the pace (as the viewer draws): a fast pace's bands, at most kMostBands of them, and
            // a slow one's: the first band, then the rest in one call.
            paced.setBandMilliseconds(1);
            QVERIFY(samePage(paced.render(0, px), b));
            QVERIFY(paced.pdfiumCallsOfLastRender() >= 2);
            QVERIFY(paced.pdfiumCallsOfLastRender() <= PageRaster::kMostBands);
            paced.setBandMilliseconds(1000000);
            QVERIFY(samePage(paced.render(0, px), b));
            QCOMPARE(paced.pdfiumCallsOfLastRender(), 2);
        }
    }
    // Drawn in one call: a page turned by the viewer or by its own /Rotate (Qt PDF's bands do not
    // turn; a /Rotate that is no whole number of turns may be read otherwise), with annotations, or
    // with a picture (PDFium would decode it again for each band).
    auto calls = [](const QByteArray& pdf, int rotation) {
        PageRaster raster;
        if (!raster.load(pdf))
            return -1;
        const QSize px = (raster.pagePointSize(0) * 2).toSize();
        return raster.render(0, px, rotation).size() == px ? raster.pdfiumCallsOfLastRender() : -1;
    };
    QCOMPARE(calls(sample(), 90), 1);
    QCOMPARE(calls(vectorPdf("/MediaBox [0 0 595 842] /Rotate 90"), 0), 1);
    QCOMPARE(calls(vectorPdf("/MediaBox [0 0 595 842] /Rotate 90.0"), 0), 1);
    Annotation r = make(AnnotationType::Rect);
    Geometry::setRect(r, QRectF(60, 150, 200, 40));
    auto annotated = PdfExport::annotated(sample(), { r });
    QVERIFY2(annotated, qPrintable(annotated.errorString()));
    QCOMPARE(calls(annotated.value(), 0), 1);
    ImagePage scan;
    scan.imageDict = jpegDict(QSize(300, 420), false);
    scan.imageData = scanJpeg(QSize(300, 420), false);
    scan.content += " 0 0 1 rg 10 10 50 50 re f"; // (more than the picture: PDFium draws it)
    const QByteArray pictured = imagePdf({ scan });
    QCOMPARE(calls(pictured, 0), 1);
    // (And the upright vector page of the same size in bands: what the lines above tell apart.)
    QVERIFY(calls(vectorPdf("/MediaBox [0 0 595 842]"), 0) > 1);
}

QTEST_MAIN(TestPdfRaster)
#include "tst_pdf_raster.moc"
