#include "ViewerSidePanel.h"

#include "models/AnnotationListModel.h"
#include "ui/PageRenderer.h"
#include "ui/PageView.h"

#include <QEvent>
#include <QHideEvent>
#include <QListView>
#include <QListWidget>
#include <QPainter>
#include <QPdfBookmarkModel>
#include <QPdfSearchModel>
#include <QScrollBar>
#include <QTabBar>
#include <QTextDocumentFragment>
#include <QTimer>
#include <QTreeView>

namespace clerk {

ViewerSidePanel::ViewerSidePanel(
    PageView* view, QPdfBookmarkModel* outline, AnnotationListModel* annotations, QWidget* parent)
    : QTabWidget(parent)
    , m_view(view)
{
    setObjectName(QStringLiteral("viewerSidePanel"));
    setDocumentMode(true);
    buildThumbnails();

    m_outline = new QTreeView(this);
    m_outline->setObjectName(QStringLiteral("outline"));
    m_outline->setAccessibleName(tr("Outline"));
    m_outline->setModel(outline);
    m_outline->setHeaderHidden(true);
    connect(m_outline, &QTreeView::activated, this, [this](const QModelIndex& index) {
        const int page = index.data(int(QPdfBookmarkModel::Role::Page)).toInt();
        const QPointF location = index.data(int(QPdfBookmarkModel::Role::Location)).toPointF();
        m_view->goToPage(page, m_view->userFromQt(page, location));
    });
    connect(m_outline, &QTreeView::clicked, m_outline, &QTreeView::activated);
    addTab(m_outline, tr("Outline"));

    buildAnnotations(annotations);

    m_hits = new QListWidget(this);
    m_hits->setObjectName(QStringLiteral("hitList"));
    m_hits->setAccessibleName(tr("Search hits"));
    m_hits->setWordWrap(true);
    connect(m_hits, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0)
            Q_EMIT hitChosen(row);
    });
    addTab(m_hits, tr("Hits"));

    setMinimumWidth(150);
    // Whole words on the tabs; in a narrow panel the tab bar scrolls instead of cutting them.
    setUsesScrollButtons(true);
    tabBar()->setElideMode(Qt::ElideNone);
    tabBar()->setExpanding(false);
    for (int i = 0; i < count(); ++i)
        setTabToolTip(i, tabText(i));
}

void ViewerSidePanel::buildThumbnails()
{
    // One column of pages, each as wide as the column (less the scroll bar): the panel's width is
    // the clerk's choice of how large the thumbnails are.
    m_thumbnails = new QListWidget(this);
    m_thumbnails->setObjectName(QStringLiteral("thumbnails"));
    m_thumbnails->setAccessibleName(tr("Page thumbnails"));
    m_thumbnails->setViewMode(QListView::IconMode);
    m_thumbnails->setFlow(QListView::LeftToRight);
    m_thumbnails->setWrapping(true);
    m_thumbnails->setResizeMode(QListView::Adjust);
    m_thumbnails->setSpacing(4);
    m_thumbnails->setMovement(QListView::Static);
    m_thumbnails->setUniformItemSizes(true);
    m_thumbnails->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    m_thumbnails->viewport()->installEventFilter(this);
    connect(m_thumbnails, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0)
            m_view->goToPage(row);
    });
    connect(m_thumbnails->verticalScrollBar(), &QScrollBar::valueChanged, this, &ViewerSidePanel::refreshThumbnails);
    connect(m_view->renderer(), &PageRenderer::thumbnailRendered, this, &ViewerSidePanel::showThumbnail);
    fitThumbnails();
    addTab(m_thumbnails, tr("Pages"));
}

