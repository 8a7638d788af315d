#include "Xfdf.h"

#include "Annotations.h"
#include "core/domain/Json.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QTimeZone>
#include <QUuid>
#include <QXmlStreamReader>
#include <QXmlStreamWriter>
#include <cmath>

namespace clerk::pdf {

namespace {
const QString kNamespace = QStringLiteral("http://ns.adobe.com/xfdf/");

QString n(double v)
{
    return QString::number(v, 'f', 3).remove(QRegularExpression(QStringLiteral("\\.?0+$")));
}

QString joined(const QList<double>& values)
{
    QStringList parts;
    for (double v : values)
        parts << n(v);
    return parts.join(QLatin1Char(','));
}

// "1.5,2,3" → numbers; false when any part is not a finite, sane number.
bool parseNumbers(QStringView text, QList<double>& out, QChar separator = QLatin1Char(','))
{
    out.clear();
    const auto parts = text.split(separator, Qt::SkipEmptyParts);
    if (parts.size() > 80000)
        return false;
    for (QStringView p : parts) {
        bool ok = false;
        const double v = p.trimmed().toDouble(&ok);
        if (!ok || !std::isfinite(v) || std::abs(v) > 20000)
            return false;
        out << v;
    }
    return true;
}
} // namespace

QByteArray Xfdf::write(const QList<Annotation>& annotations, const QString& href)
{
    QByteArray out;
    QXmlStreamWriter w(&out);
    w.setAutoFormatting(true);
    w.setAutoFormattingIndent(1);
    w.writeStartDocument();
    w.writeStartElement(QStringLiteral("xfdf"));
    w.writeDefaultNamespace(kNamespace);
    w.writeAttribute(QStringLiteral("xml:space"), QStringLiteral("preserve"));
    w.writeStartElement(QStringLiteral("annots"));
    for (const Annotation& a : annotations) {
        if (a.deleted)
            continue;
        w.writeStartElement(QString(traitsOf(a.type).xfdfElement));
        w.writeAttribute(QStringLiteral("page"), QString::number(a.page));
        const QRectF r = Geometry::rect(a);
        w.writeAttribute(QStringLiteral("rect"), joined({ r.left(), r.top(), r.right(), r.bottom() }));
        w.writeAttribute(QStringLiteral("color"), colorOf(a).name().toUpper());
        w.writeAttribute(QStringLiteral("name"), a.id);
        if (!a.author.isEmpty())
            w.writeAttribute(QStringLiteral("title"), a.author);
        if (a.createdAt.isValid())
            w.writeAttribute(QStringLiteral("creationdate"), pdfDate(a.createdAt));
        if (a.modifiedAt.isValid() || a.createdAt.isValid())
            w.writeAttribute(QStringLiteral("date"), pdfDate(a.modifiedAt.isValid() ? a.modifiedAt : a.createdAt));
        w.writeAttribute(QStringLiteral("flags"), QStringLiteral("print"));
        const QList<Quad> quads = Geometry::quads(a);
        if (!quads.isEmpty()) {
            QList<double> coords;
            for (const Quad& q : quads)
                for (const QPointF& p : { q.upperLeft, q.upperRight, q.lowerLeft, q.lowerRight })
                    coords << p.x() << p.y();
            w.writeAttribute(QStringLiteral("coords"), joined(coords));
        }
        if (a.type == AnnotationType::Note)
            w.writeAttribute(QStringLiteral("icon"), QStringLiteral("Comment"));
        if (a.type == AnnotationType::Stamp)
            w.writeAttribute(
                QStringLiteral("icon"), QString(a.text).remove(QRegularExpression(QStringLiteral("[^A-Za-z]"))));
        if (a.type == AnnotationType::Redact)
            w.writeAttribute(QStringLiteral("interior-color"), QStringLiteral("#000000"));
        if (a.type == AnnotationType::Ink || a.type == AnnotationType::Rect)
            w.writeAttribute(QStringLiteral("width"), n(a.geometry.value(QLatin1String("width")).toDouble(2)));
        if (!a.text.isEmpty())
            w.writeTextElement(QStringLiteral("contents"), a.text);
        if (a.type == AnnotationType::FreeText)
            w.writeTextElement(QStringLiteral("defaultappearance"),
                QStringLiteral("/Helv %1 Tf").arg(n(a.geometry.value(QLatin1String("size")).toDouble(11))));
        if (a.type == AnnotationType::Ink) {
            w.writeStartElement(QStringLiteral("inklist"));
            for (const QPolygonF& stroke : Geometry::ink(a)) {
                QStringList points;
                for (const QPointF& p : stroke)
                    points << n(p.x()) + QLatin1Char(',') + n(p.y());
                w.writeTextElement(QStringLiteral("gesture"), points.join(QLatin1Char(';')));
            }
            w.writeEndElement();
        }
        w.writeEndElement();
    }
    w.writeEndElement(); // annots
    if (!href.isEmpty()) {
        w.writeStartElement(QStringLiteral("f"));
        w.writeAttribute(QStringLiteral("href"), href);
        w.writeEndElement();
    }
    w.writeEndElement(); // xfdf
    w.writeEndDocument();
    return out;
}

Result<QList<Annotation>> Xfdf::read(const QByteArray& xml, const QString& documentId)
{
    if (xml.size() > kMaxBytes)
        return Error { Error::Invalid, tr("The XFDF file is too large (over %1 MB).").arg(kMaxBytes / (1024 * 1024)),
            {} };
    QXmlStreamReader r(xml);
    QList<Annotation> out;
    auto fail = [&](const QString& why) {
        return Error { Error::Invalid, tr("The XFDF file cannot be read: %1").arg(why),
            QStringLiteral("line %1").arg(r.lineNumber()) };
    };
    bool sawRoot = false;
    int depth = 0;
    Annotation current;
    bool inAnnotation = false;
    QList<QPolygonF> strokes;
    QString textOf; // the child element whose text we collect
    while (!r.atEnd()) {
        const auto token = r.readNext();
        if (token == QXmlStreamReader::DTD)
            return fail(tr("document type declarations are not accepted"));
        if (token == QXmlStreamReader::EntityReference)
            return fail(tr("entities are not accepted"));
        if (token == QXmlStreamReader::StartElement) {
            if (++depth > 8)
                return fail(tr("the elements are nested too deeply"));
            const QStringView name = r.name();
            if (!sawRoot) {
                if (name != u"xfdf" || (r.namespaceUri() != kNamespace && !r.namespaceUri().isEmpty()))
                    return fail(tr("this is not XFDF"));
                sawRoot = true;
                continue;
            }
            const auto attrs = r.attributes();
            if (!inAnnotation && depth == 3) {
                const auto type = annotationTypeFromXfdf(name);
                if (!type) {
                    r.skipCurrentElement(); // circle, line, polygon, sound … are not ours to show
                    --depth;
                    continue;
                }
                if (out.size() >= kMaxAnnotations)
                    return fail(tr("more than %1 annotations").arg(kMaxAnnotations));
                current = Annotation {};
                strokes.clear();
                inAnnotation = true;
                current.type = *type;
                current.documentId = documentId;
                bool ok = false;
                current.page = attrs.value(QLatin1String("page")).toInt(&ok);
                if (!ok || current.page < 0 || current.page > 100000)
                    return fail(tr("an annotation has no valid page"));
                QList<double> rect;
                if (!parseNumbers(attrs.value(QLatin1String("rect")), rect) || rect.size() != 4)
                    return fail(tr("an annotation has no valid rectangle"));
                Geometry::setRect(current, QRectF(QPointF(rect[0], rect[1]), QPointF(rect[2], rect[3])));
                const QString id = attrs.value(QLatin1String("name")).toString();
                current.id = json::isValidId(id) ? id : QUuid::createUuid().toString(QUuid::WithoutBraces);
                current.author = attrs.value(QLatin1String("title")).toString().left(200);
                const QColor c = QColor::fromString(attrs.value(QLatin1String("color")).toString());
                current.color = c.isValid() ? c.name() : annotationColor(*type);
                current.createdAt = fromPdfDate(attrs.value(QLatin1String("creationdate")));
                current.modifiedAt = fromPdfDate(attrs.value(QLatin1String("date")));
                if (!current.createdAt.isValid())
                    current.createdAt = current.modifiedAt;
                if (attrs.hasAttribute(QLatin1String("coords"))) {
                    QList<double> coords;
                    if (!parseNumbers(attrs.value(QLatin1String("coords")), coords) || coords.isEmpty()
                        || coords.size() % 8)
                        return fail(tr("the marked text of an annotation is not valid"));
                    QList<Quad> quads;
                    for (qsizetype i = 0; i + 7 < coords.size(); i += 8)
                        quads << Quad { { coords[i], coords[i + 1] }, { coords[i + 2], coords[i + 3] },
                            { coords[i + 4], coords[i + 5] }, { coords[i + 6], coords[i + 7] } };
                    const QRectF bounds = Geometry::rect(current);
                    Geometry::setQuads(current, quads);
                    Geometry::setRect(current, bounds);
                }
                if (attrs.hasAttribute(QLatin1String("width"))) {
                    const double w = attrs.value(QLatin1String("width")).toDouble();
                    if (std::isfinite(w) && w > 0 && w < 100)
                        current.geometry.insert(QStringLiteral("width"), w);
                }
            } else if (inAnnotation) {
                if (name == u"contents" || name == u"gesture" || name == u"defaultappearance")
                    textOf = name.toString();
                else if (name == u"contents-richtext") {
                    r.skipCurrentElement();
                    --depth;
                }
            }
        } else if (token == QXmlStreamReader::Characters && inAnnotation && !textOf.isEmpty()) {
            const QStringView t = r.text();
            if (textOf == QLatin1String("contents")) {
                current.text += t.toString();
                if (current.text.size() > 20000)
                    return fail(tr("an annotation's text is too long"));
            } else if (textOf == QLatin1String("gesture")) {
                QPolygonF poly;
                for (QStringView point : t.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
                    QList<double> xy;
                    if (!parseNumbers(point, xy) || xy.size() != 2)
                        return fail(tr("a drawing's stroke is not valid"));
                    poly << QPointF(xy[0], xy[1]);
                }
                if (!poly.isEmpty())
                    strokes << poly;
            } else if (textOf == QLatin1String("defaultappearance")) {
                static const QRegularExpression sizeRe(QStringLiteral("([0-9.]+)\\s+Tf"));
                const auto m = sizeRe.matchView(t);
                const double size = m.hasMatch() ? m.captured(1).toDouble() : 0;
                if (size >= 4 && size <= 72)
                    current.geometry.insert(QStringLiteral("size"), size);
            }
        } else if (token == QXmlStreamReader::EndElement) {
            --depth;
            if (inAnnotation && depth == 2) {
                inAnnotation = false;
                if (current.type == AnnotationType::Ink) {
                    const QRectF bounds = Geometry::rect(current);
                    Geometry::setInk(current, strokes, current.geometry.value(QLatin1String("width")).toDouble(2));
                    Geometry::setRect(current, bounds);
                }
                if (const QString p = Geometry::problem(current); !p.isEmpty())
                    return fail(p);
                out << current;
            }
            textOf.clear();
        }
    }
    if (r.hasError())
        return fail(r.errorString());
    if (!sawRoot)
        return fail(tr("this is not XFDF"));
    return out;
}

} // namespace clerk::pdf
