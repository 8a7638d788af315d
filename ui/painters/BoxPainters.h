// The annotations placed as a box on the page: a sticky note's icon, a text box, a stamp.
#pragma once

#include "AnnotationPainter.h"

namespace clerk {

class NotePainter : public AnnotationPainter
{
public:
    void paint(QPainter& p, const Annotation& a, const AnnotationPaintContext& context) const override;
};

class FreeTextPainter : public AnnotationPainter
{
public:
    void paint(QPainter& p, const Annotation& a, const AnnotationPaintContext& context) const override;
};

class StampPainter : public AnnotationPainter
{
public:
    void paint(QPainter& p, const Annotation& a, const AnnotationPaintContext& context) const override;
};

} // namespace clerk
