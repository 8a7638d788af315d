#include "EFileJobs.h"

#include "core/store/Store.h"

namespace clerk {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(clerk::EFileJobs)
};
} // namespace

EFileExportJob::EFileExportJob(const Store& store, QString requestId, QString zipPath)
    : StoreJob(Tr::tr("Exporting the e-file"), store)
    , m_requestId(std::move(requestId))
    , m_zipPath(std::move(zipPath))
{ }

Status EFileExportJob::run()
{
    auto store = access().open();
    if (!store)
        return store.error();
    const Status s = efile::exportRequest(
        *store.value(), m_requestId, m_zipPath, [this](qint64 done, qint64 total) { return step(done, total); });
    if (!s && isCancelled())
        return cancelledError();
    return s;
}

EFileImportJob::EFileImportJob(const Store& store, QString zipPath, efile::IfExists ifExists, QString actor)
    : StoreJob(Tr::tr("Checking and importing the e-file"), store)
    , m_zipPath(std::move(zipPath))
    , m_ifExists(ifExists)
    , m_actor(std::move(actor))
{ }

Status EFileImportJob::run()
{
    auto store = access().open();
    if (!store)
        return store.error();
    auto r = efile::importPackage(*store.value(), m_zipPath, m_ifExists, m_actor, {},
        [this](qint64 done, qint64 total) { return step(done, total); });
    if (!r) {
        if (isCancelled())
            return cancelledError();
        m_needsChoice = m_ifExists == efile::IfExists::Refuse && r.error().code == Error::AlreadyExists;
        return r.error();
    }
    m_result = r.value();
    return {};
}

} // namespace clerk
