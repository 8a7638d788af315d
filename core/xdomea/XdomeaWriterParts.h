// The building blocks of the xdomea 3.1.0 messages ClerkDesk writes, shared by the hand-over
// (XdomeaWriter.cpp: 0401, 0402) and the Aussonderung (XdomeaArchiving.cpp: 0501, 0503): the code
// lists, names and dates as the schemas want them, and a QXmlStreamWriter that writes the Kopf,
// authorities, history, the applicant, a Dokument and a Vorgang. Not part of the interface.
#pragma once

#include "XdomeaWriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QXmlStreamWriter>
#include <algorithm>
#include <tuple>

namespace clerk::xdomea::detail {

// Only what XML 1.0 allows (the Char production): a vertical tab pasted from a word processor or a
// control character from another system would make the message unreadable for every receiver.
QString xmlChars(const QString& value);

// The code lists, as the schemas and the XRepository publish them.
struct CodeList
{
    const char* uri;
    const char* version;
};
inline constexpr CodeList kNachrichtentyp { "urn:xoev-de:xdomea:codeliste:nachrichtentyp", "2.0" };
inline constexpr CodeList kMedium { "urn:xoev-de:xdomea:codeliste:medium", "1.0" };
inline constexpr CodeList kDateiformat { "urn:xoev-de:xdomea:codeliste:dateiformat", "2.0" };
inline constexpr CodeList kErreichbarkeit { "urn:de:xoev:codeliste:erreichbarkeit", "3" };
inline constexpr CodeList kAgs { "urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:ags", "2024-10-31" };
inline constexpr CodeList kAussonderungsart { "urn:xoev-de:xdomea:codeliste:aussonderungsart", "1.0" };

struct Format
{
    const char* code; // Dateiformat
    const char* extension;
};
Format formatOf(const QString& mime);
// The document kind in German words ("Antrag", "Anlage", …).
QString kindDe(const QString& kind);
// A title as the ASCII part of a file name: umlauts spelled out, anything else but letters,
// digits, '-' and '_' as '_', at most 60 characters.
QString asciiName(const QString& title);
QString dateTime(const QDateTime& t);
QString date(const QDateTime& t);
// The filing-plan position of an Aktenzeichen: "32.30" of "32.30-4711/2026".
QString planPosition(const QString& fileNumber);
bool looksLikeOrganisation(const QString& name);

// What an Aussonderung (0501, 0503) adds to a Vorgang: ArchivspezifischeMetadaten and ZdA.
struct ArchiveMetadata
{
    int retentionYears = 0; // Aufbewahrungsdauer/AnzahlJahre
    QDate retentionEnd; // Aufbewahrungsende
    QDate closed; // ZdADatum
    QString decision; // Aussonderungsart (A, V), empty before the archive's assessment
    bool withFiles = true; // 0501 lists documents without their files (no Version)
};

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

    // One Version of a document with its primary file (and the XFDF of its annotations).
    void version(const DocumentFile& f)
    {
        const Document& d = f.document;
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
    }

    // withFiles false: the Dokument's metadata only, no Version (an offer list, 0501).
    void document(const DocumentFile& f, const Request& r, int number, bool withFiles = true)
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
        if (withFiles)
            version(f);
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

    void archiveMetadata(const ArchiveMetadata& a)
    {
        start("ArchivspezifischeMetadaten");
        if (a.retentionYears > 0) {
            start("Aufbewahrungsdauer");
            text("AnzahlJahre", QString::number(a.retentionYears));
            end();
        }
        if (!a.decision.isEmpty()) {
            start("Aussonderungsart");
            code("Aussonderungsart", kAussonderungsart, a.decision);
            end();
        }
        if (a.retentionEnd.isValid())
            text("Aufbewahrungsende", a.retentionEnd.toString(Qt::ISODate));
        end();
    }

    // `archive`: the Aussonderung's additions (0501, 0503); null for a hand-over.
    void vorgang(const RequestRecord& rec, int number, const ArchiveMetadata* archive = nullptr)
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
        if (archive)
            archiveMetadata(*archive);
        text("Typ", rec.serviceName);
        if (archive && archive->closed.isValid()) {
            text("ZdA", QStringLiteral("1"));
            text("ZdADatum", archive->closed.toString(Qt::ISODate));
        }
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
            document(rec.documents.at(i), r, i + 1, !archive || archive->withFiles);
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
        field(QStringLiteral("Eingangskanal"), r.channel);
        field(QStringLiteral("Eingang"), dateTime(r.submittedAt));
        if (r.dueDate.isValid())
            field(QStringLiteral("Frist"), r.dueDate.toString(Qt::ISODate));
        field(QStringLiteral("Team"), r.teamId);
        field(QStringLiteral("Version"), QString::number(r.version));
        end();
        end(); // Vorgang
    }
};

} // namespace clerk::xdomea::detail
