#include "PageView.h"

#include "PageRenderer.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QGestureEvent>
#include <QKeyEvent>
#include <QNativeGestureEvent>
#include <QPainter>
#include <QPainterPath>
#include <QPdfDocument>
#include <QScrollBar>
#include <QWheelEvent>
#include <cmath>

namespace clerk {

namespace {
constexpr int kMargin = 16;
constexpr int kSpacing = 12;
constexpr int kHandle = 8;
} // namespace

PageView::PageView(QWidget* parent)
    : QAbstractScrollArea(parent)
    , m_renderer(new PageRenderer(this))
{
    setObjectName(QStringLiteral("pageView"));
    setAccessibleName(tr("Document pages"));
    setAccessibleDescription(tr("The pages of the document with your annotations. Arrow keys and Page Up/Down scroll, "
                                "Ctrl+plus and Ctrl+minus zoom, Delete removes the selected annotation."));
    setFocusPolicy(Qt::StrongFocus);
    viewport()->setMouseTracking(true);
    viewport()->setAutoFillBackground(true);
    QPalette pal = viewport()->palette();
    pal.setColor(QPalette::Window, pal.color(QPalette::Mid));
    viewport()->setPalette(pal);
    viewport()->grabGesture(Qt::PinchGesture);
    // Always there: a scroll bar appearing after the first layout would narrow the view, change the
    // fit-width zoom and render the first page twice.
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    verticalScrollBar()->setSingleStep(40);
    horizontalScrollBar()->setSingleStep(40);
    connect(m_renderer, &PageRenderer::pageRendered, viewport(), qOverload<>(&QWidget::update));
    connect(verticalScrollBar(), &QScrollBar::valueChanged, this, [this] {
        const int page = currentPage();
        if (page != m_lastPage) {
            m_lastPage = page;
            Q_EMIT currentPageChanged(page);
        }
    });
}

PageView::~PageView() = default;

void PageView::setDocument(
    QPdfDocument* doc, const QByteArray& bytes, const QList<QRectF>& boxes, const QList<int>& rotations)
{
    m_doc = doc;
    m_boxes = boxes;
    m_pageRotations = rotations;
    while (m_pageRotations.size() < m_boxes.size())
        m_pageRotations << 0;
    m_renderer->setDocument(bytes, doc ? doc->password() : QString());
    m_annotations.clear();
    m_selected.clear();
    m_hits.clear();
    m_currentHitPage = -1;
    clearTextSelection();
    m_rotation = 0;
    m_lastPage = -1;
    relayout();
    verticalScrollBar()->setValue(0);
    horizontalScrollBar()->setValue(0);
    viewport()->update();
}

void PageView::clear()
{
    setDocument(nullptr, {}, {}, {});
}

double PageView::scale() const
{
    return m_zoom * logicalDpiX() / 72.0;
}

QSizeF PageView::shownSize(int page) const
{
    const QRectF box = m_boxes.at(page);
    const int rot = (m_pageRotations.at(page) + m_rotation) % 180;
    return rot ? QSizeF(box.height(), box.width()) : box.size();
}

void PageView::relayout()
{
    if (m_fit != Fit::None && !m_boxes.isEmpty()) {
        double widest = 0, tallest = 0;
        for (int i = 0; i < m_boxes.size(); ++i) {
            widest = std::max(widest, shownSize(i).width());
            tallest = std::max(tallest, shownSize(i).height());
        }
        const double dpi = logicalDpiX() / 72.0;
        const double byWidth = (viewport()->width() - 2 * kMargin) / (widest * dpi);
        double z = byWidth;
        if (m_fit == Fit::Page)
            z = std::min(byWidth, (viewport()->height() - 2 * kMargin) / (tallest * dpi));
        z = std::clamp(z, 0.1, 8.0);
        if (std::abs(z - m_zoom) > 1e-6) {
            m_zoom = z;
            Q_EMIT zoomChanged(m_zoom);
        }
    }
    m_pageTops.clear();
    int y = kMargin;
    int width = 0;
    for (int i = 0; i < m_boxes.size(); ++i) {
        const QSizeF px = shownSize(i) * scale();
        m_pageTops << y;
        y += int(std::ceil(px.height())) + kSpacing;
        width = std::max(width, int(std::ceil(px.width())));
    }
    m_docHeight = y - kSpacing + kMargin;
    m_docWidth = width + 2 * kMargin;
    updateScrollBars();
    updateWanted();
}

void PageView::updateScrollBars()
{
    verticalScrollBar()->setPageStep(viewport()->height());
    verticalScrollBar()->setRange(0, std::max(0, m_docHeight - viewport()->height()));
    horizontalScrollBar()->setPageStep(viewport()->width());
    horizontalScrollBar()->setRange(0, std::max(0, m_docWidth - viewport()->width()));
}

QRect PageView::pageRect(int page) const
{
    if (page < 0 || page >= m_pageTops.size())
        return {};
    const QSizeF px = shownSize(page) * scale();
    const int w = int(std::ceil(px.width())), h = int(std::ceil(px.height()));
    const int x = m_docWidth <= viewport()->width()
        ? (viewport()->width() - w) / 2
        : kMargin + (m_docWidth - 2 * kMargin - w) / 2 - horizontalScrollBar()->value();
    return QRect(x, m_pageTops.at(page) - verticalScrollBar()->value(), w, h);
}

QTransform PageView::pageToViewport(int page) const
{
    const QRect r = pageRect(page);
    return pdf::Geometry::toView(m_boxes.at(page), m_pageRotations.at(page) + m_rotation, scale())
        * QTransform::fromTranslate(r.left(), r.top());
}

int PageView::pageAt(const QPoint& pos) const
{
    for (int i = 0; i < m_pageTops.size(); ++i)
        if (pageRect(i).adjusted(-kSpacing / 2, -kSpacing / 2, kSpacing / 2, kSpacing / 2).contains(pos))
            return i;
    return -1;
}

QPointF PageView::toUser(int page, const QPoint& pos) const
{
    return pageToViewport(page).inverted().map(QPointF(pos));
}

QTransform PageView::qtFromUser(int page) const
{
    // Qt PDF (6.8) measures text in points from the top left of the page as shown: the CropBox,
    // which need not start at 0,0, with the page's /Rotate applied (measured: tst_viewer).
    if (page < 0 || page >= m_boxes.size())
        return {};
    return pdf::Geometry::toView(m_boxes.at(page), m_pageRotations.at(page), 1.0);
}

QPointF PageView::userFromQt(int page, QPointF qt) const
{
    return qtFromUser(page).inverted().map(qt);
}

QSizeF PageView::qtPageSize(int page) const
{
    // Qt PDF's page size is the box as shown (PDFium: CropBox within MediaBox, /Rotate applied),
    // which the boxes from qpdf already say. Never asked of Qt PDF: it serialises every PDFium call
    // behind one lock that the render thread holds while it renders, and a page size costs PDFium
    // ~0.7 ms per scanned page (measured: 35 ms of opening a 50-page scan).
    if (page < 0 || page >= m_boxes.size())
        return {};
    const QSizeF box = m_boxes.at(page).size();
    return m_pageRotations.at(page) % 180 ? box.transposed() : box;
}

QPointF PageView::toQt(int page, const QPoint& pos) const
{
    return qtFromUser(page).map(toUser(page, pos));
}

int PageView::currentPage() const
{
    if (m_pageTops.isEmpty())
        return 0;
    const int middle = verticalScrollBar()->value() + viewport()->height() / 3;
    int page = 0;
    for (int i = 0; i < m_pageTops.size(); ++i)
        if (m_pageTops.at(i) <= middle)
            page = i;
    return page;
}

void PageView::goToPage(int page, std::optional<QPointF> userPoint)
{
    if (page < 0 || page >= m_pageTops.size())
        return;
    int y = m_pageTops.at(page) - kMargin / 2;
    if (userPoint) {
        const QPointF v
            = pdf::Geometry::toView(m_boxes.at(page), m_pageRotations.at(page) + m_rotation, scale()).map(*userPoint);
        y = m_pageTops.at(page) + int(v.y()) - viewport()->height() / 3;
        // Sideways too when the page is wider than the view: the point ends up a third in.
        const QPointF shownAt = pageToViewport(page).map(*userPoint);
        if (shownAt.x() < 0 || shownAt.x() > viewport()->width())
            horizontalScrollBar()->setValue(
                horizontalScrollBar()->value() + int(shownAt.x()) - viewport()->width() / 3);
    }
    verticalScrollBar()->setValue(y);
    viewport()->update();
}

void PageView::setZoom(double zoom, const QPoint& anchor)
{
    zoom = std::clamp(zoom, 0.1, 8.0);
    // Keep the point under `anchor` (default: the middle of the view) where it is.
    const QPoint a = anchor.isNull() ? viewport()->rect().center() : anchor;
    const int page = pageAt(a) >= 0 ? pageAt(a) : currentPage();
    const QPointF user = m_boxes.isEmpty() ? QPointF() : toUser(page, a);
    m_fit = Fit::None;
    m_zoom = zoom;
    relayout();
    if (!m_boxes.isEmpty()) {
        const QPointF v = pageToViewport(page).map(user);
        verticalScrollBar()->setValue(verticalScrollBar()->value() + int(v.y() - a.y()));
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() + int(v.x() - a.x()));
    }
    Q_EMIT zoomChanged(m_zoom);
    viewport()->update();
}

