// The e-file commands of the window: "Import e-file…" (File menu) and "Export e-file…" (Request
// menu). Both run as jobs (core/jobs/EFileJobs) on a worker thread with progress and "Cancel" in
// the status bar, so the window stays usable meanwhile. When an imported request exists already,
// the clerk is asked whether to merge or keep both, and the import runs again as chosen.
#pragma once

#include <QObject>
#include <QPointer>
#include <functional>

class QAction;
class QMainWindow;
class QMenu;

namespace clerk {

class EFileExportJob;
class EFileImportJob;
class JobRunner;
class Store;
namespace efile {
enum class IfExists;
}

class EFileCommands : public QObject
{
    Q_OBJECT
public:
    EFileCommands(QMainWindow& window, JobRunner& jobs);

    // The actions, added to `menu`; both disabled until attach(). The export acts on the one
    // request `selection` answers.
    QAction* addImportAction(QMenu* menu);
    QAction* addExportAction(QMenu* menu, std::function<QStringList()> selection);
    void attach(Store* store, const QString& clerk);

    // Start the work; the outcome follows as exported/imported/failed (and in the status bar).
    EFileExportJob* exportEFile(const QString& requestId, const QString& path);
    EFileImportJob* importEFile(const QString& path);

Q_SIGNALS:
    void exported(const QString& requestId);
    void imported(const QString& requestId);
    // Cancelled or failed; the clerk was told (cancelled: in the status bar only).
    void failed(const QString& message);

private:
    EFileImportJob* startImport(const QString& path, efile::IfExists mode);
    void importFinished(EFileImportJob* job);

    QMainWindow& m_window;
    JobRunner& m_jobs;
    QPointer<Store> m_store;
    QString m_clerk;
    QPointer<QAction> m_import;
};

} // namespace clerk
