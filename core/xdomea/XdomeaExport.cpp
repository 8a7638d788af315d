// Writing the 0401 hand-over ZIP (see XdomeaExport.h): the documents first, decrypted ahead on
// worker threads and stored as they are, then the annotations as XFDF, then the message, which
// can then name each PDF's version as read from its first bytes.
#include "XdomeaExport.h"

#include "XdomeaExportInternal.h"
#include "core/Sha256.h"
#include "core/pdf/Xfdf.h"
#include "core/store/ContentReaders.h"
#include "core/store/DocumentCache.h"
#include "core/store/HeldFiles.h"
#include "core/store/Store.h"

#include <KZip>
#include <QFile>
#include <QRegularExpression>

namespace clerk::xdomea {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(clerk::xdomea)
};

Error diskFull(const QString& detail, bool archive)
{
    return { Error::Io,
        archive ? Tr::tr("The file for the archive could not be written (is the disk full?).")
                : Tr::tr("The hand-over file could not be written (is the disk full?)."),
        detail };
}

// "%PDF-1.7" → "1.7"; empty for anything else.
QString pdfVersion(const QByteArray& head)
{
    static const QRegularExpression version(QStringLiteral(R"(^%PDF-(\d\.\d))"));
    const auto m = version.match(QString::fromLatin1(head.left(16)));
    return m.hasMatch() ? m.captured(1) : QString();
}

QString couldNotCreate(const QString& zipPath, bool archive)
{
    return archive ? Tr::tr("The file for the archive could not be created: %1").arg(zipPath)
                   : Tr::tr("The hand-over file could not be created: %1").arg(zipPath);
}

} // namespace

