// The request gate: looks at each HTTP/1.1 request's head on the socket before QHttpServer reads
// its body, and refuses from the headers alone what Qt HttpServer 6.8 would otherwise buffer
// whole (it has no size limit and reads every body into memory before any handler runs):
// 413 for a Content-Length above the route's limit, 431 for an endless head, 408 for a head that
// does not end in time (a client sending it byte by byte ties up the connection), 411 for chunked
// bodies, 400 for contradictory lengths or header lines Qt might read differently. A refused
// connection gets a problem+json answer, its further bytes are read and dropped for a short while
// (so the answer reaches the client), and it is closed: the server's memory stays flat whatever a
// client announces or sends.
//
// How it keeps step with QHttpServer without a hook inside it: the gate's readyRead slot runs
// before QHttpServer's (it is connected first), peeks at the bytes QHttpServer has not read yet,
// and knows that QHttpServer reads everything available up to the end of the first complete
// request (QHttpServerHttp1ProtocolHandler, Qt 6.8). A request answered later (ApiServer's worker
// threads: answerLater() … answered()) stops QHttpServer's reading on that connection until the
// answer is written; then it emits readyRead again and reads on, and the gate with it.
#pragma once

#include <QSslServer>
#include <QTcpServer>
#include <deque>
#include <functional>

class QTcpSocket;
class QTimer;

namespace clerk::server {

// The largest body accepted for a request line's method and path.
using BodyLimit = std::function<qint64(QByteArrayView method, QByteArrayView path)>;

struct GateOptions
{
    BodyLimit bodyLimit;
    int headTimeoutMs = 30000; // from a request's first byte to the end of its head; then 408
};

class RequestGate : public QObject
{
    Q_OBJECT
public:
    static constexpr qsizetype kMaxHeadBytes = 64 * 1024; // below Qt's own header limits (100 KiB a field)
    static constexpr int kMaxHeaderFields = 100; // Qt's own limit

    // Installs itself on a freshly accepted socket (a child of it), before QHttpServer's handler.
    RequestGate(QTcpSocket* socket, const GateOptions& options);

    // The request QHttpServer is handling now is answered later, from elsewhere: until
    // answered(), QHttpServer reads nothing more of this connection (Qt 6.8's
    // QHttpServerStream), and the gate counts nothing as read. Both on the socket's thread.
    void answerLater() { m_answerPending = true; }
    void answered() { m_answerPending = false; }

private:
    enum class State { Line, Headers, Body, Pending, Refused };
    void onReadyRead();
    void look(const char* data, qsizetype size);
    void headComplete();
    void predictConsumption();
    void endRequest();
    void refuse(int status, const char* reason, const char* type, const char* title, const QString& detail = {});
    void refuseNow(int status, const char* reason, const char* type, const char* title, const QString& detail);
    void drop();

    QTcpSocket* m_socket;
    BodyLimit m_limit;
    QTimer* m_headTimer;
    State m_state = State::Line;
    QByteArray m_line;
    QByteArray m_headers;
    qint64 m_bodyLeft = 0;
    qint64 m_consumed = 0; // stream offset of the socket's read position (what QHttpServer has read)
    qint64 m_seen = 0; // stream offset up to which the gate has looked
    qint64 m_dropped = 0;
    qint64 m_requestStart = 0; // stream offset where the request being looked at begins
    qint64 m_refuseAt = -1; // Pending: refused once QHttpServer has read up to here
    std::function<void()> m_refusal; // Pending: the answer
    std::deque<qint64> m_ends; // stream offsets where requests the gate has looked at end
    bool m_answerPending = false; // answerLater(): QHttpServer reads nothing until answered()
};

class GatedTcpServer : public QTcpServer
{
    Q_OBJECT
public:
    GatedTcpServer(GateOptions options, QObject* parent)
        : QTcpServer(parent)
        , m_options(std::move(options))
    { }
    QTcpSocket* nextPendingConnection() override;

private:
    GateOptions m_options;
};

class GatedSslServer : public QSslServer
{
    Q_OBJECT
public:
    GatedSslServer(GateOptions options, QObject* parent)
        : QSslServer(parent)
        , m_options(std::move(options))
    { }
    QTcpSocket* nextPendingConnection() override;

private:
    GateOptions m_options;
};

} // namespace clerk::server
