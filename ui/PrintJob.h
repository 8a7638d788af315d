// Printing as a job: the annotated copy is made and its pages rasterised and painted onto the
// printer on a worker thread (QPainter on a QPrinter is allowed off the GUI thread), a page per
// step. A cancel between pages aborts the print job, so nothing half-printed is sent (or, printing
// to a file, kept).
#pragma once

#include "core/domain/Domain.h"
#include "core/jobs/Job.h"

#include <memory>

class QPrinter;

namespace clerk {

class PrintJob : public Job
{
    Q_OBJECT
public:
    // `printer` is set up (dialog answered) on the GUI thread; the job uses it on its worker only.
    PrintJob(QByteArray pdf, QList<Annotation> annotations, std::unique_ptr<QPrinter> printer);
    ~PrintJob() override;

protected:
    Status run() override;

private:
    QByteArray m_pdf;
    QList<Annotation> m_annotations;
    std::unique_ptr<QPrinter> m_printer;
};

} // namespace clerk
