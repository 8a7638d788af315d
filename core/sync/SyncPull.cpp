// SyncSession's pull: the changes feed into the store, page by page, each page requested from
// the answer of the one before.
#include "SyncPull.h"

#include "core/Logging.h"
#include "core/domain/Json.h"
#include "core/store/ArchivingRecords.h"
#include "core/store/DocumentCache.h"

#include <QJsonArray>
#include <QUrlQuery>
#include <cstring>
#include <utility>

namespace clerk {

namespace {
constexpr int kBulkItemsPerCommit = 10000;
// Between two slices of a page the window may write (SyncSession::letTheWindowWrite): 25 changed
// requests of a 1,000,000-request store took up to 70 ms to write in ./dev bench week's pulls.
constexpr qsizetype kRequestsPerSlice = 25;

using PageHead = SyncSession::PageHead;

PageHead headOf(const QJsonObject& page)
{
    return { page.value(QLatin1String("cursor")).toString(), page.value(QLatin1String("fingerprint")).toString(),
        page.value(QLatin1String("more")).toBool() };
}

} // namespace

// The head of a changes page without decoding its items: a scan over the top-level object that
// skips nested values by their brackets, allocating nothing for them. The next page is requested
// with the cursor at once, and the full parse runs on the helper thread, which checks the head
// against it. Anything unusual (an escaped key or value, a body that is not one object) gives
// nullopt: the page is then parsed on the sync thread as before.

std::optional<SyncSession::PageHead> SyncSession::scanPageHead(const QByteArray& body)
{
    const char* p = body.constData();
    const char* const end = p + body.size();
    auto space = [&p, end] {
        while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
            ++p;
    };
    auto plainString = [&p, end](QByteArray* out) { // without escapes; false on one
        if (p >= end || *p != '"')
            return false;
        const char* start = ++p;
        while (p < end && *p != '"') {
            if (*p == '\\')
                return false;
            ++p;
        }
        if (p >= end)
            return false;
        *out = QByteArray(start, p - start);
        ++p;
        return true;
    };
    auto skipString = [&p, end] { // at the opening quote
        for (++p; p < end; ++p) {
            if (*p == '\\')
                ++p;
            else if (*p == '"') {
                ++p;
                return true;
            }
        }
        return false;
    };
    auto skipValue = [&] {
        if (p >= end)
            return false;
        if (*p == '"')
            return skipString();
        if (*p == '{' || *p == '[') {
            int depth = 0;
            while (p < end) {
                const char c = *p;
                if (c == '"') {
                    if (!skipString())
                        return false;
                    continue;
                }
                if (c == '{' || c == '[') {
                    ++depth;
                } else if (c == '}' || c == ']') {
                    if (--depth == 0) {
                        ++p;
                        return true;
                    }
                }
                ++p;
            }
            return false;
        }
        while (p < end && *p != ',' && *p != '}' && *p != ' ' && *p != '\n' && *p != '\r' && *p != '\t')
            ++p;
        return true;
    };
    space();
    if (p >= end || *p != '{')
        return std::nullopt;
    ++p;
    PageHead head;
    space();
    if (p < end && *p == '}')
        return head;
    while (true) {
        space();
        QByteArray key;
        if (!plainString(&key))
            return std::nullopt;
        space();
        if (p >= end || *p != ':')
            return std::nullopt;
        ++p;
        space();
        if ((key == "cursor" || key == "fingerprint") && p < end && *p == '"') {
            QByteArray value;
            if (!plainString(&value))
                return std::nullopt;
            (key == "cursor" ? head.cursor : head.fingerprint) = QString::fromUtf8(value);
        } else {
            if (key == "cursor" || key == "fingerprint")
                (key == "cursor" ? head.cursor : head.fingerprint).clear(); // not a string: as toString()
            if (key == "more")
                head.more = end - p >= 4 && std::memcmp(p, "true", 4) == 0;
            if (!skipValue())
                return std::nullopt;
        }
        space();
        if (p >= end)
            return std::nullopt;
        if (*p == ',') {
            ++p;
            continue;
        }
        if (*p != '}')
            return std::nullopt;
        ++p;
        break;
    }
    space();
    if (p != end)
        return std::nullopt;
    return head;
}

// Items of one page decoded into domain values. Runs on a helper thread while the page before is
// written: it touches no store and no shared state.
DecodedPage SyncSession::decodeItems(const QJsonArray& items)
{
    DecodedPage page;
    page.items = int(items.size());
    for (const QJsonValue& v : items) {
        const QJsonObject item = v.toObject();
        const QString kind = item.value(QLatin1String("kind")).toString();
        const QJsonObject data = item.value(QLatin1String("data")).toObject();
        if (item.value(QLatin1String("op")).toString() == QLatin1String("delete") || data.isEmpty())
            continue; // the server never deletes a clerk's data by feed; revocations arrive as upserts elsewhere
        // Into its list, or the page's error (and nothing of the page is written).
        auto take = [&page](auto decoded, auto& into) {
            if (!decoded) {
                page.error = decoded.error();
                return false;
            }
            into << decoded.value();
            return true;
        };
        bool ok = true;
        if (kind == QLatin1String("request"))
            ok = take(json::decodeRequest(data), page.requests);
        else if (kind == QLatin1String("document"))
            ok = take(json::decodeDocument(data), page.documents);
        else if (kind == QLatin1String("note"))
            ok = take(json::decodeNote(data), page.notes);
        else if (kind == QLatin1String("annotation"))
            ok = take(json::decodeAnnotation(data), page.annotations);
        else if (kind == QLatin1String("timeline"))
            ok = take(json::decodeTimelineEntry(data), page.timeline);
        else if (kind == QLatin1String("archiving"))
            ok = take(archiving::decode(data), page.archiving);
        if (!ok)
            break;
    }
    return page;
}

// Three pages at once: while page N is written to the store, page N+1 is parsed and decoded on a
// helper thread and the server prepares page N+2 (a page's cursor is read from its head before it
// is parsed, see scanPageHead). A failure drops what is in flight; the stored cursor still points
// at the first page not applied.
Status SyncSession::startPull()
{
    m_pull = std::make_unique<PullState>();
    PullState& p = *m_pull;
    auto storedCursor = m_store.meta().value(QStringLiteral("cursor")); // the first page not applied yet
    if (!storedCursor)
        return storedCursor.error();
    p.cursor = storedCursor.value();
    p.from = p.cursor;
    auto storedFingerprint = m_store.meta().value(QStringLiteral("fingerprint"));
    if (!storedFingerprint)
        return storedFingerprint.error();
    p.knownFingerprint = storedFingerprint.value();
    if (p.cursor.isEmpty()) {
        auto none = m_store.requests().noneHeld();
        if (!none)
            return none.error();
        p.bulk = none.value();
    }
    p.phase.start();
    requestPage(p.from);
    return {};
}

void SyncSession::requestPage(const QString& from)
{
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("limit"), QString::number(m_pageSize));
    if (!from.isEmpty())
        q.addQueryItem(QStringLiteral("cursor"), from);
    m_pull->waiting.start();
    m_client.getBody(QStringLiteral("/v1/changes?") + q.toString(QUrl::FullyEncoded),
        live([this](Result<QByteArray> body) { pageArrived(std::move(body)); }));
}

