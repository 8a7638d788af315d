// The text markups: a highlight fills the marked lines, an underline and a strike-out draw a line
// through them at their own height.
#pragma once

#include "AnnotationPainter.h"

namespace clerk {

class HighlightPainter : public AnnotationPainter
{
public:
    void paint(QPainter& p, const Annotation& a, const AnnotationPaintContext& context) const override;
};

// A line along each marked line of text, `height(lineHeight, lineWidth)` above its bottom edge.
class TextLinePainter : public AnnotationPainter
{
public:
    void paint(QPainter& p, const Annotation& a, const AnnotationPaintContext& context) const override;

protected:
    // Where the line runs, as a fraction of the text line's height from its bottom.
    virtual double position(double lineHeight, double lineWidth) const = 0;
};

class UnderlinePainter : public TextLinePainter
{
protected:
    double position(double lineHeight, double lineWidth) const override;
};

class StrikeOutPainter : public TextLinePainter
{
protected:
    double position(double lineHeight, double lineWidth) const override;
};

} // namespace clerk
