#include "InboxSearch.h"

#include "core/store/SearchIndex.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"

namespace clerk::inbox {

Result<std::unique_ptr<SearchConnection>> SearchConnection::open(const Store& store)
{
    auto c = store.openWorkerConnection();
    if (!c)
        return c.error();
    return std::unique_ptr<SearchConnection>(new SearchConnection(std::move(c.value())));
}

SearchConnection::SearchConnection(std::unique_ptr<sql::Connection> connection)
    : m_connection(std::move(connection))
{ }

SearchConnection::~SearchConnection() = default;

Result<SearchAnswer> SearchConnection::search(
    const QString& typed, int hitLimit, Filter filter, const Order& order, int rows)
{
    auto hits = SearchIndex(*m_connection).search(typed, hitLimit);
    if (!hits)
        return hits.error();
    SearchAnswer answer;
    answer.hits = hits.value();
    if (answer.hits.isEmpty())
        return answer;
    filter.searching = true;
    filter.hits = answer.hits;
    const InboxQuery query(*m_connection);
    answer.rows = query.page(filter, order, rows, 0);
    // A short first page is the whole list.
    answer.count = int(answer.rows.size()) < rows ? int(answer.rows.size()) : query.count(filter, true);
    return answer;
}

} // namespace clerk::inbox
