// WAL checkpoints of a store on a thread of their own. SQLite's automatic checkpoint runs inside
// the commit that makes the WAL cross its threshold: the GUI's, or an e-file import's, which then
// waits while the WAL is copied into the database file and synced (3.3 s after a 524 MB import).
// With a Checkpointer, commits only append to the WAL and wake this thread, which copies with its
// own connection (PASSIVE: it never blocks a reader or writer, and what it cannot copy yet it
// copies after the next commit).
#pragma once
#include "core/Result.h"
#include "core/store/StoreInternal.h"

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace clerk::sql {

class Connection;

class Checkpointer
{
public:
    // As SQLite's automatic checkpoint: 8,192 pages of 4 KiB (32 MiB).
    static constexpr int kPages = 8192;

    // Hooks `writer`'s commits; `open` makes this thread's own connection to the same file, on
    // this thread (deriving a key from a passphrase takes a few hundred ms, which start-up does
    // not wait for). If it fails, the commits checkpoint themselves as SQLite would.
    using Opener = std::function<Result<std::unique_ptr<Connection>>()>;
    Checkpointer(Connection& writer, Opener open);
    // Unhooks `writer` (which must still be open) and waits for a checkpoint in progress.
    ~Checkpointer();
    Checkpointer(const Checkpointer&) = delete;
    Checkpointer& operator=(const Checkpointer&) = delete;

    // Checkpoints run so far; and whether one is asked for or running (for tests).
    int checkpoints() const;
    bool busy() const;

private:
    void run();

    Connection& m_writer;
    Opener m_open;
    std::unique_ptr<Connection> m_own;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_wanted = false;
    bool m_running = false;
    bool m_stopping = false;
    bool m_noConnection = false;
    int m_done = 0;
    std::thread m_thread;
};

} // namespace clerk::sql
