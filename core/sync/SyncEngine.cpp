#include "SyncEngine.h"

#include "LiveStream.h"
#include "SyncSession.h"
#include "SyncWorker.h"
#include "core/Logging.h"
#include "core/store/DocumentCache.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"

#include <QNetworkInformation>

namespace clerk {

namespace {
// A value the sync keeps in the profile (sign-in, clerk); empty, with a warning, if unreadable.
QString storedText(Store& store, const char* key)
{
    auto value = store.meta().value(QLatin1String(key));
    if (!value) {
        qCWarning(lcSync) << "reading" << key << "from the profile failed:" << value.error().detail;
        return {};
    }
    return std::move(value).value();
}
} // namespace

SyncEngine::SyncEngine(Store& store, const QUrl& backend, const QString& caBundle, QObject* parent)
    : QObject(parent)
    , m_store(store)
{
    m_thread.setObjectName(QStringLiteral("ClerkDesk sync"));
    m_worker = new SyncWorker(store.path(), store.rawKey(), backend, caBundle, store.clock());
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &SyncWorker::stateChanged, this, &SyncEngine::setState);
    connect(m_worker, &SyncWorker::signedIn, this, [this](const QString& login, const QString& name) {
        m_login = login;
        m_name = name;
        Q_EMIT signedIn(login, name);
    });
    connect(m_worker, &SyncWorker::signInFailed, this, &SyncEngine::signInFailed);
    connect(m_worker, &SyncWorker::documentFetched, this, &SyncEngine::documentFetched);
    connect(m_worker, &SyncWorker::archiveSettled, this, &SyncEngine::archiveSettled);
    connect(m_worker, &SyncWorker::progress, this, &SyncEngine::progress);
    connect(m_worker, &SyncWorker::prefetchProgress, this, &SyncEngine::prefetchProgress);
    connect(m_worker, &SyncWorker::searchIndexProgress, this, &SyncEngine::searchIndexProgress);
    connect(m_worker, &SyncWorker::documentsStored, this,
        [this](const QStringList& ids) { m_store.notifyChanged({}, ids); });
    connect(m_worker, &SyncWorker::synced, this, [this](const QDateTime& at, int pulled, int pushed, int conflicts) {
        m_lastSync = at;
        Q_EMIT synced(at, pulled, pushed, conflicts);
    });
    // The worker wrote on its own connection: the GUI's models reload from the store.
    connect(m_worker, &SyncWorker::changed, this, [this] { m_store.notifyChanged({}); });
    connect(m_worker, &SyncWorker::liveChanged, this, [this](bool live) {
        m_live = live;
        Q_EMIT liveChanged(live);
    });
    // While live, colleagues see the clerk's change within a second: it is sent at once rather
    // than at the next poll. (Named ids: the clerk's own writes; the sync's reloads name none.)
    m_pushSoon = new QTimer(this);
    m_pushSoon->setSingleShot(true);
    m_pushSoon->setInterval(300);
    connect(m_pushSoon, &QTimer::timeout, this, &SyncEngine::syncNow);
    auto pushSoon = [this](const QStringList& ids) {
        if (m_live && !ids.isEmpty() && !m_pushSoon->isActive())
            m_pushSoon->start();
    };
    connect(&m_store, &Store::requestsChanged, this, pushSoon);
    connect(&m_store, &Store::documentsChanged, this, pushSoon);
    m_thread.start();
    if (QNetworkInformation::loadDefaultBackend() && QNetworkInformation::instance()) {
        connect(QNetworkInformation::instance(), &QNetworkInformation::reachabilityChanged, this,
            [this](QNetworkInformation::Reachability r) {
                if (r == QNetworkInformation::Reachability::Online)
                    syncNow();
            });
    }
}

SyncEngine::~SyncEngine()
{
    QMetaObject::invokeMethod(m_worker, &SyncWorker::shutdown, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void SyncEngine::signIn(const QString& login, const QString& password)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, login, password] { w->signIn(login, password); });
}

void SyncEngine::syncNow()
{
    QMetaObject::invokeMethod(m_worker, &SyncWorker::syncNow);
}

void SyncEngine::resume()
{
    QMetaObject::invokeMethod(m_worker, &SyncWorker::resume);
}