void SyncSession::pageArrived(Result<QByteArray> body)
{
    PullState& p = *m_pull;
    p.waitNs += p.waiting.nsecsElapsed();
    auto fail = [this](Status s) { continueWith(std::move(s)); };
    if (!body) {
        fail(body.error());
        return;
    }
    std::optional<QJsonObject> parsedHere;
    std::optional<PageHead> head = scanPageHead(body.value());
    if (!head) {
        auto page = BackendClient::parseObject(body.value(), QStringLiteral("/v1/changes"));
        if (!page) {
            fail(page.error());
            return;
        }
        head = headOf(page.value());
        parsedHere = page.value();
    }
    const QString fingerprint = head->fingerprint;
    if (!p.knownFingerprint.isEmpty() && fingerprint != p.knownFingerprint && !p.from.isEmpty()) {
        // The server was restored from a backup: start over from nothing. Unsent local work stays
        // in the outbox; nothing is deleted here.
        if (p.pending)
            if (Status s = writePending(); !s) {
                fail(s);
                return;
            }
        qCWarning(lcSync) << "server fingerprint changed: full resync";
        if (Status s = m_store.setMeta(QStringLiteral("cursor"), QString()); !s) {
            fail(s);
            return;
        }
        if (Status s = m_store.setMeta(QStringLiteral("fingerprint"), fingerprint); !s) {
            fail(s);
            return;
        }
        m_report.fullResync = true;
        p.cursor.clear();
        p.from.clear();
        requestPage(p.from);
        return;
    }
    const QString next = head->cursor;
    const bool more = head->more;
    if (more) {
        p.from = next;
        requestPage(p.from); // on its way while this page is decoded and the one before written
    }
    if (p.bulk && !p.bulkStarted) {
        if (Status s = m_store.beginBulkImport(); !s) {
            fail(s);
            return;
        }
        p.bulkStarted = true;
    }
    auto decode = [bytes = std::move(body.value()), parsed = std::move(parsedHere), expected = *head]() {
        QElapsedTimer t;
        t.start();
        QJsonObject page;
        if (parsed) {
            page = *parsed;
        } else {
            auto full = BackendClient::parseObject(bytes, QStringLiteral("/v1/changes"));
            if (!full || headOf(full.value()) != expected) {
                DecodedPage failed;
                failed.error = full ? Error { Error::Invalid,
                    BackendClient::tr("The city backend sent an answer ClerkDesk cannot read. "
                                      "It will try again."),
                    QStringLiteral("/v1/changes: the page's head was misread") }
                                    : full.error();
                return failed;
            }
            page = full.value();
        }
        DecodedPage decoded = decodeItems(page.value(QLatin1String("items")).toArray());
        decoded.decodeNs = t.nsecsElapsed();
        return decoded;
    };
    PullState::Pending decoding { std::async(std::launch::async, std::move(decode)), next, fingerprint, !more };
    if (p.pending)
        if (Status s = writePending(); !s) {
            fail(s);
            return;
        }
    p.pending = std::move(decoding);
    p.waiting.restart(); // what comes now is waiting for the next page
    if (!more) {
        if (Status s = writePending(); !s) {
            fail(s);
            return;
        }
        continueWith(endPull());
    }
}

