#include "Keyring.h"

#include "Logging.h"

#include <QEventLoop>
#include <qt6keychain/keychain.h>

namespace clerk {

namespace {
Error keyringError(QKeychain::Job& job)
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

void run(QKeychain::Job& job)
{
    job.setAutoDelete(false);
    job.setInsecureFallback(false);
    QEventLoop loop;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, &QEventLoop::quit);
    job.start();
    loop.exec();
}
} // namespace

Status Keyring::storeKey(const QString& profile, const QByteArray& key)
{
    QKeychain::WritePasswordJob job(m_service);
    job.setKey(profile);
    job.setBinaryData(key);
    run(job);
    if (job.error() != QKeychain::NoError) {
        qCInfo(lcStore) << "keyring write failed:" << job.errorString();
        return keyringError(job);
    }
    return {};
}

Result<QByteArray> Keyring::readKey(const QString& profile)
{
    QKeychain::ReadPasswordJob job(m_service);
    job.setKey(profile);
    run(job);
    if (job.error() != QKeychain::NoError)
        return keyringError(job);
    return job.binaryData();
}

Status Keyring::removeKey(const QString& profile)
{
    QKeychain::DeletePasswordJob job(m_service);
    job.setKey(profile);
    run(job);
    if (job.error() != QKeychain::NoError && job.error() != QKeychain::EntryNotFound)
        return keyringError(job);
    return {};
}

} // namespace clerk
