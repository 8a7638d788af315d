// Writing xdomea 3.1.0 messages (see XdomeaWriter.h). Element order, cardinality and code lists
// follow xdomea-Baukasten.xsd, xdomea-Datentypen.xsd and the Nachrichten/Typen schemas of
// "Abgabe durchführen" in standards/xdomea/3.1.0; tests/unit/tst_xdomea_export validates every
// message written against them with xmllint.
#include "XdomeaWriter.h"

#include "core/Settings.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>
#include <QRegularExpression>
#include <QUuid>
#include <QXmlStreamWriter>
#include <algorithm>

namespace clerk::xdomea {

namespace {
// Only what XML 1.0 allows (the Char production): a vertical tab pasted from a word processor or a
// control character from another system would make the message unreadable for every receiver.
QString xmlChars(const QString& value)
{
    QString out = value;
    for (qsizetype i = 0; i < out.size(); ++i) {
        const char16_t c = out.at(i).unicode();
        const bool surrogate = QChar::isSurrogate(c);
        const bool paired = surrogate && QChar::isHighSurrogate(c) && i + 1 < out.size()
            && QChar::isLowSurrogate(out.at(i + 1).unicode());
        if ((c < 0x20 && c != 0x09 && c != 0x0A && c != 0x0D) || c == 0xFFFE || c == 0xFFFF || (surrogate && !paired))
            out[i] = QLatin1Char(' ');
        else if (paired)
            ++i;
    }
    return out;
}

// The code lists, as the schemas and the XRepository publish them.
struct CodeList
{
    const char* uri;
    const char* version;
};
constexpr CodeList kNachrichtentyp { "urn:xoev-de:xdomea:codeliste:nachrichtentyp", "2.0" };
constexpr CodeList kMedium { "urn:xoev-de:xdomea:codeliste:medium", "1.0" };
constexpr CodeList kDateiformat { "urn:xoev-de:xdomea:codeliste:dateiformat", "2.0" };
constexpr CodeList kErreichbarkeit { "urn:de:xoev:codeliste:erreichbarkeit", "3" };
constexpr CodeList kAgs { "urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:ags", "2024-10-31" };

// Akte IDs are name-based (UUID v5) in this namespace of ours.
const QUuid kAkteNamespace(QStringLiteral("{5c0e6a52-8f0b-4f8e-9d3a-7a41c2b9e013}"));

struct Format
{
    const char* code; // Dateiformat
    const char* extension;
};

Format formatOf(const QString& mime)
{
    static const QMap<QString, Format> formats {
        { QStringLiteral("application/pdf"), { "018", "pdf" } },
        { QStringLiteral("image/png"), { "019", "png" } },
        { QStringLiteral("image/jpeg"), { "011", "jpg" } },
        { QStringLiteral("image/tiff"), { "024", "tiff" } },
        { QStringLiteral("text/plain"), { "045", "txt" } },
        { QStringLiteral("application/xml"), { "030", "xml" } },
        { QStringLiteral("text/xml"), { "030", "xml" } },
    };
    return formats.value(mime, Format { "100", "bin" }); // 100: Sonstiges
}

QString kindDe(const QString& kind)
{
    static const QMap<QString, QString> kinds {
        { QStringLiteral("application"), QStringLiteral("Antrag") },
        { QStringLiteral("attachment"), QStringLiteral("Anlage") },
        { QStringLiteral("letter"), QStringLiteral("Schreiben") },
        { QStringLiteral("plan"), QStringLiteral("Plan") },
        { QStringLiteral("photo"), QStringLiteral("Foto") },
    };
    return kinds.value(kind, kind);
}

// A title as the ASCII part of a file name: umlauts spelled out, anything else but letters,
// digits, '-' and '_' as '_', at most 60 characters.
QString asciiName(const QString& title)
{
    QString s = title;
    for (const auto& [from, to] : { std::pair { u"ä", "ae" }, { u"ö", "oe" }, { u"ü", "ue" }, { u"Ä", "Ae" },
             { u"Ö", "Oe" }, { u"Ü", "Ue" }, { u"ß", "ss" } })
        s.replace(QString::fromUtf16(from), QLatin1String(to));
    s = s.normalized(QString::NormalizationForm_KD);
    QString out;
    for (QChar c : std::as_const(s)) {
        if (c.unicode() < 128 && (c.isLetterOrNumber() || c == QLatin1Char('-') || c == QLatin1Char('_')))
            out += c;
        else if (c.category() != QChar::Mark_NonSpacing && !out.endsWith(QLatin1Char('_')))
            out += QLatin1Char('_');
    }
    while (out.endsWith(QLatin1Char('_')))
        out.chop(1);
    while (out.startsWith(QLatin1Char('_')))
        out.remove(0, 1);
    return out.left(60);
}

QString dateTime(const QDateTime& t)
{
    return t.toUTC().toString(Qt::ISODate);
}

QString date(const QDateTime& t)
{
    return t.toUTC().date().toString(Qt::ISODate);
}

// The filing-plan position of an Aktenzeichen: "32.30" of "32.30-4711/2026".
QString planPosition(const QString& fileNumber)
{
    return fileNumber.section(QLatin1Char('-'), 0, 0);
}

bool looksLikeOrganisation(const QString& name)
{
    static const QRegularExpression marks(QStringLiteral(
        R"((\bGmbH\b|\bAG\b|\be\.\s?V\.|\beG\b|\bKG\b|\bOHG\b|\bGbR\b|\bUG\b|\bmbH\b|\bVerein\b|\bStiftung\b|&))"));
    return marks.match(name).hasMatch();
}

class Writer
{
public:
    explicit Writer(QByteArray* out, const QString& namespaceUri = QLatin1String(kNamespace))
        : w(out)
        , ns(namespaceUri)
    {
        w.setAutoFormatting(true);
        w.setAutoFormattingIndent(1);
    }