Status SyncSession::writePending()
{
    PullState& p = *m_pull;
    PullState::Pending pending = std::move(*p.pending);
    p.pending.reset();
    p.phase.restart();
    const DecodedPage page = pending.decoded.get();
    p.waitNs += p.phase.nsecsElapsed(); // (only when decoding is slower than writing)
    p.decodeNs += page.decodeNs;
    if (page.error)
        return page.error;
    p.phase.restart();
    if (!p.tx) {
        p.tx.emplace(storeConnection(m_store));
        if (!p.tx->ok())
            return p.tx->error();
    }
    if (Status s = writeItems(page, p.bulk); !s)
        return s;
    for (const ArchivingState& a : page.archiving)
        p.archived = p.archived || a.state == QLatin1String(archiving::kArchived);
    p.cursor = pending.cursor;
    if (Status s = m_store.setMeta(QStringLiteral("cursor"), p.cursor); !s)
        return s;
    if (Status s = m_store.setMeta(QStringLiteral("fingerprint"), pending.fingerprint); !s)
        return s;
    p.storeNs += p.phase.nsecsElapsed();
    p.uncommitted += page.items;
    // A first sync commits every few pages: each commit writes every page it touched, and the
    // random ids spread one page's requests over most of the id index. Items and cursor still
    // commit together; a sync cut off repeats at most those pages.
    if (!p.bulk || pending.last || p.uncommitted >= kBulkItemsPerCommit) {
        p.phase.restart();
        if (Status s = p.tx->commit(); !s)
            return s;
        p.tx.reset();
        p.uncommitted = 0;
        p.commitNs += p.phase.nsecsElapsed();
    }
    p.pulled += page.items;
    m_report.pulled = p.pulled;
    if (m_progress)
        m_progress(m_report.pushed, p.pulled);
    return {};
}

