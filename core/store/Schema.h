// The store's schema as forward-only migrations. Each migration runs in one transaction together
// with the PRAGMA user_version that records it.
#pragma once

#include <QList>

namespace clerk::schema {

struct Migration
{
    int version;
    const char* sql;
};

const QList<Migration>& migrations();
int latestVersion();

} // namespace clerk::schema
