#include "EventStreams.h"

#include "ApiServer.h"
#include "FeedCursor.h"
#include "ServerLogging.h"

#include <QAbstractSocket>
#include <QHttpHeaders>
#include <QHttpServerResponder>
#include <QPointer>
#include <QSet>

namespace clerk::server {

struct EventStreams::Stream
{
    quint64 id = 0;
    Clerk clerk;
    QByteArray tokenHash;
    qint64 sentSeq = 0; // the newest cursor this client was told about (or came with)
    QPointer<QAbstractSocket> socket;
    // Holds the connection's HTTP handler in "answering" until it goes; destroyed before the
    // QHttpServer (ApiServer's member order), which owns that handler.
    std::unique_ptr<QHttpServerResponder> responder;
    bool ending = false;
};

namespace {

QHttpServerResponse refusal(int status, const QString& type, const QString& title, int retryAfterSeconds)
{
    QHttpServerResponse r = problem(status, type, title);
    QHttpHeaders h = r.headers();
    h.append(QHttpHeaders::WellKnownHeader::RetryAfter, QByteArray::number(retryAfterSeconds));
    r.setHeaders(std::move(h));
    return r;
}

QByteArray newsEvent(qint64 seq)
{
    const QByteArray c = cursor::encode(seq).toLatin1();
    return "event: news\nid: " + c + "\ndata: {\"cursor\":\"" + c + "\"}\n\n";
}

} // namespace

EventStreams::EventStreams(CityStore& store, Clock& clock, Limits limits, QObject* parent)
    : QObject(parent)
    , m_store(store)
    , m_clock(clock)
    , m_limits(limits)
{
    m_listener = m_store.addFeedListener([this](qint64 seq) { feedAdvanced(seq); });
    m_heartbeat.setInterval(m_limits.heartbeatMs);
    connect(&m_heartbeat, &QTimer::timeout, this, &EventStreams::heartbeat);
    m_heartbeat.start();
    m_coalesce.setSingleShot(true);
    m_coalesce.setInterval(m_limits.coalesceMs);
    connect(&m_coalesce, &QTimer::timeout, this, &EventStreams::deliver);
}

EventStreams::~EventStreams()
{
    m_store.removeFeedListener(m_listener);
    // The connections go first (their handlers then see no one answering any more), then the
    // answers; nothing is queued to this object after it is gone.
    for (auto& [id, s] : m_streams)
        if (s->socket)
            s->socket->abort();
    m_streams.clear();
}

int EventStreams::count() const
{
    int n = 0;
    for (const auto& [id, s] : m_streams)
        n += s->ending ? 0 : 1;
    return n;
}

std::optional<QHttpServerResponse> EventStreams::open(const Clerk& clerk, const QByteArray& tokenHash, qint64 afterSeq,
    QAbstractSocket* socket, QHttpServerResponder& responder)
{
    if (m_stopped)
        return refusal(503, QStringLiteral("stopping"), QStringLiteral("This server is stopping"), 5);
    if (!socket) {
        qCWarning(lcServer) << "live updates: the connection of a stream of" << clerk.login << "was not found";
        return refusal(503, QStringLiteral("unavailable"), QStringLiteral("Live updates are not available"), 60);
    }
    if (count() >= m_limits.maxStreams) {
        qCWarning(lcServer) << "live updates: refused a stream of" << clerk.login << "at the limit of"
                            << m_limits.maxStreams;
        return refusal(503, QStringLiteral("too-many-streams"), QStringLiteral("Too many live update streams"), 60);
    }
    // A clerk's oldest streams give way (an app restarted before the server noticed the old one).
    QList<Stream*> mine;
    for (auto& [id, s] : m_streams)
        if (!s->ending && s->clerk.login == clerk.login)
            mine << s.get();
    for (qsizetype i = 0; i + m_limits.maxPerClerk <= mine.size(); ++i)
        end(*mine.at(i), "replaced");

    auto stream = std::make_unique<Stream>();
    Stream& s = *stream;
    s.id = ++m_nextId;
    s.clerk = clerk;
    s.tokenHash = tokenHash;
    s.sentSeq = afterSeq;
    s.socket = socket;
    s.responder = std::make_unique<QHttpServerResponder>(std::move(responder));
    m_streams.emplace(s.id, std::move(stream));

    // Queued: a disconnect may be noticed in the middle of a write.
    connect(socket, &QAbstractSocket::disconnected, this, [this, id = s.id] { forget(id); }, Qt::QueuedConnection);
    connect(socket, &QObject::destroyed, this, [this, id = s.id] { forget(id); }, Qt::QueuedConnection);
    // A client sends nothing on a stream; what it sends would never be read.
    connect(socket, &QIODevice::readyRead, this, [socket = QPointer(socket)] {
        if (socket)
            socket->abort();
    });

    QHttpHeaders h;
    h.append(QHttpHeaders::WellKnownHeader::ContentType, "text/event-stream; charset=utf-8");
    h.append(QHttpHeaders::WellKnownHeader::CacheControl, "no-store");
    h.append(QByteArrayLiteral("X-Content-Type-Options"), "nosniff");
    h.append(QByteArrayLiteral("X-Accel-Buffering"), "no"); // nginx: pass each event on at once
    h.append(QHttpHeaders::WellKnownHeader::Connection, "close"); // never reused after the stream
    s.responder->writeBeginChunked(h);
    write(s, QByteArrayLiteral("retry: 5000\n: live\n\n"));
    qCDebug(lcServerHttp) << "stream" << s.id << "of" << clerk.login << "after" << afterSeq;

    // News the client missed while it had no stream.
    if (auto newest = m_store.newestSeq(clerk); !newest)
        qCWarning(lcServer) << "live updates: the newest change cannot be read:" << newest.error().detail;
    else if (newest.value() > s.sentSeq) {
        s.sentSeq = newest.value();
        write(s, newsEvent(s.sentSeq));
    }
    return std::nullopt;
}

void EventStreams::feedAdvanced(qint64 seq)
{
    // 0: the store cannot say what it missed, so everyone's news is looked up again.
    if (seq > 0 && seq <= m_newestHeard)
        return;
    if (seq > 0)
        m_newestHeard = seq;
    if (!m_streams.empty() && !m_coalesce.isActive())
        m_coalesce.start();
}

void EventStreams::deliver()
{
    // One lookup per set of teams, however many clerks share it.
    QHash<QString, qint64> newest;
    for (auto& [id, s] : m_streams) {
        if (s->ending)
            continue;
        QStringList teams = s->clerk.teams;
        teams.sort();
        const QString key = s->clerk.isAdmin() ? QStringLiteral("*") : teams.join(QLatin1Char('\n'));
        auto it = newest.find(key);
        if (it == newest.end()) {
            auto n = m_store.newestSeq(s->clerk);
            if (!n) {
                qCWarning(lcServer) << "live updates: the newest change cannot be read:" << n.error().detail;
                return; // the next announcement or heartbeat tries again
            }
            it = newest.insert(key, n.value());
        }
        if (it.value() > s->sentSeq) {
            s->sentSeq = it.value();
            write(*s, newsEvent(s->sentSeq));
        }
    }
}

void EventStreams::heartbeat()
{
    const QDateTime now = m_clock.now();
    for (auto& [id, s] : m_streams) {
        if (s->ending)
            continue;
        // Revoked on another instance, expired, or the clerk disabled: the stream ends. The
        // clerk's teams are read again with it.
        auto clerk = m_store.clerkForToken(s->tokenHash, now);
        if (!clerk) {
            end(*s, "signed-out");
            continue;
        }
        s->clerk = clerk.value();
        write(*s, QByteArrayLiteral(": keep-alive\n\n"));
    }
    deliver(); // also what a lost notification would have said
}

void EventStreams::write(Stream& s, const QByteArray& bytes)
{
    if (s.ending || !s.socket || s.socket->state() != QAbstractSocket::ConnectedState)
        return;
    s.responder->writeChunk(bytes);
    if (s.socket->bytesToWrite() > m_limits.maxUnsentBytes) {
        qCWarning(lcServer) << "live updates: the stream of" << s.clerk.login << "is not read; closing it";
        s.socket->abort(); // disconnected → forget()
    }
}

void EventStreams::end(Stream& s, const char* reason)
{
    if (s.ending)
        return;
    s.ending = true;
    qCDebug(lcServerHttp) << "stream" << s.id << "of" << s.clerk.login << "ends:" << reason;
    if (s.socket && s.socket->state() == QAbstractSocket::ConnectedState) {
        s.responder->writeEndChunked(
            QByteArray("event: end\ndata: {\"reason\":\"") + reason + "\"}\n\n", QHttpHeaders());
        // The answer goes out, then the connection closes (→ forget()); a client that does not
        // take it is cut off.
        s.socket->disconnectFromHost();
        QTimer::singleShot(5000, s.socket, [socket = s.socket] {
            if (socket)
                socket->abort();
        });
        return;
    }
    QMetaObject::invokeMethod(this, [this, id = s.id] { forget(id); }, Qt::QueuedConnection);
}

void EventStreams::forget(quint64 id)
{
    auto it = m_streams.find(id);
    if (it == m_streams.end())
        return;
    if (it->second->socket && it->second->socket->state() != QAbstractSocket::UnconnectedState)
        return; // still closing (what is written goes out first): its disconnected() comes
    m_streams.erase(it);
}

void EventStreams::closeToken(const QByteArray& tokenHash)
{
    for (auto& [id, s] : m_streams)
        if (s->tokenHash == tokenHash)
            end(*s, "signed-out");
}

void EventStreams::stop()
{
    m_stopped = true;
    const int n = count();
    for (auto& [id, s] : m_streams)
        end(*s, "shutdown");
    if (n > 0)
        qCInfo(lcServer) << "live updates: closed" << n << "stream(s)";
}

} // namespace clerk::server