void PageView::setFit(Fit fit)
{
    const int page = currentPage();
    m_fit = fit;
    relayout();
    goToPage(page);
}

void PageView::rotate(int degrees)
{
    const int page = currentPage();
    m_rotation = ((m_rotation + degrees) % 360 + 360) % 360;
    relayout();
    goToPage(page);
}

void PageView::setTool(Tool tool)
{
    m_tool = tool;
    m_drag = Drag::None;
    viewport()->setCursor(tool == Tool::Select ? Qt::ArrowCursor : Qt::CrossCursor);
}

void PageView::setAnnotations(const QList<Annotation>& annotations)
{
    m_annotations = annotations;
    if (!m_selected.isEmpty() && std::none_of(annotations.cbegin(), annotations.cend(), [&](const Annotation& a) {
            return a.id == m_selected;
        }))
        m_selected.clear();
    viewport()->update();
}

void PageView::selectAnnotation(const QString& id, bool scrollTo)
{
    m_selected = id;
    if (scrollTo)
        for (const Annotation& a : std::as_const(m_annotations))
            if (a.id == id) {
                const QRectF r = pdf::Geometry::rect(a);
                goToPage(a.page, QPointF(r.left(), r.bottom()));
            }
    viewport()->update();
    Q_EMIT annotationSelected(id);
}

