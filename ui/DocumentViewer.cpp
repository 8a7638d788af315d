#include "DocumentViewer.h"

#include "DocumentExports.h"
#include "PageRenderer.h"
#include "PageView.h"
#include "UiLogging.h"
#include "core/pdf/AnnotationHistory.h"
#include "core/pdf/Annotations.h"
#include "core/pdf/PdfExport.h"
#include "core/pdf/PdfLoad.h"
#include "core/pdf/Xfdf.h"
#include "core/store/Store.h"
#include "models/DateText.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QBuffer>
#include <QClipboard>
#include <QColorDialog>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QImage>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QPdfBookmarkModel>
#include <QPdfDocument>
#include <QPdfSearchModel>
#include <QPixmap>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabBar>
#include <QTabWidget>
#include <QTextDocumentFragment>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>
#include <QUndoStack>
#include <QVBoxLayout>

namespace clerk {

namespace {
QToolButton* button(QWidget* parent, const QString& text, const QString& tip, const QKeySequence& key = {})
{
    auto* b = new QToolButton(parent);
    b->setText(text);
    b->setToolTip(key.isEmpty() ? tip : QStringLiteral("%1 (%2)").arg(tip, key.toString(QKeySequence::NativeText)));
    b->setAccessibleName(tip);
    b->setAutoRaise(true);
    if (!key.isEmpty())
        b->setShortcut(key);
    return b;
}

QIcon colorIcon(const QColor& c)
{
    QPixmap pm(14, 14);
    pm.fill(c);
    QPainter p(&pm);
    p.setPen(Qt::darkGray);
    p.drawRect(0, 0, 13, 13);
    return QIcon(pm);
}

struct Palette
{
    const char* color;
    const char* name;
};
// Colours with names: the name is said to screen readers and shown in menus (not colour alone).
constexpr Palette kPalette[] = { { "#ffd400", QT_TRANSLATE_NOOP("clerk::DocumentViewer", "Yellow") },
    { "#2ea043", QT_TRANSLATE_NOOP("clerk::DocumentViewer", "Green") },
    { "#1f6fd1", QT_TRANSLATE_NOOP("clerk::DocumentViewer", "Blue") },
    { "#d12f1f", QT_TRANSLATE_NOOP("clerk::DocumentViewer", "Red") },
    { "#8e44ad", QT_TRANSLATE_NOOP("clerk::DocumentViewer", "Purple") },
    { "#1a1a1a", QT_TRANSLATE_NOOP("clerk::DocumentViewer", "Black") } };
} // namespace

DocumentViewer::DocumentViewer(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("DocumentViewer"));
    setAccessibleName(tr("Document viewer"));
    m_exports = new DocumentExports(*this);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);

    m_document = new QPdfDocument(this);
    m_searchModel = new QPdfSearchModel(this);
    m_searchModel->setDocument(m_document);
    m_outline = new QPdfBookmarkModel(this);
    m_outline->setDocument(m_document);

    m_pages = new QStackedWidget(this);
    m_view = new PageView(m_pages);
    m_pages->addWidget(m_view);
    m_imageArea = new QScrollArea(m_pages);
    m_imageArea->setAccessibleName(tr("Image"));
    m_image = new QLabel(m_imageArea);
    m_image->setAlignment(Qt::AlignCenter);
    m_imageArea->setWidget(m_image);
    m_imageArea->setWidgetResizable(true);
    m_pages->addWidget(m_imageArea);
    m_message = new QLabel(m_pages);
    m_message->setObjectName(QStringLiteral("viewerMessage"));
    m_message->setWordWrap(true);
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setMargin(24);
    m_pages->addWidget(m_message);

    layout->addLayout(buildToolbar());
    buildTools();
    layout->addWidget(m_toolsBar);
    buildSidePanel();
    auto* split = new QSplitter(this);
    split->addWidget(m_side);
    split->addWidget(m_pages);
    split->setStretchFactor(1, 1);
    split->setSizes({ 280, 700 });
    layout->addWidget(split, 1);

    connect(m_view, &PageView::annotationDrawn, this, &DocumentViewer::onDrawn);
    connect(m_view, &PageView::annotationChanged, this, [this](const Annotation& before, const Annotation& after) {
        if (m_history)
            if (Status s = m_history->change(before, after); !s)
                report(s.error());
    });
    connect(m_view, &PageView::deleteRequested, this, &DocumentViewer::deleteAnnotation);
    connect(m_view, &PageView::editRequested, this, &DocumentViewer::editText);
    connect(m_view, &PageView::contextMenuRequested, this, &DocumentViewer::showAnnotationMenu);
    connect(m_view, &PageView::annotationSelected, this, [this](const QString& id) {
        for (int i = 0; i < m_annotationList->count(); ++i)
            if (m_annotationList->item(i)->data(Qt::UserRole).toString() == id) {
                QSignalBlocker block(m_annotationList);
                m_annotationList->setCurrentRow(i);
            }
    });
    connect(m_view, &PageView::currentPageChanged, this, [this](int page) {
        QSignalBlocker block(m_page);
        m_page->setValue(page + 1);
        QSignalBlocker blockThumbs(m_thumbnails);
        m_thumbnails->setCurrentRow(page);
    });
    connect(m_view, &PageView::zoomChanged, this, &DocumentViewer::updateZoomBox);
    connect(m_view->renderer(), &PageRenderer::thumbnailRendered, this, [this](int page) {
        if (page < m_thumbnails->count() && m_view->pageCount() > page) {
            const QSizeF pts = m_view->qtPageSize(page);
            const QSize px = (pts * (110.0 / std::max(1.0, pts.width()))).toSize();
            const QImage img = m_view->renderer()->thumbnail(page, px);
            if (!img.isNull()) {
                QImage paper(img.size(), QImage::Format_RGB32);
                paper.fill(Qt::white);
                QPainter p(&paper);
                p.drawImage(0, 0, img);
                m_thumbnails->item(page)->setIcon(QIcon(QPixmap::fromImage(paper)));
            }
        }
    });
    connect(m_searchModel, &QAbstractItemModel::rowsInserted, this, &DocumentViewer::updateHitList);
    connect(m_searchModel, &QAbstractItemModel::modelReset, this, &DocumentViewer::updateHitList);
}

