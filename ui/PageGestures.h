// What the mouse does on the pages with the current tool: with Select, move or resize an
// annotation by its handle, or select text; with a type's tool, make an annotation of that type the
// way its traits say (mark text, drag a box, click, draw). The result goes out through the page
// view's signals (annotationDrawn, annotationChanged); what is under way is drawn by
// paintPreview(). Part of PageView, split off to keep each file readable.
#pragma once

#include "core/domain/Domain.h"

#include <QPoint>
#include <QPolygonF>
#include <optional>

class QPainter;

namespace clerk {

class PageView;

class PageGestures
{
public:
    explicit PageGestures(PageView& view);

    std::optional<AnnotationType> tool() const { return m_tool; }
    void setTool(std::optional<AnnotationType> tool);
    void setStampKind(const QString& kind) { m_stampKind = kind; }
    void setChosenColor(const QString& color) { m_color = color; }

    void press(const QPoint& pos);
    void move(const QPoint& pos);
    void release(const QPoint& pos);
    bool active() const { return m_drag != Drag::None; }
    void cancel() { m_drag = Drag::None; }

    // True for the annotation being moved or resized (drawn by paintPreview instead).
    bool hides(const QString& id) const;
    void paintPreview(QPainter& p, int page) const;

private:
    Annotation newAnnotation(AnnotationType type, int page) const;

    PageView& m_view;
    std::optional<AnnotationType> m_tool; // none: Select
    QString m_stampKind = QStringLiteral("checked");
    QString m_color;

    enum class Drag { None, Move, Resize, Create, Text, Ink };
    Drag m_drag = Drag::None;
    int m_dragPage = -1;
    QPoint m_pressPos;
    QPoint m_lastPos;
    Annotation m_dragBefore;
    Annotation m_dragNow;
    QPolygonF m_inkStroke; // PDF space
};

} // namespace clerk
