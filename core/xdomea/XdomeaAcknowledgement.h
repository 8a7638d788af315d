// The answer to a received hand-over: after an xdomea 0401 was imported, ClerkDesk writes the
// acknowledgement 0402 Abgabe.ImportBestaetigen for the sender beside the imported file:
// "{ProzessID}_Abgabe.ImportBestaetigen.0402.xml", naming the received ProzessID and every
// Schriftgutobjekt taken over (the import is all or nothing, so each one "Erfolgreich").
//
// Version: that of the received message where its schema can name the objects (3.0.0, 3.1.0),
// else 3.1.0 — the 0402 of 2.4.0 holds one yes or no for the whole hand-over and no object IDs.
// A 0503 (Aussonderung) gets no 0402: its answer is the archive's 0506 AussonderungImportBestaetigen,
// which tells the sender which objects the archive took over, so that it may delete them — not ours
// to give when a clerk takes an archived file back into work. (0504 AnbietungEmpfangBestaetigen is
// the archive's receipt of an offer list 0501.)
#pragma once

#include "XdomeaPackage.h"
#include "XdomeaWriter.h"

namespace clerk::xdomea {

// The version a 0402 to a message of `received` is written in.
Version acknowledgementVersion(Version received);

struct Acknowledgement
{
    QString path; // the 0402 written
    Version version = Version::V3_1_0;
    int objects = 0; // AbgegebenesObjekt entries
    // When the usual name was taken (a file or a link there already, maybe placed by whoever fills
    // a shared folder): which name was used instead, in words for the clerk; empty otherwise.
    QString note;
};

// The 0402 to `imported` (XML, UTF-8): `us` is who imported (senderFromSettings(); with neither
// name nor Behördenkennung, the receiver the message named is taken), the receiver the message's
// sender. Error::Unsupported when there is nothing to acknowledge (a 0503; no object ID of the
// UUID form the schema asks for).
Result<QByteArray> importBestaetigen(const ImportResult& imported, const Authority& us, const QDateTime& created);

// Writes importBestaetigen() as importBestaetigenXmlName(ProzessID) into the folder of
// `importedFile`, as a new file only: never over an existing file, never through a link (the
// folder may be one the sender fills). When that name is taken, "… (2).xml" (up to 99) is used
// and Acknowledgement::note says so. Error::Io when the folder cannot be
// written to; the import itself stands either way.
Result<Acknowledgement> writeAcknowledgement(
    const ImportResult& imported, const Authority& us, const QString& importedFile, const QDateTime& created);

} // namespace clerk::xdomea
