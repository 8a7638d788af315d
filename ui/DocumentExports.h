// The export and print service of the document viewer: the annotated copy, the redacted copy
// (made, previewed, then saved), XFDF out and in, printing, and the password prompt for a
// protected PDF. The long ones (annotated and redacted copy, printing) run as jobs on the
// window's JobRunner, with progress and "Cancel" in the status bar; the viewer stays usable.
#pragma once

#include <QObject>
#include <QPointer>
#include <memory>
#include <optional>

class QPrinter;
class QWidget;

namespace clerk {

class AnnotatedCopyJob;
class DocumentViewer;
class JobRunner;
class PrintJob;
class RedactedCopyJob;

class DocumentExports : public QObject
{
    Q_OBJECT
public:
    explicit DocumentExports(DocumentViewer& viewer);
    ~DocumentExports() override;

    // The runner whose jobs the window shows; without one, a runner of this service's own.
    void setJobRunner(JobRunner* runner);
    JobRunner& jobs();

    // The menu's commands: each asks what it needs (file name, printer), then works.
    void exportAnnotated(bool flatten);
    void exportRedacted();
    void exportXfdf();
    void importXfdfFile();
    void printDialog();

    // The work behind them, for the commands and for tests.
    AnnotatedCopyJob* saveAnnotatedCopy(bool flatten, const QString& path);
    // The preview follows when the copy is made; then the clerk chooses where it goes.
    RedactedCopyJob* makeRedactedCopy();
    PrintJob* print(std::unique_ptr<QPrinter> printer);

    // A job of this service has not ended yet (its result is still to be shown).
    bool busy() const { return m_running > 0; }

    // The password of a protected PDF (nullopt: the clerk cancelled).
    static std::optional<QString> askPassword(QWidget* parent, int attempt);

Q_SIGNALS:
    // A job of this service ended; `error` is empty when it went through, and says why when not.
    void done(const QString& what, const QString& error);

private:
    void report(const QString& what, class Job* job);
    void run(class Job* job);

    DocumentViewer& m_viewer;
    QPointer<JobRunner> m_jobs;
    std::unique_ptr<JobRunner> m_ownJobs;
    int m_running = 0;
};

} // namespace clerk