void PageView::setSearchHits(const QHash<int, QList<QRectF>>& hits, int currentPage, const QRectF& current)
{
    m_hits = hits;
    m_currentHitPage = currentPage;
    m_currentHit = current;
    viewport()->update();
}

QList<pdf::Quad> PageView::selectedQuads() const
{
    QList<pdf::Quad> out;
    if (m_selectionPage < 0)
        return out;
    for (const QPolygonF& poly : m_selectionBounds) {
        const QRectF r = poly.boundingRect();
        const QPointF a = userFromQt(m_selectionPage, r.topLeft()), b = userFromQt(m_selectionPage, r.bottomRight());
        out << pdf::Geometry::quadOf(QRectF(a, b));
    }
    return out;
}

void PageView::clearTextSelection()
{
    const bool had = !m_selectionText.isEmpty() || !m_selectionBounds.isEmpty();
    m_selectionText.clear();
    m_selectionBounds.clear();
    m_selectionPage = -1;
    if (had) {
        viewport()->update();
        Q_EMIT textSelectionChanged();
    }
}

bool PageView::isRendered(int page)
{
    if (page < 0 || page >= m_pageTops.size())
        return false;
    const QSize pixels = (QSizeF(pageRect(page).size()) * devicePixelRatioF()).toSize();
    return !m_renderer->image({ page, pixels, m_rotation }).isNull();
}

int PageView::renderedPages() const
{
    return m_renderer->rendersDone();
}

void PageView::updateWanted()
{
    QSet<int> wanted;
    const QRect view = viewport()->rect();
    for (int i = 0; i < m_pageTops.size(); ++i) {
        const QRect r = pageRect(i);
        if (r.bottom() < view.top() - view.height() / 2)
            continue;
        if (r.top() > view.bottom() + view.height() / 2)
            break;
        wanted.insert(i); // visible, or half a screen away (the next page is ready when it arrives)
    }
    m_renderer->setWanted(wanted);
    // Queue the pages on screen now rather than at the next paint: a few milliseconds sooner.
    const qreal dpr = devicePixelRatioF();
    for (int i : std::as_const(wanted)) {
        const QRect r = pageRect(i);
        if (r.intersects(view))
            (void)m_renderer->image({ i, (QSizeF(r.size()) * dpr).toSize(), m_rotation });
    }
}

void PageView::resizeEvent(QResizeEvent* event)
{
    QAbstractScrollArea::resizeEvent(event);
    const int page = currentPage();
    const bool refit = m_fit != Fit::None;
    relayout();
    if (refit)
        goToPage(page);
}

