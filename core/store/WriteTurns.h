// Whose write comes next when the window waits for a background writer (store-internal).
//
// SQLite lets one connection write a file at a time; a connection that finds the write lock taken
// polls for it in its busy handler. A background writer that commits and begins again at once (the
// sync writing a page of changes, slice after slice) nearly always wins that race, so a clerk's
// click on "Claim" could wait for the whole pull: seconds in a large store. The window's own
// connection (Connection::Options::foreground) says so while it waits in its busy handler, until
// its statement has run; a background writer asks foregroundWaiting() between two slices of its
// work and, if so, commits what it has and calls letForegroundThrough() before it begins again.
//
// One WriteTurns per database file in this process (forFile), shared by its connections.
#pragma once

#include "core/store/StoreInternal.h"

#include <QString>
#include <atomic>
#include <memory>

namespace clerk::sql {

class WriteTurns
{
public:
    // While it waits for the lock, a foreground connection polls this often, a worker's this often.
    static constexpr int kForegroundPollMs = 2;
    static constexpr int kBackgroundPollMs = 5;
    // How long a background writer waits at most for the foreground's statement after its commit.
    static constexpr int kLetThroughMs = 250;

    static std::shared_ptr<WriteTurns> forFile(const QString& path);

    // The foreground connection's busy handler, at each of its polls: it waits for the lock ...
    void foregroundWaits();
    // ... and its statement has run (or given up): called after each of its statements.
    void foregroundDone()
    {
        if (m_lastWaitMs.load(std::memory_order_relaxed) >= 0)
            m_lastWaitMs.store(-1, std::memory_order_relaxed);
    }
    // It waits, and polled within kStaleAfterMs (a wait whose end went unreported, e.g. a statement
    // that failed to prepare, stops counting then).
    bool foregroundWaiting() const;
    static constexpr int kStaleAfterMs = 50;
    // After the background writer committed: waits until the foreground connection's statement has
    // run (it took the lock), at most maxMs. False if it still waits then.
    bool letForegroundThrough(int maxMs) const;

private:
    std::atomic<qint64> m_lastWaitMs { -1 }; // the foreground's last poll (steady clock); -1: not waiting
};

} // namespace clerk::sql
