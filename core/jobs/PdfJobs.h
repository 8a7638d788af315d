// The viewer's PDF exports as jobs, made from the original bytes and a snapshot of the clerk's
// annotations (taken on the GUI thread when the job is created):
// - AnnotatedCopyJob writes the annotated copy to a file: beside it first (QSaveFile), renamed at
//   the end, dropped on cancel or failure.
// - RedactedCopyJob makes the redacted copy in memory; the clerk sees the preview before it is saved.
#pragma once

#include "Job.h"
#include "core/domain/Domain.h"
#include "core/pdf/PdfExport.h"

namespace clerk {

class AnnotatedCopyJob : public Job
{
    Q_OBJECT
public:
    AnnotatedCopyJob(QByteArray pdf, QList<Annotation> annotations, bool flatten, QString path);
    QString path() const { return m_path; }

protected:
    Status run() override;

private:
    QByteArray m_pdf;
    QList<Annotation> m_annotations;
    bool m_flatten;
    QString m_path;
};

class RedactedCopyJob : public Job
{
    Q_OBJECT
public:
    RedactedCopyJob(QByteArray pdf, QList<Annotation> annotations, int dpi = 200);
    // After finished(), when status() is ok.
    const pdf::Redaction& result() const { return m_result; }

protected:
    Status run() override;

private:
    QByteArray m_pdf;
    QList<Annotation> m_annotations;
    int m_dpi;
    pdf::Redaction m_result;
};

} // namespace clerk