DocumentViewer::~DocumentViewer()
{
    delete m_pages; // the view goes before the document it shows
}

QLayout* DocumentViewer::buildToolbar()
{
    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(4, 2, 4, 0);
    auto* back = button(this, tr("← Request"), tr("Back to the request"), QKeySequence(Qt::Key_Escape));
    back->setAutoRaise(false);
    connect(back, &QToolButton::clicked, this, &DocumentViewer::closeRequested);
    bar->addWidget(back);
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("viewerTitle"));
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    bar->addWidget(m_title, 1);

    auto* out = button(this, QStringLiteral("−"), tr("Zoom out"), QKeySequence::ZoomOut);
    auto* in = button(this, QStringLiteral("+"), tr("Zoom in"), QKeySequence::ZoomIn);
    connect(out, &QToolButton::clicked, this, &DocumentViewer::zoomOut);
    connect(in, &QToolButton::clicked, this, &DocumentViewer::zoomIn);
    m_zoom = new QComboBox(this);
    m_zoom->setObjectName(QStringLiteral("zoomBox"));
    m_zoom->setAccessibleName(tr("Zoom"));
    m_zoom->setEditable(true);
    m_zoom->addItem(tr("Fit width"), -1);
    m_zoom->addItem(tr("Fit page"), -2);
    for (int percent : { 50, 75, 100, 125, 150, 200, 300, 400 })
        m_zoom->addItem(QStringLiteral("%1 %").arg(percent), percent);
    m_zoom->setMinimumContentsLength(8);
    connect(m_zoom, &QComboBox::activated, this, [this](int index) {
        const int v = m_zoom->itemData(index).toInt();
        if (v == -1)
            fitWidth();
        else if (v == -2)
            fitPage();
        else if (v > 0)
            m_view->setZoom(v / 100.0);
    });
    connect(m_zoom->lineEdit(), &QLineEdit::returnPressed, this, [this] {
        bool ok = false;
        const double v = QString(m_zoom->currentText()).remove(QLatin1Char('%')).trimmed().toDouble(&ok);
        if (ok && v >= 10 && v <= 800)
            m_view->setZoom(v / 100.0);
        updateZoomBox();
    });
    auto* rotLeft = button(
        this, QStringLiteral("⟲"), tr("Rotate counter-clockwise"), QKeySequence(Qt::CTRL | Qt::Key_BracketLeft));
    auto* rotRight
        = button(this, QStringLiteral("⟳"), tr("Rotate clockwise"), QKeySequence(Qt::CTRL | Qt::Key_BracketRight));
    connect(rotLeft, &QToolButton::clicked, this, &DocumentViewer::rotateCounterClockwise);
    connect(rotRight, &QToolButton::clicked, this, &DocumentViewer::rotateClockwise);
    for (QWidget* w : std::initializer_list<QWidget*> { out, m_zoom, in, rotLeft, rotRight })
        bar->addWidget(w);

    m_page = new QSpinBox(this);
    m_page->setObjectName(QStringLiteral("pageJump"));
    m_page->setAccessibleName(tr("Page"));
    m_page->setPrefix(tr("Page "));
    m_page->setMinimum(1);
    m_page->setKeyboardTracking(false);
    bar->addWidget(m_page);
    m_pageTotal = new QLabel(this);
    bar->addWidget(m_pageTotal);
    connect(m_page, &QSpinBox::valueChanged, this, [this](int p) { m_view->goToPage(p - 1); });

    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("viewerSearch"));
    m_search->setPlaceholderText(tr("Find in document"));
    m_search->setAccessibleName(tr("Find in document"));
    m_search->setClearButtonEnabled(true);
    m_search->setMaximumWidth(200);
    bar->addWidget(m_search);
    auto* prev = button(this, QStringLiteral("▲"), tr("Previous hit"), QKeySequence(Qt::SHIFT | Qt::Key_F3));
    auto* next = button(this, QStringLiteral("▼"), tr("Next hit"), QKeySequence(Qt::Key_F3));
    connect(prev, &QToolButton::clicked, this, &DocumentViewer::previousHit);
    connect(next, &QToolButton::clicked, this, &DocumentViewer::nextHit);
    bar->addWidget(prev);
    bar->addWidget(next);
    m_hits = new QLabel(this);
    bar->addWidget(m_hits);

    auto* print = button(this, tr("Print…"), tr("Print with annotations"), QKeySequence::Print);
    connect(print, &QToolButton::clicked, this, &DocumentViewer::printDialog);
    bar->addWidget(print);
    m_exportButton = button(this, tr("Export"), tr("Export a copy of this document"));
    m_exportButton->setPopupMode(QToolButton::InstantPopup);
    auto* exportMenu = new QMenu(m_exportButton);
    exportMenu->addAction(tr("Annotated copy (PDF)…"), this, [this] { exportAnnotated(false); });
    exportMenu->addAction(tr("Annotated copy, flattened (PDF)…"), this, [this] { exportAnnotated(true); });
    exportMenu->addAction(tr("Redacted copy (PDF)…"), this, &DocumentViewer::exportRedacted);
    exportMenu->addSeparator();
    exportMenu->addAction(tr("Annotations as XFDF…"), this, &DocumentViewer::exportXfdf);
    exportMenu->addAction(tr("Import annotations from XFDF…"), this, &DocumentViewer::importXfdfFile);
    m_exportButton->setMenu(exportMenu);
    bar->addWidget(m_exportButton);

    auto* debounce = new QTimer(this);
    debounce->setSingleShot(true);
    debounce->setInterval(200);
    connect(m_search, &QLineEdit::textChanged, debounce, qOverload<>(&QTimer::start));
    connect(debounce, &QTimer::timeout, this, [this] { search(m_search->text()); });
    connect(m_search, &QLineEdit::returnPressed, this, &DocumentViewer::nextHit);
    return bar;
}

