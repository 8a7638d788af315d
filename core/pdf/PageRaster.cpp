#include "PageRaster.h"

#include "PdfLoad.h"
#include "QpdfPages.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QImageReader>
#include <QPainter>
#include <QPdfDocument>
#include <QTransform>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <qpdf/Buffer.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <vector>

namespace clerk::pdf {

namespace {

using Handle = QPDFObjectHandle;

// A content stream of a scanned page is a few dozen bytes ("q 595 0 0 842 0 0 cm /Im0 Do Q");
// anything longer draws more than one picture and goes to PDFium without being parsed.
constexpr long long kMaxScanContentBytes = 4096;

bool isName(Handle h, const char* name)
{
    return h.isName() && h.getName() == name;
}

// Walks a content stream and accepts exactly: q, Q, cm with six numbers, and one /Name Do.
class PlacementReader : public QPDFObjectHandle::ParserCallbacks
{
public:
    void handleObject(QPDFObjectHandle obj) override
    {
        if (!ok)
            return;
        if (!obj.isOperator()) {
            operands.push_back(obj);
            if (operands.size() > 6)
                fail();
            return;
        }
        const std::string op = obj.getOperatorValue();
        if (op == "q" && operands.empty()) {
            stack.push_back(ctm);
        } else if (op == "Q" && operands.empty() && !stack.empty()) {
            ctm = stack.back();
            stack.pop_back();
        } else if (op == "cm" && operands.size() == 6 && !image) {
            double v[6];
            for (int i = 0; i < 6; ++i) {
                if (!operands[size_t(i)].isNumber())
                    return fail();
                v[i] = operands[size_t(i)].getNumericValue();
                if (!std::isfinite(v[i]))
                    return fail();
            }
            ctm = QTransform(v[0], v[1], v[2], v[3], v[4], v[5]) * ctm;
        } else if (op == "Do" && operands.size() == 1 && operands[0].isName() && !image) {
            image = operands[0].getName();
            placement = ctm;
        } else {
            return fail();
        }
        operands.clear();
    }
    void handleEOF() override { }

    void fail()
    {
        ok = false;
        terminateParsing();
    }

