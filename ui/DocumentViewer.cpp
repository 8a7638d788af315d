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
#include "models/AnnotationListModel.h"
#include "models/DateText.h"
#include "ui/UiLogging.h"
#include "viewer/AnnotationToolPalette.h"
#include "viewer/ViewerSidePanel.h"
#include "viewer/ViewerToolBar.h"

#include <QAction>
#include <QBuffer>
#include <QImage>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPdfBookmarkModel>
#include <QPdfDocument>
#include <QPdfSearchModel>
#include <QPixmap>
#include <QScrollArea>
#include <QSplitter>
#include <QStackedWidget>
#include <QUndoStack>
#include <QVBoxLayout>

namespace clerk {

DocumentViewer::DocumentViewer(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("DocumentViewer"));
    setAccessibleName(tr("Document viewer"));
    m_exports = new DocumentExports(*this);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    m_document = new QPdfDocument(this);
    m_searchModel = new QPdfSearchModel(this);
    m_searchModel->setDocument(m_document);
    m_outline = new QPdfBookmarkModel(this);
    m_outline->setDocument(m_document);
    m_annotationModel = new AnnotationListModel(this);

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

    m_toolBar = new ViewerToolBar(this);
    m_title = m_toolBar->titleLabel();
    layout->addWidget(m_toolBar);
    m_palette = new AnnotationToolPalette(this, this);
    layout->addWidget(m_palette);
    m_side = new ViewerSidePanel(m_view, m_outline, m_annotationModel, this);
    auto* split = new QSplitter(this);
    split->addWidget(m_side);
    split->addWidget(m_pages);
    split->setStretchFactor(1, 1);
    split->setSizes({ 260, 760 });
    layout->addWidget(split, 1);

    connectToolBar();
    connectPalette();
    connectSidePanel();
    connectView();
}

DocumentViewer::~DocumentViewer()
{
    delete m_side; // the thumbnails and the view go before the document they show
    delete m_pages;
}

void DocumentViewer::connectToolBar()
{
    connect(m_toolBar, &ViewerToolBar::backRequested, this, &DocumentViewer::closeRequested);
    connect(m_toolBar, &ViewerToolBar::zoomInRequested, this, &DocumentViewer::zoomIn);
    connect(m_toolBar, &ViewerToolBar::zoomOutRequested, this, &DocumentViewer::zoomOut);
    connect(m_toolBar, &ViewerToolBar::fitWidthRequested, this, &DocumentViewer::fitWidth);
    connect(m_toolBar, &ViewerToolBar::fitPageRequested, this, &DocumentViewer::fitPage);
    connect(m_toolBar, &ViewerToolBar::zoomRequested, this, [this](double zoom) {
        m_view->setZoom(zoom);
        updateZoomBox();
    });
    connect(m_toolBar, &ViewerToolBar::rotateRequested, m_view, &PageView::rotate);
    connect(m_toolBar, &ViewerToolBar::pageRequested, this, [this](int page) { m_view->goToPage(page); });
    connect(m_toolBar, &ViewerToolBar::searchRequested, this, &DocumentViewer::search);
    connect(m_toolBar, &ViewerToolBar::nextHitRequested, this, &DocumentViewer::nextHit);
    connect(m_toolBar, &ViewerToolBar::previousHitRequested, this, &DocumentViewer::previousHit);
    connect(m_toolBar, &ViewerToolBar::printRequested, this, &DocumentViewer::printDialog);
    connect(m_toolBar, &ViewerToolBar::exportAnnotatedRequested, this, &DocumentViewer::exportAnnotated);
    connect(m_toolBar, &ViewerToolBar::exportRedactedRequested, this, &DocumentViewer::exportRedacted);
    connect(m_toolBar, &ViewerToolBar::exportXfdfRequested, this, &DocumentViewer::exportXfdf);
    connect(m_toolBar, &ViewerToolBar::importXfdfRequested, this, &DocumentViewer::importXfdfFile);
}