    QXmlStreamWriter w;
    const QString ns;

    void start(const char* name) { w.writeStartElement(ns, QLatin1String(name)); }
    void end() { w.writeEndElement(); }
    void text(const char* name, const QString& value) { w.writeTextElement(ns, QLatin1String(name), xmlChars(value)); }
    void textIf(const char* name, const QString& value)
    {
        if (!value.isEmpty())
            text(name, value);
    }
    // A code of a published list (xoev-code:Code): code and name are unqualified elements.
    void code(const char* element, const CodeList& list, const QString& value, const QString& name = {})
    {
        start(element);
        w.writeAttribute(QStringLiteral("listURI"), QLatin1String(list.uri));
        w.writeAttribute(QStringLiteral("listVersionID"), QLatin1String(list.version));
        w.writeTextElement(QStringLiteral("code"), value);
        if (!name.isEmpty())
            w.writeTextElement(QStringLiteral("name"), name);
        end();
    }
    // A code of no list the standard names (the element's own code type 4): code and name only.
    void plainCode(const char* element, const QString& value, const QString& name = {})
    {
        start(element);
        w.writeTextElement(QStringLiteral("code"), value);
        if (!name.isEmpty())
            w.writeTextElement(QStringLiteral("name"), name);
        end();
    }

    void authority(const char* element, const Authority& a)
    {
        start(element);
        if (!a.id.isEmpty()) {
            start("Behoerdenkennung");
            if (a.idPrefix == QLatin1String("ags:"))
                code("Behoerdenschluessel", kAgs, a.id);
            else
                plainCode("Behoerdenschluessel", a.id);
            if (!a.idPrefix.isEmpty())
                plainCode("Praefix", a.idPrefix);
            end();
        }
        if (!a.name.isEmpty() || !a.shortName.isEmpty()) {
            start("Institution");
            textIf("Name", a.name);
            textIf("Kurzbezeichnung", a.shortName);
            end();
        }
        if (!a.unit.isEmpty()) {
            start("Organisationseinheit");
            text("Name", a.unit);
            end();
        }
        end();
    }

