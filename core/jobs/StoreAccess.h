// How a job reaches the clerk's store from its worker thread: the file and its raw key, taken on
// the GUI thread from the unlocked store, and open() for a Store of the job's own (a connection of
// its own, created, used and closed on the worker). The key copy is wiped when this goes.
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QString>
#include <memory>

namespace clerk {

class Store;

class StoreAccess
{
public:
    explicit StoreAccess(const Store& unlocked);
    ~StoreAccess();
    StoreAccess(const StoreAccess&) = delete;
    StoreAccess& operator=(const StoreAccess&) = delete;

    // On the worker thread.
    Result<std::unique_ptr<Store>> open() const;

private:
    QString m_path;
    QByteArray m_rawKey;
};

} // namespace clerk
