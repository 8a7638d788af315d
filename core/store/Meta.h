// The profile's own settings inside the encrypted file (sync cursor, keys, markers): text by key.
#pragma once

#include "core/Result.h"

#include <QString>

namespace clerk {

class Database;

class Meta
{
public:
    explicit Meta(Database& db);
    // The value, or an empty string when the key was never set.
    Result<QString> value(const QString& key) const;
    Status set(const QString& key, const QString& value);
    // A counter kept under `key`: its value (0 when never counted, or not a number; never below 0),
    // and one more (in the caller's transaction, if one is open).
    Result<qint64> counter(const QString& key) const;
    Status countUp(const QString& key);
    Status remove(const QString& key);

private:
    Database& m_db;
};

} // namespace clerk
