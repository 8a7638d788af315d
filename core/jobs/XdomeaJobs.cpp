#include "XdomeaJobs.h"

#include "core/store/Store.h"

namespace clerk {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(clerk::XdomeaJobs)
};
} // namespace

XdomeaExportJob::XdomeaExportJob(const Store& store, QStringList requestIds, xdomea::Authority sender,
    xdomea::Authority receiver, QString processId, QString zipPath)
    : StoreJob(Tr::tr("Handing over to another authority (xdomea)"), store)
    , m_requestIds(std::move(requestIds))
    , m_sender(std::move(sender))
    , m_receiver(std::move(receiver))
    , m_processId(std::move(processId))
    , m_zipPath(std::move(zipPath))
{ }

Status XdomeaExportJob::run()
{
    auto store = access().open();
    if (!store)
        return store.error();
    auto r = xdomea::exportAbgabe(*store.value(), m_requestIds, m_sender, m_receiver, m_processId, m_zipPath,
        [this](qint64 done, qint64 total) { return step(done, total); });
    if (!r) {
        if (isCancelled())
            return cancelledError();
        return r.error();
    }
    m_result = r.value();
    return {};
}

XdomeaImportJob::XdomeaImportJob(
    const Store& store, QString zipPath, xdomea::ImportOptions options, std::optional<xdomea::Authority> acknowledgeAs)
    : StoreJob(Tr::tr("Checking and importing the xdomea message"), store)
    , m_zipPath(std::move(zipPath))
    , m_options(std::move(options))
    , m_acknowledgeAs(std::move(acknowledgeAs))
{ }

Status XdomeaImportJob::run()
{
    auto store = access().open();
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
    if (m_acknowledgeAs && m_result.messageType == QLatin1String("0401")) {
        auto ack = xdomea::writeAcknowledgement(m_result, *m_acknowledgeAs, m_zipPath, store.value()->clock().now());
        if (ack)
            m_acknowledgement = ack.value();
        else
            m_acknowledgementError = ack.errorString();
    }
    return {};
}

} // namespace clerk
