// Fuzz target: PDFs as applicants send them, read by the PDF core (qpdf): page facts, annotations
// already in the file (XFDF extraction), an annotated copy. Any input gives a result or an error,
// never a crash or a hang.
#include "core/pdf/PdfExport.h"
#include "core/pdf/Xfdf.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace clerk;
    const QByteArray pdfBytes(reinterpret_cast<const char*>(data), qsizetype(size));
    auto info = pdf::PdfExport::info(pdfBytes);
    if (!info || info->pages > 200)
        return 0;
    if (auto annotations = pdf::PdfExport::readAnnotations(pdfBytes, QStringLiteral("doc")))
        (void)pdf::Xfdf::write(annotations.value());
    (void)pdf::PdfExport::annotated(pdfBytes, {}, false);
    return 0;
}
