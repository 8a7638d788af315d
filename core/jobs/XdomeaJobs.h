// The xdomea messages as jobs: on a worker thread with a store connection of its own, cancellable,
// with progress over the documents' bytes.
// - The hand-over (0401): a cancelled or failed one leaves no file (xdomea::exportAbgabe writes
//   <path>.part and renames it at the end).
// - The import (0401, 0503): checked completely before anything is written, then one transaction
//   (rolled back, with the files it wrote, on a refusal or a cancel). See core/xdomea/XdomeaPackage.h.
#pragma once

#include "Job.h"
#include "StoreAccess.h"
#include "core/xdomea/XdomeaExport.h"
#include "core/xdomea/XdomeaPackage.h"

namespace clerk {

class XdomeaExportJob : public Job
{
    Q_OBJECT
public:
    // `processId`: the message's ProzessID; the file is usually named after it
    // (xdomea::abgabeZipName), so the caller makes it first (xdomea::newProcessId()).
    XdomeaExportJob(const Store& store, QStringList requestIds, xdomea::Authority sender, xdomea::Authority receiver,
        QString processId, QString zipPath);
    QString zipPath() const { return m_zipPath; }
    QString processId() const { return m_processId; }
    // After finished(), when status() is ok.
    const xdomea::ExportResult& result() const { return m_result; }

protected:
    Status run() override;

private:
    StoreAccess m_access;
    QStringList m_requestIds;
    xdomea::Authority m_sender, m_receiver;
    QString m_processId, m_zipPath;
    xdomea::ExportResult m_result;
};

class XdomeaImportJob : public Job
{
    Q_OBJECT
public:
    XdomeaImportJob(const Store& store, QString zipPath, xdomea::ImportOptions options);
    QString zipPath() const { return m_zipPath; }
    // After finished(), when status() is ok.
    const xdomea::ImportResult& result() const { return m_result; }

protected:
    Status run() override;

private:
    StoreAccess m_access;
    QString m_zipPath;
    xdomea::ImportOptions m_options;
    xdomea::ImportResult m_result;
};

} // namespace clerk
