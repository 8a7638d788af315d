#include "PageView.h"

#include "PageRenderer.h"
#include "painters/AnnotationPainter.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QGestureEvent>
#include <QHideEvent>
#include <QKeyEvent>
#include <QNativeGestureEvent>
#include <QPainter>
#include <QPainterPath>
#include <QPdfDocument>
#include <QScrollBar>
#include <QShowEvent>
#include <QWheelEvent>
#include <cmath>

namespace clerk {

namespace {
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
    m_layout.setPages(boxes, rotations);
    m_renderer->setDocument(bytes, doc ? doc->password() : QString());
    m_annotations.clear();
    m_selected.clear();
    m_hits.clear();
    m_currentHitPage = -1;
    clearTextSelection();
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
    return m_layout.scale();
}

void PageView::relayout()
{
    m_layout.setDotsPerInch(logicalDpiX());
    if (m_fit != Fit::None && m_layout.count() > 0) {
        const double z = m_layout.fitZoom(viewport()->size(), m_fit == Fit::Page);
        if (std::abs(z - m_layout.zoom()) > 1e-6) {
            m_layout.setZoom(z);
            Q_EMIT zoomChanged(z);
        }
    }
    m_layout.layout();
    updateScrollBars();
    updateWanted();
}

void PageView::updateScrollBars()
{
    verticalScrollBar()->setPageStep(viewport()->height());
    verticalScrollBar()->setRange(0, std::max(0, m_layout.size().height() - viewport()->height()));
    horizontalScrollBar()->setPageStep(viewport()->width());
    horizontalScrollBar()->setRange(0, std::max(0, m_layout.size().width() - viewport()->width()));
}

QRect PageView::pageRect(int page) const
{
    return m_layout.pageRect(page, viewport()->width())
        .translated(-horizontalScrollBar()->value(), -verticalScrollBar()->value());
}

QTransform PageView::pageToViewport(int page) const
{
    const QRect r = pageRect(page);
    return m_layout.toPage(page) * QTransform::fromTranslate(r.left(), r.top());
}

int PageView::pageAt(const QPoint& pos) const
{
    constexpr int half = PageLayout::kSpacing / 2;
    for (int i = 0; i < m_layout.count(); ++i)
        if (pageRect(i).adjusted(-half, -half, half, half).contains(pos))
            return i;
    return -1;
}

QPointF PageView::toUser(int page, const QPoint& pos) const
{
    return pageToViewport(page).inverted().map(QPointF(pos));
}

QPointF PageView::userFromQt(int page, QPointF qt) const
{
    return m_layout.qtFromUser(page).inverted().map(qt);
}

QSizeF PageView::qtPageSize(int page) const
{
    return m_layout.qtPageSize(page);
}

QPointF PageView::toQt(int page, const QPoint& pos) const
{
    return m_layout.qtFromUser(page).map(toUser(page, pos));
}

int PageView::currentPage() const
{
    return m_layout.pageAtY(verticalScrollBar()->value() + viewport()->height() / 3);
}

void PageView::goToPage(int page, std::optional<QPointF> userPoint)
{
    if (page < 0 || page >= m_layout.count())
        return;
    int y = m_layout.top(page) - PageLayout::kMargin / 2;
    if (userPoint) {
        y = m_layout.top(page) + int(m_layout.toPage(page).map(*userPoint).y()) - viewport()->height() / 3;
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
    // Keep the point under `anchor` (default: the middle of the view) where it is.
    const QPoint a = anchor.isNull() ? viewport()->rect().center() : anchor;
    const int page = pageAt(a) >= 0 ? pageAt(a) : currentPage();
    const QPointF user = m_layout.count() == 0 ? QPointF() : toUser(page, a);
    m_fit = Fit::None;
    m_layout.setZoom(zoom);
    relayout();
    if (m_layout.count() > 0) {
        const QPointF v = pageToViewport(page).map(user);
        verticalScrollBar()->setValue(verticalScrollBar()->value() + int(v.y() - a.y()));
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() + int(v.x() - a.x()));
    }
    Q_EMIT zoomChanged(m_layout.zoom());
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
    m_layout.setRotation(m_layout.rotation() + degrees);
    relayout();
    goToPage(page);
}

void PageView::setTool(std::optional<AnnotationType> tool)
{
    m_gestures.setTool(tool);
    viewport()->setCursor(tool ? Qt::CrossCursor : Qt::ArrowCursor);
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
    if (page < 0 || page >= m_layout.count())
        return false;
    const QSize pixels = (QSizeF(pageRect(page).size()) * devicePixelRatioF()).toSize();
    return !m_renderer->image({ page, pixels, m_layout.rotation() }).isNull();
}

int PageView::renderedPages() const
{
    return m_renderer->rendersDone();
}

void PageView::updateWanted()
{
    QSet<int> wanted;
    const QRect view = viewport()->rect();
    for (int i = 0; i < m_layout.count(); ++i) {
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
            (void)m_renderer->image({ i, (QSizeF(r.size()) * dpr).toSize(), m_layout.rotation() });
    }
}

void PageView::showEvent(QShowEvent* event)
{
    m_renderer->setHidden(false);
    QAbstractScrollArea::showEvent(event);
    updateWanted(); // (hidden, it wanted none)
}

void PageView::hideEvent(QHideEvent* event)
{
    // Another tab was chosen (a minimised window keeps its pages: the system hid it, not the clerk).
    if (!event->spontaneous())
        m_renderer->setHidden(true);
    QAbstractScrollArea::hideEvent(event);
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
        if (a.page < 0 || a.page >= m_layout.count())
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
    for (int i = 0; i < m_layout.count(); ++i) {
        const QRect r = pageRect(i);
        if (r.bottom() < view.top())
            continue;
        if (r.top() > view.bottom())
            break;
        p.fillRect(r.translated(2, 2), QColor(0, 0, 0, 60));
        p.fillRect(r, Qt::white);
        const QSize pixels = (QSizeF(r.size()) * dpr).toSize();
        QImage img = m_renderer->image({ i, pixels, m_layout.rotation() });
        if (img.isNull())
            img = m_renderer->anyImage(i, m_layout.rotation()); // scaled stand-in until the sharp one arrives
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
        for (const Annotation& a : std::as_const(m_annotations))
            if (a.page == i && !m_gestures.hides(a.id))
                paintAnnotation(p, a, a.id == m_selected);
        m_gestures.paintPreview(p, i);
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
    if (m_layout.count() == 0) {
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
    if (a.page < 0 || a.page >= m_layout.count())
        return;
    AnnotationPainter::paintAnnotation(p, a, { pageToViewport(a.page), scale(), font() });
    if (selected) {
        p.save();
        p.setRenderHint(QPainter::Antialiasing);
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(palette().color(QPalette::Highlight), 1.5, Qt::DashLine));
        p.drawRect(viewRectOf(a).adjusted(-3, -3, 3, 3));
        p.setPen(QPen(palette().color(QPalette::Highlight), 1));
        p.setBrush(palette().color(QPalette::Base));
        p.drawRect(handleOf(a));
        p.restore();
    }
}

void PageView::mousePressEvent(QMouseEvent* event)
{
    setFocus(Qt::MouseFocusReason);
    if (event->button() != Qt::LeftButton || m_layout.count() == 0)
        return QAbstractScrollArea::mousePressEvent(event);
    m_gestures.press(event->position().toPoint());
}

void PageView::mouseMoveEvent(QMouseEvent* event)
{
    m_gestures.move(event->position().toPoint());
}

void PageView::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton)
        return QAbstractScrollArea::mouseReleaseEvent(event);
    m_gestures.release(event->position().toPoint());
}

void PageView::mouseDoubleClickEvent(QMouseEvent* event)
{
    const int hit = hitAnnotation(event->position().toPoint());
    if (hit >= 0 && !m_gestures.tool()) {
        m_gestures.cancel();
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
        setZoom(m_layout.zoom() * std::pow(1.15, steps), event->position().toPoint());
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
            setZoom(m_layout.zoom() * (1.0 + g->value()), g->position().toPoint());
            return true;
        }
    }
    if (event->type() == QEvent::Gesture) {
        auto* g = static_cast<QGestureEvent*>(event);
        if (auto* pinch = static_cast<QPinchGesture*>(g->gesture(Qt::PinchGesture))) {
            if (pinch->changeFlags() & QPinchGesture::ScaleFactorChanged)
                setZoom(m_layout.zoom() * pinch->scaleFactor(),
                    pinch->centerPoint().toPoint() - viewport()->mapToGlobal(QPoint()));
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
        && (m_gestures.active() || !m_selected.isEmpty() || !m_selectionText.isEmpty())) {
        m_gestures.cancel();
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
