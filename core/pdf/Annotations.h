// Annotation geometry: every annotation lives in PDF user space of its page (points, origin at the
// bottom left of the unrotated page, y up), so it is independent of zoom, rotation and screen. The
// JSON shape inside Annotation::geometry is the one the sync API carries:
//   "rect":  [x1, y1, x2, y2]                      every type (the bounding box, as PDF /Rect)
//   "quads": [x1,y1, x2,y2, x3,y3, x4,y4, ...]     the text markups, redaction marks made on text
//                                                  (PDF /QuadPoints order: upper left, upper right,
//                                                  lower left, lower right of each line)
//   "ink":   [[x, y, x, y, ...], ...]              ink: one list per stroke
// The viewer converts to and from the screen; the exports write these numbers as they are.
#pragma once

#include "core/domain/Domain.h"

#include <QColor>
#include <QCoreApplication>
#include <QList>
#include <QPolygonF>
#include <QRectF>
#include <QStringList>
#include <QTransform>

namespace clerk::pdf {

// A text-markup line: its four corners in PDF space.
struct Quad
{
    QPointF upperLeft, upperRight, lowerLeft, lowerRight;
    QRectF bounds() const;
};

class Geometry
{
    Q_DECLARE_TR_FUNCTIONS(clerk::pdf::Geometry)
public:
    static QRectF rect(const Annotation& a); // normalised (left < right, bottom < top as y up)
    static QList<Quad> quads(const Annotation& a);
    static QList<QPolygonF> ink(const Annotation& a);

    static void setRect(Annotation& a, const QRectF& r);
    // Replaces the quads and sets rect to their union.
    static void setQuads(Annotation& a, const QList<Quad>& quads);
    // Replaces the strokes and sets rect to their bounds grown by half the line width.
    static void setInk(Annotation& a, const QList<QPolygonF>& strokes, double lineWidth = 2);

    // Moves every coordinate by (dx, dy) points.
    static void translate(Annotation& a, double dx, double dy);
    // Scales every coordinate so that rect(a) becomes `to` (for resizing).
    static void fitInto(Annotation& a, const QRectF& to);

    // From PDF user space of a page to the pixels of the page as shown: `box` is the page's
    // displayed box (CropBox) in user space, `rotation` its /Rotate plus the viewer's rotation in
    // degrees clockwise (a multiple of 90), `scale` pixels per point. The origin is the top left of
    // the shown page; invert it for the way back.
    static QTransform toView(const QRectF& box, int rotation, double scale);

    // A quad from a rectangle in PDF space.
    static Quad quadOf(const QRectF& r);

    // Checks that the geometry has what the type needs and that every number is finite and on a
    // sane page (|v| < 20000 pt); returns an explanation when not.
    static QString problem(const Annotation& a);
};

// The stamps a clerk can put on a page, in the order of the menu (internal keys; label() is what
// the stamp shows).
QStringList stampKinds();
QString stampLabel(const QString& kind);
// "Genehmigt · M. Keller · 26.11.2026": the second line of a stamp.
QString stampByline(const Annotation& a);

// The annotation's colour; its type's default when it has none (AnnotationType.h).
QColor colorOf(const Annotation& a);

// PDF date strings ("D:20261126103000Z", as /M and XFDF use them): written in UTC, empty for an
// invalid time; read leniently (missing parts default, time-zone offsets applied).
QString pdfDate(const QDateTime& t);
QDateTime fromPdfDate(QStringView d);

} // namespace clerk::pdf
