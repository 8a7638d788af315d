// The raw database key in the operating system's keyring (Windows Credential Manager, macOS
// Keychain, Secret Service on Linux) through QtKeychain, for "remember on this computer".
// Where no keyring is available (headless, no Secret Service) it says so, and ClerkDesk asks for
// the passphrase; it never falls back to storing the key in a file.
#pragma once

#include "Result.h"

#include <QCoreApplication>
#include <QString>

namespace clerk {

class Keyring
{
    Q_DECLARE_TR_FUNCTIONS(clerk::Keyring)
public:
    explicit Keyring(QString service = QStringLiteral("ClerkDesk"))
        : m_service(std::move(service))
    { }
    // Virtual for the tests of the application's start and passphrase change: the test machines
    // have no keyring service, and a stand-in injects a refused write.
    virtual ~Keyring() = default;

    virtual Status storeKey(const QString& profile, const QByteArray& key);
    virtual Result<QByteArray> readKey(const QString& profile);
    virtual Status removeKey(const QString& profile);

private:
    QString m_service;
};

} // namespace clerk