void DocumentViewer::connectPalette()
{
    connect(m_palette, &AnnotationToolPalette::toolChosen, this, [this](std::optional<AnnotationType> tool) {
        m_view->setTool(tool);
        // With text already selected, the markup tools mark it at once.
        if (tool && traitsOf(*tool).gesture == AnnotationGesture::MarkText && !m_view->selectedText().isEmpty())
            markSelection(*tool);
    });
    connect(m_palette, &AnnotationToolPalette::stampKindChosen, m_view, &PageView::setStampKind);
    connect(m_palette, &AnnotationToolPalette::colorChosen, this, [this](const QString& color) {
        m_view->setChosenColor(color);
        if (!m_view->selectedAnnotation().isEmpty())
            recolor(m_view->selectedAnnotation(), color);
    });
    connect(m_palette->undoAction(), &QAction::triggered, this, [this] {
        if (m_history)
            m_history->stack()->undo();
    });
    connect(m_palette->redoAction(), &QAction::triggered, this, [this] {
        if (m_history)
            m_history->stack()->redo();
    });
}

void DocumentViewer::connectSidePanel()
{
    connect(m_side, &ViewerSidePanel::annotationActivated, this, &DocumentViewer::editText);
    connect(m_side, &ViewerSidePanel::annotationMenuRequested, this, &DocumentViewer::showAnnotationMenu);
    connect(m_side, &ViewerSidePanel::hitChosen, this, [this](int row) {
        if (row >= m_searchModel->rowCount({}))
            return;
        m_currentHit = row;
        const QPdfLink link = m_searchModel->resultAtIndex(row);
        m_view->setSearchHits(m_hitRects, link.page(), link.rectangles().value(0));
        const QRectF r = link.rectangles().value(0);
        m_view->goToPage(link.page(), m_view->userFromQt(link.page(), r.topLeft()));
        m_toolBar->setHitText(tr("hit %1 of %2").arg(row + 1).arg(m_searchModel->rowCount({})));
    });
    connect(m_searchModel, &QAbstractItemModel::rowsInserted, this, &DocumentViewer::updateHitList);
    connect(m_searchModel, &QAbstractItemModel::modelReset, this, &DocumentViewer::updateHitList);
}