Status SyncSession::endPull()
{
    PullState& p = *m_pull;
    if (p.bulkStarted) {
        p.phase.restart();
        if (Status s = m_store.finishBulkImport(m_searchIndexing); !s)
            return s;
        p.indexNs = p.phase.nsecsElapsed();
    }
    const QString timing = QStringLiteral("pulled %1%2: waiting %3 ms, parsing and decoding %4 ms (beside the writes), "
                                          "storing %5 ms, committing %6 ms, indexing %7 ms; "
                                          "let the window write %8 times")
                               .arg(p.pulled)
                               .arg(p.bulkStarted ? QStringLiteral(" (first sync)") : QString())
                               .arg(p.waitNs / 1000000)
                               .arg(p.decodeNs / 1000000)
                               .arg(p.storeNs / 1000000)
                               .arg(p.commitNs / 1000000)
                               .arg(p.indexNs / 1000000)
                               .arg(p.windowTurns);
    if (p.bulkStarted || p.pulled >= 1000)
        qCInfo(lcSync).noquote() << timing;
    else
        qCDebug(lcSync).noquote() << timing; // every tick: not worth a line in the log
    m_report.pulled = p.pulled;
    const bool archived = p.archived;
    m_pull.reset();
    if (archived)
        purgeArchived();
    return {};
}

Status SyncSession::writeItems(const DecodedPage& page, bool bulk)
{
    if (bulk) {
        if (Status s = m_store.bulkImport(page.requests); !s)
            return s;
    } else {
        for (qsizetype i = 0; i < page.requests.size(); i += kRequestsPerSlice) {
            if (Status s = m_store.upsertRequests(page.requests.mid(i, kRequestsPerSlice)); !s)
                return s;
            if (Status s = letTheWindowWrite(); !s)
                return s;
        }
    }
    if (!page.documents.isEmpty())
        if (Status s = DocumentCache(m_store, m_store.clock()).upsertDocuments(page.documents); !s)
            return s;
    if (!page.notes.isEmpty())
        if (Status s = m_store.upsertNotes(page.notes); !s)
            return s;
    if (!page.annotations.isEmpty())
        if (Status s = m_store.upsertAnnotations(page.annotations); !s)
            return s;
    // After the page's requests (also in a first sync's bulk import: the entries need no index
    // that the import drops, and the unique server id keeps a page pulled again from adding any).
    if (!page.timeline.isEmpty())
        if (Status s = m_store.mergeTimeline(page.timeline); !s)
            return s;
    // Where requests stand in an Aussonderung; one the archive took over leaves the cache when the
    // pull has ended (SyncSession::purgeArchived), not inside the page.
    if (!page.archiving.isEmpty())
        if (Status s = ArchivingRecords(m_store).upsert(page.archiving); !s)
            return s;
    return {};
}

Status SyncSession::letTheWindowWrite()
{
    // A page of a large store takes seconds to write (every changed row's indexes and search
    // entries are pages read, decrypted and written); a clerk's click waits for no more than a
    // slice of it. What is written so far commits without the page's cursor: a sync cut off now
    // pulls the page again, and writing it again changes nothing (versions, unique server ids).
    PullState& p = *m_pull;
    sql::Connection& c = storeConnection(m_store);
    if (!p.tx || !c.foregroundWaiting())
        return {};
    if (Status s = p.tx->commit(); !s)
        return s;
    p.tx.reset();
    ++p.windowTurns;
    if (!c.letForegroundThrough())
        qCDebug(lcSync) << "the window still waits for the store after" << sql::WriteTurns::kLetThroughMs << "ms";
    p.tx.emplace(c);
    return p.tx->ok() ? Status {} : Status { p.tx->error() };
}

} // namespace clerk
