// An xdomea message as it travels: one ZIP ({ProzessID}_{Nachricht}.zip) with the message XML
// ({ProzessID}_Abgabe.Abgabe.0401.xml, …) and the primary documents it names, side by side.
//
// verify() applies the e-file import's ZIP hardening (core/archive: one plain archive, safe names,
// regular files, no encryption, sizes, counts and compression ratio capped, KZip's view equal to
// the raw directory), reads the message bounded (XdomeaReader: no DTD, no entities, one of the
// three namespaces), and checks that every file it names is in the ZIP, once, and that nothing
// else is: every named file is read once and hashed, nothing outside them is read.
//
// importPackage() does all of that before it writes anything, then writes in one transaction of
// the store (all or nothing): each Vorgang — or Dokument standing directly in an Akte or in the
// message, or empty Akte — becomes a request of the channel "xdomea", with its documents, its
// history as Verlauf entries, the sender in the request's form values (xdomea_* keys) and the
// original message XML as one more document, so that nothing the sender wrote is lost. The XFDF
// file beside a PDF (the sender's annotations) becomes that document's annotations, not a document:
// one that cannot be read (malformed, too large, a DTD or entities) refuses the message; an
// annotation on a page the PDF does not have is left out, and the Verlauf says so. The request
// starts as "received" with no assignee but the one the clerk chose: status and assignee do not
// travel.
#pragma once

#include "XdomeaReader.h"
#include "core/archive/EFilePackage.h"

#include <QHash>

namespace clerk {

class Store;

namespace xdomea {

// The channel key of requests taken over from an xdomea message.
inline const QString kChannel = QStringLiteral("xdomea");

struct PackageFile
{
    qint64 size = 0;
    QByteArray sha256; // hex
};

struct Package
{
    Message message;
    QString messageFile; // the message's entry name
    QByteArray messageXml;
    QByteArray messageSha256; // hex
    QHash<QString, PackageFile> files; // every file the message names, by name
};

// Whether the ZIP holds an xdomea message (an entry named {ProzessID}_{Name}.{Name}.{NNNN}.xml)
// rather than our own efile.xml. Reads only the central directory; false for anything unreadable
// (the e-file import then says what is wrong with it).
bool looksLikeXdomea(const QString& zipPath);

// An xdomea message in a file, as the archive's answers and `clerkdesk-cli efile verify` take it:
// a ZIP (with the e-file import's hardening, efile::detail::openArchive) holding exactly one
// message entry ({ProzessID}_{Nachricht}.xml), or the bare XML; the message at most
// ReaderLimits::maxMessageBytes. Nothing is parsed yet.
struct MessageFile
{
    QByteArray xml;
    bool zipped = false;
    QMap<QString, qint64> others; // in a ZIP: its other entries, name → size
};
Result<MessageFile> readMessageFile(const QString& path, const ReaderLimits& limits = {});

// Everything importPackage() checks, without touching a store. The message cap is
// `limits.maxManifestBytes`.
Result<Package> verify(const QString& zipPath, const efile::Limits& limits = {}, const efile::Progress& progress = {});

struct ImportOptions
{
    QString actor; // who imports (the clerk's login, or the tool): the Verlauf's import entry names them
    QString assignee; // the clerk the new requests are assigned to (empty: nobody)
    // The service (and through it the team) of the new requests. Empty: the catalogue's only
    // service of the office the Aktenzeichen starts with ("67.20-0815/2026" → office 67), else
    // none (the clerk assigns it).
    QString serviceId;
};

struct ImportResult
{
    QString processId;
    QStringList requestIds; // in the message's order
    int documents = 0; // the message XML included, once per request
    int timelineEntries = 0;
    int annotations = 0; // read from the XFDF files beside the PDFs
    QStringList skipped; // annotations not taken over (on pages their PDF does not have), in words
    // What the acknowledgement (0402, XdomeaAcknowledgement.h) needs of the message imported.
    Version version = Version::V3_1_0;
    QString messageType; // "0401", "0503"
    Contact sender, receiver; // as its Kopf names them
    QStringList objectIds; // the Schriftgutobjekte taken over in message order (an Akte before its content)
};

// Error::AlreadyExists when this message (its ProzessID) was imported into the store before.
Result<ImportResult> importPackage(Store& store, const QString& zipPath, const ImportOptions& options,
    const efile::Limits& limits = {}, const efile::Progress& progress = {});

// The service a Kennzeichen points to among `services` (id → office): the only one of its office.
QString serviceForFileNumber(const QString& fileNumber, const QHash<QString, QString>& officeOfService);

} // namespace xdomea
} // namespace clerk
