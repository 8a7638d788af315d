#include "InboxPage.h"

#include "UiLogging.h"
#include "models/InboxModel.h"
#include "models/ViewsModel.h"

#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QListView>
#include <QMenu>
#include <QResizeEvent>
#include <QStackedWidget>
#include <QStandardItemModel>
#include <QTableView>

namespace clerk {

InboxPage::InboxPage(QWidget* parent)
    : QSplitter(Qt::Horizontal, parent)
{
    setObjectName(QStringLiteral("mainSplitter"));
    setChildrenCollapsible(false);

    m_views = new ViewsModel(this);
    m_viewsView = new QListView(this);
    m_viewsView->setObjectName(QStringLiteral("viewsSidebar"));
    m_viewsView->setAccessibleName(tr("Views"));
    m_viewsView->setModel(m_views);
    m_viewsView->setCurrentIndex(m_views->index(0));
    m_viewsView->setMinimumWidth(160);

    m_placeholder = new QStandardItemModel(0, 0, this);
    m_placeholder->setHorizontalHeaderLabels({ tr("Reference"), tr("Service"), tr("Applicant"), tr("Received"),
        tr("Due"), tr("Status"), tr("Assignee"), tr("Channel"), tr("Attachments") });
    m_inboxView = new QTableView(this);
    m_inboxView->setObjectName(QStringLiteral("inboxView"));
    m_inboxView->setAccessibleName(tr("Inbox"));
    m_inboxView->setModel(m_placeholder);
    m_inboxView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_inboxView->setSortingEnabled(true);
    m_inboxView->verticalHeader()->hide();
    m_inboxView->horizontalHeader()->setStretchLastSection(true);
    m_inboxView->setAlternatingRowColors(true);
    m_inboxView->installEventFilter(this);

    m_requestArea = new QStackedWidget(this);
    m_requestArea->setObjectName(QStringLiteral("requestArea"));
    m_requestArea->setAccessibleName(tr("Request"));
    auto* empty = new QLabel(tr("Select a request in the inbox to see its details and documents."), m_requestArea);
    empty->setObjectName(QStringLiteral("emptyRequestLabel"));
    empty->setAlignment(Qt::AlignCenter);
    empty->setWordWrap(true);
    empty->setEnabled(false);
    m_requestArea->addWidget(empty);

    // The request pane would claim its full width and squeeze the list to its first column; it
    // scrolls instead, and the list keeps the room the clerk gives it. (Documents open in tabs of
    // their own, not in here.)
    m_requestArea->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_requestArea->setMinimumWidth(320);
    m_inboxView->setMinimumWidth(280);
    addWidget(m_viewsView);
    addWidget(m_inboxView);
    addWidget(m_requestArea);
    setStretchFactor(0, 0);
    setStretchFactor(1, 3);
    setStretchFactor(2, 2);
    setSizes({ 200, 680, 400 });
    connect(this, &QSplitter::splitterMoved, this, [this] { m_sizedByClerk = true; });
}

bool InboxPage::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_inboxView && event->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(event);
        const bool plain = (key->modifiers() & ~Qt::KeypadModifier) == Qt::NoModifier;
        const int row = m_inboxView->currentIndex().row();
        const int rows = m_inboxView->model()->rowCount();
        if (plain && (key->key() == Qt::Key_J || key->key() == Qt::Key_K)) {
            const int next = qBound(0, row + (key->key() == Qt::Key_J ? 1 : -1), rows - 1);
            if (rows > 0)
                m_inboxView->selectionModel()->setCurrentIndex(m_inboxView->model()->index(next, 0),
                    QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            return true;
        }
        if (plain && (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) && row >= 0) {
            Q_EMIT requestEntered();
            return true;
        }
    }
    return QSplitter::eventFilter(watched, event);
}

void InboxPage::arrangeColumnsForTriage()
{
    // What a clerk reads first, leftmost (as a mail client shows sender and date before the
    // subject): reference, applicant and due date stay in view in a narrow list.
    QHeaderView* header = m_inboxView->horizontalHeader();
    header->moveSection(header->visualIndex(InboxModel::Applicant), 1);
    header->moveSection(header->visualIndex(InboxModel::Due), 2);
}

void InboxPage::restoreSizes(const QByteArray& state)
{
    if (state.isEmpty())
        return;
    m_sizedByClerk = restoreState(state);
    if (!m_sizedByClerk)
        qCWarning(lcUi) << "could not restore the inbox's splitter sizes";
}

void InboxPage::resizeEvent(QResizeEvent* event)
{
    QSplitter::resizeEvent(event);
    if (!m_sizedByClerk)
        sizeForWidth(width());
}

void InboxPage::sizeForWidth(int width)
{
    const int handles = 2 * handleWidth();
    const int sidebar = qBound(m_viewsView->minimumWidth(), m_viewsView->sizeHintForColumn(0) + 24, 240);
    const int rest = width - sidebar - handles;
    const int request = qMax(m_requestArea->minimumWidth(), rest * 32 / 100);
    setSizes({ sidebar, qMax(m_inboxView->minimumWidth(), rest - request), request });
}

bool InboxPage::chooseColumns(const QPoint& globalPos)
{
    QHeaderView* header = m_inboxView->horizontalHeader();
    QAbstractItemModel* model = m_inboxView->model();
    QMenu menu(this);
    menu.setTitle(tr("Columns"));
    bool changed = false;
    for (int c = 0; c < model->columnCount(); ++c) {
        auto* a = menu.addAction(model->headerData(c, Qt::Horizontal).toString());
        a->setCheckable(true);
        a->setChecked(!header->isSectionHidden(c));
        a->setEnabled(c != InboxModel::Reference); // the reference always shows
        connect(a, &QAction::toggled, this, [header, c, &changed](bool on) {
            header->setSectionHidden(c, !on);
            changed = true;
        });
    }
    menu.exec(globalPos);
    return changed;
}

} // namespace clerk
