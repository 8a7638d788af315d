// The city backend's HTTP API (docs/api/openapi.yaml is the contract) on Qt HttpServer. Every
// error is an RFC 9457 problem+json with a 4xx or 5xx status; nothing a client sends crashes it.
#pragma once

#include "CityStore.h"
#include "EventStreams.h"
#include "core/Clock.h"

#include <QElapsedTimer>
#include <QFuture>
#include <QHostAddress>
#include <QHttpHeaders>
#include <QHttpServer>
#include <QHttpServerResponse>
#include <QObject>
#include <QSslConfiguration>
#include <QThreadPool>
#include <QUrlQuery>
#include <memory>
#include <optional>

class QAbstractSocket;
class QTcpServer;

namespace clerk::server {

class ApiServer : public QObject
{
    Q_OBJECT
public:
    struct Config
    {
        qint64 maxBodyBytes = 32 * 1024 * 1024;
        int tokenHours = 12;
        int maxFailuresPerAccount = 5; // within failureWindowMinutes
        int maxFailuresPerAddress = 30;
        int failureWindowMinutes = 15;
        int maxChangesPerPage = 5000;
        int headTimeoutMs = 30000; // a request's head must arrive within this (408 otherwise)
        EventStreams::Limits streams; // live updates, GET /v1/events
        // Threads that run the handlers' store calls (sign-in, services, changes, mutations,
        // intake) when the store allows it (CityStore::concurrent(): PostgreSQL, a connection per
        // thread); 0 runs them on this object's thread, as always for SQLCipher.
        int workers = 4;
    };

    ApiServer(CityStore& store, Clock& clock, Config config, QObject* parent = nullptr);
    ApiServer(CityStore& store, Clock& clock, QObject* parent = nullptr)
        : ApiServer(store, clock, Config(), parent)
    { }
    ~ApiServer() override;

    // Starts listening; HTTPS when `tls` has a certificate. Returns the port (0 on failure).
    quint16 listen(const QHostAddress& address, quint16 port, const QSslConfiguration& tls = {});
    QString errorString() const { return m_error; }
    quint16 port() const { return m_port; }
    // The listening socket; accepted connections are its children (GracefulStop).
    QTcpServer* listener() const { return m_tcp; }
    // Live updates: ends every open stream and refuses new ones (before a graceful stop), so that
    // clients go to another instance and the drain waits for nothing.
    void stopStreams() { m_events->stop(); }
    int openStreams() const { return m_events->count(); }
    // Calls being worked on by worker threads, not yet answered (GracefulStop waits for them).
    int callsInFlight() const { return m_inFlight; }
    // The worker threads' number (0: every call on this object's thread).
    int workers() const { return m_workers ? m_workers->maxThreadCount() : 0; }

private:
    void installRoutes();
    // Who calls (a clerk, with the hash of the token used), or the answer that refuses the call.
    struct Auth
    {
        std::optional<Clerk> clerk;
        QByteArray tokenHash;
        std::optional<QHttpServerResponse> failure;
    };
    // What a handler run on a worker needs of its request, copied on this object's thread (a
    // QHttpServerRequest stays with its connection), with the clock read there too.
    struct Call
    {
        Call(const QHttpServerRequest& request, const QDateTime& now);
        QHttpHeaders headers;
        QByteArray body;
        QUrlQuery query;
        QHostAddress remoteAddress;
        QDateTime now;
        QElapsedTimer received; // started when dispatched: how long it waited for a worker
    };
    using Handler = QHttpServerResponse (ApiServer::*)(const Call&);
    // Runs `handler` on a worker thread (answered back on this object's thread by Qt HttpServer),
    // or at once here when there are no workers.
    QFuture<QHttpServerResponse> dispatch(const QHttpServerRequest& request, Handler handler);
    Auth authenticate(const QHttpHeaders& headers, const QDateTime& now);

    QHttpServerResponse health();
    QHttpServerResponse issueToken(const Call& call);
    QHttpServerResponse revokeToken(const QHttpServerRequest& request);
    QHttpServerResponse listServices(const Call& call);
    QHttpServerResponse listChanges(const Call& call);
    QHttpServerResponse postMutations(const Call& call);
    void documentContent(const QString& id, const QHttpServerRequest& request, QHttpServerResponder& responder);
    void events(const QHttpServerRequest& request, QHttpServerResponder& responder);
    QAbstractSocket* connectionOf(const QHttpServerRequest& request) const;
    QHttpServerResponse intake(const Call& call);

    CityStore& m_store;
    Clock& m_clock;
    Config m_config;
    QHttpServer m_http;
    QTcpServer* m_tcp = nullptr;
    quint16 m_port = 0;
    QString m_error;
    std::unique_ptr<EventStreams> m_events; // after m_http: its answers go before Qt HttpServer's handlers
    int m_inFlight = 0; // dispatched to a worker, not yet handed back (this object's thread only)
    // Last: destroyed first, waiting for the calls still running, before anything they use goes.
    std::unique_ptr<QThreadPool> m_workers;
};

QHttpServerResponse problem(int status, const QString& type, const QString& title, const QString& detail = {});

} // namespace clerk::server
