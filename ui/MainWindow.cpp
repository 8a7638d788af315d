#include "MainWindow.h"

#include "AboutDialog.h"
#include "DocumentViewer.h"
#include "RequestPane.h"
#include "core/store/DocumentCache.h"
#include "core/store/Store.h"
#include "core/sync/SyncEngine.h"
#include "models/InboxModel.h"
#include "SettingsDialog.h"
#include "SyncProblemsDialog.h"
#include "UiLogging.h"
#include "core/Settings.h"
#include "models/ViewsModel.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenuBar>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardItemModel>
#include <QStatusBar>
#include <QTableView>
#include <QScrollBar>
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

MainWindow::~MainWindow() = default;

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
    fileMenu->addSeparator();
    auto* quit = fileMenu->addAction(QIcon::fromTheme(QStringLiteral("application-exit")), tr("&Quit"));
    quit->setObjectName(QStringLiteral("quitAction"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    auto* editMenu = menuBar()->addMenu(tr("&Edit"));
    editMenu->setObjectName(QStringLiteral("editMenu"));
    auto* find = editMenu->addAction(tr("&Find requests"));
    find->setShortcut(QKeySequence::Find);
    connect(find, &QAction::triggered, this, [this] {
        m_search->setFocus(Qt::ShortcutFocusReason);
        m_search->selectAll();
    });
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
    for (const QString& text : {tr("&Claim"), tr("Change &status…"), tr("Add &note…")}) {
        auto* a = requestMenu->addAction(text);
        a->setEnabled(false); // enabled when a request is selected
    }

    auto* helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->setObjectName(QStringLiteral("helpMenu"));
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
    m_lastSync = new QLabel(tr("Last sync: never"), this);
    m_lastSync->setObjectName(QStringLiteral("lastSyncLabel"));
    statusBar()->addPermanentWidget(m_lastSync);
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
    m_inbox->setHorizontalHeaderLabels({tr("Reference"), tr("Service"), tr("Applicant"), tr("Received"), tr("Due"),
                                        tr("Status"), tr("Assignee"), tr("Channel"), tr("Attachments")});
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

    m_splitter->addWidget(m_viewsView);
    m_splitter->addWidget(m_inboxView);
    m_splitter->addWidget(m_requestArea);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 3);
    m_splitter->setStretchFactor(2, 2);
    m_splitter->setSizes({200, 680, 400});
    setCentralWidget(m_splitter);
}

