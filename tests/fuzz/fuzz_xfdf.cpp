// Fuzz target: XFDF files from other tools (viewer import, e-file packages). Any input gives
// annotations or an error, never a crash; what is accepted writes back to XFDF that reads again to
// the same annotations, and goes into an annotated PDF without a crash.
#include "core/pdf/Annotations.h"
#include "core/pdf/PdfExport.h"
#include "core/pdf/SimplePdf.h"
#include "core/pdf/Xfdf.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace clerk;
    const QByteArray xml = QByteArray::fromRawData(reinterpret_cast<const char*>(data), qsizetype(size));
    auto read = pdf::Xfdf::read(xml, QStringLiteral("doc"));
    if (!read)
        return 0;
    auto again = pdf::Xfdf::read(pdf::Xfdf::write(read.value()), QStringLiteral("doc"));
    if (!again || again->size() != read->size())
        std::abort(); // what we accept, we must be able to write and read back
    for (const Annotation& a : again.value())
        if (!pdf::Geometry::problem(a).isEmpty())
            std::abort();
    static const QByteArray page = [] {
        SimplePdf p;
        for (int i = 0; i < 3; ++i) {
            p.newPage();
            p.text(72, 100, QStringLiteral("Seite %1").arg(i + 1));
        }
        return p.toPdf();
    }();
    if (read->size() <= 64)
        (void)pdf::PdfExport::annotated(page, read.value(), size % 2 == 0);
    return 0;
}
