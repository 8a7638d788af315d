#include "BoxPainters.h"

#include "core/pdf/Annotations.h"

#include <QPainter>
#include <QPainterPath>

namespace clerk {

void NotePainter::paint(QPainter& p, const Annotation& a, const AnnotationPaintContext& context) const
{
    // A folded sheet in the note's colour with three lines of "writing", 20 points wide.
    const double s = context.scale;
    const QRectF r = context.toView.mapRect(pdf::Geometry::rect(a));
    const QRectF icon(r.topLeft(), QSizeF(20 * s, 20 * s));
    QPainterPath sheet;
    sheet.moveTo(icon.left() + s, icon.top() + s);
    sheet.lineTo(icon.right() - 6 * s, icon.top() + s);
    sheet.lineTo(icon.right() - s, icon.top() + 6 * s);
    sheet.lineTo(icon.right() - s, icon.bottom() - s);
    sheet.lineTo(icon.left() + s, icon.bottom() - s);
    sheet.closeSubpath();
    p.setPen(QPen(QColor(64, 64, 64), std::max(1.0, 0.8 * s)));
    p.setBrush(pdf::colorOf(a));
    p.drawPath(sheet);
    for (int k = 0; k < 3; ++k) {
        const double y = icon.top() + (6 + 4 * k) * s;
        p.drawLine(QPointF(icon.left() + 4 * s, y), QPointF(icon.right() - (k == 0 ? 8 : 5) * s, y));
    }
}

void FreeTextPainter::paint(QPainter& p, const Annotation& a, const AnnotationPaintContext& context) const
{
    const double s = context.scale;
    const QRectF r = context.toView.mapRect(pdf::Geometry::rect(a));
    p.setPen(QPen(pdf::colorOf(a), std::max(1.0, 0.8 * s)));
    p.setBrush(Qt::white);
    p.drawRect(r);
    QFont f = context.font;
    f.setFamily(QStringLiteral("Helvetica"));
    f.setPixelSize(std::max(4, int(a.geometry.value(QLatin1String("size")).toDouble(11) * s)));
    p.setFont(f);
    p.drawText(r.adjusted(3 * s, 2 * s, -3 * s, -2 * s), Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, a.text);
}

void StampPainter::paint(QPainter& p, const Annotation& a, const AnnotationPaintContext& context) const
{
    // A framed label ("Genehmigt") over the byline (who, when), both sized to the box.
    const double s = context.scale;
    const QRectF r = context.toView.mapRect(pdf::Geometry::rect(a));
    p.setPen(QPen(pdf::colorOf(a), std::max(1.5, 2.5 * s)));
    p.setBrush(QColor(255, 255, 255, 140));
    p.drawRect(r.adjusted(1.5 * s, 1.5 * s, -1.5 * s, -1.5 * s));
    QFont big = context.font;
    big.setBold(true);
    big.setPixelSize(std::max(6, int(std::clamp(r.height() / s * 0.42, 8.0, 28.0) * s)));
    p.setFont(big);
    p.drawText(QRectF(r.left(), r.top(), r.width(), r.height() * 0.62), Qt::AlignHCenter | Qt::AlignBottom,
        a.text.isEmpty() ? pdf::stampLabel(QStringLiteral("checked")) : a.text);
    QFont small = context.font;
    small.setPixelSize(std::max(5, int(std::clamp(r.height() / s * 0.16, 5.0, 10.0) * s)));
    p.setFont(small);
    p.drawText(QRectF(r.left(), r.top() + r.height() * 0.62, r.width(), r.height() * 0.3),
        Qt::AlignHCenter | Qt::AlignVCenter, pdf::stampByline(a));
}

} // namespace clerk
