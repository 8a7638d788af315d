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
    // A foreground connection polls for the lock this often while it waits (others every 5 ms).
    static constexpr int kForegroundPollMs = 2;

    static std::shared_ptr<WriteTurns> forFile(const QString& path);

    // The foreground connection's busy handler: it waits for the lock ...
    void foregroundWaits() { m_foregroundWaiting.store(true, std::memory_order_relaxed); }
    // ... and its statement has run (or given up): called after each of its statements.
    void foregroundDone()
    {
        if (m_foregroundWaiting.load(std::memory_order_relaxed))
            m_foregroundWaiting.store(false, std::memory_order_relaxed);
    }
    bool foregroundWaiting() const { return m_foregroundWaiting.load(std::memory_order_relaxed); }
    // After the background writer committed: waits until the foreground connection's statement has
    // run (it took the lock), at most maxMs. False if it still waits then.
    bool letForegroundThrough(int maxMs) const;

private:
    std::atomic<bool> m_foregroundWaiting { false };
};

} // namespace clerk::sql
