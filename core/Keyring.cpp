#include "Keyring.h"

#include "Logging.h"

#include <qt6keychain/keychain.h>

namespace clerk {

namespace {
Error keyringError(const QKeychain::Job& job)
{
    switch (job.error()) {
    case QKeychain::EntryNotFound:
        return { Error::NotFound, Keyring::tr("No key is remembered on this computer."), job.errorString() };
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError: // e.g. no D-Bus session: QtKeychain says only "Unknown error"
        return { Error::Unsupported,
            Keyring::tr("This computer has no keyring that ClerkDesk can use; please enter your passphrase."),
            job.errorString() };
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return { Error::Locked, Keyring::tr("Access to the keyring was denied."), job.errorString() };
    default:
        return { Error::Io, Keyring::tr("The keyring could not be used: %1").arg(job.errorString()),
            job.errorString() };
    }
}

// Starts `job`; `finished` runs once it has answered (unless `context` is gone by then). The job
// deletes itself afterwards.
template <class JobType> void start(JobType* job, QObject* context, std::function<void(const JobType&)> finished)
{
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    QObject::connect(job, &QKeychain::Job::finished, context,
        [finished = std::move(finished)](QKeychain::Job* j) { finished(*static_cast<JobType*>(j)); });
    job->start();
}
} // namespace

void Keyring::storeKey(const QString& profile, const QByteArray& key, StatusDone done)
{
    auto* job = new QKeychain::WritePasswordJob(m_service);
    job->setKey(profile);
    job->setBinaryData(key);
    start<QKeychain::WritePasswordJob>(job, &m_context, [done = std::move(done)](const auto& j) {
        if (j.error() != QKeychain::NoError) {
            qCInfo(lcStore) << "keyring write failed:" << j.errorString();
            done(keyringError(j));
            return;
        }
        done({});
    });
}

void Keyring::readKey(const QString& profile, KeyDone done)
{
    auto* job = new QKeychain::ReadPasswordJob(m_service);
    job->setKey(profile);
    start<QKeychain::ReadPasswordJob>(job, &m_context, [done = std::move(done)](const auto& j) {
        if (j.error() != QKeychain::NoError)
            done(keyringError(j));
        else
            done(j.binaryData());
    });
}

void Keyring::removeKey(const QString& profile, StatusDone done)
{
    auto* job = new QKeychain::DeletePasswordJob(m_service);
    job->setKey(profile);
    start<QKeychain::DeletePasswordJob>(job, &m_context, [done = std::move(done)](const auto& j) {
        if (j.error() != QKeychain::NoError && j.error() != QKeychain::EntryNotFound)
            done(keyringError(j));
        else
            done({});
    });
}

} // namespace clerk
