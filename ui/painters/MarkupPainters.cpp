#include "MarkupPainters.h"

#include "core/pdf/Annotations.h"

#include <QPainter>

namespace clerk {

void HighlightPainter::paint(QPainter& p, const Annotation& a, const AnnotationPaintContext& context) const
{
    // Multiply: the words stay black under the colour, as on paper with a marker.
    p.setCompositionMode(QPainter::CompositionMode_Multiply);
    p.setPen(Qt::NoPen);
    p.setBrush(pdf::colorOf(a));
    for (const pdf::Quad& q : pdf::Geometry::quads(a))
        p.drawPolygon(context.toView.map(QPolygonF { q.upperLeft, q.upperRight, q.lowerRight, q.lowerLeft }));
}

void TextLinePainter::paint(QPainter& p, const Annotation& a, const AnnotationPaintContext& context) const
{
    const QColor c = pdf::colorOf(a);
    for (const pdf::Quad& q : pdf::Geometry::quads(a)) {
        const double h = QLineF(q.upperLeft, q.lowerLeft).length();
        const double w = std::max(0.6, h / 14);
        const double f = position(h, w);
        p.setPen(QPen(c, std::max(1.0, w * context.scale)));
        p.drawLine(context.toView.map(q.lowerLeft + (q.upperLeft - q.lowerLeft) * f),
            context.toView.map(q.lowerRight + (q.upperRight - q.lowerRight) * f));
    }
}

double UnderlinePainter::position(double lineHeight, double lineWidth) const
{
    return lineWidth / std::max(lineHeight, 0.1); // just above the bottom: under the letters
}

double StrikeOutPainter::position(double, double) const
{
    return 0.45; // through the middle of the lower-case letters
}

} // namespace clerk