    bool ok = true;
    std::vector<Handle> operands;
    QTransform ctm;
    std::vector<QTransform> stack;
    std::optional<std::string> image;
    QTransform placement;
};

bool shortContents(Handle contents)
{
    long long total = 0;
    auto add = [&total](Handle stream) {
        if (!stream.isStream())
            return false;
        Handle length = stream.getDict().getKey("/Length");
        if (!length.isInteger())
            return false;
        total += length.getIntValue();
        return true;
    };
    if (contents.isArray()) {
        for (int i = 0; i < contents.getArrayNItems(); ++i)
            if (!add(contents.getArrayItem(i)))
                return false;
    } else if (!add(contents)) {
        return false;
    }
    return total > 0 && total <= kMaxScanContentBytes;
}

} // namespace

// A page that is one JPEG: where it lies on the page and what it is.
struct PageRaster::Scan
{
    QRectF box; // the page's shown box, user space
    QRectF picture; // where the image lies, user space
    int pageRotation = 0;
    Handle image; // the image stream (raw data is the JPEG)
    QSize size; // /Width × /Height
    bool gray = false;
};

struct PageRaster::Pages
{
    QPDF qpdf;
    std::vector<QPDFPageObjectHelper> pages;
    std::vector<std::optional<std::optional<Scan>>> scans; // outer: looked at yet; inner: is a scan
    bool ok = false;
};

PageRaster::PageRaster()
    : m_doc(std::make_unique<QPdfDocument>())
{ }

PageRaster::~PageRaster() = default;

bool PageRaster::load(const QByteArray& pdf, const QString& password)
{
    close();
    m_pdf = pdf;
    m_password = password;
    m_buffer = std::make_unique<QBuffer>(&m_pdf);
    m_buffer->open(QIODevice::ReadOnly);
    m_doc->setPassword(password);
    return loadAndWait(*m_doc, m_buffer.get());
}

void PageRaster::close()
{
    m_doc->close();
    m_buffer.reset();
    m_pages.reset();
    m_pdf.clear();
    m_password.clear();
}

int PageRaster::pageCount() const
{
    return m_doc->status() == QPdfDocument::Status::Ready ? m_doc->pageCount() : 0;
}

QSizeF PageRaster::pagePointSize(int page) const
{
    return page >= 0 && page < pageCount() ? m_doc->pagePointSize(page) : QSizeF();
}

bool PageRaster::needsPassword() const
{
    return m_doc->error() == QPdfDocument::Error::IncorrectPassword;
}

bool PageRaster::isScannedPage(int page)
{
    return scanOf(page) != nullptr;
}

PageRaster::Pages* PageRaster::pages()
{
    if (!m_pages) {
        m_pages = std::make_unique<Pages>();
        try {
            m_pages->qpdf.setSuppressWarnings(true);
            m_pages->qpdf.processMemoryFile("document.pdf", m_pdf.constData(), size_t(m_pdf.size()),
                m_password.isEmpty() ? nullptr : m_password.toUtf8().constData());
            m_pages->pages = QPDFPageDocumentHelper(m_pages->qpdf).getAllPages();
            m_pages->ok = int(m_pages->pages.size()) == pageCount();
        } catch (const std::exception&) {
            m_pages->ok = false;
        }
        m_pages->scans.resize(m_pages->pages.size());
    }
    return m_pages->ok ? m_pages.get() : nullptr;
}

bool PageRaster::hasAnnotations(int page)
{
    if (!pages())
        return true; // unknown: let PDFium look
    try {
        QPDFObjectHandle annots = m_pages->pages[size_t(page)].getObjectHandle().getKey("/Annots");
        return annots.isArray() && annots.getArrayNItems() > 0;
    } catch (const std::exception&) {
        return true;
    }
}

const PageRaster::Scan* PageRaster::scanOf(int page)
{
    if (!m_direct || page < 0 || page >= pageCount() || !pages())
        return nullptr;
    auto& slot = m_pages->scans[size_t(page)];
    if (slot)
        return *slot ? &**slot : nullptr;
    slot.emplace();
    try {
        QPDFPageObjectHelper& helper = m_pages->pages[size_t(page)];
        Handle resources = helper.getAttribute("/Resources", false);
        Handle xobjects = resources.isDictionary() ? resources.getKey("/XObject") : Handle();
        if (!xobjects.isDictionary() || !shortContents(helper.getObjectHandle().getKey("/Contents")))
            return nullptr;
        // Annotations the file carries (a filled form field, a reviewer's note) are drawn by PDFium.
        Handle annots = helper.getObjectHandle().getKey("/Annots");
        if (annots.isArray() && annots.getArrayNItems() > 0)
            return nullptr;
        PlacementReader reader;
        helper.parseContents(&reader);
        if (!reader.ok || !reader.image)
            return nullptr;
        Handle image = xobjects.getKey(*reader.image);
        if (!image.isStream())
            return nullptr;
        Handle dict = image.getDict();
        Handle filter = dict.getKey("/Filter");
        if (filter.isArray() && filter.getArrayNItems() == 1)
            filter = filter.getArrayItem(0);
        Handle space = dict.getKey("/ColorSpace");
        Handle bits = dict.getKey("/BitsPerComponent");
        Handle width = dict.getKey("/Width"), height = dict.getKey("/Height");
        if (!isName(dict.getKey("/Subtype"), "/Image") || !isName(filter, "/DCTDecode") || dict.hasKey("/DecodeParms")
            || dict.hasKey("/SMask") || dict.hasKey("/Mask") || dict.hasKey("/Decode") || dict.hasKey("/ImageMask")
            || !(isName(space, "/DeviceRGB") || isName(space, "/DeviceGray")) || !bits.isInteger()
            || bits.getIntValue() != 8 || !width.isInteger() || !height.isInteger() || width.getIntValue() <= 0
            || height.getIntValue() <= 0 || width.getIntValue() > 30000 || height.getIntValue() > 30000)
            return nullptr;
        // Upright and unskewed: the unit square lands on an axis-parallel rectangle, top row on top.
        const QTransform& m = reader.placement;
        if (m.m12() != 0 || m.m21() != 0 || m.m11() <= 0 || m.m22() <= 0)
            return nullptr;
        Scan scan;
        scan.box = pageBox(helper);
        scan.picture = QRectF(m.dx(), m.dy(), m.m11(), m.m22());
        scan.pageRotation = rotationOf(helper);
        scan.image = image;
        scan.size = QSize(int(width.getIntValue()), int(height.getIntValue()));
        scan.gray = isName(space, "/DeviceGray");
        if (scan.box.isEmpty() || !scan.picture.intersects(scan.box))
            return nullptr;
        slot->emplace(std::move(scan));
        return &**slot;
    } catch (const std::exception&) {
        return nullptr;
    }
}

QImage PageRaster::render(int page, QSize pixels, int rotation)
{
    m_lastCalls = 0;
    if (page < 0 || page >= pageCount() || pixels.isEmpty())
        return {};
    if (const Scan* scan = scanOf(page)) {
        QImage img = renderScan(*scan, pixels, rotation);
        if (!img.isNull())
            return img;
    }
    QPdfDocumentRenderOptions options;
    options.setRotation(QPdfDocumentRenderOptions::Rotation(((rotation % 360 + 360) % 360) / 90));
    // With the annotations the file itself carries: a citizen's filled-in form shows its values
    // (form fields are widget annotations), as in any PDF reader. The clerk's own annotations are
    // not in the original; the viewer draws them on top.
    // Only where the page has any: the flag costs PDFium ~8 ms on every text page (measured at 150 dpi).
    if (hasAnnotations(page))
        options.setRenderFlags(QPdfDocumentRenderOptions::RenderFlag::Annotations);
    // (Qt PDF's bands do not turn a page: a turned one is drawn whole.)
    if (m_firstBandRows > 0 && pixels.height() > m_firstBandRows && rotation % 360 == 0 && suitsBands(page)) {
        QImage banded = renderInBands(page, pixels, options);
        if (!banded.isNull())
            return banded;
    }
    ++m_lastCalls; // (after bands that failed: those too)
    return m_doc->render(page, pixels, options);
}

bool PageRaster::suitsBands(int page)
{
    if (!pages())
        return false;
    try {
        QPDFPageObjectHelper& helper = m_pages->pages[size_t(page)];
        // Upright: no /Rotate, or a whole number of full turns (anything else PDFium may read
        // otherwise than qpdf).
        Handle rotate = helper.getAttribute("/Rotate", false);
        if (!rotate.isNull() && !(rotate.isInteger() && rotate.getIntValue() % 360 == 0))
            return false;
        // PDFium decodes a page's pictures again in every call: a page with any XObject (a picture,
        // or a form that may hold one) or annotations (their appearances may hold one) is drawn
        // whole. (Inline pictures in the content are not looked for: kMostBands bounds their cost.)
        Handle annots = helper.getObjectHandle().getKey("/Annots");
        if (annots.isArray() && annots.getArrayNItems() > 0)
            return false;
        Handle resources = helper.getAttribute("/Resources", false);
        Handle xobjects = resources.isDictionary() ? resources.getKey("/XObject") : Handle();
        return !xobjects.isDictionary() || xobjects.getKeys().empty();
    } catch (const std::exception&) {
        return false;
    }
}

namespace {

// Qt PDF draws a clip of a page at the scale  clip / band * scaled / points  along each axis (the
// clip's extent being right() - left(), one less than its width), and PDFium maps the page to
// whole points first, the page's size cut to an integer (an A4 page's 841.89 pt to 841). To draw
// a band at the page's own scale  pixels / points, clip * scaled  must be  band * pixels *
// points / whole points: the pair of integers nearest to that, the clip at least the band.
struct BandScale
{
    int clip = 0, scaled = 0;
};

BandScale bandScale(int band, int pixels, double points)
{
    if (!std::isfinite(points) || band < 1 || pixels < 1)
        return {};
    const double whole = std::floor(points);
    if (whole < 1)
        return {};
    const double target = double(band) * pixels * points / whole;
    BandScale best;
    double error = std::numeric_limits<double>::max();
    for (int clip = band; clip <= band + 4096; ++clip) {
        const int scaled = int(std::lround(target / clip));
        if (scaled < 1)
            break;
        const double off = std::abs(double(clip) * scaled - target);
        if (off < error) {
            error = off;
            best = { clip, scaled };
        }
    }
    return best;
}

} // namespace

QImage PageRaster::renderInBands(int page, QSize pixels, const QPdfDocumentRenderOptions& options)
{
    const QSizeF points = m_doc->pagePointSize(page);
    const BandScale across = bandScale(pixels.width(), pixels.width(), points.width());
    if (across.clip == 0)
        return {};
    QImage whole;
    int rows = m_firstBandRows;
    for (int top = 0; top < pixels.height();) {
        const QSize band(pixels.width(), qMin(rows, pixels.height() - top));
        const BandScale down = bandScale(band.height(), pixels.height(), points.height());
        if (down.clip == 0)
            return {};
        QPdfDocumentRenderOptions part = options;
        part.setScaledSize(QSize(across.scaled, down.scaled));
        part.setScaledClipRect(QRect(0, top, across.clip + 1, down.clip + 1));
        QElapsedTimer took;
        took.start();
        const QImage drawn = m_doc->render(page, band, part);
        ++m_lastCalls;
        if (drawn.size() != band || (!whole.isNull() && drawn.format() != whole.format()))
            return {};
        if (whole.isNull()) {
            whole = QImage(pixels, drawn.format());
            if (whole.isNull())
                return {}; // (too large to hold: the whole-page call says so too)
        }
        const size_t rowBytes = size_t(drawn.bytesPerLine());
        for (int y = 0; y < band.height(); ++y)
            std::memcpy(whole.scanLine(top + y), drawn.constScanLine(y), rowBytes);
        top += band.height();
        // Every call parses the whole page again: at most kMostBands calls, whatever the pace.
        const int left = pixels.height() - top, calls = kMostBands - m_lastCalls;
        const int fewest = calls > 0 ? (left + calls - 1) / calls : left;
        if (m_bandMs > 0) {
            const double ms = qMax(0.05, double(took.nsecsElapsed()) / 1e6);
            rows = int(qBound(32.0, band.height() * m_bandMs / ms, double(pixels.height())));
        }
        rows = qMax(rows, fewest);
    }
    return whole;
}

QImage PageRaster::renderScan(const Scan& scan, QSize pixels, int rotation)
{
    const int turn = ((scan.pageRotation + rotation) % 360 + 360) % 360 / 90 * 90;
    // The page upright (before any turn), in pixels, and where the picture lies on it.
    const QSize upright = turn % 180 ? pixels.transposed() : pixels;
    const double sx = upright.width() / scan.box.width(), sy = upright.height() / scan.box.height();
    const QRectF target((scan.picture.left() - scan.box.left()) * sx, (scan.box.bottom() - scan.picture.bottom()) * sy,
        scan.picture.width() * sx, scan.picture.height() * sy);
    const QSize decoded = target.size().toSize().expandedTo(QSize(1, 1));
    if (decoded.width() > 20000 || decoded.height() > 20000)
        return {};

    QByteArray jpeg;
    try {
        auto raw = Handle(scan.image).getRawStreamData();
        jpeg = QByteArray(reinterpret_cast<const char*>(raw->getBuffer()), qsizetype(raw->getSize()));
    } catch (const std::exception&) {
        return {};
    }
    QBuffer buffer(&jpeg);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer, "jpeg");
    reader.setAutoTransform(false); // PDF renderers ignore EXIF orientation
    if (reader.size() != scan.size)
        return {};
    const QImage::Format format = reader.imageFormat();
    if (scan.gray ? format != QImage::Format_Grayscale8
                  : (format != QImage::Format_RGB32 && format != QImage::Format_RGB888))
        return {};
    reader.setScaledSize(decoded);
    QImage picture = reader.read();
    if (picture.isNull() || picture.size() != decoded)
        return {};

    QImage page;
    const QRect whole(QPoint(0, 0), upright);
    if (std::abs(target.left()) < 0.5 && std::abs(target.top()) < 0.5
        && std::abs(target.right() - upright.width()) < 0.5 && std::abs(target.bottom() - upright.height()) < 0.5
        && decoded == upright) {
        page = picture.convertToFormat(QImage::Format_RGB32);
    } else {
        page = QImage(upright, QImage::Format_ARGB32_Premultiplied);
        page.fill(Qt::transparent);
        QPainter p(&page);
        p.setClipRect(whole);
        p.drawImage(target, picture);
    }
    if (turn)
        page = page.transformed(QTransform().rotate(turn));
    return page;
}

} // namespace clerk::pdf
