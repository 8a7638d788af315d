// The reference server's housekeeping: a timer that purges what the server needs only for a while
// (expired and revoked tokens, old sign-in failures, old remembered mutation answers) so that the
// database does not grow for ever and keeps no more than it must. Retention: CityStore.h and
// docs/ADMIN.md ("Housekeeping").
#pragma once

#include "CityStore.h"
#include "core/Clock.h"

#include <QObject>
#include <QTimer>

namespace clerk::server {

class Housekeeping : public QObject
{
    Q_OBJECT
public:
    static constexpr int kIntervalMs = 60 * 60 * 1000; // hourly

    Housekeeping(CityStore& store, Clock& clock, Retention retention = {}, QObject* parent = nullptr);

    // Purges once now, then every `intervalMs`.
    void start(int intervalMs = kIntervalMs);
    Result<PurgeReport> purgeNow();

Q_SIGNALS:
    void purged(const clerk::server::PurgeReport& report);

private:
    CityStore& m_store;
    Clock& m_clock;
    Retention m_retention;
    QTimer m_timer;
};

} // namespace clerk::server
