// PdfExport::redacted(): the redacted copy, built from an allow-list into a new document (see
// RedactionReport in PdfExport.h for what survives). The original is read twice: by Qt PDF, which
// renders the marked pages, and by qpdf, which counts what will be left behind and lends the
// untouched pages' content and resources to the new document.
#include "Annotations.h"
#include "PdfExport.h"
#include "PdfLoad.h"
#include "QpdfDocument.h"
#include "QpdfPages.h"
#include "SimplePdf.h"
#include "core/Logging.h"

#include <QBuffer>
#include <QPdfDocument>
#include <QSet>
#include <QTransform>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFAcroFormDocumentHelper.hh>
#include <qpdf/QPDFAnnotationObjectHelper.hh>
#include <qpdf/QPDFNameTreeObjectHelper.hh>
#include <qpdf/QPDFNumberTreeObjectHelper.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>
#include <set>
#include <vector>

namespace clerk::pdf {

namespace {

using Handle = QPDFObjectHandle;

// Bounds the counting of hostile files (name trees and outlines with millions of entries or loops).
constexpr int kMaxEntries = 100000;

// Page keys an untouched page keeps; inheritable ones are resolved through the page tree.
constexpr const char* kInheritedPageKeys[] = { "/MediaBox", "/CropBox", "/Rotate", "/Resources" };
constexpr const char* kOwnPageKeys[] = { "/BleedBox", "/TrimBox", "/ArtBox", "/UserUnit", "/Group", "/Contents" };
// Keys dropped from every dictionary copied into the new document (resources of untouched pages):
// none of them is needed to draw the page, each can carry text, files or point back to dropped parts
// (/AF: associated files, PDF 2.0; /Ref: a reference XObject's target file; /OPI, /Alternates:
// print-time substitutes for an image).
constexpr const char* kDroppedKeys[] = { "/Metadata", "/PieceInfo", "/LastModified", "/StructParent", "/StructParents",
    "/OC", "/AA", "/Thumb", "/Annots", "/AF", "/Ref", "/OPI", "/Alternates" };

int nameTreeEntries(QPDF& q, Handle tree)
{
    if (!tree.isDictionary())
        return 0;
    int n = 0;
    try {
        QPDFNameTreeObjectHelper helper(tree, q, false);
        for (auto it = helper.begin(); it != helper.end() && n < kMaxEntries; ++it)
            ++n;
    } catch (const std::exception&) {
        return std::max(n, 1); // damaged, but something was there
    }
    return n;
}

int outlineItems(Handle outlines)
{
    if (!outlines.isDictionary())
        return 0;
    std::set<QPDFObjGen> seen;
    std::vector<Handle> todo { outlines.getKey("/First") };
    int n = 0;
    while (!todo.empty() && n < kMaxEntries) {
        Handle item = todo.back();
        todo.pop_back();
        while (item.isDictionary() && n < kMaxEntries) {
            if (item.isIndirect() && !seen.insert(item.getObjGen()).second)
                break;
            ++n;
            todo.push_back(item.getKey("/First"));
            item = item.getKey("/Next");
        }
    }
    return n;
}

// /A (one action) and the triggers of /AA of a catalogue, page, annotation or field.
int actionsOf(Handle dict)
{
    if (!dict.isDictionary())
        return 0;
    int n = dict.getKey("/A").isDictionary() ? 1 : 0;
    if (Handle aa = dict.getKey("/AA"); aa.isDictionary())
        n += int(aa.getKeys().size());
    return n;
}

// What the original carries that the copy will not: counted before anything is changed.
RedactionReport inventory(QPDF& q, std::vector<QPDFPageObjectHelper>& pages)
{
    RedactionReport r;
    Handle root = q.getRoot();
    if (Handle info = q.getTrailer().getKey("/Info"); info.isDictionary() && !info.getKeys().empty())
        ++r.metadata;
    if (root.getKey("/Metadata").isStream())
        ++r.metadata;
    QPDFAcroFormDocumentHelper forms(q);
    if (forms.hasAcroForm())
        r.formFields = int(forms.getFormFields().size());
    if (Handle names = root.getKey("/Names"); names.isDictionary()) {
        r.attachments += nameTreeEntries(q, names.getKey("/EmbeddedFiles"));
        r.actions += nameTreeEntries(q, names.getKey("/JavaScript"));
        r.namedDestinations += nameTreeEntries(q, names.getKey("/Dests"));
    }
    if (Handle dests = root.getKey("/Dests"); dests.isDictionary())
        r.namedDestinations += int(dests.getKeys().size());
    if (root.getKey("/OpenAction").isDictionary()) // an array is only "open at page N"
        ++r.actions;
    r.actions += actionsOf(root) - (root.getKey("/A").isDictionary() ? 1 : 0);
    r.bookmarks = outlineItems(root.getKey("/Outlines"));
    for (QPDFPageObjectHelper& page : pages) {
        Handle p = page.getObjectHandle();
        r.thumbnails += p.getKey("/Thumb").isStream();
        r.metadata += p.getKey("/Metadata").isStream();
        r.actions += actionsOf(p);
        for (QPDFAnnotationObjectHelper& annot : page.getAnnotations()) {
            Handle a = annot.getObjectHandle();
            r.attachments += a.getKey("/Subtype").isNameAndEquals("/FileAttachment");
            r.actions += actionsOf(a);
        }
    }
    return r;
}

// /PageLabels with numbering style and start only; the prefix texts (/P) are counted and dropped.
Handle labelsWithoutText(QPDF& src, int pageCount, int* prefixes)
{
    Handle tree = src.getRoot().getKey("/PageLabels");
    if (!tree.isDictionary())
        return Handle::newNull();
    static const std::set<std::string> styles { "/D", "/R", "/r", "/A", "/a" };
    Handle nums = Handle::newArray();
    try {
        QPDFNumberTreeObjectHelper helper(tree, src, false);
        int n = 0;
        for (auto it = helper.begin(); it != helper.end() && ++n < kMaxEntries; ++it) {
            const long long first = it->first;
            Handle value = it->second;
            if (!value.isDictionary())
                continue;
            *prefixes += value.hasKey("/P");
            if (first < 0 || first >= pageCount)
                continue;
            Handle label = Handle::newDictionary();
            if (Handle s = value.getKey("/S"); s.isName() && styles.count(s.getName()))
                label.replaceKey("/S", Handle::newName(s.getName()));
            if (Handle st = value.getKey("/St"); st.isInteger() && st.getIntValue() >= 1)
                label.replaceKey("/St", Handle::newInteger(st.getIntValue()));
            nums.appendItem(Handle::newInteger(first));
            nums.appendItem(label);
        }
    } catch (const std::exception&) {
        *prefixes += 1; // damaged labels are dropped whole
        return Handle::newNull();
    }
    if (nums.getArrayNItems() == 0)
        return Handle::newNull();
    Handle labels = Handle::newDictionary();
    labels.replaceKey("/Nums", nums);
    return labels;
}

// `value` of the source document as a value of `out`: indirect objects through copyForeignObject
// (which maps references to pages that are not copied to null), direct containers item by item.
Handle importValue(QPDF& out, Handle value, int depth = 0)
{
    if (value.isIndirect())
        return out.copyForeignObject(value);
    if (depth > 64)
        return Handle::newNull();
    if (value.isArray()) {
        Handle a = Handle::newArray();
        for (int i = 0; i < value.getArrayNItems(); ++i)
            a.appendItem(importValue(out, value.getArrayItem(i), depth + 1));
        return a;
    }
    if (value.isDictionary()) {
        Handle d = Handle::newDictionary();
        for (const std::string& key : value.getKeys())
            d.replaceKey(key, importValue(out, value.getKey(key), depth + 1));
        return d;
    }
    return value.shallowCopy();
}

// Drops kDroppedKeys from every dictionary and stream reachable from the new document's root;
// returns how many /Metadata streams went.
int scrub(QPDF& out)
{
    int metadata = 0;
    std::set<QPDFObjGen> seen;
    std::vector<Handle> todo { out.getRoot() };
    while (!todo.empty()) {
        Handle h = todo.back();
        todo.pop_back();
        if (h.isIndirect() && !seen.insert(h.getObjGen()).second)
            continue;
        if (h.isArray()) {
            for (int i = 0; i < h.getArrayNItems(); ++i)
                todo.push_back(h.getArrayItem(i));
        } else if (h.isDictionary() || h.isStream()) {
            Handle d = h.isStream() ? h.getDict() : h;
            metadata += d.getKey("/Metadata").isStream();
            for (const char* key : kDroppedKeys)
                d.removeKey(key);
            for (const std::string& key : d.getKeys())
                todo.push_back(d.getKey(key));
        }
    }
    return metadata;
}

// The marked page `pageNo` as a picture on white with the marked areas black.
Result<QImage> blackedOut(
    QPdfDocument& renderer, int pageNo, QPDFPageObjectHelper& page, const QList<Annotation>& marks, int dpi)
{
    const QRectF box = pageBox(page);
    const int rotation = rotationOf(page);
    const QSizeF shown = rotation % 180 ? QSizeF(box.height(), box.width()) : box.size();
    const double scale = dpi / 72.0;
    const QSize pixels(qRound(shown.width() * scale), qRound(shown.height() * scale));
    // With the file's own annotations (filled form fields): they become part of the picture, under
    // the black boxes like everything else.
    QPdfDocumentRenderOptions withAnnotations;
    withAnnotations.setRenderFlags(QPdfDocumentRenderOptions::RenderFlag::Annotations);
    const QImage rendered
        = renderer.render(pageNo, pixels, withAnnotations).convertToFormat(QImage::Format_ARGB32_Premultiplied);
    if (rendered.isNull() || rendered.size() != pixels)
        return Error { Error::Corrupt, PdfExport::tr("Page %1 could not be rendered for redaction.").arg(pageNo + 1),
            {} };
    // Qt PDF leaves the paper transparent: put it on white (premultiplied: c + (255 - alpha)).
    QImage image(rendered.size(), QImage::Format_RGB888);
    for (int y = 0; y < rendered.height(); ++y) {
        const auto* src = reinterpret_cast<const QRgb*>(rendered.constScanLine(y));
        uchar* dst = image.scanLine(y);
        for (int x = 0; x < rendered.width(); ++x) {
            const int white = 255 - qAlpha(src[x]);
            dst[3 * x] = uchar(qRed(src[x]) + white);
            dst[3 * x + 1] = uchar(qGreen(src[x]) + white);
            dst[3 * x + 2] = uchar(qBlue(src[x]) + white);
        }
    }
    // Black boxes, pixel by pixel (no QPainter: this runs in command-line tools too).
    const QTransform map = Geometry::toView(box, rotation, scale);
    for (const Annotation& mark : marks) {
        QList<QRectF> areas;
        for (const Quad& quad : Geometry::quads(mark))
            areas << map.map(QPolygonF { quad.upperLeft, quad.upperRight, quad.lowerRight, quad.lowerLeft })
                         .boundingRect();
        if (areas.isEmpty())
            areas << map.mapRect(Geometry::rect(mark));
        for (const QRectF& area : std::as_const(areas)) {
            const QRect px = area.toAlignedRect().adjusted(-1, -1, 1, 1).intersected(image.rect());
            for (int y = px.top(); y <= px.bottom(); ++y)
                memset(image.scanLine(y) + px.left() * 3, 0, size_t(px.width()) * 3);
        }
    }
    return image;
}

// A new page of `out` that is the picture alone, plus the text layer's runs as invisible text.
Handle picturePage(QPDF& out, const QImage& image, int dpi, const QList<TextRun>& runs)
{
    const double width = image.width() * 72.0 / dpi, height = image.height() * 72.0 / dpi;
    std::string raw;
    raw.reserve(size_t(image.width()) * size_t(image.height()) * 3);
    for (int y = 0; y < image.height(); ++y)
        raw.append(reinterpret_cast<const char*>(image.constScanLine(y)), size_t(image.width()) * 3);
    Handle picture = Handle::newStream(&out, raw);
    Handle pd = picture.getDict();
    pd.replaceKey("/Type", Handle::newName("/XObject"));
    pd.replaceKey("/Subtype", Handle::newName("/Image"));
    pd.replaceKey("/Width", Handle::newInteger(image.width()));
    pd.replaceKey("/Height", Handle::newInteger(image.height()));
    pd.replaceKey("/ColorSpace", Handle::newName("/DeviceRGB"));
    pd.replaceKey("/BitsPerComponent", Handle::newInteger(8));
    Handle xobjects = Handle::newDictionary();
    xobjects.replaceKey("/Im0", out.makeIndirectObject(picture));
    Handle res = Handle::newDictionary();
    res.replaceKey("/XObject", xobjects);
    QByteArray content = "q " + num(width) + " 0 0 " + num(height) + " 0 0 cm /Im0 Do Q\n";
    if (!runs.isEmpty()) {
        Handle font = Handle::newDictionary();
        font.replaceKey("/Type", Handle::newName("/Font"));
        font.replaceKey("/Subtype", Handle::newName("/Type1"));
        font.replaceKey("/BaseFont", Handle::newName("/Helvetica"));
        font.replaceKey("/Encoding", Handle::newName("/WinAnsiEncoding"));
        Handle fonts = Handle::newDictionary();
        fonts.replaceKey("/F0", out.makeIndirectObject(font));
        res.replaceKey("/Font", fonts);
        content += "BT 3 Tr\n";
        for (const TextRun& run : runs) {
            const double size = std::max(1.0, run.box.height() * 0.8);
            const double natural = SimplePdf::textWidth(run.text, size);
            const double stretch = natural > 0 ? run.box.width() / natural * 100 : 100;
            content += "/F0 " + num(size) + " Tf " + num(stretch) + " Tz 1 0 0 1 " + num(run.box.left()) + ' '
                + num(run.box.top() + run.box.height() * 0.2) + " Tm " + SimplePdf::literal(run.text) + " Tj\n";
        }
        content += "ET\n";
    }
    Handle p = Handle::newDictionary();
    p.replaceKey("/Type", Handle::newName("/Page"));
    p.replaceKey("/MediaBox", Handle::newArray(QPDFObjectHandle::Rectangle(0, 0, width, height)));
    p.replaceKey("/Resources", res);
    p.replaceKey("/Contents", Handle::newStream(&out, content.toStdString()));
    return p;
}

// The names a content stream uses: every name among its operands and inline image dictionaries. The
// resource names of cs/CS/scn/SCN, gs, sh, BDC/DP, Do and Tf are among them; a few more is harmless.
class UsedNames : public QPDFObjectHandle::ParserCallbacks
{
public:
    std::set<std::string> names;
    void handleObject(QPDFObjectHandle h) override { add(h, 0); }
    void handleEOF() override { }

private:
    void add(QPDFObjectHandle h, int depth)
    {
        if (h.isName()) {
            names.insert(h.getName());
        } else if (h.isArray() && depth < 8) {
            for (int i = 0; i < h.getArrayNItems(); ++i)
                add(h.getArrayItem(i), depth + 1);
        } else if (h.isDictionary() && depth < 8) {
            for (const std::string& key : h.getKeys()) {
                names.insert(key);
                add(h.getKey(key), depth + 1);
            }
        }
    }
};

// Resource categories trimmed to the names a content uses. qpdf's removeUnreferencedResources only
// trims /Font and /XObject: a shared dictionary's /Pattern (a tiling pattern is a content stream
// that can carry a redacted page's text), /Shading, /ExtGState, /Properties, /ColorSpace came along whole.
constexpr const char* kTrimmedResources[]
    = { "/ColorSpace", "/ExtGState", "/Pattern", "/Shading", "/Properties", "/Font", "/XObject" };

// A new direct copy of `resources` with only the entries `used` names; the original (which other
// pages may share) stays as it is.
Handle trimmedResources(Handle resources, const std::set<std::string>& used)
{
    Handle out = resources.shallowCopy();
    for (const char* category : kTrimmedResources) {
        Handle entries = resources.getKey(category);
        if (!entries.isDictionary())
            continue;
        Handle kept = Handle::newDictionary();
        for (const std::string& key : entries.getKeys())
            if (used.count(key))
                kept.replaceKey(key, entries.getKey(key));
        out.replaceKey(category, kept);
    }
    return out;
}

// Trims the resources of an untouched page, and of the form XObjects drawn from them (nested ones
// too), to what each one's content uses. A form without resources of its own draws with the page's,
// so its names count as the page's. Throws when a content stream cannot be parsed.
void trimResources(QPDFPageObjectHelper& page)
{
    Handle p = page.getObjectHandle();
    const Handle resources = p.getKey("/Resources");
    if (!resources.isDictionary())
        return;
    UsedNames pageNames;
    page.parseContents(&pageNames);
    std::set<QPDFObjGen> seen;
    std::vector<std::pair<Handle, int>> todo { { resources, 0 } };
    while (!todo.empty()) {
        const auto [res, depth] = todo.back();
        todo.pop_back();
        Handle xobjects = res.getKey("/XObject");
        if (!xobjects.isDictionary() || depth > 16)
            continue;
        for (const std::string& key : xobjects.getKeys()) {
            Handle form = xobjects.getKey(key);
            if (!form.isStream() || !form.getDict().getKey("/Subtype").isNameAndEquals("/Form"))
                continue;
            if (form.isIndirect() && !seen.insert(form.getObjGen()).second)
                continue;
            UsedNames formNames;
            form.parseAsContents(&formNames);
            if (Handle own = form.getDict().getKey("/Resources"); own.isDictionary()) {
                form.getDict().replaceKey("/Resources", trimmedResources(own, formNames.names));
                todo.push_back({ own, depth + 1 });
            } else {
                pageNames.names.insert(formNames.names.begin(), formNames.names.end());
            }
        }
    }
    p.replaceKey("/Resources", trimmedResources(resources, pageNames.names));
}

// A new page of `out` with the allow-listed keys of the untouched source page.
Handle copiedPage(QPDF& out, QPDFPageObjectHelper& page)
{
    Handle p = Handle::newDictionary();
    p.replaceKey("/Type", Handle::newName("/Page"));
    for (const char* key : kInheritedPageKeys)
        if (Handle v = page.getAttribute(key, false); !v.isNull())
            p.replaceKey(key, importValue(out, v));
    for (const char* key : kOwnPageKeys)
        if (Handle v = page.getObjectHandle().getKey(key); !v.isNull())
            p.replaceKey(key, importValue(out, v));
    if (!p.getKey("/MediaBox").isRectangle())
        p.replaceKey("/MediaBox",
            Handle::newArray(QPDFObjectHandle::Rectangle(0, 0, SimplePdf::kA4Width, SimplePdf::kA4Height)));
    return p;
}

// `q` written again with a page tree of qpdf's own: one /Pages node whose /Kids are the pages qpdf
// finds by walking the tree and whose /Count is their number. PDFium (Qt PDF) trusts /Count where qpdf
// walks /Kids, so on the original the two can see different pages; on these bytes they see the same.
Result<QByteArray> withFlatPageTree(QPDF& q)
{
    QPDFPageDocumentHelper helper(q);
    helper.pushInheritedAttributesToPage();
    std::vector<QPDFPageObjectHelper> pages = helper.getAllPages();
    Handle tree = q.makeIndirectObject(Handle::newDictionary());
    Handle kids = Handle::newArray();
    for (QPDFPageObjectHelper& page : pages) {
        page.getObjectHandle().replaceKey("/Parent", tree);
        kids.appendItem(page.getObjectHandle());
    }
    tree.replaceKey("/Type", Handle::newName("/Pages"));
    tree.replaceKey("/Kids", kids);
    tree.replaceKey("/Count", Handle::newInteger(int(pages.size())));
    q.getRoot().replaceKey("/Pages", tree);
    return writeQpdf(q, q.getPDFVersion());
}

} // namespace

Result<Redaction> PdfExport::redacted(
    const QByteArray& pdf, const QList<Annotation>& annotations, int dpi, const RedactedPageText& textLayer)
{
    dpi = std::clamp(dpi, 72, 600);
    auto original = openQpdf(pdf);
    if (!original)
        return original.error();
    // Rendered and copied from the same bytes, whose pages qpdf and Qt PDF agree on (see withFlatPageTree).
    Result<QByteArray> normal = Error { Error::Corrupt, {}, {} };
    try {
        normal = withFlatPageTree(*original.value());
    } catch (const std::exception& e) {
        return Error { Error::Corrupt, tr("The redaction could not be applied; the PDF may be damaged."),
            QString::fromUtf8(e.what()) };
    }
    if (!normal)
        return normal.error();
    auto doc = openQpdf(normal.value());
    if (!doc)
        return doc.error();
    QPDF& src = *doc.value();
    QMap<int, QList<Annotation>> marksByPage;
    int marks = 0;
    for (const Annotation& a : annotations)
        if (a.type == AnnotationType::Redact && !a.deleted) {
            if (const QString p = Geometry::problem(a); !p.isEmpty())
                return Error { Error::Invalid, p, a.id };
            marksByPage[a.page] << a;
            ++marks;
        }

    Redaction result;
    QBuffer buffer, shownBuffer;
    QPdfDocument renderer, shown;
    try {
        std::vector<QPDFPageObjectHelper> pages = QPDFPageDocumentHelper(src).getAllPages();
        const int pageCount = int(pages.size());
        if (!marksByPage.isEmpty() && (marksByPage.firstKey() < 0 || marksByPage.lastKey() >= pageCount)) {
            const int bad = marksByPage.firstKey() < 0 ? marksByPage.firstKey() : marksByPage.lastKey();
            return Error { Error::Invalid,
                tr("A redaction mark refers to page %1, but the document has %2 pages.").arg(bad + 1).arg(pageCount),
                {} };
        }
        // The clerk marked the pages Qt PDF showed of the original: when those are not the pages the
        // copy is made of (a page tree whose /Count hides pages, or a file Qt PDF cannot open), the
        // copy could carry a page nobody looked at, or marks on the wrong page. Refused.
        buffer.setData(normal.value());
        buffer.open(QIODevice::ReadOnly);
        shownBuffer.setData(pdf);
        shownBuffer.open(QIODevice::ReadOnly);
        if (!loadAndWait(shown, &shownBuffer))
            return Error { Error::Corrupt,
                tr("The viewer cannot show this PDF, so no redacted copy is made of pages nobody could check. "
                   "Ask the sender for an undamaged copy."),
                QStringLiteral("QPdfDocument error %1 on the original").arg(int(shown.error())) };
        if (!loadAndWait(renderer, &buffer))
            return Error { Error::Corrupt, tr("The PDF could not be rendered for redaction."),
                QStringLiteral("QPdfDocument error %1").arg(int(renderer.error())) };
        bool samePages = shown.pageCount() == pageCount && renderer.pageCount() == pageCount;
        for (int i = 0; samePages && i < pageCount; ++i) {
            const QSizeF d = shown.pagePointSize(i) - renderer.pagePointSize(i);
            samePages = std::abs(d.width()) < 0.5 && std::abs(d.height()) < 0.5;
        }
        if (!samePages)
            return Error { Error::Invalid,
                tr("This PDF lists its pages inconsistently: the viewer shows %1 page(s), but the file holds %2. "
                   "A redacted copy of it could contain pages you have not seen, so none is made. Ask the sender "
                   "for a corrected file, or print this one to a new PDF, open that and redact it.")
                    .arg(shown.pageCount())
                    .arg(pageCount),
                QStringLiteral("Qt PDF %1 pages, qpdf %2 pages").arg(shown.pageCount()).arg(pageCount) };
        result.removed = inventory(src, pages);
        result.removed.marks = marks;
        result.removed.redactedPages = int(marksByPage.size());

        // What the untouched pages show stays: their annotations' appearances (a filled form field,
        // a stamp) go into the page content. Where that fails (a damaged form), the annotations go
        // without a trace, like everything else that is not copied.
        QPDFPageDocumentHelper helper(src);
        try {
            QPDFAcroFormDocumentHelper forms(src);
            if (forms.hasAcroForm())
                forms.generateAppearancesIfNeeded();
            helper.flattenAnnotations(0, an_invisible | an_hidden);
        } catch (const std::exception& e) {
            qCWarning(lcPdf) << "annotations of untouched pages not flattened:" << e.what();
        }
        // Resources shrink to what each page's content uses: a resource dictionary shared with a
        // redacted page must not carry that page's pictures and fonts into the copy.
        // qpdf leaves a page's resources whole when it cannot read its content (and warns): such a
        // page is copied as a picture too, without black boxes, so nothing it does not show comes along.
        helper.pushInheritedAttributesToPage();
        pages = helper.getAllPages();
        QSet<int> unreadable;
        for (int i = 0; i < pageCount; ++i) {
            if (marksByPage.contains(i))
                continue;
            const size_t warnings = src.numWarnings();
            bool readable = true;
            try {
                pages[size_t(i)].removeUnreferencedResources();
                if (src.numWarnings() == warnings)
                    trimResources(pages[size_t(i)]);
            } catch (const std::exception& e) {
                qCWarning(lcPdf) << "redaction: page" << i + 1 << "content:" << e.what();
                readable = false;
            }
            if (!readable || src.numWarnings() != warnings) {
                qCWarning(lcPdf) << "redaction: page" << i + 1 << "has unreadable content; copied as a picture";
                unreadable.insert(i);
            }
        }

        QPDF out;
        out.emptyPDF();
        out.setSuppressWarnings(true);
        src.setImmediateCopyFrom(true);
        QPDFPageDocumentHelper outPages(out);
        for (int i = 0; i < pageCount; ++i) {
            Handle page;
            if (marksByPage.contains(i) || unreadable.contains(i)) {
                auto image = blackedOut(renderer, i, pages[size_t(i)], marksByPage.value(i), dpi);
                if (!image)
                    return image.error();
                page = picturePage(
                    out, image.value(), dpi, textLayer ? textLayer(i, image.value(), dpi) : QList<TextRun>());
            } else {
                page = copiedPage(out, pages[size_t(i)]);
            }
            outPages.addPage(QPDFPageObjectHelper(out.makeIndirectObject(page)), false);
        }
        int prefixes = 0;
        if (Handle labels = labelsWithoutText(src, pageCount, &prefixes); labels.isDictionary())
            out.getRoot().replaceKey("/PageLabels", labels);
        result.removed.pageLabels = prefixes;
        result.removed.metadata += scrub(out);
        auto written = writeQpdf(out, src.getPDFVersion());
        if (!written)
            return written.error();
        result.pdf = written.value();
    } catch (const std::exception& e) {
        return Error { Error::Corrupt, tr("The redaction could not be applied; the PDF may be damaged."),
            QString::fromUtf8(e.what()) };
    }
    return result;
}

} // namespace clerk::pdf