void PageView::scrollContentsBy(int, int)
{
    updateWanted();
    viewport()->update();
}

QRectF PageView::viewRectOf(const Annotation& a) const
{
    return pageToViewport(a.page).mapRect(pdf::Geometry::rect(a));
}

QRectF PageView::handleOf(const Annotation& a) const
{
    const QRectF r = viewRectOf(a);
    return QRectF(r.right() - kHandle / 2.0, r.bottom() - kHandle / 2.0, kHandle, kHandle);
}

int PageView::hitAnnotation(const QPoint& pos) const
{
    for (qsizetype i = m_annotations.size() - 1; i >= 0; --i) {
        const Annotation& a = m_annotations.at(i);
        if (a.page < 0 || a.page >= m_boxes.size())
            continue;
        if (viewRectOf(a).adjusted(-3, -3, 3, 3).contains(pos))
            return int(i);
    }
    return -1;
}

void PageView::paintEvent(QPaintEvent*)
{
    QPainter p(viewport());
    const QRect view = viewport()->rect();
    const qreal dpr = devicePixelRatioF();
    for (int i = 0; i < m_pageTops.size(); ++i) {
        const QRect r = pageRect(i);
        if (r.bottom() < view.top())
            continue;
        if (r.top() > view.bottom())
            break;
        p.fillRect(r.translated(2, 2), QColor(0, 0, 0, 60));
        p.fillRect(r, Qt::white);
        const QSize pixels = (QSizeF(r.size()) * dpr).toSize();
        QImage img = m_renderer->image({ i, pixels, m_rotation });
        if (img.isNull())
            img = m_renderer->anyImage(i, m_rotation); // scaled stand-in until the sharp one arrives
        if (!img.isNull())
            p.drawImage(QRectF(r), img);
        // Search hits
        if (m_hits.contains(i)) {
            const QTransform t = pageToViewport(i);
            for (const QRectF& hit : m_hits.value(i)) {
                const QRectF user(userFromQt(i, hit.topLeft()), userFromQt(i, hit.bottomRight()));
                const QRectF v = t.mapRect(user.normalized());
                const bool current = i == m_currentHitPage && hit == m_currentHit;
                p.fillRect(v, current ? QColor(255, 140, 0, 110) : QColor(255, 220, 0, 90));
                if (current)
                    p.setPen(QPen(QColor(200, 90, 0), 1.5));
                else
                    p.setPen(QPen(QColor(180, 150, 0), 1));
                p.drawRect(v);
            }
        }
        const bool dragging = m_drag == Drag::Move || m_drag == Drag::Resize;
        for (const Annotation& a : std::as_const(m_annotations))
            if (a.page == i && !(dragging && a.id == m_dragBefore.id))
                paintAnnotation(p, a, a.id == m_selected);
        if ((m_drag == Drag::Move || m_drag == Drag::Resize || m_drag == Drag::Create) && m_dragPage == i)
            paintAnnotation(p, m_dragNow, true);
        if (m_drag == Drag::Ink && m_dragPage == i && m_inkStroke.size() > 1) {
            p.setPen(QPen(QColor::fromString(m_color.isEmpty() ? pdf::defaultColor(QStringLiteral("ink")) : m_color),
                2 * scale(), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
            p.drawPolyline(pageToViewport(i).map(m_inkStroke));
        }
        if (m_selectionPage == i) {
            const QTransform t = pageToViewport(i);
            for (const QPolygonF& poly : std::as_const(m_selectionBounds)) {
                QPolygonF v;
                for (const QPointF& q : poly)
                    v << t.map(userFromQt(i, q));
                p.setPen(Qt::NoPen);
                p.setBrush(QColor(40, 110, 220, 70));
                p.drawPolygon(v);
            }
        }
    }
    if (m_boxes.isEmpty()) {
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(view, Qt::AlignCenter, tr("No document"));
    }
    if (hasFocus()) {
        // Keyboard focus is always visible: a frame in the highlight colour around the pages.
        p.setPen(QPen(palette().color(QPalette::Highlight), 2));
        p.setBrush(Qt::NoBrush);
        p.drawRect(QRectF(view).adjusted(1, 1, -1, -1));
    }
}

void PageView::paintAnnotation(QPainter& p, const Annotation& a, bool selected) const
{
    if (a.page < 0 || a.page >= m_boxes.size())
        return;
    const QTransform t = pageToViewport(a.page);
    const QColor c = pdf::colorOf(a);
    const QRectF r = t.mapRect(pdf::Geometry::rect(a));
    const double s = scale();
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    const QString type = a.type;
    auto quadPolygon
        = [&](const pdf::Quad& q) { return t.map(QPolygonF { q.upperLeft, q.upperRight, q.lowerRight, q.lowerLeft }); };
    if (type == QLatin1String("highlight")) {
        p.setCompositionMode(QPainter::CompositionMode_Multiply);
        p.setPen(Qt::NoPen);
        p.setBrush(c);
        for (const pdf::Quad& q : pdf::Geometry::quads(a))
            p.drawPolygon(quadPolygon(q));
    } else if (type == QLatin1String("underline") || type == QLatin1String("strikeout")) {
        for (const pdf::Quad& q : pdf::Geometry::quads(a)) {
            const double h = QLineF(q.upperLeft, q.lowerLeft).length();
            const double w = std::max(0.6, h / 14);
            const double f = type == QLatin1String("underline") ? w / std::max(h, 0.1) : 0.45;
            p.setPen(QPen(c, std::max(1.0, w * s)));
            p.drawLine(t.map(q.lowerLeft + (q.upperLeft - q.lowerLeft) * f),
                t.map(q.lowerRight + (q.upperRight - q.lowerRight) * f));
        }
    } else if (type == QLatin1String("note")) {
        const QRectF icon(r.topLeft(), QSizeF(20 * s, 20 * s));
        QPainterPath sheet;
        sheet.moveTo(icon.left() + s, icon.top() + s);
        sheet.lineTo(icon.right() - 6 * s, icon.top() + s);
        sheet.lineTo(icon.right() - s, icon.top() + 6 * s);
        sheet.lineTo(icon.right() - s, icon.bottom() - s);
        sheet.lineTo(icon.left() + s, icon.bottom() - s);
        sheet.closeSubpath();
        p.setPen(QPen(QColor(64, 64, 64), std::max(1.0, 0.8 * s)));
        p.setBrush(c);
        p.drawPath(sheet);
        for (int k = 0; k < 3; ++k) {
            const double y = icon.top() + (6 + 4 * k) * s;
            p.drawLine(QPointF(icon.left() + 4 * s, y), QPointF(icon.right() - (k == 0 ? 8 : 5) * s, y));
        }
    } else if (type == QLatin1String("freetext")) {
        p.setPen(QPen(c, std::max(1.0, 0.8 * s)));
        p.setBrush(Qt::white);
        p.drawRect(r);
        QFont f = font();
        f.setFamily(QStringLiteral("Helvetica"));
        f.setPixelSize(std::max(4, int(a.geometry.value(QLatin1String("size")).toDouble(11) * s)));
        p.setFont(f);
        p.drawText(r.adjusted(3 * s, 2 * s, -3 * s, -2 * s), Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, a.text);
    } else if (type == QLatin1String("ink")) {
        p.setPen(QPen(c, std::max(1.0, a.geometry.value(QLatin1String("width")).toDouble(2) * s), Qt::SolidLine,
            Qt::RoundCap, Qt::RoundJoin));
        for (const QPolygonF& stroke : pdf::Geometry::ink(a))
            p.drawPolyline(t.map(stroke));
    } else if (type == QLatin1String("rect")) {
        p.setPen(QPen(c, std::max(1.0, 2 * s)));
        p.setBrush(Qt::NoBrush);
        p.drawRect(r.adjusted(s, s, -s, -s));
    } else if (type == QLatin1String("stamp")) {
        p.setPen(QPen(c, std::max(1.5, 2.5 * s)));
        p.setBrush(QColor(255, 255, 255, 140));
        p.drawRect(r.adjusted(1.5 * s, 1.5 * s, -1.5 * s, -1.5 * s));
        QFont big = font();
        big.setBold(true);
        big.setPixelSize(std::max(6, int(std::clamp(r.height() / s * 0.42, 8.0, 28.0) * s)));
        p.setFont(big);
        p.drawText(QRectF(r.left(), r.top(), r.width(), r.height() * 0.62), Qt::AlignHCenter | Qt::AlignBottom,
            a.text.isEmpty() ? pdf::stampLabel(QStringLiteral("checked")) : a.text);
        QFont small = font();
        small.setPixelSize(std::max(5, int(std::clamp(r.height() / s * 0.16, 5.0, 10.0) * s)));
        p.setFont(small);
        p.drawText(QRectF(r.left(), r.top() + r.height() * 0.62, r.width(), r.height() * 0.3),
            Qt::AlignHCenter | Qt::AlignVCenter, pdf::stampByline(a));
    } else if (type == QLatin1String("redact")) {
        // Not applied yet: a red frame and hatch, never a plain black box that looks done.
        QPainterPath area;
        const QList<pdf::Quad> quads = pdf::Geometry::quads(a);
        if (quads.isEmpty())
            area.addRect(r);
        for (const pdf::Quad& q : quads)
            area.addPolygon(quadPolygon(q));
        p.setPen(QPen(QColor(220, 0, 0), 1.5));
        p.setBrush(QBrush(QColor(220, 0, 0, 150), Qt::BDiagPattern));
        p.drawPath(area);
    }
    if (selected) {
        p.setCompositionMode(QPainter::CompositionMode_SourceOver);
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(palette().color(QPalette::Highlight), 1.5, Qt::DashLine));
        p.drawRect(r.adjusted(-3, -3, 3, 3));
        p.setPen(QPen(palette().color(QPalette::Highlight), 1));
        p.setBrush(palette().color(QPalette::Base));
        p.drawRect(handleOf(a));
    }
    p.restore();
}

Annotation PageView::newAnnotation(const QString& type, int page) const
{
    Annotation a;
    a.type = type;
    a.page = page;
    a.color = m_color.isEmpty() || type == QLatin1String("redact") || type == QLatin1String("highlight")
            || type == QLatin1String("stamp") || type == QLatin1String("note")
        ? pdf::defaultColor(type)
        : m_color;
    return a;
}

void PageView::mousePressEvent(QMouseEvent* event)
{
    setFocus(Qt::MouseFocusReason);
    if (event->button() != Qt::LeftButton || m_boxes.isEmpty())
        return QAbstractScrollArea::mousePressEvent(event);
    const QPoint pos = event->position().toPoint();
    const int page = pageAt(pos);
    m_pressPos = m_lastPos = pos;
    m_dragPage = page;
    if (page < 0)
        return;
    switch (m_tool) {
    case Tool::Select: {
        // The handle of the selected annotation first, then any annotation, then text.
        for (const Annotation& a : std::as_const(m_annotations))
            if (a.id == m_selected && handleOf(a).adjusted(-3, -3, 3, 3).contains(pos)) {
                m_drag = Drag::Resize;
                m_dragBefore = m_dragNow = a;
                m_dragPage = a.page;
                return;
            }
        const int hit = hitAnnotation(pos);
        if (hit >= 0) {
            const Annotation& a = m_annotations.at(hit);
            if (a.id != m_selected)
                selectAnnotation(a.id);
            clearTextSelection();
            m_drag = Drag::Move;
            m_dragBefore = m_dragNow = a;
            m_dragPage = a.page;
            return;
        }
        if (!m_selected.isEmpty())
            selectAnnotation({});
        clearTextSelection();
        m_drag = Drag::Text;
        return;
    }
    case Tool::Highlight:
    case Tool::Underline:
    case Tool::StrikeOut:
        clearTextSelection();
        m_drag = Drag::Text;
        return;
    case Tool::Ink:
        m_drag = Drag::Ink;
        m_inkStroke = QPolygonF { toUser(page, pos) };
        return;
    case Tool::FreeText:
    case Tool::Rect:
    case Tool::Redact:
        m_drag = Drag::Create;
        m_dragNow = newAnnotation(m_tool == Tool::FreeText ? QStringLiteral("freetext")
                : m_tool == Tool::Rect                     ? QStringLiteral("rect")
                                                           : QStringLiteral("redact"),
            page);
        pdf::Geometry::setRect(m_dragNow, QRectF(toUser(page, pos), QSizeF(0, 0)));
        return;
    case Tool::Note:
    case Tool::Stamp:
        m_drag = Drag::None; // placed on release
        return;
    }
}

void PageView::mouseMoveEvent(QMouseEvent* event)
{
    const QPoint pos = event->position().toPoint();
    if (m_drag == Drag::None) {
        // Cursor hints in the select tool.
        if (m_tool == Tool::Select) {
            Qt::CursorShape shape = Qt::ArrowCursor;
            for (const Annotation& a : std::as_const(m_annotations))
                if (a.id == m_selected && handleOf(a).adjusted(-3, -3, 3, 3).contains(pos))
                    shape = Qt::SizeFDiagCursor;
            if (shape == Qt::ArrowCursor && hitAnnotation(pos) >= 0)
                shape = Qt::SizeAllCursor;
            viewport()->setCursor(shape);
        }
        return;
    }
    if (m_dragPage < 0)
        return;
    const QPointF user = toUser(m_dragPage, pos);
    switch (m_drag) {
    case Drag::Move: {
        const QPointF from = toUser(m_dragPage, m_pressPos);
        m_dragNow = m_dragBefore;
        pdf::Geometry::translate(m_dragNow, user.x() - from.x(), user.y() - from.y());
        break;
    }
    case Drag::Resize: {
        // The handle sits at the bottom right of the shown rectangle; the opposite corner stays.
        const QRectF view = viewRectOf(m_dragBefore);
        const QPointF fixed = pageToViewport(m_dragPage).inverted().map(view.topLeft());
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
        const QPointF from = toUser(m_dragPage, m_pressPos);
        pdf::Geometry::setRect(m_dragNow, QRectF(from, user).normalized());
        break;
    }
    case Drag::Text:
        if (m_doc && (pos - m_pressPos).manhattanLength() > 3) {
            const QPdfSelection sel
                = m_doc->getSelection(m_dragPage, toQt(m_dragPage, m_pressPos), toQt(m_dragPage, pos));
            m_selectionText = sel.text();
            m_selectionBounds = sel.bounds();
            m_selectionPage = m_dragPage;
            Q_EMIT textSelectionChanged();
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
    viewport()->update();
}

void PageView::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton)
        return QAbstractScrollArea::mouseReleaseEvent(event);
    finishDrag(event->position().toPoint());
}

void PageView::finishDrag(const QPoint& pos)
{
    const Drag drag = m_drag;
    m_drag = Drag::None;
    const int page = m_dragPage;
    viewport()->update();
    if (page < 0)
        return;
    const bool moved = (pos - m_pressPos).manhattanLength() > 3;
    switch (drag) {
    case Drag::Move:
    case Drag::Resize:
        if (moved)
            Q_EMIT annotationChanged(m_dragBefore, m_dragNow);
        return;
    case Drag::Create: {
        QRectF r = pdf::Geometry::rect(m_dragNow);
        if (!moved) {
            if (m_dragNow.type != QLatin1String("freetext"))
                return; // a click with the rectangle tools makes nothing
            const QPointF at = toUser(page, pos);
            r = QRectF(at.x(), at.y() - 40, 200, 40);
        }
        pdf::Geometry::setRect(m_dragNow, r);
        Q_EMIT annotationDrawn(m_dragNow);
        return;
    }
    case Drag::Ink:
        if (m_inkStroke.size() >= 2) {
            Annotation a = newAnnotation(QStringLiteral("ink"), page);
            pdf::Geometry::setInk(a, { m_inkStroke }, 2);
            m_inkStroke.clear();
            Q_EMIT annotationDrawn(a);
        }
        m_inkStroke.clear();
        return;
    case Drag::Text: {
        if (m_tool == Tool::Select)
            return;
        const QString type = m_tool == Tool::Highlight ? QStringLiteral("highlight")
            : m_tool == Tool::Underline                ? QStringLiteral("underline")
                                                       : QStringLiteral("strikeout");
        QList<pdf::Quad> quads = selectedQuads();
        if (quads.isEmpty() && moved) {
            // No text under the drag (a scanned page): mark the dragged area itself.
            quads << pdf::Geometry::quadOf(QRectF(toUser(page, m_pressPos), toUser(page, pos)));
        }
        if (quads.isEmpty())
            return;
        Annotation a = newAnnotation(type, page);
        pdf::Geometry::setQuads(a, quads);
        a.text = m_selectionText.left(2000);
        clearTextSelection();
        Q_EMIT annotationDrawn(a);
        return;
    }
    case Drag::None:
        break;
    }
    if (moved)
        return;
    const QPointF at = toUser(page, pos);
    if (m_tool == Tool::Note) {
        Annotation a = newAnnotation(QStringLiteral("note"), page);
        pdf::Geometry::setRect(a, QRectF(at.x(), at.y() - 20, 20, 20));
        Q_EMIT annotationDrawn(a);
    } else if (m_tool == Tool::Stamp) {
        Annotation a = newAnnotation(QStringLiteral("stamp"), page);
        a.text = pdf::stampLabel(m_stampKind);
        pdf::Geometry::setRect(a, QRectF(at.x() - 90, at.y() - 30, 180, 60));
        Q_EMIT annotationDrawn(a);
    }
}

void PageView::mouseDoubleClickEvent(QMouseEvent* event)
{
    const int hit = hitAnnotation(event->position().toPoint());
    if (hit >= 0 && m_tool == Tool::Select) {
        m_drag = Drag::None;
        Q_EMIT editRequested(m_annotations.at(hit).id);
        return;
    }
    QAbstractScrollArea::mouseDoubleClickEvent(event);
}

void PageView::contextMenuEvent(QContextMenuEvent* event)
{
    const int hit = hitAnnotation(event->pos());
    if (hit >= 0) {
        selectAnnotation(m_annotations.at(hit).id);
        Q_EMIT contextMenuRequested(m_annotations.at(hit).id, event->globalPos());
    } else if (!m_selectionText.isEmpty()) {
        Q_EMIT contextMenuRequested({}, event->globalPos());
    }
}

void PageView::wheelEvent(QWheelEvent* event)
{
    if (event->modifiers() & Qt::ControlModifier) {
        const double steps = event->angleDelta().y() / 120.0;
        setZoom(m_zoom * std::pow(1.15, steps), event->position().toPoint());
        event->accept();
        return;
    }
    QAbstractScrollArea::wheelEvent(event);
}

bool PageView::viewportEvent(QEvent* event)
{
    if (event->type() == QEvent::NativeGesture) {
        auto* g = static_cast<QNativeGestureEvent*>(event);
        if (g->gestureType() == Qt::ZoomNativeGesture) {
            setZoom(m_zoom * (1.0 + g->value()), g->position().toPoint());
            return true;
        }
    }
    if (event->type() == QEvent::Gesture) {
        auto* g = static_cast<QGestureEvent*>(event);
        if (auto* pinch = static_cast<QPinchGesture*>(g->gesture(Qt::PinchGesture))) {
            if (pinch->changeFlags() & QPinchGesture::ScaleFactorChanged)
                setZoom(
                    m_zoom * pinch->scaleFactor(), pinch->centerPoint().toPoint() - viewport()->mapToGlobal(QPoint()));
            g->accept(pinch);
            return true;
        }
    }
    return QAbstractScrollArea::viewportEvent(event);
}

void PageView::focusInEvent(QFocusEvent* event)
{
    QAbstractScrollArea::focusInEvent(event);
    viewport()->update();
}

void PageView::focusOutEvent(QFocusEvent* event)
{
    QAbstractScrollArea::focusOutEvent(event);
    viewport()->update();
}

void PageView::keyPressEvent(QKeyEvent* event)
{
    if (event->matches(QKeySequence::Copy) && !m_selectionText.isEmpty()) {
        QApplication::clipboard()->setText(m_selectionText);
        return;
    }
    if ((event->key() == Qt::Key_Delete || event->key() == Qt::Key_Backspace) && !m_selected.isEmpty()) {
        Q_EMIT deleteRequested(m_selected);
        return;
    }
    if (event->key() == Qt::Key_Escape
        && (m_drag != Drag::None || !m_selected.isEmpty() || !m_selectionText.isEmpty())) {
        m_drag = Drag::None;
        selectAnnotation({});
        clearTextSelection();
        return;
    }
    if (!m_selected.isEmpty() && (event->modifiers() & Qt::AltModifier)) {
        // Alt+arrows nudge the selected annotation by one point (Shift: ten), for keyboard users.
        const double step = (event->modifiers() & Qt::ShiftModifier) ? 10 : 1;
        QPointF d;
        switch (event->key()) {
        case Qt::Key_Left:
            d = { -step, 0 };
            break;
        case Qt::Key_Right:
            d = { step, 0 };
            break;
        case Qt::Key_Up:
            d = { 0, step };
            break;
        case Qt::Key_Down:
            d = { 0, -step };
            break;
        default:
            break;
        }
        if (!d.isNull())
            for (const Annotation& a : std::as_const(m_annotations))
                if (a.id == m_selected) {
                    Annotation after = a;
                    pdf::Geometry::translate(after, d.x(), d.y());
                    Q_EMIT annotationChanged(a, after);
                    return;
                }
    }
    switch (event->key()) {
    case Qt::Key_Home:
        verticalScrollBar()->setValue(0);
        return;
    case Qt::Key_End:
        verticalScrollBar()->setValue(verticalScrollBar()->maximum());
        return;
    default:
        break;
    }
    QAbstractScrollArea::keyPressEvent(event);
}

} // namespace clerk