void SyncEngine::fetchDocument(const QString& documentId)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, documentId] { w->fetchDocument(documentId); });
}

void SyncEngine::setIntervalMs(int ms)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, ms] { w->setIntervalMs(ms); });
}

void SyncEngine::setPrefetchBudget(qint64 bytes)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, bytes] { w->setPrefetchBudget(bytes); });
}

void SyncEngine::setState(State s, const QString& message)
{
    m_state = s;
    Q_EMIT stateChanged(s, message);
}

// ---------------------------------------------------------------------------------------------
SyncWorker::SyncWorker(QString path, QByteArray rawKey, QUrl backend, QString caBundle, Clock& clock)
    : m_clock(clock)
    , m_path(std::move(path))
    , m_rawKey(std::move(rawKey))
    , m_backend(std::move(backend))
    , m_caBundle(std::move(caBundle))
{ }

SyncWorker::~SyncWorker()
{
    sql::wipe(m_rawKey);
}

void SyncWorker::shutdown()
{
    m_stopped = true;
    if (m_live)
        m_live->stop();
    m_waiting.clear();
    if (m_timer)
        m_timer->stop();
    if (m_retry)
        m_retry->stop();
    // A running call ends here, before stop() returns: its request is aborted, an open page
    // transaction rolls back, and its callback sees m_stopped. Nothing is left waiting.
    if (m_session)
        m_session->stop();
    m_session.reset();
    m_store.reset();
    sql::wipe(m_rawKey);
}

bool SyncWorker::ensureOpen()
{
    if (m_store)
        return true;
    m_store = std::make_unique<Store>(m_path, m_clock);
    if (Status s = m_store->unlockAsWorker(m_rawKey); !s) {
        Q_EMIT stateChanged(SyncEngine::State::Error, s.errorString());
        m_store.reset();
        return false;
    }
    m_session = std::make_unique<SyncSession>(*m_store, m_backend, m_caBundle);
    m_session->setSearchIndexing(Store::SearchIndexing::Later); // built by indexSearchSlice()
    m_session->setProgress([this](int pushed, int pulled) { Q_EMIT progress(pushed, pulled); });
    if (!m_session->client().caError().isEmpty())
        Q_EMIT stateChanged(SyncEngine::State::Error, m_session->client().caError());
    if (Status s = m_session->client().usable(); !s)
        Q_EMIT stateChanged(SyncEngine::State::Error, s.error().message);
    m_timer = new QTimer(this);
    connect(m_timer, &QTimer::timeout, this, &SyncWorker::syncNow);
    m_retry = new QTimer(this);
    m_retry->setSingleShot(true);
    connect(m_retry, &QTimer::timeout, this, &SyncWorker::syncNow);
    connect(m_store.get(), &Store::searchIndexProgress, this, &SyncWorker::searchIndexProgress);
    m_live = new LiveStream(m_session->client(), [this] { return storedText(*m_store, "cursor"); }, this);
    connect(m_live, &LiveStream::news, this, [this](const QString& cursor) {
        if (cursor != storedText(*m_store, "cursor"))
            syncNow();
    });
    connect(m_live, &LiveStream::liveChanged, this, [this](bool live) {
        applyInterval();
        Q_EMIT liveChanged(live);
    });
    scheduleSearchIndex(0); // one left unfinished when the app was last closed
    return true;
}

void SyncWorker::startLive()
{
    if (m_live && !m_stopped)
        m_live->start();
}

void SyncWorker::applyInterval()
{
    // The stream tells of news; polling backs it up, and takes over at once when it breaks.
    if (m_timer && m_timer->isActive())
        m_timer->start(m_live && m_live->isLive() ? qMax(m_intervalMs, kLivePollMs) : m_intervalMs);
}

void SyncWorker::whenIdle(std::function<void()> job, Order order)
{
    if (m_stopped)
        return;
    if (order == Order::First)
        m_waiting.prepend(std::move(job));
    else
        m_waiting.append(std::move(job));
    if (!m_busy)
        runNext();
}

void SyncWorker::jobDone()
{
    m_busy = false;
    // From the event loop, not from inside the session's callback that ended the job.
    QMetaObject::invokeMethod(this, &SyncWorker::runNext, Qt::QueuedConnection);
}

