// The pages of one PDF, continuous, with the clerk's annotations drawn over them and the tools to
// make and edit them. Annotations are kept in PDF page space (core/pdf/Annotations.h); this view
// only maps them to the screen for the current zoom and rotation, so they sit on the same words at
// any zoom. Pages render in the background (PageRenderer); painting only draws what is cached,
// so scrolling never waits for PDFium.
#pragma once

#include "PageGestures.h"
#include "PageLayout.h"
#include "core/domain/Domain.h"
#include "core/pdf/Annotations.h"

#include <QAbstractScrollArea>
#include <QPointer>

class QPdfDocument;

namespace clerk {

class PageRenderer;

class PageView : public QAbstractScrollArea
{
    Q_OBJECT
public:
    enum class Fit { None, Width, Page };

    explicit PageView(QWidget* parent = nullptr);
    ~PageView() override;

    // `doc` (GUI thread) serves text selection; `boxes` and `rotations` are each page's displayed
    // box in PDF space and its /Rotate (from qpdf), `bytes` go to the render thread.
    void setDocument(
        QPdfDocument* doc, const QByteArray& bytes, const QList<QRectF>& boxes, const QList<int>& rotations);
    void clear();
    int pageCount() const { return m_layout.count(); }
    PageRenderer* renderer() const { return m_renderer; }

    double zoom() const { return m_layout.zoom(); }
    void setZoom(double zoom, const QPoint& anchor = {});
    Fit fit() const { return m_fit; }
    void setFit(Fit fit);
    int rotation() const { return m_layout.rotation(); }
    void rotate(int degrees);

    int currentPage() const;
    // Scrolls so that `userPoint` (PDF space; default: the top of the page) is at the top.
    void goToPage(int page, std::optional<QPointF> userPoint = std::nullopt);

    // The tool: the type a drag or click makes (its traits say how), or none for selecting.
    std::optional<AnnotationType> tool() const { return m_gestures.tool(); }
    void setTool(std::optional<AnnotationType> tool);
    void setStampKind(const QString& kind) { m_gestures.setStampKind(kind); }
    // The colour the clerk chose for new annotations (empty: each type's default).
    void setChosenColor(const QString& color) { m_gestures.setChosenColor(color); }

    void setAnnotations(const QList<Annotation>& annotations);
    const QList<Annotation>& annotations() const { return m_annotations; }
    QString selectedAnnotation() const { return m_selected; }
    void selectAnnotation(const QString& id, bool scrollTo = false);

    // Search hits: per page, rectangles in Qt PDF page points (as QPdfSearchModel gives them).
    void setSearchHits(const QHash<int, QList<QRectF>>& hits, int currentPage = -1, const QRectF& current = {});

    // Text selection (Select tool: drag over text).
    QString selectedText() const { return m_selectionText; }
    int selectionPage() const { return m_selectionPage; }
    // The selected lines as quads in PDF space (for highlight/underline/strike-out from a menu).
    QList<pdf::Quad> selectedQuads() const;
    void clearTextSelection();

    // Mapping, for painting and for tests: PDF space of `page` → viewport pixels.
    QTransform pageToViewport(int page) const;
    QRect pageRect(int page) const; // viewport coordinates
    int pageAt(const QPoint& viewportPos) const;
    // Qt PDF's page points (y down from the top of the unrotated page) ↔ PDF space.
    QPointF userFromQt(int page, QPointF qt) const;
    // Qt PDF's size of a page, as read at setDocument().
    QSizeF qtPageSize(int page) const;

    // True when the page is on screen in its final sharpness (not a stand-in).
    bool isRendered(int page);
    // Render statistics for the benchmark.
    int renderedPages() const;

Q_SIGNALS:
    // A new annotation the clerk just drew; the owner decides (asks for text, stores it).
    void annotationDrawn(const clerk::Annotation& annotation);
    void annotationChanged(const clerk::Annotation& before, const clerk::Annotation& after);
    void deleteRequested(const QString& id);
    void editRequested(const QString& id);
    void contextMenuRequested(const QString& id, const QPoint& globalPos);
    void annotationSelected(const QString& id);
    void textSelectionChanged();
    void currentPageChanged(int page);
    void zoomChanged(double zoom);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;
    void scrollContentsBy(int dx, int dy) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    bool viewportEvent(QEvent* event) override;
    void focusInEvent(QFocusEvent* event) override;
    void focusOutEvent(QFocusEvent* event) override;

private:
    double scale() const; // viewport pixels per point
    void relayout();
    void updateScrollBars();
    void updateWanted();
    int hitAnnotation(const QPoint& pos) const; // index in m_annotations or -1
    QRectF viewRectOf(const Annotation& a) const;
    QRectF handleOf(const Annotation& a) const;
    QPointF toUser(int page, const QPoint& viewportPos) const;
    QPointF toQt(int page, const QPoint& viewportPos) const;
    void paintAnnotation(QPainter& p, const Annotation& a, bool selected) const;

    QPointer<QPdfDocument> m_doc;
    PageRenderer* m_renderer = nullptr;
    PageLayout m_layout;
    Fit m_fit = Fit::Width;
    int m_lastPage = -1;

    QList<Annotation> m_annotations;
    QString m_selected;
    QHash<int, QList<QRectF>> m_hits;
    int m_currentHitPage = -1;
    QRectF m_currentHit;

    friend class PageGestures; // the mouse's side of this view
    PageGestures m_gestures { *this };
    QString m_selectionText;
    QList<QPolygonF> m_selectionBounds; // Qt PDF page points
    int m_selectionPage = -1;
};

} // namespace clerk
