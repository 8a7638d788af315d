#include "MainWindow.h"

#include "AboutDialog.h"
#include "AussonderungCommands.h"
#include "DocumentExports.h"
#include "DocumentTabs.h"
#include "DocumentViewer.h"
#include "EFileCommands.h"
#include "HandOverCommands.h"
#include "InboxDelegate.h"
#include "InboxPage.h"
#include "JobProgress.h"
#include "NoteDraftKeeper.h"
#include "RequestActions.h"
#include "RequestPane.h"
#include "SavedSearchActions.h"
#include "SettingsDialog.h"
#include "SyncProblemsDialog.h"
#include "SyncStatusBar.h"
#include "UiLogging.h"
#include "WindowActions.h"
#include "XdomeaCommands.h"
#include "core/MemoryTrim.h"
#include "core/Settings.h"
#include "core/jobs/JobRunner.h"
#include "core/store/DocumentCache.h"
#include "core/store/Store.h"
#include "core/sync/SyncEngine.h"
#include "models/DateText.h"
#include "models/InboxModel.h"
#include "models/SidebarCounts.h"
#include "models/StatusNames.h"
#include "models/ViewsModel.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
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
    m_jobs = new JobRunner(this);
    m_trim = new MemoryTrim(this); // a window open all day gives back what it freed (MemoryTrim.h)
    connect(m_jobs, &JobRunner::finished, m_trim, &MemoryTrim::afterWork);
    m_efile = new EFileCommands(*this, *m_jobs);
    m_handOver = new HandOverCommands(*this, *m_jobs, m_settings);
    m_aussonderung = new AussonderungCommands(*this, *m_jobs, m_settings);
    connect(m_aussonderung, &AussonderungCommands::done, this, [this] { updateCounts(); });
    connect(m_efile, &EFileCommands::exported, this, &MainWindow::efileExported);
    connect(m_efile, &EFileCommands::imported, this, [this](const QString& requestId) {
        updateCounts();
        showRequest(requestId);
    });
    m_xdomea = new XdomeaCommands(*this, *m_jobs, m_settings);
    connect(m_xdomea, &XdomeaCommands::imported, this, [this](const QStringList& requestIds) {
        updateCounts();
        showRequest(requestIds.value(0));
    });
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
    m_efile->addImportAction(fileMenu);
    m_xdomea->addImportAction(fileMenu);
    m_aussonderung->addImportActions(fileMenu);
    fileMenu->addSeparator();
    auto* quit = fileMenu->addAction(QIcon::fromTheme(QStringLiteral("application-exit")), tr("&Quit"));
    quit->setObjectName(QStringLiteral("quitAction"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    m_menus = new WindowActions(*this, *m_tabs);
    m_search = m_menus->searchField();
    m_menus->addEditMenu();
    m_saveSearch = m_menus->saveSearchAction();
    m_removeSearch = m_menus->removeSearchAction();
    m_searches = new SavedSearchActions(*this, *m_viewsView, *m_views, *m_search);
    connect(m_saveSearch, &QAction::triggered, m_searches, &SavedSearchActions::save);
    connect(m_removeSearch, &QAction::triggered, m_searches, &SavedSearchActions::remove);
    connect(m_searches, &SavedSearchActions::changed, this, &MainWindow::updateCounts);
    m_menus->addViewMenu();

    auto* requestMenu = menuBar()->addMenu(tr("&Request"));
    requestMenu->setObjectName(QStringLiteral("requestMenu"));
    m_triage = new RequestActions(*this);
    // A double-click on a request opens its document, as one on a message opens it in a mail client.
    connect(m_inboxView, &QAbstractItemView::doubleClicked, m_triage, &RequestActions::openDocument);
    for (QAction* a : m_triage->actions()) {
        requestMenu->addAction(a);
        if (!a->isSeparator())
            m_requestActions << a;
    }
    requestMenu->addSeparator();
    m_requestActions << m_efile->addExportAction(requestMenu, [this] { return selectedRequestIds(); });
    m_requestActions << m_handOver->addHandOverAction(requestMenu, [this] { return selectedRequestIds(); });
    m_requestActions << m_aussonderung->addOfferAction(requestMenu, [this] { return selectedRequestIds(); });

    m_menus->addHelpMenu();
    m_menus->addToolBar(syncNow, lock);

    m_status = new SyncStatusBar(this);
    setStatusBar(m_status);
    connect(m_status, &SyncStatusBar::problemsWanted, this, &MainWindow::showSyncProblems);
    m_connection = m_status->connectionIndicator();
    m_pending = m_status->pendingLabel();
    m_searchIndex = m_status->searchIndexLabel();
    m_status->addPermanentWidget(new JobProgress(*m_jobs, this));
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
    auto* inbox = new InboxPage(this);
    m_splitter = inbox;
    m_views = inbox->views();
    m_viewsView = inbox->viewsSidebar();
    m_inbox = inbox->placeholderModel();
    m_inboxView = inbox->inboxView();
    m_delegate = new InboxDelegate(m_inboxView);
    m_inboxView->setItemDelegate(m_delegate);
    m_requestArea = inbox->requestArea();
    // Documents open in tabs beside this one and get the whole window (docs/ARCHITECTURE.md).
    m_tabs = new DocumentTabs(inbox, this);
    m_tabs->setJobRunner(m_jobs);
    setCentralWidget(m_tabs);
    connect(inbox, &InboxPage::requestEntered, this, [this] {
        selectionChanged();
        if (!m_requestPane)
            return;
        // Into the request: its first action.
        QWidget* first = m_requestPane->claimButton()->isEnabled() ? static_cast<QWidget*>(m_requestPane->claimButton())
                                                                   : m_requestPane->statusBox();
        first->setFocus(Qt::ShortcutFocusReason);
    });
}

void MainWindow::setConnectionState(ConnectionState state, const QString& detail)
{
    m_status->setConnectionState(state, detail);
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
    connect(&store, &Store::requestsChanged, m_trim, &MemoryTrim::afterWork, Qt::UniqueConnection);
    connect(m_inboxModel, &InboxModel::searchFinished, m_trim, &MemoryTrim::afterWork);
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
    m_inboxView->setColumnWidth(InboxModel::Service, 165);
    m_inboxView->setColumnWidth(InboxModel::Applicant, 160);
    m_inboxView->setColumnWidth(InboxModel::Due, 175);
    m_inboxView->setColumnWidth(InboxModel::Status, 150);
    m_inboxView->setColumnWidth(InboxModel::Flag, 40);
    m_inboxView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_inboxView->setAccessibleDescription(
        tr("J and K move, Enter opens, Ctrl+Shift+C claims; F1 lists every shortcut."));
    // The cells' texts it keeps go when the store locks (another view or search draws from them).
    connect(&store, &Store::locked, m_delegate, &InboxDelegate::forget);
    // Columns: the clerk chooses them (right click on the header); the choice is kept.
    QHeaderView* header = m_inboxView->horizontalHeader();
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(header, &QHeaderView::customContextMenuRequested, this, [this, header](const QPoint& pos) {
        if (m_splitter->chooseColumns(header->mapToGlobal(pos)))
            m_settings.remember(Settings::Key::InboxColumns, header->saveState());
    });
    const QByteArray columns = m_settings.value(Settings::Key::InboxColumns).toByteArray();
    if (!columns.isEmpty() && !header->restoreState(columns))
        qCWarning(lcUi) << "could not restore the inbox columns";
    m_inboxView->setSortingEnabled(true);
    for (auto signal : { &QHeaderView::sectionResized, &QHeaderView::sectionMoved })
        connect(header, signal, this,
            [this] { m_settings.remember(Settings::Key::InboxColumns, m_inboxView->horizontalHeader()->saveState()); });
    delete m_inbox;
    m_inbox = nullptr;

    if (auto* lock = findChild<QAction*>(QStringLiteral("lockAction")))
        lock->setEnabled(true);
    m_problemsAction->setEnabled(true);
    m_efile->attach(&store, clerkLogin);
    m_handOver->attach(&store);
    m_xdomea->attach(&store, clerkLogin);
    m_aussonderung->attach(&store);
    m_requestPane = new RequestPane(store, m_requestArea);
    m_requestPane->setClerk(clerkLogin);
    m_requestArea->addWidget(m_requestPane);
    m_tabs->setStore(&store, clerkLogin);
    m_triage->attach(store, clerkLogin);
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

    // The search runs on a worker thread; the list shows what it had until the answer comes.
    connect(m_inboxModel, &InboxModel::searchStarted, this, [this] { statusBar()->showMessage(tr("Searching …")); });
    connect(m_inboxModel, &InboxModel::searchFinished, this, [this](const QString& error) {
        if (statusBar()->currentMessage() == tr("Searching …"))
            statusBar()->clearMessage();
        if (!error.isEmpty())
            statusBar()->showMessage(tr("The search failed: %1").arg(error), 10000);
        m_menus->showSearchHits(*m_inboxModel);
    });
    connect(m_inboxModel, &QAbstractItemModel::modelReset, this, [this] { m_menus->showSearchHits(*m_inboxModel); });
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
    m_searches->attach(store, *m_inboxModel, m_removeSearch);
    connect(m_viewsView->selectionModel(), &QItemSelectionModel::currentChanged, m_searches,
        &SavedSearchActions::viewChosen);
    m_viewsView->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_viewsView->addAction(m_removeSearch);
    updateFacets();
    m_inboxModel->setView(m_viewsView->currentIndex().data(ViewsModel::SpecRole).value<ViewsModel::Spec>());
    connect(&store, &Store::requestsChanged, this, &MainWindow::updateCounts);
    connect(&store, &Store::locked, this, &MainWindow::stopJobs);
    updateCounts();
    updateActions();
    // Slices arrive from the sync thread's store (through the engine) or from this one.
    connect(&store, &Store::searchIndexProgress, this, &MainWindow::showSearchIndexProgress, Qt::UniqueConnection);
    if (store.searchIndexBuilding())
        showSearchIndexProgress(0, 0); // one left unfinished; the sync thread continues it
    else
        m_searchIndex->setVisible(false);

    if (m_settings.value(Settings::Key::InboxColumns).toByteArray().isEmpty())
        m_splitter->arrangeColumnsForTriage(); // (kept from now on, as the clerk's own order is)
    attachSync(sync);
}

void MainWindow::attachSync(SyncEngine* sync)
{
    m_sync = sync;
    m_syncNow->setEnabled(sync != nullptr);
    m_tabs->setSync(sync);
    if (sync) {
        connect(m_syncNow, &QAction::triggered, sync, &SyncEngine::syncNow);
        m_status->follow(sync);
        connect(sync, &SyncEngine::searchIndexProgress, this, &MainWindow::showSearchIndexProgress);
        connect(sync, &SyncEngine::synced, this, &MainWindow::updateCounts);
        connect(sync, &SyncEngine::synced, m_trim, &MemoryTrim::afterWork);
        // Requests the archive took over: the list's kept lines of them go too.
        connect(sync, &SyncEngine::archiveSettled, m_delegate, [this](int purged) {
            if (purged > 0)
                m_delegate->forget();
        });
    }
}

void MainWindow::openDocument(const QString& documentId)
{
    m_tabs->openDocument(documentId);
}

QSplitter* MainWindow::splitter() const
{
    return m_splitter;
}

DocumentViewer* MainWindow::documentViewer() const
{
    return m_tabs->currentViewer() ? m_tabs->currentViewer() : m_tabs->lastViewer();
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
    // One pass over the requests for all counts, the saved searches' with them (at once, or on a
    // worker for a large store).
    QStringList saved;
    for (const ViewsModel::Spec& spec : m_views->specs())
        if (spec.kind == ViewsModel::View::Saved)
            saved << spec.param;
    m_counts->setSavedSearches(saved);
    m_counts->update();
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
    m_tabs->showInbox();
}

void MainWindow::applyCounts(const QList<QPair<ViewsModel::Spec, int>>& counts)
{
    // A facet with no requests counts 0.
    QHash<QString, int> byKey;
    auto key
        = [](const ViewsModel::Spec& spec) { return QString::number(int(spec.kind)) + QLatin1Char('|') + spec.param; };
    for (const auto& [spec, n] : counts)
        byKey.insert(key(spec), n);
    for (const ViewsModel::Spec& spec : m_views->specs()) {
        if (spec.kind != ViewsModel::View::Saved)
            m_views->setCount(spec, byKey.value(key(spec), 0));
        else if (const auto n = byKey.constFind(key(spec)); n != byKey.cend())
            m_views->setCount(spec, *n); // (a search saved since the pass began: the next one counts it)
    }
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
    if (m_inboxModel)
        m_inboxModel->holdSearch(hold);
    if (hold)
        stopJobs();
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
    for (const char* k : { "portal", "fitconnect", "email", "counter", "xdomea" })
        channels << qMakePair(QLatin1String(k), StatusNames::channel(QLatin1String(k)));
    const QSignalBlocker blocker(m_viewsView->selectionModel());
    m_views->setFacets(m_inboxModel->services(), statuses, channels);
    m_views->setSavedSearches(m_store->savedSearches().list().valueOrEmpty(lcUi, "reading the saved searches"));
    const int row = m_views->rowOf(spec);
    m_viewsView->setCurrentIndex(m_views->index(row >= 0 ? row : 0));
    Q_UNUSED(current);
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
    for (const char* single : { "requestDocumentsAction", "openDocumentAction", "exportEFileAction" })
        if (auto* a = findChild<QAction*>(QLatin1String(single)))
            a->setEnabled(n == 1);
    if (n > 1)
        statusBar()->showMessage(tr("%n request(s) selected: the Request menu acts on all of them.", nullptr, n), 5000);
}

void MainWindow::stopJobs()
{
    // Before the store locks or its key changes: no job keeps a connection (or the key) open.
    m_jobs->cancelAll();
    m_jobs->waitForDone();
}

void MainWindow::setDemoBanner(bool visible)
{
    m_status->setDemoBanner(visible);
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

void MainWindow::restoreLayout()
{
    const QByteArray geometry = m_settings.value(Settings::Key::WindowGeometry).toByteArray();
    if (!geometry.isEmpty() && !restoreGeometry(geometry))
        qCWarning(lcUi) << "could not restore the window geometry";
    const QByteArray state = m_settings.value(Settings::Key::WindowState).toByteArray();
    if (!state.isEmpty())
        restoreState(state);
    m_splitter->restoreSizes(m_settings.value(Settings::Key::SplitterState).toByteArray());
}

void MainWindow::saveLayout()
{
    m_settings.remember(Settings::Key::WindowGeometry, saveGeometry());
    m_settings.remember(Settings::Key::WindowState, saveState());
    m_settings.remember(Settings::Key::SplitterState, m_splitter->saveState());
    m_settings.sync();
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (m_requestPane && !m_requestPane->noteDrafts()->mayClose()) {
        event->ignore(); // (a note the store refused stays, to be copied)
        return;
    }
    m_tabs->showInbox(); // the docks a document folded away are part of the layout kept
    saveLayout();
    event->accept();
}

} // namespace clerk