    void kopfStart(const QString& processId, const char* type, const char* typeName, const QDateTime& created,
        const Authority& sender, const Authority& receiver)
    {
        start("Kopf");
        text("ProzessID", processId);
        code("Nachrichtentyp", kNachrichtentyp, QLatin1String(type), QLatin1String(typeName));
        text("Erstellungszeitpunkt", dateTime(created));
        authority("Absender", sender);
        authority("Empfaenger", receiver);
        start("SendendesSystem");
        text("Produktname", QStringLiteral("ClerkDesk"));
        text("Version", QStringLiteral(CLERKDESK_VERSION));
        end();
    }

    void field(const QString& name, const QString& value)
    {
        start("Feld");
        text("Name", name);
        text("Wert", value);
        end();
    }

    void history(const QString& actor, const QDateTime& at, const QString& action, const QString& remark = {},
        const QString& what = {}, const QString& from = {}, const QString& to = {})
    {
        start("HistorienProtokollInformation");
        textIf("MetadatumName", what);
        if (!what.isEmpty()) {
            textIf("MetadatumAlterWert", from);
            textIf("MetadatumNeuerWert", to);
        }
        text("Akteur", actor.isEmpty() ? QStringLiteral("ClerkDesk") : actor);
        text("DatumUhrzeit", dateTime(at));
        textIf("Bemerkung", remark);
        text("Aktion", action);
        end();
    }

    void timelineEntry(const TimelineEvent& e)
    {
        const QString k = e.kind;
        auto param = [&](const char* key) { return e.params.value(QLatin1String(key)).toVariant().toString(); };
        if (k == QLatin1String("received"))
            history(e.actor, e.at, QStringLiteral("Eingegangen"),
                param("channel").isEmpty() ? e.text : QStringLiteral("Eingangskanal: %1").arg(param("channel")));
        else if (k == QLatin1String("claimed"))
            history(e.actor, e.at, QStringLiteral("Zur Bearbeitung übernommen"), {}, QStringLiteral("Bearbeitung"), {},
                e.actor);
        else if (k == QLatin1String("assigned"))
            history(e.actor, e.at, QStringLiteral("Zugewiesen"), {}, QStringLiteral("Bearbeitung"), {}, param("to"));
        else if (k == QLatin1String("status_changed"))
            history(e.actor, e.at, QStringLiteral("Status geändert"), {}, QStringLiteral("Status"), param("from"),
                param("to"));
        else if (k == QLatin1String("documents_requested"))
            history(e.actor, e.at, QStringLiteral("Unterlagen nachgefordert"), param("message"));
        else if (k == QLatin1String("note_added"))
            history(e.actor, e.at, QStringLiteral("Interne Notiz hinzugefügt"));
        else
            history(e.actor, e.at, e.text.isEmpty() ? k : e.text, e.text.isEmpty() ? QString() : k);
    }

    void applicant(const Applicant& a)
    {
        start("Kontakt");
        if (looksLikeOrganisation(a.name)) {
            start("Institution");
            text("Name", a.name);
            end();
        } else if (!a.name.isEmpty()) {
            const QString name = a.name.simplified();
            const qsizetype space = name.lastIndexOf(QLatin1Char(' '));
            start("Name");
            start("Familienname");
            text("Name", space < 0 ? name : name.mid(space + 1));
            end();
            if (space > 0) {
                start("Vorname");
                text("Name", name.left(space));
                end();
            }
            end();
        }
        if (!a.street.isEmpty() || !a.postcode.isEmpty() || !a.city.isEmpty()) {
            static const QRegularExpression houseNumber(
                QStringLiteral(R"(^(.*\S)\s+(\d+\s*[A-Za-z]?(?:\s*[-/]\s*\d+\s*[A-Za-z]?)?)$)"));
            const auto m = houseNumber.match(a.street.trimmed());
            start("Anschrift");
            textIf("Strasse", m.hasMatch() ? m.captured(1) : a.street.trimmed());
            if (m.hasMatch())
                text("Hausnummer", m.captured(2));
            textIf("Postleitzahl", a.postcode);
            textIf("Ort", a.city);
            end();
        }
        for (const auto& [channel, name, value] :
            { std::tuple { "01", "E-Mail", a.email }, { "02", "Telefon Festnetz", a.phone } }) {
            if (value.isEmpty())
                continue;
            start("Kommunikation");
            code("Kanal", kErreichbarkeit, QLatin1String(channel));
            text("Kennung", value);
            end();
        }
        plainCode("Rolle", QStringLiteral("Antragsteller"));
        end();
    }

