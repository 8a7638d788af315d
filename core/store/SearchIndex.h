// Full-text search over reference, applicant, form values, notes and document text (FTS5 inside
// the encrypted database). German spelling variants find each other: case and diacritics are
// folded, ß = ss, and ä/ae, ö/oe, ü/ue are treated alike, in the index and in the query.
#pragma once
#include "core/Result.h"
#include "core/store/RequestImport.h"
#include "core/store/StoreInternal.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace clerk::sql {
class Connection;
}

namespace clerk {

class SearchIndex
{
public:
    explicit SearchIndex(sql::Connection& conn);

    // The folded form that is indexed and searched.
    static QString fold(const QString& text);
    // The same, and for each folded character the index of the character of `text` it came from
    // (ui/Highlight maps a hit in the folded text back to the letters the clerk sees).
    static QString fold(const QString& text, QList<qsizetype>* origin);
    // An FTS5 query from what the clerk typed: every word must match, the last as a prefix
    // unless a space follows it.
    static QString matchExpression(const QString& typed);
    // The folded words of what the clerk typed, for highlighting.
    static QStringList terms(const QString& typed);

    // Rebuilds the index row of one request from its tables. A request the index has not reached
    // yet (see indexSlice) is left to it.
    Status reindex(qint64 rid);
    Status remove(qint64 rid);
    // Re-creates the whole index (after a bulk import, or to repair).
    Status rebuild();
    // Merges the index into one segment (after a rebuild; takes ~7 s on 1M requests).
    Status optimize();

    // After a first sync the index is built in slices, behind the inbox: deferRebuild() empties
    // it and marks every request as not yet indexed; each indexSlice() indexes the next `rows`
    // requests in rowid order (in the caller's transaction); once all are in, each call merges a
    // bounded part of the index (a single 'optimize' took ~7 s on 1M requests: a clerk's write
    // would wait that long), and the call that finds nothing left to merge clears the mark. Until
    // then search finds the requests indexed so far. The mark is in the database, so an
    // interrupted build continues where it stopped, and every connection sees it.
    Status deferRebuild();
    // The meta key holding the highest rowid indexed while a deferred build runs.
    static constexpr char kPendingKey[] = "search_pending_after";
    struct Slice
    {
        int indexed = 0; // requests indexed by this call
        bool done = false; // the build is complete (or there was none)
    };
    Result<Slice> indexSlice(int rows);
    // Requests indexed and requests in all, while a deferred build runs; nullopt when complete.
    using Progress = SearchIndexProgress;
    Result<std::optional<Progress>> pending();

    // Request rowids, best first (bm25). A word with `window` or more matches is not ranked at
    // all: its newest matches come first, so that a common word never ranks the whole table.
    Result<QList<qint64>> search(const QString& typed, int limit = 50, int window = 1000);

private:
    qint64 pendingAfter();

    sql::Connection& m_conn;
    std::optional<qint64> m_pendingAfter; // read once per instance (one transaction)
};

} // namespace clerk
