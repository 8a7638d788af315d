// ApiServer: the answers written through the responder rather than returned — a document's bytes
// (ranges, ETag, streamed as they are decrypted) and the live event stream of a clerk's changes.
#include "ApiServer.h"
#include "DownloadHeaders.h"
#include "EventStreams.h"
#include "FeedCursor.h"
#include "HttpAnswers.h"
#include "Intake.h"

#include <QAbstractSocket>
#include <QHttpHeaders>
#include <QHttpServerResponder>
#include <QRegularExpression>
#include <QSslServer>
#include <QTcpServer>

namespace clerk::server {

namespace {
using Status = QHttpServerResponder::StatusCode;
} // namespace

using namespace http;

void ApiServer::documentContent(const QString& id, const QHttpServerRequest& request, QHttpServerResponder& responder)
{
    Auth auth = authenticate(request.headers(), m_clock.now());
    if (auth.failure)
        return send(responder, std::move(*auth.failure));
    if (!validId(id))
        return send(responder, problem(404, QStringLiteral("not-found"), QStringLiteral("Unknown document")));
    auto info = m_store.documentInfo(*auth.clerk, id);
    if (!info)
        return send(responder, problem(404, QStringLiteral("not-found"), QStringLiteral("Unknown document")));
    const QByteArray etag = '"' + info->sha256 + '"';
    const QByteArray ifNoneMatch = request.headers().value(QHttpHeaders::WellKnownHeader::IfNoneMatch).toByteArray();
    QHttpHeaders h;
    h.append(QHttpHeaders::WellKnownHeader::ETag, etag);
    h.append(QHttpHeaders::WellKnownHeader::AcceptRanges, "bytes");
    // Only a type intake checked is served as such (older rows may hold a client's unchecked one).
    const QByteArray stored = info->mimeType.toLatin1();
    const QByteArray type
        = intake::isServedDocumentType(stored) ? stored : QByteArrayLiteral("application/octet-stream");
    if (!ifNoneMatch.isEmpty() && (ifNoneMatch == etag || ifNoneMatch == "*")) {
        addDownloadHeaders(h, *info, type);
        return send(responder, withHeaders(QHttpServerResponse(Status::NotModified), h));
    }
    const qint64 size = info->size;
    qint64 start = 0, end = size - 1;
    Status status = Status::Ok;
    const QByteArray range = request.headers().value(QHttpHeaders::WellKnownHeader::Range).toByteArray();
    if (!range.isEmpty()) {
        static const QRegularExpression re(QStringLiteral("^bytes=(\\d{0,18})-(\\d{0,18})$"));
        const auto m = re.match(QString::fromLatin1(range));
        start = -1;
        if (m.hasMatch() && !(m.captured(1).isEmpty() && m.captured(2).isEmpty())) {
            if (m.captured(1).isEmpty()) { // suffix: the last N bytes
                start = qMax<qint64>(0, size - m.captured(2).toLongLong());
            } else {
                start = m.captured(1).toLongLong();
                if (!m.captured(2).isEmpty())
                    end = qMin(end, m.captured(2).toLongLong());
            }
        }
        if (start < 0 || start >= size || end < start) {
            h.append(QHttpHeaders::WellKnownHeader::ContentRange, "bytes */" + QByteArray::number(size));
            return send(responder,
                withHeaders(
                    problem(416, QStringLiteral("range-not-satisfiable"), QStringLiteral("Range not satisfiable")), h));
        }
        h.append(QHttpHeaders::WellKnownHeader::ContentRange,
            "bytes " + QByteArray::number(start) + '-' + QByteArray::number(end) + '/' + QByteArray::number(size));
        status = Status::PartialContent;
    }
    // Streamed: the bytes are decrypted piece by piece as the socket takes them.
    auto device = m_store.openDocument(id, start, qMax<qint64>(0, end - start + 1));
    if (!device) // the stored copy is missing or damaged: logged by the store
        return send(responder,
            problem(500, QStringLiteral("document-unavailable"),
                QStringLiteral("The document's stored copy cannot be read; the server's "
                               "administrator can see why in its log.")));
    h.append(QHttpHeaders::WellKnownHeader::ContentType, type);
    addDownloadHeaders(h, *info, type);
    addSafetyHeaders(h);
    responder.write(device->release(), h, status);
}

void ApiServer::events(const QHttpServerRequest& request, QHttpServerResponder& responder)
{
    Auth auth = authenticate(request.headers(), m_clock.now());
    if (auth.failure)
        return send(responder, std::move(*auth.failure));
    if (auth.clerk->role == QLatin1String("intake"))
        return send(
            responder, problem(403, QStringLiteral("forbidden"), QStringLiteral("Not allowed for this account")));
    // Where the client's changes feed stands; a browser's EventSource says it in Last-Event-ID.
    QString from = request.query().queryItemValue(QStringLiteral("cursor"));
    if (from.isEmpty())
        from = QString::fromLatin1(request.headers().value(QByteArrayLiteral("Last-Event-ID")).toByteArray());
    qint64 after = 0;
    if (!cursor::decode(from, &after))
        return send(
            responder, problem(400, QStringLiteral("invalid-cursor"), QStringLiteral("The cursor is not valid")));
    if (auto refused = m_events->open(*auth.clerk, auth.tokenHash, after, connectionOf(request), responder))
        send(responder, std::move(*refused));
}

QAbstractSocket* ApiServer::connectionOf(const QHttpServerRequest& request) const
{
    // Qt HttpServer 6.8 does not hand out a request's socket: it is found by both ends' addresses.
    for (const QObject* root : { static_cast<const QObject*>(&m_http), static_cast<const QObject*>(m_tcp) })
        for (QAbstractSocket* s : root ? root->findChildren<QAbstractSocket*>() : QList<QAbstractSocket*>())
            if (s->peerPort() == request.remotePort() && s->localPort() == request.localPort()
                && s->peerAddress().isEqual(request.remoteAddress(), QHostAddress::TolerantConversion))
                return s;
    return nullptr;
}

} // namespace clerk::server
