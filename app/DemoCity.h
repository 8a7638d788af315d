// Demo mode's city: the reference server in this process on a random loopback port, with a
// temporary encrypted database seeded from a fixed seed, and new requests arriving every so
// often. Everything lives in a temporary folder that is removed at exit. Nothing listens beyond
// 127.0.0.1.
#pragma once

#include "core/Clock.h"
#include "core/Result.h"

#include <QObject>
#include <QStringList>
#include <QTemporaryDir>
#include <QTimer>
#include <QUrl>
#include <memory>

namespace clerk::server {
class ApiServer;
class SqlCityStore;
} // namespace clerk::server

namespace clerk {

class DemoCity : public QObject
{
    Q_OBJECT
public:
    // `clock`: where the demo's "today" comes from (the seeded deadlines, arrivals, colleagues' changes).
    explicit DemoCity(QObject* parent = nullptr, Clock& clock = Clock::system());
    ~DemoCity() override;

    // The demo clerks (one per team) are known before the city exists: the trainer picks one, and
    // only that clerk's team gets generated PDFs (the city is large; the rest is never looked at).
    static QStringList clerkLogins();
    // "Name – Team (login)" for the sign-in choice.
    static QString describe(const QString& login);
    static constexpr int kDefaultRequests = 2800; // about 350 per team

    // `trainee`: the demo clerk whose team gets documents (empty: every team, slower).
    Status start(quint32 seed = 2026, int requests = kDefaultRequests, const QString& trainee = {});
    QUrl url() const { return m_url; }
    QStringList demoLogins() const { return m_logins; }
    QString password() const { return QStringLiteral("demo"); }
    QString folder() const { return m_dir.path(); }
    // A colleague changes the request on the server (status along the workflow, else a note).
    Status colleagueChanges(const QString& requestId);
    // A new request arrives every `seconds` (0 pauses).
    void setArrivalSeconds(int seconds);
    int arrivals() const { return m_arrivals; }
    Clock& clock() const { return m_clock; }

public Q_SLOTS:
    void fileOneRequest();

Q_SIGNALS:
    void requestArrived(const QString& reference);

private:
    Clock& m_clock;
    QTemporaryDir m_dir;
    std::unique_ptr<server::SqlCityStore> m_store;
    std::unique_ptr<server::ApiServer> m_api;
    QUrl m_url;
    QStringList m_logins;
    QTimer m_timer;
    int m_arrivals = 0;
    quint32 m_seed = 0;
};

} // namespace clerk
