// The hand-over of requests to another authority as an xdomea 3.1.0 message 0401: one ZIP
// "{ProzessID}_Abgabe.Abgabe.0401.zip" holding "{ProzessID}_Abgabe.Abgabe.0401.xml" and every file
// it names (each document's primary file, stored as it is, and the XFDF of its annotations).
//
// The documents are decrypted from the store straight into the ZIP stream (ContentReaders), never
// to a file of their own; each one's size and SHA-256 are checked while it is written. The ZIP is
// written as "<zipPath>.part" and renamed at the end: a cancel or any failure leaves no file.
#pragma once

#include "XdomeaWriter.h"
#include "core/Result.h"

#include <QCoreApplication>
#include <QStringList>
#include <functional>

namespace clerk {

class Store;

namespace xdomea {

// done/total in bytes of the documents; return false to cancel.
using Progress = std::function<bool(qint64 done, qint64 total)>;

struct ExportResult
{
    QString processId;
    QString zipPath;
    int requests = 0, documents = 0;
};

// Writes the 0401 for `requestIds` (at least one) to `zipPath`. `processId`: the message's
// ProzessID (newProcessId(); a caller that names the file after it makes it first).
// `maxPackageBytes`: for tests of the size refusal; leave it.
Result<ExportResult> exportAbgabe(Store& store, const QStringList& requestIds, const Authority& sender,
    const Authority& receiver, const QString& processId, const QString& zipPath, const Progress& progress = {},
    qint64 maxPackageBytes = 0xFFFFFFFFLL);

} // namespace xdomea
} // namespace clerk
