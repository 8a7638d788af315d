// A job that works on the clerk's store, on a Store of its own (StoreAccess): a cancel also
// interrupts the statement that store runs, so that a lock waits for no long statement.
#pragma once

#include "Job.h"
#include "StoreAccess.h"

namespace clerk {

class StoreJob : public Job
{
public:
    StoreJob(QString title, const Store& store)
        : Job(std::move(title))
        , m_access(store)
    { }

protected:
    // In run(), on the worker: open() once, for the whole run.
    StoreAccess& access() { return m_access; }
    void interruptWork() override { m_access.interrupt(); }

private:
    StoreAccess m_access;
};

} // namespace clerk
