#include "SyncSession.h"

#include "SyncPull.h"
#include "core/Logging.h"
#include "core/domain/Json.h"
#include "core/pdf/PdfText.h"
#include "core/store/ArchivingRecords.h"
#include "core/store/DocumentCache.h"
#include "core/store/RequestPurge.h"

#include <QJsonArray>
#include <utility>

namespace clerk {

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

// A document download under way: the sink keeps what arrives, also when the call is stopped.
struct FetchState
{
    FetchState(Store& store, const QString& id)
        : cache(store, store.clock())
        , documentId(id)
    { }
    DocumentCache cache;
    QString documentId;
    QString mimeType;
    std::optional<ChunkSink> sink;
};

SyncSession::SyncSession(Store& store, const QUrl& backend, const QString& caBundle)
    : m_store(store)
    , m_client(backend, caBundle)
{ }

SyncSession::~SyncSession()
{
    ++m_generation; // the client's cancelled answers below are dropped
    m_client.cancelAll();
}

bool SyncSession::begin(Step step, StatusDone end)
{
    if (m_step != Step::Idle) {
        const Error busy { Error::Busy, tr("A sync is already running."), QStringLiteral("one call at a time") };
        QMetaObject::invokeMethod(&m_context, [end = std::move(end), busy] { end(busy); }, Qt::QueuedConnection);
        return false;
    }
    m_step = step;
    m_end = std::move(end);
    m_report = {};
    return true;
}

void SyncSession::finish(Status outcome)
{
    if (m_step == Step::Idle)
        return;
    m_step = Step::Idle;
    ++m_generation; // whatever is still on its way belongs to a call that has ended
    m_client.cancelAll();
    m_pull.reset(); // an open page transaction rolls back
    m_fetch.reset(); // what arrived of a document stays
    m_then = nullptr;
    StatusDone end = std::exchange(m_end, nullptr);
    end(std::move(outcome));
}

void SyncSession::stop()
{
    if (m_step == Step::Idle)
        return;
    // The pending request answers Cancelled, and its step ends the call the way it ends on any
    // failed request (a push notes the failed send, a download keeps what arrived).
    m_client.cancelAll();
    finish(Error { Error::Cancelled, tr("The sync was stopped."), {} }); // if no request was pending
}

void SyncSession::signIn(const QString& login, const QString& password, StatusDone done)
{
    if (!begin(Step::SigningIn, std::move(done)))
        return;
    m_client.postJson(QStringLiteral("/v1/auth/token"),
        { { QStringLiteral("login"), login }, { QStringLiteral("password"), password } },
        live([this](Result<QJsonObject> r) {
            if (!r) {
                if (r.error().code == Error::Unauthorized)
                    finish(Error { Error::Unauthorized, tr("Wrong login or password."), r.error().detail });
                else
                    finish(r.error());
                return;
            }
            m_client.setToken(r->value(QLatin1String("token")).toString().toLatin1());
            m_clerk = r->value(QLatin1String("clerk")).toObject();
            // The token stays in the encrypted store, so that unlocking does not mean signing in again.
            for (const auto& [key, value] :
                { std::pair { QStringLiteral("token"), QString::fromLatin1(m_client.token()) },
                    std::pair { QStringLiteral("clerk_login"), m_clerk.value(QLatin1String("login")).toString() },
                    std::pair { QStringLiteral("clerk_name"), m_clerk.value(QLatin1String("name")).toString() } })
                if (Status s = m_store.setMeta(key, value); !s) {
                    finish(s);
                    return;
                }
            finish({});
        }));
}

void SyncSession::syncOnce(Done<SyncReport> done)
{
    if (!begin(Step::Services, [this, done](Status s) { s ? done(m_report) : done(s.error()); }))
        return;
    if (!signedIn()) { // reported later, like every answer
        auto refuse = live([this](bool) { finish(Error { Error::Unauthorized, tr("Please sign in to sync."), {} }); });
        QMetaObject::invokeMethod(&m_context, [refuse] { refuse(true); }, Qt::QueuedConnection);
        return;
    }
    // Services first: the inbox needs their names and workflows.
    m_client.getJson(QStringLiteral("/v1/services"), live([this](Result<QJsonObject> r) { servicesAnswered(r); }));
}

void SyncSession::servicesAnswered(Result<QJsonObject> services)
{
    if (!services) {
        finish(services.error());
        return;
    }
    QList<Service> list;
    for (const QJsonValue& v : services->value(QLatin1String("services")).toArray())
        if (auto s = json::decodeService(v.toObject()))
            list << s.value();
    auto written = m_store.upsertServices(list);
    if (!written) {
        finish(written.error());
        return;
    }
    m_report.servicesChanged = written.value() > 0;
    m_step = Step::Pushing;
    m_then = [this](Status pushed) { passPushed(pushed); };
    pushNextBatch();
}

void SyncSession::passPushed(Status pushed)
{
    if (!pushed) {
        finish(pushed);
        return;
    }
    m_step = Step::Pulling;
    m_then = [this](Status pulled) { passPulled(pulled); };
    if (Status s = startPull(); !s)
        finish(s);
}

void SyncSession::passPulled(Status pulled)
{
    if (!pulled) {
        finish(pulled);
        return;
    }
    // A held file for the archive whose answers came earlier but that stayed held then (its folder
    // not reachable, the file not readable, the rename refused) is tried again at each pass's end.
    settleDeliveries();
    m_report.at = m_store.clock().now();
    if (Status s = m_store.setMeta(QStringLiteral("last_sync"), m_report.at.toUTC().toString(Qt::ISODate)); !s)
        qCWarning(lcSync) << "could not record the time of this sync:" << s.error().detail;
    finish({});
}

void SyncSession::purgeArchived()
{
    auto purged = RequestPurge(m_store, m_store.clock()).purgeArchived();
    if (!purged) {
        qCWarning(lcSync) << "could not remove the requests the archive took over:" << purged.error().message
                          << purged.error().detail;
        return;
    }
    m_report.purged += purged.value();
}

void SyncSession::settleDeliveries()
{
    auto settled = ArchivingRecords(m_store).settleDeliveries();
    if (!settled) {
        qCWarning(lcSync) << "could not settle the files for the archive:" << settled.error().message
                          << settled.error().detail;
        return;
    }
    for (const Error& e : std::as_const(settled->errors)) {
        qCWarning(lcSync) << "a file for the archive stays held (the next sync tries again):" << e.message << e.detail;
        if (!m_report.held.contains(e.message))
            m_report.held << e.message;
    }
    m_report.released << settled->released;
    m_report.withdrawn << settled->withdrawn;
}

void SyncSession::settleArchiving()
{
    settleDeliveries();
    purgeArchived();
}

void SyncSession::push(Done<int> done)
{
    if (!begin(Step::Pushing, [this, done](Status s) { s ? done(m_report.pushed) : done(s.error()); }))
        return;
    m_then = [this](Status pushed) { finish(pushed); };
    pushNextBatch();
}

void SyncSession::pull(Done<int> done)
{
    if (!begin(Step::Pulling, [this, done](Status s) { s ? done(m_report.pulled) : done(s.error()); }))
        return;
    m_then = [this](Status pulled) { finish(pulled); };
    if (Status s = startPull(); !s)
        finish(s);
}

void SyncSession::fetchDocument(const QString& documentId, StatusDone done, qint64 stopAfter)
{
    if (!begin(Step::Fetching, std::move(done)))
        return;
    m_fetch = std::make_unique<FetchState>(m_store, documentId);
    DocumentCache& cache = m_fetch->cache;
    if (cache.hasContent(documentId)) {
        finish({});
        return;
    }
    auto doc = cache.document(documentId);
    if (!doc) {
        finish(doc.error());
        return;
    }
    m_fetch->mimeType = doc->mimeType;
    const qint64 have = cache.partialSize(documentId);
    m_fetch->sink.emplace(cache, documentId);
    m_client.download(QStringLiteral("/v1/documents/%1/content").arg(documentId), have, *m_fetch->sink,
        live([this](Result<BackendClient::Download> got) { downloaded(std::move(got)); }), stopAfter);
}

void SyncSession::downloaded(Result<BackendClient::Download> got)
{
    FetchState& f = *m_fetch;
    const Status flushed = f.sink->flushChunks(true);
    f.sink.reset();
    if (!flushed) {
        finish(flushed);
        return;
    }
    if (!got) {
        finish(got.error()); // what arrived stays; the next call continues from there
        return;
    }
    // (A server that ignored the range sent everything again: the checksum fails, the bytes are
    // dropped, and the next call starts from the beginning.)
    if (Status s = f.cache.completeContent(f.documentId); !s) {
        finish(s);
        return;
    }
    // The text goes into the search index; this runs on the sync thread, not the GUI's.
    if (f.mimeType == QLatin1String("application/pdf")) {
        auto bytes = f.cache.content(f.documentId);
        if (bytes) {
            auto text = PdfText::extract(bytes.value());
            if (!text)
                qCInfo(lcSync) << "no text from" << f.documentId << ":" << text.error().detail;
            else if (Status s = f.cache.setExtractedText(f.documentId, text.value()); !s)
                qCWarning(lcSync) << "could not index the text of" << f.documentId << ":" << s.error().detail;
        }
    }
    finish({});
}

} // namespace clerk
