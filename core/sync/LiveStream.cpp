#include "LiveStream.h"

#include "BackendClient.h"
#include "core/Logging.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QUrlQuery>

namespace clerk {

namespace {
constexpr qsizetype kMaxLineBytes = 64 * 1024; // an event is a few dozen bytes; more is not ours
}

LiveStream::LiveStream(BackendClient& client, std::function<QString()> cursor, QObject* parent)
    : QObject(parent)
    , m_client(client)
    , m_cursor(std::move(cursor))
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &LiveStream::connectNow);
}

LiveStream::~LiveStream()
{
    stop();
}

void LiveStream::start()
{
    m_running = true;
    m_failures = 0;
    m_retry.stop();
    connectNow();
}

void LiveStream::stop()
{
    m_running = false;
    m_retry.stop();
    if (QNetworkReply* r = m_reply.data()) {
        m_reply = nullptr;
        QObject::disconnect(r, nullptr, this, nullptr);
        r->abort();
        r->deleteLater();
    }
    setLive(false);
}

void LiveStream::connectNow()
{
    if (!m_running)
        return;
    if (QNetworkReply* old = m_reply.data()) { // a new token: the old stream goes
        m_reply = nullptr;
        QObject::disconnect(old, nullptr, this, nullptr);
        old->abort();
        old->deleteLater();
    }
    m_buffer.clear();
    m_event.clear();
    m_data.clear();
    m_endReason.clear();
    QUrlQuery q;
    const QString cursor = m_cursor ? m_cursor() : QString();
    if (!cursor.isEmpty())
        q.addQueryItem(QStringLiteral("cursor"), cursor);
    const QString path = QStringLiteral("/v1/events") + (q.isEmpty() ? QString() : QLatin1Char('?') + q.toString());
    QNetworkReply* reply = m_client.openStream(path, kIdleTimeoutMs);
    if (!reply) { // an address the client refuses: it says why on every other call
        retryLater(kMaxPauseMs);
        return;
    }
    m_reply = reply;
    connect(reply, &QNetworkReply::readyRead, this, &LiveStream::onBytes);
    connect(reply, &QNetworkReply::finished, this, &LiveStream::onFinished);
}

void LiveStream::onBytes()
{
    QNetworkReply* reply = m_reply.data();
    if (!reply)
        return;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray type = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    if (status != 200 || !type.startsWith("text/event-stream"))
        return; // an error's body: onFinished() reads the status
    if (!m_live) {
        m_liveSinceMs = QDateTime::currentMSecsSinceEpoch();
        setLive(true);
    }
    m_buffer += reply->readAll();
    qsizetype start = 0;
    for (qsizetype nl = m_buffer.indexOf('\n'); nl >= 0; nl = m_buffer.indexOf('\n', start)) {
        QByteArray line = m_buffer.mid(start, nl - start);
        start = nl + 1;
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty()) {
            dispatch();
            continue;
        }
        if (line.startsWith(':'))
            continue; // a heartbeat
        const qsizetype colon = line.indexOf(':');
        const QByteArray field = colon < 0 ? line : line.left(colon);
        QByteArray value = colon < 0 ? QByteArray() : line.mid(colon + 1);
        if (value.startsWith(' '))
            value.remove(0, 1);
        if (field == "event")
            m_event = value;
        else if (field == "data")
            m_data += (m_data.isEmpty() ? QByteArray() : QByteArray("\n")) + value;
        // id and retry: this client keeps its cursor itself and its own pauses
    }
    m_buffer.remove(0, start);
    if (m_buffer.size() > kMaxLineBytes) {
        qCWarning(lcSync) << "live updates: the server sent a line too long for an event; reconnecting";
        reply->abort(); // → onFinished()
    }
}

void LiveStream::dispatch()
{
    const QByteArray event = std::exchange(m_event, {});
    const QByteArray data = std::exchange(m_data, {});
    const QJsonObject o = QJsonDocument::fromJson(data).object();
    if (event == "news") {
        const QString cursor = o.value(QLatin1String("cursor")).toString();
        if (!cursor.isEmpty())
            Q_EMIT news(cursor);
    } else if (event == "end") {
        m_endReason = o.value(QLatin1String("reason")).toString();
    }
}

void LiveStream::onFinished()
{
    QNetworkReply* reply = m_reply.data();
    if (!reply)
        return;
    m_reply = nullptr;
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const Error why = reply->error() == QNetworkReply::NoError
        ? Error { Error::Offline, {}, QStringLiteral("the server ended the stream (%1)").arg(m_endReason) }
        : m_client.errorOf(reply);
    const bool wasLive = m_live;
    setLive(false);
    if (!m_running)
        return;
    qCInfo(lcSync) << "live updates: stream ended; polling until it is back:" << why.detail;
    // A stream that ran for a while starts its pauses afresh; one the server ends to go away
    // (rolling update) comes back at once, at another instance.
    if (wasLive && QDateTime::currentMSecsSinceEpoch() - m_liveSinceMs > 60000)
        m_failures = 0;
    int atLeast = why.retryAfterSeconds * 1000;
    if (status == 404 || status == 401 || status == 403)
        atLeast = qMax(atLeast, 60000); // an older server, or a sign-in the next pass renews
    else if (m_endReason == QLatin1String("shutdown"))
        m_failures = 0;
    retryLater(atLeast);
}

void LiveStream::retryLater(int atLeastMs)
{
    ++m_failures;
    const double base = qMin(double(kMaxPauseMs), 1000.0 * double(1 << qMin(m_failures - 1, 12)));
    int delay = int(base * (0.5 + m_jitter.generateDouble()));
    if (atLeastMs > 0)
        delay = qMax(delay, int(atLeastMs * (1.0 + 0.2 * m_jitter.generateDouble())));
    m_retry.start(qMin(delay, int(kMaxPauseMs * 1.5)));
}

void LiveStream::setLive(bool live)
{
    if (m_live == live)
        return;
    m_live = live;
    Q_EMIT liveChanged(live);
}

} // namespace clerk
