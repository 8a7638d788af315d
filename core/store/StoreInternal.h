// Included first by every header that is internal to core/store (Sql.h, Schema.h, Checkpointer.h,
// SearchIndex.h, Database.h, DatabaseAccess.h). Only targets that may run SQL define
// CLERKDESK_STORE_INTERNAL: clerkdesk_core, clerkdesk_server, the tests and, until the inbox's
// queries live in core, clerkdesk_models. ui/, app/ and cli/ do not: for them such an include is
// a compile error (tests/layers checks it).
#pragma once

#ifndef CLERKDESK_STORE_INTERNAL
#error "store-internal header: ui/, app/ and cli/ reach the store through core/store/Store.h and its parts"
#endif
