// Raw HTTP/1.1 over a socket for tests that must see exactly what goes over the wire (answers
// written before a body is read, pipelined requests). Waits with the event loop running, so an
// in-process server can answer.
#pragma once

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTest>

namespace clerk::testhttp {

struct RawReply
{
    int status = 0;
    QByteArray head; // lower-case
    QByteArray body;
    bool closed = false;
};

// Reads one HTTP/1.1 response (with Content-Length) from the socket, leaving what follows it.
inline RawReply readResponse(QTcpSocket& s, int timeoutMs = 5000)
{
    RawReply r;
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < timeoutMs) {
        const QByteArray buffer = s.peek(s.bytesAvailable());
        const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
        if (headEnd >= 0) {
            r.head = buffer.left(headEnd).toLower();
            r.status = r.head.mid(9, 3).toInt();
            const auto m
                = QRegularExpression(QStringLiteral("content-length: *(\\d+)")).match(QString::fromLatin1(r.head));
            const qint64 length = m.hasMatch() ? m.captured(1).toLongLong() : 0;
            if (buffer.size() - headEnd - 4 >= length) {
                s.read(headEnd + 4);
                r.body = s.read(length);
                return r;
            }
        }
        if (s.state() != QAbstractSocket::ConnectedState) {
            r.closed = true;
            break;
        }
        // (The in-process server answers from this thread's event loop: wait with it running.)
        QTest::qWait(5);
    }
    r.status = 0;
    return r;
}

} // namespace clerk::testhttp
