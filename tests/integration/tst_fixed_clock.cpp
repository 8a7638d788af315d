// The clock a client store is given is the time everything written with it carries: a clerk's
// store on a fixed clock (a morning in 2031, years away from the real one) syncs with the reference
// server over loopback and exports and imports an e-file; the sync's time, the package's date and
// the import's Verlauf entry are the clock's, never the computer's.
#include "../common/TestCity.h"
#include "../common/Waiting.h"
#include "core/archive/EFilePackage.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"
#include "server/Accounts.h"

#include <QTemporaryDir>
#include <QTest>

using namespace clerk;
using namespace clerk::server;

class TestFixedClock : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(accounts::initialise());
        testcity::Options o;
        o.seed.requests = 12;
        o.seed.documents = false;
        o.seed.today = QDate(2026, 11, 26);
        const QString failed = m_city.start(o);
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
    }

    void syncTimeIsTheClocks()
    {
        Store store(m_dir.filePath(QStringLiteral("sync.db")), m_clock);
        QVERIFY(store.create("clock-passphrase"));
        WaitingSession sync(store, m_city.url());
        QVERIFY(sync.signIn(m_city.seed.demoLogins.first(), QStringLiteral("demo")));
        auto report = sync.syncOnce();
        QVERIFY2(report.ok(), qPrintable(report.errorString()));
        QVERIFY(report->pulled > 0);
        QCOMPARE(report->at, kMorning);
        QCOMPARE(store.meta().value(QStringLiteral("last_sync")).value(), QStringLiteral("2031-03-14T07:15:00Z"));
        m_clock.advanceSecs(90);
        QCOMPARE(sync.syncOnce()->at, kMorning.addSecs(90));
        QCOMPARE(store.meta().value(QStringLiteral("last_sync")).value(), QStringLiteral("2031-03-14T07:16:30Z"));
    }

    void efileDatesAreTheClocks()
    {
        Store source(m_dir.filePath(QStringLiteral("source.db")), m_clock);
        QVERIFY(source.create("clock-passphrase"));
        WaitingSession sync(source, m_city.url());
        QVERIFY(sync.signIn(m_city.seed.demoLogins.first(), QStringLiteral("demo")));
        QVERIFY(sync.syncOnce().ok());
        const QString requestId = m_city.sqlite->connection()
                                      .scalar("SELECT id FROM requests WHERE team_id = 'parkraum' ORDER BY id LIMIT 1")
                                      ->toString();
        QVERIFY(!requestId.isEmpty());
        const QDateTime exportedAt = m_clock.now();
        const QString package = m_dir.filePath(QStringLiteral("request.zip"));
        QVERIFY(efile::exportRequest(source, requestId, package));
        auto verified = efile::verify(package);
        QVERIFY2(verified.ok(), qPrintable(verified.errorString()));
        QCOMPARE(verified->created, exportedAt);

        // Imported a day later on another computer: its Verlauf says when, by that store's clock.
        m_clock.advanceSecs(24 * 3600);
        const QDateTime importedAt = m_clock.now();
        Store target(m_dir.filePath(QStringLiteral("target.db")), m_clock);
        QVERIFY(target.create("clock-passphrase"));
        auto imported = efile::importPackage(target, package, efile::IfExists::Refuse, QStringLiteral("k.becker"));
        QVERIFY2(imported.ok(), qPrintable(imported.errorString()));
        // Read back through the next package: it carries the request's Verlauf.
        m_clock.advanceSecs(3600);
        const QString again = m_dir.filePath(QStringLiteral("again.zip"));
        QVERIFY(efile::exportRequest(target, imported->requestId, again));
        auto second = efile::verify(again);
        QVERIFY2(second.ok(), qPrintable(second.errorString()));
        QCOMPARE(second->created, importedAt.addSecs(3600));
        QList<QDateTime> importEntries;
        for (const TimelineEvent& e : second->timeline)
            if (e.kind == QLatin1String("imported"))
                importEntries << e.at;
        QCOMPARE(importEntries, QList<QDateTime> { importedAt });
    }

private:
    const QDateTime kMorning { QDate(2031, 3, 14), QTime(7, 15), QTimeZone::UTC };
    ManualClock m_clock { kMorning };
    QTemporaryDir m_dir;
    testcity::City m_city;
};

QTEST_GUILESS_MAIN(TestFixedClock)
#include "tst_fixed_clock.moc"