void DocumentViewer::buildTools()
{
    m_toolsBar = new QWidget(this);
    m_toolsBar->setObjectName(QStringLiteral("annotationTools"));
    m_toolsBar->setAccessibleName(tr("Annotation tools"));
    auto* bar = new QHBoxLayout(m_toolsBar);
    bar->setContentsMargins(4, 0, 4, 0);
    m_tools = new QActionGroup(this);
    struct Def
    {
        PageView::Tool tool;
        const char* name;
        QString text;
        QString tip;
        Qt::Key key;
    };
    const QList<Def> defs {
        { PageView::Tool::Select, "select", tr("Select"),
            tr("Select, move and resize annotations; drag over text to select it"), Qt::Key_V },
        { PageView::Tool::Highlight, "highlight", tr("Highlight"), tr("Highlight text: drag over it"), Qt::Key_H },
        { PageView::Tool::Underline, "underline", tr("Underline"), tr("Underline text: drag over it"), Qt::Key_U },
        { PageView::Tool::StrikeOut, "strikeout", tr("Strike out"), tr("Strike out text: drag over it"), Qt::Key_S },
        { PageView::Tool::Note, "note", tr("Note"), tr("Sticky note: click where it belongs"), Qt::Key_N },
        { PageView::Tool::FreeText, "freetext", tr("Text"), tr("Text on the page: drag a box or click"), Qt::Key_T },
        { PageView::Tool::Ink, "ink", tr("Draw"), tr("Draw freehand"), Qt::Key_D },
        { PageView::Tool::Rect, "rect", tr("Rectangle"), tr("Rectangle: drag it"), Qt::Key_R },
        { PageView::Tool::Stamp, "stamp", tr("Stamp"), tr("Stamp with your name and today's date: click where it goes"),
            Qt::Key_P },
        { PageView::Tool::Redact, "redact", tr("Redact"),
            tr("Mark an area for redaction: drag over it (applied only in a redacted copy)"), Qt::Key_X },
    };
    for (const Def& d : defs) {
        auto* action = new QAction(d.text, this);
        action->setObjectName(QLatin1String("tool_") + QLatin1String(d.name));
        action->setCheckable(true);
        action->setShortcut(QKeySequence(d.key));
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        action->setToolTip(
            QStringLiteral("%1 (%2)").arg(d.tip, QKeySequence(d.key).toString(QKeySequence::NativeText)));
        action->setData(int(d.tool));
        m_tools->addAction(action);
        addAction(action);
        auto* b = new QToolButton(m_toolsBar);
        b->setDefaultAction(action);
        b->setAutoRaise(true);
        b->setAccessibleName(d.text);
        b->setAccessibleDescription(d.tip);
        b->setToolButtonStyle(Qt::ToolButtonTextOnly);
        if (d.tool == PageView::Tool::Stamp) {
            auto* menu = new QMenu(b);
            auto* kinds = new QActionGroup(menu);
            for (const QString& kind : pdf::stampKinds()) {
                QAction* k = menu->addAction(pdf::stampLabel(kind));
                k->setObjectName(QLatin1String("stamp_") + kind);
                k->setCheckable(true);
                k->setChecked(kind == QLatin1String("checked"));
                kinds->addAction(k);
                connect(k, &QAction::triggered, this, [this, action, kind] {
                    m_view->setStampKind(kind);
                    action->setChecked(true);
                    m_view->setTool(PageView::Tool::Stamp);
                });
            }
            b->setMenu(menu);
            b->setPopupMode(QToolButton::MenuButtonPopup);
        }
        bar->addWidget(b);
        if (d.tool == PageView::Tool::Select)
            action->setChecked(true);
    }
    connect(m_tools, &QActionGroup::triggered, this, [this](QAction* a) {
        m_view->setTool(PageView::Tool(a->data().toInt()));
        // With text already selected, the markup tools mark it at once.
        const auto tool = PageView::Tool(a->data().toInt());
        if (!m_view->selectedText().isEmpty()
            && (tool == PageView::Tool::Highlight || tool == PageView::Tool::Underline
                || tool == PageView::Tool::StrikeOut))
            markSelection(tool == PageView::Tool::Highlight ? QStringLiteral("highlight")
                    : tool == PageView::Tool::Underline     ? QStringLiteral("underline")
                                                            : QStringLiteral("strikeout"));
    });

    m_colorButton = new QToolButton(m_toolsBar);
    m_colorButton->setObjectName(QStringLiteral("colorButton"));
    m_colorButton->setText(tr("Colour"));
    m_colorButton->setToolTip(tr("Colour of new annotations and of the selected one"));
    m_colorButton->setAccessibleName(tr("Colour"));
    m_colorButton->setPopupMode(QToolButton::InstantPopup);
    m_colorButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_colorButton->setAutoRaise(true);
    auto* colors = new QMenu(m_colorButton);
    for (const Palette& p : kPalette) {
        const QString color = QString::fromLatin1(p.color);
        colors->addAction(colorIcon(QColor::fromString(color)), tr(p.name), this, [this, color, p] {
            m_color = color;
            m_view->setInkColor(color);
            m_colorButton->setIcon(colorIcon(QColor::fromString(color)));
            m_colorButton->setText(tr(p.name));
            if (!m_view->selectedAnnotation().isEmpty())
                recolor(m_view->selectedAnnotation(), color);
        });
    }
    m_colorButton->setMenu(colors);
    bar->addWidget(m_colorButton);
    bar->addStretch(1);

    // Actions (not button shortcuts, which click with a delay) so that Ctrl+Z acts at once.
    auto* undoAction = new QAction(tr("Undo"), this);
    undoAction->setObjectName(QStringLiteral("undoAction"));
    undoAction->setShortcut(QKeySequence::Undo);
    undoAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    undoAction->setToolTip(tr("Undo the last annotation change (%1)")
            .arg(QKeySequence(QKeySequence::Undo).toString(QKeySequence::NativeText)));
    auto* redoAction = new QAction(tr("Redo"), this);
    redoAction->setObjectName(QStringLiteral("redoAction"));
    redoAction->setShortcut(QKeySequence::Redo);
    redoAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    redoAction->setToolTip(tr("Redo (%1)").arg(QKeySequence(QKeySequence::Redo).toString(QKeySequence::NativeText)));
    addAction(undoAction);
    addAction(redoAction);
    connect(undoAction, &QAction::triggered, this, [this] {
        if (m_history)
            m_history->stack()->undo();
    });
    connect(redoAction, &QAction::triggered, this, [this] {
        if (m_history)
            m_history->stack()->redo();
    });
    auto* undo = new QToolButton(m_toolsBar);
    undo->setDefaultAction(undoAction);
    undo->setAutoRaise(true);
    auto* redo = new QToolButton(m_toolsBar);
    redo->setDefaultAction(redoAction);
    redo->setAutoRaise(true);
    bar->addWidget(undo);
    bar->addWidget(redo);
}

