// Writing a checked xdomea package into a store: every check first (the whole package read once
// and hashed), then one transaction, in which every file is read a second time (once, however
// many requests it goes into) and must be the very bytes hashed before. A refusal or a cancel rolls everything back,
// the files written included.
#include "XdomeaPackageInternal.h"
#include "core/Logging.h"
#include "core/domain/Json.h"
#include "core/store/DatabaseAccess.h"
#include "core/store/DocumentCache.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"

#include <QBuffer>
#include <QJsonDocument>
#include <QScopeGuard>
#include <QUuid>

namespace clerk::xdomea {

using detail::Tr;

namespace {

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QString processKey(const QString& processId)
{
    return QStringLiteral("xdomea_process:") + processId.toLower();
}

// Our document kinds from the sender's own word for the document (Typ).
QString kindOf(const QString& type)
{
    const QString t = type.toLower();
    if (t.contains(QLatin1String("antrag")))
        return QStringLiteral("application");
    if (t.contains(QLatin1String("plan")) || t.contains(QLatin1String("skizze")) || t.contains(QLatin1String("karte")))
        return QStringLiteral("plan");
    if (t.contains(QLatin1String("foto")) || t.contains(QLatin1String("bild")))
        return QStringLiteral("photo");
    if (t.contains(QLatin1String("bescheid")) || t.contains(QLatin1String("schreiben"))
        || t.contains(QLatin1String("brief")))
        return QStringLiteral("letter");
    return QStringLiteral("attachment");
}

// The sender's history entry in words: its action, the field it changed and how, its remark.
// (The sender's own words, in the sender's language: data, not translated.)
QString historyText(const HistoryEntry& h)
{
    QString text = h.action.trimmed();
    if (!h.field.trimmed().isEmpty()) {
        text += QStringLiteral(": %1").arg(h.field.trimmed());
        if (!h.oldValue.isEmpty() || !h.newValue.isEmpty())
            text += QStringLiteral(" „%1“ → „%2“").arg(h.oldValue.trimmed(), h.newValue.trimmed());
    }
    if (!h.remark.trimmed().isEmpty())
        text += QStringLiteral(" (%1)").arg(h.remark.trimmed());
    return text;
}

QString recordKind(Record::Kind kind)
{
    switch (kind) {
    case Record::Kind::Vorgang:
        return QStringLiteral("Vorgang");
    case Record::Kind::Dokument:
        return QStringLiteral("Dokument");
    case Record::Kind::Akte:
        break;
    }
    return QStringLiteral("Akte");
}

// What the request pane shows under "Taken over from xdomea" and the search finds: flat keys
// (the search index reads the form's top-level values).
QJsonObject formOf(const Package& p, const Record& r)
{
    const Message& m = p.message;
    // A ClerkDesk sender's form values as they were; the xdomea_* keys are ours to set.
    QJsonObject form = r.senderForm;
    for (const QString& key : r.senderForm.keys())
        if (key.startsWith(QLatin1String("xdomea_")))
            form.remove(key);
    auto put = [&form](const char* key, const QString& value) {
        if (!value.trimmed().isEmpty())
            form.insert(QLatin1String(key), value.trimmed());
    };
    put("xdomea_title", r.title);
    put("xdomea_sender", m.sender.display());
    put("xdomea_sender_key", m.sender.authorityKey);
    put("xdomea_receiver", m.receiver.display());
    put("xdomea_message", QStringLiteral("%1 (xdomea %2)").arg(m.rootName, versionText(m.version)));
    put("xdomea_process_id", m.processId);
    put("xdomea_object", QStringLiteral("%1 %2").arg(recordKind(r.kind), r.id));
    if (!r.fileId.isEmpty())
        put("xdomea_file", QStringLiteral("%1 %2 (%3)").arg(r.fileFileNumber, r.fileTitle, r.fileId).simplified());
    if (r.begins.isValid() || r.ends.isValid())
        put("xdomea_period",
            QStringLiteral("%1 – %2").arg(r.begins.toString(Qt::ISODate), r.ends.toString(Qt::ISODate)).trimmed());
    put("xdomea_sending_system", m.sendingSystem);
    put("xdomea_note", m.note);
    return form;
}

struct Planned
{
    Request request;
    QList<Document> documents;
    QList<QString> files; // per document: its entry in the package (empty: the message itself)
    QList<TimelineEvent> timeline;
    QList<Annotation> annotations; // on its documents, under new ids
    QStringList skipped; // annotations not taken over, in words
};

QList<Document> documentsOf(const Package& p, const detail::Annotations& annotations, Planned& pl,
    const QList<DocumentInfo>& docs, const QString& prefix)
{
    QList<Document> out;
    for (const DocumentInfo& d : docs) {
        const auto own
            = std::count_if(d.files.cbegin(), d.files.cend(), [](const FileRef& f) { return !f.annotations; });
        QHash<QString, QString> documentOfPdf;
        for (const FileRef& f : d.files) {
            if (f.annotations)
                continue;
            Document doc;
            doc.id = newId();
            doc.requestId = pl.request.id;
            doc.title = prefix + (d.title.isEmpty() ? f.fileName : d.title);
            if (own > 1)
                doc.title += QStringLiteral(" (%1)").arg(f.originalName.isEmpty() ? f.fileName : f.originalName);
            doc.kind = d.kind.isEmpty() ? kindOf(d.type) : d.kind;
            doc.mimeType = f.mimeType;
            doc.size = p.files.value(f.fileName).size;
            doc.sha256 = p.files.value(f.fileName).sha256;
            doc.version = 1;
            out << doc;
            pl.files << f.fileName;
            documentOfPdf.insert(f.fileName, doc.id);
        }
        for (const FileRef& f : d.files) {
            if (!f.annotations)
                continue;
            const QString pdf = detail::pdfOf(d, f);
            const int pages = annotations.pagesOfPdf.value(pdf, -1);
            int beyond = 0;
            for (Annotation a : annotations.ofXfdf.value(f.fileName)) {
                if (pages >= 0 && a.page >= pages) {
                    ++beyond;
                    continue;
                }
                a.id = newId(); // (the sender's ids may be another request's here)
                a.documentId = documentOfPdf.value(pdf);
                a.version = 0;
                pl.annotations << a;
            }
            if (beyond > 0)
                pl.skipped << Tr::tr("%n annotation(s) of \"%1\" not taken over: they are on pages the PDF does not "
                                     "have (it has %2).",
                    nullptr, beyond)
                                  .arg(prefix + d.title)
                                  .arg(pages);
        }
    }
    return out;
}

QList<Planned> plan(const Package& p, const ImportOptions& options, const detail::Annotations& annotations,
    const QHash<QString, QString>& offices, const QHash<QString, QString>& teams, const QDateTime& now)
{
    const Message& m = p.message;
    QList<Planned> out;
    for (const Record& rec : m.records) {
        Planned pl;
        Request& r = pl.request;
        r.id = newId();
        r.fileNumber = rec.fileNumber.trimmed();
        r.reference = r.fileNumber.isEmpty() ? QStringLiteral("xdomea-%1").arg(rec.id.left(8)) : r.fileNumber;
        r.serviceId = options.serviceId.isEmpty() ? serviceForFileNumber(r.fileNumber, offices) : options.serviceId;
        if (r.serviceId.isEmpty()) // none: the clerk assigns one (stored as "", the column is NOT NULL)
            r.serviceId = QStringLiteral("");
        r.teamId = teams.value(r.serviceId);
        r.channel = kChannel;
        // When it came in at the sender (a ClerkDesk sender says so), else when it was handed over.
        r.submittedAt = rec.submitted.isValid() ? rec.submitted : m.created.isValid() ? m.created : now;
        r.dueDate = rec.dueDate;
        // The receiving authority starts its own work: the status and assignee are its own.
        r.status = QStringLiteral("received");
        r.assignee = options.assignee;
        r.applicant.name = rec.contact.person.isEmpty() ? rec.contact.display() : rec.contact.person;
        r.applicant.street = rec.contact.street;
        r.applicant.postcode = rec.contact.postcode;
        r.applicant.city = rec.contact.city;
        r.applicant.email = rec.contact.email;
        r.applicant.phone = rec.contact.phone;
        r.form = formOf(p, rec);
        r.version = 0; // never came from the backend
        pl.documents = documentsOf(p, annotations, pl, rec.documents, {});
        pl.documents << documentsOf(p, annotations, pl, m.coverLetter, Tr::tr("Cover letter: "));
        Document message;
        message.id = newId();
        message.requestId = r.id;
        message.title = Tr::tr("xdomea message %1").arg(p.messageFile);
        message.kind = QStringLiteral("xdomea");
        message.mimeType = QStringLiteral("application/xml");
        message.size = p.messageXml.size();
        message.sha256 = p.messageSha256;
        message.version = 1;
        pl.documents << message;
        pl.files << QString();
        r.attachmentCount = int(pl.documents.size());
        for (const HistoryEntry& h : rec.history)
            pl.timeline << TimelineEvent { r.id, h.at.isValid() ? h.at : r.submittedAt, h.actor.trimmed(),
                QStringLiteral("xdomea_history"), historyText(h) };
        pl.timeline << TimelineEvent { r.id, now, options.actor, QStringLiteral("imported"),
            (QStringList { Tr::tr("Taken over from xdomea: %1 from %2 (ProzessID %3), %n document(s)", nullptr,
                 int(pl.documents.size()) - 1)
                     .arg(m.typeDisplay(), m.sender.display(), m.processId) }
                + pl.skipped)
                .join(QLatin1Char('\n')) };
        out << pl;
    }
    return out;
}

// The bytes the import stores: every request's own files, the cover letter's files and the message.
qint64 plannedBytes(const Package& p)
{
    auto filesOf = [&p](const QList<DocumentInfo>& docs) {
        qint64 bytes = 0;
        for (const DocumentInfo& d : docs)
            for (const FileRef& f : d.files)
                bytes += p.files.value(f.fileName).size;
        return bytes;
    };
    const qint64 perRequest = filesOf(p.message.coverLetter) + p.messageXml.size();
    qint64 total = 0;
    for (const Record& r : p.message.records)
        total += filesOf(r.documents) + perRequest;
    return total;
}

// The catalogue: each service's office and team.
struct Catalogue
{
    QHash<QString, QString> office, team;
};

Result<Catalogue> catalogueOf(sql::Connection& c)
{
    Catalogue out;
    auto q = c.query("SELECT id, body FROM services");
    while (q.next()) {
        auto service = json::decodeService(QJsonDocument::fromJson(q.text(1).toUtf8()).object());
        if (!service) // (one the catalogue cannot describe is never chosen)
            continue;
        out.office.insert(q.text(0), service->office);
        out.team.insert(q.text(0), service->teamId);
    }
    if (q.error())
        return q.error();
    return out;
}

} // namespace

Result<ImportResult> importPackage(Store& store, const QString& zipPath, const ImportOptions& options,
    const efile::Limits& limits, const efile::Progress& progress)
{
    // Everything is checked, and every file read and hashed once, before anything is written.
    auto inspected = detail::inspect(zipPath, limits);
    if (!inspected)
        return inspected.error();
    const auto half = [&progress](qint64 base) -> efile::Progress {
        if (!progress)
            return {};
        return [&progress, base](qint64 done, qint64 total) { return progress(base + done, 2 * total); };
    };
    qint64 total = 0;
    for (const PackageFile& f : std::as_const(inspected->package.files))
        total += f.size;
    // What the store would take: a file the cover letter names and the message XML go into every
    // request, so the import can store more than the package holds. Checked before any reading.
    if (const qint64 planned = plannedBytes(inspected->package); planned > limits.maxTotalBytes)
        return Error { Error::Invalid,
            Tr::tr("Taking over this xdomea message would store %1 MiB of documents (the cover letter and the "
                   "message once per request); ClerkDesk takes at most %2 MiB from one message. Nothing was "
                   "imported.")
                .arg(planned >> 20)
                .arg(limits.maxTotalBytes >> 20),
            QString::number(planned) };
    auto annotations = detail::readAnnotations(inspected.value(), limits, half(0));
    if (!annotations)
        return annotations.error();
    const Package& p = inspected->package;

    DocumentCache cache(store, store.clock());
    bool committed = false;
    auto settle = qScopeGuard([&] { cache.settleFiles(committed); });
    sql::Connection& c = storeConnection(store);
    sql::Transaction tx(c);
    if (!tx.ok())
        return tx.error();
    // (Inside the transaction: two imports of one message at once cannot both pass.)
    auto earlier = store.meta().value(processKey(p.message.processId));
    if (!earlier)
        return earlier.error();
    if (!earlier->isEmpty())
        return Error { Error::AlreadyExists,
            Tr::tr("This xdomea message (ProzessID %1) was imported on this computer before; it is not imported "
                   "twice.")
                .arg(p.message.processId),
            earlier.value() };
    auto catalogue = catalogueOf(c);
    if (!catalogue)
        return catalogue.error();
    const QList<Planned> planned
        = plan(p, options, annotations.value(), catalogue->office, catalogue->team, store.clock().now());
    ImportResult result;
    result.processId = p.message.processId;
    result.version = p.message.version;
    result.messageType = p.message.type;
    result.sender = p.message.sender;
    result.receiver = p.message.receiver;
    for (const Record& r : p.message.records)
        for (const QString& id : { r.fileId, r.id })
            if (!id.isEmpty() && !result.objectIds.contains(id))
                result.objectIds << id;
    QList<Request> requests;
    QMultiHash<QString, QString> documentOfFile; // entry name → the documents made of it
    QList<Document> documents;
    QList<QString> messageDocuments;
    for (const Planned& pl : planned) {
        requests << pl.request;
        result.requestIds << pl.request.id;
        documents << pl.documents;
        for (qsizetype i = 0; i < pl.documents.size(); ++i) {
            if (pl.files.at(i).isEmpty())
                messageDocuments << pl.documents.at(i).id;
            else
                documentOfFile.insert(pl.files.at(i), pl.documents.at(i).id);
        }
    }
    if (Status s = store.requests().upsert(requests); !s)
        return s.error();
    if (Status s = cache.upsertDocuments(documents); !s)
        return s.error();
    QList<Annotation> marks;
    for (const Planned& pl : planned) {
        marks << pl.annotations;
        result.skipped << pl.skipped;
    }
    if (Status s = store.upsertAnnotations(marks); !s)
        return s.error();
    result.annotations = int(marks.size());
    // The second reading: the bytes go into the store and must be those hashed above. Each file is
    // read once; one the cover letter names goes into every request from that one reading
    // (DocumentCache copies it), and progress and cancel run through all of it.
    const Status written = detail::readFiles(
        inspected.value(), limits, half(total), [&](const QString& name, QIODevice& bytes) -> Status {
            const QList<QString> ids = documentOfFile.values(name);
            if (ids.isEmpty())
                return {};
            result.documents += int(ids.size());
            return cache.putContent(ids, bytes);
        });
    if (!written)
        return written.error(); // the transaction rolls back; the files written go with it
    for (const QString& id : std::as_const(messageDocuments)) {
        QByteArray xml = p.messageXml;
        QBuffer bytes(&xml);
        if (!bytes.open(QIODevice::ReadOnly))
            return Error { Error::Internal, Tr::tr("The xdomea message could not be stored."), {} };
        if (Status s = cache.putContent(id, bytes); !s)
            return s.error();
        ++result.documents;
    }
    for (const Planned& pl : planned)
        for (const TimelineEvent& t : pl.timeline) {
            if (Status s = store.timeline().add(t); !s)
                return s.error();
            ++result.timelineEntries;
        }
    if (Status s = store.meta().set(processKey(p.message.processId), result.requestIds.join(QLatin1Char(' '))); !s)
        return s.error();
    if (Status s = tx.commit(); !s)
        return s.error();
    committed = true;
    qCInfo(lcArchive) << "xdomea" << p.message.rootName << p.message.processId << "imported as"
                      << result.requestIds.size() << "request(s)";
    store.notifyChanged(result.requestIds);
    return result;
}

} // namespace clerk::xdomea
