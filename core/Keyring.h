// The raw database key in the operating system's keyring (Windows Credential Manager, macOS
// Keychain, Secret Service on Linux) through QtKeychain, for "remember on this computer".
// Where no keyring is available (headless, no Secret Service) it says so, and ClerkDesk asks for
// the passphrase; it never falls back to storing the key in a file.
// Every call returns at once; its callback runs later on the calling thread, when the keyring has
// answered (the window stays responsive meanwhile). Callbacks still due when the Keyring is
// destroyed are not called.
#pragma once

#include "Result.h"

#include <QCoreApplication>
#include <QObject>
#include <QString>
#include <functional>

namespace clerk {

class Keyring
{
    Q_DECLARE_TR_FUNCTIONS(clerk::Keyring)
public:
    using StatusDone = std::function<void(Status)>;
    using KeyDone = std::function<void(Result<QByteArray>)>;

    explicit Keyring(QString service = QStringLiteral("ClerkDesk"))
        : m_service(std::move(service))
    { }
    // Virtual for the tests of the application's start and passphrase change: the test machines
    // have no keyring service, and a stand-in injects a refused write.
    virtual ~Keyring() = default;

    virtual void storeKey(const QString& profile, const QByteArray& key, StatusDone done);
    virtual void readKey(const QString& profile, KeyDone done);
    virtual void removeKey(const QString& profile, StatusDone done);

protected:
    // The context of the callbacks: they go with the Keyring.
    QObject* context() { return &m_context; }

private:
    QString m_service;
    QObject m_context;
};

} // namespace clerk
