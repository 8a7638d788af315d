#include "DocumentViewer.h"

#include <QBuffer>
#include <QEventLoop>
#include <QHBoxLayout>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QPdfDocument>
#include <QPdfPageNavigator>
#include <QPdfSearchModel>
#include <QPdfView>
#include <QPixmap>
#include <QScrollArea>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace clerk {

namespace {
QToolButton* button(QWidget* parent, const QString& text, const QString& tip, const QKeySequence& key = {})
{
    auto* b = new QToolButton(parent);
    b->setText(text);
    b->setToolTip(key.isEmpty() ? tip : QStringLiteral("%1 (%2)").arg(tip, key.toString(QKeySequence::NativeText)));
    b->setAccessibleName(tip);
    if (!key.isEmpty())
        b->setShortcut(key);
    return b;
}
} // namespace

DocumentViewer::DocumentViewer(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("DocumentViewer"));
    setAccessibleName(tr("Document viewer"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* bar = new QHBoxLayout;
    auto* back = button(this, tr("← Request"), tr("Back to the request"), QKeySequence(Qt::Key_Escape));
    connect(back, &QToolButton::clicked, this, &DocumentViewer::closeRequested);
    bar->addWidget(back);
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("viewerTitle"));
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    bar->addWidget(m_title, 1);
    auto* out = button(this, QStringLiteral("−"), tr("Zoom out"), QKeySequence::ZoomOut);
    auto* in = button(this, QStringLiteral("+"), tr("Zoom in"), QKeySequence::ZoomIn);
    auto* width = button(this, tr("Width"), tr("Fit width"));
    auto* page = button(this, tr("Page"), tr("Fit page"));
    connect(out, &QToolButton::clicked, this, &DocumentViewer::zoomOut);
    connect(in, &QToolButton::clicked, this, &DocumentViewer::zoomIn);
    connect(width, &QToolButton::clicked, this, &DocumentViewer::fitWidth);
    connect(page, &QToolButton::clicked, this, &DocumentViewer::fitPage);
    for (QToolButton* b : {out, in, width, page})
        bar->addWidget(b);
    m_page = new QSpinBox(this);
    m_page->setAccessibleName(tr("Page"));
    m_page->setPrefix(tr("Page "));
    m_page->setMinimum(1);
    bar->addWidget(m_page);
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("viewerSearch"));
    m_search->setPlaceholderText(tr("Find in document"));
    m_search->setAccessibleName(tr("Find in document"));
    m_search->setClearButtonEnabled(true);
    m_search->setMaximumWidth(200);
    bar->addWidget(m_search);
    m_hits = new QLabel(this);
    bar->addWidget(m_hits);
    layout->addLayout(bar);

    m_pages = new QStackedWidget(this);
    m_document = new QPdfDocument(this);
    m_view = new QPdfView(m_pages);
    m_view->setAccessibleName(tr("Document pages"));
    m_view->setDocument(m_document);
    m_view->setPageMode(QPdfView::PageMode::MultiPage);
    m_view->setZoomMode(QPdfView::ZoomMode::FitToWidth);
    m_searchModel = new QPdfSearchModel(this);
    m_searchModel->setDocument(m_document);
    m_view->setSearchModel(m_searchModel);
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
    m_pages->addWidget(m_message);
    layout->addWidget(m_pages, 1);

    connect(m_page, &QSpinBox::valueChanged, this, [this](int p) {
        if (m_document->pageCount() > 0)
            m_view->pageNavigator()->jump(p - 1, {}, m_view->pageNavigator()->currentZoom());
    });
    auto* debounce = new QTimer(this);
    debounce->setSingleShot(true);
    debounce->setInterval(200);
    connect(m_search, &QLineEdit::textChanged, debounce, qOverload<>(&QTimer::start));
    connect(debounce, &QTimer::timeout, this, [this] { search(m_search->text()); });
    connect(m_search, &QLineEdit::returnPressed, this, &DocumentViewer::nextHit);
}

DocumentViewer::~DocumentViewer()
{
    delete m_pages; // the view goes before the document it shows
}

