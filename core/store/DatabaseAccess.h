// Store-internal: the SQL connection of an unlocked Store, for the core code that runs statements
// of its own next to the store's parts (SyncSession's page transaction, EFileImport, DocumentCache,
// ContentKeyRotation, the inbox's queries). Only while the store is unlocked.
#pragma once
#include "core/store/Sql.h"
#include "core/store/StoreInternal.h"

namespace clerk {

class Store;

sql::Connection& storeConnection(Store& store);

} // namespace clerk
