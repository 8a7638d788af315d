// The xdomea hand-over (0401) as a job: on a worker thread with a store connection of its own,
// cancellable, with progress over the documents' bytes. A cancelled or failed hand-over leaves no
// file (xdomea::exportAbgabe writes <path>.part and renames it at the end).
#pragma once

#include "Job.h"
#include "StoreAccess.h"
#include "core/xdomea/XdomeaExport.h"

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

} // namespace clerk
