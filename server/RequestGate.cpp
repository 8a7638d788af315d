#include "RequestGate.h"

#include "ServerLogging.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>

namespace clerk::server {

namespace {
constexpr qint64 kDropBytes = 64LL * 1024 * 1024; // read and dropped after a refusal, at most
constexpr int kLingerMs = 3000; // ... for at most this long

bool isSpace(char c)
{
    return c == '\v' || c == '\n' || c == '\r' || c == ' ' || c == '\t';
}
} // namespace

RequestGate::RequestGate(QTcpSocket* socket, const GateOptions& options)
    : QObject(socket)
    , m_socket(socket)
    , m_limit(options.bodyLimit)
    , m_headTimer(new QTimer(this))
{
    connect(socket, &QIODevice::readyRead, this, &RequestGate::onReadyRead);
    m_headTimer->setSingleShot(true);
    m_headTimer->setInterval(options.headTimeoutMs);
    connect(m_headTimer, &QTimer::timeout, this, [this] {
        if (m_state == State::Line || m_state == State::Headers)
            refuse(408, "Request Timeout", "request-timeout", "Request head not complete in time");
    });
}

void RequestGate::onReadyRead()
{
    if (m_state == State::Refused)
        return drop();
    if (m_state == State::Pending) {
        // QHttpServer has answered every request before the refused one
        if (m_consumed >= m_refuseAt && !m_answerPending)
            return m_refusal();
        m_seen = m_consumed + m_socket->bytesAvailable(); // not looked at: nothing of it is read before
        return predictConsumption();
    }
    const qint64 available = m_socket->bytesAvailable();
    const qint64 looked = m_seen - m_consumed; // at the front of what is available
    if (available < looked) {
        qCWarning(lcServer) << "request gate lost step with the HTTP parser; closing the connection from"
                            << m_socket->peerAddress().toString();
        m_state = State::Refused;
        m_socket->abort();
        return;
    }
    const qint64 fresh = available - looked;
    if (fresh > 0) {
        if (m_state == State::Body && m_bodyLeft > fresh) { // body bytes only: no need to look at them
            m_bodyLeft -= fresh;
            m_seen += fresh;
        } else {
            const QByteArray data = m_socket->peek(available);
            look(data.constData() + looked, data.size() - looked);
            if (m_state == State::Refused)
                return;
            if (m_state == State::Pending)
                m_seen = m_consumed + available;
        }
    }
    predictConsumption();
}

void RequestGate::predictConsumption()
{
    if (m_answerPending)
        return; // QHttpServer reads nothing until its answer is written (it emits readyRead then)
    // QHttpServer, called next, reads up to the end of the first request that is complete.
    if (!m_ends.empty() && m_ends.front() <= m_seen) {
        m_consumed = m_ends.front();
        m_ends.pop_front();
    } else {
        m_consumed = m_seen;
    }
}

void RequestGate::look(const char* data, qsizetype size)
{
    qsizetype i = 0;
    while (i < size && m_state != State::Refused && m_state != State::Pending) {
        switch (m_state) {
        case State::Line: {
            const char c = data[i++];
            ++m_seen;
            if (m_line.isEmpty() && isSpace(c))
                continue; // QHttpServer skips blank space between requests, too
            if (m_line.isEmpty())
                m_headTimer->start(); // a request begins
            if (c == '\n') {
                m_state = State::Headers;
                m_headers.clear();
            } else if (m_line.size() >= kMaxHeadBytes) {
                refuse(414, "URI Too Long", "too-large", "Request line too long");
            } else {
                m_line += c;
            }
            break;
        }
        case State::Headers: {
            const char c = data[i++];
            ++m_seen;
            m_headers += c;
            if (c == '\n'
                && (m_headers.endsWith("\n\r\n") || m_headers.endsWith("\n\n") || m_headers == "\r\n"
                    || m_headers == "\n"))
                headComplete();
            else if (m_line.size() + m_headers.size() > kMaxHeadBytes)
                refuse(431, "Request Header Fields Too Large", "too-large", "Request headers too large");
            break;
        }
        case State::Body: {
            const qint64 take = qMin<qint64>(size - i, m_bodyLeft);
            i += take;
            m_seen += take;
            m_bodyLeft -= take;
            if (m_bodyLeft == 0)
                endRequest();
            break;
        }
        case State::Refused:
        case State::Pending:
            break;
        }
    }
}

void RequestGate::headComplete()
{
    m_headTimer->stop();
    const QByteArray line = m_line.trimmed();
    const QList<QByteArray> words = line.split(' ');
    const QByteArray method = words.value(0);
    QByteArray path = words.size() > 1 ? words.at(1) : QByteArray();
    if (const qsizetype q = path.indexOf('?'); q >= 0)
        path.truncate(q);
    QByteArray length;
    bool lengthSeen = false;
    int fields = 0;
    for (QByteArray line : m_headers.split('\n')) {
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty())
            continue;
        // Whatever Qt's header parser might read differently from the gate is refused (RFC 9112
        // 5.1/5.2: no space before the colon, no folded lines), so the two agree on every length.
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || line.at(0) == ' ' || line.at(0) == '\t' || line.at(colon - 1) == ' '
            || line.at(colon - 1) == '\t')
            return refuse(400, "Bad Request", "invalid-request", "Malformed header line");
        if (++fields > kMaxHeaderFields)
            return refuse(431, "Request Header Fields Too Large", "too-large", "Too many request headers");
        const QByteArray name = line.left(colon).toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "transfer-encoding")
            return refuse(411, "Length Required", "length-required", "Length required",
                QStringLiteral("Send the body with a Content-Length, not in chunks."));
        if (name == "content-length") {
            if (lengthSeen && value != length)
                return refuse(400, "Bad Request", "invalid-request", "Contradictory Content-Length headers");
            lengthSeen = true;
            length = value;
        }
    }
    qint64 bodyLength = 0;
    if (lengthSeen) {
        bool digits = !length.isEmpty();
        for (const char c : length)
            digits = digits && c >= '0' && c <= '9';
        if (!digits)
            return refuse(400, "Bad Request", "invalid-request", "Malformed Content-Length header");
        bodyLength = length.size() > 18 ? std::numeric_limits<qint64>::max() : length.toLongLong();
    }
    const qint64 limit = m_limit(method, path);
    if (bodyLength > limit)
        return refuse(413, "Payload Too Large", "too-large", "Request body too large",
            QStringLiteral("This endpoint accepts at most %1 bytes.").arg(limit));
    if (bodyLength > 0) {
        m_state = State::Body;
        m_bodyLeft = bodyLength;
    } else {
        endRequest();
    }
}

