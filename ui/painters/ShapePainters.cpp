#include "ShapePainters.h"

#include "core/pdf/Annotations.h"

#include <QPainter>
#include <QPainterPath>

namespace clerk {

void InkPainter::paint(QPainter& p, const Annotation& a, const AnnotationPaintContext& context) const
{
    p.setPen(QPen(pdf::colorOf(a), std::max(1.0, a.geometry.value(QLatin1String("width")).toDouble(2) * context.scale),
        Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    for (const QPolygonF& stroke : pdf::Geometry::ink(a))
        p.drawPolyline(context.toView.map(stroke));
}

void RectanglePainter::paint(QPainter& p, const Annotation& a, const AnnotationPaintContext& context) const
{
    const double s = context.scale;
    p.setPen(QPen(pdf::colorOf(a), std::max(1.0, 2 * s)));
    p.setBrush(Qt::NoBrush);
    p.drawRect(context.toView.mapRect(pdf::Geometry::rect(a)).adjusted(s, s, -s, -s));
}

void RedactionPainter::paint(QPainter& p, const Annotation& a, const AnnotationPaintContext& context) const
{
    QPainterPath area;
    const QList<pdf::Quad> quads = pdf::Geometry::quads(a);
    if (quads.isEmpty())
        area.addRect(context.toView.mapRect(pdf::Geometry::rect(a)));
    for (const pdf::Quad& q : quads)
        area.addPolygon(context.toView.map(QPolygonF { q.upperLeft, q.upperRight, q.lowerRight, q.lowerLeft }));
    p.setPen(QPen(QColor(220, 0, 0), 1.5));
    p.setBrush(QBrush(QColor(220, 0, 0, 150), Qt::BDiagPattern));
    p.drawPath(area);
}

} // namespace clerk
