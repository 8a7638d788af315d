#include "AnnotationPainter.h"

#include "BoxPainters.h"
#include "MarkupPainters.h"
#include "ShapePainters.h"

#include <QPainter>

namespace clerk {

const AnnotationPainter& AnnotationPainter::of(AnnotationType type)
{
    static const HighlightPainter highlight;
    static const UnderlinePainter underline;
    static const StrikeOutPainter strikeOut;
    static const NotePainter note;
    static const FreeTextPainter freeText;
    static const InkPainter ink;
    static const RectanglePainter rectangle;
    static const StampPainter stamp;
    static const RedactionPainter redaction;
    switch (traitsOf(type).painter) {
    case AnnotationPainterKind::TextFill:
        return highlight;
    case AnnotationPainterKind::TextUnderline:
        return underline;
    case AnnotationPainterKind::TextStrikeOut:
        return strikeOut;
    case AnnotationPainterKind::NoteIcon:
        return note;
    case AnnotationPainterKind::TextBox:
        return freeText;
    case AnnotationPainterKind::Strokes:
        return ink;
    case AnnotationPainterKind::Frame:
        return rectangle;
    case AnnotationPainterKind::Stamp:
        return stamp;
    case AnnotationPainterKind::Hatch:
        return redaction;
    }
    Q_UNREACHABLE_RETURN(rectangle);
}

void AnnotationPainter::paintAnnotation(QPainter& p, const Annotation& a, const AnnotationPaintContext& context)
{
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    of(a.type).paint(p, a, context);
    p.restore();
}

} // namespace clerk
