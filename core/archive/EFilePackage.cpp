#include "EFilePackage.h"

#include "ZipScan.h"
#include "core/Logging.h"
#include "core/domain/Json.h"
#include "core/pdf/Xfdf.h"
#include "core/store/ContentFiles.h"
#include "core/store/ContentReaders.h"
#include "core/store/DocumentCache.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"

#include "core/Sha256.h"

#include <KZip>

#include <QFile>
#include <QJsonDocument>
#include <QMimeDatabase>
#include <QRegularExpression>
#include <QSaveFile>
#include <QScopeGuard>
#include <QUuid>
#include <QXmlStreamReader>
#include <QXmlStreamWriter>

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#include <memory>

namespace clerk::efile {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(clerk::efile)
};

const QString kNs = QStringLiteral("urn:clerkdesk:efile:1");
const QString kManifest = QStringLiteral("efile.xml");

Error refused(const QString& message, const QString& detail = {})
{
    return {Error::Invalid, message, detail};
}

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

// Reads an archive member and refuses to go beyond the size its directory entry promised (a bomb
// may lie about its size); hashes what passes.
class CheckedSource : public QIODevice
{
public:
    CheckedSource(QIODevice* inner, qint64 limit) : m_inner(inner), m_limit(limit) { open(ReadOnly); }
    Sha256 sha;
    qint64 total = 0;
    bool overrun = false;
    bool isSequential() const override { return true; }
    bool atEnd() const override { return m_inner->atEnd(); }

protected:
    qint64 readData(char* data, qint64 max) override
    {
        const qint64 n = m_inner->read(data, max);
        if (n <= 0)
            return n == 0 && m_inner->atEnd() ? 0 : n;
        total += n;
        if (total > m_limit) {
            overrun = true;
            return -1;
        }
        sha.addData(QByteArrayView(data, n));
        return n;
    }
    qint64 writeData(const char*, qint64) override { return -1; }

private:
    QIODevice* m_inner;
    qint64 m_limit;
};

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
    for (const auto& [k, v] : {std::pair{"street", a.street}, {"postcode", a.postcode}, {"city", a.city},
                               {"email", a.email}, {"phone", a.phone}})
        if (!v.isEmpty())
            w.writeAttribute(QLatin1String(k), v);
    w.writeEndElement();
    w.writeTextElement(kNs, QStringLiteral("form"), QString::fromUtf8(QJsonDocument(r.form).toJson(QJsonDocument::Compact)));
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
        w.writeCharacters(t.text);
        w.writeEndElement();
    }
    w.writeEndElement();
    w.writeEndElement(); // efile
    w.writeEndDocument();
    return out;
}

// libxml2 with the network and entity expansion off; the schema compiled once per call.
Status validateAgainstSchema(const QByteArray& xml)
{
    xmlInitParser();
    const QByteArray xsd = schema();
    std::unique_ptr<xmlSchemaParserCtxt, void (*)(xmlSchemaParserCtxtPtr)> pctx(
        xmlSchemaNewMemParserCtxt(xsd.constData(), int(xsd.size())), xmlSchemaFreeParserCtxt);
    std::unique_ptr<xmlSchema, void (*)(xmlSchemaPtr)> compiled(pctx ? xmlSchemaParse(pctx.get()) : nullptr, xmlSchemaFree);
    if (!compiled)
        return Error{Error::Internal, Tr::tr("The e-file schema could not be loaded."), {}};
    std::unique_ptr<xmlDoc, void (*)(xmlDocPtr)> doc(
        xmlReadMemory(xml.constData(), int(xml.size()), "efile.xml", "UTF-8", XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING),
        xmlFreeDoc);
    if (!doc)
        return refused(Tr::tr("The package's manifest (efile.xml) is not well-formed XML."));
    if (doc->intSubset || doc->extSubset)
        return refused(Tr::tr("The package's manifest declares a DTD, which is not accepted."));
    std::unique_ptr<xmlSchemaValidCtxt, void (*)(xmlSchemaValidCtxtPtr)> vctx(xmlSchemaNewValidCtxt(compiled.get()),
                                                                               xmlSchemaFreeValidCtxt);
    QString firstError;
    // (libxml2 2.12 made the error const: the generic lambda fits either signature.)
    xmlStructuredErrorFunc collect = [](void* user, auto* e) {
        auto* first = static_cast<QString*>(user);
        if (first->isEmpty() && e && e->message)
            *first = QStringLiteral("line %1: %2").arg(e->line).arg(QString::fromUtf8(e->message).trimmed());
    };
    xmlSchemaSetValidStructuredErrors(vctx.get(), collect, &firstError);
    if (xmlSchemaValidateDoc(vctx.get(), doc.get()) != 0)
        return refused(Tr::tr("The package's manifest does not follow the e-file schema: %1").arg(firstError), firstError);
    return {};
}

