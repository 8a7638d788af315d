// Importing an xdomea message as a job: on a worker thread with a store connection of its own,
// checked completely before anything is written, then one transaction (rolled back, with the
// files it wrote, on a refusal or a cancel). See core/xdomea/XdomeaPackage.h.
#pragma once

#include "Job.h"
#include "StoreAccess.h"
#include "core/xdomea/XdomeaPackage.h"

namespace clerk {

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
