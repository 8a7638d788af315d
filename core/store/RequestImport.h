// The first sync: many requests into an empty cache. begin() drops the inbox indexes, write()
// writes batches without indexing, finish() builds indexes and the search index in one go. A crash
// in between is healed at the next unlock (healAfterInterruption). With SearchIndexing::Later the
// finish builds only the inbox's indexes: the inbox is ready at once, and the search index is built
// afterwards by indexSearchSlice() (the sync thread does that between its passes); until then
// search finds the requests indexed so far.
#pragma once

#include "core/Result.h"
#include "core/domain/Domain.h"

#include <QList>
#include <optional>

namespace clerk {

class Database;
class Meta;
class Requests;

// While the search index is being built: requests indexed so far and in all.
struct SearchIndexProgress
{
    qint64 indexed = 0;
    qint64 total = 0;
};

class RequestImport
{
public:
    RequestImport(Database& db, Requests& requests, Meta& meta);

    enum class SearchIndexing { Now, Later };
    Status begin();
    Status write(const QList<Request>& requests);
    Status finish(SearchIndexing search = SearchIndexing::Now);
    // Between begin() and finish(): notes and documents skip the search index too.
    bool running() const;
    // At unlock: the inbox indexes exist, and an import cut off in between is finished.
    Status healAfterInterruption();

    // One step of the search index build in one transaction: the next `rows` requests, or a
    // bounded merge once all are in. True while steps remain; false when the index is complete
    // (nothing was pending, or this call finished it).
    Result<bool> indexSearchSlice(int rows);
    // While the search index is being built: requests indexed so far and in all.
    std::optional<SearchIndexProgress> searchIndexPending();
    // Cheap: whether a deferred build is under way (no counting).
    bool searchIndexBuilding() const;
    // The store was locked: a build's count is taken again after the next unlock.
    void forgetProgress() { m_searchProgress.reset(); }

private:
    Database& m_db;
    Requests& m_requests;
    Meta& m_meta;
    std::optional<SearchIndexProgress> m_searchProgress; // of the deferred build run through this store
};

} // namespace clerk
