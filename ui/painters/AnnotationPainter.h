// Draws annotations on the screen: one painter per type, picked through the type's traits
// (AnnotationTraits::painter), so the page view paints any annotation without knowing its type.
// The exported PDF draws the same shapes (PdfExport::appearance); keep the two alike.
#pragma once

#include "core/domain/Domain.h"

#include <QFont>
#include <QTransform>

class QPainter;

namespace clerk {

// Where and how large the page is shown.
struct AnnotationPaintContext
{
    QTransform toView; // PDF space of the annotation's page → device pixels
    double scale = 1; // device pixels per point
    QFont font; // the widget's font, for stamps and text boxes
};

class AnnotationPainter
{
public:
    virtual ~AnnotationPainter() = default;
    // Paints `a` (its colour, geometry and text) with `p`, which the caller saves and restores.
    virtual void paint(QPainter& p, const Annotation& a, const AnnotationPaintContext& context) const = 0;

    // The painter for the type (never null).
    static const AnnotationPainter& of(AnnotationType type);
    // Convenience: saves the painter, turns on antialiasing, paints, restores.
    static void paintAnnotation(QPainter& p, const Annotation& a, const AnnotationPaintContext& context);
};

} // namespace clerk
