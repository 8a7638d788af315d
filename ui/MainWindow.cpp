#include "MainWindow.h"

#include "AboutDialog.h"
#include "DocumentViewer.h"
#include "InboxDelegate.h"
#include "RequestPane.h"
#include "SettingsDialog.h"
#include "ShortcutsDialog.h"
#include "SyncProblemsDialog.h"
#include "UiLogging.h"
#include "core/Settings.h"
#include "core/archive/EFilePackage.h"
#include "core/store/DocumentCache.h"
#include "core/store/Store.h"
#include "core/sync/SyncEngine.h"
#include "models/InboxModel.h"
#include "models/SidebarCounts.h"
#include "models/StatusNames.h"
#include "models/ViewsModel.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QHeaderView>
#include <QInputDialog>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMetaMethod>
#include <QPlainTextEdit>
#include <QProgressDialog>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardItemModel>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

namespace clerk {

MainWindow::MainWindow(Settings& settings, QWidget* parent)
    : QMainWindow(parent)
    , m_settings(settings)
{
    setObjectName(QStringLiteral("MainWindow"));
    setWindowTitle(tr("ClerkDesk"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/clerkdesk.svg")));
    createCentralArea();
    createActions();
    setConnectionState(ConnectionState::Offline);
    resize(1280, 800);
    restoreLayout();
}

MainWindow::~MainWindow()
{
    if (m_counts)
        m_counts->drop();
}

void MainWindow::createActions()
{
    auto* fileMenu = menuBar()->addMenu(tr("&File"));
    fileMenu->setObjectName(QStringLiteral("fileMenu"));
    auto* syncNow = m_syncNow = fileMenu->addAction(QIcon::fromTheme(QStringLiteral("view-refresh")), tr("&Sync now"));
    syncNow->setObjectName(QStringLiteral("syncNowAction"));
    syncNow->setShortcut(QKeySequence(Qt::Key_F5));
    syncNow->setEnabled(false); // enabled once a backend is configured and signed in
    m_problemsAction = fileMenu->addAction(QIcon::fromTheme(QStringLiteral("dialog-warning")), tr("Sync &problems…"));
    m_problemsAction->setObjectName(QStringLiteral("syncProblemsAction"));
    m_problemsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F5));
    m_problemsAction->setEnabled(false); // enabled with a workspace
    connect(m_problemsAction, &QAction::triggered, this, &MainWindow::showSyncProblems);
    auto* lock = fileMenu->addAction(QIcon::fromTheme(QStringLiteral("system-lock-screen")), tr("&Lock"));
    lock->setObjectName(QStringLiteral("lockAction"));
    lock->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    lock->setEnabled(false); // enabled with a workspace
    connect(lock, &QAction::triggered, this, &MainWindow::lockRequested);
    auto* importAction = fileMenu->addAction(tr("&Import e-file…"));
    importAction->setObjectName(QStringLiteral("importEFileAction"));
    importAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I));
    importAction->setEnabled(false); // enabled with a workspace
    connect(importAction, &QAction::triggered, this, [this] {
        const QString path
            = QFileDialog::getOpenFileName(this, tr("Import e-file"), QString(), tr("E-file package (*.zip)"));
        if (!path.isEmpty())
            importEFile(path);
    });
    fileMenu->addSeparator();
    auto* quit = fileMenu->addAction(QIcon::fromTheme(QStringLiteral("application-exit")), tr("&Quit"));
    quit->setObjectName(QStringLiteral("quitAction"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    auto* editMenu = menuBar()->addMenu(tr("&Edit"));
    editMenu->setObjectName(QStringLiteral("editMenu"));
    auto* find = editMenu->addAction(tr("&Find requests"));
    find->setObjectName(QStringLiteral("findAction"));
    find->setShortcuts({ QKeySequence::Find, QKeySequence(Qt::Key_Slash) });
    connect(find, &QAction::triggered, this, [this] {
        if (m_requestArea && m_requestArea->currentWidget() == m_viewer && m_viewer->pageCount() > 0) {
            // In the document viewer, Ctrl+F and / search the document.
            m_viewer->searchField()->setFocus(Qt::ShortcutFocusReason);
            m_viewer->searchField()->selectAll();
            return;
        }
        m_search->setFocus(Qt::ShortcutFocusReason);
        m_search->selectAll();
    });
    m_saveSearch = editMenu->addAction(tr("Save &search…"));
    m_saveSearch->setObjectName(QStringLiteral("saveSearchAction"));
    m_saveSearch->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    m_saveSearch->setEnabled(false);
    connect(m_saveSearch, &QAction::triggered, this, &MainWindow::saveSearch);
    m_removeSearch = editMenu->addAction(tr("&Remove saved search"));
    m_removeSearch->setObjectName(QStringLiteral("removeSearchAction"));
    m_removeSearch->setEnabled(false);
    connect(m_removeSearch, &QAction::triggered, this, &MainWindow::removeSavedSearch);
    editMenu->addSeparator();
    auto* prefs = editMenu->addAction(QIcon::fromTheme(QStringLiteral("configure")), tr("&Settings…"));
    prefs->setObjectName(QStringLiteral("settingsAction"));
    prefs->setShortcut(QKeySequence::Preferences);
    prefs->setMenuRole(QAction::PreferencesRole);
    connect(prefs, &QAction::triggered, this, &MainWindow::showSettings);

    auto* viewMenu = menuBar()->addMenu(tr("&View"));
    viewMenu->setObjectName(QStringLiteral("viewMenu"));
    auto* showSidebar = viewMenu->addAction(tr("Show &views sidebar"));
    showSidebar->setCheckable(true);
    showSidebar->setChecked(true);
    connect(showSidebar, &QAction::toggled, m_viewsView, &QWidget::setVisible);

    auto* requestMenu = menuBar()->addMenu(tr("&Request"));
    requestMenu->setObjectName(QStringLiteral("requestMenu"));
    auto requestAction
        = [&](const QString& text, const char* name, const QKeySequence& keys, const std::function<void()>& slot) {
              auto* a = requestMenu->addAction(text);
              a->setObjectName(QLatin1String(name));
              a->setShortcut(keys);
              a->setEnabled(false); // enabled when requests are selected
              connect(a, &QAction::triggered, this, slot);
              m_requestActions << a;
              return a;
          };
    requestAction(tr("&Claim"), "claimAction", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C), [this] { bulkClaim(); });
    requestAction(
        tr("&Assign to…"), "assignAction", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A), [this] { bulkAssign(); });
    requestAction(tr("Change &status…"), "statusAction", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S),
        [this] { bulkStatus(); });
    requestAction(
        tr("Add &note…"), "noteAction", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N), [this] { bulkNote(); });
    requestAction(
        tr("Request &documents…"), "requestDocumentsAction", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D), [this] {
            if (m_requestPane && !m_requestPane->requestId().isEmpty())
                m_requestPane->requestDocuments();
        });
    requestMenu->addSeparator();
    requestAction(
        tr("Mark &read / unread"), "readAction", QKeySequence(Qt::CTRL | Qt::Key_U), [this] { toggleRead(); });
    requestAction(
        tr("&Flag / unflag"), "flagAction", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F), [this] { toggleFlag(); });
    requestMenu->addSeparator();
    requestAction(tr("&Export e-file…"), "exportEFileAction", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E), [this] {
        const QStringList ids = selectedRequestIds();
        if (ids.size() != 1)
            return;
        auto r = m_store->request(ids.first());
        if (!r)
            return;
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export e-file"), r->reference + QStringLiteral(".zip"), tr("E-file package (*.zip)"));
        if (!path.isEmpty())
            exportEFile(ids.first(), path);
    });

    auto* helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->setObjectName(QStringLiteral("helpMenu"));
    auto* keys = helpMenu->addAction(tr("&Keyboard shortcuts"));
    keys->setObjectName(QStringLiteral("shortcutsAction"));
    keys->setShortcuts({ QKeySequence(Qt::Key_F1), QKeySequence(Qt::Key_Question) });
    connect(keys, &QAction::triggered, this, &MainWindow::showShortcuts);
    helpMenu->addSeparator();
    auto* about = helpMenu->addAction(tr("&About ClerkDesk"));
    about->setObjectName(QStringLiteral("aboutAction"));
    about->setMenuRole(QAction::AboutRole);
    connect(about, &QAction::triggered, this, &MainWindow::showAbout);
    auto* aboutQt = helpMenu->addAction(tr("About &Qt"));
    aboutQt->setMenuRole(QAction::AboutQtRole);
    connect(aboutQt, &QAction::triggered, qApp, &QApplication::aboutQt);

    auto* tb = addToolBar(tr("Main toolbar"));
    tb->setObjectName(QStringLiteral("mainToolBar"));
    tb->setMovable(false);
    tb->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    tb->addAction(syncNow);
    tb->addSeparator();
    m_search = new QLineEdit(tb);
    m_search->setObjectName(QStringLiteral("searchField"));
    m_search->setPlaceholderText(tr("Search requests (Ctrl+F)"));
    m_search->setAccessibleName(tr("Search requests"));
    m_search->setClearButtonEnabled(true);
    m_search->setMaximumWidth(420);
    tb->addWidget(m_search);
    tb->addSeparator();
    tb->addAction(lock);

    m_demoBanner = new QLabel(tr("DEMO – training data only"), this);
    m_demoBanner->setObjectName(QStringLiteral("demoBanner"));
    m_demoBanner->setStyleSheet(QStringLiteral(
        "QLabel { background: #b00020; color: white; font-weight: bold; padding: 2px 10px; border-radius: 3px; }"));
    m_demoBanner->setVisible(false);
    statusBar()->addWidget(m_demoBanner);

    m_connection = new QLabel(this);
    m_connection->setObjectName(QStringLiteral("connectionIndicator"));
    m_connection->setAccessibleName(tr("Connection state"));
    statusBar()->addPermanentWidget(m_connection);
    m_pending = new QLabel(this);
    m_pending->setObjectName(QStringLiteral("pendingLabel"));
    m_pending->setTextInteractionFlags(Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
    m_pending->setToolTip(tr("Show the changes that have not reached the city backend yet (Ctrl+Shift+F5)"));
    connect(m_pending, &QLabel::linkActivated, this, &MainWindow::showSyncProblems);
    statusBar()->addPermanentWidget(m_pending);
    m_pending->hide(); // until there is something to say (updateCounts)
    m_searchIndex = new QLabel(this);
    m_searchIndex->setObjectName(QStringLiteral("searchIndexLabel"));
    m_searchIndex->setToolTip(
        tr("After the first sync the search index is built in the background. The inbox "
           "works already; until the index is complete, search finds only part of the requests."));
    m_searchIndex->setVisible(false);
    statusBar()->addPermanentWidget(m_searchIndex);
    m_lastSync = new QLabel(tr("Last sync: never"), this);
    m_lastSync->setObjectName(QStringLiteral("lastSyncLabel"));
    statusBar()->addPermanentWidget(m_lastSync);
}

