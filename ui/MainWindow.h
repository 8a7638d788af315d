// The clerk's main window: the inbox tab (views sidebar, inbox list, request) and a tab per open
// document (DocumentTabs), with the menu bar, toolbar and a status bar that always shows the
// connection and sync state (SyncStatusBar). The parts live in their own classes: InboxPage
// (layout of the inbox tab), WindowActions (Edit, View, Help, toolbar), RequestActions (triage
// on the selection), SavedSearchActions; this class wires them to the store and the sync engine.
#pragma once

#include "core/Result.h"
#include "core/domain/Domain.h"
#include "models/ViewsModel.h"
#include "ui/SyncStatusBar.h"

#include <QMainWindow>
#include <functional>
#include <memory>

class QLabel;
class QLineEdit;
class QSplitter;
class QStackedWidget;
class QTableView;
class QListView;
class QStandardItemModel;

namespace clerk {

class DocumentTabs;
class MemoryTrim;
class DocumentViewer;
class InboxDelegate;
class InboxPage;
class InboxModel;
class RequestActions;
class RequestPane;
class SavedSearchActions;
class SidebarCounts;
class Settings;
class Store;
class SyncEngine;
class ViewsModel;
class WindowActions;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    using ConnectionState = SyncStatusBar::ConnectionState;

    explicit MainWindow(Settings& settings, QWidget* parent = nullptr);
    ~MainWindow() override;

    void setConnectionState(ConnectionState state, const QString& detail = {});
    // Connects the window to an unlocked store (and, when online, its sync engine).
    void attachWorkspace(Store& store, SyncEngine* sync, const QString& clerkLogin);
    // Connects (again, after an unlock) the sync engine's state to the status bar.
    void attachSync(SyncEngine* sync);
    InboxModel* inboxModel() const { return m_inboxModel; }
    RequestPane* requestPane() const { return m_requestPane; }
    // The document shown, or else the one shown last (null when no document is open).
    DocumentViewer* documentViewer() const;
    DocumentTabs* documentTabs() const { return m_tabs; }
    // Stores with at least this many requests count the sidebar on a worker thread (tests set 0).
    static void setBackgroundCountsFrom(qint64 requests);
    // While the store's file is replaced under a new key (passphrase change): the background
    // counts' worker connection (opened with the old key) is closed and none is opened; releasing
    // counts again through a new one.
    void holdWorkerConnections(bool hold);
    // In a tab of its own (shown when it is open already).
    void openDocument(const QString& documentId);
    QLineEdit* searchField() const { return m_search; }
    void setDemoBanner(bool visible);
    // Selects the request in the inbox (when the current view holds it) and shows it.
    void showRequest(const QString& requestId);
    class SyncProblemsDialog* syncProblemsDialog() const { return m_problems; }

    // The inbox tab: views sidebar, inbox list and request area side by side.
    QSplitter* splitter() const;
    QListView* viewsSidebar() const { return m_viewsView; }
    QTableView* inboxView() const { return m_inboxView; }
    QStackedWidget* requestArea() const { return m_requestArea; }
    QLabel* connectionIndicator() const { return m_connection; }
    QLabel* searchIndexIndicator() const { return m_searchIndex; }

    // E-file import and export (as jobs, with progress and cancel in the status bar).
    class EFileCommands* efileCommands() const { return m_efile; }
    class HandOverCommands* handOverCommands() const { return m_handOver; }
    class XdomeaCommands* xdomeaCommands() const { return m_xdomea; }
    class AussonderungCommands* aussonderungCommands() const { return m_aussonderung; }
    class JobRunner* jobs() const { return m_jobs; }

Q_SIGNALS:
    void lockRequested();
    // Settings → "Change passphrase…" (the application's Workspace answers it); `parent`: the
    // settings dialog, for the dialog that follows.
    void changePassphraseRequested(QWidget* parent);
    void efileExported(const QString& requestId);

public Q_SLOTS:
    void showSettings();
    void showSyncProblems();

    // The requests the Request menu acts on: the selected rows, or the current one.
    QStringList selectedRequestIds() const;

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createActions();
    void updateCounts();
    // The search index being built after a first sync: shown in the status bar, and searches
    // run again when it is complete. total 0: building, progress not known yet.
    void showSearchIndexProgress(qint64 indexed, qint64 total);
    void selectionChanged();
    void createCentralArea();
    void restoreLayout();
    void saveLayout();
    void updateActions();
    void updateFacets();
    Settings& m_settings;
    InboxPage* m_splitter = nullptr;
    DocumentTabs* m_tabs = nullptr;
    WindowActions* m_menus = nullptr;
    RequestActions* m_triage = nullptr;
    SavedSearchActions* m_searches = nullptr;
    SyncStatusBar* m_status = nullptr;
    QListView* m_viewsView = nullptr;
    QTableView* m_inboxView = nullptr;
    QStackedWidget* m_requestArea = nullptr;
    QLineEdit* m_search = nullptr;
    QLabel* m_connection = nullptr;
    ViewsModel* m_views = nullptr;
    QStandardItemModel* m_inbox = nullptr;
    Store* m_store = nullptr;
    SyncEngine* m_sync = nullptr;
    InboxModel* m_inboxModel = nullptr;
    RequestPane* m_requestPane = nullptr;
    QAction* m_syncNow = nullptr;
    QLabel* m_pending = nullptr;
    QLabel* m_searchIndex = nullptr;
    class SyncProblemsDialog* m_problems = nullptr;
    QAction* m_problemsAction = nullptr;
    QList<QAction*> m_requestActions;
    QAction* m_saveSearch = nullptr;
    QAction* m_removeSearch = nullptr;
    InboxDelegate* m_delegate = nullptr;
    MemoryTrim* m_trim = nullptr;
    QString m_clerk;
    // Sidebar counts of a large store are computed on a worker connection off the GUI thread.
    void applyCounts(const QList<QPair<ViewsModel::Spec, int>>& counts);
    // Cancels the running jobs and waits for them (before a lock or a passphrase change).
    void stopJobs();
    class JobRunner* m_jobs = nullptr;
    class EFileCommands* m_efile = nullptr;
    class HandOverCommands* m_handOver = nullptr;
    class XdomeaCommands* m_xdomea = nullptr;
    class AussonderungCommands* m_aussonderung = nullptr;
    SidebarCounts* m_counts = nullptr;
    bool m_currentLeaving = false; // the current row is being removed from the inbox list
};

} // namespace clerk