void SyncWorker::runNext()
{
    if (m_busy || m_stopped || m_waiting.isEmpty())
        return;
    m_busy = true;
    m_waiting.takeFirst()(); // ends with jobDone(), now or later
}

void SyncWorker::setIntervalMs(int ms)
{
    m_intervalMs = ms;
    applyInterval();
}

void SyncWorker::signIn(const QString& login, const QString& password)
{
    whenIdle([this, login, password] {
        if (!ensureOpen())
            return jobDone();
        Q_EMIT stateChanged(SyncEngine::State::Connecting, {});
        m_session->signIn(login, password, [this, login](Status s) {
            if (m_stopped)
                return;
            jobDone();
            if (!s) {
                Q_EMIT stateChanged(
                    s.error().code == Error::Offline ? SyncEngine::State::Offline : SyncEngine::State::SignedOut,
                    s.errorString());
                Q_EMIT signInFailed(s.errorString());
                return;
            }
            // The login as the server spells it (stored as clerk_login, which resume() names
            // after an unlock): what is kept per clerk, a note's draft, is found under one name.
            const QString confirmed = m_session->clerk().value(QLatin1String("login")).toString();
            Q_EMIT signedIn(
                confirmed.isEmpty() ? login : confirmed, m_session->clerk().value(QLatin1String("name")).toString());
            m_timer->start(m_intervalMs);
            syncNow();
            startLive();
        });
    });
}

void SyncWorker::resume()
{
    whenIdle([this] {
        jobDone(); // nothing here waits for the network
        if (!ensureOpen())
            return;
        const QString token = storedText(*m_store, "token");
        if (token.isEmpty()) {
            Q_EMIT stateChanged(SyncEngine::State::SignedOut, tr("Please sign in to the city backend."));
            return;
        }
        m_session->setToken(token.toLatin1());
        Q_EMIT signedIn(storedText(*m_store, "clerk_login"), storedText(*m_store, "clerk_name"));
        m_timer->start(m_intervalMs);
        syncNow();
        startLive();
    });
}

void SyncWorker::fetchDocument(const QString& documentId)
{
    // The clerk waits for it: right after the running job.
    whenIdle(
        [this, documentId] {
            if (!ensureOpen())
                return jobDone();
            m_session->fetchDocument(documentId, [this, documentId](Status s) {
                if (m_stopped)
                    return;
                Q_EMIT documentFetched(documentId, s ? QString() : s.errorString());
                jobDone();
            });
        },
        Order::First);
}

void SyncWorker::syncNow()
{
    if (m_syncWaiting || m_stopped)
        return; // one pass behind the running job is enough
    m_syncWaiting = true;
    whenIdle([this] {
        m_syncWaiting = false;
        pass();
    });
}

void SyncWorker::pass()
{
    if (!ensureOpen() || !m_session->signedIn())
        return jobDone();
    Q_EMIT stateChanged(SyncEngine::State::Syncing, {});
    m_session->syncOnce([this](Result<SyncReport> r) { passEnded(std::move(r)); });
}

void SyncWorker::passEnded(Result<SyncReport> r)
{
    if (m_stopped)
        return;
    if (!r) {
        const Error& e = r.error();
        qCInfo(lcSync) << "sync failed:" << e.detail;
        if (e.code == Error::Unauthorized) {
            m_session->setToken({});
            if (Status s = m_store->setMeta(QStringLiteral("token"), QString()); !s)
                qCWarning(lcSync) << "could not forget the refused sign-in:" << s.error().detail;
            m_timer->stop();
            m_live->stop();
            Q_EMIT stateChanged(SyncEngine::State::SignedOut, e.message);
        } else {
            Q_EMIT stateChanged(
                e.code == Error::Offline ? SyncEngine::State::Offline : SyncEngine::State::Error, e.message);
            scheduleRetry(e.retryAfterSeconds);
        }
        Q_EMIT changed(); // local states of the outbox may have moved (sent, conflict)
        jobDone();
        return;
    }
    m_failures = 0;
    int conflicts = 0;
    if (auto counts = m_store->outboxCounts())
        conflicts = counts->conflicts;
    else
        qCWarning(lcSync) << "counting the outbox failed:" << counts.error().detail;
    if (r->pulled > 0 || r->pushed > 0 || r->servicesChanged)
        Q_EMIT changed(); // (the window's store: the worker's wrote)
    Q_EMIT synced(r->at, r->pulled, r->pushed, conflicts);
    const int purged = r->purged, released = int(r->released.size()), withdrawn = int(r->withdrawn.size());
    const QStringList held = r->held;
    // (After the prefetch, whose messages would hide it.)
    prefetch([this, purged, released, withdrawn, held] {
        if (purged > 0 || released > 0 || withdrawn > 0 || !held.isEmpty())
            Q_EMIT archiveSettled(purged, released, withdrawn, held);
        Q_EMIT stateChanged(SyncEngine::State::Idle, {});
        scheduleSearchIndex(0); // after a first sync
        jobDone();
    });
}

