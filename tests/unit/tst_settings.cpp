#include "core/Settings.h"

#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using clerk::Settings;

class TestSettings : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void defaults();
    void roundTrip();
    void policyOutranksUser();
    void policyFromXdgConfigDirs();
    void uiStateIsNeverPolicy();
};

void TestSettings::defaults()
{
    QTemporaryDir dir;
    Settings s(dir.filePath(QStringLiteral("user.conf")), { dir.filePath(QStringLiteral("none.conf")) });
    QCOMPARE(s.integer(Settings::Key::IdleLockMinutes), 10);
    QCOMPARE(s.integer(Settings::Key::RetentionDays), 90);
    QVERIFY(s.boolean(Settings::Key::DemoAllowed));
    QVERIFY(!s.isLocked(Settings::Key::BackendUrl));
    QVERIFY(s.isLocked(Settings::Key::DemoAllowed)); // policy-only key
}

void TestSettings::roundTrip()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("user.conf"));
    {
        Settings s(file, { dir.filePath(QStringLiteral("none.conf")) });
        QSignalSpy spy(&s, &Settings::changed);
        QVERIFY(s.setValue(Settings::Key::IdleLockMinutes, 25));
        QVERIFY(s.setValue(Settings::Key::BackendUrl, QStringLiteral("https://backend.example.org/")));
        QVERIFY(s.setValue(Settings::Key::WindowGeometry, QByteArray("\x01\x02\x00\x03", 4)));
        QCOMPARE(spy.count(), 3);
        QCOMPARE(spy.at(0).at(0).value<Settings::Key>(), Settings::Key::IdleLockMinutes);
        // Setting the same value again is not a change.
        QVERIFY(s.setValue(Settings::Key::IdleLockMinutes, 25));
        QCOMPARE(spy.count(), 3);
        s.sync();
    }
    Settings again(file, { dir.filePath(QStringLiteral("none.conf")) });
    QCOMPARE(again.integer(Settings::Key::IdleLockMinutes), 25);
    QCOMPARE(again.string(Settings::Key::BackendUrl), QStringLiteral("https://backend.example.org/"));
    QCOMPARE(again.value(Settings::Key::WindowGeometry).toByteArray(), QByteArray("\x01\x02\x00\x03", 4));
}

void TestSettings::policyOutranksUser()
{
    QTemporaryDir dir;
    const QString policy = dir.filePath(QStringLiteral("policy.conf"));
    {
        QSettings p(policy, QSettings::IniFormat);
        p.setValue(QStringLiteral("backendUrl"), QStringLiteral("https://city.example.org/"));
        p.setValue(QStringLiteral("idleLockMinutes"), 5);
        p.setValue(QStringLiteral("demoAllowed"), false);
    }
    const QString user = dir.filePath(QStringLiteral("user.conf"));
    {
        QSettings u(user, QSettings::IniFormat);
        u.setValue(QStringLiteral("backendUrl"), QStringLiteral("https://mine.example.org/"));
        u.setValue(QStringLiteral("idleLockMinutes"), 60);
    }
    Settings s(user, { policy });
    QCOMPARE(s.string(Settings::Key::BackendUrl), QStringLiteral("https://city.example.org/"));
    QCOMPARE(s.integer(Settings::Key::IdleLockMinutes), 5);
    QCOMPARE(s.boolean(Settings::Key::DemoAllowed), false);
    QVERIFY(s.isLocked(Settings::Key::BackendUrl));
    QCOMPARE(s.policySource(Settings::Key::BackendUrl), policy);
    QSignalSpy spy(&s, &Settings::changed);
    QVERIFY(!s.setValue(Settings::Key::BackendUrl, QStringLiteral("https://evil.example.org/")));
    QCOMPARE(spy.count(), 0);
    QCOMPARE(s.string(Settings::Key::BackendUrl), QStringLiteral("https://city.example.org/"));
    // A key without a policy stays the user's.
    QVERIFY(!s.isLocked(Settings::Key::RetentionDays));
    QVERIFY(s.setValue(Settings::Key::RetentionDays, 30));
}

void TestSettings::policyFromXdgConfigDirs()
{
    QTemporaryDir first, second;
    QDir(first.path()).mkpath(QStringLiteral("ClerkDesk"));
    QDir(second.path()).mkpath(QStringLiteral("ClerkDesk"));
    {
        QSettings a(first.filePath(QStringLiteral("ClerkDesk/policy.conf")), QSettings::IniFormat);
        a.setValue(QStringLiteral("cacheBudgetMb"), 512);
        QSettings b(second.filePath(QStringLiteral("ClerkDesk/policy.conf")), QSettings::IniFormat);
        b.setValue(QStringLiteral("cacheBudgetMb"), 9999);
        b.setValue(QStringLiteral("retentionDays"), 14);
    }
    qputenv("XDG_CONFIG_DIRS", (first.path() + QLatin1Char(':') + second.path()).toUtf8());
    QTemporaryDir userDir;
    Settings s(userDir.filePath(QStringLiteral("user.conf")));
    qunsetenv("XDG_CONFIG_DIRS");
    QCOMPARE(s.integer(Settings::Key::CacheBudgetMb), 512); // the first XDG dir wins
    QCOMPARE(s.integer(Settings::Key::RetentionDays), 14);
    QVERIFY(s.isLocked(Settings::Key::RetentionDays));
}

void TestSettings::uiStateIsNeverPolicy()
{
    QTemporaryDir dir;
    const QString policy = dir.filePath(QStringLiteral("policy.conf"));
    {
        QSettings p(policy, QSettings::IniFormat);
        p.setValue(QStringLiteral("ui/windowGeometry"), QByteArray("x"));
    }
    Settings s(dir.filePath(QStringLiteral("user.conf")), { policy });
    QVERIFY(!s.isLocked(Settings::Key::WindowGeometry));
    QVERIFY(s.value(Settings::Key::WindowGeometry).toByteArray().isEmpty());
}

QTEST_GUILESS_MAIN(TestSettings)
#include "tst_settings.moc"
