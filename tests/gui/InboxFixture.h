// The scene of the tst_inbox_* tests: a city of 200 requests on the reference server (loopback),
// a clerk's encrypted store filled by a real sync, and the real main window on it, shown. Made once
// per test executable, in initTestCase.
#pragma once

#include "../common/Waiting.h"
#include "core/Settings.h"
#include "core/store/Store.h"
#include "server/Accounts.h"
#include "server/ApiServer.h"
#include "server/Seeder.h"
#include "server/SqlCityStore.h"
#include "ui/MainWindow.h"

#include <QTemporaryDir>
#include <QTest>
#include <memory>

namespace clerk::inboxtest {

// Test classes derive from this; its initTestCase runs before their test functions (Qt Test finds
// it through the meta-object), or a test class's own initTestCase calls it first.
class InboxFixture : public QObject
{
    Q_OBJECT
protected Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(server::accounts::initialise());
        server::SqlCityStore::Options o;
        o.path = m_dir.filePath(QStringLiteral("city.db"));
        o.plaintext = true;
        m_city = std::move(server::SqlCityStore::open(o).value());
        server::SeedOptions seed;
        seed.seed = 2026;
        seed.requests = 200;
        seed.today = QDate::currentDate();
        auto report = server::seedCity(*m_city, seed);
        QVERIFY(report.ok());
        m_clerk = report->demoLogins.first();
        m_api = std::make_unique<server::ApiServer>(*m_city, Clock::system());
        const quint16 port = m_port = m_api->listen(QHostAddress::LocalHost, 0);
        m_store = std::make_unique<Store>(m_dir.filePath(QStringLiteral("profile.db")));
        QVERIFY(m_store->create("inbox-test-passphrase"));
        WaitingSession sync(*m_store, QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
        QVERIFY(sync.signIn(m_clerk, QStringLiteral("demo")));
        QVERIFY(sync.syncOnce().ok());
        m_settings = std::make_unique<Settings>(
            m_dir.filePath(QStringLiteral("user.conf")), QStringList { m_dir.filePath(QStringLiteral("none")) });
        m_window = std::make_unique<MainWindow>(*m_settings);
        m_window->attachWorkspace(*m_store, nullptr, m_clerk);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

protected:
    QTemporaryDir m_dir;
    std::unique_ptr<server::SqlCityStore> m_city;
    std::unique_ptr<server::ApiServer> m_api;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<MainWindow> m_window;
    QString m_clerk;
    quint16 m_port = 0;
};

} // namespace clerk::inboxtest
