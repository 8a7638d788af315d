#include "DocumentExports.h"

#include "DocumentViewer.h"
#include "PrintJob.h"
#include "RedactionPreview.h"
#include "core/jobs/JobRunner.h"
#include "core/jobs/PdfJobs.h"
#include "core/pdf/Xfdf.h"

#include <QFile>
#include <QFileDialog>
#include <QInputDialog>
#include <QLineEdit>
#include <QMessageBox>
#include <QPrintDialog>
#include <QPrinter>
#include <QRegularExpression>
#include <QSaveFile>

namespace clerk {

namespace {
bool saveTo(QWidget* parent, const QString& path, const QByteArray& data)
{
    QSaveFile f(path);
    if (f.open(QIODevice::WriteOnly) && f.write(data) == data.size() && f.commit())
        return true;
    QMessageBox::warning(parent, DocumentViewer::tr("Not saved"),
        DocumentViewer::tr("The file could not be saved: %1").arg(f.errorString()));
    return false;
}

QString baseName(const QString& title)
{
    QString name = title;
    name.remove(QRegularExpression(QStringLiteral("[\\\\/:*?\"<>|]")));
    if (name.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive))
        name.chop(4);
    return name.isEmpty() ? QStringLiteral("document") : name;
}
} // namespace

DocumentExports::DocumentExports(DocumentViewer& viewer)
    : QObject(&viewer)
    , m_viewer(viewer)
{ }

DocumentExports::~DocumentExports() = default;

void DocumentExports::setJobRunner(JobRunner* runner)
{
    m_jobs = runner;
}

JobRunner& DocumentExports::jobs()
{
    if (m_jobs)
        return *m_jobs;
    if (!m_ownJobs)
        m_ownJobs = std::make_unique<JobRunner>();
    return *m_ownJobs;
}

void DocumentExports::report(const QString& what, Job* job)
{
    const Status& s = job->status();
    if (!s && !job->wasCancelled())
        QMessageBox::warning(&m_viewer, what, s.errorString());
    Q_EMIT done(what, s ? QString() : s.errorString());
}

std::optional<QString> DocumentExports::askPassword(QWidget* parent, int attempt)
{
    bool ok = false;
    const QString label = attempt == 0
        ? DocumentViewer::tr("This PDF is protected by a password. Enter it to open the document:")
        : DocumentViewer::tr("The password is not correct. Try again:");
    const QString pw = QInputDialog::getText(
        parent, DocumentViewer::tr("Password-protected PDF"), label, QLineEdit::Password, {}, &ok);
    if (!ok)
        return std::nullopt;
    return pw;
}

void DocumentExports::exportAnnotated(bool flatten)
{
    const QString path = QFileDialog::getSaveFileName(&m_viewer, DocumentViewer::tr("Save annotated copy"),
        baseName(m_viewer.title()) + DocumentViewer::tr(" (annotated).pdf"), DocumentViewer::tr("PDF (*.pdf)"));
    if (!path.isEmpty())
        saveAnnotatedCopy(flatten, path);
}

AnnotatedCopyJob* DocumentExports::saveAnnotatedCopy(bool flatten, const QString& path)
{
    auto* job = new AnnotatedCopyJob(m_viewer.bytes(), m_viewer.annotations(), flatten, path);
    connect(job, &Job::finished, this, [this, job] { report(DocumentViewer::tr("Not saved"), job); });
    run(job);
    return job;
}

void DocumentExports::exportRedacted()
{
    int marks = 0;
    for (const Annotation& a : m_viewer.annotations())
        marks += a.type == AnnotationType::Redact;
    if (marks == 0) {
        QMessageBox::information(&m_viewer, DocumentViewer::tr("Redacted copy"),
            DocumentViewer::tr("There is nothing to redact yet. Mark the areas with the Redact tool (X) first."));
        return;
    }
    makeRedactedCopy();
}

RedactedCopyJob* DocumentExports::makeRedactedCopy()
{
    auto* job = new RedactedCopyJob(m_viewer.bytes(), m_viewer.annotations(), 200);
    const QString title = m_viewer.title();
    connect(job, &Job::finished, this, [this, job, title] {
        report(DocumentViewer::tr("Redacted copy"), job);
        if (!job->status())
            return;
        // The clerk sees the result, and what else the copy left behind, before it is saved.
        RedactionPreview preview(job->result(), &m_viewer);
        if (preview.exec() != QDialog::Accepted)
            return;
        const QString path = QFileDialog::getSaveFileName(&m_viewer, DocumentViewer::tr("Save redacted copy"),
            baseName(title) + DocumentViewer::tr(" (redacted).pdf"), DocumentViewer::tr("PDF (*.pdf)"));
        if (!path.isEmpty())
            saveTo(&m_viewer, path, job->result().pdf);
    });
    run(job);
    return job;
}

void DocumentExports::exportXfdf()
{
    const QString path = QFileDialog::getSaveFileName(&m_viewer, DocumentViewer::tr("Save annotations as XFDF"),
        baseName(m_viewer.title()) + QStringLiteral(".xfdf"), DocumentViewer::tr("XFDF (*.xfdf)"));
    if (!path.isEmpty())
        saveTo(&m_viewer, path, m_viewer.xfdf());
}

void DocumentExports::importXfdfFile()
{
    const QString path = QFileDialog::getOpenFileName(
        &m_viewer, DocumentViewer::tr("Import annotations"), {}, DocumentViewer::tr("XFDF (*.xfdf *.xml)"));
    if (path.isEmpty())
        return;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        QMessageBox::warning(&m_viewer, DocumentViewer::tr("Import annotations"),
            DocumentViewer::tr("The file could not be read: %1").arg(f.errorString()));
        return;
    }
    auto added = m_viewer.importXfdf(f.read(pdf::Xfdf::kMaxBytes + 1));
    if (!added)
        QMessageBox::warning(&m_viewer, DocumentViewer::tr("Import annotations"), added.errorString());
    else
        QMessageBox::information(&m_viewer, DocumentViewer::tr("Import annotations"),
            DocumentViewer::tr("%n annotation(s) added.", nullptr, added.value()));
}

void DocumentExports::run(Job* job)
{
    ++m_running;
    connect(job, &Job::finished, this, [this] { --m_running; });
    jobs().start(job);
}

PrintJob* DocumentExports::print(std::unique_ptr<QPrinter> printer)
{
    auto* job = new PrintJob(m_viewer.bytes(), m_viewer.annotations(), std::move(printer));
    connect(job, &Job::finished, this, [this, job] { report(DocumentViewer::tr("Print"), job); });
    run(job);
    return job;
}

void DocumentExports::printDialog()
{
    if (m_viewer.pageCount() == 0)
        return;
    auto printer = std::make_unique<QPrinter>(QPrinter::HighResolution);
    printer->setDocName(m_viewer.title());
    printer->setFromTo(1, m_viewer.pageCount());
    QPrintDialog dialog(printer.get(), &m_viewer);
    dialog.setOption(QAbstractPrintDialog::PrintPageRange);
    if (dialog.exec() != QDialog::Accepted)
        return;
    print(std::move(printer));
}

} // namespace clerk
