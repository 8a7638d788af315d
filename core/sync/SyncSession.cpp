#include "SyncSession.h"

#include "core/Logging.h"
#include "core/domain/Json.h"
#include "core/domain/Refusal.h"
#include "core/pdf/PdfText.h"
#include "core/store/DatabaseAccess.h"
#include "core/store/DocumentCache.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QNetworkReply>
#include <QScopeGuard>
#include <QUrlQuery>
#include <cstring>
#include <future>
#include <optional>
#include <utility>

namespace clerk {

namespace {
constexpr int kBulkItemsPerCommit = 10000;

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

namespace {

// Writes downloaded bytes into the document cache in chunks, so a large file never sits whole in memory.
class ChunkSink : public QIODevice
{
public:
    ChunkSink(DocumentCache& cache, QString id)
        : m_cache(cache)
        , m_id(std::move(id))
    {
        open(WriteOnly);
    }
    ~ChunkSink() override
    {
        if (Status s = flushChunks(true); !s)
            qCWarning(lcSync) << "the last downloaded bytes of" << m_id << "were not kept:" << s.error().detail;
    }
    Status flushChunks(bool all)
    {
        while (m_buffer.size() >= DocumentCache::kChunkSize || (all && !m_buffer.isEmpty())) {
            const QByteArray piece = m_buffer.left(DocumentCache::kChunkSize);
            if (Status s = m_cache.appendContent(m_id, piece); !s) {
                m_error = s;
                m_buffer.clear();
                return s;
            }
            m_buffer.remove(0, piece.size());
        }
        return {};
    }
    Status error() const { return m_error; }

protected:
    qint64 readData(char*, qint64) override { return -1; }
    qint64 writeData(const char* data, qint64 n) override
    {
        m_buffer.append(data, n);
        return flushChunks(false) ? n : -1;
    }

private:
    DocumentCache& m_cache;
    QString m_id;
    QByteArray m_buffer;
    Status m_error;
};
} // namespace

SyncSession::SyncSession(Store& store, const QUrl& backend, const QString& caBundle)
    : m_store(store)
    , m_client(backend, caBundle)
{ }

Status SyncSession::signIn(const QString& login, const QString& password)
{
    auto r = m_client.postJson(QStringLiteral("/v1/auth/token"),
        { { QStringLiteral("login"), login }, { QStringLiteral("password"), password } });
    if (!r) {
        if (r.error().code == Error::Unauthorized)
            return Error { Error::Unauthorized, tr("Wrong login or password."), r.error().detail };
        return r.error();
    }
    m_client.setToken(r->value(QLatin1String("token")).toString().toLatin1());
    m_clerk = r->value(QLatin1String("clerk")).toObject();
    // The token stays in the encrypted store, so that unlocking does not mean signing in again.
    for (const auto& [key, value] : { std::pair { QStringLiteral("token"), QString::fromLatin1(m_client.token()) },
             std::pair { QStringLiteral("clerk_login"), m_clerk.value(QLatin1String("login")).toString() },
             std::pair { QStringLiteral("clerk_name"), m_clerk.value(QLatin1String("name")).toString() } })
        if (Status s = m_store.setMeta(key, value); !s)
            return s.error();
    return {};
}

Result<SyncReport> SyncSession::syncOnce()
{
    SyncReport report;
    if (!signedIn())
        return Error { Error::Unauthorized, tr("Please sign in to sync."), {} };
    // Services first: the inbox needs their names and workflows.
    auto services = m_client.getJson(QStringLiteral("/v1/services"));
    if (!services)
        return services.error();
    QList<Service> list;
    for (const QJsonValue& v : services->value(QLatin1String("services")).toArray())
        if (auto s = json::decodeService(v.toObject()))
            list << s.value();
    if (Status s = m_store.upsertServices(list); !s)
        return s.error();
    m_pushedThisPass = 0;
    auto pushed = push();
    if (!pushed)
        return pushed.error();
    report.pushed = pushed.value();
    if (auto pulled = pull(&report); !pulled)
        return pulled.error();
    report.at = m_store.clock().now();
    if (Status s = m_store.setMeta(QStringLiteral("last_sync"), report.at.toUTC().toString(Qt::ISODate)); !s)
        qCWarning(lcSync) << "could not record the time of this sync:" << s.error().detail;
    return report;
}

Result<int> SyncSession::push()
{
    int sent = 0;
    while (true) {
        // Read by state through the outbox's index: however many changes were answered before,
        // the next unsent ones are found at once.
        auto unsent = m_store.outboxPart(Store::OutboxPart::Unsent, kPushBatch);
        if (!unsent)
            return unsent.error();
        const QList<Mutation>& batch = unsent.value();
        if (batch.isEmpty())
            return sent;
        if (Status s = m_store.markSent(batch); !s)
            return s.error();
        QJsonArray list;
        for (const Mutation& m : batch)
            list.append(json::encode(m));
        auto reply = m_client.postJson(QStringLiteral("/v1/mutations"), { { QStringLiteral("mutations"), list } });
        if (!reply) {
            QStringList ids;
            for (const Mutation& m : batch)
                ids << m.mutationId;
            if (Status s = m_store.noteSendFailure(ids, reply.error().message); !s)
                qCWarning(lcSync) << "could not note the failed send:" << s.error().detail;
            return reply.error();
        }
        const QJsonArray results = reply->value(QLatin1String("results")).toArray();
        if (results.size() != batch.size())
            return Error { Error::Invalid,
                tr("The city backend answered a different number of changes than were sent."), {} };
        QList<Store::Answer> answers;
        answers.reserve(batch.size());
        for (int i = 0; i < results.size(); ++i) {
            const QJsonObject r = results.at(i).toObject();
            const Mutation& m = batch.at(i);
            if (r.value(QLatin1String("mutation_id")).toString() != m.mutationId)
                return Error { Error::Invalid, tr("The city backend answered for a different change."), m.mutationId };
            Store::Answer a;
            a.mutationId = m.mutationId;
            a.kind = m.kind;
            a.targetId = m.targetId;
            const QString status = r.value(QLatin1String("status")).toString();
            if (status == QLatin1String("applied")) {
                a.state = Mutation::State::Applied;
                a.version = r.value(QLatin1String("version")).toInteger();
            } else if (status == QLatin1String("conflict")) {
                a.state = Mutation::State::Conflict;
                // Worded when shown (models/RefusalNames); an older server sends no code.
                a.error = Refusal { QStringLiteral("version_changed"), r.value(QLatin1String("params")).toObject(),
                    r.value(QLatin1String("detail")).toString().left(500) }
                              .encode();
                a.serverState = r.value(QLatin1String("entity")).toObject();
            } else {
                a.state = Mutation::State::Rejected;
                // The code and its parameters, worded in the clerk's language when shown
                // (models/RefusalNames); the server's English detail only where they cannot be.
                a.error = Refusal { r.value(QLatin1String("reason")).toString().left(80),
                    r.value(QLatin1String("params")).toObject(), r.value(QLatin1String("detail")).toString().left(500) }
                              .encode();
                a.serverState = r.value(QLatin1String("entity")).toObject();
            }
            answers << a;
        }
        // The answers of one batch in one transaction: a crash before it resends the batch, and
        // the server repeats its first answers.
        if (Status s = m_store.recordAnswers(answers); !s)
            return s.error();
        sent += int(answers.size());
        m_pushedThisPass = sent;
        if (m_progress)
            m_progress(sent, 0);
    }
}

// Items of one page decoded into domain values. Runs on a helper thread while the page before is
// written: it touches no store and no shared state.
SyncSession::DecodedPage SyncSession::decodeItems(const QJsonArray& items)
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
        if (!ok)
            break;
    }
    return page;
}

