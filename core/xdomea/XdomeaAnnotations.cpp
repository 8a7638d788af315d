// The annotations an xdomea message carries as XFDF beside its PDFs (XdomeaPackageInternal.h).
#include "XdomeaPackageInternal.h"
#include "core/pdf/PdfExport.h"
#include "core/pdf/Xfdf.h"

namespace clerk::xdomea::detail {

QString pdfOf(const DocumentInfo& d, const FileRef& xfdf)
{
    for (const FileRef& f : d.files)
        if (!f.annotations && f.version == xfdf.version
            && f.fileName.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive))
            return f.fileName;
    return {};
}

namespace {
// A PDF up to this size is read whole to count its pages (a larger one's annotations are not held to them).
constexpr qint64 kMaxCountedPdfBytes = 64 << 20;
} // namespace

Result<Annotations> readAnnotations(Inspected& in, const efile::Limits& limits, const efile::Progress& progress)
{
    const Package& p = in.package;
    QHash<QString, QString> pdfOfXfdf; // XFDF file → its PDF
    QHash<QString, QString> titleOfXfdf;
    auto collect = [&](const QList<DocumentInfo>& docs) {
        for (const DocumentInfo& d : docs)
            for (const FileRef& f : d.files)
                if (f.annotations) {
                    pdfOfXfdf.insert(f.fileName, pdfOf(d, f));
                    titleOfXfdf.insert(f.fileName, d.title);
                }
    };
    collect(p.message.coverLetter);
    for (const Record& r : p.message.records)
        collect(r.documents);
    qint64 xfdfBytes = 0;
    for (auto it = pdfOfXfdf.cbegin(); it != pdfOfXfdf.cend(); ++it) {
        const qint64 size = p.files.value(it.key()).size;
        if (size > pdf::Xfdf::kMaxBytes)
            return Error { Error::Invalid,
                Tr::tr("The annotations of \"%1\" (%2) are larger than %3 MiB; the xdomea message is refused, "
                       "nothing was imported.")
                    .arg(titleOfXfdf.value(it.key()), it.key())
                    .arg(pdf::Xfdf::kMaxBytes >> 20),
                QString::number(size) };
        xfdfBytes += size;
    }
    // The message as a whole, from the package's directory, before anything is read.
    if (xfdfBytes > kMaxAnnotationBytes)
        return Error { Error::Invalid,
            Tr::tr("The annotations of the xdomea message (XFDF files) come to %1 MiB; ClerkDesk takes at most %2 MiB "
                   "of annotations from one message. It is refused, nothing was imported.")
                .arg(xfdfBytes >> 20)
                .arg(kMaxAnnotationBytes >> 20),
            QString::number(xfdfBytes) };
    const QList<QString> pdfs = pdfOfXfdf.values();
    Annotations out;
    int count = 0;
    // Each XFDF file is read as hostile XML as soon as its bytes are there, and its bytes dropped:
    // what is held is the annotations, counted against the message's limit.
    std::optional<Error> refusal;
    const Status read = readFiles(in, limits, progress, [&](const QString& name, QIODevice& bytes) -> Status {
        if (pdfOfXfdf.contains(name)) {
            auto annotations = pdf::Xfdf::read(bytes.readAll());
            if (!annotations) {
                refusal = Error { Error::Invalid,
                    Tr::tr("The annotations of \"%1\" (%2) cannot be read (%3); the xdomea message is refused, "
                           "nothing was imported.")
                        .arg(titleOfXfdf.value(name), name, annotations.errorString()),
                    annotations.error().detail };
                return *refusal;
            }
            count += int(annotations->size());
            if (count > kMaxAnnotations) {
                refusal = Error { Error::Invalid,
                    Tr::tr("The xdomea message carries more than %1 annotations (XFDF files); ClerkDesk does not "
                           "import them at once. It is refused, nothing was imported.")
                        .arg(kMaxAnnotations),
                    {} };
                return *refusal;
            }
            out.ofXfdf.insert(name, annotations.value());
        } else if (pdfs.contains(name) && p.files.value(name).size <= kMaxCountedPdfBytes) {
            // (One qpdf cannot read or that is encrypted: its pages are not known, nothing is left out.)
            if (auto info = pdf::PdfExport::info(bytes.readAll()); info && !info->encrypted && info->pages > 0)
                out.pagesOfPdf.insert(name, info->pages);
        }
        return {};
    });
    if (refusal)
        return *refusal;
    if (!read)
        return read.error();
    return out;
}

} // namespace clerk::xdomea::detail
