#include "Housekeeping.h"

#include "ServerLogging.h"

namespace clerk::server {

Housekeeping::Housekeeping(CityStore& store, Clock& clock, Retention retention, QObject* parent)
    : QObject(parent)
    , m_store(store)
    , m_clock(clock)
    , m_retention(retention)
{
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (auto r = purgeNow(); !r)
            qCWarning(lcServer) << "housekeeping failed, trying again at the next round:" << r.error().detail;
    });
}

void Housekeeping::start(int intervalMs)
{
    if (auto r = purgeNow(); !r)
        qCWarning(lcServer) << "housekeeping failed, trying again at the next round:" << r.error().detail;
    m_timer.start(intervalMs);
}

Result<PurgeReport> Housekeeping::purgeNow()
{
    auto r = m_store.purge(m_clock.now(), m_retention);
    if (!r)
        return r;
    if (r->tokens || r->failures || r->mutationResults)
        qCInfo(lcServer) << "housekeeping removed" << r->tokens << "tokens," << r->failures << "sign-in failures,"
                         << r->mutationResults << "remembered mutation answers";
    Q_EMIT purged(r.value());
    return r;
}

} // namespace clerk::server
