// Page pictures of a PDF for the screen, the thumbnails and the benchmark: what the viewer's
// render thread calls. Pages go through Qt PDF (PDFium), with the annotations the file carries
// (filled form fields are annotations), except a page without annotations that is nothing but one
// JPEG picture laid over it, which is what scanners and most scanned letters produce. Such a page
// is decoded straight from its JPEG data at the size it is shown (libjpeg scales while it decodes
// by 1/2, 1/4 or 1/8, which no PDF renderer does for us), the same picture PDFium would paint,
// in a third to a half of the time. Anything the direct path does not understand — masks,
// decode arrays, colour spaces other than DeviceGray/DeviceRGB, a skewed placement, a second
// drawing operator, a JPEG that does not match its dictionary — is left to PDFium.
//
// PDFium works under one lock for the whole process (Qt PDF's), and the GUI thread takes it too
// (opening, closing and searching the document it shows): while a page is drawn here, those wait
// for the whole page. ./dev bench week saw the GUI thread wait up to 170 ms closing a document.
// So an upright page without XObjects or annotations (pictures, or what may hold them: PDFium
// would decode a picture again for each band) that is taller than a band is drawn in bands, one
// PDFium call each: the first of kFirstBandRows rows, each next one as many rows as take about
// kBandMs by the pace of the last (a plain text page in two calls, a heavy one in at most
// kMostBands). The GUI thread waits for about one band; the page is the same, pixel for pixel.
//
// Not thread-safe: one instance belongs to one thread (the viewer's render thread owns one).
#pragma once

#include <QByteArray>
#include <QImage>
#include <QSize>
#include <QSizeF>
#include <memory>

class QBuffer;
class QPdfDocument;
class QPdfDocumentRenderOptions;

namespace clerk::pdf {

class PageRaster
{
public:
    PageRaster();
    ~PageRaster();
    PageRaster(const PageRaster&) = delete;
    PageRaster& operator=(const PageRaster&) = delete;

    // Loads the document (the bytes are kept). False when Qt PDF cannot open it.
    bool load(const QByteArray& pdf, const QString& password = {});
    void close();
    int pageCount() const;
    // Points, as shown (the page's /Rotate applied), as Qt PDF reports them.
    QSizeF pagePointSize(int page) const;
    // After a failed load(): whether a (right) password would open it.
    bool needsPassword() const;

    // The page at exactly `pixels` (as shown: page /Rotate plus `rotation`, the viewer's extra
    // clockwise turn in degrees). Transparent where the page paints nothing, as PDFium leaves it
    // (the caller lays it on white paper). Null when the page does not exist or cannot be drawn.
    QImage render(int page, QSize pixels, int rotation = 0);

    // True when render() takes the direct JPEG path for this page (for tests and the benchmark).
    bool isScannedPage(int page);
    // For the benchmark's side-by-side: always PDFium.
    void setDirectPathEnabled(bool enabled) { m_direct = enabled; }

    // The bands (see above); for tests. The first band's rows (0: every page in one call), and the
    // time each later band aims at (0: each as tall as the first).
    static constexpr int kFirstBandRows = 192;
    static constexpr int kBandMs = 12;
    static constexpr int kMostBands = 8; // each call parses the page again
    void setFirstBandRows(int rows) { m_firstBandRows = qMax(0, rows); }
    void setBandMilliseconds(int ms) { m_bandMs = qMax(0, ms); }
    // How many PDFium calls drew the last page render() gave (0: the direct JPEG path).
    int pdfiumCallsOfLastRender() const { return m_lastCalls; }

private:
    struct Scan;
    struct Pages;
    Pages* pages(); // qpdf's view of the pages, made on first use; null when qpdf cannot read them
    bool hasAnnotations(int page);
    const Scan* scanOf(int page);
    QImage renderScan(const Scan& scan, QSize pixels, int rotation);
    bool suitsBands(int page); // upright, without XObjects or annotations; false when unknown
    QImage renderInBands(int page, QSize pixels, const QPdfDocumentRenderOptions& options);

    QByteArray m_pdf;
    QString m_password;
    std::unique_ptr<QBuffer> m_buffer; // Qt PDF reads from it while the document is open
    std::unique_ptr<QPdfDocument> m_doc;
    std::unique_ptr<Pages> m_pages; // qpdf's view, made on the first render
    bool m_direct = true;
    int m_firstBandRows = kFirstBandRows;
    int m_bandMs = kBandMs;
    int m_lastCalls = 0;
};

} // namespace clerk::pdf
