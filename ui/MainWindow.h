// The clerk's main window: views sidebar, inbox list, and the request / e-file area, with the
// menu bar, toolbar and a status bar that always shows the connection and sync state.
#pragma once

#include "core/Result.h"
#include "core/domain/Domain.h"
#include "models/ViewsModel.h"

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

class DocumentViewer;
class InboxDelegate;
class InboxModel;
class RequestPane;
class SidebarCounts;
class Settings;
class Store;
class SyncEngine;
class ViewsModel;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    enum class ConnectionState { Offline, Connecting, Online, Syncing, Error };
    Q_ENUM(ConnectionState)

    explicit MainWindow(Settings& settings, QWidget* parent = nullptr);
    ~MainWindow() override;

    void setConnectionState(ConnectionState state, const QString& detail = {});
    // Connects the window to an unlocked store (and, when online, its sync engine).
    void attachWorkspace(Store& store, SyncEngine* sync, const QString& clerkLogin);
    // Connects (again, after an unlock) the sync engine's state to the status bar.
    void attachSync(SyncEngine* sync);
    InboxModel* inboxModel() const { return m_inboxModel; }
    RequestPane* requestPane() const { return m_requestPane; }
    DocumentViewer* documentViewer() const { return m_viewer; }
    // Stores with at least this many requests count the sidebar on a worker thread (tests set 0).
    static void setBackgroundCountsFrom(qint64 requests);
    // While the store's file is replaced under a new key (passphrase change): the background
    // counts' worker connection (opened with the old key) is closed and none is opened; releasing
    // counts again through a new one.
    void holdWorkerConnections(bool hold);
    void openDocument(const QString& documentId);
    QLineEdit* searchField() const { return m_search; }
    void setDemoBanner(bool visible);
    // Selects the request in the inbox (when the current view holds it) and shows it.
    void showRequest(const QString& requestId);
    class SyncProblemsDialog* syncProblemsDialog() const { return m_problems; }

    QSplitter* splitter() const { return m_splitter; }
    QListView* viewsSidebar() const { return m_viewsView; }
    QTableView* inboxView() const { return m_inboxView; }
    QStackedWidget* requestArea() const { return m_requestArea; }
    QLabel* connectionIndicator() const { return m_connection; }
    QLabel* searchIndexIndicator() const { return m_searchIndex; }

    // The e-file package of one request to a file, with progress and cancel; false when it failed
    // or was cancelled (the clerk was told why).
    bool exportEFile(const QString& requestId, const QString& path);
    // A package into this profile; asks whether to merge or keep both when the request exists.
    bool importEFile(const QString& path);

Q_SIGNALS:
    void lockRequested();
    // Settings → "Change passphrase…" (the application's Workspace answers it); `parent`: the
    // settings dialog, for the dialog that follows.
    void changePassphraseRequested(QWidget* parent);
    void efileExported(const QString& requestId);

public Q_SLOTS:
    void showSettings();
    void showAbout();
    void showSyncProblems();
    void showShortcuts();

    // The requests the Request menu acts on: the selected rows, or the current one.
    QStringList selectedRequestIds() const;

protected:
    void closeEvent(QCloseEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

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
    void report(int done, const QStringList& errors, const QString& what);
    // Applies one change per request and reports how many went through (and the first failure).
    void changeEach(const QStringList& ids, const std::function<Result<Mutation>(const QString&)>& change,
        const std::function<QString(int)>& success);
    void bulkClaim();
    void bulkAssign();
    void bulkStatus();
    void bulkNote();
    void toggleRead();
    void toggleFlag();
    void saveSearch();
    void removeSavedSearch();
    void chooseColumns(const QPoint& pos);
    void viewChosen(const QModelIndex& index);
    Settings& m_settings;
    QSplitter* m_splitter = nullptr;
    QListView* m_viewsView = nullptr;
    QTableView* m_inboxView = nullptr;
    QStackedWidget* m_requestArea = nullptr;
    QLineEdit* m_search = nullptr;
    QLabel* m_connection = nullptr;
    QLabel* m_lastSync = nullptr;
    QLabel* m_demoBanner = nullptr;
    ViewsModel* m_views = nullptr;
    QStandardItemModel* m_inbox = nullptr;
    Store* m_store = nullptr;
    SyncEngine* m_sync = nullptr;
    InboxModel* m_inboxModel = nullptr;
    RequestPane* m_requestPane = nullptr;
    DocumentViewer* m_viewer = nullptr;
    QString m_waitingForDocument;
    QAction* m_syncNow = nullptr;
    QLabel* m_pending = nullptr;
    QLabel* m_searchIndex = nullptr;
    class SyncProblemsDialog* m_problems = nullptr;
    QAction* m_problemsAction = nullptr;
    QList<QAction*> m_requestActions;
    QAction* m_saveSearch = nullptr;
    QAction* m_removeSearch = nullptr;
    InboxDelegate* m_delegate = nullptr;
    QString m_clerk;
    // Sidebar counts of a large store are computed on a worker connection off the GUI thread.
    void applyCounts(const QList<QPair<ViewsModel::Spec, int>>& counts);
    SidebarCounts* m_counts = nullptr;
    bool m_currentLeaving = false; // the current row is being removed from the inbox list
};

} // namespace clerk
