#include "RequestImport.h"

#include "Database.h"
#include "Meta.h"
#include "Requests.h"
#include "Schema.h"
#include "SearchIndex.h"
#include "Sql.h"
#include "Store.h"
#include "core/Logging.h"

#include <QElapsedTimer>
#include <QScopeGuard>

namespace clerk {

RequestImport::RequestImport(Database& db, Requests& requests, Meta& meta)
    : m_db(db)
    , m_requests(requests)
    , m_meta(meta)
{ }

bool RequestImport::running() const
{
    return m_db.bulkImportRunning();
}

Status RequestImport::healAfterInterruption()
{
    auto version = m_db.connection().scalar("PRAGMA user_version");
    if (!version)
        return version.error();
    if (version->toInt() < schema::latestVersion())
        return {}; // a test holding the schema back
    for (const char* ddl : schema::inboxIndexes())
        if (Status s = m_db.connection().exec(ddl); !s)
            return s;
    auto pending = m_meta.value(QStringLiteral("bulk_import_pending"));
    if (!pending)
        return pending.error();
    if (pending.value() == QLatin1String("1")) {
        qCWarning(lcStore) << "an interrupted bulk import left the search index incomplete; rebuilding it";
        return finish();
    }
    return {};
}

Status RequestImport::begin()
{
    if (!m_db.isOpen())
        return Database::lockedError();
    sql::Transaction tx(m_db.connection());
    if (!tx.ok())
        return tx.error();
    if (Status s = m_meta.set(QStringLiteral("bulk_import_pending"), QStringLiteral("1")); !s)
        return s;
    for (const char* name : schema::inboxIndexNames())
        if (Status s = m_db.connection().exec((QByteArray("DROP INDEX IF EXISTS ") + name).constData()); !s)
            return s;
    if (Status s = tx.commit(); !s)
        return s;
    m_db.setBulkImportRunning(true);
    return {};
}

Status RequestImport::write(const QList<Request>& requests)
{
    return m_requests.write(requests, false);
}

Status RequestImport::finish(SearchIndexing search)
{
    if (!m_db.isOpen())
        return Database::lockedError();
    QElapsedTimer t;
    t.start();
    qint64 indexesMs = 0, searchMs = 0, optimizeMs = 0, commitMs = 0;
    // Building the indexes goes faster with a larger page cache; back to the usual size however this ends.
    if (Status s = m_db.connection().setCacheSizeMb(Database::kBulkImportCacheMb); !s)
        qCWarning(lcStore) << "could not enlarge the cache for the bulk import:" << s.error().detail;
    const auto usualCache = qScopeGuard([this] {
        if (Status s = m_db.connection().setCacheSizeMb(Store::kConnectionCacheMb); !s)
            qCWarning(lcStore) << "could not shrink the cache after the bulk import:" << s.error().detail;
    });
    sql::Transaction tx(m_db.connection());
    if (!tx.ok())
        return tx.error();
    for (const char* ddl : schema::inboxIndexes())
        if (Status s = m_db.connection().exec(ddl); !s)
            return s;
    indexesMs = t.restart();
    SearchIndex index(m_db.connection());
    if (search == SearchIndexing::Later) {
        if (Status s = index.deferRebuild(); !s)
            return s;
    } else {
        if (Status s = index.rebuild(); !s)
            return s;
        searchMs = t.restart();
        // The rebuild leaves the index in many small segments; FTS5's automerge would then merge them
        // piecemeal during every later sync (measured on 1M rows: 2,000 changed rows took 1.5 s of index
        // work before, 0.2 s after one optimize, which itself takes ~7 s).
        if (Status s = index.optimize(); !s)
            return s;
        optimizeMs = t.restart();
    }
    if (Status s = m_meta.set(QStringLiteral("bulk_import_pending"), QStringLiteral("0")); !s)
        return s;
    if (Status s = tx.commit(); !s)
        return s;
    commitMs = t.restart();
    m_db.setBulkImportRunning(false);
    // Statistics from a sample of each index are as good for the planner here as a full scan.
    if (Status s = m_db.connection().exec("PRAGMA analysis_limit = 1000; ANALYZE; PRAGMA analysis_limit = 0"); !s)
        qCWarning(lcStore) << "analyzing the indexes after the bulk import failed:" << s.error().detail;
    qCInfo(lcStore).nospace().noquote() << "bulk import finished: indexes " << indexesMs << " ms, search index "
                                        << (search == SearchIndexing::Later ? "later"
                                                                            : QByteArray::number(searchMs) + " ms")
                                        << ", merged " << optimizeMs << " ms, committed " << commitMs
                                        << " ms, analyzed " << t.elapsed() << " ms";
    m_db.announceEverything(); // models reload
    return {};
}

Result<bool> RequestImport::indexSearchSlice(int rows)
{
    if (!m_db.isOpen())
        return Database::lockedError();
    if (!m_searchProgress) { // counted once per build (a count walks every row)
        m_searchProgress = searchIndexPending();
        if (!m_searchProgress)
            return false;
    }
    sql::Transaction tx(m_db.connection());
    if (!tx.ok())
        return tx.error();
    SearchIndex index(m_db.connection());
    auto slice = index.indexSlice(rows);
    if (!slice)
        return slice.error();
    if (Status s = tx.commit(); !s)
        return s.error();
    const qint64 total = m_searchProgress->total;
    m_searchProgress->indexed = qMin(total, m_searchProgress->indexed + slice->indexed);
    if (slice->done) {
        qCInfo(lcStore) << "search index complete";
        m_searchProgress.reset();
        m_db.announceSearchIndexProgress(total, total);
        return false;
    }
    m_db.announceSearchIndexProgress(qMin(m_searchProgress->indexed, total - 1), total); // done only when complete
    return true;
}

bool RequestImport::searchIndexBuilding() const
{
    if (!m_db.isOpen())
        return false;
    auto pending = m_meta.value(QString::fromLatin1(SearchIndex::kPendingKey));
    return pending && !pending->isEmpty();
}

std::optional<SearchIndexProgress> RequestImport::searchIndexPending()
{
    if (!m_db.isOpen())
        return std::nullopt;
    auto p = SearchIndex(m_db.connection()).pending();
    return p ? p.value() : std::nullopt;
}

} // namespace clerk
