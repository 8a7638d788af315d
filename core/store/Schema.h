// The store's schema as forward-only migrations. Each migration runs in one transaction together
// with the PRAGMA user_version that records it.
#pragma once
#include "core/store/StoreInternal.h"

#include <QList>

namespace clerk::schema {

struct Migration
{
    int version;
    const char* sql;
};

const QList<Migration>& migrations();
int latestVersion();

// The secondary indexes of the inbox path, as CREATE INDEX IF NOT EXISTS statements. A bulk
// import drops them and builds them afterwards; opening the store re-creates any that a crash in
// between left missing. They must match the migrations above.
const QList<const char*>& inboxIndexes();
const QList<const char*>& inboxIndexNames();

} // namespace clerk::schema
