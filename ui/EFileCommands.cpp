#include "EFileCommands.h"

#include "MainWindow.h"
#include "core/jobs/EFileJobs.h"
#include "core/jobs/JobRunner.h"
#include "core/store/Store.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QMainWindow>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QStatusBar>

namespace clerk {

// The commands' words kept their context (clerk::MainWindow) when they moved here: same German.

EFileCommands::EFileCommands(QMainWindow& window, JobRunner& jobs)
    : QObject(&window)
    , m_window(window)
    , m_jobs(jobs)
{ }

QAction* EFileCommands::addImportAction(QMenu* menu)
{
    m_import = menu->addAction(MainWindow::tr("&Import e-file…"));
    m_import->setObjectName(QStringLiteral("importEFileAction"));
    m_import->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I));
    m_import->setEnabled(false); // enabled with a workspace
    connect(m_import, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            &m_window, MainWindow::tr("Import e-file"), QString(), MainWindow::tr("E-file package (*.zip)"));
        if (!path.isEmpty())
            importEFile(path);
    });
    return m_import;
}

QAction* EFileCommands::addExportAction(QMenu* menu, std::function<QStringList()> selection)
{
    auto* action = menu->addAction(MainWindow::tr("&Export e-file…"));
    action->setObjectName(QStringLiteral("exportEFileAction"));
    action->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    action->setEnabled(false); // enabled when one request is selected
    connect(action, &QAction::triggered, this, [this, selection = std::move(selection)] {
        const QStringList ids = selection();
        if (ids.size() != 1 || !m_store)
            return;
        auto r = m_store->request(ids.first());
        if (!r)
            return;
        const QString path = QFileDialog::getSaveFileName(&m_window, MainWindow::tr("Export e-file"),
            r->reference + QStringLiteral(".zip"), MainWindow::tr("E-file package (*.zip)"));
        if (!path.isEmpty())
            exportEFile(ids.first(), path);
    });
    return action;
}

void EFileCommands::attach(Store* store, const QString& clerk)
{
    m_store = store;
    m_clerk = clerk;
    if (m_import)
        m_import->setEnabled(store != nullptr);
}

EFileExportJob* EFileCommands::exportEFile(const QString& requestId, const QString& path)
{
    if (!m_store || !m_store->isUnlocked())
        return nullptr;
    auto* job = new EFileExportJob(*m_store, requestId, path);
    connect(job, &Job::finished, this, [this, job] {
        const Status& s = job->status();
        if (!s) {
            if (!job->wasCancelled())
                QMessageBox::warning(&m_window, MainWindow::tr("Export e-file"), s.errorString());
            m_window.statusBar()->showMessage(s.errorString(), 10000);
            Q_EMIT failed(s.errorString());
            return;
        }
        m_window.statusBar()->showMessage(
            MainWindow::tr("E-file exported to %1").arg(QDir::toNativeSeparators(job->zipPath())), 10000);
        Q_EMIT exported(job->requestId());
    });
    m_jobs.start(job);
    return job;
}

EFileImportJob* EFileCommands::importEFile(const QString& path)
{
    return startImport(path, efile::IfExists::Refuse);
}

EFileImportJob* EFileCommands::startImport(const QString& path, efile::IfExists mode)
{
    if (!m_store || !m_store->isUnlocked())
        return nullptr;
    auto* job = new EFileImportJob(*m_store, path, mode, m_clerk);
    connect(job, &Job::finished, this, [this, job] { importFinished(job); });
    m_jobs.start(job);
    return job;
}

void EFileCommands::importFinished(EFileImportJob* job)
{
    const Status& s = job->status();
    if (job->needsChoice()) {
        QMessageBox ask(
            QMessageBox::Question, MainWindow::tr("Import e-file"), s.errorString(), QMessageBox::Cancel, &m_window);
        ask.setTextFormat(Qt::PlainText); // the package's own texts (its reference) are never markup
        auto* merge = ask.addButton(MainWindow::tr("&Merge"), QMessageBox::AcceptRole);
        auto* both = ask.addButton(MainWindow::tr("&Keep both"), QMessageBox::AcceptRole);
        merge->setObjectName(QStringLiteral("importMerge"));
        both->setObjectName(QStringLiteral("importKeepBoth"));
        ask.setInformativeText(
            MainWindow::tr("Merge adds the documents, notes and annotations this computer does not have and keeps "
                           "the request as it is here. Keep both imports the package as a separate request."));
        ask.exec();
        if (ask.clickedButton() != merge && ask.clickedButton() != both) {
            Q_EMIT failed(s.errorString());
            return;
        }
        startImport(job->zipPath(), ask.clickedButton() == merge ? efile::IfExists::Merge : efile::IfExists::KeepBoth);
        return;
    }
    if (!s) {
        if (job->wasCancelled())
            m_window.statusBar()->showMessage(s.errorString(), 10000);
        else
            QMessageBox::warning(&m_window, MainWindow::tr("Import e-file"),
                MainWindow::tr("The e-file was not imported; nothing on this computer was changed.\n\n%1")
                    .arg(s.errorString()));
        Q_EMIT failed(s.errorString());
        return;
    }
    const efile::ImportResult& r = job->result();
    // Written on the job's own connection: the window's models reload from the store.
    if (m_store && m_store->isUnlocked())
        m_store->notifyChanged({ r.requestId });
    m_window.statusBar()->showMessage(MainWindow::tr("E-file imported: %n document(s).", nullptr, r.documents), 10000);
    Q_EMIT imported(r.requestId);
}

} // namespace clerk
