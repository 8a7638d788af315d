// The versions of the libraries this process actually loaded, for the About dialog and --version.
#pragma once

#include <QString>

namespace clerk {

struct StackVersions
{
    QString clerkdesk;
    QString qt; // runtime qVersion()
    QString sqlite; // sqlite3_libversion() of the loaded SQLCipher library
    QString sqlcipher; // PRAGMA cipher_version
    QString cryptoProvider; // PRAGMA cipher_provider + cipher_provider_version
    QString karchive;
    QString qpdf; // QPDF::QPDFVersion()
    QString sodium; // sodium_version_string()

    static StackVersions loaded();
    QString toText() const;
};

} // namespace clerk
