// The messages of an Aussonderung (xdomea 3.1.0, "Aussonderung durchführen") that ClerkDesk writes:
// 0501 Aussonderung.Anbieteverzeichnis (the offer list: the closed requests whose retention ended,
// with their metadata and the documents' metadata, no files) and 0503 Aussonderung.Aussonderung
// (the requests the archive assessed "A", each with its documents' primary files, packaged as
// the 0401 is). Each request is a Schriftgutobjekt of its own (a Vorgang, ID = the request's id),
// so that the archive's 0502 and 0506 name exactly the objects offered. The Vorgang is written as
// in a hand-over (XdomeaWriter.h), plus ArchivspezifischeMetadaten (Aufbewahrungsdauer in years,
// Aufbewahrungsende, in the 0503 the Aussonderungsart "A") and ZdA with the day it was closed.
#pragma once

#include "XdomeaWriter.h"

#include <QDate>

namespace clerk::xdomea {

struct ArchiveRecord
{
    RequestRecord record;
    int retentionYears = 0;
    QDate retentionEnd; // the last day of the retention period
    QDate closed; // the day the request was closed (zdA)
};

struct Aussonderung
{
    QString processId; // the same through 0501, 0502, 0503 and 0506
    QDateTime created;
    Authority sender, receiver; // we, the archive
    QList<ArchiveRecord> requests;
};

// 0501: metadata only (the schema's implementation hint: no primary documents in an offer list).
QByteArray writeAnbieteverzeichnis(const Aussonderung& message);
// 0503: every request with its documents; all of them assessed "A".
QByteArray writeAussonderung(const Aussonderung& message);

// "{processId}_Aussonderung.Anbieteverzeichnis.0501.zip" (a ZIP with the message XML only) and the
// XML in it; "{processId}_Aussonderung.Aussonderung.0503.zip" and its XML.
QString anbieteverzeichnisXmlName(const QString& processId);
QString anbieteverzeichnisZipName(const QString& processId);
QString aussonderungXmlName(const QString& processId);
QString aussonderungZipName(const QString& processId);

} // namespace clerk::xdomea