Result<Package> parseManifest(const QByteArray& xml)
{
    Package p;
    QXmlStreamReader r(xml);
    auto dt = [](const QStringView s) { return QDateTime::fromString(s.toString(), Qt::ISODate).toUTC(); };
    while (!r.atEnd()) {
        if (!r.readNextStartElement())
            continue;
        const auto a = r.attributes();
        const QStringView n = r.name();
        if (n == QLatin1String("sender")) {
            p.sender = a.value(QLatin1String("system")).toString();
            p.created = dt(a.value(QLatin1String("created")));
        } else if (n == QLatin1String("request")) {
            Request& q = p.request;
            q.id = a.value(QLatin1String("id")).toString();
            q.reference = a.value(QLatin1String("reference")).toString();
            q.fileNumber = a.value(QLatin1String("fileNumber")).toString();
            q.serviceId = a.value(QLatin1String("service")).toString();
            q.teamId = a.value(QLatin1String("team")).toString();
            q.channel = a.value(QLatin1String("channel")).toString();
            q.submittedAt = dt(a.value(QLatin1String("submitted")));
            q.dueDate = QDate::fromString(a.value(QLatin1String("due")).toString(), Qt::ISODate);
            q.status = a.value(QLatin1String("status")).toString();
            q.assignee = a.value(QLatin1String("assignee")).toString();
            q.version = a.value(QLatin1String("version")).toLongLong();
        } else if (n == QLatin1String("applicant")) {
            Applicant& ap = p.request.applicant;
            ap.name = a.value(QLatin1String("name")).toString();
            ap.street = a.value(QLatin1String("street")).toString();
            ap.postcode = a.value(QLatin1String("postcode")).toString();
            ap.city = a.value(QLatin1String("city")).toString();
            ap.email = a.value(QLatin1String("email")).toString();
            ap.phone = a.value(QLatin1String("phone")).toString();
        } else if (n == QLatin1String("form")) {
            const QJsonDocument form = QJsonDocument::fromJson(r.readElementText().toUtf8());
            if (!form.isObject())
                return refused(Tr::tr("The form data in the package's manifest cannot be read."));
            p.request.form = form.object();
        } else if (n == QLatin1String("document")) {
            DocumentEntry e;
            e.document.id = a.value(QLatin1String("id")).toString();
            e.document.requestId = p.request.id;
            e.file = a.value(QLatin1String("file")).toString();
            e.document.title = a.value(QLatin1String("title")).toString();
            e.document.kind = a.value(QLatin1String("kind")).toString();
            e.document.mimeType = a.value(QLatin1String("mime")).toString();
            e.document.size = a.value(QLatin1String("size")).toLongLong();
            e.document.sha256 = a.value(QLatin1String("sha256")).toLatin1();
            e.document.version = a.value(QLatin1String("version")).toLongLong();
            e.annotationsFile = a.value(QLatin1String("annotations")).toString();
            e.annotationsSha256 = a.value(QLatin1String("annotationsSha256")).toLatin1();
            if (e.annotationsFile.isEmpty() != e.annotationsSha256.isEmpty())
                return refused(Tr::tr("A document's annotations in the package's manifest lack their file or checksum."));
            p.documents << e;
        } else if (n == QLatin1String("note")) {
            Note note{a.value(QLatin1String("id")).toString(), p.request.id, a.value(QLatin1String("author")).toString(),
                      {}, dt(a.value(QLatin1String("created"))), 1};
            note.text = r.readElementText();
            p.notes << note;
        } else if (n == QLatin1String("annotation")) {
            const QString document = a.value(QLatin1String("document")).toString();
            auto an = json::decodeAnnotation(QJsonDocument::fromJson(r.readElementText().toUtf8()).object());
            if (!an || an->documentId != document)
                return refused(Tr::tr("An annotation in the package's manifest cannot be read."));
            p.annotations << an.value();
        } else if (n == QLatin1String("event")) {
            TimelineEvent t{p.request.id, dt(a.value(QLatin1String("at"))), a.value(QLatin1String("actor")).toString(),
                            a.value(QLatin1String("kind")).toString(), {}};
            t.text = r.readElementText();
            p.timeline << t;
        }
    }
    if (r.hasError())
        return refused(Tr::tr("The package's manifest (efile.xml) is not well-formed XML."), r.errorString());
    return p;
}

