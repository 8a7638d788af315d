// The xdomea messages as jobs: on a worker thread with a store connection of its own, cancellable,
// with progress over the documents' bytes.
// - The hand-over (0401): a cancelled or failed one leaves no file (xdomea::exportAbgabe writes
//   <path>.part and renames it at the end).
// - The import (0401, 0503): checked completely before anything is written, then one transaction
//   (rolled back, with the files it wrote, on a refusal or a cancel). See core/xdomea/XdomeaPackage.h.
//   A hand-over imported is acknowledged with a 0402 beside it (core/xdomea/XdomeaAcknowledgement.h).
#pragma once

#include "Job.h"
#include "StoreJob.h"
#include "core/xdomea/XdomeaAcknowledgement.h"
#include "core/xdomea/XdomeaExport.h"
#include "core/xdomea/XdomeaPackage.h"

#include <optional>

namespace clerk {

class XdomeaExportJob : public StoreJob
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
    QStringList m_requestIds;
    xdomea::Authority m_sender, m_receiver;
    QString m_processId, m_zipPath;
    xdomea::ExportResult m_result;
};

class XdomeaImportJob : public StoreJob
{
    Q_OBJECT
public:
    // `acknowledgeAs`: after a hand-over (0401) is imported, the job writes the acknowledgement
    // 0402 in this authority's name beside the message (XdomeaAcknowledgement.h); none without it.
    XdomeaImportJob(const Store& store, QString zipPath, xdomea::ImportOptions options,
        std::optional<xdomea::Authority> acknowledgeAs = {});
    QString zipPath() const { return m_zipPath; }
    // After finished(), when status() is ok.
    const xdomea::ImportResult& result() const { return m_result; }
    // After finished(), when status() is ok: the 0402 written (path empty when none was), and why
    // none was although one was asked for (the import stands either way).
    const xdomea::Acknowledgement& acknowledgement() const { return m_acknowledgement; }
    const QString& acknowledgementError() const { return m_acknowledgementError; }

protected:
    Status run() override;

private:
    QString m_zipPath;
    xdomea::ImportOptions m_options;
    std::optional<xdomea::Authority> m_acknowledgeAs;
    xdomea::ImportResult m_result;
    xdomea::Acknowledgement m_acknowledgement;
    QString m_acknowledgementError;
};

} // namespace clerk