Result<int> SyncSession::pull(SyncReport* report)
{
    int pulled = 0;
    auto storedCursor = m_store.meta().value(QStringLiteral("cursor")); // the first page not applied yet
    if (!storedCursor)
        return storedCursor.error();
    QString cursor = storedCursor.value();
    QString from = cursor; // where the page awaited was asked from
    auto storedFingerprint = m_store.meta().value(QStringLiteral("fingerprint"));
    if (!storedFingerprint)
        return storedFingerprint.error();
    const QString knownFingerprint = storedFingerprint.value();
    bool bulk = false;
    if (cursor.isEmpty()) {
        auto none = m_store.requests().noneHeld();
        if (!none)
            return none.error();
        bulk = none.value();
    }
    bool bulkStarted = false;
    auto pageUrl = [this](const QString& at) {
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("limit"), QString::number(m_pageSize));
        if (!at.isEmpty())
            q.addQueryItem(QStringLiteral("cursor"), at);
        return QStringLiteral("/v1/changes?") + q.toString(QUrl::FullyEncoded);
    };
    // Three pages at once: while page N is written to the store, page N+1 is parsed and decoded on
    // a helper thread and the server prepares page N+2 (a page's cursor is read from its head
    // before it is parsed, see scanPageHead). A
    // failure drops what is in flight; the stored cursor still points at the first page not applied.
    QNetworkReply* inFlight = m_client.startGet(pageUrl(from));
    auto dropInFlight = qScopeGuard([&inFlight] { BackendClient::abandon(inFlight); });
    struct Pending
    {
        std::future<DecodedPage> decoded;
        QString cursor, fingerprint;
        bool last = false;
    };
    std::optional<Pending> pending;
    // Where a pull's time goes (logged at its end): waiting for and reading pages, decoding items
    // (helper thread), writing them, committing, and indexing after a first sync.
    QElapsedTimer phase;
    qint64 waitNs = 0, decodeNs = 0, storeNs = 0, commitNs = 0, indexNs = 0;
    std::optional<sql::Transaction> tx;
    int uncommitted = 0;
    auto writePending = [&]() -> Status {
        Pending p = std::move(*pending);
        pending.reset();
        phase.restart();
        const DecodedPage page = p.decoded.get();
        waitNs += phase.nsecsElapsed(); // (only when decoding is slower than writing)
        decodeNs += page.decodeNs;
        if (page.error)
            return page.error;
        phase.restart();
        if (!tx) {
            tx.emplace(storeConnection(m_store));
            if (!tx->ok())
                return tx->error();
        }
        if (Status s = writeItems(page, bulk); !s)
            return s;
        cursor = p.cursor;
        if (Status s = m_store.setMeta(QStringLiteral("cursor"), cursor); !s)
            return s;
        if (Status s = m_store.setMeta(QStringLiteral("fingerprint"), p.fingerprint); !s)
            return s;
        storeNs += phase.nsecsElapsed();
        uncommitted += page.items;
        // A first sync commits every few pages: each commit writes every page it touched, and
        // the random ids spread one page's requests over most of the id index. Items and cursor
        // still commit together; a sync cut off repeats at most those pages.
        if (!bulk || p.last || uncommitted >= kBulkItemsPerCommit) {
            phase.restart();
            if (Status s = tx->commit(); !s)
                return s;
            tx.reset();
            uncommitted = 0;
            commitNs += phase.nsecsElapsed();
        }
        pulled += page.items;
        if (m_progress)
            m_progress(m_pushedThisPass, pulled);
        return {};
    };
    phase.start();
    while (true) {
        phase.restart();
        auto body = m_client.takeBody(std::exchange(inFlight, nullptr));
        waitNs += phase.nsecsElapsed();
        if (!body)
            return body.error();
        std::optional<QJsonObject> parsedHere;
        std::optional<PageHead> head = scanPageHead(body.value());
        if (!head) {
            auto page = BackendClient::parseObject(body.value(), QStringLiteral("/v1/changes"));
            if (!page)
                return page.error();
            head = headOf(page.value());
            parsedHere = page.value();
        }
        const QString fingerprint = head->fingerprint;
        if (!knownFingerprint.isEmpty() && fingerprint != knownFingerprint && !from.isEmpty()) {
            // The server was restored from a backup: start over from nothing. Unsent local work stays
            // in the outbox; nothing is deleted here.
            if (pending)
                if (Status s = writePending(); !s)
                    return s.error();
            qCWarning(lcSync) << "server fingerprint changed: full resync";
            if (Status s = m_store.setMeta(QStringLiteral("cursor"), QString()); !s)
                return s.error();
            if (Status s = m_store.setMeta(QStringLiteral("fingerprint"), fingerprint); !s)
                return s.error();
            if (report)
                report->fullResync = true;
            cursor.clear();
            from.clear();
            inFlight = m_client.startGet(pageUrl(from));
            continue;
        }
        const QString next = head->cursor;
        const bool more = head->more;
        if (more) {
            from = next;
            inFlight = m_client.startGet(pageUrl(from));
        }
        if (bulk && !bulkStarted) {
            if (Status s = m_store.beginBulkImport(); !s)
                return s.error();
            bulkStarted = true;
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
        Pending decoding { std::async(std::launch::async, std::move(decode)), next, fingerprint, !more };
        if (pending)
            if (Status s = writePending(); !s)
                return s.error();
        pending = std::move(decoding);
        if (!more) {
            if (Status s = writePending(); !s)
                return s.error();
            break;
        }
    }
    if (bulkStarted) {
        phase.restart();
        if (Status s = m_store.finishBulkImport(m_searchIndexing); !s)
            return s.error();
        indexNs = phase.nsecsElapsed();
    }
    const QString timing = QStringLiteral("pulled %1%2: waiting %3 ms, parsing and decoding %4 ms (beside the writes), "
                                          "storing %5 ms, committing %6 ms, indexing %7 ms")
                               .arg(pulled)
                               .arg(bulkStarted ? QStringLiteral(" (first sync)") : QString())
                               .arg(waitNs / 1000000)
                               .arg(decodeNs / 1000000)
                               .arg(storeNs / 1000000)
                               .arg(commitNs / 1000000)
                               .arg(indexNs / 1000000);
    if (bulkStarted || pulled >= 1000)
        qCInfo(lcSync).noquote() << timing;
    else
        qCDebug(lcSync).noquote() << timing; // every tick: not worth a line in the log
    if (report)
        report->pulled = pulled;
    return pulled;
}