void DocumentViewer::connectView()
{
    connect(m_view, &PageView::annotationDrawn, this, &DocumentViewer::onDrawn);
    connect(m_view, &PageView::annotationChanged, this, [this](const Annotation& before, const Annotation& after) {
        if (m_history)
            if (Status s = m_history->change(before, after); !s)
                report(s.error());
    });
    connect(m_view, &PageView::deleteRequested, this, &DocumentViewer::deleteAnnotation);
    connect(m_view, &PageView::editRequested, this, &DocumentViewer::editText);
    connect(m_view, &PageView::contextMenuRequested, this, &DocumentViewer::showAnnotationMenu);
    connect(m_view, &PageView::annotationSelected, m_side, &ViewerSidePanel::selectAnnotation);
    connect(m_view, &PageView::currentPageChanged, this, [this](int page) {
        m_toolBar->showPage(page);
        m_side->showCurrentPage(page);
    });
    connect(m_view, &PageView::zoomChanged, this, &DocumentViewer::updateZoomBox);
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
    m_toolBar->setTitle(title);
    m_message->setText(message);
    m_pages->setCurrentWidget(m_message);
    m_palette->setEnabled(false);
    m_toolBar->setExportEnabled(false);
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
    m_toolBar->setTitle(title);
    m_toolBar->clearSearch();
    m_side->clear();
    m_currentHit = -1;
    m_documentId = documentId;
    if (m_history)
        m_history->clear();
    m_searchModel->setSearchString({});
    m_view->clear();
    m_document->close();
    m_annotationModel->clear();
    if (mimeType.startsWith(QLatin1String("image/"))) {
        QImage img;
        if (!img.loadFromData(bytes)) {
            showMessage(title, tr("This image is damaged and cannot be shown."));
            return false;
        }
        m_image->setPixmap(QPixmap::fromImage(img));
        m_pages->setCurrentWidget(m_imageArea);
        m_palette->setEnabled(false);
        m_toolBar->setExportEnabled(false);
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

    m_toolBar->setPageCount(m_document->pageCount());
    m_side->setPageCount(m_document->pageCount());
    m_pages->setCurrentWidget(m_view);
    const bool canAnnotate = m_history && !m_documentId.isEmpty();
    m_palette->setEnabled(canAnnotate);
    m_palette->setToolTip(canAnnotate ? QString() : tr("Annotations need a document of a request"));
    m_toolBar->setExportEnabled(true);
    m_view->setFit(PageView::Fit::Width);
    reloadAnnotations();
    return true;
}

QList<Annotation> DocumentViewer::annotations() const
{
    return m_view->annotations();
}

QAction* DocumentViewer::toolAction(const QString& tool) const
{
    return m_palette->toolAction(tool);
}

QAbstractItemView* DocumentViewer::annotationList() const
{
    return m_side->annotationView();
}

QLineEdit* DocumentViewer::searchField() const
{
    return m_toolBar->searchField();
}

void DocumentViewer::reloadAnnotations()
{
    QList<Annotation> shown;
    if (m_store && !m_documentId.isEmpty() && m_store->isUnlocked())
        shown = m_store->annotations().of(m_documentId).valueOrEmpty(lcUi, "reading the annotations");
    m_view->setAnnotations(shown);
    m_annotationModel->setAnnotations(m_documentId, shown);
    m_side->selectAnnotation(m_view->selectedAnnotation());
}

int DocumentViewer::pageCount() const
{
    return m_pages->currentWidget() == m_view ? m_view->pageCount() : (m_pages->currentWidget() == m_imageArea ? 1 : 0);
}

bool DocumentViewer::canSleep() const
{
    return pageCount() > 0 && m_document->password().isEmpty() && !m_exports->busy();
}

DocumentViewer::ViewState DocumentViewer::viewState() const
{
    return { m_view->currentPage(), m_view->zoom(), int(m_view->fit()), m_view->rotation() };
}

void DocumentViewer::restoreViewState(const ViewState& state)
{
    if (m_pages->currentWidget() != m_view || m_view->pageCount() == 0)
        return; // (an image, or a message: nothing to turn or scroll)
    if (state.rotation != 0)
        m_view->rotate(state.rotation);
    if (const auto fit = PageView::Fit(state.fit); fit != PageView::Fit::None)
        m_view->setFit(fit);
    else
        m_view->setZoom(state.zoom);
    m_view->goToPage(state.page);
    updateZoomBox();
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
    m_toolBar->showZoom(m_view->fit() == PageView::Fit::Width, m_view->fit() == PageView::Fit::Page, m_view->zoom());
}

void DocumentViewer::search(const QString& text)
{
    m_searchModel->setSearchString(text);
    m_currentHit = -1;
    updateHitList();
}

void DocumentViewer::updateHitList()
{
    const QString text = m_searchModel->searchString();
    m_side->showHits(m_searchModel, text);
    m_hitRects.clear();
    for (int page = 0; page < m_view->pageCount(); ++page)
        for (const QPdfLink& l : m_searchModel->resultsOnPage(page))
            m_hitRects[page] << l.rectangles();
    m_view->setSearchHits(m_hitRects);
    m_toolBar->setHitText(text.isEmpty() ? QString() : tr("%n hit(s)", nullptr, searchHits()));
}

void DocumentViewer::nextHit()
{
    const int n = searchHits();
    if (n == 0)
        return;
    m_side->selectHit((m_currentHit + 1) % n);
}

void DocumentViewer::previousHit()
{
    const int n = searchHits();
    if (n == 0)
        return;
    m_side->selectHit((m_currentHit - 1 + n) % n);
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
