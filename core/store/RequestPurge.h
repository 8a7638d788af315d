// Requests leaving this computer entirely, with their documents, notes, annotations and timeline:
// closed ones after the retention period, and those the archive took over (Aussonderung). What
// stays of each is one timeline entry with its reference, no personal data.
#pragma once

#include "core/Clock.h"
#include "core/Result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <functional>

namespace clerk {

class Store;

class RequestPurge
{
    Q_DECLARE_TR_FUNCTIONS(clerk::RequestPurge)
public:
    explicit RequestPurge(Store& store, Clock& clock = Clock::system())
        : m_store(store)
        , m_clock(clock)
    { }

    // Both keep a request while the clerk's work on it waits in the outbox (a change, note or
    // annotation not answered yet, or refused or conflicting and not decided on); it goes with a
    // later purge once that work is sent or discarded. Each returns how many went.
    // Removes requests closed more than `days` ago.
    Result<int> purgeClosed(int days);
    // Removes the closed requests the archive has taken over (their Aussonderung state is "archived")
    // as the server holds it: not while the clerk's own archive step waits for the server's answer.
    Result<int> purgeArchived();
    // The two purges' queries (rid, id, reference of the requests to purge; ?1: the retention's cutoff,
    // unused by the archive's), for the tests of their plans.
    static QByteArray retentionSql();
    static QByteArray archivedSql();

private:
    // Removes the requests `select` (rid, id, reference; one parameter) names, each with a
    // Verlauf entry worded by `why`.
    Result<int> purge(const QByteArray& select, qint64 param, const std::function<QString(const QString&)>& why);

    Store& m_store;
    Clock& m_clock;
};

} // namespace clerk