void DocumentViewer::buildSidePanel()
{
    m_side = new QTabWidget(this);
    m_side->setObjectName(QStringLiteral("viewerSidePanel"));
    m_side->setDocumentMode(true);
    m_thumbnails = new QListWidget(m_side);
    m_thumbnails->setObjectName(QStringLiteral("thumbnails"));
    m_thumbnails->setAccessibleName(tr("Page thumbnails"));
    m_thumbnails->setViewMode(QListView::IconMode);
    m_thumbnails->setFlow(QListView::LeftToRight);
    m_thumbnails->setWrapping(true);
    m_thumbnails->setResizeMode(QListView::Adjust);
    m_thumbnails->setSpacing(4);
    m_thumbnails->setIconSize(QSize(110, 156));
    m_thumbnails->setMovement(QListView::Static);
    m_thumbnails->setUniformItemSizes(true);
    connect(m_thumbnails, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0)
            m_view->goToPage(row);
    });
    connect(m_thumbnails->verticalScrollBar(), &QScrollBar::valueChanged, this, &DocumentViewer::refreshThumbnails);
    m_side->addTab(m_thumbnails, tr("Pages"));

    m_outlineView = new QTreeView(m_side);
    m_outlineView->setObjectName(QStringLiteral("outline"));
    m_outlineView->setAccessibleName(tr("Outline"));
    m_outlineView->setModel(m_outline);
    m_outlineView->setHeaderHidden(true);
    connect(m_outlineView, &QTreeView::activated, this, [this](const QModelIndex& index) {
        const int page = index.data(int(QPdfBookmarkModel::Role::Page)).toInt();
        const QPointF location = index.data(int(QPdfBookmarkModel::Role::Location)).toPointF();
        m_view->goToPage(page, m_view->userFromQt(page, location));
    });
    connect(m_outlineView, &QTreeView::clicked, m_outlineView, &QTreeView::activated);
    m_side->addTab(m_outlineView, tr("Outline"));

    m_annotationList = new QListWidget(m_side);
    m_annotationList->setObjectName(QStringLiteral("annotationList"));
    m_annotationList->setAccessibleName(tr("Annotations"));
    m_annotationList->setWordWrap(true);
    m_annotationList->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_annotationList, &QListWidget::currentItemChanged, this, [this](QListWidgetItem* item) {
        if (item)
            m_view->selectAnnotation(item->data(Qt::UserRole).toString(), true);
    });
    connect(m_annotationList, &QListWidget::itemActivated, this,
        [this](QListWidgetItem* item) { editText(item->data(Qt::UserRole).toString()); });
    connect(m_annotationList, &QListWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
        if (QListWidgetItem* item = m_annotationList->itemAt(pos))
            showAnnotationMenu(item->data(Qt::UserRole).toString(), m_annotationList->viewport()->mapToGlobal(pos));
    });
    m_side->addTab(m_annotationList, tr("Annotations"));

    m_hitList = new QListWidget(m_side);
    m_hitList->setObjectName(QStringLiteral("hitList"));
    m_hitList->setAccessibleName(tr("Search hits"));
    m_hitList->setWordWrap(true);
    connect(m_hitList, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row < 0 || row >= m_searchModel->rowCount({}))
            return;
        m_currentHit = row;
        const QPdfLink link = m_searchModel->resultAtIndex(row);
        m_view->setSearchHits(m_hitRects, link.page(), link.rectangles().value(0));
        const QRectF r = link.rectangles().value(0);
        m_view->goToPage(link.page(), m_view->userFromQt(link.page(), r.topLeft()));
        m_hits->setText(tr("hit %1 of %2").arg(row + 1).arg(m_searchModel->rowCount({})));
    });
    m_side->addTab(m_hitList, tr("Hits"));
    m_side->setMinimumWidth(150);
    m_side->setUsesScrollButtons(false);
    m_side->tabBar()->setElideMode(Qt::ElideRight); // all four tabs stay reachable in a narrow panel
    for (int i = 0; i < m_side->count(); ++i)
        m_side->setTabToolTip(i, m_side->tabText(i));
}