Status SyncSession::writeItems(const DecodedPage& page, bool bulk)
{
    if (Status s = bulk ? m_store.bulkImport(page.requests) : m_store.upsertRequests(page.requests); !s)
        return s;
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
    return {};
}

Status SyncSession::fetchDocument(const QString& documentId, qint64 stopAfter)
{
    DocumentCache cache(m_store, m_store.clock());
    if (cache.hasContent(documentId))
        return {};
    auto doc = cache.document(documentId);
    if (!doc)
        return doc.error();
    const qint64 have = cache.partialSize(documentId);
    Result<BackendClient::Download> got = Error {};
    {
        ChunkSink sink(cache, documentId);
        got = m_client.download(QStringLiteral("/v1/documents/%1/content").arg(documentId), have, sink, stopAfter);
        if (Status s = sink.flushChunks(true); !s)
            return s;
    }
    if (!got)
        return got.error(); // what arrived stays; the next call continues from there
    // (A server that ignored the range sent everything again: the checksum fails, the bytes are
    // dropped, and the next call starts from the beginning.)
    if (Status s = cache.completeContent(documentId); !s)
        return s;
    // The text goes into the search index; this runs on the sync thread, not the GUI's.
    if (doc->mimeType == QLatin1String("application/pdf")) {
        auto bytes = cache.content(documentId);
        if (bytes) {
            auto text = PdfText::extract(bytes.value());
            if (!text)
                qCInfo(lcSync) << "no text from" << documentId << ":" << text.error().detail;
            else if (Status s = cache.setExtractedText(documentId, text.value()); !s)
                qCWarning(lcSync) << "could not index the text of" << documentId << ":" << s.error().detail;
        }
    }
    return {};
}

} // namespace clerk
