// How a job reaches the clerk's store from its worker thread: the file and its raw key, taken on
// the GUI thread from the unlocked store, and open() for a Store of the job's own (a connection of
// its own, created, used and closed on the worker). The key copy is wiped when this goes.
//
// interrupt() (any thread; Job::cancel() calls it) stops the statement the job's store runs and
// every later one (Error::Cancelled), so that a lock waits for no long statement of a job: the
// job then ends at once, its transaction rolled back. The opened store is closed only after it
// left this object's reach (under the same mutex): SQLite allows sqlite3_interrupt only on an
// open connection.
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QString>
#include <memory>
#include <mutex>

namespace clerk {

class Store;

class StoreAccess
{
public:
    explicit StoreAccess(const Store& unlocked);
    ~StoreAccess();
    StoreAccess(const StoreAccess&) = delete;
    StoreAccess& operator=(const StoreAccess&) = delete;

    // Closes the opened store once interrupt() cannot reach it any more.
    struct Closer
    {
        StoreAccess* access = nullptr;
        void operator()(Store* store) const;
    };
    using Opened = std::unique_ptr<Store, Closer>;

    // On the worker thread, once; the Opened store goes before this object does. Error::Cancelled
    // after interrupt().
    Result<Opened> open();
    // Any thread.
    void interrupt();

private:
    QString m_path;
    QByteArray m_rawKey;
    std::mutex m_mutex; // guards the two below
    Store* m_open = nullptr;
    bool m_interrupted = false;
};

} // namespace clerk
