// The messages of xdomea 3.1.0 (XÖV standard for handing e-files between authorities) that
// ClerkDesk writes: 0401 Abgabe.Abgabe (a hand-over of requests with their documents) and 0402
// Abgabe.ImportBestaetigen (the answer to a received hand-over). Plain XML in memory; the ZIP
// around a 0401 and the documents it names are XdomeaExport's.
//
// How our model maps onto the standard (the import side reads it back the same way):
// - one Akte per service and year (ID derived from sender, service and year, so the same file
//   keeps its ID across hand-overs), Betreff "<service> <year>", Kennzeichen the filing-plan
//   position of the file number (32.30 of 32.30-4711/2026);
// - each request a Vorgang in it: ID = request id, Kennzeichen = Aktenzeichen (file number),
//   Betreff "<service> – <reference>", Typ = service, Laufzeit = received … last activity;
//   timeline entries and internal notes as HistorienProtokollInformation (notes: Aktion
//   "Interne Notiz", the text in Bemerkung; a status change with MetadatumName "Status" and the
//   old and new status keys); the applicant as Kontakt with Rolle "Antragsteller" (e-mail and
//   phone as Kommunikation); the rest (reference, service id, channel, receipt, due date, team,
//   version, form values as JSON) in an AnwendungsspezifischeErweiterung with Kennung
//   kExtensionId. Not the status nor the assignee: the receiving authority starts its own work
//   (the history still tells who did what);
// - each document a Dokument (ID = document id) with Typ (German kind), Posteingangsdatum,
//   one Version (Nummer = document version) whose first Format is the primary file (Dateiformat
//   code, Primaerdokument with Dateiname "<uuid>_<title>.<ext>", DateinameOriginal the title);
//   annotations as a second Format, "Sonstiges"/XFDF, file "<uuid>_Anmerkungen.xfdf"; MIME
//   type, size and SHA-256 in the Dokument's AnwendungsspezifischeErweiterung.
#pragma once

#include "core/domain/Domain.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

namespace clerk {

class Settings;

namespace xdomea {

inline constexpr char kNamespace[] = "urn:xoev-de:xdomea:schema:3.1.0";
inline constexpr char kVersion[] = "3.1.0";
// Our AnwendungsspezifischeErweiterung (Vorgang and Dokument).
inline constexpr char kExtensionId[] = "urn:clerkdesk:xdomea:erweiterung:1";

// An authority as the Kopf names it (Absender/Empfaenger).
struct Authority
{
    QString name; // Institution/Name, e.g. "Landeshauptstadt Stuttgart"
    QString shortName; // Institution/Kurzbezeichnung
    QString idPrefix; // Behördenkennung: DVDV prefix, e.g. "ags:"
    QString id; // Behördenkennung: the key, e.g. the AGS 08111000
    QString unit; // Organisationseinheit, may be empty
};

// The sender as configured (Settings::Key::Authority*, policy-lockable).
Authority senderFromSettings(const Settings& settings);

struct DocumentFile
{
    Document document;
    QString fileName; // the primary file in the ZIP (primaryFileName())
    QString formatVersion; // e.g. "1.7" for a PDF; may be empty
    QString annotationsFileName; // the XFDF beside it; empty without annotations
};

struct RequestRecord
{
    Request request;
    QString serviceName; // German; the service id when unknown
    QList<DocumentFile> documents;
    QList<Note> notes;
    QList<TimelineEvent> timeline;
};

struct Abgabe
{
    QString processId; // UUID, lower case
    QDateTime created;
    Authority sender, receiver;
    bool receiptWanted = false; // Empfangsbestaetigung (0403) asked for
    QList<RequestRecord> requests;
};

// The 0401 message, UTF-8.
QByteArray writeAbgabe(const Abgabe& message);

// One Schriftgutobjekt of a received hand-over, as the import went.
struct ImportOutcome
{
    QString objectId; // the Akte's, Vorgang's or Dokument's ID in the received 0401
    bool success = true;
    QStringList errors; // Fehlermeldung, in words
};

// The 0402 answer to the hand-over `processId` (the ProzessID received): `sender` is we (who
// imported), `receiver` the authority that handed over. The schema wants at least one object:
// with `objects` empty the result is empty (nothing to acknowledge, nothing to send).
// `namespaceUri`: 3.1.0's, or 3.0.0's (the 0402 of both is the same; XdomeaAcknowledgement.h).
QByteArray writeImportBestaetigen(const QString& processId, const QDateTime& created, const Authority& sender,
    const Authority& receiver, const QList<ImportOutcome>& objects,
    const QString& namespaceUri = QLatin1String(kNamespace));

// "{processId}_Abgabe.Abgabe.0401.xml" and its ZIP's name; likewise for 0402.
QString abgabeXmlName(const QString& processId);
QString abgabeZipName(const QString& processId);
QString importBestaetigenXmlName(const QString& processId);

// "<document id>_<title in ASCII>.<ext>": matches the schema's pattern for Dateiname and reads
// the same on every file system.
QString primaryFileName(const Document& document);
QString annotationsFileName(const Document& document);
// A fresh ProzessID.
QString newProcessId();

} // namespace xdomea
} // namespace clerk