void DocumentViewer::setStore(Store* store, const QString& clerk)
{
    m_store = store;
    m_clerk = clerk;
    delete m_history;
    m_history = nullptr;
    if (!store)
        return;
    m_history = new AnnotationHistory(*store, clerk, this);
    connect(m_history, &AnnotationHistory::annotationsChanged, this, [this](const QString& documentId) {
        if (documentId == m_documentId)
            reloadAnnotations();
    });
    connect(m_history, &AnnotationHistory::failed, this, &DocumentViewer::report);
    // Colleagues' annotations arriving by sync.
    connect(store, &Store::documentsChanged, this, [this](const QStringList& ids) {
        if (!m_documentId.isEmpty() && (ids.isEmpty() || ids.contains(m_documentId)))
            reloadAnnotations();
    });
}

void DocumentViewer::showMessage(const QString& title, const QString& message)
{
    m_title->setText(title);
    m_message->setText(message);
    m_pages->setCurrentWidget(m_message);
    m_toolsBar->setEnabled(false);
    m_exportButton->setEnabled(false);
}

std::optional<QString> DocumentViewer::askPassword(int attempt)
{
    if (m_askPassword)
        return m_askPassword(attempt);
    return DocumentExports::askPassword(this, attempt);
}

std::optional<QString> DocumentViewer::askText(const QString& title, const QString& current)
{
    if (m_askText)
        return m_askText(title, current);
    bool ok = false;
    const QString text = QInputDialog::getMultiLineText(this, title, tr("Text:"), current, &ok);
    if (!ok)
        return std::nullopt;
    return text;
}

bool DocumentViewer::open(
    const QString& title, const QString& mimeType, const QByteArray& bytes, const QString& documentId)
{
    m_title->setText(title);
    m_search->clear();
    m_hits->clear();
    m_hitList->clear();
    m_currentHit = -1;
    m_documentId = documentId;
    if (m_history)
        m_history->clear();
    m_searchModel->setSearchString({});
    m_view->clear();
    m_document->close();
    m_thumbnails->clear();
    m_annotationList->clear();
    if (mimeType.startsWith(QLatin1String("image/"))) {
        QImage img;
        if (!img.loadFromData(bytes)) {
            showMessage(title, tr("This image is damaged and cannot be shown."));
            return false;
        }
        m_image->setPixmap(QPixmap::fromImage(img));
        m_pages->setCurrentWidget(m_imageArea);
        m_toolsBar->setEnabled(false);
        m_exportButton->setEnabled(false);
        m_side->setVisible(false);
        return true;
    }
    m_side->setVisible(true);
    return loadPdf(title, bytes);
}

