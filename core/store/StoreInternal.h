// Included first by every header that is internal to core/store (Sql.h, Schema.h, Checkpointer.h,
// SearchIndex.h, Database.h, DatabaseAccess.h, WriteTurns.h). Only targets that may run SQL define
// CLERKDESK_STORE_INTERNAL: clerkdesk_core, clerkdesk_server and the tests. models/, ui/, app/ and
// cli/ do not: for them such an include is a compile error (tests/layers checks it).
#pragma once

#ifndef CLERKDESK_STORE_INTERNAL
#error "store-internal header: models/, ui/, app/ and cli/ reach the store through core/store/Store.h and its parts"
#endif