void RequestGate::endRequest()
{
    m_ends.push_back(m_seen);
    m_requestStart = m_seen;
    m_state = State::Line;
    m_line.clear();
}

void RequestGate::refuse(int status, const char* reason, const char* type, const char* title, const QString& detail)
{
    if (!m_ends.empty()) {
        // Requests sent ahead of this one on the connection (pipelined) are answered first.
        m_state = State::Pending;
        m_refuseAt = m_requestStart;
        m_refusal = [this, status, reason, type, title, detail] { refuseNow(status, reason, type, title, detail); };
        return;
    }
    refuseNow(status, reason, type, title, detail);
}

void RequestGate::refuseNow(int status, const char* reason, const char* type, const char* title, const QString& detail)
{
    m_state = State::Refused;
    m_headTimer->stop();
    qCInfo(lcServer) << "refused a request from its head:" << status << title << "from"
                     << m_socket->peerAddress().toString() << m_line.left(100);
    // QHttpServer never sees another byte of this connection; what it holds is released.
    disconnect(m_socket, &QIODevice::readyRead, nullptr, nullptr);
    connect(m_socket, &QIODevice::readyRead, this, &RequestGate::drop);
    if (m_socket->isTransactionStarted())
        m_socket->commitTransaction();
    m_socket->setReadBufferSize(64 * 1024); // what is dropped passes in small pieces
    QJsonObject problem { { QStringLiteral("type"),
                              QStringLiteral("https://clerkdesk.example.org/problems/") + QLatin1String(type) },
        { QStringLiteral("title"), QLatin1String(title) }, { QStringLiteral("status"), status } };
    if (!detail.isEmpty())
        problem.insert(QStringLiteral("detail"), detail);
    const QByteArray body = QJsonDocument(problem).toJson(QJsonDocument::Compact);
    m_socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + reason
        + "\r\nContent-Type: application/problem+json\r\nContent-Length: " + QByteArray::number(body.size())
        + "\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n" + body);
    // The answer is on its way; what the client still sends is read and dropped for a moment (so
    // that closing with unread bytes does not reset the connection before the client has read it).
    QTimer::singleShot(kLingerMs, this, [this] { m_socket->disconnectFromHost(); });
    drop();
}

void RequestGate::drop()
{
    m_dropped += m_socket->skip(m_socket->bytesAvailable());
    if (m_dropped > kDropBytes)
        m_socket->disconnectFromHost();
}

QTcpSocket* GatedTcpServer::nextPendingConnection()
{
    QTcpSocket* socket = QTcpServer::nextPendingConnection();
    if (socket)
        new RequestGate(socket, m_options);
    return socket;
}

QTcpSocket* GatedSslServer::nextPendingConnection()
{
    while (QTcpSocket* socket = QSslServer::nextPendingConnection()) {
        auto* ssl = qobject_cast<QSslSocket*>(socket);
        if (ssl && ssl->sslConfiguration().nextNegotiatedProtocol() == QSslConfiguration::ALPNProtocolHTTP2) {
            // The gate reads HTTP/1.1 only; ApiServer offers no h2, so this client ignored ALPN.
            socket->abort();
            socket->deleteLater();
            continue;
        }
        new RequestGate(socket, m_options);
        return socket;
    }
    return nullptr;
}

} // namespace clerk::server
