#include "PageGestures.h"

#include "PageView.h"

#include <QPainter>
#include <QPdfDocument>

namespace clerk {

PageGestures::PageGestures(PageView& view)
    : m_view(view)
{ }

void PageGestures::setTool(std::optional<AnnotationType> tool)
{
    m_tool = tool;
    m_drag = Drag::None;
}

Annotation PageGestures::newAnnotation(AnnotationType type, int page) const
{
    Annotation a;
    a.type = type;
    a.page = page;
    a.color = annotationColor(type, m_color);
    return a;
}

void PageGestures::press(const QPoint& pos)
{
    const int page = m_view.pageAt(pos);
    m_pressPos = m_lastPos = pos;
    m_dragPage = page;
    if (page < 0)
        return;
    if (!m_tool) {
        // The handle of the selected annotation first, then any annotation, then text.
        for (const Annotation& a : std::as_const(m_view.m_annotations))
            if (a.id == m_view.m_selected && m_view.handleOf(a).adjusted(-3, -3, 3, 3).contains(pos)) {
                m_drag = Drag::Resize;
                m_dragBefore = m_dragNow = a;
                m_dragPage = a.page;
                return;
            }
        const int hit = m_view.hitAnnotation(pos);
        if (hit >= 0) {
            const Annotation& a = m_view.m_annotations.at(hit);
            if (a.id != m_view.m_selected)
                m_view.selectAnnotation(a.id);
            m_view.clearTextSelection();
            m_drag = Drag::Move;
            m_dragBefore = m_dragNow = a;
            m_dragPage = a.page;
            return;
        }
        if (!m_view.m_selected.isEmpty())
            m_view.selectAnnotation({});
        m_view.clearTextSelection();
        m_drag = Drag::Text;
        return;
    }
    switch (traitsOf(*m_tool).gesture) {
    case AnnotationGesture::MarkText:
        m_view.clearTextSelection();
        m_drag = Drag::Text;
        return;
    case AnnotationGesture::Freehand:
        m_drag = Drag::Ink;
        m_inkStroke = QPolygonF { m_view.toUser(page, pos) };
        return;
    case AnnotationGesture::DragBox:
        m_drag = Drag::Create;
        m_dragNow = newAnnotation(*m_tool, page);
        pdf::Geometry::setRect(m_dragNow, QRectF(m_view.toUser(page, pos), QSizeF(0, 0)));
        return;
    case AnnotationGesture::Click:
        m_drag = Drag::None; // placed on release
        return;
    }
}

void PageGestures::move(const QPoint& pos)
{
    if (m_drag == Drag::None) {
        // Cursor hints in the select tool.
        if (!m_tool) {
            Qt::CursorShape shape = Qt::ArrowCursor;
            for (const Annotation& a : std::as_const(m_view.m_annotations))
                if (a.id == m_view.m_selected && m_view.handleOf(a).adjusted(-3, -3, 3, 3).contains(pos))
                    shape = Qt::SizeFDiagCursor;
            if (shape == Qt::ArrowCursor && m_view.hitAnnotation(pos) >= 0)
                shape = Qt::SizeAllCursor;
            m_view.viewport()->setCursor(shape);
        }
        return;
    }
    if (m_dragPage < 0)
        return;
    const QPointF user = m_view.toUser(m_dragPage, pos);
    switch (m_drag) {
    case Drag::Move: {
        const QPointF from = m_view.toUser(m_dragPage, m_pressPos);
        m_dragNow = m_dragBefore;
        pdf::Geometry::translate(m_dragNow, user.x() - from.x(), user.y() - from.y());
        break;
    }
    case Drag::Resize: {
        // The handle sits at the bottom right of the shown rectangle; the opposite corner stays.
        const QRectF view = m_view.viewRectOf(m_dragBefore);
        const QPointF fixed = m_view.pageToViewport(m_dragPage).inverted().map(view.topLeft());
        QRectF to = QRectF(fixed, user).normalized();
        if (to.width() < 4)
            to.setWidth(4);
        if (to.height() < 4)
            to.setHeight(4);
        m_dragNow = m_dragBefore;
        pdf::Geometry::fitInto(m_dragNow, to);
        break;
    }
    case Drag::Create: {
        const QPointF from = m_view.toUser(m_dragPage, m_pressPos);
        pdf::Geometry::setRect(m_dragNow, QRectF(from, user).normalized());
        break;
    }
    case Drag::Text:
        if (m_view.m_doc && (pos - m_pressPos).manhattanLength() > 3) {
            const QPdfSelection sel = m_view.m_doc->getSelection(
                m_dragPage, m_view.toQt(m_dragPage, m_pressPos), m_view.toQt(m_dragPage, pos));
            m_view.m_selectionText = sel.text();
            m_view.m_selectionBounds = sel.bounds();
            m_view.m_selectionPage = m_dragPage;
            Q_EMIT m_view.textSelectionChanged();
        }
        break;
    case Drag::Ink:
        if ((pos - m_lastPos).manhattanLength() >= 2) {
            m_inkStroke << user;
            m_lastPos = pos;
        }
        break;
    case Drag::None:
        break;
    }
    m_view.viewport()->update();
}

void PageGestures::release(const QPoint& pos)
{
    const Drag drag = m_drag;
    m_drag = Drag::None;
    const int page = m_dragPage;
    m_view.viewport()->update();
    if (page < 0)
        return;
    const bool moved = (pos - m_pressPos).manhattanLength() > 3;
    switch (drag) {
    case Drag::Move:
    case Drag::Resize:
        if (moved)
            Q_EMIT m_view.annotationChanged(m_dragBefore, m_dragNow);
        return;
    case Drag::Create: {
        QRectF r = pdf::Geometry::rect(m_dragNow);
        if (!moved) {
            if (m_dragNow.type != AnnotationType::FreeText)
                return; // a click with the box tools makes nothing; a text box gets a default size
            const QPointF at = m_view.toUser(page, pos);
            r = QRectF(at.x(), at.y() - 40, 200, 40);
        }
        pdf::Geometry::setRect(m_dragNow, r);
        Q_EMIT m_view.annotationDrawn(m_dragNow);
        return;
    }
    case Drag::Ink:
        if (m_inkStroke.size() >= 2) {
            Annotation a = newAnnotation(AnnotationType::Ink, page);
            pdf::Geometry::setInk(a, { m_inkStroke }, 2);
            m_inkStroke.clear();
            Q_EMIT m_view.annotationDrawn(a);
        }
        m_inkStroke.clear();
        return;
    case Drag::Text: {
        if (!m_tool)
            return;
        QList<pdf::Quad> quads = m_view.selectedQuads();
        if (quads.isEmpty() && moved) {
            // No text under the drag (a scanned page): mark the dragged area itself.
            quads << pdf::Geometry::quadOf(QRectF(m_view.toUser(page, m_pressPos), m_view.toUser(page, pos)));
        }
        if (quads.isEmpty())
            return;
        Annotation a = newAnnotation(*m_tool, page);
        pdf::Geometry::setQuads(a, quads);
        a.text = m_view.m_selectionText.left(2000);
        m_view.clearTextSelection();
        Q_EMIT m_view.annotationDrawn(a);
        return;
    }
    case Drag::None:
        break;
    }
    if (moved || !m_tool || traitsOf(*m_tool).gesture != AnnotationGesture::Click)
        return;
    const QPointF at = m_view.toUser(page, pos);
    Annotation a = newAnnotation(*m_tool, page);
    if (a.type == AnnotationType::Stamp) {
        a.text = pdf::stampLabel(m_stampKind);
        pdf::Geometry::setRect(a, QRectF(at.x() - 90, at.y() - 30, 180, 60));
    } else {
        pdf::Geometry::setRect(a, QRectF(at.x(), at.y() - 20, 20, 20)); // a sticky note's icon
    }
    Q_EMIT m_view.annotationDrawn(a);
}

bool PageGestures::hides(const QString& id) const
{
    return (m_drag == Drag::Move || m_drag == Drag::Resize) && id == m_dragBefore.id;
}

void PageGestures::paintPreview(QPainter& p, int page) const
{
    if (m_dragPage != page)
        return;
    if (m_drag == Drag::Move || m_drag == Drag::Resize || m_drag == Drag::Create)
        m_view.paintAnnotation(p, m_dragNow, true);
    if (m_drag == Drag::Ink && m_inkStroke.size() > 1) {
        p.setPen(QPen(QColor::fromString(annotationColor(AnnotationType::Ink, m_color)), 2 * m_view.scale(),
            Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p.drawPolyline(m_view.pageToViewport(page).map(m_inkStroke));
    }
}

} // namespace clerk
