#include "PdfJobs.h"

#include <QSaveFile>

namespace clerk {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(clerk::PdfJobs)
};
} // namespace

AnnotatedCopyJob::AnnotatedCopyJob(QByteArray pdf, QList<Annotation> annotations, bool flatten, QString path)
    : Job(Tr::tr("Saving the annotated copy"))
    , m_pdf(std::move(pdf))
    , m_annotations(std::move(annotations))
    , m_flatten(flatten)
    , m_path(std::move(path))
{ }

Status AnnotatedCopyJob::run()
{
    if (!step(0, 3))
        return cancelledError();
    auto copy = pdf::PdfExport::annotated(m_pdf, m_annotations, m_flatten);
    if (!copy)
        return copy.error();
    if (!step(1, 3))
        return cancelledError();
    QSaveFile file(m_path); // a temporary file beside the target until commit()
    if (!file.open(QIODevice::WriteOnly) || file.write(copy.value()) != copy->size())
        return Error { Error::Io, Tr::tr("The file could not be saved: %1").arg(file.errorString()), m_path };
    if (!step(2, 3)) {
        file.cancelWriting();
        return cancelledError();
    }
    if (!file.commit())
        return Error { Error::Io, Tr::tr("The file could not be saved: %1").arg(file.errorString()), m_path };
    step(3, 3);
    return {};
}

RedactedCopyJob::RedactedCopyJob(QByteArray pdf, QList<Annotation> annotations, int dpi)
    : Job(Tr::tr("Making the redacted copy"))
    , m_pdf(std::move(pdf))
    , m_annotations(std::move(annotations))
    , m_dpi(dpi)
{ }

Status RedactedCopyJob::run()
{
    if (!step(0, 2))
        return cancelledError();
    auto copy = pdf::PdfExport::redacted(m_pdf, m_annotations, m_dpi);
    if (!copy)
        return copy.error();
    if (!step(2, 2))
        return cancelledError(); // (nothing was written: the copy only lived in memory)
    m_result = std::move(copy.value());
    return {};
}

} // namespace clerk