void SyncWorker::scheduleSearchIndex(int delayMs)
{
    if (m_indexScheduled || m_stopped)
        return;
    m_indexScheduled = true;
    QTimer::singleShot(delayMs, this, [this] {
        m_indexScheduled = false;
        indexSearchSlice();
    });
}

void SyncWorker::indexSearchSlice()
{
    // 100,000 requests took 5.2-8.9 s in 10 slices plus merge steps (bench sync), ~0.5-0.8 s a
    // step: "Sync now", a document the clerk opens and the timer's next pass wait at most that long.
    constexpr int kRows = 10000;
    if (m_stopped || !m_store)
        return;
    if (m_busy) { // a pass may hold a page transaction open on this connection
        scheduleSearchIndex(200);
        return;
    }
    auto n = m_store->indexSearchSlice(kRows);
    if (!n) {
        qCWarning(lcSync) << "search index slice failed:" << n.error().detail;
        scheduleSearchIndex(10000);
        return;
    }
    if (n.value())
        scheduleSearchIndex(0);
}

void SyncWorker::prefetch(std::function<void()> then)
{
    if (m_prefetchBudget <= 0)
        return then();
    struct Run
    {
        QStringList ids, stored;
        int next = 0;
        std::function<void()> then;
    };
    auto run = std::make_shared<Run>();
    const QString login = storedText(*m_store, "clerk_login");
    // A few per pass, so that "Sync now" and the next pull never wait long behind a big download.
    run->ids = DocumentCache(*m_store, m_clock).prefetchCandidates(login, m_prefetchBudget, 10);
    run->then = std::move(then);
    auto step = std::make_shared<std::function<void()>>();
    *step = [this, run, weakStep = std::weak_ptr(step)] {
        const int total = int(run->ids.size());
        if (run->next >= total) {
            if (total > 0)
                Q_EMIT prefetchProgress(total, total);
            if (!run->stored.isEmpty())
                Q_EMIT documentsStored(run->stored);
            run->then();
            return;
        }
        Q_EMIT prefetchProgress(run->next, total);
        m_session->fetchDocument(run->ids.at(run->next), [this, run, step = weakStep.lock()](Status s) {
            if (m_stopped)
                return;
            if (!s) {
                qCInfo(lcSync) << "prefetch stopped:" << s.error().detail;
                run->next = int(run->ids.size()); // offline again, or the server refuses: the next pass tries again
            } else {
                run->stored << run->ids.at(run->next++);
            }
            (*step)();
        });
    };
    (*step)();
}

void SyncWorker::scheduleRetry(int atLeastSeconds)
{
    // 2 s, 4 s, 8 s … up to 5 minutes, each ±50 %, so that a city's desktops do not retry in step;
    // never sooner than the backend asked for (Retry-After), with a little jitter on top of it.
    ++m_failures;
    const double base = qMin(300000.0, 2000.0 * double(1 << qMin(m_failures - 1, 10)));
    int delay = int(base * (0.5 + m_jitter.generateDouble()));
    if (atLeastSeconds > 0)
        delay = qMax(delay, int(atLeastSeconds * 1000 * (1.0 + 0.2 * m_jitter.generateDouble())));
    m_retry->start(delay);
}

} // namespace clerk
