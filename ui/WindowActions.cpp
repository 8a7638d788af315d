#include "WindowActions.h"

#include "AboutDialog.h"
#include "DocumentTabs.h"
#include "DocumentViewer.h"
#include "MainWindow.h"
#include "ShortcutsDialog.h"
#include "models/InboxModel.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMenuBar>
#include <QSignalBlocker>
#include <QToolBar>

namespace clerk {

WindowActions::WindowActions(MainWindow& window, DocumentTabs& tabs)
    : QObject(&window)
    , m_window(window)
    , m_tabs(tabs)
{
    setObjectName(QStringLiteral("windowActions"));
    // The search field exists before the menus that point at it.
    m_search = new QLineEdit(&window);
    m_search->setObjectName(QStringLiteral("searchField"));
    m_search->setPlaceholderText(tr("Search requests (Ctrl+F)"));
    m_search->setAccessibleName(tr("Search requests"));
    m_search->setClearButtonEnabled(true);
    m_search->setMaximumWidth(420);
    // QLineEdit keeps every edit for its undo, for as long as the window is open: bench week's
    // searches left some 500 bytes each (heaptrack: 0.5 MiB over 1,000 searches). A search
    // cleared takes that history with it (setText() clears it; the field is empty then, so the
    // cursor stays where it was). What is lost: undoing the clearing itself.
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString& text) {
        if (text.isEmpty())
            QMetaObject::invokeMethod(this, &WindowActions::forgetSearchEdits, Qt::QueuedConnection);
    });
    m_searchHits = new QLabel(&window);
    m_searchHits->setObjectName(QStringLiteral("searchHitsLabel"));
    m_searchHits->setContentsMargins(8, 0, 8, 0);
    connect(&m_tabs, &QTabWidget::currentChanged, this, &WindowActions::tabShown);
}

void WindowActions::forgetSearchEdits()
{
    // (Queued: not from inside the field's own change; and only if nothing was typed since.)
    if (!m_search->text().isEmpty() || !m_search->isUndoAvailable())
        return;
    const QSignalBlocker quiet(m_search);
    m_search->setText(QString());
}

void WindowActions::addEditMenu()
{
    auto* editMenu = m_window.menuBar()->addMenu(tr("&Edit"));
    editMenu->setObjectName(QStringLiteral("editMenu"));
    auto* find = editMenu->addAction(tr("&Find requests"));
    find->setObjectName(QStringLiteral("findAction"));
    find->setShortcuts({ QKeySequence::Find, QKeySequence(Qt::Key_Slash) });
    connect(find, &QAction::triggered, this, &WindowActions::find);
    m_saveSearch = editMenu->addAction(tr("Save &search…"));
    m_saveSearch->setObjectName(QStringLiteral("saveSearchAction"));
    m_saveSearch->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    m_saveSearch->setEnabled(false);
    m_removeSearch = editMenu->addAction(tr("&Remove saved search"));
    m_removeSearch->setObjectName(QStringLiteral("removeSearchAction"));
    m_removeSearch->setEnabled(false);
    editMenu->addSeparator();
    auto* prefs = editMenu->addAction(QIcon::fromTheme(QStringLiteral("configure")), tr("&Settings…"));
    prefs->setObjectName(QStringLiteral("settingsAction"));
    prefs->setShortcut(QKeySequence::Preferences);
    prefs->setMenuRole(QAction::PreferencesRole);
    connect(prefs, &QAction::triggered, &m_window, &MainWindow::showSettings);
}

void WindowActions::addViewMenu()
{
    auto* viewMenu = m_window.menuBar()->addMenu(tr("&View"));
    viewMenu->setObjectName(QStringLiteral("viewMenu"));
    auto* showSidebar = viewMenu->addAction(tr("Show &views sidebar"));
    showSidebar->setCheckable(true);
    showSidebar->setChecked(true);
    connect(showSidebar, &QAction::toggled, m_window.viewsSidebar(), &QWidget::setVisible);
    viewMenu->addSeparator();
    m_showInbox = viewMenu->addAction(tr("&Inbox"));
    m_showInbox->setObjectName(QStringLiteral("showInboxAction"));
    m_showInbox->setShortcuts({ QKeySequence(Qt::CTRL | Qt::Key_1), QKeySequence(Qt::ALT | Qt::Key_Home) });
    connect(m_showInbox, &QAction::triggered, &m_tabs, &DocumentTabs::showInbox);
    auto* next = viewMenu->addAction(tr("Ne&xt tab"));
    next->setObjectName(QStringLiteral("nextTabAction"));
    next->setShortcuts({ QKeySequence(Qt::CTRL | Qt::Key_PageDown), QKeySequence(Qt::CTRL | Qt::Key_Tab) });
    connect(next, &QAction::triggered, this,
        [this] { m_tabs.setCurrentIndex((m_tabs.currentIndex() + 1) % m_tabs.count()); });
    auto* previous = viewMenu->addAction(tr("Pre&vious tab"));
    previous->setObjectName(QStringLiteral("previousTabAction"));
    previous->setShortcuts(
        { QKeySequence(Qt::CTRL | Qt::Key_PageUp), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Backtab) });
    connect(previous, &QAction::triggered, this,
        [this] { m_tabs.setCurrentIndex((m_tabs.currentIndex() + m_tabs.count() - 1) % m_tabs.count()); });
    m_closeDocument = viewMenu->addAction(tr("&Close document"));
    m_closeDocument->setObjectName(QStringLiteral("closeDocumentAction"));
    m_closeDocument->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_W));
    m_closeDocument->setEnabled(false);
    connect(m_closeDocument, &QAction::triggered, &m_tabs, &DocumentTabs::closeCurrentDocument);
}