void MainWindow::showSearchIndexProgress(qint64 indexed, qint64 total)
{
    const bool building = total == 0 || indexed < total;
    const bool wasBuilding = !m_searchIndex->isHidden();
    if (building) {
        const QString text = total > 0
            ? tr("Building search index: %1 %").arg(QLocale().toString(int(indexed * 100 / total)))
            : tr("Building search index …");
        m_searchIndex->setText(text);
        m_searchIndex->setAccessibleName(text);
    }
    m_searchIndex->setVisible(building);
    if (wasBuilding && !building && !m_inboxModel->search().isEmpty())
        m_inboxModel->refresh(); // the search now finds every request
}

void MainWindow::createCentralArea()
{
    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->setChildrenCollapsible(false);

    m_views = new ViewsModel(this);
    m_viewsView = new QListView(m_splitter);
    m_viewsView->setObjectName(QStringLiteral("viewsSidebar"));
    m_viewsView->setAccessibleName(tr("Views"));
    m_viewsView->setModel(m_views);
    m_viewsView->setCurrentIndex(m_views->index(0));
    m_viewsView->setMinimumWidth(160);

    m_inbox = new QStandardItemModel(0, 0, this);
    m_inbox->setHorizontalHeaderLabels({ tr("Reference"), tr("Service"), tr("Applicant"), tr("Received"), tr("Due"),
        tr("Status"), tr("Assignee"), tr("Channel"), tr("Attachments") });
    m_inboxView = new QTableView(m_splitter);
    m_inboxView->setObjectName(QStringLiteral("inboxView"));
    m_inboxView->setAccessibleName(tr("Inbox"));
    m_inboxView->setModel(m_inbox);
    m_inboxView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_inboxView->setSortingEnabled(true);
    m_inboxView->verticalHeader()->hide();
    m_inboxView->horizontalHeader()->setStretchLastSection(true);
    m_inboxView->setAlternatingRowColors(true);

    m_requestArea = new QStackedWidget(m_splitter);
    m_requestArea->setObjectName(QStringLiteral("requestArea"));
    m_requestArea->setAccessibleName(tr("Request"));
    auto* empty = new QLabel(tr("Select a request in the inbox to see its details and documents."), m_requestArea);
    empty->setObjectName(QStringLiteral("emptyRequestLabel"));
    empty->setAlignment(Qt::AlignCenter);
    empty->setWordWrap(true);
    empty->setEnabled(false);
    m_requestArea->addWidget(empty);

    // The request pane and the viewer would claim their full width (the viewer's toolbar alone is
    // wider than half a laptop screen) and squeeze the list to its first column; they scroll and fold
    // their toolbar instead, and the list keeps the room the clerk gives it.
    m_requestArea->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_requestArea->setMinimumWidth(320);
    m_inboxView->setMinimumWidth(280);
    m_splitter->addWidget(m_viewsView);
    m_splitter->addWidget(m_inboxView);
    m_splitter->addWidget(m_requestArea);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 3);
    m_splitter->setStretchFactor(2, 2);
    m_splitter->setSizes({ 200, 680, 400 });
    setCentralWidget(m_splitter);
}

