// The inbox's search off the GUI thread: a connection of its own to the store's file, on which a
// search finds its hits in the full-text index, counts them in the view and reads the first rows
// of the list, in one go. The models' InboxSearchRunner runs it on a worker thread, so that the
// window goes on drawing while the index is searched.
#pragma once

#include "core/Result.h"
#include "core/inbox/InboxQuery.h"

#include <QList>
#include <QString>
#include <memory>

namespace clerk {

class Store;

namespace sql {
class Connection;
}

namespace inbox {

// What a search finds in a view: its hits (request row ids, best first), how many of them the
// view holds, and the first rows of the list in the order asked for. `more`: the index holds more
// hits than the limit asked for (the list shows the first of them; the clerk should refine).
struct SearchAnswer
{
    QList<qint64> hits;
    QList<Row> rows;
    int count = 0;
    bool more = false;
};

// Used by one thread at a time; it holds the store's key until destroyed.
class SearchConnection
{
public:
    // Its page cache: the search index's pages the hits come from. 4 MiB, not 16: a search-only
    // week at scale 0.2 held 6.3-6.8 MiB in all connections' caches after each day (14.8-19.2
    // with 16), the window 91 MiB (98-104); a search's time stayed (bench inbox, 1,000,000
    // requests: keystroke to results median 6.0 ms against 6.8; bench week: median 25-29 ms).
    static constexpr int kCacheMb = 4;
    static Result<std::unique_ptr<SearchConnection>> open(const Store& store);
    ~SearchConnection();
    // The words `typed` (at most `hitLimit` hits) in the view of `filter`, and the first `rows`
    // rows of the list in `order`. The filter's own search hits are ignored. Error::Cancelled
    // after interrupt().
    Result<SearchAnswer> search(const QString& typed, int hitLimit, Filter filter, const Order& order, int rows);
    // From any thread while this object lives (its owner interrupts, waits, then destroys it): the
    // running search stops at once, and every later one, with Error::Cancelled.
    void interrupt();

private:
    explicit SearchConnection(std::unique_ptr<sql::Connection> connection);
    std::unique_ptr<sql::Connection> m_connection;
};

} // namespace inbox
} // namespace clerk