void WindowActions::addHelpMenu()
{
    auto* helpMenu = m_window.menuBar()->addMenu(tr("&Help"));
    helpMenu->setObjectName(QStringLiteral("helpMenu"));
    auto* keys = helpMenu->addAction(tr("&Keyboard shortcuts"));
    keys->setObjectName(QStringLiteral("shortcutsAction"));
    keys->setShortcuts({ QKeySequence(Qt::Key_F1), QKeySequence(Qt::Key_Question) });
    connect(keys, &QAction::triggered, this, [this] {
        ShortcutsDialog dialog(m_window.menuBar(), &m_window);
        dialog.exec();
    });
    helpMenu->addSeparator();
    auto* about = helpMenu->addAction(tr("&About ClerkDesk"));
    about->setObjectName(QStringLiteral("aboutAction"));
    about->setMenuRole(QAction::AboutRole);
    connect(about, &QAction::triggered, this, [this] {
        AboutDialog dialog(&m_window);
        dialog.exec();
    });
    auto* aboutQt = helpMenu->addAction(tr("About &Qt"));
    aboutQt->setMenuRole(QAction::AboutQtRole);
    connect(aboutQt, &QAction::triggered, qApp, &QApplication::aboutQt);
}

void WindowActions::addToolBar(QAction* syncNow, QAction* lock)
{
    auto* tb = m_window.addToolBar(tr("Main toolbar"));
    tb->setObjectName(QStringLiteral("mainToolBar"));
    tb->setMovable(false);
    tb->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    tb->addAction(syncNow);
    tb->addSeparator();
    m_search->setParent(tb);
    tb->addWidget(m_search);
    m_searchHits->setParent(tb);
    tb->addWidget(m_searchHits);
    tb->addSeparator();
    tb->addAction(lock);
}

void WindowActions::showSearchHits(const InboxModel& model)
{
    if (model.search().isEmpty()) {
        m_searchHits->clear();
        m_searchHits->setToolTip({});
        return;
    }
    if (model.searchPending())
        return; // the list still shows the earlier answer: so does the label
    if (!model.showsSearch()) { // locked: no hits until the search runs again
        m_searchHits->clear();
        m_searchHits->setToolTip({});
        return;
    }
    if (model.searchHasMore()) {
        // The clerk should know that the list is not everything the search finds.
        m_searchHits->setText(tr("More than %1 hits – refine your search").arg(InboxModel::kSearchHits));
        m_searchHits->setToolTip(tr("The list shows the %1 best hits. Add a word to the search to find the others.")
                .arg(InboxModel::kSearchHits));
    } else {
        m_searchHits->setText(tr("%n hit(s)", nullptr, model.rowCount()));
        m_searchHits->setToolTip({});
    }
}

void WindowActions::find()
{
    if (DocumentViewer* viewer = m_tabs.currentViewer(); viewer && viewer->pageCount() > 0) {
        // In a document, Ctrl+F and / search the document.
        viewer->searchField()->setFocus(Qt::ShortcutFocusReason);
        viewer->searchField()->selectAll();
        return;
    }
    m_tabs.showInbox();
    m_search->setFocus(Qt::ShortcutFocusReason);
    // The clerk types over the search shown: the edits before are not kept for undo (see the
    // constructor; the same text set again starts no search).
    if (m_search->isUndoAvailable()) {
        const QSignalBlocker quiet(m_search);
        m_search->setText(m_search->text());
    }
    m_search->selectAll();
}

void WindowActions::tabShown()
{
    if (m_closeDocument)
        m_closeDocument->setEnabled(m_tabs.showsDocument());
}

} // namespace clerk
