// "File → Import xdomea message…": an xdomea hand-over (0401) or archive delivery (0503) from
// another authority's system, checked and imported as a job (core/jobs/XdomeaJobs) with progress
// and "Cancel" in the status bar. Each Vorgang becomes a request of the clerk's, assigned to them.
// A hand-over taken over is acknowledged to its sender: the 0402 is written beside the message,
// in the name of the authority configured (Settings::Key::Authority*).
#pragma once

#include <QObject>
#include <QPointer>

class QAction;
class QMainWindow;
class QMenu;

namespace clerk {

class JobRunner;
class Settings;
class Store;
class XdomeaImportJob;

class XdomeaCommands : public QObject
{
    Q_OBJECT
public:
    XdomeaCommands(QMainWindow& window, JobRunner& jobs, Settings& settings);

    // The action, added to `menu`; disabled until attach().
    QAction* addImportAction(QMenu* menu);
    void attach(Store* store, const QString& clerk);

    // Starts the import; the outcome follows as imported/failed (and in the status bar).
    XdomeaImportJob* importMessage(const QString& path);

Q_SIGNALS:
    void imported(const QStringList& requestIds);
    // Cancelled or failed; the clerk was told (cancelled: in the status bar only).
    void failed(const QString& message);

private:
    void finished(XdomeaImportJob* job);

    QMainWindow& m_window;
    JobRunner& m_jobs;
    Settings& m_settings;
    QPointer<Store> m_store;
    QString m_clerk;
    QPointer<QAction> m_import;
};

} // namespace clerk
