#include "InboxSearch.h"

#include "core/store/SearchIndex.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"

namespace clerk::inbox {

Result<std::unique_ptr<SearchConnection>> SearchConnection::open(const Store& store)
{
    auto c = store.openWorkerConnection(kCacheMb);
    if (!c)
        return c.error();
    return std::unique_ptr<SearchConnection>(new SearchConnection(std::move(c.value())));
}

SearchConnection::SearchConnection(std::unique_ptr<sql::Connection> connection)
    : m_connection(std::move(connection))
{ }

SearchConnection::~SearchConnection() = default;

void SearchConnection::interrupt()
{
    m_connection->interrupt();
}

Result<SearchAnswer> SearchConnection::search(
    const QString& typed, int hitLimit, Filter filter, const Order& order, int rows)
{
    // (The reads of the list log and swallow their errors: a stop shows in the connection's flag.)
    // Never shown: the one who interrupted does not want the answer.
    const auto cancelled = [] { return Error { Error::Cancelled, {}, QStringLiteral("inbox search stopped") }; };
    // One hit beyond the limit tells whether there are more.
    auto hits = SearchIndex(*m_connection).search(typed, hitLimit + 1);
    if (!hits)
        return hits.error();
    if (m_connection->isInterrupted())
        return cancelled();
    SearchAnswer answer;
    answer.hits = hits.value();
    answer.more = answer.hits.size() > hitLimit;
    if (answer.more)
        answer.hits.resize(hitLimit);
    if (answer.hits.isEmpty())
        return answer;
    filter.searching = true;
    filter.hits = answer.hits;
    const InboxQuery query(*m_connection);
    answer.rows = query.page(filter, order, rows, 0);
    // A short first page is the whole list.
    answer.count = int(answer.rows.size()) < rows ? int(answer.rows.size()) : query.count(filter, true);
    if (m_connection->isInterrupted())
        return cancelled();
    return answer;
}

} // namespace clerk::inbox