void MainWindow::setConnectionState(ConnectionState state, const QString& detail)
{
    QString text;
    QString colour;
    switch (state) {
    case ConnectionState::Offline:
        text = tr("Offline");
        colour = QStringLiteral("#757575");
        break;
    case ConnectionState::Connecting:
        text = tr("Connecting…");
        colour = QStringLiteral("#1565c0");
        break;
    case ConnectionState::Online:
        text = tr("Online");
        colour = QStringLiteral("#2e7d32");
        break;
    case ConnectionState::Syncing:
        text = tr("Syncing…");
        colour = QStringLiteral("#1565c0");
        break;
    case ConnectionState::Error:
        text = tr("Sync error");
        colour = QStringLiteral("#c62828");
        break;
    }
    m_connection->setText(QStringLiteral("<span style='color:%1'>●</span> %2").arg(colour, text.toHtmlEscaped()));
    m_connection->setToolTip(detail.isEmpty() ? text : detail);
    m_connection->setAccessibleDescription(detail.isEmpty() ? text : text + QStringLiteral(": ") + detail);
}

void MainWindow::attachWorkspace(Store& store, SyncEngine* sync, const QString& clerkLogin)
{
    m_store = &store;
    m_sync = sync;
    m_clerk = clerkLogin;
    // A large store: the views show their first rows at once and learn their size from the
    // sidebar's counts, which are taken on another thread (see SidebarCounts).
    m_counts = new SidebarCounts(store, clerkLogin, this);
    connect(m_counts, &SidebarCounts::countsChanged, this, &MainWindow::applyCounts);
    const bool large = m_counts->isLarge();
    m_inboxModel = new InboxModel(store, this, large ? InboxModel::Counting::Lazy : InboxModel::Counting::Exact);
    m_inboxModel->setClerk(clerkLogin);
    // A request that leaves the list (assigned away, closed, another status) stays in the request
    // pane, and the list has no current row then (as after a view change). Connected before the
    // view's selection model is, which moves the current row to a neighbour.
    connect(
        m_inboxModel, &QAbstractItemModel::rowsAboutToBeRemoved, this, [this](const QModelIndex&, int first, int last) {
            const int row = m_inboxView->currentIndex().row();
            m_currentLeaving = row >= first && row <= last;
        });
    connect(m_inboxModel, &QAbstractItemModel::rowsRemoved, this, [this] {
        if (!std::exchange(m_currentLeaving, false))
            return;
        const QSignalBlocker blocker(m_inboxView->selectionModel());
        m_inboxView->selectionModel()->clear();
        m_inboxView->viewport()->update();
        updateActions();
    });
    m_inboxView->setModel(m_inboxModel);
    m_inboxView->sortByColumn(InboxModel::Due, Qt::AscendingOrder);
    m_inboxView->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_inboxView->setColumnWidth(InboxModel::Reference, 130);
    m_inboxView->setColumnWidth(InboxModel::Service, 170);
    m_inboxView->setColumnWidth(InboxModel::Applicant, 160);
    m_inboxView->setColumnWidth(InboxModel::Due, 175);
    m_inboxView->setColumnWidth(InboxModel::Status, 150);
    m_inboxView->setColumnWidth(InboxModel::Flag, 40);
    m_inboxView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_inboxView->setAccessibleDescription(
        tr("J and K move, Enter opens, Ctrl+Shift+C claims; F1 lists every shortcut."));
    m_delegate = new InboxDelegate(m_inboxView);
    m_inboxView->setItemDelegate(m_delegate);
    m_inboxView->installEventFilter(this);
    // Columns: the clerk chooses them (right click on the header); the choice is kept.
    QHeaderView* header = m_inboxView->horizontalHeader();
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(header, &QHeaderView::customContextMenuRequested, this, &MainWindow::chooseColumns);
    const QByteArray columns = m_settings.value(Settings::Key::InboxColumns).toByteArray();
    if (!columns.isEmpty() && !header->restoreState(columns))
        qCWarning(lcUi) << "could not restore the inbox columns";
    m_inboxView->setSortingEnabled(true);
    for (auto signal : { &QHeaderView::sectionResized, &QHeaderView::sectionMoved })
        connect(header, signal, this, [this] {
            (void)m_settings.setValue(Settings::Key::InboxColumns, m_inboxView->horizontalHeader()->saveState());
        });
    delete m_inbox;
    m_inbox = nullptr;

    if (auto* lock = findChild<QAction*>(QStringLiteral("lockAction")))
        lock->setEnabled(true);
    m_problemsAction->setEnabled(true);
    findChild<QAction*>(QStringLiteral("importEFileAction"))->setEnabled(true);
    m_requestPane = new RequestPane(store, m_requestArea);
    m_requestPane->setClerk(clerkLogin);
    m_requestArea->addWidget(m_requestPane);
    m_viewer = new DocumentViewer(m_requestArea);
    m_viewer->setStore(&store, clerkLogin);
    m_requestArea->addWidget(m_viewer);
    connect(
        m_viewer, &DocumentViewer::closeRequested, this, [this] { m_requestArea->setCurrentWidget(m_requestPane); });
    connect(m_requestPane, &RequestPane::documentActivated, this, &MainWindow::openDocument);
    connect(m_requestPane, &RequestPane::syncRequested, this, [this] {
        if (m_sync)
            m_sync->syncNow();
    });
    connect(m_requestPane, &RequestPane::actionFailed, this,
        [this](const QString& message) { statusBar()->showMessage(message, 10000); });
    connect(
        m_inboxView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MainWindow::selectionChanged);
    connect(m_inboxView->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MainWindow::updateActions);
    connect(m_inboxModel, &QAbstractItemModel::modelReset, this, &MainWindow::updateActions);
    // Live updates change rows in place (selection and scroll position stay by themselves). A
    // new view, sort or search resets the list: the request on the right is selected in it again
    // when the list holds it.
    connect(m_inboxModel, &QAbstractItemModel::modelReset, this, [this] {
        const QString id = m_requestPane->requestId();
        const int row = id.isEmpty() ? -1 : m_inboxModel->rowOf(id);
        const QSignalBlocker blocker(m_inboxView->selectionModel());
        if (row >= 0)
            m_inboxView->selectionModel()->setCurrentIndex(
                m_inboxModel->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    });

    auto* debounce = new QTimer(this);
    debounce->setSingleShot(true);
    debounce->setInterval(150);
    connect(m_search, &QLineEdit::textChanged, debounce, qOverload<>(&QTimer::start));
    connect(debounce, &QTimer::timeout, this, [this] {
        m_inboxModel->setSearch(m_search->text());
        if (!m_inboxModel->search().isEmpty() && !m_searchIndex->isHidden())
            statusBar()->showMessage(
                tr("Search does not find every request yet: the search index is still being built."), 5000);
        m_delegate->setTerms(m_inboxModel->searchTerms());
        m_requestPane->setHighlight(m_inboxModel->searchTerms());
        m_inboxView->viewport()->update();
        m_saveSearch->setEnabled(!m_inboxModel->search().isEmpty());
    });
    connect(m_viewsView->selectionModel(), &QItemSelectionModel::currentChanged, this, &MainWindow::viewChosen);
    m_viewsView->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_viewsView->addAction(m_removeSearch);
    updateFacets();
    m_inboxModel->setView(m_viewsView->currentIndex().data(ViewsModel::SpecRole).value<ViewsModel::Spec>());
    connect(&store, &Store::requestsChanged, this, &MainWindow::updateCounts);
    updateCounts();
    updateActions();
    // Slices arrive from the sync thread's store (through the engine) or from this one.
    connect(&store, &Store::searchIndexProgress, this, &MainWindow::showSearchIndexProgress, Qt::UniqueConnection);
    if (store.searchIndexBuilding())
        showSearchIndexProgress(0, 0); // one left unfinished; the sync thread continues it
    else
        m_searchIndex->setVisible(false);

    attachSync(sync);
}

void MainWindow::attachSync(SyncEngine* sync)
{
    m_sync = sync;
    m_syncNow->setEnabled(sync != nullptr);
    if (sync) {
        connect(m_syncNow, &QAction::triggered, sync, &SyncEngine::syncNow);
        connect(sync, &SyncEngine::stateChanged, this, [this](SyncEngine::State s, const QString& message) {
            switch (s) {
            case SyncEngine::State::SignedOut:
                setConnectionState(ConnectionState::Error, message.isEmpty() ? tr("Signed out") : message);
                break;
            case SyncEngine::State::Connecting:
                setConnectionState(ConnectionState::Connecting, message);
                break;
            case SyncEngine::State::Idle:
                setConnectionState(ConnectionState::Online, message);
                break;
            case SyncEngine::State::Syncing:
                setConnectionState(ConnectionState::Syncing, message);
                break;
            case SyncEngine::State::Offline:
                setConnectionState(ConnectionState::Offline, message);
                break;
            case SyncEngine::State::Error:
                setConnectionState(ConnectionState::Error, message);
                break;
            }
            if (!message.isEmpty())
                statusBar()->showMessage(message, 15000);
        });
        connect(sync, &SyncEngine::documentFetched, this, [this](const QString& id, const QString& error) {
            if (id != m_waitingForDocument)
                return;
            m_waitingForDocument.clear();
            if (error.isEmpty()) {
                openDocument(id);
                return;
            }
            // The failed fetch shows its reason under the document's title.
            auto doc = DocumentCache(*m_store).document(id);
            m_viewer->showMessage(doc ? doc->title : QString(), error);
        });
        connect(sync, &SyncEngine::progress, this, [this](int pushed, int pulled) {
            setConnectionState(ConnectionState::Syncing,
                tr("%1 sent, %2 received").arg(QLocale().toString(pushed), QLocale().toString(pulled)));
        });
        connect(sync, &SyncEngine::prefetchProgress, this, [this](int done, int total) {
            if (done < total)
                statusBar()->showMessage(
                    tr("Fetching documents of your requests ahead: %1 of %2").arg(done + 1).arg(total), 5000);
            else
                statusBar()->clearMessage();
        });
        connect(sync, &SyncEngine::searchIndexProgress, this, &MainWindow::showSearchIndexProgress);
        connect(sync, &SyncEngine::synced, this, [this](const QDateTime& at, int, int, int conflicts) {
            m_lastSync->setText(
                tr("Last sync: %1").arg(QLocale().toString(at.toLocalTime().time(), QLocale::ShortFormat)));
            if (conflicts > 0)
                statusBar()->showMessage(
                    tr("%n change(s) need your decision (see the banner on the request).", nullptr, conflicts), 15000);
            updateCounts();
        });
    }
}

void MainWindow::openDocument(const QString& documentId)
{
    DocumentCache cache(*m_store);
    auto doc = cache.document(documentId);
    if (!doc)
        return;
    m_requestArea->setCurrentWidget(m_viewer);
    if (cache.hasContent(documentId)) {
        auto bytes = cache.content(documentId);
        if (bytes)
            m_viewer->open(doc->title, doc->mimeType, bytes.value(), documentId);
        else
            m_viewer->showMessage(doc->title, bytes.errorString());
        return;
    }
    if (!m_sync) {
        m_viewer->showMessage(doc->title,
            tr("This document is not on this computer yet, and there is no connection to "
               "the city backend to fetch it."));
        return;
    }
    m_waitingForDocument = documentId;
    m_viewer->showMessage(doc->title, tr("Fetching the document from the city backend…"));
    m_sync->fetchDocument(documentId);
}

void MainWindow::selectionChanged()
{
    const QModelIndex current = m_inboxView->currentIndex();
    if (!current.isValid() || !m_requestPane || m_currentLeaving)
        return;
    const QString id = current.data(InboxModel::RequestIdRole).toString();
    if (id.isEmpty())
        return;
    m_requestPane->showRequest(id);
    m_requestArea->setCurrentWidget(m_requestPane);
}

void MainWindow::updateCounts()
{
    if (!m_inboxModel || !m_store)
        return;
    updateFacets();
    // One pass over the requests for all counts (at once, or on a worker for a large store).
    m_counts->update();
    for (const ViewsModel::Spec& spec : m_views->specs())
        if (spec.kind == ViewsModel::View::Saved) {
            auto hits = m_store->search(spec.param, 500);
            m_views->setCount(spec, hits ? int(hits->size()) : 0);
        }
    int pending = 0, decisions = 0;
    if (auto counts = m_store->outboxCounts()) {
        pending = counts->unsent;
        decisions = counts->decisions();
    } else {
        qCWarning(lcUi) << "counting the outbox failed:" << counts.error().detail;
    }
    QString text;
    if (pending > 0)
        text = tr("%n change(s) not yet sent", nullptr, pending);
    if (decisions > 0)
        text += (text.isEmpty() ? QString() : QStringLiteral(" · "))
            + tr("%n need(s) your decision", nullptr, decisions);
    m_pending->setText(
        text.isEmpty() ? QString() : QStringLiteral("<a href=\"#problems\">%1</a>").arg(text.toHtmlEscaped()));
    m_pending->setAccessibleName(text);
    // An empty link would still be a focus stop that a screen reader announces without a word.
    m_pending->setVisible(!text.isEmpty());
}

void MainWindow::showSyncProblems()
{
    if (!m_store)
        return;
    if (!m_problems) {
        m_problems = new SyncProblemsDialog(*m_store, this);
        connect(m_problems, &SyncProblemsDialog::openRequest, this, &MainWindow::showRequest);
        connect(m_problems, &SyncProblemsDialog::syncRequested, this, [this] {
            if (m_sync)
                m_sync->syncNow();
        });
    }
    m_problems->reload();
    m_problems->show();
    m_problems->raise();
    m_problems->activateWindow();
}

void MainWindow::showRequest(const QString& requestId)
{
    if (!m_inboxModel || !m_requestPane)
        return;
    const int row = m_inboxModel->rowOf(requestId, -1);
    if (row >= 0)
        m_inboxView->selectionModel()->setCurrentIndex(
            m_inboxModel->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_requestPane->showRequest(requestId);
    m_requestArea->setCurrentWidget(m_requestPane);
}

void MainWindow::applyCounts(const QList<QPair<ViewsModel::Spec, int>>& counts)
{
    // A facet with no requests counts 0.
    QHash<QString, int> byKey;
    auto key
        = [](const ViewsModel::Spec& spec) { return QString::number(int(spec.kind)) + QLatin1Char('|') + spec.param; };
    for (const auto& [spec, n] : counts)
        byKey.insert(key(spec), n);
    for (const ViewsModel::Spec& spec : m_views->specs())
        if (spec.kind != ViewsModel::View::Saved)
            m_views->setCount(spec, byKey.value(key(spec), 0));
    m_inboxModel->setKnownCounts(counts);
}

void MainWindow::setBackgroundCountsFrom(qint64 requests)
{
    SidebarCounts::setBackgroundFrom(requests);
}

void MainWindow::holdWorkerConnections(bool hold)
{
    if (m_counts)
        m_counts->hold(hold);
}

void MainWindow::updateFacets()
{
    if (!m_inboxModel || !m_store)
        return;
    const QString current = m_viewsView->currentIndex().data(ViewsModel::NameRole).toString();
    const ViewsModel::Spec spec = m_viewsView->currentIndex().data(ViewsModel::SpecRole).value<ViewsModel::Spec>();
    QList<QPair<QString, QString>> statuses, channels;
    for (const char* k : { "received", "in_progress", "waiting", "approved", "rejected", "forwarded", "closed" })
        statuses << qMakePair(QLatin1String(k), StatusNames::status(QLatin1String(k)));
    for (const char* k : { "portal", "fitconnect", "email", "counter" })
        channels << qMakePair(QLatin1String(k), StatusNames::channel(QLatin1String(k)));
    const QSignalBlocker blocker(m_viewsView->selectionModel());
    m_views->setFacets(m_inboxModel->services(), statuses, channels);
    m_views->setSavedSearches(m_store->savedSearches());
    const int row = m_views->rowOf(spec);
    m_viewsView->setCurrentIndex(m_views->index(row >= 0 ? row : 0));
    Q_UNUSED(current);
}

void MainWindow::viewChosen(const QModelIndex& index)
{
    const auto spec = index.data(ViewsModel::SpecRole).value<ViewsModel::Spec>();
    if (spec.kind == ViewsModel::View::Section)
        return;
    m_removeSearch->setEnabled(spec.kind == ViewsModel::View::Saved);
    if (spec.kind == ViewsModel::View::Saved) {
        // A saved search is the search words over all requests.
        m_inboxModel->setView(ViewsModel::View::All);
        m_search->setText(spec.param);
        return;
    }
    m_inboxModel->setView(spec);
}

void MainWindow::saveSearch()
{
    const QString query = m_inboxModel ? m_inboxModel->search().trimmed() : QString();
    if (query.isEmpty())
        return;
    bool ok = false;
    const QString name = QInputDialog::getText(
        this, tr("Save search"), tr("Name for the search \"%1\":").arg(query), QLineEdit::Normal, query, &ok);
    if (!ok || name.trimmed().isEmpty())
        return;
    if (Status s = m_store->saveSearch(name, query); !s) {
        statusBar()->showMessage(s.errorString(), 10000);
        return;
    }
    updateCounts();
    statusBar()->showMessage(tr("Saved search \"%1\" is in the views on the left.").arg(name.trimmed()), 8000);
}

void MainWindow::removeSavedSearch()
{
    const auto spec = m_viewsView->currentIndex().data(ViewsModel::SpecRole).value<ViewsModel::Spec>();
    if (spec.kind != ViewsModel::View::Saved)
        return;
    const QString name = m_viewsView->currentIndex().data(ViewsModel::NameRole).toString();
    if (Status s = m_store->removeSavedSearch(name); !s) {
        statusBar()->showMessage(s.errorString(), 10000);
        return;
    }
    m_viewsView->setCurrentIndex(m_views->index(0));
    updateCounts();
}

void MainWindow::chooseColumns(const QPoint& pos)
{
    QHeaderView* header = m_inboxView->horizontalHeader();
    QMenu menu(this);
    menu.setTitle(tr("Columns"));
    for (int c = 0; c < m_inboxModel->columnCount(); ++c) {
        auto* a = menu.addAction(m_inboxModel->headerData(c, Qt::Horizontal).toString());
        a->setCheckable(true);
        a->setChecked(!header->isSectionHidden(c));
        a->setEnabled(c != InboxModel::Reference); // the reference always shows
        connect(a, &QAction::toggled, this, [this, header, c](bool on) {
            header->setSectionHidden(c, !on);
            (void)m_settings.setValue(Settings::Key::InboxColumns, header->saveState());
        });
    }
    menu.exec(header->mapToGlobal(pos));
}

QStringList MainWindow::selectedRequestIds() const
{
    QStringList ids;
    if (!m_inboxModel)
        return ids;
    const QModelIndexList rows = m_inboxView->selectionModel()->selectedRows();
    for (const QModelIndex& i : rows)
        ids << m_inboxModel->requestIdAt(i.row());
    if (ids.isEmpty() && m_inboxView->currentIndex().isValid())
        ids << m_inboxModel->requestIdAt(m_inboxView->currentIndex().row());
    ids.removeAll(QString());
    return ids;
}

void MainWindow::updateActions()
{
    const int n = int(selectedRequestIds().size());
    for (QAction* a : std::as_const(m_requestActions))
        a->setEnabled(n > 0);
    for (const char* single : { "requestDocumentsAction", "exportEFileAction" })
        if (auto* a = findChild<QAction*>(QLatin1String(single)))
            a->setEnabled(n == 1);
    if (n > 1)
        statusBar()->showMessage(tr("%n request(s) selected: the Request menu acts on all of them.", nullptr, n), 5000);
}

void MainWindow::report(int done, const QStringList& errors, const QString& what)
{
    if (errors.isEmpty())
        statusBar()->showMessage(what, 8000);
    else
        statusBar()->showMessage(tr("%1 done, %2 not: %3").arg(done).arg(errors.size()).arg(errors.first()), 15000);
}

void MainWindow::changeEach(const QStringList& ids, const std::function<Result<Mutation>(const QString&)>& change,
    const std::function<QString(int)>& success)
{
    int done = 0;
    QStringList errors;
    for (const QString& id : ids) {
        if (auto m = change(id))
            ++done;
        else
            errors << m.errorString();
    }
    report(done, errors, success(done));
}

void MainWindow::bulkClaim()
{
    QStringList ids;
    for (const QString& id : selectedRequestIds())
        if (auto r = m_store->request(id); !r || r->assignee != m_clerk)
            ids << id;
    changeEach(
        ids, [this](const QString& id) { return m_store->claim(id, m_clerk); },
        [](int n) { return tr("%n request(s) claimed.", nullptr, n); });
}

void MainWindow::bulkAssign()
{
    const QStringList ids = selectedRequestIds();
    if (ids.isEmpty())
        return;
    QStringList colleagues;
    QSet<QString> teams;
    for (const QString& id : ids)
        if (auto r = m_store->request(id))
            teams.insert(r->teamId);
    for (const QString& team : std::as_const(teams))
        for (const QString& c : m_store->colleaguesOf(team))
            if (!colleagues.contains(c))
                colleagues << c;
    if (!colleagues.contains(m_clerk))
        colleagues.prepend(m_clerk);
    const QString nobody = tr("(nobody)");
    colleagues << nobody;
    bool ok = false;
    const QString who = QInputDialog::getItem(this, tr("Assign to a colleague"),
        tr("Assign %n request(s) to (a login of the team):", nullptr, int(ids.size())), colleagues, 0, true, &ok);
    if (!ok || who.trimmed().isEmpty())
        return;
    const QString login = who == nobody ? QString() : who.trimmed();
    changeEach(
        ids, [&](const QString& id) { return m_store->assign(id, login, m_clerk); },
        [](int n) { return tr("%n request(s) assigned.", nullptr, n); });
}

void MainWindow::bulkStatus()
{
    const QStringList ids = selectedRequestIds();
    if (ids.isEmpty())
        return;
    // Only the transitions every selected request allows.
    QStringList common;
    bool first = true;
    for (const QString& id : ids) {
        auto r = m_store->request(id);
        auto svc = r ? m_store->service(r->serviceId) : Result<Service>(Error {});
        const QStringList next = svc ? svc->nextStates(r->status) : QStringList();
        if (first)
            common = next;
        else
            common.erase(
                std::remove_if(common.begin(), common.end(), [&](const QString& s) { return !next.contains(s); }),
                common.end());
        first = false;
    }
    if (common.isEmpty()) {
        statusBar()->showMessage(tr("The selected requests have no status change in common."), 10000);
        return;
    }
    QStringList names;
    for (const QString& k : std::as_const(common))
        names << StatusNames::status(k);
    bool ok = false;
    const QString chosen = QInputDialog::getItem(
        this, tr("Change status"), tr("New status for %n request(s):", nullptr, int(ids.size())), names, 0, false, &ok);
    if (!ok)
        return;
    const QString next = common.value(names.indexOf(chosen));
    changeEach(
        ids, [&](const QString& id) { return m_store->changeStatus(id, next, m_clerk); },
        [](int n) { return tr("Status changed for %n request(s).", nullptr, n); });
}

void MainWindow::bulkNote()
{
    const QStringList ids = selectedRequestIds();
    if (ids.size() == 1 && m_requestPane) {
        m_requestArea->setCurrentWidget(m_requestPane);
        m_requestPane->noteEdit()->setFocus(Qt::ShortcutFocusReason);
        return;
    }
    bool ok = false;
    const QString text = QInputDialog::getMultiLineText(
        this, tr("Add a note"), tr("Internal note for %n request(s):", nullptr, int(ids.size())), QString(), &ok);
    if (!ok || text.trimmed().isEmpty())
        return;
    changeEach(
        ids, [&](const QString& id) { return m_store->addNote(id, text.trimmed(), m_clerk); },
        [](int n) { return tr("Note added to %n request(s).", nullptr, n); });
}

void MainWindow::toggleRead()
{
    const QStringList ids = selectedRequestIds();
    if (ids.isEmpty())
        return;
    const int row = m_inboxModel->rowOf(ids.first(), m_inboxView->currentIndex().row());
    const bool unread = !m_inboxModel->index(qMax(0, row), 0).data(InboxModel::UnreadRole).toBool();
    for (const QString& id : ids)
        if (Status s = m_store->setUnread(id, unread); !s) {
            statusBar()->showMessage(s.errorString(), 10000);
            return;
        }
    statusBar()->showMessage(unread ? tr("Marked as unread.") : tr("Marked as read."), 5000);
}

void MainWindow::toggleFlag()
{
    const QStringList ids = selectedRequestIds();
    if (ids.isEmpty())
        return;
    const int row = m_inboxModel->rowOf(ids.first(), m_inboxView->currentIndex().row());
    const bool flag = !m_inboxModel->index(qMax(0, row), 0).data(InboxModel::FlaggedRole).toBool();
    for (const QString& id : ids)
        if (Status s = m_store->setFlagged(id, flag); !s) {
            statusBar()->showMessage(s.errorString(), 10000);
            return;
        }
    statusBar()->showMessage(flag ? tr("Flagged for follow-up.") : tr("Flag removed."), 5000);
}

bool MainWindow::exportEFile(const QString& requestId, const QString& path)
{
    QProgressDialog progress(tr("Exporting the e-file…"), tr("Cancel"), 0, 1000, this);
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(300);
    const Status s = efile::exportRequest(*m_store, requestId, path, [&](qint64 done, qint64 total) {
        progress.setValue(total > 0 ? int(done * 1000 / total) : 0);
        QCoreApplication::processEvents();
        return !progress.wasCanceled();
    });
    progress.reset();
    if (!s) {
        if (s.error().code != Error::Conflict) // (a cancel says so in the status bar only)
            QMessageBox::warning(this, tr("Export e-file"), s.errorString());
        statusBar()->showMessage(s.errorString(), 10000);
        return false;
    }
    statusBar()->showMessage(tr("E-file exported to %1").arg(QDir::toNativeSeparators(path)), 10000);
    Q_EMIT efileExported(requestId);
    return true;
}

bool MainWindow::importEFile(const QString& path)
{
    QProgressDialog progress(tr("Checking and importing the e-file…"), tr("Cancel"), 0, 1000, this);
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(300);
    auto run = [&](efile::IfExists mode) {
        return efile::importPackage(*m_store, path, mode, m_clerk, {}, [&](qint64 done, qint64 total) {
            progress.setValue(total > 0 ? int(done * 1000 / total) : 0);
            QCoreApplication::processEvents();
            return !progress.wasCanceled();
        });
    };
    auto result = run(efile::IfExists::Refuse);
    if (!result && result.error().code == Error::Conflict && !result.error().detail.isEmpty()) {
        progress.reset();
        QMessageBox ask(QMessageBox::Question, tr("Import e-file"), result.errorString(), QMessageBox::Cancel, this);
        auto* merge = ask.addButton(tr("&Merge"), QMessageBox::AcceptRole);
        auto* both = ask.addButton(tr("&Keep both"), QMessageBox::AcceptRole);
        merge->setObjectName(QStringLiteral("importMerge"));
        both->setObjectName(QStringLiteral("importKeepBoth"));
        ask.setInformativeText(
            tr("Merge adds the documents, notes and annotations this computer does not have and keeps "
               "the request as it is here. Keep both imports the package as a separate request."));
        ask.exec();
        if (ask.clickedButton() != merge && ask.clickedButton() != both)
            return false;
        result = run(ask.clickedButton() == merge ? efile::IfExists::Merge : efile::IfExists::KeepBoth);
    }
    progress.reset();
    if (!result) {
        QMessageBox::warning(this, tr("Import e-file"),
            tr("The e-file was not imported; nothing on this computer was changed.\n\n%1").arg(result.errorString()));
        return false;
    }
    statusBar()->showMessage(tr("E-file imported: %n document(s).", nullptr, result->documents), 10000);
    updateCounts();
    showRequest(result->requestId);
    return true;
}

void MainWindow::showShortcuts()
{
    ShortcutsDialog dialog(menuBar(), this);
    dialog.exec();
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_inboxView && event->type() == QEvent::KeyPress && m_inboxModel) {
        auto* key = static_cast<QKeyEvent*>(event);
        const bool plain = (key->modifiers() & ~Qt::KeypadModifier) == Qt::NoModifier;
        const int row = m_inboxView->currentIndex().row();
        if (plain && (key->key() == Qt::Key_J || key->key() == Qt::Key_K)) {
            const int next = qBound(0, row + (key->key() == Qt::Key_J ? 1 : -1), m_inboxModel->rowCount() - 1);
            if (m_inboxModel->rowCount() > 0)
                m_inboxView->selectionModel()->setCurrentIndex(
                    m_inboxModel->index(next, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            return true;
        }
        if (plain && (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) && row >= 0) {
            selectionChanged();
            // Into the request: its first action.
            QWidget* first = m_requestPane->claimButton()->isEnabled()
                ? static_cast<QWidget*>(m_requestPane->claimButton())
                : m_requestPane->statusBox();
            first->setFocus(Qt::ShortcutFocusReason);
            return true;
        }
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::setDemoBanner(bool visible)
{
    m_demoBanner->setVisible(visible);
    setWindowTitle(visible ? tr("ClerkDesk – DEMO") : tr("ClerkDesk"));
}

void MainWindow::showSettings()
{
    SettingsDialog dialog(m_settings, this);
    dialog.setPassphraseChangeAvailable(m_store && m_store->isUnlocked()
        && isSignalConnected(QMetaMethod::fromSignal(&MainWindow::changePassphraseRequested)));
    connect(&dialog, &SettingsDialog::changePassphraseRequested, this,
        [this, &dialog] { Q_EMIT changePassphraseRequested(&dialog); });
    dialog.exec();
}

void MainWindow::showAbout()
{
    AboutDialog dialog(this);
    dialog.exec();
}

void MainWindow::restoreLayout()
{
    const QByteArray geometry = m_settings.value(Settings::Key::WindowGeometry).toByteArray();
    if (!geometry.isEmpty() && !restoreGeometry(geometry))
        qCWarning(lcUi) << "could not restore the window geometry";
    const QByteArray state = m_settings.value(Settings::Key::WindowState).toByteArray();
    if (!state.isEmpty())
        restoreState(state);
    const QByteArray split = m_settings.value(Settings::Key::SplitterState).toByteArray();
    if (!split.isEmpty())
        m_splitter->restoreState(split);
}

void MainWindow::saveLayout()
{
    (void)m_settings.setValue(Settings::Key::WindowGeometry, saveGeometry());
    (void)m_settings.setValue(Settings::Key::WindowState, saveState());
    (void)m_settings.setValue(Settings::Key::SplitterState, m_splitter->saveState());
    m_settings.sync();
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveLayout();
    event->accept();
}

} // namespace clerk
