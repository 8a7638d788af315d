// Every count of the inbox's sidebar (the built-in views and the service, status and channel
// facets) from one pass over the requests. One pass over a million requests takes most of a second
// (0.7 s in bench week): the models' SidebarCounts runs it on a worker connection off the GUI thread.
#pragma once

#include "core/Result.h"
#include "core/inbox/InboxView.h"

#include <QDate>
#include <QList>
#include <QPair>
#include <memory>

namespace clerk {

class Store;

namespace sql {
class Connection;
}

namespace inbox {

using Counts = QList<QPair<ViewSpec, int>>;

// The counts as of `today` for `clerk` ("mine"), keyed by view. Saved searches are not included.
// A read that fails during the pass is an error (Cancelled when interrupted): no partial totals.
Result<Counts> countAll(sql::Connection& connection, const QString& clerk, const QDate& today);
// The highest row id of the requests: how large the store is (a cheap look at the primary key).
qint64 largestRowId(sql::Connection& connection);

// A connection of its own for the counting pass, so that it runs off the GUI thread, with a small page
// cache (kCacheMb). Used by one thread at a time; it holds the store's key until destroyed.
class CountingConnection
{
public:
    static constexpr int kCacheMb = 2; // one sequential pass, which a page cache does not help
    static Result<std::unique_ptr<CountingConnection>> open(const Store& store);
    ~CountingConnection();
    Result<Counts> countAll(const QString& clerk, const QDate& today);
    // How many requests the search `typed` finds (at most `limit`; a saved search's count).
    Result<int> searchHits(const QString& typed, int limit);
    // From any thread while this object lives (as SearchConnection::interrupt): the running pass
    // stops, and every later one; isInterrupted() says that its counts are not to be used.
    void interrupt();
    bool isInterrupted() const;

private:
    explicit CountingConnection(std::unique_ptr<sql::Connection> connection);
    std::unique_ptr<sql::Connection> m_connection;
};

} // namespace inbox
} // namespace clerk