    void document(const DocumentFile& f, const Request& r, int number)
    {
        const Document& d = f.document;
        start("Dokument");
        start("Identifikation");
        text("ID", d.id);
        text("NummerImUebergeordnetenContainer", QString::number(number));
        end();
        start("AllgemeineMetadaten");
        text("Betreff", d.title);
        code("Medium", kMedium, QStringLiteral("001"));
        end();
        if (d.kind == QLatin1String("application") || d.kind == QLatin1String("attachment")
            || d.kind == QLatin1String("photo") || d.kind == QLatin1String("plan"))
            text("Posteingangsdatum", date(r.submittedAt));
        textIf("Typ", kindDe(d.kind));
        start("Version");
        text("Nummer", QString::number(qMax<qint64>(1, d.version)));
        const Format format = formatOf(d.mimeType);
        start("Format");
        code("Name", kDateiformat, QLatin1String(format.code));
        if (QLatin1String(format.code) == QLatin1String("100"))
            text("SonstigerName", d.mimeType);
        text("Version", f.formatVersion);
        start("Primaerdokument");
        text("Dateiname", f.fileName);
        text("DateinameOriginal", d.title + QLatin1Char('.') + QLatin1String(format.extension));
        end();
        end(); // Format
        if (!f.annotationsFileName.isEmpty()) {
            start("Format");
            code("Name", kDateiformat, QStringLiteral("100"));
            text("SonstigerName", QStringLiteral("XFDF (ISO 19444-1), Anmerkungen zum PDF"));
            text("Version", QStringLiteral("3.0"));
            start("Primaerdokument");
            text("Dateiname", f.annotationsFileName);
            end();
            end();
        }
        end(); // Version
        start("AnwendungsspezifischeErweiterung");
        text("Kennung", QLatin1String(kExtensionId));
        text("Name", QStringLiteral("ClerkDesk"));
        field(QStringLiteral("MIME-Typ"), d.mimeType);
        field(QStringLiteral("Art"), d.kind);
        field(QStringLiteral("Groesse"), QString::number(d.size));
        field(QStringLiteral("SHA-256"), QString::fromLatin1(d.sha256));
        end();
        end(); // Dokument
    }