bool DocumentViewer::loadPdf(const QString& title, const QByteArray& bytes)
{
    delete m_buffer;
    m_buffer = new QBuffer(this);
    m_buffer->setData(bytes);
    m_buffer->open(QIODevice::ReadOnly);
    m_document->setPassword({});
    bool ready = pdf::loadAndWait(*m_document, m_buffer, 15000);
    for (int attempt = 0; !ready && m_document->error() == QPdfDocument::Error::IncorrectPassword && attempt < 5;
        ++attempt) {
        const auto password = askPassword(attempt);
        if (!password) {
            showMessage(title,
                tr("This PDF is protected by a password. Open it again and enter the password, or ask "
                   "the applicant for an unprotected copy."));
            return false;
        }
        m_document->close();
        m_buffer->seek(0);
        m_document->setPassword(*password);
        ready = pdf::loadAndWait(*m_document, m_buffer, 15000);
    }
    const QString noPages
        = tr("This PDF has no pages. The original is kept unchanged; ask the applicant to send it again.");
    if (!ready) {
        const bool password = m_document->error() == QPdfDocument::Error::IncorrectPassword;
        // Qt PDF may refuse a file without pages as if it were damaged; qpdf tells the two apart.
        const bool empty = !password && [&bytes] {
            const auto read = pdf::PdfExport::info(bytes);
            return read && !read->encrypted && read->pages == 0;
        }();
        showMessage(title,
            password    ? tr("This PDF is protected by a password that was not given. Ask the applicant for an "
                                "unprotected copy.")
                : empty ? noPages
                        : tr("This PDF is damaged and cannot be shown. The original is kept unchanged; "
                             "ask the applicant to send it again."));
        return false;
    }
    if (m_document->pageCount() == 0) {
        showMessage(title, noPages);
        return false;
    }
    m_bytes = bytes;
    // Page boxes (in PDF user space, where a CropBox need not start at 0,0: annotations are stored
    // there, as XFDF and the exports take them) and rotations from qpdf; a file qpdf cannot read
    // (e.g. encrypted) or whose page count qpdf and Qt PDF disagree on falls back to the sizes Qt PDF
    // reports, unrotated (the redacted copy refuses such a file: PdfExport::redacted).
    QList<QRectF> boxes;
    QList<int> rotations;
    auto info = pdf::PdfExport::info(bytes);
    if (info && info->pages == m_document->pageCount() && !info->encrypted) {
        boxes = info->pageBoxes;
        rotations = info->rotations;
    } else {
        for (int i = 0; i < m_document->pageCount(); ++i) {
            boxes << QRectF(QPointF(0, 0), m_document->pagePointSize(i));
            rotations << 0;
        }
    }
    m_view->setDocument(m_document, bytes, boxes, rotations);
    m_page->setMaximum(m_document->pageCount());
    m_page->setValue(1);
    m_pageTotal->setText(tr("of %1").arg(m_document->pageCount()));
    for (int i = 0; i < m_document->pageCount(); ++i) {
        auto* item = new QListWidgetItem(QString::number(i + 1), m_thumbnails);
        item->setTextAlignment(Qt::AlignHCenter);
        item->setSizeHint(QSize(130, 185));
    }
    m_pages->setCurrentWidget(m_view);
    const bool canAnnotate = m_history && !m_documentId.isEmpty();
    m_toolsBar->setEnabled(canAnnotate);
    m_toolsBar->setToolTip(canAnnotate ? QString() : tr("Annotations need a document of a request"));
    m_exportButton->setEnabled(true);
    m_view->setFit(PageView::Fit::Width);
    reloadAnnotations();
    QTimer::singleShot(0, this, &DocumentViewer::refreshThumbnails);
    return true;
}

void DocumentViewer::refreshThumbnails()
{
    if (m_view->pageCount() == 0 || !m_side->isVisible())
        return;
    if (!m_view->isRendered(m_view->currentPage())) {
        // The page on screen first: one render thread, and a thumbnail in the way costs a page's time.
        QTimer::singleShot(50, this, &DocumentViewer::refreshThumbnails);
        return;
    }
    const QRect area = m_thumbnails->viewport()->rect();
    for (int i = 0; i < m_thumbnails->count(); ++i) {
        QListWidgetItem* item = m_thumbnails->item(i);
        if (!m_thumbnails->visualItemRect(item).intersects(area) || !item->icon().isNull())
            continue;
        const QSizeF pts = m_view->qtPageSize(i);
        const QSize px = (pts * (110.0 / std::max(1.0, pts.width()))).toSize();
        (void)m_view->renderer()->thumbnail(i, px); // arrives by thumbnailRendered
    }
}

QList<Annotation> DocumentViewer::annotations() const
{
    return m_view->annotations();
}

QAction* DocumentViewer::toolAction(const QString& tool) const
{
    return findChild<QAction*>(QLatin1String("tool_") + tool);
}

void DocumentViewer::reloadAnnotations()
{
    if (!m_store || m_documentId.isEmpty() || !m_store->isUnlocked()) {
        m_view->setAnnotations({});
        refreshAnnotationList();
        return;
    }
    m_view->setAnnotations(m_store->annotations().of(m_documentId).valueOrEmpty(lcUi, "reading the annotations"));
    refreshAnnotationList();
}

void DocumentViewer::refreshAnnotationList()
{
    const QString selected = m_view->selectedAnnotation();
    QSignalBlocker block(m_annotationList);
    m_annotationList->clear();
    QList<Annotation> sorted = m_view->annotations();
    std::sort(sorted.begin(), sorted.end(), [](const Annotation& a, const Annotation& b) {
        const QRectF ra = pdf::Geometry::rect(a), rb = pdf::Geometry::rect(b);
        return a.page != b.page ? a.page < b.page : ra.bottom() > rb.bottom(); // reading order: top first
    });
    for (const Annotation& a : std::as_const(sorted)) {
        const QString when = datetext::dateTime(a.modifiedAt.isValid() ? a.modifiedAt : a.createdAt);
        QString line = tr("%1 · page %2").arg(pdf::typeName(a.type)).arg(a.page + 1);
        if (a.type == QLatin1String("stamp"))
            line = tr("Stamp “%1” · page %2").arg(a.text).arg(a.page + 1);
        line += QLatin1Char('\n') + tr("%1, %2").arg(a.author.isEmpty() ? tr("unknown") : a.author, when);
        if (!a.text.isEmpty() && a.type != QLatin1String("stamp"))
            line += QLatin1Char('\n') + a.text.left(120);
        auto* item = new QListWidgetItem(colorIcon(pdf::colorOf(a)), line, m_annotationList);
        item->setData(Qt::UserRole, a.id);
        item->setToolTip(line);
        if (a.id == selected)
            m_annotationList->setCurrentItem(item);
    }
    m_side->setTabText(m_side->indexOf(m_annotationList),
        sorted.isEmpty() ? tr("Annotations") : tr("Annotations (%1)").arg(sorted.size()));
}