void DocumentViewer::showMessage(const QString& title, const QString& message)
{
    m_title->setText(title);
    m_message->setText(message);
    m_pages->setCurrentWidget(m_message);
}

bool DocumentViewer::open(const QString& title, const QString& mimeType, const QByteArray& bytes)
{
    m_title->setText(title);
    m_search->clear();
    m_hits->clear();
    m_currentHit = -1;
    m_document->close();
    if (mimeType.startsWith(QLatin1String("image/"))) {
        QImage img;
        if (!img.loadFromData(bytes)) {
            showMessage(title, tr("This image is damaged and cannot be shown."));
            return false;
        }
        m_image->setPixmap(QPixmap::fromImage(img));
        m_pages->setCurrentWidget(m_imageArea);
        return true;
    }
    delete m_buffer;
    m_buffer = new QBuffer(this);
    m_buffer->setData(bytes);
    m_buffer->open(QIODevice::ReadOnly);
    QEventLoop loop;
    auto c = connect(m_document, &QPdfDocument::statusChanged, &loop, [&loop](QPdfDocument::Status s) {
        if (s == QPdfDocument::Status::Ready || s == QPdfDocument::Status::Error)
            loop.quit();
    });
    QTimer::singleShot(15000, &loop, &QEventLoop::quit);
    m_document->load(m_buffer);
    if (m_document->status() == QPdfDocument::Status::Loading)
        loop.exec();
    disconnect(c);
    if (m_document->status() != QPdfDocument::Status::Ready) {
        const bool password = m_document->error() == QPdfDocument::Error::IncorrectPassword;
        showMessage(title, password ? tr("This PDF is protected by a password. Ask the applicant for an unprotected copy.")
                                    : tr("This PDF is damaged and cannot be shown. The original is kept unchanged; "
                                         "ask the applicant to send it again."));
        return false;
    }
    m_page->setMaximum(qMax(1, m_document->pageCount()));
    m_page->setValue(1);
    m_pages->setCurrentWidget(m_view);
    fitWidth();
    return true;
}

int DocumentViewer::pageCount() const
{
    return m_pages->currentWidget() == m_view ? m_document->pageCount() : (m_pages->currentWidget() == m_imageArea ? 1 : 0);
}

int DocumentViewer::searchHits() const
{
    return m_searchModel->rowCount({});
}

QString DocumentViewer::message() const
{
    return m_pages->currentWidget() == m_message ? m_message->text() : QString();
}

void DocumentViewer::zoomIn()
{
    m_view->setZoomMode(QPdfView::ZoomMode::Custom);
    m_view->setZoomFactor(qMin(8.0, m_view->zoomFactor() * 1.25));
}

void DocumentViewer::zoomOut()
{
    m_view->setZoomMode(QPdfView::ZoomMode::Custom);
    m_view->setZoomFactor(qMax(0.1, m_view->zoomFactor() / 1.25));
}

void DocumentViewer::fitWidth()
{
    m_view->setZoomMode(QPdfView::ZoomMode::FitToWidth);
}

void DocumentViewer::fitPage()
{
    m_view->setZoomMode(QPdfView::ZoomMode::FitInView);
}

void DocumentViewer::search(const QString& text)
{
    m_searchModel->setSearchString(text);
    m_currentHit = -1;
    // The model fills as it searches; count when it has.
    QTimer::singleShot(0, this, [this] {
        const int n = searchHits();
        m_hits->setText(m_search->text().isEmpty() ? QString() : tr("%n hit(s)", nullptr, n));
    });
}

void DocumentViewer::nextHit()
{
    const int n = searchHits();
    if (n == 0)
        return;
    m_currentHit = (m_currentHit + 1) % n;
    m_view->setCurrentSearchResultIndex(m_currentHit);
    const QPdfLink link = m_searchModel->resultAtIndex(m_currentHit);
    m_view->pageNavigator()->jump(link);
    m_hits->setText(tr("hit %1 of %2").arg(m_currentHit + 1).arg(n));
}

} // namespace clerk