void ViewerSidePanel::buildAnnotations(AnnotationListModel* model)
{
    m_annotations = new QListView(this);
    m_annotations->setObjectName(QStringLiteral("annotationList"));
    m_annotations->setAccessibleName(tr("Annotations"));
    m_annotations->setWordWrap(true);
    m_annotations->setUniformItemSizes(false);
    m_annotations->setContextMenuPolicy(Qt::CustomContextMenu);
    m_annotations->setModel(model);
    connect(m_annotations->selectionModel(), &QItemSelectionModel::currentChanged, this,
        [this](const QModelIndex& current) {
            if (current.isValid() && !m_followingView)
                m_view->selectAnnotation(current.data(AnnotationListModel::IdRole).toString(), true);
        });
    connect(m_annotations, &QListView::activated, this, [this](const QModelIndex& index) {
        Q_EMIT annotationActivated(index.data(AnnotationListModel::IdRole).toString());
    });
    connect(m_annotations, &QListView::customContextMenuRequested, this, [this](const QPoint& pos) {
        const QModelIndex index = m_annotations->indexAt(pos);
        if (index.isValid())
            Q_EMIT annotationMenuRequested(
                index.data(AnnotationListModel::IdRole).toString(), m_annotations->viewport()->mapToGlobal(pos));
    });
    for (auto signal : { &QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved })
        connect(model, signal, this, &ViewerSidePanel::updateAnnotationsTab);
    connect(model, &QAbstractItemModel::modelReset, this, &ViewerSidePanel::updateAnnotationsTab);
    addTab(m_annotations, tr("Annotations"));
}

void ViewerSidePanel::updateAnnotationsTab()
{
    const int n = m_annotations->model()->rowCount();
    setTabText(indexOf(m_annotations), n == 0 ? tr("Annotations") : tr("Annotations (%1)").arg(n));
}

void ViewerSidePanel::clear()
{
    m_thumbnails->clear();
    QSignalBlocker block(m_hits);
    m_hits->clear();
}

void ViewerSidePanel::setPageCount(int pages)
{
    m_thumbnails->clear();
    for (int i = 0; i < pages; ++i) {
        auto* item = new QListWidgetItem(QString::number(i + 1), m_thumbnails);
        item->setTextAlignment(Qt::AlignHCenter);
    }
    fitThumbnails();
    QTimer::singleShot(0, this, &ViewerSidePanel::refreshThumbnails);
}

// In a tab the clerk is not looking at, the thumbnails go (the renderer keeps none either): eight
// open documents would otherwise hold their pictures all day. They render again when it shows.
void ViewerSidePanel::hideEvent(QHideEvent* event)
{
    if (!event->spontaneous()) // (a minimised window keeps them)
        for (int i = 0; i < m_thumbnails->count(); ++i)
            if (QListWidgetItem* item = m_thumbnails->item(i); !item->icon().isNull())
                item->setIcon({});
    QTabWidget::hideEvent(event);
}

void ViewerSidePanel::showEvent(QShowEvent* event)
{
    QTabWidget::showEvent(event);
    QTimer::singleShot(0, this, &ViewerSidePanel::refreshThumbnails);
}

bool ViewerSidePanel::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_thumbnails->viewport() && event->type() == QEvent::Resize)
        fitThumbnails();
    return QTabWidget::eventFilter(watched, event);
}

void ViewerSidePanel::fitThumbnails()
{
    // As many columns as make pages of at most 200 px, filling the panel's width; in steps of 20 px,
    // so that dragging the splitter does not render every page at every width on the way.
    const int available = m_thumbnails->viewport()->width();
    const int columns = std::max(1, (available + 199) / 200);
    const int column = available / columns - 4 * m_thumbnails->spacing();
    const int width = std::clamp(column / 20 * 20, 60, 200);
    const bool changed = width != m_thumbWidth || m_thumbnails->iconSize().width() != width;
    m_thumbWidth = width;
    if (!changed && m_thumbnails->count() > 0 && m_thumbnails->item(0)->sizeHint().isValid())
        return;
    const QSize icon(width, int(width * 1.42));
    m_thumbnails->setIconSize(icon);
    for (int i = 0; i < m_thumbnails->count(); ++i) {
        QListWidgetItem* item = m_thumbnails->item(i);
        item->setSizeHint(icon + QSize(8, m_thumbnails->fontMetrics().height() + 10));
        if (changed)
            item->setIcon({});
    }
    if (changed)
        QTimer::singleShot(0, this, &ViewerSidePanel::refreshThumbnails);
}

