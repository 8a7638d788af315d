#include "PrintJob.h"

#include "core/pdf/PdfExport.h"
#include "core/pdf/PdfLoad.h"

#include <QBuffer>
#include <QFile>
#include <QPainter>
#include <QPdfDocument>
#include <QPrinter>

namespace clerk {

PrintJob::PrintJob(QByteArray pdf, QList<Annotation> annotations, std::unique_ptr<QPrinter> printer)
    : Job(tr("Printing"))
    , m_pdf(std::move(pdf))
    , m_annotations(std::move(annotations))
    , m_printer(std::move(printer))
{ }

PrintJob::~PrintJob() = default;

Status PrintJob::run()
{
    auto copy = pdf::PdfExport::annotated(m_pdf, m_annotations, false);
    if (!copy)
        return copy.error();
    QBuffer buffer;
    buffer.setData(copy.value());
    buffer.open(QIODevice::ReadOnly);
    QPdfDocument doc;
    if (!pdf::loadAndWait(doc, &buffer))
        return Error { Error::Corrupt, tr("The document could not be prepared for printing."), {} };
    int first = 0, last = doc.pageCount() - 1;
    if (m_printer->printRange() == QPrinter::PageRange && m_printer->fromPage() > 0) {
        first = m_printer->fromPage() - 1;
        last = std::min(last, m_printer->toPage() - 1);
    }
    if (!step(0, last - first + 1))
        return cancelledError();
    QPainter painter;
    if (!painter.begin(m_printer.get()))
        return Error { Error::Io, tr("The printer could not be started."), {} };
    QPdfDocumentRenderOptions options;
    options.setRenderFlags(QPdfDocumentRenderOptions::RenderFlag::Annotations);
    const double dpi = std::min(300, m_printer->resolution());
    for (int i = first; i <= last; ++i) {
        if (i > first)
            m_printer->newPage();
        const QSizeF points = doc.pagePointSize(i);
        const QImage img = doc.render(i, (points * dpi / 72.0).toSize(), options);
        const QRect target = painter.viewport();
        const QSize fitted = img.size().scaled(target.size(), Qt::KeepAspectRatio);
        QImage paper(img.size(), QImage::Format_RGB32);
        paper.fill(Qt::white);
        QPainter pp(&paper);
        pp.drawImage(0, 0, img);
        pp.end();
        painter.drawImage(QRect(QPoint(0, 0), fitted), paper);
        if (!step(i - first + 1, last - first + 1, tr("Page %1 of %2").arg(i - first + 1).arg(last - first + 1))) {
            // Nothing of it is printed. Qt's PDF output cannot abort: its file goes instead.
            const bool aborted = m_printer->abort();
            painter.end();
            if (!aborted && !m_printer->outputFileName().isEmpty())
                QFile::remove(m_printer->outputFileName());
            return cancelledError();
        }
    }
    painter.end();
    return {};
}

} // namespace clerk
