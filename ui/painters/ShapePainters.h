// The annotations that are shapes: a freehand drawing, a rectangle, a redaction mark.
#pragma once

#include "AnnotationPainter.h"

namespace clerk {

class InkPainter : public AnnotationPainter
{
public:
    void paint(QPainter& p, const Annotation& a, const AnnotationPaintContext& context) const override;
};

class RectanglePainter : public AnnotationPainter
{
public:
    void paint(QPainter& p, const Annotation& a, const AnnotationPaintContext& context) const override;
};

// Not applied yet: a red frame and hatch, never a plain black box that looks done.
class RedactionPainter : public AnnotationPainter
{
public:
    void paint(QPainter& p, const Annotation& a, const AnnotationPaintContext& context) const override;
};

} // namespace clerk
