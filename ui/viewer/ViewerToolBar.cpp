#include "ViewerToolBar.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSpinBox>
#include <QTimer>
#include <QToolButton>

namespace clerk {

ViewerToolBar::ViewerToolBar(QWidget* parent)
    : QToolBar(parent)
{
    setObjectName(QStringLiteral("viewerToolBar"));
    setAccessibleName(tr("Document"));
    setMovable(false);
    setFloatable(false);
    setToolButtonStyle(Qt::ToolButtonTextBesideIcon);

    QAction* back = addButton(tr("← Request"), tr("Back to the request"), QKeySequence(Qt::Key_Escape));
    connect(back, &QAction::triggered, this, &ViewerToolBar::backRequested);
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("viewerTitle"));
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_title->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_title->setMinimumWidth(40);
    m_title->setContentsMargins(6, 0, 6, 0);
    addWidget(m_title);

    connect(addButton(QStringLiteral("−"), tr("Zoom out"), QKeySequence::ZoomOut), &QAction::triggered, this,
        &ViewerToolBar::zoomOutRequested);
    m_zoom = new QComboBox(this);
    m_zoom->setObjectName(QStringLiteral("zoomBox"));
    m_zoom->setAccessibleName(tr("Zoom"));
    m_zoom->setEditable(true);
    m_zoom->addItem(tr("Fit width"), -1);
    m_zoom->addItem(tr("Fit page"), -2);
    for (int percent : { 50, 75, 100, 125, 150, 200, 300, 400 })
        m_zoom->addItem(QStringLiteral("%1 %").arg(percent), percent);
    m_zoom->setMinimumContentsLength(8);
    m_zoom->setSizeAdjustPolicy(QComboBox::AdjustToContents); // "An Breite anpassen" whole
    connect(m_zoom, &QComboBox::activated, this, [this](int index) {
        const int v = m_zoom->itemData(index).toInt();
        if (v == -1)
            Q_EMIT fitWidthRequested();
        else if (v == -2)
            Q_EMIT fitPageRequested();
        else if (v > 0)
            Q_EMIT zoomRequested(v / 100.0);
    });
    connect(m_zoom->lineEdit(), &QLineEdit::returnPressed, this, [this] {
        bool ok = false;
        const double v = QString(m_zoom->currentText()).remove(QLatin1Char('%')).trimmed().toDouble(&ok);
        if (ok && v >= 10 && v <= 800)
            Q_EMIT zoomRequested(v / 100.0);
    });
    addWidget(m_zoom);
    connect(addButton(QStringLiteral("+"), tr("Zoom in"), QKeySequence::ZoomIn), &QAction::triggered, this,
        &ViewerToolBar::zoomInRequested);
    connect(
        addButton(QStringLiteral("⟲"), tr("Rotate counter-clockwise"), QKeySequence(Qt::CTRL | Qt::Key_BracketLeft)),
        &QAction::triggered, this, [this] { Q_EMIT rotateRequested(-90); });
    connect(addButton(QStringLiteral("⟳"), tr("Rotate clockwise"), QKeySequence(Qt::CTRL | Qt::Key_BracketRight)),
        &QAction::triggered, this, [this] { Q_EMIT rotateRequested(90); });

    addSeparator();
    m_page = new QSpinBox(this);
    m_page->setObjectName(QStringLiteral("pageJump"));
    m_page->setAccessibleName(tr("Page"));
    m_page->setPrefix(tr("Page "));
    m_page->setMinimum(1);
    m_page->setKeyboardTracking(false);
    connect(m_page, &QSpinBox::valueChanged, this, [this](int p) { Q_EMIT pageRequested(p - 1); });
    addWidget(m_page);
    m_pageTotal = new QLabel(this);
    m_pageTotal->setContentsMargins(4, 0, 4, 0);
    addWidget(m_pageTotal);

