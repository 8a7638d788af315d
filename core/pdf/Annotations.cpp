#include "Annotations.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QTimeZone>
#include <cmath>

namespace clerk::pdf {

namespace {
constexpr double kLimit = 20000;

QJsonArray numbers(std::initializer_list<double> values)
{
    QJsonArray out;
    for (double v : values)
        out.append(v);
    return out;
}

bool sane(const QJsonValue& v)
{
    if (!v.isDouble())
        return false;
    const double d = v.toDouble();
    return std::isfinite(d) && std::abs(d) < kLimit;
}

bool saneArray(const QJsonArray& a, int multiple, int minimum)
{
    if (a.size() < minimum || a.size() % multiple != 0 || a.size() > 80000)
        return false;
    for (const QJsonValue& v : a)
        if (!sane(v))
            return false;
    return true;
}
} // namespace

QRectF Quad::bounds() const
{
    QPolygonF p { upperLeft, upperRight, lowerRight, lowerLeft };
    return p.boundingRect();
}

QRectF Geometry::rect(const Annotation& a)
{
    const QJsonArray r = a.geometry.value(QLatin1String("rect")).toArray();
    if (r.size() != 4)
        return {};
    const double x1 = r.at(0).toDouble(), y1 = r.at(1).toDouble(), x2 = r.at(2).toDouble(), y2 = r.at(3).toDouble();
    return QRectF(QPointF(std::min(x1, x2), std::min(y1, y2)), QPointF(std::max(x1, x2), std::max(y1, y2)));
}

QList<Quad> Geometry::quads(const Annotation& a)
{
    QList<Quad> out;
    const QJsonArray q = a.geometry.value(QLatin1String("quads")).toArray();
    for (qsizetype i = 0; i + 7 < q.size(); i += 8) {
        auto p = [&](qsizetype k) { return QPointF(q.at(i + k).toDouble(), q.at(i + k + 1).toDouble()); };
        out << Quad { p(0), p(2), p(4), p(6) };
    }
    return out;
}

QList<QPolygonF> Geometry::ink(const Annotation& a)
{
    QList<QPolygonF> out;
    for (const QJsonValue& stroke : a.geometry.value(QLatin1String("ink")).toArray()) {
        const QJsonArray s = stroke.toArray();
        QPolygonF poly;
        for (qsizetype i = 0; i + 1 < s.size(); i += 2)
            poly << QPointF(s.at(i).toDouble(), s.at(i + 1).toDouble());
        if (!poly.isEmpty())
            out << poly;
    }
    return out;
}

void Geometry::setRect(Annotation& a, const QRectF& r0)
{
    const QRectF r = r0.normalized();
    a.geometry.insert(QStringLiteral("rect"), numbers({ r.left(), r.top(), r.right(), r.bottom() }));
}

void Geometry::setQuads(Annotation& a, const QList<Quad>& quads)
{
    QJsonArray q;
    QRectF all;
    for (const Quad& quad : quads) {
        for (const QPointF& p : { quad.upperLeft, quad.upperRight, quad.lowerLeft, quad.lowerRight }) {
            q.append(p.x());
            q.append(p.y());
        }
        all = all.united(quad.bounds());
    }
    a.geometry.insert(QStringLiteral("quads"), q);
    setRect(a, all);
}

void Geometry::setInk(Annotation& a, const QList<QPolygonF>& strokes, double lineWidth)
{
    QJsonArray list;
    QRectF all;
    for (const QPolygonF& s : strokes) {
        QJsonArray points;
        for (const QPointF& p : s) {
            points.append(p.x());
            points.append(p.y());
        }
        list.append(points);
        all = all.united(s.boundingRect());
    }
    a.geometry.insert(QStringLiteral("ink"), list);
    a.geometry.insert(QStringLiteral("width"), lineWidth);
    setRect(a, all.adjusted(-lineWidth / 2, -lineWidth / 2, lineWidth / 2, lineWidth / 2));
}

void Geometry::translate(Annotation& a, double dx, double dy)
{
    fitInto(a, rect(a).translated(dx, dy));
}

void Geometry::fitInto(Annotation& a, const QRectF& to0)
{
    const QRectF from = rect(a);
    const QRectF to = to0.normalized();
    if (from.isEmpty() && from.width() <= 0 && from.height() <= 0) {
        setRect(a, to);
        return;
    }
    const double sx = from.width() > 0 ? to.width() / from.width() : 1;
    const double sy = from.height() > 0 ? to.height() / from.height() : 1;
    auto map = [&](QPointF p) {
        return QPointF(to.left() + (p.x() - from.left()) * sx, to.top() + (p.y() - from.top()) * sy);
    };
    if (a.geometry.contains(QLatin1String("quads"))) {
        QList<Quad> q = quads(a);
        for (Quad& quad : q)
            quad = Quad { map(quad.upperLeft), map(quad.upperRight), map(quad.lowerLeft), map(quad.lowerRight) };
        QJsonArray arr;
        for (const Quad& quad : std::as_const(q))
            for (const QPointF& p : { quad.upperLeft, quad.upperRight, quad.lowerLeft, quad.lowerRight }) {
                arr.append(p.x());
                arr.append(p.y());
            }
        a.geometry.insert(QStringLiteral("quads"), arr);
    }
    if (a.geometry.contains(QLatin1String("ink"))) {
        QList<QPolygonF> strokes = ink(a);
        QJsonArray list;
        for (QPolygonF& s : strokes) {
            QJsonArray points;
            for (QPointF& p : s) {
                p = map(p);
                points.append(p.x());
                points.append(p.y());
            }
            list.append(points);
        }
        a.geometry.insert(QStringLiteral("ink"), list);
    }
    setRect(a, to);
}

QTransform Geometry::toView(const QRectF& box, int rotation, double scale)
{
    // Unrotated, y down, origin at the box's top left:
    const QTransform flip(1, 0, 0, -1, -box.left(), box.bottom());
    QTransform turn;
    switch (((rotation % 360) + 360) % 360) {
    case 90:
        turn = QTransform(0, 1, -1, 0, box.height(), 0);
        break;
    case 180:
        turn = QTransform(-1, 0, 0, -1, box.width(), box.height());
        break;
    case 270:
        turn = QTransform(0, -1, 1, 0, 0, box.width());
        break;
    default:
        break;
    }
    return flip * turn * QTransform::fromScale(scale, scale);
}

Quad Geometry::quadOf(const QRectF& r0)
{
    const QRectF r = r0.normalized();
    // y up: top() is the smaller y in Qt terms, so the upper edge is bottom() here.
    return Quad { QPointF(r.left(), r.bottom()), QPointF(r.right(), r.bottom()), QPointF(r.left(), r.top()),
        QPointF(r.right(), r.top()) };
}

QString Geometry::problem(const Annotation& a)
{
    const QJsonArray r = a.geometry.value(QLatin1String("rect")).toArray();
    if (!saneArray(r, 4, 4) || r.size() != 4)
        return tr("The annotation has no valid position on the page.");
    const AnnotationGesture gesture = traitsOf(a.type).gesture;
    // Text markups need their lines; any other type may carry them (a redaction mark made on text).
    if (gesture == AnnotationGesture::MarkText || a.geometry.contains(QLatin1String("quads"))) {
        if (!saneArray(a.geometry.value(QLatin1String("quads")).toArray(), 8, 8))
            return tr("The marked text of the annotation is not valid.");
    }
    if (gesture == AnnotationGesture::Freehand) {
        const QJsonArray strokes = a.geometry.value(QLatin1String("ink")).toArray();
        if (strokes.isEmpty() || strokes.size() > 1000)
            return tr("The drawing has no strokes.");
        for (const QJsonValue& s : strokes)
            if (!saneArray(s.toArray(), 2, 2))
                return tr("A stroke of the drawing is not valid.");
    }
    return {};
}

QStringList stampKinds()
{
    return { QStringLiteral("received"), QStringLiteral("checked"), QStringLiteral("approved"),
        QStringLiteral("rejected") };
}

QString stampLabel(const QString& kind)
{
    // The stamp texts are the German office's own words and stay German in every UI language,
    // like the paper stamps they replace.
    if (kind == QLatin1String("received"))
        return QStringLiteral("Eingegangen");
    if (kind == QLatin1String("checked"))
        return QStringLiteral("Geprüft");
    if (kind == QLatin1String("approved"))
        return QStringLiteral("Genehmigt");
    if (kind == QLatin1String("rejected"))
        return QStringLiteral("Abgelehnt");
    return kind;
}

QString stampByline(const Annotation& a)
{
    const QDateTime when = a.createdAt.isValid() ? a.createdAt : a.modifiedAt;
    QString line = a.author;
    if (when.isValid())
        line += (line.isEmpty() ? QString() : QStringLiteral(" · "))
            + when.toLocalTime().toString(QStringLiteral("dd.MM.yyyy"));
    return line;
}

QColor colorOf(const Annotation& a)
{
    QColor c = QColor::fromString(a.color);
    return c.isValid() ? c : QColor::fromString(QString(traitsOf(a.type).defaultColor));
}

QString pdfDate(const QDateTime& t)
{
    if (!t.isValid())
        return {};
    return QStringLiteral("D:") + t.toUTC().toString(QStringLiteral("yyyyMMddHHmmss")) + QLatin1Char('Z');
}

QDateTime fromPdfDate(QStringView d)
{
    static const QRegularExpression re(
        QStringLiteral("^D:(\\d{4})(\\d{2})?(\\d{2})?(\\d{2})?(\\d{2})?(\\d{2})?([Zz+-])?(\\d{2})?'?(\\d{2})?'?"));
    const auto m = re.matchView(d);
    if (!m.hasMatch())
        return {};
    auto part = [&](int i, int fallback) { return m.captured(i).isEmpty() ? fallback : m.captured(i).toInt(); };
    QDateTime t(
        QDate(part(1, 2000), part(2, 1), part(3, 1)), QTime(part(4, 0), part(5, 0), part(6, 0)), QTimeZone::UTC);
    const QString sign = m.captured(7);
    if (sign == QLatin1String("+") || sign == QLatin1String("-")) {
        const int offset = (part(8, 0) * 60 + part(9, 0)) * 60;
        t = t.addSecs(sign == QLatin1String("+") ? -offset : offset);
    }
    return t.isValid() ? t : QDateTime();
}

} // namespace clerk::pdf
