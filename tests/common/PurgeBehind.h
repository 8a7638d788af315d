// A request purged as the sync thread purges it: RequestPurge on a worker store of its own, so the
// window's store hears nothing of it until it is told (Store::notifyChanged), as in the moment
// before the sync engine's notice arrives.
#pragma once

#include "core/store/RequestPurge.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"

namespace clerk::testing {

inline bool purgeBehindTheWindow(Store& store, const QString& requestId)
{
    Store worker(store.path());
    if (!worker.unlockAsWorker(store.rawKey()))
        return false;
    // Closed long before any retention period (the others' dates are of this decade).
    auto closed = worker.connection().query("UPDATE requests SET closed = 1, closed_at = 1000 WHERE id = ?1");
    if (!closed.bindAll(requestId).exec())
        return false;
    auto purged = RequestPurge(worker).purgeClosed(3650);
    return purged && purged.value() == 1;
}

} // namespace clerk::testing
