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
    explicit Keyring(QString service = QStringLiteral("ClerkDesk")) : m_service(std::move(service)) {}

    Status storeKey(const QString& profile, const QByteArray& key);
    Result<QByteArray> readKey(const QString& profile);
    Status removeKey(const QString& profile);

private:
    QString m_service;
};

} // namespace clerk