    addSeparator();
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("viewerSearch"));
    m_search->setPlaceholderText(tr("Find in document"));
    m_search->setAccessibleName(tr("Find in document"));
    m_search->setClearButtonEnabled(true);
    m_search->setMinimumWidth(120);
    m_search->setMaximumWidth(200);
    addWidget(m_search);
    connect(addButton(QStringLiteral("▲"), tr("Previous hit"), QKeySequence(Qt::SHIFT | Qt::Key_F3)),
        &QAction::triggered, this, &ViewerToolBar::previousHitRequested);
    connect(addButton(QStringLiteral("▼"), tr("Next hit"), QKeySequence(Qt::Key_F3)), &QAction::triggered, this,
        &ViewerToolBar::nextHitRequested);
    m_hits = new QLabel(this);
    m_hits->setContentsMargins(4, 0, 4, 0);
    addWidget(m_hits);
    auto* debounce = new QTimer(this);
    debounce->setSingleShot(true);
    debounce->setInterval(200);
    connect(m_search, &QLineEdit::textChanged, debounce, qOverload<>(&QTimer::start));
    connect(debounce, &QTimer::timeout, this, [this] { Q_EMIT searchRequested(m_search->text()); });
    connect(m_search, &QLineEdit::returnPressed, this, &ViewerToolBar::nextHitRequested);

    addSeparator();
    connect(addButton(tr("Print…"), tr("Print with annotations"), QKeySequence::Print), &QAction::triggered, this,
        &ViewerToolBar::printRequested);
    auto* exportMenu = new QMenu(this);
    exportMenu->addAction(tr("Annotated copy (PDF)…"), this, [this] { Q_EMIT exportAnnotatedRequested(false); });
    exportMenu->addAction(
        tr("Annotated copy, flattened (PDF)…"), this, [this] { Q_EMIT exportAnnotatedRequested(true); });
    exportMenu->addAction(tr("Redacted copy (PDF)…"), this, &ViewerToolBar::exportRedactedRequested);
    exportMenu->addSeparator();
    exportMenu->addAction(tr("Annotations as XFDF…"), this, &ViewerToolBar::exportXfdfRequested);
    exportMenu->addAction(tr("Import annotations from XFDF…"), this, &ViewerToolBar::importXfdfRequested);
    m_export = new QToolButton(this);
    m_export->setObjectName(QStringLiteral("exportButton"));
    m_export->setText(tr("Export"));
    m_export->setToolTip(tr("Export a copy of this document"));
    m_export->setAccessibleName(tr("Export a copy of this document"));
    m_export->setPopupMode(QToolButton::InstantPopup);
    m_export->setAutoRaise(true);
    m_export->setMenu(exportMenu);
    addWidget(m_export);
}

QAction* ViewerToolBar::addButton(const QString& text, const QString& tip, const QKeySequence& key)
{
    QAction* action = addAction(text);
    action->setToolTip(
        key.isEmpty() ? tip : QStringLiteral("%1 (%2)").arg(tip, key.toString(QKeySequence::NativeText)));
    if (!key.isEmpty())
        action->setShortcut(key); // the window's, as long as the viewer is shown
    // In the "»" menu the symbol buttons say what they do.
    action->setIconText(text);
    action->setText(tip);
    if (QWidget* button = widgetForAction(action))
        button->setAccessibleName(tip);
    return action;
}

void ViewerToolBar::setTitle(const QString& title)
{
    m_title->setText(title);
    m_title->setToolTip(title);
}

void ViewerToolBar::setPageCount(int pages)
{
    QSignalBlocker block(m_page);
    m_page->setMaximum(std::max(1, pages));
    m_page->setValue(1);
    m_pageTotal->setText(tr("of %1").arg(pages));
}

void ViewerToolBar::showPage(int page)
{
    QSignalBlocker block(m_page);
    m_page->setValue(page + 1);
}

void ViewerToolBar::showZoom(bool fitWidth, bool fitPage, double zoom)
{
    QSignalBlocker block(m_zoom);
    if (fitWidth)
        m_zoom->setCurrentIndex(0);
    else if (fitPage)
        m_zoom->setCurrentIndex(1);
    else
        m_zoom->setEditText(QStringLiteral("%1 %").arg(qRound(zoom * 100)));
}

void ViewerToolBar::setHitText(const QString& text)
{
    m_hits->setText(text);
}

void ViewerToolBar::setExportEnabled(bool enabled)
{
    m_export->setEnabled(enabled);
}

void ViewerToolBar::clearSearch()
{
    m_search->clear();
    m_hits->clear();
}

} // namespace clerk
