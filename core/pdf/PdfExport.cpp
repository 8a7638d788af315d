#include "PdfExport.h"

#include "Annotations.h"
#include "PdfLoad.h"
#include "QpdfDocument.h"
#include "QpdfPages.h"
#include "SimplePdf.h"
#include "core/domain/Json.h"

#include <QBuffer>
#include <QColor>
#include <QImage>
#include <QJsonArray>
#include <QPdfDocument>
#include <QRegularExpression>
#include <QTimeZone>
#include <QTransform>
#include <QUuid>
#include <cmath>
#include <memory>
#include <qpdf/Buffer.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFExc.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>
#include <qpdf/QPDFWriter.hh>

namespace clerk::pdf {

namespace {

using Handle = QPDFObjectHandle;

QByteArray rgb(const QColor& c, const char* op)
{
    return num(c.redF()) + ' ' + num(c.greenF()) + ' ' + num(c.blueF()) + ' ' + op + '\n';
}

Handle real(double v)
{
    return Handle::newReal(v, 3, true);
}

Handle numberArray(const QList<double>& values)
{
    std::vector<Handle> items;
    items.reserve(size_t(values.size()));
    for (double v : values)
        items.push_back(real(v));
    return Handle::newArray(items);
}

Handle colorArray(const QColor& c)
{
    return numberArray({ c.redF(), c.greenF(), c.blueF() });
}

Handle text(const QString& s)
{
    return Handle::newUnicodeString(s.toStdString());
}

QString str(Handle h)
{
    if (h.isString())
        return QString::fromStdString(h.getUTF8Value());
    if (h.isName())
        return QString::fromStdString(h.getName()).mid(1);
    return {};
}

double numberOf(Handle h)
{
    return h.isNumber() ? h.getNumericValue() : 0;
}

Error readError(const std::exception& e)
{
    return Error { Error::Corrupt, PdfExport::tr("The PDF could not be read; it is damaged or not a PDF."),
        QString::fromUtf8(e.what()) };
}

QStringList wrap(const QString& s, double width, double size)
{
    QStringList lines;
    for (const QString& paragraph : s.split(QLatin1Char('\n'))) {
        QString line;
        for (const QString& w : paragraph.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
            const QString candidate = line.isEmpty() ? w : line + QLatin1Char(' ') + w;
            if (!line.isEmpty() && SimplePdf::textWidth(candidate, size) > width) {
                lines << line;
                line = w;
            } else {
                line = candidate;
            }
        }
        lines << line;
    }
    return lines;
}

QByteArray quadPath(const Quad& q)
{
    return num(q.upperLeft.x()) + ' ' + num(q.upperLeft.y()) + " m " + num(q.upperRight.x()) + ' '
        + num(q.upperRight.y()) + " l " + num(q.lowerRight.x()) + ' ' + num(q.lowerRight.y()) + " l "
        + num(q.lowerLeft.x()) + ' ' + num(q.lowerLeft.y()) + " l h\n";
}

QByteArray rectPath(const QRectF& r)
{
    return num(r.left()) + ' ' + num(r.top()) + ' ' + num(r.width()) + ' ' + num(r.height()) + " re\n";
}

// The rectangle an annotation's appearance occupies (never empty).
QRectF appearanceRect(const Annotation& a)
{
    QRectF r = Geometry::rect(a);
    if (r.width() < 1)
        r.setWidth(1);
    if (r.height() < 1)
        r.setHeight(1);
    return r;
}

Handle resources(QPDF& doc, bool multiply)
{
    auto font = [&](const char* base) {
        Handle f = Handle::newDictionary();
        f.replaceKey("/Type", Handle::newName("/Font"));
        f.replaceKey("/Subtype", Handle::newName("/Type1"));
        f.replaceKey("/BaseFont", Handle::newName(base));
        f.replaceKey("/Encoding", Handle::newName("/WinAnsiEncoding"));
        return doc.makeIndirectObject(f);
    };
    Handle fonts = Handle::newDictionary();
    fonts.replaceKey("/Helv", font("/Helvetica"));
    fonts.replaceKey("/HeBo", font("/Helvetica-Bold"));
    Handle res = Handle::newDictionary();
    res.replaceKey("/Font", fonts);
    if (multiply) {
        Handle gs = Handle::newDictionary();
        gs.replaceKey("/Type", Handle::newName("/ExtGState"));
        gs.replaceKey("/BM", Handle::newName("/Multiply"));
        Handle states = Handle::newDictionary();
        states.replaceKey("/GS0", gs);
        res.replaceKey("/ExtGState", states);
    }
    return res;
}

} // namespace

Result<std::unique_ptr<QPDF>> openQpdf(const QByteArray& pdf)
{
    if (!pdf.startsWith("%PDF-") && !pdf.left(1024).contains("%PDF-"))
        return Error { Error::Unsupported, PdfExport::tr("This file is not a PDF."), {} };
    auto doc = std::make_unique<QPDF>();
    doc->setSuppressWarnings(true);
    try {
        doc->processMemoryFile("document.pdf", pdf.constData(), size_t(pdf.size()));
        if (doc->getRoot().getKey("/Pages").isNull())
            return Error { Error::Corrupt, PdfExport::tr("The PDF has no pages."), {} };
    } catch (const QPDFExc& e) {
        if (e.getErrorCode() == qpdf_e_password)
            return Error { Error::Locked, PdfExport::tr("This PDF is protected by a password."),
                QString::fromUtf8(e.what()) };
        return readError(e);
    } catch (const std::exception& e) {
        return readError(e);
    }
    return doc;
}

Result<QByteArray> writeQpdf(QPDF& doc, const std::string& minimumVersion)
{
    try {
        QPDFWriter w(doc);
        w.setOutputMemory();
        w.setCompressStreams(true);
        w.setDeterministicID(true);
        if (!minimumVersion.empty())
            w.setMinimumPDFVersion(minimumVersion);
        w.write();
        auto buffer = w.getBufferSharedPointer();
        return QByteArray(reinterpret_cast<const char*>(buffer->getBuffer()), qsizetype(buffer->getSize()));
    } catch (const std::exception& e) {
        return Error { Error::Corrupt, PdfExport::tr("The PDF could not be written; the original may be damaged."),
            QString::fromUtf8(e.what()) };
    }
}

QByteArray PdfExport::appearance(const Annotation& a)
{
    const QColor c = colorOf(a);
    const QRectF r = appearanceRect(a);
    QByteArray s;
    const AnnotationPainterKind painter = traitsOf(a.type).painter;
    if (painter == AnnotationPainterKind::TextFill) {
        s += "/GS0 gs " + rgb(c, "rg");
        for (const Quad& q : Geometry::quads(a))
            s += quadPath(q);
        s += "f\n";
    } else if (painter == AnnotationPainterKind::TextUnderline || painter == AnnotationPainterKind::TextStrikeOut) {
        s += rgb(c, "RG");
        for (const Quad& q : Geometry::quads(a)) {
            const double h = QLineF(q.upperLeft, q.lowerLeft).length();
            const double w = std::max(0.6, h / 14);
            const double f = painter == AnnotationPainterKind::TextUnderline ? (w / std::max(h, 0.1)) : 0.45;
            const QPointF from = q.lowerLeft + (q.upperLeft - q.lowerLeft) * f;
            const QPointF to = q.lowerRight + (q.upperRight - q.lowerRight) * f;
            s += num(w) + " w " + num(from.x()) + ' ' + num(from.y()) + " m " + num(to.x()) + ' ' + num(to.y())
                + " l S\n";
        }
    } else if (painter == AnnotationPainterKind::NoteIcon) {
        // A folded sheet in the note's colour with three lines of "writing".
        const double x = r.left(), y = r.top() + r.height() - 20;
        s += rgb(c, "rg") + "0.25 0.25 0.25 RG 0.8 w\n";
        s += num(x + 1) + ' ' + num(y + 1) + " m " + num(x + 19) + ' ' + num(y + 1) + " l " + num(x + 19) + ' '
            + num(y + 14) + " l " + num(x + 14) + ' ' + num(y + 19) + " l " + num(x + 1) + ' ' + num(y + 19)
            + " l h B\n";
        for (int i = 0; i < 3; ++i)
            s += num(x + 4) + ' ' + num(y + 14 - 4 * i) + " m " + num(x + 15 - (i == 0 ? 4 : 0)) + ' '
                + num(y + 14 - 4 * i) + " l S\n";
    } else if (painter == AnnotationPainterKind::TextBox) {
        const double size = a.geometry.value(QLatin1String("size")).toDouble(11);
        s += "1 1 1 rg " + rgb(c, "RG") + "0.8 w " + rectPath(r.adjusted(0.4, 0.4, -0.4, -0.4)) + "B\n";
        s += "BT /Helv " + num(size) + " Tf " + rgb(c, "rg");
        double y = r.bottom() - size - 2;
        for (const QString& line : wrap(a.text, r.width() - 6, size)) {
            if (y < r.top())
                break;
            s += "1 0 0 1 " + num(r.left() + 3) + ' ' + num(y) + " Tm " + SimplePdf::literal(line) + " Tj\n";
            y -= size * 1.2;
        }
        s += "ET\n";
    } else if (painter == AnnotationPainterKind::Strokes) {
        const double w = a.geometry.value(QLatin1String("width")).toDouble(2);
        s += rgb(c, "RG") + num(w) + " w 1 J 1 j\n";
        for (const QPolygonF& stroke : Geometry::ink(a)) {
            s += num(stroke.first().x()) + ' ' + num(stroke.first().y()) + " m\n";
            for (qsizetype i = 1; i < stroke.size(); ++i)
                s += num(stroke.at(i).x()) + ' ' + num(stroke.at(i).y()) + " l\n";
            if (stroke.size() == 1)
                s += num(stroke.first().x() + 0.01) + ' ' + num(stroke.first().y()) + " l\n";
            s += "S\n";
        }
    } else if (painter == AnnotationPainterKind::Frame) {
        s += rgb(c, "RG") + "2 w " + rectPath(r.adjusted(1, 1, -1, -1)) + "S\n";
    } else if (painter == AnnotationPainterKind::Stamp) {
        const QString label = a.text.isEmpty() ? stampLabel(QStringLiteral("checked")) : a.text;
        const QString byline = stampByline(a);
        s += rgb(c, "RG") + "2.5 w " + rectPath(r.adjusted(1.5, 1.5, -1.5, -1.5)) + "S\n";
        const double big = std::clamp(r.height() * 0.42, 8.0, 28.0);
        const double small = std::clamp(r.height() * 0.16, 5.0, 10.0);
        const double labelWidth = SimplePdf::textWidth(label, big) * 1.15;
        const double bylineWidth = SimplePdf::textWidth(byline, small);
        s += "BT " + rgb(c, "rg") + "/HeBo " + num(big) + " Tf 1 0 0 1 " + num(r.center().x() - labelWidth / 2) + ' '
            + num(r.top() + r.height() * 0.45) + " Tm " + SimplePdf::literal(label) + " Tj /Helv " + num(small)
            + " Tf 1 0 0 1 " + num(r.center().x() - bylineWidth / 2) + ' ' + num(r.top() + r.height() * 0.16) + " Tm "
            + SimplePdf::literal(byline) + " Tj ET\n";
    } else if (painter == AnnotationPainterKind::Hatch) {
        // Not applied yet: a red frame with a light hatch so that it cannot be mistaken for a blackout.
        s += "1 0 0 RG 1.2 w ";
        const QList<Quad> quads = Geometry::quads(a);
        if (quads.isEmpty())
            s += rectPath(r.adjusted(0.6, 0.6, -0.6, -0.6));
        for (const Quad& q : quads)
            s += quadPath(q);
        s += "S\n";
    }
    return s;
}

Result<PdfInfo> PdfExport::info(const QByteArray& pdf)
{
    if (!pdf.startsWith("%PDF-") && !pdf.left(1024).contains("%PDF-"))
        return Error { Error::Unsupported, tr("This file is not a PDF."), {} };
    PdfInfo info;
    auto doc = std::make_unique<QPDF>();
    doc->setSuppressWarnings(true);
    try {
        doc->processMemoryFile("document.pdf", pdf.constData(), size_t(pdf.size()));
    } catch (const QPDFExc& e) {
        if (e.getErrorCode() == qpdf_e_password) {
            info.encrypted = true;
            return info;
        }
        return readError(e);
    } catch (const std::exception& e) {
        return readError(e);
    }
    try {
        info.version = QString::fromStdString(doc->getPDFVersion());
        info.encrypted = doc->isEncrypted();
        for (QPDFPageObjectHelper& page : QPDFPageDocumentHelper(*doc).getAllPages()) {
            const QRectF box = pageBox(page);
            const int rot = rotationOf(page);
            info.pageSizes << (rot % 180 ? QSizeF(box.height(), box.width()) : box.size());
            info.pageBoxes << box;
            info.rotations << rot;
            info.annotations += int(page.getAnnotations().size());
        }
        info.pages = int(info.pageSizes.size());
        Handle meta = doc->getTrailer().getKey("/Info");
        if (meta.isDictionary()) {
            info.title = str(meta.getKey("/Title"));
            info.author = str(meta.getKey("/Author"));
            info.producer = str(meta.getKey("/Producer"));
        }
        info.hasXmp = doc->getRoot().hasKey("/Metadata");
    } catch (const std::exception& e) {
        return readError(e);
    }
    return info;
}

Result<QByteArray> PdfExport::annotated(const QByteArray& pdf, const QList<Annotation>& annotations, bool flatten)
{
    auto doc = openQpdf(pdf);
    if (!doc)
        return doc.error();
    QPDF& q = *doc.value();
    try {
        std::vector<QPDFPageObjectHelper> pages = QPDFPageDocumentHelper(q).getAllPages();
        Handle plainRes = resources(q, false);
        Handle multiplyRes = resources(q, true);
        for (const Annotation& a : annotations) {
            if (a.deleted)
                continue;
            if (a.page < 0 || a.page >= int(pages.size()))
                return Error { Error::Invalid,
                    tr("An annotation refers to page %1, but the document has %2 pages.")
                        .arg(a.page + 1)
                        .arg(pages.size()),
                    a.id };
            if (const QString p = Geometry::problem(a); !p.isEmpty())
                return Error { Error::Invalid, p, a.id };
            const QRectF r = appearanceRect(a);
            Handle ap = Handle::newStream(&q, appearance(a).toStdString());
            Handle apDict = ap.getDict();
            apDict.replaceKey("/Type", Handle::newName("/XObject"));
            apDict.replaceKey("/Subtype", Handle::newName("/Form"));
            apDict.replaceKey("/BBox", numberArray({ r.left(), r.top(), r.right(), r.bottom() }));
            apDict.replaceKey(
                "/Resources", traitsOf(a.type).painter == AnnotationPainterKind::TextFill ? multiplyRes : plainRes);
            Handle appearances = Handle::newDictionary();
            appearances.replaceKey("/N", q.makeIndirectObject(ap));

            QPDFPageObjectHelper& page = pages[size_t(a.page)];
            Handle annot = Handle::newDictionary();
            annot.replaceKey("/Type", Handle::newName("/Annot"));
            const QLatin1StringView subtype = traitsOf(a.type).pdfSubtype;
            annot.replaceKey("/Subtype", Handle::newName(std::string(subtype.data(), size_t(subtype.size()))));
            annot.replaceKey("/Rect", numberArray({ r.left(), r.top(), r.right(), r.bottom() }));
            annot.replaceKey("/NM", text(a.id));
            annot.replaceKey("/T", text(a.author));
            // The annotation's own dates; none is made up here (without them, neither key is written).
            const QDateTime modified = a.modifiedAt.isValid() ? a.modifiedAt : a.createdAt;
            if (modified.isValid())
                annot.replaceKey("/M", text(pdfDate(modified)));
            if (a.createdAt.isValid())
                annot.replaceKey("/CreationDate", text(pdfDate(a.createdAt)));
            annot.replaceKey("/F", Handle::newInteger(4)); // print
            annot.replaceKey("/P", page.getObjectHandle());
            annot.replaceKey("/C", colorArray(colorOf(a)));
            annot.replaceKey("/AP", appearances);
            if (!a.text.isEmpty())
                annot.replaceKey("/Contents", text(a.text));
            const QList<Quad> quads = Geometry::quads(a);
            if (!quads.isEmpty()) {
                QList<double> points;
                for (const Quad& quad : quads)
                    for (const QPointF& p : { quad.upperLeft, quad.upperRight, quad.lowerLeft, quad.lowerRight })
                        points << p.x() << p.y();
                annot.replaceKey("/QuadPoints", numberArray(points));
            }
            if (a.type == AnnotationType::Note) {
                annot.replaceKey("/Name", Handle::newName("/Comment"));
                annot.replaceKey("/Open", Handle::newBool(false));
            } else if (a.type == AnnotationType::FreeText) {
                const double size = a.geometry.value(QLatin1String("size")).toDouble(11);
                const QColor c = colorOf(a);
                annot.replaceKey(
                    "/DA", Handle::newString(("/Helv " + num(size) + " Tf " + rgb(c, "rg")).trimmed().toStdString()));
            } else if (a.type == AnnotationType::Ink) {
                std::vector<Handle> list;
                for (const QPolygonF& stroke : Geometry::ink(a)) {
                    QList<double> points;
                    for (const QPointF& p : stroke)
                        points << p.x() << p.y();
                    list.push_back(numberArray(points));
                }
                annot.replaceKey("/InkList", Handle::newArray(list));
                Handle bs = Handle::newDictionary();
                bs.replaceKey("/W", real(a.geometry.value(QLatin1String("width")).toDouble(2)));
                annot.replaceKey("/BS", bs);
            } else if (a.type == AnnotationType::Rect) {
                Handle bs = Handle::newDictionary();
                bs.replaceKey("/W", Handle::newInteger(2));
                annot.replaceKey("/BS", bs);
            } else if (a.type == AnnotationType::Stamp) {
                annot.replaceKey("/Name",
                    Handle::newName(
                        "/" + QString(a.text).remove(QRegularExpression(QStringLiteral("[^A-Za-z]"))).toStdString()));
            } else if (a.type == AnnotationType::Redact) {
                annot.replaceKey("/IC", colorArray(Qt::black));
            }
            Handle annots = page.getObjectHandle().getKey("/Annots");
            if (!annots.isArray()) {
                annots = Handle::newArray();
                page.getObjectHandle().replaceKey("/Annots", annots);
            }
            annots.appendItem(q.makeIndirectObject(annot));
        }
        if (flatten)
            QPDFPageDocumentHelper(q).flattenAnnotations(0, an_invisible | an_hidden);
    } catch (const std::exception& e) {
        return Error { Error::Corrupt, tr("The annotations could not be added; the PDF may be damaged."),
            QString::fromUtf8(e.what()) };
    }
    return writeQpdf(q);
}

Result<QList<Annotation>> PdfExport::readAnnotations(const QByteArray& pdf, const QString& documentId)
{
    auto doc = openQpdf(pdf);
    if (!doc)
        return doc.error();
    QList<Annotation> out;
    try {
        int pageNo = 0;
        for (QPDFPageObjectHelper& page : QPDFPageDocumentHelper(*doc.value()).getAllPages()) {
            int index = 0;
            for (QPDFAnnotationObjectHelper& helper : page.getAnnotations()) {
                Handle h = helper.getObjectHandle();
                const auto type = annotationTypeFromPdfSubtype(QString::fromStdString(
                    h.getKey("/Subtype").isName() ? h.getKey("/Subtype").getName() : std::string()));
                ++index;
                if (!type)
                    continue;
                Annotation a;
                a.type = *type;
                a.page = pageNo;
                a.documentId = documentId;
                a.id = str(h.getKey("/NM"));
                if (!json::isValidId(a.id))
                    a.id = QUuid::createUuidV5(QUuid(QStringLiteral("{6f1d1f0e-3c1a-4b8e-9a52-c1e4f7d2a001}")),
                        QStringLiteral("%1/%2/%3").arg(documentId).arg(pageNo).arg(index))
                               .toString(QUuid::WithoutBraces);
                a.author = str(h.getKey("/T"));
                a.text = str(h.getKey("/Contents"));
                a.modifiedAt = fromPdfDate(str(h.getKey("/M")));
                a.createdAt = fromPdfDate(str(h.getKey("/CreationDate")));
                if (!a.createdAt.isValid())
                    a.createdAt = a.modifiedAt;
                Handle c = h.getKey("/C");
                if (c.isArray() && c.getArrayNItems() == 3)
                    a.color = QColor::fromRgbF(float(numberOf(c.getArrayItem(0))), float(numberOf(c.getArrayItem(1))),
                        float(numberOf(c.getArrayItem(2))))
                                  .name();
                Handle rect = h.getKey("/Rect");
                if (!rect.isRectangle())
                    continue;
                const auto rr = rect.getArrayAsRectangle();
                Geometry::setRect(a, QRectF(QPointF(rr.llx, rr.lly), QPointF(rr.urx, rr.ury)));
                Handle qp = h.getKey("/QuadPoints");
                if (qp.isArray() && qp.getArrayNItems() >= 8) {
                    QList<Quad> quads;
                    for (int i = 0; i + 7 < qp.getArrayNItems(); i += 8) {
                        auto p = [&](int k) {
                            return QPointF(numberOf(qp.getArrayItem(i + k)), numberOf(qp.getArrayItem(i + k + 1)));
                        };
                        quads << Quad { p(0), p(2), p(4), p(6) };
                    }
                    const QRectF bounds = Geometry::rect(a);
                    Geometry::setQuads(a, quads);
                    Geometry::setRect(a, bounds);
                }
                Handle ink = h.getKey("/InkList");
                if (ink.isArray()) {
                    QList<QPolygonF> strokes;
                    for (int i = 0; i < ink.getArrayNItems(); ++i) {
                        Handle s = ink.getArrayItem(i);
                        QPolygonF poly;
                        for (int k = 0; s.isArray() && k + 1 < s.getArrayNItems(); k += 2)
                            poly << QPointF(numberOf(s.getArrayItem(k)), numberOf(s.getArrayItem(k + 1)));
                        if (!poly.isEmpty())
                            strokes << poly;
                    }
                    Handle bs = h.getKey("/BS");
                    const double w = bs.isDictionary() && bs.getKey("/W").isNumber() ? numberOf(bs.getKey("/W")) : 1;
                    const QRectF bounds = Geometry::rect(a);
                    Geometry::setInk(a, strokes, w);
                    Geometry::setRect(a, bounds);
                }
                if (a.type == AnnotationType::FreeText) {
                    static const QRegularExpression sizeRe(QStringLiteral("([0-9.]+)\\s+Tf"));
                    const auto m = sizeRe.match(str(h.getKey("/DA")));
                    if (m.hasMatch())
                        a.geometry.insert(QStringLiteral("size"), m.captured(1).toDouble());
                }
                if (!Geometry::problem(a).isEmpty())
                    continue;
                out << a;
            }
            ++pageNo;
        }
    } catch (const std::exception& e) {
        return readError(e);
    }
    return out;
}

// What a redacted copy left out, in words (the preview and `clerkdesk-cli pdf redact` say it).
QString PdfExport::removedSummary(const RedactionReport& r)
{
    QStringList parts;
    if (r.formFields)
        parts << tr("%n form field(s)", nullptr, r.formFields);
    if (r.attachments)
        parts << tr("%n attachment(s)", nullptr, r.attachments);
    if (r.bookmarks)
        parts << tr("%n bookmark(s)", nullptr, r.bookmarks);
    if (r.actions)
        parts << tr("%n script(s) or action(s)", nullptr, r.actions);
    if (r.namedDestinations)
        parts << tr("%n named destination(s)", nullptr, r.namedDestinations);
    if (r.pageLabels)
        parts << tr("%n page label text(s)", nullptr, r.pageLabels);
    if (r.thumbnails)
        parts << tr("%n thumbnail(s)", nullptr, r.thumbnails);
    if (r.metadata)
        parts << tr("%n metadata record(s)", nullptr, r.metadata);
    return parts.isEmpty() ? QString() : tr("%1 removed").arg(parts.join(QStringLiteral(", ")));
}

} // namespace clerk::pdf