    void vorgang(const RequestRecord& rec, int number)
    {
        const Request& r = rec.request;
        start("Vorgang");
        start("Identifikation");
        text("ID", r.id);
        text("NummerImUebergeordnetenContainer", QString::number(number));
        end();
        start("AllgemeineMetadaten");
        text("Betreff", QStringLiteral("%1 – %2").arg(rec.serviceName, r.reference));
        text("Kennzeichen", r.fileNumber.isEmpty() ? r.reference : r.fileNumber);
        code("Medium", kMedium, QStringLiteral("001"));
        if (!r.fileNumber.isEmpty()) {
            start("Aktenplaneinheit");
            text("Kennzeichen", planPosition(r.fileNumber));
            text("Inhaltsangabe", rec.serviceName);
            end();
        }
        end();
        text("Typ", rec.serviceName);
        // Laufzeit: from the day it came in to its last recorded activity.
        QDateTime last = r.submittedAt;
        for (const TimelineEvent& e : rec.timeline)
            last = qMax(last, e.at);
        for (const Note& n : rec.notes)
            last = qMax(last, n.createdAt);
        if (r.submittedAt.isValid()) {
            start("Laufzeit");
            text("Beginn", date(r.submittedAt));
            text("Ende", date(last));
            end();
        }
        // History: the timeline and the internal notes, oldest first.
        struct Entry
        {
            QDateTime at;
            const TimelineEvent* event;
            const Note* note;
        };
        QList<Entry> entries;
        for (const TimelineEvent& e : rec.timeline)
            entries.append({ e.at, &e, nullptr });
        for (const Note& n : rec.notes)
            entries.append({ n.createdAt, nullptr, &n });
        std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.at < b.at; });
        for (const Entry& e : std::as_const(entries)) {
            if (e.event)
                timelineEntry(*e.event);
            else
                history(e.note->author, e.note->createdAt, QStringLiteral("Interne Notiz"), e.note->text);
        }
        for (int i = 0; i < rec.documents.size(); ++i)
            document(rec.documents.at(i), r, i + 1);
        applicant(r.applicant);
        start("AnwendungsspezifischeErweiterung");
        text("Kennung", QLatin1String(kExtensionId));
        text("Name", QStringLiteral("ClerkDesk"));
        text("Beschreibung", QStringLiteral("Angaben des Fachverfahrens ClerkDesk zum Vorgang"));
        start("Feldgruppe");
        text("Name", QStringLiteral("Formular"));
        text("Beschreibung", QStringLiteral("Die Angaben des Antrags; Zahlen, Listen und Ja/Nein als JSON"));
        for (auto it = r.form.constBegin(); it != r.form.constEnd(); ++it)
            field(it.key(),
                it->isString() ? it->toString()
                               // "[value]" less its brackets: the value as JSON.
                               : QString::fromUtf8(QJsonDocument(QJsonArray { *it }).toJson(QJsonDocument::Compact))
                                     .mid(1)
                                     .chopped(1));
        end();
        // The whole form once more, losslessly (a number and the text of it read alike above).
        field(QStringLiteral("Formular-JSON"), QString::fromUtf8(QJsonDocument(r.form).toJson(QJsonDocument::Compact)));
        field(QStringLiteral("Vorgangsnummer"), r.reference);
        field(QStringLiteral("Leistung"), r.serviceId);
        field(QStringLiteral("Status"), r.status);
        field(QStringLiteral("Eingangskanal"), r.channel);
        field(QStringLiteral("Eingang"), dateTime(r.submittedAt));
        if (r.dueDate.isValid())
            field(QStringLiteral("Frist"), r.dueDate.toString(Qt::ISODate));
        field(QStringLiteral("Bearbeitung"), r.assignee);
        field(QStringLiteral("Team"), r.teamId);
        field(QStringLiteral("Version"), QString::number(r.version));
        end();
        end(); // Vorgang
    }
};

} // namespace

Authority senderFromSettings(const Settings& settings)
{
    Authority a;
    a.name = settings.string(Settings::Key::AuthorityName).trimmed();
    a.shortName = settings.string(Settings::Key::AuthorityShortName).trimmed();
    const QString id = settings.string(Settings::Key::AuthorityId).trimmed();
    const qsizetype colon = id.indexOf(QLatin1Char(':'));
    a.idPrefix = colon < 0 ? QString() : id.left(colon + 1);
    a.id = colon < 0 ? id : id.mid(colon + 1);
    a.unit = settings.string(Settings::Key::AuthorityUnit).trimmed();
    return a;
}

