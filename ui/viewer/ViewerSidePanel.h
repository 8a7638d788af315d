// The viewer's side panel: page thumbnails (filling the panel's width), the PDF's outline, the
// annotations (a list view over AnnotationListModel) and the search hits. It moves the page view
// where the clerk points; what an annotation row does (edit, menu) it leaves to the viewer.
#pragma once

#include <QImage>
#include <QTabWidget>

class QListView;
class QListWidget;
class QPdfBookmarkModel;
class QPdfSearchModel;
class QTreeView;

namespace clerk {

class AnnotationListModel;
class PageView;

class ViewerSidePanel : public QTabWidget
{
    Q_OBJECT
public:
    ViewerSidePanel(
        PageView* view, QPdfBookmarkModel* outline, AnnotationListModel* annotations, QWidget* parent = nullptr);

    QListView* annotationView() const { return m_annotations; }
    QListWidget* hitList() const { return m_hits; }

    void clear();
    // One thumbnail per page of the view's document, drawn when scrolled into sight; while the panel
    // is hidden (another tab shown) it keeps none.
    void setPageCount(int pages);
    void showCurrentPage(int page);
    void selectAnnotation(const QString& id);
    // The hits of `model` for `text`, as lines with their context.
    void showHits(QPdfSearchModel* model, const QString& text);
    void selectHit(int row); // then hitChosen

Q_SIGNALS:
    void annotationActivated(const QString& id);
    void annotationMenuRequested(const QString& id, const QPoint& globalPos);
    void hitChosen(int row);

public Q_SLOTS:
    void refreshThumbnails();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void hideEvent(QHideEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void buildThumbnails();
    void buildAnnotations(AnnotationListModel* model);
    void fitThumbnails();
    QSize thumbnailPixels(int page) const;
    void showThumbnail(int page, QSize pixels, const QImage& image);
    void updateAnnotationsTab();

    PageView* m_view = nullptr;
    QListWidget* m_thumbnails = nullptr;
    QTreeView* m_outline = nullptr;
    QListView* m_annotations = nullptr;
    QListWidget* m_hits = nullptr;
    int m_thumbWidth = 110; // pixels: the column's width, in steps of 20
    bool m_followingView = false;
};

} // namespace clerk
