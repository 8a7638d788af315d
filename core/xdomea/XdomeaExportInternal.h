// Shared by XdomeaExport.cpp (the hand-over, 0401) and XdomeaAussonderung.cpp (the delivery to the
// archive, 0503): gathering requests with their documents, and writing a ZIP with a message and
// the files it names (documents streamed from the store, size and SHA-256 checked, ".part" and
// rename). Not part of the interface.
#pragma once

#include "XdomeaExport.h"

#include <QMap>

namespace clerk::xdomea::detail {

struct Collected
{
    QList<RequestRecord> requests;
    QMap<QString, QByteArray> xfdfFiles; // file name → XFDF
    qint64 total = 0; // the documents' bytes
    int documents = 0;
};

// `archive`: word the refusals for a delivery to the archive rather than a hand-over. `contents`
// false: the documents' metadata only (their bytes need not be on this computer).
Result<Collected> collect(Store& store, const QStringList& requestIds, bool archive, bool contents = true);

// `message` writes the message XML for the requests (called twice: for the size estimate and,
// once each PDF's version is known, for the file).
Result<ExportResult> writePackage(Store& store, Collected& c, const QString& processId, const QString& xmlName,
    const std::function<QByteArray(const QList<RequestRecord>&)>& message, const QString& zipPath,
    const Progress& progress, qint64 maxPackageBytes, bool archive);

} // namespace clerk::xdomea::detail