// The name checks, on the raw names from the central directory.
Status checkName(const QByteArray& raw)
{
    const QString name = QString::fromUtf8(raw);
    if (raw.isEmpty() || raw.contains('\0') || name.contains(QChar::ReplacementCharacter))
        return refused(Tr::tr("The package contains an entry with an unreadable name."));
    for (QChar c : name)
        if (c.unicode() < 0x20)
            return refused(Tr::tr("The package contains an entry with control characters in its name."));
    if (name.contains(QLatin1Char('\\')))
        return refused(Tr::tr("The package contains a Windows-style path (\"%1\"); it is refused.").arg(name));
    if (name.startsWith(QLatin1Char('/')))
        return refused(Tr::tr("The package contains an absolute path (\"%1\"); it is refused.").arg(name));
    if (name.size() >= 2 && name.at(1) == QLatin1Char(':') && name.at(0).isLetter())
        return refused(Tr::tr("The package contains a path with a drive letter (\"%1\"); it is refused.").arg(name));
    for (const QString& part : name.split(QLatin1Char('/')))
        if (part == QLatin1String("..") || part == QLatin1String("."))
            return refused(Tr::tr("The package contains a path that leaves its folder (\"%1\"); it is refused.").arg(name));
    return {};
}

} // namespace

QByteArray schema()
{
    QFile f(QStringLiteral(":/clerkdesk/efile-1.xsd"));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

Status exportRequest(Store& store, const QString& requestId, const QString& zipPath, const Progress& progress,
                     qint64 maxPackageBytes)
{
    auto request = store.request(requestId);
    if (!request)
        return request.error();
    DocumentCache cache(store);
    Package p;
    QMap<QString, QByteArray> xfdfFiles; // the annotations of each document, as XFDF
    p.request = request.value();
    p.created = QDateTime::currentDateTimeUtc();
    qint64 total = 0;
    for (const Document& d : cache.documentsOf(requestId)) {
        if (!cache.hasContent(d.id))
            return Error{Error::NotFound,
                         Tr::tr("The document \"%1\" is not on this computer yet. Open it once (with a connection) and "
                                "export again.")
                             .arg(d.title),
                         d.id};
        Document doc = d;
        if (doc.sha256.isEmpty() || doc.size <= 0) {
            auto bytes = cache.content(d.id);
            if (!bytes)
                return bytes.error();
            doc.size = bytes->size();
            doc.sha256 = Sha256::hash(bytes.value()).toHex();
        }
        DocumentEntry entry{doc, QStringLiteral("content/%1.%2").arg(d.id, extensionFor(d.mimeType)), {}, {}};
        const QList<Annotation> annotations = store.annotationsOf(d.id);
        if (!annotations.isEmpty()) {
            entry.annotationsFile = QStringLiteral("content/%1.xfdf").arg(d.id);
            xfdfFiles.insert(entry.annotationsFile, pdf::Xfdf::write(annotations, entry.file.section(QLatin1Char('/'), 1)));
            entry.annotationsSha256 = Sha256::hash(xfdfFiles.value(entry.annotationsFile)).toHex();
            p.annotations << annotations;
        }
        p.documents << entry;
        total += doc.size;
    }
    p.notes = store.notes(requestId);
    p.timeline = store.timeline(requestId);
    const QByteArray manifest = manifestXml(p);

    // An upper bound of the package's size: every file uncompressed, with its local and central
    // directory headers (names, no extra fields) and the end record.
    qint64 estimate = 22 + 76 + 2 * kManifest.size() + manifest.size();
    for (const DocumentEntry& e : std::as_const(p.documents))
        estimate += 76 + 2 * e.file.size() + e.document.size;
    for (auto it = xfdfFiles.cbegin(); it != xfdfFiles.cend(); ++it)
        estimate += 76 + 2 * it.key().size() + it.value().size();
    if (estimate > maxPackageBytes)
        return Error{Error::Invalid,
                     Tr::tr("The e-file of %1 is %2 MiB; a package can hold at most %3 MiB. Export fewer documents, "
                            "or hand the largest ones over separately.")
                         .arg(p.request.reference)
                         .arg(estimate >> 20)
                         .arg(maxPackageBytes >> 20),
                     QString::number(estimate)};

    // Written beside the target and renamed at the end: a cancelled or failed export leaves nothing.
    const QString partial = zipPath + QStringLiteral(".part");
    QFile::remove(partial);
    {
        KZip zip(partial);
        if (!zip.open(QIODevice::WriteOnly))
            return Error{Error::Io, Tr::tr("The package file could not be created: %1").arg(zipPath), zip.errorString()};
        zip.setCompression(KZip::DeflateCompression);
        if (!zip.writeFile(kManifest, manifest))
            return Error{Error::Io, Tr::tr("The package could not be written (is the disk full?)."), zip.errorString()};
        for (auto it = xfdfFiles.cbegin(); it != xfdfFiles.cend(); ++it)
            if (!zip.writeFile(it.key(), it.value()))
                return Error{Error::Io, Tr::tr("The package could not be written (is the disk full?)."), zip.errorString()};
        // PDFs and images are compressed already: stored as they are. Their bytes are decrypted
        // ahead on worker threads while this thread hashes and writes.
        zip.setCompression(KZip::NoCompression);
        QStringList ids;
        for (const DocumentEntry& e : std::as_const(p.documents))
            ids << e.document.id;
        ContentReaders readers(store, ids);
        auto fail = [&](const Error& e) {
            readers.stop();
            zip.close();
            QFile::remove(partial);
            return e;
        };
        const Error diskFull{Error::Io, Tr::tr("The package could not be written (is the disk full?)."), {}};
        if (Status s = readers.start(); !s)
            return fail(s.error());
        qint64 done = 0;
        for (int i = 0; i < p.documents.size(); ++i) {
            const DocumentEntry& e = p.documents.at(i);
            if (!zip.prepareWriting(e.file, QString(), QString(), e.document.size, 0100644))
                return fail({Error::Io, diskFull.message, zip.errorString()});
            Sha256 sha;
            qint64 written = 0;
            QByteArray chunk;
            Error error;
            ContentReaders::Next next;
            while ((next = readers.next(i, &chunk, &error)) == ContentReaders::Next::Chunk) {
                if (!zip.writeData(chunk.constData(), chunk.size()))
                    return fail({Error::Io, diskFull.message, zip.errorString()});
                sha.addData(chunk);
                written += chunk.size();
                if (progress && !progress(done + written, total))
                    return fail({Error::Conflict, Tr::tr("The export was cancelled; no package was written."), {}});
            }
            if (next == ContentReaders::Next::Failed) {
                if (error.code == Error::Corrupt)
                    error.message = Tr::tr("The stored copy of \"%1\" is damaged; it was not exported.").arg(e.document.title);
                return fail(error);
            }
            if (!zip.finishWriting(written))
                return fail({Error::Io, diskFull.message, zip.errorString()});
            if (written != e.document.size || sha.hexResult() != e.document.sha256)
                return fail({Error::Corrupt,
                             Tr::tr("The stored copy of \"%1\" does not match its checksum; it was not exported.").arg(e.document.title),
                             e.document.id});
            done += written;
        }
        readers.stop();
        if (!zip.close()) {
            QFile::remove(partial);
            return Error{Error::Io, Tr::tr("The package could not be written (is the disk full?)."), zip.errorString()};
        }
    }
    QFile::remove(zipPath);
    if (!QFile::rename(partial, zipPath)) {
        QFile::remove(partial);
        return Error{Error::Io, Tr::tr("The package file could not be created: %1").arg(zipPath), {}};
    }
    return {};
}

namespace {

// An archive whose directory, names, limits, manifest and annotations passed every check; the
// documents' bytes are still to be read (and checked) by readDocuments().
struct Inspected
{
    std::unique_ptr<KZip> zip;
    Package package;
};

Result<Inspected> inspect(const QString& zipPath, const Limits& limits)
{
    QFile raw(zipPath);
    if (!raw.open(QIODevice::ReadOnly))
        return Error{Error::NotFound, Tr::tr("The package %1 cannot be opened.").arg(zipPath), raw.errorString()};
    if (raw.size() > kMaxPackageBytes)
        return refused(Tr::tr("The package is %1 MiB; ClerkDesk reads packages of at most %2 MiB. Ask the sender to "
                              "split the e-file into smaller packages.")
                           .arg(raw.size() >> 20)
                           .arg(kMaxPackageBytes >> 20));
    auto entries = zipscan::centralDirectory(raw, limits.maxEntries);
    raw.close();
    if (!entries)
        return entries.error();
    QSet<QString> seen, seenFolded;
    QSet<QString> files;
    qint64 total = 0;
    for (const zipscan::RawEntry& e : entries.value()) {
        if (Status s = checkName(e.name); !s)
            return s.error();
        const QString name = QString::fromUtf8(e.name);
        if (e.encrypted())
            return refused(Tr::tr("The package contains an encrypted entry (\"%1\"); encrypted packages are not accepted.").arg(name));
        const quint32 type = e.unixType();
        if (type == 0120000)
            return refused(Tr::tr("The package contains a symbolic link (\"%1\"); it is refused.").arg(name));
        if (type != 0 && type != 0100000 && type != 040000)
            return refused(Tr::tr("The package contains an entry that is not a regular file (\"%1\"); it is refused.").arg(name));
        if (e.method != 0 && e.method != 8)
            return refused(Tr::tr("The package uses a compression method ClerkDesk does not accept (\"%1\").").arg(name));
        const QString key = name.endsWith(QLatin1Char('/')) ? name.chopped(1) : name;
        if (seen.contains(key))
            return refused(Tr::tr("The package contains \"%1\" twice; it is refused.").arg(name));
        if (seenFolded.contains(key.toCaseFolded()))
            return refused(Tr::tr("The package contains names that differ only in case (\"%1\"); it is refused.").arg(name));
        seen.insert(key);
        seenFolded.insert(key.toCaseFolded());
        if (e.isDirectory())
            continue;
        if (e.size > quint64(limits.maxEntryBytes))
            return refused(Tr::tr("The entry \"%1\" is larger than the accepted %2 MiB.").arg(name).arg(limits.maxEntryBytes >> 20));
        total += qint64(e.size);
        if (total > limits.maxTotalBytes)
            return refused(Tr::tr("The package's content is larger than the accepted %1 MiB.").arg(limits.maxTotalBytes >> 20));
        if (e.size > (1u << 20) && e.size > quint64(limits.maxRatio) * qMax<quint64>(1, e.compressedSize))
            return refused(Tr::tr("The entry \"%1\" is compressed suspiciously well (%2:1); the package looks like a "
                                  "decompression bomb and is refused.")
                               .arg(name)
                               .arg(e.size / qMax<quint64>(1, e.compressedSize)));
        files.insert(name);
    }
    if (!files.contains(kManifest))
        return refused(Tr::tr("The package has no manifest (efile.xml); it is not a ClerkDesk e-file."));

    auto zip = std::make_unique<KZip>(zipPath);
    if (!zip->open(QIODevice::ReadOnly))
        return Error{Error::Invalid, Tr::tr("The package is damaged or incomplete (it may have been cut off while copying)."),
                     zip->errorString()};
    const KArchiveFile* manifestFile = zip->directory()->file(kManifest);
    if (!manifestFile || manifestFile->size() > limits.maxManifestBytes)
        return refused(Tr::tr("The package's manifest is missing or too large."));
    const QByteArray manifest = manifestFile->data();
    if (manifest.size() != manifestFile->size())
        return Error{Error::Invalid, Tr::tr("The package is damaged or incomplete (it may have been cut off while copying)."),
                     QStringLiteral("manifest short read")};
    if (Status s = validateAgainstSchema(manifest); !s)
        return s.error();
    auto package = parseManifest(manifest);
    if (!package)
        return package.error();

    // Every referenced file exists once; nothing else is in the package.
    QSet<QString> referenced;
    for (const DocumentEntry& d : std::as_const(package->documents)) {
        if (referenced.contains(d.file))
            return refused(Tr::tr("The manifest names the file \"%1\" twice.").arg(d.file));
        referenced.insert(d.file);
        if (!files.contains(d.file))
            return refused(Tr::tr("The manifest names the file \"%1\", which is not in the package.").arg(d.file));
        if (!d.annotationsFile.isEmpty()) {
            if (referenced.contains(d.annotationsFile) || d.annotationsFile.section(QLatin1Char('/'), 1).section(QLatin1Char('.'), 0, 0) != d.document.id)
                return refused(Tr::tr("The manifest names the file \"%1\" twice or for the wrong document.").arg(d.annotationsFile));
            referenced.insert(d.annotationsFile);
            if (!files.contains(d.annotationsFile))
                return refused(Tr::tr("The manifest names the file \"%1\", which is not in the package.").arg(d.annotationsFile));
        }
    }
    for (const QString& f : std::as_const(files))
        if (f != kManifest && !referenced.contains(f))
            return refused(Tr::tr("The package contains \"%1\", which its manifest does not name; it is refused.").arg(f));

    // Annotations: each XFDF file checked against its checksum and read as hostile XML.
    if (!package->annotations.isEmpty() && std::any_of(package->documents.cbegin(), package->documents.cend(),
                                                        [](const DocumentEntry& d) { return !d.annotationsFile.isEmpty(); }))
        return refused(Tr::tr("The package carries annotations twice (in the manifest and as XFDF)."));
    for (const DocumentEntry& d : std::as_const(package->documents)) {
        if (d.annotationsFile.isEmpty())
            continue;
        const KArchiveFile* file = zip->directory()->file(d.annotationsFile);
        if (!file || file->size() > pdf::Xfdf::kMaxBytes)
            return refused(Tr::tr("The annotations file \"%1\" is missing or too large.").arg(d.annotationsFile));
        std::unique_ptr<QIODevice> device(file->createDevice());
        if (!device)
            return Error{Error::Invalid, Tr::tr("The package is damaged or incomplete (it may have been cut off while copying)."),
                         d.annotationsFile};
        CheckedSource source(device.get(), pdf::Xfdf::kMaxBytes);
        const QByteArray xml = source.readAll();
        if (source.overrun || xml.size() != file->size())
            return refused(Tr::tr("The entry \"%1\" holds more data than announced; the package is refused.").arg(d.annotationsFile));
        if (source.sha.result().toHex() != d.annotationsSha256)
            return refused(Tr::tr("The file \"%1\" does not match its checksum; the package is damaged or was altered.")
                               .arg(d.annotationsFile));
        auto annotations = pdf::Xfdf::read(xml, d.document.id);
        if (!annotations)
            return refused(Tr::tr("The annotations of \"%1\" cannot be read: %2").arg(d.document.title, annotations.errorString()));
        package->annotations << annotations.value();
    }

    return Inspected{std::move(zip), std::move(package.value())};
}

// Each document's bytes, checked against the size and checksum of the manifest; `consume` gets
// them while they are checked (import streams them into the store; verify only hashes them).
Status readDocuments(const Inspected& in, const Limits& limits, const Progress& progress,
                     const std::function<Status(const DocumentEntry&, QIODevice&)>& consume)
{
    qint64 declared = 0;
    for (const DocumentEntry& d : in.package.documents)
        declared += d.document.size;
    qint64 done = 0;
    for (const DocumentEntry& d : in.package.documents) {
        const KArchiveFile* file = in.zip->directory()->file(d.file);
        if (!file)
            return refused(Tr::tr("The manifest names the file \"%1\", which is not in the package.").arg(d.file));
        std::unique_ptr<QIODevice> device(file->createDevice());
        if (!device)
            return Error{Error::Invalid, Tr::tr("The package is damaged or incomplete (it may have been cut off while copying)."), d.file};
        CheckedSource source(device.get(), qMin<qint64>(d.document.size, limits.maxEntryBytes));
        const Status consumed = consume(d, source);
        // Drain what the consumer did not read (verify only hashes; a refusal stops early), so
        // that a damaged or altered entry is named as such rather than by the consumer's error.
        char buffer[65536];
        while (!source.overrun && source.read(buffer, sizeof buffer) > 0) {
        }
        if (source.overrun)
            return refused(Tr::tr("The entry \"%1\" holds more data than announced; the package is refused.").arg(d.file));
        if (source.total != d.document.size)
            return refused(Tr::tr("The file \"%1\" has %2 bytes, the manifest says %3; the package is damaged.")
                               .arg(d.file)
                               .arg(source.total)
                               .arg(d.document.size));
        if (source.sha.result().toHex() != d.document.sha256)
            return refused(Tr::tr("The file \"%1\" (\"%2\") does not match its checksum; the package is damaged or was "
                                  "altered.")
                               .arg(d.file, d.document.title));
        if (!consumed)
            return consumed;
        done += source.total;
        if (progress && !progress(done, declared))
            return Error{Error::Conflict, Tr::tr("The import was cancelled; nothing was changed."), {}};
    }
    return {};
}

Result<Package> check(const QString& zipPath, const Limits& limits, const Progress& progress,
                      const std::function<Status(const DocumentEntry&, QIODevice&)>& consume)
{
    auto in = inspect(zipPath, limits);
    if (!in)
        return in.error();
    if (Status s = readDocuments(in.value(), limits, progress, consume); !s)
        return s.error();
    return std::move(in->package);
}

} // namespace

Result<Package> verify(const QString& zipPath, const Limits& limits, const Progress& progress)
{
    return check(zipPath, limits, progress, [](const DocumentEntry&, QIODevice&) { return Status{}; });
}

Result<ImportResult> importPackage(Store& store, const QString& zipPath, IfExists ifExists, const QString& actor,
                                   const Limits& limits, const Progress& progress)
{
    // Everything but the documents' bytes is checked before anything is written; the bytes are
    // checked while they are written, in one transaction that a refusal rolls back.
    auto inspected = inspect(zipPath, limits);
    if (!inspected)
        return inspected.error();
    const Package& p = inspected->package;
    const bool exists = store.request(p.request.id).ok();
    if (exists && ifExists == IfExists::Refuse)
        return Error{Error::Conflict,
                     Tr::tr("The request %1 is already on this computer. Merge the package into it, or keep both?")
                         .arg(p.request.reference),
                     p.request.id};
    // Keep both: new ids throughout, derived from the old ones so that importing twice is stable.
    QHash<QString, QString> newId;
    auto remap = [&](const QString& id) {
        if (ifExists != IfExists::KeepBoth || !exists)
            return id;
        if (!newId.contains(id))
            newId.insert(id, QUuid::createUuidV5(QUuid::fromString(id), QStringLiteral("clerkdesk-import")).toString(QUuid::WithoutBraces));
        return newId.value(id);
    };
    const QString requestId = remap(p.request.id);
    DocumentCache cache(store);
    ImportResult result{requestId};
    // Document files written by this import; removed again unless it commits (declared before
    // the transaction, so the removal follows its rollback).
    QStringList filesWritten;
    bool committed = false;
    auto removeWritten = qScopeGuard([&] {
        if (ContentFiles* files = store.contentFiles(); files && !committed)
            for (const QString& id : std::as_const(filesWritten))
                files->remove(id);
    });
    sql::Transaction tx(store.connection());
    if (!tx.ok())
        return tx.error();
    if (!exists || ifExists == IfExists::KeepBoth) {
        Request r = p.request;
        r.id = requestId;
        if (exists)
            r.reference += Tr::tr(" (imported)");
        if (Status s = store.upsertRequests({r}); !s)
            return s.error();
    }
    QSet<QString> have;
    for (const Document& d : cache.documentsOf(requestId))
        have.insert(d.id);
    QList<Document> docs;
    for (const DocumentEntry& e : std::as_const(p.documents)) {
        Document d = e.document;
        d.id = remap(d.id);
        d.requestId = requestId;
        if (!have.contains(d.id))
            docs << d;
    }
    if (Status s = cache.upsertDocuments(docs); !s)
        return s.error();
    QSet<QString> wanted;
    for (const Document& d : std::as_const(docs))
        wanted.insert(d.id);
    const Status written = readDocuments(inspected.value(), limits, progress,
                                         [&](const DocumentEntry& e, QIODevice& bytes) -> Status {
                                             const QString id = remap(e.document.id);
                                             if (!wanted.contains(id))
                                                 return {};
                                             ++result.documents;
                                             filesWritten << id;
                                             return cache.putContent(id, bytes);
                                         });
    if (!written)
        return written.error(); // the transaction rolls back
    QSet<QString> noteIds;
    for (const Note& n : store.notes(requestId))
        noteIds.insert(n.id);
    QList<Note> notes;
    for (Note n : std::as_const(p.notes)) {
        n.id = remap(n.id);
        n.requestId = requestId;
        if (!noteIds.contains(n.id))
            notes << n;
    }
    if (Status s = store.upsertNotes(notes); !s)
        return s.error();
    result.notes = int(notes.size());
    QList<Annotation> annotations;
    for (Annotation a : std::as_const(p.annotations)) {
        a.id = remap(a.id);
        a.documentId = remap(a.documentId);
        annotations << a;
    }
    if (Status s = store.upsertAnnotations(annotations); !s)
        return s.error();
    result.annotations = int(annotations.size());
    if (!exists || ifExists == IfExists::KeepBoth)
        for (TimelineEvent t : std::as_const(p.timeline)) {
            t.requestId = requestId;
            if (Status s = store.addTimeline(t); !s)
                return s.error();
        }
    if (Status s = store.addTimeline({requestId, QDateTime::currentDateTimeUtc(), actor, QStringLiteral("imported"),
                                      Tr::tr("E-file package imported (%1 document(s) from %2)")
                                          .arg(result.documents)
                                          .arg(p.sender)});
        !s)
        return s.error();
    if (Status s = tx.commit(); !s)
        return s.error();
    committed = true;
    store.notifyChanged({requestId});
    return result;
}

} // namespace clerk::efile
