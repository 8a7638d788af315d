#include "AussonderungJobs.h"

#include "core/store/Store.h"

namespace clerk {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(clerk::AussonderungJobs)
};
} // namespace

AussonderungOfferJob::AussonderungOfferJob(const Store& store, QStringList requestIds, xdomea::Authority sender,
    xdomea::Authority archive, QString processId, QString folder)
    : StoreJob(Tr::tr("Writing the offer list for the archive (xdomea 0501)"), store)
    , m_requestIds(std::move(requestIds))
    , m_sender(std::move(sender))
    , m_archive(std::move(archive))
    , m_processId(std::move(processId))
    , m_folder(std::move(folder))
{ }

Status AussonderungOfferJob::run()
{
    auto store = access().open();
    if (!store)
        return store.error();
    auto r = xdomea::offer(*store.value(), m_requestIds, m_sender, m_archive, m_processId, m_folder);
    if (!r)
        return r.error();
    m_result = r.value();
    return {};
}

ArchiveAssessmentJob::ArchiveAssessmentJob(const Store& store, QString path, xdomea::Authority sender, QString folder)
    : StoreJob(Tr::tr("Importing the archive's assessment and writing the delivery (xdomea 0502, 0503)"), store)
    , m_path(std::move(path))
    , m_sender(std::move(sender))
    , m_folder(std::move(folder))
{ }

Status ArchiveAssessmentJob::run()
{
    auto store = access().open();
    if (!store)
        return store.error();
    auto r = xdomea::importAssessment(
        *store.value(), m_path, m_sender, m_folder, [this](qint64 done, qint64 total) { return step(done, total); });
    if (!r) {
        if (isCancelled())
            return cancelledError();
        return r.error();
    }
    m_result = r.value();
    return {};
}

ArchiveConfirmationJob::ArchiveConfirmationJob(const Store& store, QString path)
    : StoreJob(Tr::tr("Importing the archive's confirmation (xdomea 0506)"), store)
    , m_path(std::move(path))
{ }

Status ArchiveConfirmationJob::run()
{
    auto store = access().open();
    if (!store)
        return store.error();
    auto r = xdomea::importConfirmation(*store.value(), m_path);
    if (!r)
        return r.error();
    m_result = r.value();
    return {};
}

} // namespace clerk
