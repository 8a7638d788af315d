// The reference server and its city for the tst_sync_* tests: a seeded SQLCipher city store
// (160 requests) and an API server on loopback, made anew before every test function, and
// encrypted client stores in the same scratch folder.
#pragma once

#include "../common/Waiting.h"
#include "core/store/Store.h"
#include "server/Accounts.h"
#include "server/ApiServer.h"
#include "server/Seeder.h"
#include "server/SqlCityStore.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

namespace clerk::synctest {

// Test classes derive from this; its slots run before and after theirs (Qt Test finds
// initTestCase, init and cleanup through the meta-object, inherited ones included).
class SyncFixture : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        using namespace clerk::server;
        QVERIFY(accounts::initialise());
    }

    void init()
    {
        using namespace clerk::server;
        QDir(m_dir.filePath(QStringLiteral("city"))).removeRecursively();
        QDir().mkpath(m_dir.filePath(QStringLiteral("city")));
        SqlCityStore::Options o;
        o.path = m_dir.filePath(QStringLiteral("city/city.db"));
        o.key = "sync-test-key-0123456789";
        o.highwaterPath = m_dir.filePath(QStringLiteral("city/city.highwater"));
        m_city = std::move(SqlCityStore::open(o).value());
        SeedOptions seed;
        seed.seed = 3;
        seed.requests = 160;
        seed.today = QDate(2026, 11, 26);
        m_seed = seedCity(*m_city, seed).value();
        m_clerk = m_seed.demoLogins.first();
        startServer();
    }

    void cleanup()
    {
        m_api.reset();
        m_city.reset();
    }

protected:
    void startServer(quint16 port = 0)
    {
        m_api = std::make_unique<server::ApiServer>(*m_city, m_clock);
        m_port = m_api->listen(QHostAddress::LocalHost, port);
        QVERIFY(m_port != 0);
    }

    std::unique_ptr<Store> newClient(const QString& name)
    {
        auto s = std::make_unique<Store>(m_dir.filePath(QStringLiteral("%1-%2.db").arg(name).arg(++m_clients)));
        if (!s->create("client-passphrase"))
            return nullptr;
        return s;
    }

    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port)); }
    qint64 serverVersion(const QString& id) { return m_city->request(id)->version; }

    QTemporaryDir m_dir;
    ManualClock m_clock { QDateTime(QDate(2026, 11, 26), QTime(9, 0), QTimeZone::UTC) };
    std::unique_ptr<server::SqlCityStore> m_city;
    std::unique_ptr<server::ApiServer> m_api;
    quint16 m_port = 0;
    server::SeedReport m_seed;
    QString m_clerk; // a clerk of team "parkraum"
    int m_clients = 0;
};

} // namespace clerk::synctest
