#include "StoreAccess.h"

#include "core/store/Sql.h"
#include "core/store/Store.h"

namespace clerk {

StoreAccess::StoreAccess(const Store& unlocked)
    : m_path(unlocked.path())
    , m_rawKey(unlocked.rawKey())
{ }

StoreAccess::~StoreAccess()
{
    sql::wipe(m_rawKey);
}

Result<std::unique_ptr<Store>> StoreAccess::open() const
{
    auto store = std::make_unique<Store>(m_path);
    if (Status s = store->unlockAsWorker(m_rawKey); !s)
        return s.error();
    return store;
}

} // namespace clerk
