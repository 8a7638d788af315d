// Passwords and tokens of the reference backend. Passwords are hashed with Argon2id (libsodium,
// crypto_pwhash_str with the "interactive" cost: 2 passes over 64 MiB). Tokens are 256-bit random
// values handed out once; only their SHA-256 is stored.
#pragma once

#include <QByteArray>
#include <QString>

namespace clerk::server::accounts {

bool initialise(); // libsodium; false if it cannot start
QString hashPassword(const QString& password);
bool verifyPassword(const QString& hash, const QString& password);
QByteArray newToken(); // URL-safe text
QByteArray tokenHash(const QByteArray& token);

} // namespace clerk::server::accounts
