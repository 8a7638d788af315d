#include "StoreAccess.h"

#include "core/jobs/Job.h"
#include "core/store/DatabaseAccess.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"

namespace clerk {

StoreAccess::StoreAccess(const Store& unlocked)
    : m_path(unlocked.path())
    , m_rawKey(unlocked.rawKey())
{ }

StoreAccess::~StoreAccess()
{
    Q_ASSERT(!m_open); // an Opened outliving this would unregister through a dangling pointer
    sql::wipe(m_rawKey);
}

Result<StoreAccess::Opened> StoreAccess::open()
{
    if (std::lock_guard lock(m_mutex); m_interrupted)
        return Job::cancelledError();
    auto store = std::make_unique<Store>(m_path);
    if (Status s = store->unlockAsWorker(m_rawKey); !s)
        return s.error();
    std::lock_guard lock(m_mutex);
    if (m_interrupted)
        return Job::cancelledError(); // (closed here: nothing can reach it yet)
    Q_ASSERT(!m_open); // one open per access: a second store would be out of interrupt()'s reach
    m_open = store.get();
    return Opened(store.release(), Closer { this });
}

void StoreAccess::interrupt()
{
    std::lock_guard lock(m_mutex);
    m_interrupted = true;
    if (m_open)
        storeConnection(*m_open).interrupt();
}

void StoreAccess::Closer::operator()(Store* store) const
{
    {
        std::lock_guard lock(access->m_mutex);
        access->m_open = nullptr;
    }
    delete store;
}

} // namespace clerk
