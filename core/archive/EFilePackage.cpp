#include "EFilePackage.h"

#include "EFileInternal.h"
#include "ZipScan.h"
#include "core/Logging.h"
#include "core/Sha256.h"
#include "core/domain/Json.h"
#include "core/pdf/Xfdf.h"

#include <KZip>
#include <QFile>
#include <QJsonDocument>
#include <QMap>
#include <QXmlStreamReader>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <memory>

namespace clerk::efile {

using detail::refused;
using detail::Tr;

namespace {

using detail::kManifest;

// KZip's view of the package: every file with its size, and its compressed size.
QMap<QString, QPair<qint64, qint64>> filesOf(const KArchiveDirectory* root)
{
    QMap<QString, QPair<qint64, qint64>> out;
    QList<QPair<QString, const KArchiveDirectory*>> pending { { QString(), root } };
    while (!pending.isEmpty()) {
        const auto [prefix, dir] = pending.takeLast();
        for (const QString& name : dir->entries()) {
            const KArchiveEntry* e = dir->entry(name);
            const QString path = prefix.isEmpty() ? name : prefix + QLatin1Char('/') + name;
            if (e->isDirectory()) {
                pending.append({ path, static_cast<const KArchiveDirectory*>(e) });
            } else {
                const auto* f = static_cast<const KArchiveFile*>(e);
                const auto* z = dynamic_cast<const KZipFileEntry*>(e);
                out.insert(path, { f->size(), z ? z->compressedSize() : -1 });
            }
        }
    }
    return out;
}

// libxml2 with the network and entity expansion off; the schema compiled once per call.
Status validateAgainstSchema(const QByteArray& xml)
{
    xmlInitParser();
    const QByteArray xsd = schema();
    std::unique_ptr<xmlSchemaParserCtxt, void (*)(xmlSchemaParserCtxtPtr)> pctx(
        xmlSchemaNewMemParserCtxt(xsd.constData(), int(xsd.size())), xmlSchemaFreeParserCtxt);
    std::unique_ptr<xmlSchema, void (*)(xmlSchemaPtr)> compiled(
        pctx ? xmlSchemaParse(pctx.get()) : nullptr, xmlSchemaFree);
    if (!compiled)
        return Error { Error::Internal, Tr::tr("The e-file schema could not be loaded."), {} };
    std::unique_ptr<xmlDoc, void (*)(xmlDocPtr)> doc(
        xmlReadMemory(xml.constData(), int(xml.size()), "efile.xml", "UTF-8",
            XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING),
        xmlFreeDoc);
    if (!doc)
        return refused(Tr::tr("The package's manifest (efile.xml) is not well-formed XML."));
    if (doc->intSubset || doc->extSubset)
        return refused(Tr::tr("The package's manifest declares a DTD, which is not accepted."));
    std::unique_ptr<xmlSchemaValidCtxt, void (*)(xmlSchemaValidCtxtPtr)> vctx(
        xmlSchemaNewValidCtxt(compiled.get()), xmlSchemaFreeValidCtxt);
    QString firstError;
    // (libxml2 2.12 made the error const: the generic lambda fits either signature.)
    xmlStructuredErrorFunc collect = [](void* user, auto* e) {
        auto* first = static_cast<QString*>(user);
        if (first->isEmpty() && e && e->message)
            *first = QStringLiteral("line %1: %2").arg(e->line).arg(QString::fromUtf8(e->message).trimmed());
    };
    xmlSchemaSetValidStructuredErrors(vctx.get(), collect, &firstError);
    if (xmlSchemaValidateDoc(vctx.get(), doc.get()) != 0)
        return refused(
            Tr::tr("The package's manifest does not follow the e-file schema: %1").arg(firstError), firstError);
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
            // Ids are UUIDs; in lower case, as the backend makes them, so that one that differs from
            // an id of this computer only in case is the same id (and the same file on a file system
            // that ignores case).
            q.id = a.value(QLatin1String("id")).toString().toLower();
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
            e.document.id = a.value(QLatin1String("id")).toString().toLower();
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
                return refused(
                    Tr::tr("A document's annotations in the package's manifest lack their file or checksum."));
            p.documents << e;
        } else if (n == QLatin1String("note")) {
            Note note { a.value(QLatin1String("id")).toString().toLower(), p.request.id,
                a.value(QLatin1String("author")).toString(), {}, dt(a.value(QLatin1String("created"))), 1 };
            note.text = r.readElementText();
            p.notes << note;
        } else if (n == QLatin1String("annotation")) {
            const QString document = a.value(QLatin1String("document")).toString().toLower();
            auto an = json::decodeAnnotation(QJsonDocument::fromJson(r.readElementText().toUtf8()).object());
            if (!an || an->documentId.toLower() != document)
                return refused(Tr::tr("An annotation in the package's manifest cannot be read."));
            an->documentId = document;
            p.annotations << an.value();
        } else if (n == QLatin1String("event")) {
            TimelineEvent t { p.request.id, dt(a.value(QLatin1String("at"))),
                a.value(QLatin1String("actor")).toString(), a.value(QLatin1String("kind")).toString(), {} };
            if (a.hasAttribute(QLatin1String("params"))) { // (packages before the codes have none)
                const QJsonDocument params = QJsonDocument::fromJson(a.value(QLatin1String("params")).toUtf8());
                if (!params.isObject())
                    return refused(Tr::tr("A timeline entry in the package's manifest cannot be read."));
                t.params = params.object();
            }
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
            return refused(
                Tr::tr("The package contains a path that leaves its folder (\"%1\"); it is refused.").arg(name));
    return {};
}

} // namespace

QByteArray schema()
{
    QFile f(QStringLiteral(":/clerkdesk/efile-1.xsd"));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

namespace detail {

Error tooMuchInflated(const Limits& limits)
{
    return refused(Tr::tr("The package's content unpacks to more than the accepted %1 MiB; it is refused.")
            .arg(limits.maxTotalBytes >> 20));
}

Result<QByteArray> readSmall(
    const KArchiveFile* file, const QString& name, qint64* budget, const Limits& limits, QByteArray* sha256)
{
    std::unique_ptr<QIODevice> device(file->createDevice());
    if (!device)
        return Error { Error::Invalid,
            Tr::tr("The package is damaged or incomplete (it may have been cut off while copying)."), name };
    BoundedReader source(device.get(), file->size(), budget);
    const QByteArray bytes = source.readAll();
    if (source.overBudget)
        return tooMuchInflated(limits);
    if (source.overrun)
        return refused(Tr::tr("The entry \"%1\" holds more data than announced; the package is refused.").arg(name));
    if (bytes.size() != file->size())
        return Error { Error::Invalid,
            Tr::tr("The package is damaged or incomplete (it may have been cut off while copying)."),
            QStringLiteral("%1: %2 of %3 bytes").arg(name).arg(bytes.size()).arg(file->size()) };
    if (sha256)
        *sha256 = source.sha.result().toHex();
    return bytes;
}

Result<CheckedArchive> openArchive(const QString& zipPath, const Limits& limits)
{
    QFile raw(zipPath);
    if (!raw.open(QIODevice::ReadOnly))
        return Error { Error::NotFound, Tr::tr("The package %1 cannot be opened.").arg(zipPath), raw.errorString() };
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
    QMap<QString, QPair<qint64, qint64>> rawFiles; // name → size, compressed size
    qint64 total = 0;
    for (const zipscan::RawEntry& e : entries.value()) {
        if (Status s = checkName(e.name); !s)
            return s.error();
        const QString name = QString::fromUtf8(e.name);
        if (e.encrypted())
            return refused(
                Tr::tr("The package contains an encrypted entry (\"%1\"); encrypted packages are not accepted.")
                    .arg(name));
        const quint32 type = e.unixType();
        if (type == 0120000)
            return refused(Tr::tr("The package contains a symbolic link (\"%1\"); it is refused.").arg(name));
        if (type != 0 && type != 0100000 && type != 040000)
            return refused(
                Tr::tr("The package contains an entry that is not a regular file (\"%1\"); it is refused.").arg(name));
        if (e.method != 0 && e.method != 8)
            return refused(
                Tr::tr("The package uses a compression method ClerkDesk does not accept (\"%1\").").arg(name));
        const QString key = name.endsWith(QLatin1Char('/')) ? name.chopped(1) : name;
        if (seen.contains(key))
            return refused(Tr::tr("The package contains \"%1\" twice; it is refused.").arg(name));
        if (seenFolded.contains(key.toCaseFolded()))
            return refused(
                Tr::tr("The package contains names that differ only in case (\"%1\"); it is refused.").arg(name));
        seen.insert(key);
        seenFolded.insert(key.toCaseFolded());
        if (e.isDirectory())
            continue;
        if (e.size > quint64(limits.maxEntryBytes))
            return refused(Tr::tr("The entry \"%1\" is larger than the accepted %2 MiB.")
                    .arg(name)
                    .arg(limits.maxEntryBytes >> 20));
        total += qint64(e.size);
        if (total > limits.maxTotalBytes)
            return refused(
                Tr::tr("The package's content is larger than the accepted %1 MiB.").arg(limits.maxTotalBytes >> 20));
        if (e.size > (1u << 20) && e.size > quint64(limits.maxRatio) * qMax<quint64>(1, e.compressedSize))
            return refused(Tr::tr("The entry \"%1\" is compressed suspiciously well (%2:1); the package looks like a "
                                  "decompression bomb and is refused.")
                    .arg(name)
                    .arg(e.size / qMax<quint64>(1, e.compressedSize)));
        rawFiles.insert(name, { qint64(e.size), qint64(e.compressedSize) });
    }
    auto zip = std::make_unique<KZip>(zipPath);
    if (!zip->open(QIODevice::ReadOnly))
        return Error { Error::Invalid,
            Tr::tr("The package is damaged or incomplete (it may have been cut off while copying)."),
            zip->errorString() };
    // KZip must read the very entries checked above: a file that shows one reader other entries
    // or sizes than the other (two directories, a local header that disagrees) is refused.
    if (filesOf(zip->directory()) != rawFiles)
        return refused(Tr::tr("The package's entries read differently depending on how it is read (it may have two "
                              "directories); it is refused."));
    return CheckedArchive { std::move(zip), std::move(rawFiles) };
}

Result<Inspected> inspect(const QString& zipPath, const Limits& limits)
{
    auto archive = openArchive(zipPath, limits);
    if (!archive)
        return archive.error();
    if (!archive->files.contains(kManifest))
        return refused(Tr::tr("The package has no manifest (efile.xml); it is not a ClerkDesk e-file."));
    std::unique_ptr<KZip> zip = std::move(archive->zip);
    const QMap<QString, QPair<qint64, qint64>>& rawFiles = archive->files;
    qint64 inflatedLeft = limits.maxTotalBytes;
    const KArchiveFile* manifestFile = zip->directory()->file(kManifest);
    if (!manifestFile || manifestFile->size() > limits.maxManifestBytes)
        return refused(Tr::tr("The package's manifest is missing or too large."));
    auto manifest = readSmall(manifestFile, kManifest, &inflatedLeft, limits);
    if (!manifest)
        return manifest.error();
    if (Status s = validateAgainstSchema(manifest.value()); !s)
        return s.error();
    auto package = parseManifest(manifest.value());
    if (!package)
        return package.error();

    // Every referenced file exists once; nothing else is in the package.
    QSet<QString> referenced;
    for (const DocumentEntry& d : std::as_const(package->documents)) {
        if (referenced.contains(d.file))
            return refused(Tr::tr("The manifest names the file \"%1\" twice.").arg(d.file));
        referenced.insert(d.file);
        if (!rawFiles.contains(d.file))
            return refused(Tr::tr("The manifest names the file \"%1\", which is not in the package.").arg(d.file));
        // The size the manifest gives is the size the directory gives (the bytes inflated are
        // held to it while they are read).
        if (rawFiles.value(d.file).first != d.document.size)
            return refused(Tr::tr("The file \"%1\" has %2 bytes by the package's directory, the manifest says %3; the "
                                  "package is damaged or was altered.")
                    .arg(d.file)
                    .arg(rawFiles.value(d.file).first)
                    .arg(d.document.size));
        if (!d.annotationsFile.isEmpty()) {
            const QString named = d.annotationsFile.section(QLatin1Char('/'), 1).section(QLatin1Char('.'), 0, 0);
            if (referenced.contains(d.annotationsFile) || named.toLower() != d.document.id)
                return refused(Tr::tr("The manifest names the file \"%1\" twice or for the wrong document.")
                        .arg(d.annotationsFile));
            referenced.insert(d.annotationsFile);
            if (!rawFiles.contains(d.annotationsFile))
                return refused(
                    Tr::tr("The manifest names the file \"%1\", which is not in the package.").arg(d.annotationsFile));
        }
    }
    for (const QString& f : rawFiles.keys())
        if (f != kManifest && !referenced.contains(f))
            return refused(
                Tr::tr("The package contains \"%1\", which its manifest does not name; it is refused.").arg(f));

    // Annotations: each XFDF file checked against its checksum and read as hostile XML.
    if (!package->annotations.isEmpty()
        && std::any_of(package->documents.cbegin(), package->documents.cend(),
            [](const DocumentEntry& d) { return !d.annotationsFile.isEmpty(); }))
        return refused(Tr::tr("The package carries annotations twice (in the manifest and as XFDF)."));
    for (const DocumentEntry& d : std::as_const(package->documents)) {
        if (d.annotationsFile.isEmpty())
            continue;
        const KArchiveFile* file = zip->directory()->file(d.annotationsFile);
        if (!file || file->size() > pdf::Xfdf::kMaxBytes)
            return refused(Tr::tr("The annotations file \"%1\" is missing or too large.").arg(d.annotationsFile));
        QByteArray sha256;
        auto xml = readSmall(file, d.annotationsFile, &inflatedLeft, limits, &sha256);
        if (!xml)
            return xml.error();
        if (sha256 != d.annotationsSha256)
            return refused(Tr::tr("The file \"%1\" does not match its checksum; the package is damaged or was altered.")
                    .arg(d.annotationsFile));
        auto annotations = pdf::Xfdf::read(xml.value(), d.document.id);
        if (!annotations)
            return refused(Tr::tr("The annotations of \"%1\" cannot be read: %2")
                    .arg(d.document.title, annotations.errorString()));
        package->annotations << annotations.value();
    }

    // Each document, note and annotation once, and every annotation on a document of this package
    // (never on one the package does not carry, which could be another request's).
    QSet<QString> documentIds, noteIds, annotationIds;
    for (const DocumentEntry& d : std::as_const(package->documents)) {
        if (documentIds.contains(d.document.id))
            return refused(Tr::tr("The package contains the document id %1 twice; it is refused.").arg(d.document.id));
        documentIds.insert(d.document.id);
    }
    for (const Note& n : std::as_const(package->notes)) {
        if (noteIds.contains(n.id))
            return refused(Tr::tr("The package contains the note id %1 twice; it is refused.").arg(n.id));
        noteIds.insert(n.id);
    }
    for (const Annotation& a : std::as_const(package->annotations)) {
        if (annotationIds.contains(a.id))
            return refused(Tr::tr("The package contains the annotation id %1 twice; it is refused.").arg(a.id));
        annotationIds.insert(a.id);
        if (!documentIds.contains(a.documentId))
            return refused(Tr::tr("The package contains an annotation on a document that is not in the package; it is "
                                  "refused."),
                a.documentId);
    }

    return Inspected { std::move(zip), std::move(package.value()), inflatedLeft };
}

Status readDocuments(Inspected& in, const Limits& limits, const Progress& progress,
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
            return Error { Error::Invalid,
                Tr::tr("The package is damaged or incomplete (it may have been cut off while copying)."), d.file };
        BoundedReader source(device.get(), qMin<qint64>(d.document.size, limits.maxEntryBytes), &in.inflatedLeft);
        const Status consumed = consume(d, source);
        // Drain what the consumer did not read (verify only hashes; a refusal stops early), so
        // that a damaged or altered entry is named as such rather than by the consumer's error.
        char buffer[65536];
        while (!source.overrun && !source.overBudget && source.read(buffer, sizeof buffer) > 0) { }
        if (source.overBudget)
            return tooMuchInflated(limits);
        if (source.overrun)
            return refused(
                Tr::tr("The entry \"%1\" holds more data than announced; the package is refused.").arg(d.file));
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
            return Error { Error::Cancelled, Tr::tr("The import was cancelled; nothing was changed."), {} };
    }
    return {};
}

} // namespace detail

Result<Package> verify(const QString& zipPath, const Limits& limits, const Progress& progress)
{
    auto in = detail::inspect(zipPath, limits);
    if (!in)
        return in.error();
    auto hashOnly = [](const DocumentEntry&, QIODevice&) { return Status {}; };
    if (Status s = detail::readDocuments(in.value(), limits, progress, hashOnly); !s)
        return s.error();
    return std::move(in->package);
}

} // namespace clerk::efile
