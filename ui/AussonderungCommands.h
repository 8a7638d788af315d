// The Aussonderung in the window (core/xdomea/XdomeaAussonderung.h):
// - Request → Offer to the archive…: the dialog (AussonderungDialog), a folder, the offer list as a job;
// - File → Import the archive's assessment…: the 0502, a folder for the delivery (0503), as a job;
// - File → Import the archive's confirmation…: the 0506, as a job; the archived requests leave.
// Refusals are shown in a message box in the clerk's words with nothing changed.
#pragma once

#include <QObject>
#include <QPointer>
#include <functional>

class QAction;
class QMainWindow;
class QMenu;

namespace clerk {

class ArchiveAssessmentJob;
class ArchiveConfirmationJob;
class AussonderungOfferJob;
class JobRunner;
class Settings;
class Store;

class AussonderungCommands : public QObject
{
    Q_OBJECT
public:
    AussonderungCommands(QMainWindow& window, JobRunner& jobs, Settings& settings);

    QAction* addOfferAction(QMenu* menu, std::function<QStringList()> selection);
    void addImportActions(QMenu* menu);
    void attach(Store* store);

    // The work behind the actions, after their dialogs (also for tests).
    AussonderungOfferJob* offer(const QStringList& requestIds, const QString& archiveName,
        const QString& archiveShortName, const QString& folder);
    ArchiveAssessmentJob* importAssessment(const QString& path, const QString& folder);
    ArchiveConfirmationJob* importConfirmation(const QString& path);

Q_SIGNALS:
    void done(const QString& message);
    void failed(const QString& message);

private:
    void refused(const QString& title, const QString& message);

    QMainWindow& m_window;
    JobRunner& m_jobs;
    Settings& m_settings;
    QPointer<Store> m_store;
    QList<QAction*> m_imports;
};

} // namespace clerk
