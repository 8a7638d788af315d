// Reading xdomea messages (the German standard for exchanging and archiving e-files, XÖV; schemas
// in standards/xdomea/): the message XML of an Abgabe (0401) or an Aussonderung (0503) of xdomea
// 2.4.0, 3.0.0 or 3.1.0, turned into plain data — who sent it, and the Akten, Vorgänge and
// Dokumente it carries with their primary documents' file names.
//
// A message from outside is hostile until proven otherwise: parseMessage() reads it with
// QXmlStreamReader (no network, no DTD: a DOCTYPE or an entity declaration refuses the message
// before anything is expanded), bounded in size, depth and number of objects, in exactly one of
// the three namespaces, and refuses file names that leave the package's folder, are absolute or
// use backslashes, a file or a document named twice — each with its own message. It reads
// nothing but the bytes it is given; the ZIP around it is XdomeaPackage's.
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace clerk::xdomea {

enum class Version { V2_4_0, V3_0_0, V3_1_0 };

// "2.4.0", "3.0.0", "3.1.0"; and the namespace of each.
QString versionText(Version v);
QString namespaceOf(Version v);

struct Contact
{
    QString institution; // Institution/Name
    QString shortName; // Institution/Kurzbezeichnung
    QString unit; // Organisationseinheit/Name
    QString authorityKey; // Behoerdenkennung (Behoerdenschluessel, 2.4.0: Kennung)/code
    QString person; // Vorname Familienname
    QString street, postcode, city; // the first Anschrift
    // The first Kommunikation of each kind (code list Erreichbarkeit: 01 E-Mail; 02 Telefon,
    // 03 Mobiltelefon).
    QString email, phone;
    // One line for people: "Institution (Kurzbezeichnung), Organisationseinheit" or the person.
    QString display() const;
    bool isEmpty() const { return display().isEmpty(); }
};

// One HistorienProtokollInformation entry.
struct HistoryEntry
{
    QDateTime at;
    QString actor, action, field, oldValue, newValue, remark;
};

// One file of a document: a Primaerdokument of one Format of one Version.
struct FileRef
{
    QString fileName; // Dateiname: the entry in the ZIP
    QString originalName; // DateinameOriginal (3.x), may be empty
    QString formatCode; // Format/Name/code (code list Dateiformat)
    QString mimeType; // from the file name's extension
    QString version; // Version/Nummer
    QDateTime created; // Primaerdokument/DatumUhrzeit
    // An XFDF file (Dateiname ending in .xfdf) beside a PDF of the same Version: the PDF's
    // annotations (ClerkDesk writes them so), read into the imported document, not a document.
    bool annotations = false;
};

struct DocumentInfo
{
    QString id; // Identifikation/ID
    QString title; // AllgemeineMetadaten/Betreff (or the file's original name)
    QString type; // Typ, the sender's own word ("Antrag", "Gutachten", …)
    // Our document kind (application, attachment, …) from ClerkDesk's AnwendungsspezifischeErweiterung
    // (Feld "Art"); empty from any other sender (the import then reads `type`).
    QString kind;
    QString fileNumber; // AllgemeineMetadaten/Kennzeichen
    QDate date; // DatumDesSchreibens, else Posteingangsdatum, else Postausgangsdatum
    QList<FileRef> files;
    QList<HistoryEntry> history;
};

// An object that becomes one request: a Vorgang (its Teilvorgänge folded in), a Dokument that
// stands directly in an Akte or in the message, or an Akte with no content at all.
struct Record
{
    enum class Kind { Vorgang, Dokument, Akte };
    Kind kind = Kind::Vorgang;
    QString id;
    QString title; // Betreff
    QString fileNumber; // Kennzeichen (Aktenzeichen) of the object, else of its Akte
    QDate begins, ends; // Laufzeit
    bool closed = false; // ZdA
    // The Akte around it (empty for an object at the top of the message).
    QString fileId, fileTitle, fileFileNumber;
    // The object's own history with its documents' and Teilvorgänge's, oldest first. An Akte's
    // history is given once, to the first record made of the Akte's content (not copied into each).
    QList<HistoryEntry> history;
    QList<DocumentInfo> documents;
    Contact contact; // the first Kontakt of the object (or its Akte) that names someone
    // A Vorgang ClerkDesk handed over: its form values, as our AnwendungsspezifischeErweiterung
    // (Kennung kExtensionId, Feld "Formular-JSON") carries them; empty from any other sender.
    QJsonObject senderForm;
    // Likewise the request's receipt (Feld "Eingang") and due date (Feld "Frist"); invalid when absent.
    QDateTime submitted;
    QDate dueDate;
};

// The archive's assessment of one offered object (0502 BewertetesObjekt).
struct Assessment
{
    QString id; // the Schriftgutobjekt's ID as the 0501 offered it
    QString decision; // code list Aussonderungsart: "A" archive, "V" destroy
};

// The archive's word on one object it was handed (0506 AusgesondertesSGO).
struct ArchiveOutcome
{
    QString id; // IDSGO
    bool success = false; // Erfolgreich
    QString archiveId; // Archivkennung, may be empty
    QStringList errors; // Fehlermeldung
};

struct Message
{
    Version version = Version::V3_1_0;
    QString type; // "0401" or "0503"
    QString rootName; // "Abgabe.Abgabe.0401", "Aussonderung.Aussonderung.0503"
    QString processId; // ProzessID
    QDateTime created; // Erstellungszeitpunkt
    Contact sender, receiver;
    QString sendingSystem; // Produktname Version
    QString note; // Kopf/Hinweis
    QList<Record> records;
    QList<DocumentInfo> coverLetter; // Anschreiben (0401: one, 0503: any number)
    QList<Assessment> assessments; // 0502
    QList<ArchiveOutcome> outcomes; // 0506

    // Every file the message names, in order.
    QStringList fileNames() const;
    // "Abgabe (0401)", "Aussonderung (0503)", in the clerk's language.
    QString typeDisplay() const;
};

struct ReaderLimits
{
    qint64 maxMessageBytes = 16 << 20; // 16 MiB of XML
    int maxDepth = 64; // element nesting
    int maxObjects = 10000; // Akten, Vorgänge and Dokumente together
    int maxFiles = 10000; // files named
    // HistorienProtokollInformation entries: counted while reading, so that a message of empty
    // entries cannot fill the memory before any other check; each becomes a Verlauf entry.
    int maxHistory = 100000; // in the whole message
    int maxHistoryPerRecord = 10000; // in one request's Verlauf (its object's, its documents', its Akte's)
};

// Error::Invalid with a message a clerk understands (and the parser's detail) when the message is
// refused.
Result<Message> parseMessage(const QByteArray& xml, const ReaderLimits& limits = {});

// The archive's answers in an Aussonderung: 0502 Bewertungsverzeichnis (assessments) and 0506
// AussonderungImportBestaetigen (outcomes), read with the same hardening as parseMessage().
Result<Message> parseArchiveAnswer(const QByteArray& xml, const ReaderLimits& limits = {});

// Whether a ZIP entry's name is that of an xdomea message: {ProzessID}_{Name}.{Name}.{NNNN}.xml.
bool isMessageFileName(const QString& name);

} // namespace clerk::xdomea
