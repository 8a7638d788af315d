// The city backend's HTTP API (docs/api/openapi.yaml is the contract) on Qt HttpServer. Every
// error is an RFC 9457 problem+json with a 4xx or 5xx status; nothing a client sends crashes it.
#pragma once

#include "CityStore.h"
#include "EventStreams.h"
#include "core/Clock.h"

#include <QHostAddress>
#include <QHttpServer>
#include <QObject>
#include <QSslConfiguration>
#include <memory>

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

private:
    void installRoutes();
    struct Auth;
    Auth authenticate(const QHttpServerRequest& request);

    QHttpServerResponse health();
    QHttpServerResponse issueToken(const QHttpServerRequest& request);
    QHttpServerResponse revokeToken(const QHttpServerRequest& request);
    QHttpServerResponse listServices(const QHttpServerRequest& request);
    QHttpServerResponse listChanges(const QHttpServerRequest& request);
    QHttpServerResponse postMutations(const QHttpServerRequest& request);
    void documentContent(const QString& id, const QHttpServerRequest& request, QHttpServerResponder& responder);
    void events(const QHttpServerRequest& request, QHttpServerResponder& responder);
    QAbstractSocket* connectionOf(const QHttpServerRequest& request) const;
    QHttpServerResponse intake(const QHttpServerRequest& request);

    CityStore& m_store;
    Clock& m_clock;
    Config m_config;
    QHttpServer m_http;
    QTcpServer* m_tcp = nullptr;
    quint16 m_port = 0;
    QString m_error;
    std::unique_ptr<EventStreams> m_events; // after m_http: its answers go before Qt HttpServer's handlers
};

QHttpServerResponse problem(int status, const QString& type, const QString& title, const QString& detail = {});

} // namespace clerk::server
