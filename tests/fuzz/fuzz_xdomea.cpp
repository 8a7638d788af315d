// Fuzz target: xdomea messages from other authorities' systems (File → Import xdomea message,
// clerkdesk-cli efile import). Any input gives a message or a refusal, never a crash; what is
// accepted names only plain file names, each once, and carries at least one object. The same bytes
// as an archive's answer (0502/0506, Aussonderung): an answer that is accepted names each object once.
// A file taken as a PDF's annotations (XFDF) always has that PDF beside it.
#include "core/xdomea/XdomeaReader.h"

#include <QSet>
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace clerk;
    const QByteArray xml = QByteArray::fromRawData(reinterpret_cast<const char*>(data), qsizetype(size));
    if (auto answer = xdomea::parseArchiveAnswer(xml)) {
        QSet<QString> ids;
        auto once = [&ids](const QString& id) {
            if (id.isEmpty() || ids.contains(id))
                std::abort();
            ids.insert(id);
        };
        for (const xdomea::Assessment& a : answer->assessments) {
            once(a.id);
            if (a.decision != QLatin1String("A") && a.decision != QLatin1String("V"))
                std::abort();
        }
        for (const xdomea::ArchiveOutcome& o : answer->outcomes)
            once(o.id);
        if (ids.isEmpty())
            std::abort();
    } else if (answer.error().message.isEmpty()) {
        std::abort();
    }
    auto message = xdomea::parseMessage(xml);
    if (!message)
        return message.error().message.isEmpty() ? (std::abort(), 0) : 0; // a refusal always says why
    if (message->records.isEmpty() || message->processId.isEmpty())
        std::abort();
    // A file read as annotations (XFDF) has a PDF of its Version beside it in its document.
    auto annotationsHaveTheirPdf = [](const QList<xdomea::DocumentInfo>& documents) {
        for (const xdomea::DocumentInfo& d : documents)
            for (const xdomea::FileRef& f : d.files)
                if (f.annotations && std::none_of(d.files.cbegin(), d.files.cend(), [&f](const xdomea::FileRef& pdf) {
                        return !pdf.annotations && pdf.version == f.version
                            && pdf.fileName.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive);
                    }))
                    std::abort();
    };
    annotationsHaveTheirPdf(message->coverLetter);
    for (const xdomea::Record& r : message->records)
        annotationsHaveTheirPdf(r.documents);
    QSet<QString> seen;
    for (const QString& name : message->fileNames()) {
        if (name.isEmpty() || name.contains(QLatin1Char('/')) || name.contains(QLatin1Char('\\'))
            || name == QLatin1String("..") || seen.contains(name.toCaseFolded()))
            std::abort();
        seen.insert(name.toCaseFolded());
    }
    return 0;
}