void DocumentViewer::report(const Error& error)
{
    QMessageBox::warning(this, tr("Annotation not saved"), tr("The change could not be saved: %1").arg(error.message));
}

void DocumentViewer::onDrawn(const Annotation& drawn)
{
    if (!m_history || m_documentId.isEmpty())
        return;
    Annotation a = drawn;
    a.documentId = m_documentId;
    // The chosen colour applies to everything but stamps, notes and redaction marks, which keep
    // their own (a redaction mark must never look like an ordinary annotation).
    if (!m_color.isEmpty() && a.type != QLatin1String("redact") && a.type != QLatin1String("stamp")
        && a.type != QLatin1String("note"))
        a.color = m_color;
    if (a.type == QLatin1String("note") || a.type == QLatin1String("freetext")) {
        const auto text = askText(a.type == QLatin1String("note") ? tr("Sticky note") : tr("Text on the page"), {});
        if (!text || text->trimmed().isEmpty())
            return;
        a.text = *text;
    }
    auto added = m_history->add(a);
    if (added)
        m_view->selectAnnotation(added->id);
}

void DocumentViewer::markSelection(const QString& type)
{
    if (!m_history || m_documentId.isEmpty() || m_view->selectionPage() < 0)
        return;
    Annotation a;
    a.type = type;
    a.page = m_view->selectionPage();
    a.documentId = m_documentId;
    a.color = type == QLatin1String("highlight") && !m_color.isEmpty() ? m_color : pdf::defaultColor(type);
    pdf::Geometry::setQuads(a, m_view->selectedQuads());
    a.text = m_view->selectedText().left(2000);
    m_view->clearTextSelection();
    if (auto added = m_history->add(a))
        m_view->selectAnnotation(added->id);
}

void DocumentViewer::editText(const QString& id)
{
    if (!m_history)
        return;
    for (const Annotation& a : m_view->annotations())
        if (a.id == id) {
            // Every type carries a text: a note's or text box's content, the marked words of a text
            // markup, a remark on a stamp, drawing, rectangle or redaction mark.
            const auto text = askText(tr("Edit %1").arg(pdf::typeName(a.type)), a.text);
            if (!text || *text == a.text)
                return;
            Annotation after = a;
            after.text = *text;
            (void)m_history->change(a, after);
            return;
        }
}

void DocumentViewer::recolor(const QString& id, const QString& color)
{
    if (!m_history)
        return;
    for (const Annotation& a : m_view->annotations())
        if (a.id == id && a.color != color && a.type != QLatin1String("redact")) {
            Annotation after = a;
            after.color = color;
            (void)m_history->change(a, after);
            return;
        }
}

void DocumentViewer::deleteAnnotation(const QString& id)
{
    if (!m_history)
        return;
    for (const Annotation& a : m_view->annotations())
        if (a.id == id) {
            (void)m_history->remove(a);
            return;
        }
}

void DocumentViewer::showAnnotationMenu(const QString& id, const QPoint& globalPos)
{
    QMenu menu(this);
    if (id.isEmpty()) {
        menu.addAction(tr("Copy text"), this, [this] { QApplication::clipboard()->setText(m_view->selectedText()); });
        if (m_history && !m_documentId.isEmpty()) {
            menu.addAction(tr("Highlight"), this, [this] { markSelection(QStringLiteral("highlight")); });
            menu.addAction(tr("Underline"), this, [this] { markSelection(QStringLiteral("underline")); });
            menu.addAction(tr("Strike out"), this, [this] { markSelection(QStringLiteral("strikeout")); });
            menu.addAction(tr("Mark for redaction"), this, [this] { markSelection(QStringLiteral("redact")); });
        }
        menu.exec(globalPos);
        return;
    }
    if (!m_history)
        return;
    menu.addAction(tr("Edit text…"), this, [this, id] { editText(id); });
    QMenu* colors = menu.addMenu(tr("Colour"));
    for (const Palette& p : kPalette) {
        const QString color = QString::fromLatin1(p.color);
        colors->addAction(
            colorIcon(QColor::fromString(color)), tr(p.name), this, [this, id, color] { recolor(id, color); });
    }
    colors->addAction(tr("Other colour…"), this, [this, id] {
        const QColor c = QColorDialog::getColor(Qt::yellow, this, tr("Annotation colour"));
        if (c.isValid())
            recolor(id, c.name());
    });
    menu.addSeparator();
    menu.addAction(tr("Delete"), this, [this, id] { deleteAnnotation(id); })->setShortcut(QKeySequence::Delete);
    menu.exec(globalPos);
}

