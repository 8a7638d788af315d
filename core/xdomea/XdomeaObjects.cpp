// The objects of an xdomea message: Akten (with Teilakten), Vorgänge (with Teilvorgängen),
// Dokumente (with Anlagen), their versions and formats, and the checks on each file name.
#include "XdomeaParser.h"
#include "XdomeaWriter.h"

#include <QJsonDocument>
#include <QMimeDatabase>
#include <algorithm>

namespace clerk::xdomea::detail {

bool Parser::history(HistoryEntry& h)
{
    QString at;
    const bool ok = children([&](const QString& n) {
        if (n == QLatin1String("Akteur"))
            return text(h.actor);
        if (n == QLatin1String("DatumUhrzeit"))
            return text(at);
        if (n == QLatin1String("Aktion"))
            return text(h.action);
        if (n == QLatin1String("Bemerkung"))
            return text(h.remark);
        if (n == QLatin1String("MetadatumName") || n == QLatin1String("Metadatum"))
            return text(h.field);
        if (n == QLatin1String("MetadatumAlterWert") || n == QLatin1String("AlterWert"))
            return text(h.oldValue);
        if (n == QLatin1String("MetadatumNeuerWert") || n == QLatin1String("NeuerWert"))
            return text(h.newValue);
        return skip();
    });
    h.at = dateTime(at);
    return ok;
}

bool Parser::historyEntry(QList<HistoryEntry>& into, const QString& owner)
{
    if (++m_history > m_limits.maxHistory)
        return fail(Tr::tr("The xdomea message holds more than %1 history entries (HistorienProtokollInformation); "
                           "ClerkDesk does not import it at once.")
                .arg(m_limits.maxHistory));
    HistoryEntry h;
    if (!history(h))
        return false;
    into << h;
    return historyFits(into.size(), owner);
}

bool Parser::historyFits(qsizetype entries, const QString& owner)
{
    if (entries <= m_limits.maxHistoryPerRecord)
        return true;
    return fail(owner.isEmpty()
            ? Tr::tr("An object of the xdomea message carries more than %1 history entries "
                     "(HistorienProtokollInformation), more than one request's Verlauf takes; the message is refused.")
                  .arg(m_limits.maxHistoryPerRecord)
            : Tr::tr("The object %1 of the xdomea message carries more than %2 history entries "
                     "(HistorienProtokollInformation), more than one request's Verlauf takes; the message is refused.")
                  .arg(owner)
                  .arg(m_limits.maxHistoryPerRecord));
}

bool Parser::metadata(QString& title, QString& fileNumber)
{
    return children([&](const QString& n) {
        if (n == QLatin1String("Betreff"))
            return text(title);
        return n == QLatin1String("Kennzeichen") ? text(fileNumber) : skip();
    });
}

bool Parser::identification(QString& id)
{
    const bool ok = children([&](const QString& n) { return n == QLatin1String("ID") ? text(id) : skip(); });
    id = id.trimmed();
    return ok;
}

bool Parser::period(Record& r)
{
    QString begins, ends;
    const bool ok = children([&](const QString& n) {
        if (n == QLatin1String("Beginn"))
            return text(begins);
        return n == QLatin1String("Ende") ? text(ends) : skip();
    });
    r.begins = date(begins);
    r.ends = date(ends);
    return ok;
}

bool Parser::flag(bool& out)
{
    QString t;
    const bool ok = text(t);
    out = t.trimmed() == QLatin1String("true") || t.trimmed() == QLatin1String("1");
    return ok;
}

// A Dokument that stands on its own (in the message or directly in an Akte) becomes a record.
bool Parser::documentRecord(QList<Record>& out)
{
    QList<DocumentInfo> documents;
    if (!countObject() || !dokument(documents))
        return false;
    Record r;
    r.kind = Record::Kind::Dokument;
    r.id = documents.first().id;
    r.title = documents.first().title;
    r.fileNumber = documents.first().fileNumber;
    r.documents = documents;
    out << r;
    return true;
}

bool Parser::schriftgutobjekt(Message& m)
{
    return children([&](const QString& n) {
        if (n == QLatin1String("Akte"))
            return akte(m, nullptr);
        if (n == QLatin1String("Vorgang")) {
            Record r;
            if (!countObject() || !vorgang(r))
                return false;
            m.records << r;
            return true;
        }
        return n == QLatin1String("Dokument") ? documentRecord(m.records) : skip();
    });
}

bool Parser::akte(Message& m, const Record* outer)
{
    if (!countObject())
        return false;
    Record own;
    own.kind = Record::Kind::Akte;
    const qsizetype first = m.records.size();
    auto inside = [&](Record& r) {
        r.fileId = own.id;
        r.fileTitle = own.title;
        r.fileFileNumber = own.fileNumber;
        if (r.fileNumber.isEmpty())
            r.fileNumber = own.fileNumber;
    };
    auto content = [&](const QString& k) {
        if (k == QLatin1String("Vorgang")) {
            Record r;
            if (!countObject() || !vorgang(r))
                return false;
            inside(r);
            m.records << r;
            return true;
        }
        if (k == QLatin1String("Dokument")) {
            QList<Record> one;
            if (!documentRecord(one))
                return false;
            inside(one.first());
            m.records << one;
            return true;
        }
        return k == QLatin1String("Teilakte") ? akte(m, &own) : skip();
    };
    const bool ok = children([&](const QString& n) {
        if (n == QLatin1String("Identifikation"))
            return identification(own.id);
        if (n == QLatin1String("AllgemeineMetadaten"))
            return metadata(own.title, own.fileNumber);
        if (n == QLatin1String("Laufzeit"))
            return period(own);
        if (n == QLatin1String("ZdA"))
            return flag(own.closed);
        if (n == QLatin1String("HistorienProtokollInformation"))
            return historyEntry(own.history, own.id);
        if (n == QLatin1String("Akteninhalt"))
            return children(content);
        if (n == QLatin1String("Teilakte")) // (2.4.0: beside the Akteninhalt)
            return akte(m, &own);
        if (n == QLatin1String("Kontakt") && own.contact.isEmpty())
            return contact(own.contact);
        return skip();
    });
    if (!ok)
        return false;
    // The Akte's history goes to the first record made of its content, once: copied into each, a
    // long history times many Vorgänge would fill the memory.
    if (m.records.size() > first && !own.history.isEmpty()) {
        Record& head = m.records[first];
        head.history = own.history + head.history;
        if (!historyFits(head.history.size(), head.id))
            return false;
    }
    // The Kontakt follows the content: what names nobody of its own takes the Akte's.
    for (qsizetype i = first; i < m.records.size(); ++i)
        if (m.records[i].contact.isEmpty())
            m.records[i].contact = own.contact;
    if (m.records.size() == first) { // an empty Akte is a record of its own, not lost
        if (outer) {
            own.fileId = outer->id;
            own.fileTitle = outer->title;
            own.fileFileNumber = outer->fileNumber;
        }
        m.records << own;
    }
    return true;
}

bool Parser::vorgang(Record& r)
{
    r.kind = Record::Kind::Vorgang;
    return children([&](const QString& n) {
        if (n == QLatin1String("Identifikation"))
            return identification(r.id);
        if (n == QLatin1String("AllgemeineMetadaten"))
            return metadata(r.title, r.fileNumber);
        if (n == QLatin1String("Laufzeit"))
            return period(r);
        if (n == QLatin1String("ZdA"))
            return flag(r.closed);
        if (n == QLatin1String("HistorienProtokollInformation"))
            return historyEntry(r.history, r.id);
        if (n == QLatin1String("Dokument"))
            return countObject() && dokument(r.documents);
        if (n == QLatin1String("Kontakt") && r.contact.isEmpty())
            return contact(r.contact);
        if (n == QLatin1String("AnwendungsspezifischeErweiterung"))
            return extension(r);
        if (n == QLatin1String("Teilvorgang")) { // folded into its Vorgang
            Record part;
            if (!countObject() || !vorgang(part))
                return false;
            r.documents << part.documents;
            r.history << part.history;
            return historyFits(r.history.size(), r.id);
        }
        return skip();
    });
}

bool Parser::fields(const std::function<void(const QString&, const QString&)>& field)
{
    QString kennung;
    return children([&](const QString& n) {
        if (n == QLatin1String("Kennung"))
            return text(kennung);
        if (n != QLatin1String("Feld") || kennung.trimmed() != QLatin1String(kExtensionId))
            return skip(); // (a Feldgruppe: the form values, read whole from "Formular-JSON")
        QString name, value;
        const bool ok = children([&](const QString& f) {
            if (f == QLatin1String("Name"))
                return text(name);
            return f == QLatin1String("Wert") ? text(value) : skip();
        });
        if (ok)
            field(name.trimmed(), value);
        return ok;
    });
}

bool Parser::extension(Record& r)
{
    return fields([&r](const QString& name, const QString& value) {
        if (name == QLatin1String("Formular-JSON")) {
            const QJsonDocument form = QJsonDocument::fromJson(value.toUtf8());
            if (form.isObject())
                r.senderForm = form.object();
        } else if (name == QLatin1String("Eingang")) {
            r.submitted = dateTime(value);
        } else if (name == QLatin1String("Frist")) {
            r.dueDate = date(value);
        }
    });
}

bool Parser::dokument(QList<DocumentInfo>& out)
{
    DocumentInfo d;
    QString written, received, sent;
    QList<DocumentInfo> attachments;
    const bool ok = children([&](const QString& n) {
        if (n == QLatin1String("Identifikation"))
            return identification(d.id);
        if (n == QLatin1String("AllgemeineMetadaten"))
            return metadata(d.title, d.fileNumber);
        if (n == QLatin1String("DatumDesSchreibens"))
            return text(written);
        if (n == QLatin1String("Posteingangsdatum"))
            return text(received);
        if (n == QLatin1String("Postausgangsdatum"))
            return text(sent);
        if (n == QLatin1String("Typ"))
            return text(d.type);
        if (n == QLatin1String("HistorienProtokollInformation"))
            return historyEntry(d.history, d.id);
        if (n == QLatin1String("Version"))
            return version(d);
        if (n == QLatin1String("Anlage"))
            return countObject() && dokument(attachments);
        if (n == QLatin1String("AnwendungsspezifischeErweiterung"))
            return fields([&d](const QString& name, const QString& value) {
                static const QStringList kinds { QStringLiteral("application"), QStringLiteral("attachment"),
                    QStringLiteral("letter"), QStringLiteral("plan"), QStringLiteral("photo") };
                if (name == QLatin1String("Art") && kinds.contains(value.trimmed()))
                    d.kind = value.trimmed();
            });
        return skip();
    });
    if (!ok)
        return false;
    if (d.id.isEmpty())
        return fail(Tr::tr("A document in the xdomea message has no ID; the message is refused."));
    if (m_documentIds.contains(d.id.toLower()))
        return fail(Tr::tr("The xdomea message names the document %1 twice; it is refused.").arg(d.id));
    m_documentIds.insert(d.id.toLower());
    d.date = date(written);
    if (!d.date.isValid())
        d.date = date(received);
    if (!d.date.isValid())
        d.date = date(sent);
    d.title = d.title.trimmed();
    if (d.title.isEmpty() && !d.files.isEmpty())
        d.title = d.files.first().originalName.isEmpty() ? d.files.first().fileName : d.files.first().originalName;
    out << d << attachments;
    return true;
}

bool Parser::version(DocumentInfo& d)
{
    QString number;
    return children([&](const QString& n) {
        if (n == QLatin1String("Nummer"))
            return text(number);
        return n == QLatin1String("Format") ? format(d, number.trimmed()) : skip();
    });
}

bool Parser::format(DocumentInfo& d, const QString& versionNumber)
{
    FileRef f;
    f.version = versionNumber;
    QStringList signatures;
    const bool ok = children([&](const QString& n) {
        if (n == QLatin1String("Name"))
            return code(f.formatCode);
        if (n != QLatin1String("Primaerdokument"))
            return skip();
        return children([&](const QString& k) {
            if (k == QLatin1String("Dateiname"))
                return text(f.fileName);
            if (k == QLatin1String("DateinameOriginal"))
                return text(f.originalName);
            if (k == QLatin1String("DatumUhrzeit")) {
                QString t;
                const bool read = text(t);
                f.created = dateTime(t);
                return read;
            }
            if (k != QLatin1String("SignaturSiegel"))
                return skip();
            return children([&](const QString& s) {
                if (s != QLatin1String("SignaturSiegelDatei"))
                    return skip();
                QString name;
                const bool read = text(name);
                signatures << name.trimmed();
                return read;
            });
        });
    });
    if (!ok)
        return false;
    f.fileName = f.fileName.trimmed();
    f.formatCode = f.formatCode.trimmed();
    if (f.fileName.isEmpty())
        return fail(Tr::tr("A document in the xdomea message has a format without a file name; the message is "
                           "refused."));
    // The annotations of a PDF of this Version travel as XFDF beside it (XdomeaWriter.h).
    f.annotations = f.fileName.endsWith(QLatin1String(".xfdf"), Qt::CaseInsensitive)
        && std::any_of(d.files.cbegin(), d.files.cend(), [&](const FileRef& other) {
               return other.version == versionNumber && !other.annotations
                   && other.fileName.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive);
           });
    if (!addFile(d, f))
        return false;
    // A detached signature or seal travels as a file of its own: it is the document's too.
    for (const QString& s : std::as_const(signatures)) {
        FileRef sig;
        sig.fileName = s;
        sig.version = versionNumber;
        if (!addFile(d, sig))
            return false;
    }
    return true;
}

