// A fault-injecting HTTP/1.1 proxy for sync tests: sits between the client and the real server on
// loopback and, per request, forwards it faithfully or breaks it on purpose — drops the
// connection before or after the server saw the request, truncates the body, answers slowly,
// replaces the body by malformed JSON, or answers 500 itself. One request per connection
// ("Connection: close"), so that every fault hits exactly one request.
#pragma once

#include <QHostAddress>
#include <QList>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <functional>

namespace clerk::testproxy {

enum class Fault {
    None,
    DropBeforeForward, // the server never sees the request
    DropAfterForward, // the server applied it, the reply is lost
    Truncate, // headers and half of the body, then the connection closes
    Slow, // the reply is held back for slowMs
    Malformed, // 200 with a body that is not JSON
    ServerError, // 500 problem+json without asking the server
    Rewrite, // the server's reply with setRewrite()'s text replaced (another backend's answer)
};

inline const char* faultName(Fault f)
{
    switch (f) {
    case Fault::None:
        return "none";
    case Fault::DropBeforeForward:
        return "drop-before";
    case Fault::DropAfterForward:
        return "drop-after";
    case Fault::Truncate:
        return "truncate";
    case Fault::Slow:
        return "slow";
    case Fault::Malformed:
        return "malformed";
    case Fault::ServerError:
        return "500";
    case Fault::Rewrite:
        return "rewrite";
    }
    return "?";
}

class FaultProxy : public QObject
{
public:
    // plan(n, method, path) decides the fault for the n-th request (0-based).
    using Plan = std::function<Fault(int n, const QByteArray& method, const QByteArray& path)>;

    explicit FaultProxy(quint16 upstreamPort)
        : m_upstream(upstreamPort)
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* s = m_server.nextPendingConnection())
                accept(s);
        });
    }
    quint16 listen() { return m_server.listen(QHostAddress::LocalHost, 0) ? m_server.serverPort() : 0; }
    void setUpstreamPort(quint16 port) { m_upstream = port; }
    void setPlan(Plan plan) { m_plan = std::move(plan); }
    void setSlowMs(int ms) { m_slowMs = ms; }
    void setRewrite(const QByteArray& from, const QByteArray& to)
    {
        m_rewriteFrom = from;
        m_rewriteTo = to;
    }
    int requests() const { return m_count; }
    // The faults applied so far, in order (None included).
    const QList<Fault>& log() const { return m_log; }