QSize ViewerSidePanel::thumbnailPixels(int page) const
{
    const QSizeF pts = m_view->qtPageSize(page);
    return (pts * (m_thumbWidth * devicePixelRatioF() / std::max(1.0, pts.width()))).toSize();
}

void ViewerSidePanel::refreshThumbnails()
{
    if (m_view->pageCount() == 0 || !isVisible())
        return;
    if (!m_view->isRendered(m_view->currentPage())) {
        // The page on screen first: one render thread, and a thumbnail in the way costs a page's time.
        QTimer::singleShot(50, this, &ViewerSidePanel::refreshThumbnails);
        return;
    }
    const QRect area = m_thumbnails->viewport()->rect();
    for (int i = 0; i < m_thumbnails->count() && i < m_view->pageCount(); ++i) {
        QListWidgetItem* item = m_thumbnails->item(i);
        if (!m_thumbnails->visualItemRect(item).intersects(area) || !item->icon().isNull())
            continue;
        m_view->renderer()->requestThumbnail(i, thumbnailPixels(i)); // (arrives by thumbnailRendered)
    }
}

void ViewerSidePanel::showThumbnail(int page, QSize pixels, const QImage& img)
{
    if (page >= m_thumbnails->count() || page >= m_view->pageCount())
        return;
    if (pixels != thumbnailPixels(page) || !isVisible())
        return; // another size is on its way, or the panel was hidden meanwhile (it asks again when shown)
    QImage paper(img.size(), QImage::Format_RGB32);
    paper.setDevicePixelRatio(devicePixelRatioF());
    paper.fill(Qt::white);
    QPainter p(&paper);
    p.drawImage(QPointF(0, 0), img);
    p.end();
    m_thumbnails->item(page)->setIcon(QIcon(QPixmap::fromImage(paper)));
}

void ViewerSidePanel::showCurrentPage(int page)
{
    QSignalBlocker block(m_thumbnails);
    m_thumbnails->setCurrentRow(page);
}

void ViewerSidePanel::selectAnnotation(const QString& id)
{
    const auto* model = static_cast<const AnnotationListModel*>(m_annotations->model());
    const QModelIndex index = model->indexOf(id);
    m_followingView = true; // the view selected it: no need to scroll the view there
    if (index.isValid())
        m_annotations->setCurrentIndex(index);
    else
        m_annotations->selectionModel()->clear();
    m_followingView = false;
}

void ViewerSidePanel::showHits(QPdfSearchModel* model, const QString& text)
{
    const int n = model->rowCount({});
    QSignalBlocker block(m_hits);
    m_hits->clear();
    for (int i = 0; i < n; ++i) {
        const QModelIndex index = model->index(i, 0);
        const int page = index.data(int(QPdfSearchModel::Role::Page)).toInt();
        const QString context = index.data(int(QPdfSearchModel::Role::ContextBefore)).toString()
            + QStringLiteral("<b>%1</b>").arg(text.toHtmlEscaped())
            + index.data(int(QPdfSearchModel::Role::ContextAfter)).toString();
        m_hits->addItem(tr("Page %1: %2").arg(page + 1).arg(QTextDocumentFragment::fromHtml(context).toPlainText()));
    }
    setTabText(indexOf(m_hits), text.isEmpty() ? tr("Hits") : tr("Hits (%1)").arg(n));
}

void ViewerSidePanel::selectHit(int row)
{
    if (m_hits->currentRow() == row)
        Q_EMIT hitChosen(row); // again: the view may have scrolled away
    else
        m_hits->setCurrentRow(row);
}

} // namespace clerk