void MainWindow::setConnectionState(ConnectionState state, const QString& detail)
{
    QString text;
    QString colour;
    switch (state) {
    case ConnectionState::Offline: text = tr("Offline"); colour = QStringLiteral("#757575"); break;
    case ConnectionState::Connecting: text = tr("Connecting…"); colour = QStringLiteral("#1565c0"); break;
    case ConnectionState::Online: text = tr("Online"); colour = QStringLiteral("#2e7d32"); break;
    case ConnectionState::Syncing: text = tr("Syncing…"); colour = QStringLiteral("#1565c0"); break;
    case ConnectionState::Error: text = tr("Sync error"); colour = QStringLiteral("#c62828"); break;
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
    m_inboxModel = new InboxModel(store, this);
    m_inboxModel->setClerk(clerkLogin);
    m_inboxView->setModel(m_inboxModel);
    m_inboxView->sortByColumn(InboxModel::Due, Qt::AscendingOrder);
    m_inboxView->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_inboxView->setColumnWidth(InboxModel::Reference, 130);
    m_inboxView->setColumnWidth(InboxModel::Service, 170);
    m_inboxView->setColumnWidth(InboxModel::Applicant, 160);
    m_inboxView->setColumnWidth(InboxModel::Due, 175);
    m_inboxView->setColumnWidth(InboxModel::Status, 150);
    m_inboxView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    delete m_inbox;
    m_inbox = nullptr;

    if (auto* lock = findChild<QAction*>(QStringLiteral("lockAction")))
        lock->setEnabled(true);
    m_problemsAction->setEnabled(true);
    m_requestPane = new RequestPane(store, m_requestArea);
    m_requestPane->setClerk(clerkLogin);
    m_requestArea->addWidget(m_requestPane);
    m_viewer = new DocumentViewer(m_requestArea);
    m_requestArea->addWidget(m_viewer);
    connect(m_viewer, &DocumentViewer::closeRequested, this, [this] { m_requestArea->setCurrentWidget(m_requestPane); });
    connect(m_requestPane, &RequestPane::documentActivated, this, &MainWindow::openDocument);
    connect(m_requestPane, &RequestPane::syncRequested, this, [this] {
        if (m_sync)
            m_sync->syncNow();
    });
    connect(m_requestPane, &RequestPane::actionFailed, this, [this](const QString& message) {
        statusBar()->showMessage(message, 10000);
    });
    connect(m_inboxView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MainWindow::selectionChanged);
    // Live updates keep the selected request selected and the list where it was.
    connect(m_inboxModel, &QAbstractItemModel::modelAboutToBeReset, this, [this] {
        m_rowBeforeReset = m_inboxView->currentIndex().row();
        m_scrollBeforeReset = m_inboxView->verticalScrollBar()->value();
    });
    connect(m_inboxModel, &QAbstractItemModel::modelReset, this, [this] {
        m_inboxView->verticalScrollBar()->setValue(m_scrollBeforeReset);
        const QString id = m_requestPane->requestId();
        if (id.isEmpty())
            return;
        const int row = m_inboxModel->rowOf(id, m_rowBeforeReset);
        if (row < 0)
            return;
        const QSignalBlocker blocker(m_inboxView->selectionModel());
        m_inboxView->selectionModel()->setCurrentIndex(m_inboxModel->index(row, 0),
                                                       QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_inboxView->viewport()->update();
    });

    auto* debounce = new QTimer(this);
    debounce->setSingleShot(true);
    debounce->setInterval(150);
    connect(m_search, &QLineEdit::textChanged, debounce, qOverload<>(&QTimer::start));
    connect(debounce, &QTimer::timeout, this, [this] { m_inboxModel->setSearch(m_search->text()); });
    connect(m_viewsView->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex& idx) {
        m_inboxModel->setView(idx.data(ViewsModel::ViewRole).value<ViewsModel::View>());
    });
    m_inboxModel->setView(m_viewsView->currentIndex().data(ViewsModel::ViewRole).value<ViewsModel::View>());
    connect(&store, &Store::requestsChanged, this, &MainWindow::updateCounts);
    updateCounts();

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
            case SyncEngine::State::SignedOut: setConnectionState(ConnectionState::Error, message.isEmpty() ? tr("Signed out") : message); break;
            case SyncEngine::State::Connecting: setConnectionState(ConnectionState::Connecting, message); break;
            case SyncEngine::State::Idle: setConnectionState(ConnectionState::Online, message); break;
            case SyncEngine::State::Syncing: setConnectionState(ConnectionState::Syncing, message); break;
            case SyncEngine::State::Offline: setConnectionState(ConnectionState::Offline, message); break;
            case SyncEngine::State::Error: setConnectionState(ConnectionState::Error, message); break;
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
                statusBar()->showMessage(tr("Fetching documents of your requests ahead: %1 of %2").arg(done + 1).arg(total), 5000);
            else
                statusBar()->clearMessage();
        });
        connect(sync, &SyncEngine::synced, this, [this](const QDateTime& at, int, int, int conflicts) {
            m_lastSync->setText(tr("Last sync: %1").arg(QLocale().toString(at.toLocalTime().time(), QLocale::ShortFormat)));
            if (conflicts > 0)
                statusBar()->showMessage(tr("%n change(s) need your decision (see the banner on the request).", nullptr, conflicts), 15000);
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
            m_viewer->open(doc->title, doc->mimeType, bytes.value());
        else
            m_viewer->showMessage(doc->title, bytes.errorString());
        return;
    }
    if (!m_sync) {
        m_viewer->showMessage(doc->title, tr("This document is not on this computer yet, and there is no connection to "
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
    if (!current.isValid() || !m_requestPane)
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
    for (auto v : {ViewsModel::View::Mine, ViewsModel::View::Team, ViewsModel::View::Unassigned, ViewsModel::View::Overdue,
                   ViewsModel::View::DueSoon, ViewsModel::View::All})
        m_views->setCount(v, m_inboxModel->countFor(v));
    const int pending = m_store->pendingCount();
    int decisions = 0;
    for (const Mutation& m : m_store->outbox(100000))
        decisions += m.state == Mutation::State::Conflict || m.state == Mutation::State::Rejected;
    QString text;
    if (pending > 0)
        text = tr("%n change(s) not yet sent", nullptr, pending);
    if (decisions > 0)
        text += (text.isEmpty() ? QString() : QStringLiteral(" · ")) + tr("%n need(s) your decision", nullptr, decisions);
    m_pending->setText(text.isEmpty() ? QString() : QStringLiteral("<a href=\"#problems\">%1</a>").arg(text.toHtmlEscaped()));
    m_pending->setAccessibleName(text);
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
        m_inboxView->selectionModel()->setCurrentIndex(m_inboxModel->index(row, 0),
                                                       QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_requestPane->showRequest(requestId);
    m_requestArea->setCurrentWidget(m_requestPane);
}

void MainWindow::setDemoBanner(bool visible)
{
    m_demoBanner->setVisible(visible);
    setWindowTitle(visible ? tr("ClerkDesk – DEMO") : tr("ClerkDesk"));
}

void MainWindow::showSettings()
{
    SettingsDialog dialog(m_settings, this);
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