namespace detail {

Result<Collected> collect(Store& store, const QStringList& requestIds, bool archive, bool contents)
{
    Collected out;
    DocumentCache cache(store, store.clock());
    for (const QString& id : requestIds) {
        auto request = store.request(id);
        if (!request)
            return request.error();
        RequestRecord rec;
        rec.request = request.value();
        auto service = store.service(rec.request.serviceId);
        rec.serviceName = service && !service->nameDe.isEmpty() ? service->nameDe : rec.request.serviceId;
        for (const Document& d : cache.documentsOf(id)) {
            if (!contents) { // (an offer list names the documents, without their files)
                rec.documents << DocumentFile { d, primaryFileName(d), {}, {} };
                ++out.documents;
                continue;
            }
            if (!cache.hasContent(d.id))
                return Error { Error::NotFound,
                    (archive ? Tr::tr("The document \"%1\" of %2 is not on this computer yet. Open it once (with a "
                                      "connection) and import the archive's assessment again.")
                             : Tr::tr("The document \"%1\" of %2 is not on this computer yet. Open it once (with a "
                                      "connection) and hand over again."))
                        .arg(d.title, rec.request.reference),
                    d.id };
            DocumentFile f { d, primaryFileName(d), {}, {} };
            if (f.document.sha256.isEmpty() || f.document.size <= 0) {
                auto bytes = cache.content(d.id);
                if (!bytes)
                    return bytes.error();
                f.document.size = bytes->size();
                f.document.sha256 = Sha256::hash(bytes.value()).toHex();
            }
            auto annotations = store.annotations().of(d.id);
            if (!annotations)
                return annotations.error();
            if (!annotations->isEmpty()) {
                f.annotationsFileName = annotationsFileName(d);
                out.xfdfFiles.insert(f.annotationsFileName, pdf::Xfdf::write(annotations.value(), f.fileName));
            }
            out.total += f.document.size;
            rec.documents << f;
            ++out.documents;
        }
        auto notes = store.notes().of(id);
        if (!notes)
            return notes.error();
        rec.notes = notes.value();
        auto timeline = store.timeline().of(id);
        if (!timeline)
            return timeline.error();
        rec.timeline = timeline.value();
        out.requests << rec;
    }
    return out;
}

Result<ExportResult> writePackage(Store& store, Collected& c, const QString& processId, const QString& xmlName,
    const std::function<QByteArray(const QList<RequestRecord>&)>& message, const QString& zipPath,
    const Progress& progress, qint64 maxPackageBytes, bool archive)
{
    // An upper bound of the ZIP's size, as the e-file export reckons it; the message is written
    // last and measured now without the PDF versions (a few bytes each), plus a margin for them.
    qint64 estimate = 22 + 76 + 2 * xmlName.size() + message(c.requests).size() + 8 * c.documents;
    for (const RequestRecord& rec : std::as_const(c.requests))
        for (const DocumentFile& f : rec.documents)
            estimate += 76 + 2 * f.fileName.toUtf8().size() + f.document.size;
    for (auto it = c.xfdfFiles.cbegin(); it != c.xfdfFiles.cend(); ++it)
        estimate += 76 + 2 * it.key().size() + it.value().size();
    if (estimate > maxPackageBytes)
        return Error { Error::Invalid,
            (archive ? Tr::tr("The delivery to the archive is %1 MiB; a file can hold at most %2 MiB. Offer fewer "
                              "requests at once.")
                     : Tr::tr("The hand-over is %1 MiB; a file can hold at most %2 MiB. Hand over fewer requests or "
                              "documents at once."))
                .arg(estimate >> 20)
                .arg(maxPackageBytes >> 20),
            QString::number(estimate) };

    const QString partial = zipPath + QStringLiteral(".part");
    QFile::remove(partial);
    {
        KZip zip(partial);
        if (!zip.open(QIODevice::WriteOnly)) {
            QFile::remove(partial);
            return Error { Error::Io, couldNotCreate(zipPath, archive), zip.errorString() };
        }
        QStringList ids;
        QList<DocumentFile*> files;
        for (RequestRecord& rec : c.requests)
            for (DocumentFile& f : rec.documents) {
                ids << f.document.id;
                files << &f;
            }
        ContentReaders readers(store, ids);
        auto fail = [&](const Error& e) {
            readers.stop();
            zip.close();
            QFile::remove(partial);
            return e;
        };
        // PDFs and images are compressed already: stored as they are.
        zip.setCompression(KZip::NoCompression);
        if (Status s = readers.start(); !s)
            return fail(s.error());
        qint64 done = 0;
        for (int i = 0; i < files.size(); ++i) {
            DocumentFile& f = *files.at(i);
            if (!zip.prepareWriting(f.fileName, QString(), QString(), f.document.size, 0100644))
                return fail(diskFull(zip.errorString(), archive));
            Sha256 sha;
            qint64 written = 0;
            QByteArray chunk;
            Error error;
            ContentReaders::Next next;
            while ((next = readers.next(i, &chunk, &error)) == ContentReaders::Next::Chunk) {
                if (written == 0 && f.document.mimeType == QLatin1String("application/pdf"))
                    f.formatVersion = pdfVersion(chunk);
                if (!zip.writeData(chunk.constData(), chunk.size()))
                    return fail(diskFull(zip.errorString(), archive));
                sha.addData(chunk);
                written += chunk.size();
                if (progress && !progress(done + written, c.total))
                    return fail({ Error::Cancelled,
                        archive ? Tr::tr("Writing the file for the archive was cancelled; no file was written.")
                                : Tr::tr("The hand-over was cancelled; no file was written."),
                        {} });
            }
            if (next == ContentReaders::Next::Failed) {
                if (error.code == Error::Corrupt)
                    error.message = (archive ? Tr::tr("The stored copy of \"%1\" is damaged; nothing was written for "
                                                      "the archive.")
                                             : Tr::tr("The stored copy of \"%1\" is damaged; nothing was handed over."))
                                        .arg(f.document.title);
                return fail(error);
            }
            if (!zip.finishWriting(written))
                return fail(diskFull(zip.errorString(), archive));
            if (written != f.document.size || sha.hexResult() != f.document.sha256)
                return fail({ Error::Corrupt,
                    (archive
                            ? Tr::tr("The stored copy of \"%1\" does not match its checksum; nothing was written "
                                     "for the archive.")
                            : Tr::tr("The stored copy of \"%1\" does not match its checksum; nothing was handed over."))
                        .arg(f.document.title),
                    f.document.id });
            done += written;
        }
        readers.stop();
        zip.setCompression(KZip::DeflateCompression);
        for (auto it = c.xfdfFiles.cbegin(); it != c.xfdfFiles.cend(); ++it)
            if (!zip.writeFile(it.key(), it.value()))
                return fail(diskFull(zip.errorString(), archive));
        if (!zip.writeFile(xmlName, message(c.requests)))
            return fail(diskFull(zip.errorString(), archive));
        if (!zip.close()) {
            QFile::remove(partial);
            return diskFull(zip.errorString(), archive);
        }
    }
    // Onto a new name only (the ProzessID is new): never over, or through a link at, what is there.
    if (QString why; !heldfiles::placeUnder(partial, zipPath, &why)) {
        QFile::remove(partial);
        return Error { Error::Io, couldNotCreate(zipPath, archive), why };
    }
    return ExportResult { processId, zipPath, int(c.requests.size()), c.documents };
}

} // namespace detail

Result<ExportResult> exportAbgabe(Store& store, const QStringList& requestIds, const Authority& sender,
    const Authority& receiver, const QString& processId, const QString& zipPath, const Progress& progress,
    qint64 maxPackageBytes)
{
    if (requestIds.isEmpty())
        return Error { Error::Invalid, Tr::tr("Choose at least one request to hand over."), {} };
    if (sender.name.isEmpty())
        return Error { Error::Invalid,
            Tr::tr("The name of your authority is not set. Enter it in the settings (or ask city IT to set it by "
                   "policy) and hand over again."),
            {} };
    if (receiver.name.isEmpty() && receiver.id.isEmpty())
        return Error { Error::Invalid, Tr::tr("Enter the authority that takes the requests over."), {} };

    auto collected = detail::collect(store, requestIds, false);
    if (!collected)
        return collected.error();
    return detail::writePackage(
        store, collected.value(), processId, abgabeXmlName(processId),
        [&](const QList<RequestRecord>& requests) {
            Abgabe message;
            message.processId = processId;
            message.created = store.clock().now();
            message.sender = sender;
            message.receiver = receiver;
            message.requests = requests;
            return writeAbgabe(message);
        },
        zipPath, progress, maxPackageBytes, false);
}

} // namespace clerk::xdomea