private:
    static qsizetype headerEnd(const QByteArray& b) { return b.indexOf("\r\n\r\n"); }
    static qint64 contentLength(const QByteArray& head)
    {
        for (const QByteArray& line : head.split('\n')) {
            const QByteArray l = line.trimmed();
            if (l.toLower().startsWith("content-length:"))
                return l.mid(15).trimmed().toLongLong();
        }
        return 0;
    }
    // Rewrites the head so that the peer closes after this message.
    static QByteArray withClose(const QByteArray& head)
    {
        QList<QByteArray> out;
        for (const QByteArray& line : head.split('\n')) {
            const QByteArray l = line.trimmed();
            if (!l.toLower().startsWith("connection:") && !l.isEmpty())
                out << l;
        }
        out << "Connection: close";
        return out.join("\r\n") + "\r\n\r\n";
    }

    // The head with its Content-Length set to `length` (a body replaced).
    static QByteArray withLength(const QByteArray& head, qsizetype length)
    {
        QList<QByteArray> lines = head.split('\n');
        for (QByteArray& l : lines)
            if (l.toLower().startsWith("content-length:"))
                l = "Content-Length: " + QByteArray::number(length) + '\r';
        return lines.join('\n');
    }

    void accept(QTcpSocket* client)
    {
        auto* buffer = new QByteArray;
        QObject::connect(client, &QObject::destroyed, [buffer] { delete buffer; });
        QObject::connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
        QObject::connect(client, &QTcpSocket::readyRead, this, [this, client, buffer] {
            buffer->append(client->readAll());
            const qsizetype end = headerEnd(*buffer);
            if (end < 0 || buffer->isEmpty())
                return;
            const QByteArray head = buffer->left(end);
            const qint64 length = contentLength(head);
            if (buffer->size() < end + 4 + length)
                return;
            const QByteArray body = buffer->mid(end + 4, length);
            buffer->clear();
            QObject::disconnect(client, &QTcpSocket::readyRead, this, nullptr);
            const QList<QByteArray> requestLine = head.left(head.indexOf('\r')).split(' ');
            const QByteArray method = requestLine.value(0), path = requestLine.value(1);
            const Fault fault = m_plan ? m_plan(m_count, method, path) : Fault::None;
            ++m_count;
            m_log << fault;
            handle(client, fault, withClose(head), body);
        });
    }

    void handle(QTcpSocket* client, Fault fault, const QByteArray& head, const QByteArray& body)
    {
        QPointer<QTcpSocket> c(client);
        if (fault == Fault::DropBeforeForward) {
            client->abort();
            client->deleteLater();
            return;
        }
        if (fault == Fault::ServerError) {
            const QByteArray problem = "{\"type\":\"about:blank\",\"title\":\"Injected failure\",\"status\":500}";
            client->write("HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/problem+json\r\n"
                          "Connection: close\r\nContent-Length: "
                + QByteArray::number(problem.size()) + "\r\n\r\n" + problem);
            client->disconnectFromHost();
            return;
        }
        auto* up = new QTcpSocket(this);
        auto* reply = new QByteArray;
        QObject::connect(up, &QObject::destroyed, [reply] { delete reply; });
        QObject::connect(up, &QTcpSocket::connected, up, [up, head, body] { up->write(head + body); });
        auto deliver = [this, c, up, reply, fault] {
            if (!up->property("done").toBool()) {
                up->setProperty("done", true);
                up->deleteLater();
                if (!c)
                    return;
                const qsizetype end = headerEnd(*reply);
                if (end < 0) {
                    c->abort();
                    return;
                }
                QByteArray rhead = withClose(reply->left(end));
                QByteArray rbody = reply->mid(end + 4);
                switch (fault) {
                case Fault::DropAfterForward:
                    c->abort();
                    return;
                case Fault::Truncate:
                    c->write(rhead + rbody.left(rbody.size() / 2));
                    c->flush();
                    c->abort();
                    return;
                case Fault::Malformed:
                    rbody = "{\"items\": [ {\"kind\": \"request\", \"data\": ";
                    rhead = withLength(rhead, rbody.size());
                    break;
                case Fault::Rewrite:
                    rbody.replace(m_rewriteFrom, m_rewriteTo);
                    rhead = withLength(rhead, rbody.size());
                    break;
                default:
                    break;
                }
                const QByteArray all = rhead + rbody;
                auto send = [c, all] {
                    if (!c)
                        return;
                    c->write(all);
                    c->disconnectFromHost();
                };
                if (fault == Fault::Slow)
                    QTimer::singleShot(m_slowMs, c, send);
                else
                    send();
            }
        };
        QObject::connect(up, &QTcpSocket::readyRead, up, [up, reply, deliver] {
            reply->append(up->readAll());
            const qsizetype end = headerEnd(*reply);
            if (end >= 0 && reply->size() >= end + 4 + contentLength(reply->left(end)))
                deliver();
        });
        QObject::connect(up, &QTcpSocket::disconnected, up, deliver);
        QObject::connect(up, &QTcpSocket::errorOccurred, up, [deliver](QAbstractSocket::SocketError) { deliver(); });
        up->connectToHost(QHostAddress::LocalHost, m_upstream);
    }

    QTcpServer m_server;
    quint16 m_upstream;
    Plan m_plan;
    int m_slowMs = 1500;
    QByteArray m_rewriteFrom, m_rewriteTo;
    int m_count = 0;
    QList<Fault> m_log;
};

} // namespace clerk::testproxy