int DocumentViewer::pageCount() const
{
    return m_pages->currentWidget() == m_view ? m_view->pageCount() : (m_pages->currentWidget() == m_imageArea ? 1 : 0);
}

int DocumentViewer::searchHits() const
{
    return m_searchModel->rowCount({});
}

QString DocumentViewer::title() const
{
    return m_title->text();
}

QString DocumentViewer::message() const
{
    return m_pages->currentWidget() == m_message ? m_message->text() : QString();
}

void DocumentViewer::zoomIn()
{
    m_view->setZoom(m_view->zoom() * 1.25);
}

void DocumentViewer::zoomOut()
{
    m_view->setZoom(m_view->zoom() / 1.25);
}

void DocumentViewer::fitWidth()
{
    m_view->setFit(PageView::Fit::Width);
    updateZoomBox();
}

void DocumentViewer::fitPage()
{
    m_view->setFit(PageView::Fit::Page);
    updateZoomBox();
}

void DocumentViewer::rotateClockwise()
{
    m_view->rotate(90);
}

void DocumentViewer::rotateCounterClockwise()
{
    m_view->rotate(-90);
}

void DocumentViewer::updateZoomBox()
{
    QSignalBlocker block(m_zoom);
    if (m_view->fit() == PageView::Fit::Width)
        m_zoom->setCurrentIndex(0);
    else if (m_view->fit() == PageView::Fit::Page)
        m_zoom->setCurrentIndex(1);
    else
        m_zoom->setEditText(QStringLiteral("%1 %").arg(qRound(m_view->zoom() * 100)));
}

void DocumentViewer::search(const QString& text)
{
    m_searchModel->setSearchString(text);
    m_currentHit = -1;
    updateHitList();
}

void DocumentViewer::updateHitList()
{
    const int n = searchHits();
    QSignalBlocker block(m_hitList);
    m_hitList->clear();
    for (int i = 0; i < n; ++i) {
        const QModelIndex index = m_searchModel->index(i, 0);
        const int page = index.data(int(QPdfSearchModel::Role::Page)).toInt();
        const QString context = index.data(int(QPdfSearchModel::Role::ContextBefore)).toString()
            + QStringLiteral("<b>%1</b>").arg(m_search->text().toHtmlEscaped())
            + index.data(int(QPdfSearchModel::Role::ContextAfter)).toString();
        auto* item = new QListWidgetItem(
            tr("Page %1: %2").arg(page + 1).arg(QTextDocumentFragment::fromHtml(context).toPlainText()), m_hitList);
        Q_UNUSED(item);
    }
    m_hitRects.clear();
    for (int page = 0; page < m_view->pageCount(); ++page)
        for (const QPdfLink& l : m_searchModel->resultsOnPage(page))
            m_hitRects[page] << l.rectangles();
    m_view->setSearchHits(m_hitRects);
    m_hits->setText(m_search->text().isEmpty() ? QString() : tr("%n hit(s)", nullptr, n));
    if (!m_search->text().isEmpty())
        m_side->setTabText(m_side->indexOf(m_hitList), tr("Hits (%1)").arg(n));
    else
        m_side->setTabText(m_side->indexOf(m_hitList), tr("Hits"));
}

void DocumentViewer::nextHit()
{
    const int n = searchHits();
    if (n == 0)
        return;
    m_hitList->setCurrentRow((m_currentHit + 1) % n);
}

void DocumentViewer::previousHit()
{
    const int n = searchHits();
    if (n == 0)
        return;
    m_hitList->setCurrentRow((m_currentHit - 1 + n) % n);
}

Result<QByteArray> DocumentViewer::annotatedCopy(bool flatten) const
{
    return pdf::PdfExport::annotated(m_bytes, annotations(), flatten);
}

Result<pdf::Redaction> DocumentViewer::redactedCopy() const
{
    return pdf::PdfExport::redacted(m_bytes, annotations(), 200);
}

QByteArray DocumentViewer::xfdf() const
{
    return pdf::Xfdf::write(annotations(), m_title->text());
}

Result<int> DocumentViewer::importXfdf(const QByteArray& xml)
{
    if (!m_history || m_documentId.isEmpty())
        return Error { Error::Unsupported, tr("Annotations can only be added to a document of a request."), {} };
    auto read = pdf::Xfdf::read(xml, m_documentId);
    if (!read)
        return read.error();
    int added = 0;
    m_history->stack()->beginMacro(tr("Import %n annotation(s)", nullptr, int(read->size())));
    for (Annotation a : read.value()) {
        if (a.page >= m_view->pageCount())
            continue;
        // Ids already known here (the same XFDF imported twice, or our own export) get new ones.
        if (m_store->annotation(a.id))
            a.id.clear();
        a.documentId = m_documentId;
        if (m_history->add(a))
            ++added;
    }
    m_history->stack()->endMacro();
    return added;
}

// The exports, printing and the password prompt live in DocumentExports (jobs for the long ones).
void DocumentViewer::exportAnnotated(bool flatten)
{
    m_exports->exportAnnotated(flatten);
}

void DocumentViewer::exportRedacted()
{
    m_exports->exportRedacted();
}

void DocumentViewer::exportXfdf()
{
    m_exports->exportXfdf();
}

void DocumentViewer::importXfdfFile()
{
    m_exports->importXfdfFile();
}

void DocumentViewer::printDialog()
{
    m_exports->printDialog();
}

} // namespace clerk
