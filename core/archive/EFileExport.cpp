// Writing a request's e-file package (see EFilePackage.h): the manifest, the annotations as XFDF,
// the documents decrypted ahead on worker threads and stored as they are.
#include "EFileInternal.h"
#include "core/Sha256.h"
#include "core/pdf/Xfdf.h"
#include "core/store/ContentReaders.h"
#include "core/store/DocumentCache.h"
#include "core/store/Store.h"

#include <QFile>
#include <QJsonDocument>
#include <QXmlStreamWriter>

namespace clerk::efile {

using detail::kManifest;
using detail::Tr;

namespace {

const QString kNs = QStringLiteral("urn:clerkdesk:efile:1");

QString extensionFor(const QString& mime)
{
    if (mime == QLatin1String("application/pdf"))
        return QStringLiteral("pdf");
    if (mime == QLatin1String("image/png"))
        return QStringLiteral("png");
    if (mime == QLatin1String("image/jpeg"))
        return QStringLiteral("jpg");
    return QStringLiteral("bin");
}

QString iso(const QDateTime& t)
{
    return t.toUTC().toString(Qt::ISODate);
}

QByteArray manifestXml(const Package& p)
{
    QByteArray out;
    QXmlStreamWriter w(&out);
    w.setAutoFormatting(true);
    w.writeStartDocument();
    w.writeDefaultNamespace(kNs);
    w.writeStartElement(kNs, QStringLiteral("efile"));
    w.writeAttribute(QStringLiteral("version"), QStringLiteral("1"));
    w.writeStartElement(kNs, QStringLiteral("sender"));
    w.writeAttribute(QStringLiteral("system"), QStringLiteral("ClerkDesk"));
    w.writeAttribute(QStringLiteral("version"), QStringLiteral(CLERKDESK_VERSION));
    w.writeAttribute(QStringLiteral("created"), iso(p.created));
    w.writeEndElement();
    const Request& r = p.request;
    w.writeStartElement(kNs, QStringLiteral("request"));
    w.writeAttribute(QStringLiteral("id"), r.id);
    w.writeAttribute(QStringLiteral("reference"), r.reference);
    if (!r.fileNumber.isEmpty())
        w.writeAttribute(QStringLiteral("fileNumber"), r.fileNumber);
    w.writeAttribute(QStringLiteral("service"), r.serviceId);
    w.writeAttribute(QStringLiteral("team"), r.teamId);
    if (!r.channel.isEmpty())
        w.writeAttribute(QStringLiteral("channel"), r.channel);
    w.writeAttribute(QStringLiteral("submitted"), iso(r.submittedAt));
    if (r.dueDate.isValid())
        w.writeAttribute(QStringLiteral("due"), r.dueDate.toString(Qt::ISODate));
    w.writeAttribute(QStringLiteral("status"), r.status);
    if (!r.assignee.isEmpty())
        w.writeAttribute(QStringLiteral("assignee"), r.assignee);
    w.writeAttribute(QStringLiteral("version"), QString::number(r.version));
    w.writeStartElement(kNs, QStringLiteral("applicant"));
    const Applicant& a = r.applicant;
    w.writeAttribute(QStringLiteral("name"), a.name);
    for (const auto& [k, v] : { std::pair { "street", a.street }, { "postcode", a.postcode }, { "city", a.city },
             { "email", a.email }, { "phone", a.phone } })
        if (!v.isEmpty())
            w.writeAttribute(QLatin1String(k), v);
    w.writeEndElement();
    w.writeTextElement(
        kNs, QStringLiteral("form"), QString::fromUtf8(QJsonDocument(r.form).toJson(QJsonDocument::Compact)));
    w.writeEndElement(); // request
    w.writeStartElement(kNs, QStringLiteral("documents"));
    for (const DocumentEntry& e : p.documents) {
        const Document& d = e.document;
        w.writeStartElement(kNs, QStringLiteral("document"));
        w.writeAttribute(QStringLiteral("id"), d.id);
        w.writeAttribute(QStringLiteral("file"), e.file);
        w.writeAttribute(QStringLiteral("title"), d.title);
        w.writeAttribute(QStringLiteral("kind"), d.kind);
        w.writeAttribute(QStringLiteral("mime"), d.mimeType);
        w.writeAttribute(QStringLiteral("size"), QString::number(d.size));
        w.writeAttribute(QStringLiteral("sha256"), QString::fromLatin1(d.sha256));
        w.writeAttribute(QStringLiteral("version"), QString::number(d.version));
        if (!e.annotationsFile.isEmpty()) {
            w.writeAttribute(QStringLiteral("annotations"), e.annotationsFile);
            w.writeAttribute(QStringLiteral("annotationsSha256"), QString::fromLatin1(e.annotationsSha256));
        }
        w.writeEndElement();
    }
    w.writeEndElement();
    w.writeStartElement(kNs, QStringLiteral("notes"));
    for (const Note& n : p.notes) {
        w.writeStartElement(kNs, QStringLiteral("note"));
        w.writeAttribute(QStringLiteral("id"), n.id);
        w.writeAttribute(QStringLiteral("author"), n.author);
        w.writeAttribute(QStringLiteral("created"), iso(n.createdAt));
        w.writeCharacters(n.text);
        w.writeEndElement();
    }
    w.writeEndElement();
    // Annotations travel as XFDF per document (see the documents), not in the manifest.
    w.writeStartElement(kNs, QStringLiteral("timeline"));
    for (const TimelineEvent& t : p.timeline) {
        w.writeStartElement(kNs, QStringLiteral("event"));
        w.writeAttribute(QStringLiteral("at"), iso(t.at));
        w.writeAttribute(QStringLiteral("actor"), t.actor);
        w.writeAttribute(QStringLiteral("kind"), t.kind);
        // The words of a coded entry come from its parameters (the text is only a detail).
        if (!t.params.isEmpty())
            w.writeAttribute(
                QStringLiteral("params"), QString::fromUtf8(QJsonDocument(t.params).toJson(QJsonDocument::Compact)));
        w.writeCharacters(t.text);
        w.writeEndElement();
    }
    w.writeEndElement();
    w.writeEndElement(); // efile
    w.writeEndDocument();
    return out;
}

} // namespace

Status exportRequest(
    Store& store, const QString& requestId, const QString& zipPath, const Progress& progress, qint64 maxPackageBytes)
{
    auto request = store.request(requestId);
    if (!request)
        return request.error();
    DocumentCache cache(store, store.clock());
    Package p;
    QMap<QString, QByteArray> xfdfFiles; // the annotations of each document, as XFDF
    p.request = request.value();
    p.created = store.clock().now();
    qint64 total = 0;
    for (const Document& d : cache.documentsOf(requestId)) {
        if (!cache.hasContent(d.id))
            return Error { Error::NotFound,
                Tr::tr("The document \"%1\" is not on this computer yet. Open it once (with a connection) and "
                       "export again.")
                    .arg(d.title),
                d.id };
        Document doc = d;
        if (doc.sha256.isEmpty() || doc.size <= 0) {
            auto bytes = cache.content(d.id);
            if (!bytes)
                return bytes.error();
            doc.size = bytes->size();
            doc.sha256 = Sha256::hash(bytes.value()).toHex();
        }
        DocumentEntry entry { doc, QStringLiteral("content/%1.%2").arg(d.id, extensionFor(d.mimeType)), {}, {} };
        auto annotationsRead = store.annotations().of(d.id);
        if (!annotationsRead)
            return annotationsRead.error();
        const QList<Annotation> annotations = annotationsRead.value();
        if (!annotations.isEmpty()) {
            entry.annotationsFile = QStringLiteral("content/%1.xfdf").arg(d.id);
            xfdfFiles.insert(
                entry.annotationsFile, pdf::Xfdf::write(annotations, entry.file.section(QLatin1Char('/'), 1)));
            entry.annotationsSha256 = Sha256::hash(xfdfFiles.value(entry.annotationsFile)).toHex();
            p.annotations << annotations;
        }
        p.documents << entry;
        total += doc.size;
    }
    auto notes = store.notes().of(requestId);
    if (!notes)
        return notes.error();
    p.notes = notes.value();
    auto timeline = store.timeline().of(requestId);
    if (!timeline)
        return timeline.error();
    p.timeline = timeline.value();
    const QByteArray manifest = manifestXml(p);

    // An upper bound of the package's size: every file uncompressed, with its local and central
    // directory headers (names, no extra fields) and the end record.
    qint64 estimate = 22 + 76 + 2 * kManifest.size() + manifest.size();
    for (const DocumentEntry& e : std::as_const(p.documents))
        estimate += 76 + 2 * e.file.size() + e.document.size;
    for (auto it = xfdfFiles.cbegin(); it != xfdfFiles.cend(); ++it)
        estimate += 76 + 2 * it.key().size() + it.value().size();
    if (estimate > maxPackageBytes)
        return Error { Error::Invalid,
            Tr::tr("The e-file of %1 is %2 MiB; a package can hold at most %3 MiB. Export fewer documents, "
                   "or hand the largest ones over separately.")
                .arg(p.request.reference)
                .arg(estimate >> 20)
                .arg(maxPackageBytes >> 20),
            QString::number(estimate) };

    // Written beside the target and renamed at the end: a cancelled or failed export leaves nothing.
    const QString partial = zipPath + QStringLiteral(".part");
    QFile::remove(partial);
    {
        KZip zip(partial);
        if (!zip.open(QIODevice::WriteOnly)) {
            QFile::remove(partial);
            return Error { Error::Io, Tr::tr("The package file could not be created: %1").arg(zipPath),
                zip.errorString() };
        }
        const Error diskFull { Error::Io, Tr::tr("The package could not be written (is the disk full?)."), {} };
        auto failEarly = [&](const Error& e) {
            zip.close();
            QFile::remove(partial);
            return e;
        };
        zip.setCompression(KZip::DeflateCompression);
        if (!zip.writeFile(kManifest, manifest))
            return failEarly({ Error::Io, diskFull.message, zip.errorString() });
        for (auto it = xfdfFiles.cbegin(); it != xfdfFiles.cend(); ++it)
            if (!zip.writeFile(it.key(), it.value()))
                return failEarly({ Error::Io, diskFull.message, zip.errorString() });
        // PDFs and images are compressed already: stored as they are. Their bytes are decrypted
        // ahead on worker threads while this thread hashes and writes.
        zip.setCompression(KZip::NoCompression);
        QStringList ids;
        for (const DocumentEntry& e : std::as_const(p.documents))
            ids << e.document.id;
        ContentReaders readers(store, ids);
        auto fail = [&](const Error& e) {
            readers.stop();
            return failEarly(e);
        };
        if (Status s = readers.start(); !s)
            return fail(s.error());
        qint64 done = 0;
        for (int i = 0; i < p.documents.size(); ++i) {
            const DocumentEntry& e = p.documents.at(i);
            if (!zip.prepareWriting(e.file, QString(), QString(), e.document.size, 0100644))
                return fail({ Error::Io, diskFull.message, zip.errorString() });
            Sha256 sha;
            qint64 written = 0;
            QByteArray chunk;
            Error error;
            ContentReaders::Next next;
            while ((next = readers.next(i, &chunk, &error)) == ContentReaders::Next::Chunk) {
                if (!zip.writeData(chunk.constData(), chunk.size()))
                    return fail({ Error::Io, diskFull.message, zip.errorString() });
                sha.addData(chunk);
                written += chunk.size();
                if (progress && !progress(done + written, total))
                    return fail({ Error::Cancelled, Tr::tr("The export was cancelled; no package was written."), {} });
            }
            if (next == ContentReaders::Next::Failed) {
                if (error.code == Error::Corrupt)
                    error.message
                        = Tr::tr("The stored copy of \"%1\" is damaged; it was not exported.").arg(e.document.title);
                return fail(error);
            }
            if (!zip.finishWriting(written))
                return fail({ Error::Io, diskFull.message, zip.errorString() });
            if (written != e.document.size || sha.hexResult() != e.document.sha256)
                return fail({ Error::Corrupt,
                    Tr::tr("The stored copy of \"%1\" does not match its checksum; it was not exported.")
                        .arg(e.document.title),
                    e.document.id });
            done += written;
        }
        readers.stop();
        if (!zip.close()) {
            QFile::remove(partial);
            return Error { Error::Io, Tr::tr("The package could not be written (is the disk full?)."),
                zip.errorString() };
        }
    }
    QFile::remove(zipPath);
    if (!QFile::rename(partial, zipPath)) {
        QFile::remove(partial);
        return Error { Error::Io, Tr::tr("The package file could not be created: %1").arg(zipPath), {} };
    }
    return {};
}

} // namespace clerk::efile
