#include "AussonderungCommands.h"

#include "AussonderungDialog.h"
#include "core/Settings.h"
#include "core/jobs/AussonderungJobs.h"
#include "core/jobs/JobRunner.h"
#include "core/store/Store.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QMainWindow>
#include <QMenu>
#include <QMessageBox>
#include <QStandardPaths>
#include <QStatusBar>

namespace clerk {

namespace {
QString documentsFolder()
{
    return QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
}
} // namespace

AussonderungCommands::AussonderungCommands(QMainWindow& window, JobRunner& jobs, Settings& settings)
    : QObject(&window)
    , m_window(window)
    , m_jobs(jobs)
    , m_settings(settings)
{ }

QAction* AussonderungCommands::addOfferAction(QMenu* menu, std::function<QStringList()> selection)
{
    auto* action = menu->addAction(tr("Offer to the &archive…"));
    action->setObjectName(QStringLiteral("offerToArchiveAction"));
    action->setToolTip(tr("Offer closed requests whose retention period has ended to the archive (xdomea 0501)"));
    action->setEnabled(false); // enabled when requests are selected
    connect(action, &QAction::triggered, this, [this, selection = std::move(selection)] {
        const QStringList ids = selection();
        if (ids.isEmpty() || !m_store || !m_store->isUnlocked())
            return;
        auto candidates = xdomea::offerCandidates(*m_store, ids);
        if (!candidates) {
            refused(tr("Offer to the archive"), candidates.errorString());
            return;
        }
        AussonderungDialog dialog(xdomea::senderFromSettings(m_settings), candidates.value(), &m_window);
        if (dialog.exec() != QDialog::Accepted)
            return;
        const QString folder
            = QFileDialog::getExistingDirectory(&m_window, tr("Folder for the offer list"), documentsFolder());
        if (!folder.isEmpty())
            offer(dialog.offerable(), dialog.archive().name, dialog.archive().shortName, folder);
    });
    return action;
}

void AussonderungCommands::addImportActions(QMenu* menu)
{
    auto* assessment = menu->addAction(tr("Import the archive's &assessment…"));
    assessment->setObjectName(QStringLiteral("importAssessmentAction"));
    assessment->setToolTip(tr("Read the archive's assessment (xdomea 0502) and write the delivery of the requests it "
                              "keeps (xdomea 0503)"));
    connect(assessment, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            &m_window, tr("Import the archive's assessment"), QString(), tr("xdomea message (*.zip *.xml)"));
        if (path.isEmpty())
            return;
        const QString folder = QFileDialog::getExistingDirectory(
            &m_window, tr("Folder for the delivery to the archive"), documentsFolder());
        if (!folder.isEmpty())
            importAssessment(path, folder);
    });
    auto* confirmation = menu->addAction(tr("Import the archive's &confirmation…"));
    confirmation->setObjectName(QStringLiteral("importConfirmationAction"));
    confirmation->setToolTip(tr("Read the archive's confirmation (xdomea 0506): the requests it took over are marked "
                                "archived and removed from this computer"));
    connect(confirmation, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            &m_window, tr("Import the archive's confirmation"), QString(), tr("xdomea message (*.zip *.xml)"));
        if (!path.isEmpty())
            importConfirmation(path);
    });
    m_imports = { assessment, confirmation };
    for (QAction* a : std::as_const(m_imports))
        a->setEnabled(m_store != nullptr);
}

void AussonderungCommands::attach(Store* store)
{
    m_store = store;
    for (QAction* a : std::as_const(m_imports))
        a->setEnabled(store != nullptr);
}

void AussonderungCommands::refused(const QString& title, const QString& message)
{
    QMessageBox box(QMessageBox::Warning, title, message, QMessageBox::Ok, &m_window);
    box.setTextFormat(Qt::PlainText); // the archive's own words are never markup
    box.exec();
    m_window.statusBar()->showMessage(message.section(QLatin1Char('\n'), 0, 0), 10000);
    Q_EMIT failed(message);
}