QByteArray writeAbgabe(const Abgabe& message)
{
    QByteArray out;
    Writer x(&out);
    x.w.writeStartDocument();
    x.w.writeNamespace(x.ns, QStringLiteral("xdomea"));
    x.start("Abgabe.Abgabe.0401");
    x.kopfStart(message.processId, "0401", "Abgabe.Abgabe", message.created, message.sender, message.receiver);
    x.text("Importbestaetigung", QStringLiteral("1"));
    x.text("Empfangsbestaetigung", message.receiptWanted ? QStringLiteral("1") : QStringLiteral("0"));
    x.end(); // Kopf

    // One Akte per service and year, in the order their first request comes.
    QList<QPair<QString, QList<const RequestRecord*>>> akten;
    for (const RequestRecord& rec : message.requests) {
        const QString key
            = QStringLiteral("%1|%2").arg(rec.request.serviceId).arg(rec.request.submittedAt.toUTC().date().year());
        auto it = std::find_if(akten.begin(), akten.end(), [&](const auto& a) { return a.first == key; });
        if (it == akten.end())
            akten.append({ key, { &rec } });
        else
            it->second.append(&rec);
    }
    for (const auto& [key, records] : std::as_const(akten)) {
        const RequestRecord& first = *records.first();
        const int year = first.request.submittedAt.toUTC().date().year();
        QDate begin, endDate;
        for (const RequestRecord* r : records) {
            const QDate d = r->request.submittedAt.toUTC().date();
            begin = begin.isValid() ? qMin(begin, d) : d;
            endDate = endDate.isValid() ? qMax(endDate, d) : d;
        }
        x.start("Schriftgutobjekt");
        x.start("Akte");
        x.start("Identifikation");
        x.text("ID",
            QUuid::createUuidV5(kAkteNamespace, message.sender.idPrefix + message.sender.id + QLatin1Char('|') + key)
                .toString(QUuid::WithoutBraces));
        x.end();
        x.start("AllgemeineMetadaten");
        x.text("Betreff", QStringLiteral("%1 %2").arg(first.serviceName).arg(year));
        if (!first.request.fileNumber.isEmpty())
            x.text("Kennzeichen", QStringLiteral("%1/%2").arg(planPosition(first.request.fileNumber)).arg(year));
        x.code("Medium", kMedium, QStringLiteral("001"));
        x.end();
        if (begin.isValid()) {
            x.start("Laufzeit");
            x.text("Beginn", begin.toString(Qt::ISODate));
            x.text("Ende", endDate.toString(Qt::ISODate));
            x.end();
        }
        x.start("Akteninhalt");
        for (int i = 0; i < records.size(); ++i)
            x.vorgang(*records.at(i), i + 1);
        x.end(); // Akteninhalt
        x.end(); // Akte
        x.end(); // Schriftgutobjekt
    }
    x.end(); // Abgabe.Abgabe.0401
    x.w.writeEndDocument();
    return out;
}

QByteArray writeImportBestaetigen(const QString& processId, const QDateTime& created, const Authority& sender,
    const Authority& receiver, const QList<ImportOutcome>& objects, const QString& namespaceUri)
{
    if (objects.isEmpty())
        return {};
    QByteArray out;
    Writer x(&out, namespaceUri);
    x.w.writeStartDocument();
    x.w.writeNamespace(x.ns, QStringLiteral("xdomea"));
    x.start("Abgabe.ImportBestaetigen.0402");
    x.kopfStart(processId, "0402", "Abgabe.ImportBestaetigen", created, sender, receiver);
    x.end(); // Kopf
    for (const ImportOutcome& o : objects) {
        x.start("AbgegebenesObjekt");
        x.text("IDSGO", o.objectId);
        x.text("Erfolgreich", o.success ? QStringLiteral("1") : QStringLiteral("0"));
        for (const QString& e : o.errors)
            x.text("Fehlermeldung", e);
        x.end();
    }
    x.end();
    x.w.writeEndDocument();
    return out;
}

QString abgabeXmlName(const QString& processId)
{
    return processId + QStringLiteral("_Abgabe.Abgabe.0401.xml");
}

QString abgabeZipName(const QString& processId)
{
    return processId + QStringLiteral("_Abgabe.Abgabe.0401.zip");
}

QString importBestaetigenXmlName(const QString& processId)
{
    return processId + QStringLiteral("_Abgabe.ImportBestaetigen.0402.xml");
}

QString primaryFileName(const Document& document)
{
    const QString title = asciiName(document.title);
    return QStringLiteral("%1%2.%3").arg(document.id.toLower(), title.isEmpty() ? QString() : QLatin1Char('_') + title,
        QLatin1String(formatOf(document.mimeType).extension));
}

QString annotationsFileName(const Document& document)
{
    return document.id.toLower() + QStringLiteral("_Anmerkungen.xfdf");
}

QString newProcessId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

} // namespace clerk::xdomea
