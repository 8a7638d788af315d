// Live updates: the open answers of GET /v1/events (server-sent events, docs/api/openapi.yaml).
// Each tells one signed-in clerk "there is news after cursor C" — C the newest change of the
// clerk's teams — whenever the changes feed advances with something the clerk may see; never what
// changed (the client pulls /v1/changes as always). The store says when the feed advanced
// (CityStore::addFeedListener: this process's commits on SQLCipher, LISTEN/NOTIFY across
// instances on PostgreSQL); every heartbeat (a comment line that keeps proxies from closing an
// idle stream) also checks the token again and looks for news, so a lost notification costs at
// most one heartbeat.
//
// Bounds: at most `maxStreams` per instance (more are refused with 503 and Retry-After) and
// `maxPerClerk` per clerk (a further one ends the clerk's oldest: a restarted app whose old
// connection the server has not noticed yet). A stream ends when the client goes, when its token
// is revoked here (at once) or anywhere (at the next heartbeat), when the client does not read
// what is written, and on stop() (SIGTERM: GracefulStop's drain then finds nothing waiting).
#pragma once

#include "CityStore.h"
#include "core/Clock.h"

#include <QByteArray>
#include <QHttpServerResponse>
#include <QObject>
#include <QTimer>
#include <map>
#include <memory>
#include <optional>

class QAbstractSocket;
class QHttpServerResponder;

namespace clerk::server {

class EventStreams : public QObject
{
    Q_OBJECT
public:
    struct Limits
    {
        int maxStreams = 1000; // per instance (each is an open connection: mind the process's file limit)
        int maxPerClerk = 4;
        int heartbeatMs = 15000;
        int coalesceMs = 10; // announcements within this are answered together
        qint64 maxUnsentBytes = 256 * 1024; // a client that does not read is cut off
    };

    EventStreams(CityStore& store, Clock& clock, Limits limits, QObject* parent = nullptr);
    // Every stream ends (their connections are closed with the server).
    ~EventStreams() override;

    // Takes over the answer to an authenticated GET /v1/events on `socket`: from now on the
    // stream's events; or the refusal to send instead (503 when full or stopping).
    std::optional<QHttpServerResponse> open(const Clerk& clerk, const QByteArray& tokenHash, qint64 afterSeq,
        QAbstractSocket* socket, QHttpServerResponder& responder);
    // The token was revoked here: its streams end now.
    void closeToken(const QByteArray& tokenHash);
    // Ends every stream and refuses new ones (a graceful stop): clients go to another instance.
    void stop();
    int count() const;

private:
    struct Stream;
    void feedAdvanced(qint64 seq);
    void deliver();
    void heartbeat();
    void write(Stream& s, const QByteArray& bytes);
    void end(Stream& s, const char* reason);
    void forget(quint64 id);

    CityStore& m_store;
    Clock& m_clock;
    Limits m_limits;
    int m_listener = 0;
    std::map<quint64, std::unique_ptr<Stream>> m_streams; // by id: oldest first
    quint64 m_nextId = 0;
    qint64 m_newestHeard = -1;
    bool m_stopped = false;
    QTimer m_heartbeat;
    QTimer m_coalesce;
};

} // namespace clerk::server