AussonderungOfferJob* AussonderungCommands::offer(
    const QStringList& requestIds, const QString& archiveName, const QString& archiveShortName, const QString& folder)
{
    if (!m_store || !m_store->isUnlocked())
        return nullptr;
    xdomea::Authority archive;
    archive.name = archiveName;
    archive.shortName = archiveShortName;
    auto* job = new AussonderungOfferJob(
        *m_store, requestIds, xdomea::senderFromSettings(m_settings), archive, xdomea::newProcessId(), folder);
    connect(job, &Job::finished, this, [this, job, archiveName] {
        if (!job->status()) {
            refused(tr("Offer to the archive"), tr("Nothing was offered.\n\n%1").arg(job->status().errorString()));
            return;
        }
        const QString message
            = tr("%n request(s) offered to %1. The offer list is written once the city backend has accepted the "
                 "offer (at the next synchronisation; the request's history says so): %2",
                nullptr, int(job->result().requestIds.size()))
                  .arg(archiveName, QDir::toNativeSeparators(job->result().zipPath));
        m_window.statusBar()->showMessage(message, 15000);
        Q_EMIT done(message);
    });
    m_jobs.start(job);
    return job;
}

ArchiveAssessmentJob* AussonderungCommands::importAssessment(const QString& path, const QString& folder)
{
    if (!m_store || !m_store->isUnlocked())
        return nullptr;
    auto* job = new ArchiveAssessmentJob(*m_store, path, xdomea::senderFromSettings(m_settings), folder);
    connect(job, &Job::finished, this, [this, job] {
        const Status& s = job->status();
        if (!s) {
            if (job->wasCancelled())
                m_window.statusBar()->showMessage(s.errorString(), 10000);
            else
                refused(tr("Import the archive's assessment"),
                    tr("The archive's assessment was not imported; nothing was changed.\n\n%1").arg(s.errorString()));
            return;
        }
        const xdomea::AssessmentResult& r = job->result();
        QString message = tr("The archive keeps %n request(s)", nullptr, int(r.archived.size())) + QLatin1Char(' ')
            + tr("and releases %n for destruction.", nullptr, int(r.destroyed.size()));
        if (!r.zipPath.isEmpty())
            message += QLatin1Char('\n')
                + tr("The delivery to the archive is written once the city backend has accepted the hand-over (at "
                     "the next synchronisation; the request's history says so). Then send it to the archive: %1")
                      .arg(QDir::toNativeSeparators(r.zipPath));
        QMessageBox::information(&m_window, tr("Import the archive's assessment"), message);
        Q_EMIT done(message);
    });
    m_jobs.start(job);
    return job;
}

ArchiveConfirmationJob* AussonderungCommands::importConfirmation(const QString& path)
{
    if (!m_store || !m_store->isUnlocked())
        return nullptr;
    auto* job = new ArchiveConfirmationJob(*m_store, path);
    connect(job, &Job::finished, this, [this, job] {
        const Status& s = job->status();
        if (!s) {
            refused(tr("Import the archive's confirmation"),
                tr("The archive's confirmation was not imported; nothing was changed.\n\n%1").arg(s.errorString()));
            return;
        }
        const xdomea::ConfirmationResult& r = job->result();
        // Written on the job's own connection: the window's models reload from the store.
        if (m_store && m_store->isUnlocked())
            m_store->notifyChanged(r.archived);
        QString message = tr("The archive took over %n request(s); they leave this computer once the city backend "
                             "has recorded it (at the next synchronisation).",
            nullptr, int(r.archived.size()));
        if (!r.failed.isEmpty())
            message += QLatin1Char('\n') + tr("Not taken over:") + QLatin1Char('\n') + r.failed.join(QLatin1Char('\n'));
        QMessageBox box(
            QMessageBox::Information, tr("Import the archive's confirmation"), message, QMessageBox::Ok, &m_window);
        box.setTextFormat(Qt::PlainText);
        box.exec();
        Q_EMIT done(message);
    });
    m_jobs.start(job);
    return job;
}

} // namespace clerk
