#include "XdomeaJobs.h"

#include "core/store/Store.h"

namespace clerk {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(clerk::XdomeaJobs)
};
} // namespace

XdomeaImportJob::XdomeaImportJob(const Store& store, QString zipPath, xdomea::ImportOptions options)
    : Job(Tr::tr("Checking and importing the xdomea message"))
    , m_access(store)
    , m_zipPath(std::move(zipPath))
    , m_options(std::move(options))
{ }

Status XdomeaImportJob::run()
{
    auto store = m_access.open();
    if (!store)
        return store.error();
    auto r = xdomea::importPackage(
        *store.value(), m_zipPath, m_options, {}, [this](qint64 done, qint64 total) { return step(done, total); });
    if (!r) {
        if (isCancelled())
            return cancelledError();
        return r.error();
    }
    m_result = r.value();
    return {};
}

} // namespace clerk
