#include "XdomeaCommands.h"

#include "core/Settings.h"
#include "core/jobs/JobRunner.h"
#include "core/jobs/XdomeaJobs.h"
#include "core/store/Store.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QMainWindow>
#include <QMenu>
#include <QMessageBox>
#include <QStatusBar>

namespace clerk {

XdomeaCommands::XdomeaCommands(QMainWindow& window, JobRunner& jobs, Settings& settings)
    : QObject(&window)
    , m_window(window)
    , m_jobs(jobs)
    , m_settings(settings)
{ }

QAction* XdomeaCommands::addImportAction(QMenu* menu)
{
    m_import = menu->addAction(tr("Import &xdomea message…"));
    m_import->setObjectName(QStringLiteral("importXdomeaAction"));
    m_import->setToolTip(tr("Take over a case another authority handed over (xdomea 0401) or an archive delivered "
                            "(xdomea 0503)"));
    m_import->setEnabled(false); // enabled with a workspace
    connect(m_import, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            &m_window, tr("Import xdomea message"), QString(), tr("xdomea message (*.zip)"));
        if (!path.isEmpty())
            importMessage(path);
    });
    return m_import;
}

void XdomeaCommands::attach(Store* store, const QString& clerk)
{
    m_store = store;
    m_clerk = clerk;
    if (m_import)
        m_import->setEnabled(store != nullptr);
}

XdomeaImportJob* XdomeaCommands::importMessage(const QString& path)
{
    if (!m_store || !m_store->isUnlocked())
        return nullptr;
    xdomea::ImportOptions options;
    options.actor = m_clerk;
    options.assignee = m_clerk;
    auto* job = new XdomeaImportJob(*m_store, path, options, xdomea::senderFromSettings(m_settings));
    connect(job, &Job::finished, this, [this, job] { finished(job); });
    m_jobs.start(job);
    return job;
}

void XdomeaCommands::finished(XdomeaImportJob* job)
{
    const Status& s = job->status();
    if (!s) {
        if (job->wasCancelled())
            m_window.statusBar()->showMessage(s.errorString(), 10000);
        else {
            QMessageBox box(QMessageBox::Warning, tr("Import xdomea message"),
                tr("The xdomea message was not imported; nothing on this computer was changed.\n\n%1")
                    .arg(s.errorString()),
                QMessageBox::Ok, &m_window);
            box.setTextFormat(Qt::PlainText); // the sender's own words are never markup
            box.exec();
        }
        Q_EMIT failed(s.errorString());
        return;
    }
    const xdomea::ImportResult& r = job->result();
    // Written on the job's own connection: the window's models reload from the store.
    if (m_store && m_store->isUnlocked())
        m_store->notifyChanged(r.requestIds);
    QString message = tr("xdomea message imported: %n request(s).", nullptr, int(r.requestIds.size()));
    for (const QString& skipped : r.skipped) // (annotations left out; the request's Verlauf says it too)
        message += QLatin1Char(' ') + skipped;
    if (!job->acknowledgement().path.isEmpty())
        message += QLatin1Char(' ')
            + tr("Acknowledgement for the sender (xdomea 0402) written: %1")
                  .arg(QDir::toNativeSeparators(job->acknowledgement().path));
    if (!job->acknowledgement().note.isEmpty())
        message += QLatin1Char(' ') + job->acknowledgement().note;
    m_window.statusBar()->showMessage(message, 15000);
    if (!job->acknowledgementError().isEmpty()) {
        QMessageBox box(
            QMessageBox::Warning, tr("Import xdomea message"), job->acknowledgementError(), QMessageBox::Ok, &m_window);
        box.setTextFormat(Qt::PlainText);
        box.exec();
    }
    Q_EMIT imported(r.requestIds);
}

} // namespace clerk