bool Parser::addFile(DocumentInfo& d, FileRef f)
{
    const QString& name = f.fileName;
    for (QChar c : name)
        if (c.unicode() < 0x20)
            return fail(Tr::tr("The xdomea message names a file with control characters in its name; it is refused."));
    if (name.contains(QLatin1Char('\\')))
        return fail(Tr::tr("The xdomea message names the file \"%1\" with a backslash (a Windows path); it is refused.")
                .arg(name));
    if (name.startsWith(QLatin1Char('/')) || (name.size() >= 2 && name.at(1) == QLatin1Char(':')))
        return fail(Tr::tr("The xdomea message names the file \"%1\" with an absolute path; it is refused.").arg(name));
    const QStringList parts = name.split(QLatin1Char('/'));
    if (parts.contains(QLatin1String("..")) || parts.contains(QLatin1String(".")))
        return fail(Tr::tr("The xdomea message names the file \"%1\", a path that leaves the package's folder; it is "
                           "refused.")
                .arg(name));
    if (parts.size() > 1)
        return fail(Tr::tr("The xdomea message names the file \"%1\" in a folder; xdomea files lie beside the message. "
                           "It is refused.")
                .arg(name));
    if (m_files.contains(name) || m_filesFolded.contains(name.toCaseFolded()))
        return fail(Tr::tr("The xdomea message names the file \"%1\" twice; it is refused.").arg(name));
    if (m_files.size() >= m_limits.maxFiles)
        return fail(Tr::tr("The xdomea message names more than %1 files; ClerkDesk does not import it at once.")
                .arg(m_limits.maxFiles));
    m_files.insert(name);
    m_filesFolded.insert(name.toCaseFolded());
    static const QMimeDatabase mimes;
    f.mimeType = mimes.mimeTypeForFile(name, QMimeDatabase::MatchExtension).name();
    d.files << f;
    return true;
}

} // namespace clerk::xdomea::detail
