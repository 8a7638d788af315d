// "Request → Hand over to another authority…": the selected requests, with all their documents,
// as an xdomea 3.1.0 message 0401 (core/xdomea) for the authority that takes them over. A small
// dialog asks for that authority (name, short name, Behördenkennung) and shows who hands over (the
// authority in the settings, which city IT may lock by policy); then a save dialog, then the work
// as a job (core/jobs/XdomeaJobs) with progress and "Cancel" in the status bar.
#pragma once

#include "core/xdomea/XdomeaWriter.h"

#include <QDialog>
#include <QObject>
#include <QPointer>
#include <functional>

class QAction;
class QDialogButtonBox;
class QLineEdit;
class QMainWindow;
class QMenu;

namespace clerk {

class JobRunner;
class Settings;
class Store;
class XdomeaExportJob;

// Asks for the authority that takes `count` requests over.
class HandOverDialog : public QDialog
{
    Q_OBJECT
public:
    HandOverDialog(const xdomea::Authority& sender, int count, QWidget* parent = nullptr);
    // What the clerk entered; the Behördenkennung split into prefix and key.
    xdomea::Authority receiver() const;

private:
    void updateButtons();

    QLineEdit* m_name = nullptr;
    QLineEdit* m_shortName = nullptr;
    QLineEdit* m_id = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

class HandOverCommands : public QObject
{
    Q_OBJECT
public:
    HandOverCommands(QMainWindow& window, JobRunner& jobs, Settings& settings);

    // The action, added to `menu`; it acts on the requests `selection` answers.
    QAction* addHandOverAction(QMenu* menu, std::function<QStringList()> selection);
    void attach(Store* store);

    // Starts the work; the outcome follows as handedOver/failed (and in the status bar).
    XdomeaExportJob* handOver(const QStringList& requestIds, const xdomea::Authority& receiver,
        const QString& processId, const QString& path);

Q_SIGNALS:
    void handedOver(const QString& zipPath);
    void failed(const QString& message);

private:
    QMainWindow& m_window;
    JobRunner& m_jobs;
    Settings& m_settings;
    QPointer<Store> m_store;
};

} // namespace clerk
