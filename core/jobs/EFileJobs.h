// The e-file package as jobs: export to a ZIP and import into the store, each on a worker thread
// with a store connection of its own. A cancelled export leaves no file (efile::exportRequest
// writes <path>.part and renames it at the end); a cancelled import leaves no rows (one
// transaction, rolled back).
#pragma once

#include "Job.h"
#include "StoreJob.h"
#include "core/archive/EFilePackage.h"

namespace clerk {

class EFileExportJob : public StoreJob
{
    Q_OBJECT
public:
    EFileExportJob(const Store& store, QString requestId, QString zipPath);
    QString requestId() const { return m_requestId; }
    QString zipPath() const { return m_zipPath; }

protected:
    Status run() override;

private:
    QString m_requestId, m_zipPath;
};

class EFileImportJob : public StoreJob
{
    Q_OBJECT
public:
    EFileImportJob(const Store& store, QString zipPath, efile::IfExists ifExists, QString actor);
    QString zipPath() const { return m_zipPath; }
    // After finished(), when status() is ok.
    const efile::ImportResult& result() const { return m_result; }
    // The request exists and ifExists was Refuse: the clerk is to choose (merge or keep both).
    bool needsChoice() const { return m_needsChoice; }

protected:
    Status run() override;

private:
    QString m_zipPath;
    efile::IfExists m_ifExists;
    QString m_actor;
    efile::ImportResult m_result;
    bool m_needsChoice = false;
};

} // namespace clerk
