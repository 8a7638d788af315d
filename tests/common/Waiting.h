// Tests, benchmarks and test helpers wait for the asynchronous sync calls here (core/ never waits):
// each call starts the real asynchronous one and runs a local event loop until its callback has
// answered. WaitingSession and WaitingClient have the blocking signatures the tests are written in.
#pragma once

#include "core/sync/BackendClient.h"
#include "core/sync/SyncSession.h"

#include <QEventLoop>
#include <QTimer>
#include <optional>

namespace clerk {

namespace waiting {
// Runs `start(callback)` and waits until the callback has run; returns what it was given. A
// callback that never comes (the bug this shape invites) stops the test after five minutes with
// a message, rather than hanging it until ctest's timeout.
template <class T, class Start> T until(Start start)
{
    std::optional<T> out;
    QEventLoop loop;
    start([&out, &loop](T answer) {
        out.emplace(std::move(answer));
        loop.quit();
    });
    if (!out) {
        QTimer never;
        never.setSingleShot(true);
        QObject::connect(&never, &QTimer::timeout, [] { qFatal("an asynchronous call never answered (5 min)"); });
        never.start(5 * 60 * 1000);
        loop.exec();
    }
    return std::move(*out);
}

inline Result<QJsonObject> getJson(BackendClient& c, const QString& path)
{
    return until<Result<QJsonObject>>([&](auto done) { c.getJson(path, done); });
}
inline Result<QByteArray> getBody(BackendClient& c, const QString& path)
{
    return until<Result<QByteArray>>([&](auto done) { c.getBody(path, done); });
}
inline Result<QJsonObject> postJson(BackendClient& c, const QString& path, const QJsonObject& body)
{
    return until<Result<QJsonObject>>([&](auto done) { c.postJson(path, body, done); });
}
} // namespace waiting

class WaitingClient : public BackendClient
{
public:
    using BackendClient::BackendClient;
    Result<QJsonObject> getJson(const QString& path) { return waiting::getJson(*this, path); }
    Result<QJsonObject> postJson(const QString& path, const QJsonObject& body)
    {
        return waiting::postJson(*this, path, body);
    }
};

class WaitingSession : public SyncSession
{
public:
    using SyncSession::SyncSession;
    Status signIn(const QString& login, const QString& password)
    {
        return waiting::until<Status>([&](auto done) { SyncSession::signIn(login, password, done); });
    }
    Result<SyncReport> syncOnce()
    {
        return waiting::until<Result<SyncReport>>([&](auto done) { SyncSession::syncOnce(done); });
    }
    Result<int> push()
    {
        return waiting::until<Result<int>>([&](auto done) { SyncSession::push(done); });
    }
    Result<int> pull()
    {
        return waiting::until<Result<int>>([&](auto done) { SyncSession::pull(done); });
    }
    Status fetchDocument(const QString& documentId, qint64 stopAfter = 0)
    {
        return waiting::until<Status>([&](auto done) { SyncSession::fetchDocument(documentId, done, stopAfter); });
    }
};

} // namespace clerk
