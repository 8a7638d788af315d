// The request's history as a clerk reads it: entries worded from their codes in the clerk's
// language (German and English), and the RequestPane's Verlauf of a request a colleague worked,
// synced from the real reference server over loopback (with a screenshot at 1366x768).
#include "../common/Waiting.h"
#include "core/Settings.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"
#include "models/StatusNames.h"
#include "server/Accounts.h"
#include "server/ApiServer.h"
#include "server/Seeder.h"
#include "server/SqlCityStore.h"
#include "ui/MainWindow.h"
#include "ui/RequestPane.h"
#include "ui/Translations.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QGroupBox>
#include <QListView>
#include <QScrollArea>
#include <QScrollBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QTranslator>

using namespace clerk;

Q_DECLARE_METATYPE(clerk::TimelineEvent)

namespace {

void useLanguage(const QString& lang)
{
    installTranslations(lang);
}

TimelineEvent entry(const char* code, QJsonObject params, const QString& actor = QStringLiteral("b.hartmann"))
{
    TimelineEvent e;
    e.requestId = QStringLiteral("req-1");
    e.at = QDateTime(QDate(2026, 11, 26), QTime(9, 0), QTimeZone::UTC);
    e.actor = actor;
    e.kind = QString::fromLatin1(code);
    e.params = std::move(params);
    e.serverId = QStringLiteral("entry-1");
    return e;
}

} // namespace

class TestTimelinePane : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanup() { useLanguage(QStringLiteral("de")); }
    void wording_data();
    void wording();
    void verlaufOfASyncedRequest();

private:
    QTemporaryDir m_dir;
};

void TestTimelinePane::initTestCase()
{
    QVERIFY(server::accounts::initialise());
}

void TestTimelinePane::wording_data()
{
    QTest::addColumn<QString>("lang");
    QTest::addColumn<TimelineEvent>("event");
    QTest::addColumn<QString>("words");
    const QString de = QStringLiteral("de"), en = QStringLiteral("en");
    const QJsonObject status { { QStringLiteral("from"), QStringLiteral("received") },
        { QStringLiteral("to"), QStringLiteral("in_progress") } };
    const QJsonObject channel { { QStringLiteral("channel"), QStringLiteral("portal") } };
    const QJsonObject to { { QStringLiteral("to"), QStringLiteral("c.weber") } };
    const QJsonObject nobody { { QStringLiteral("to"), QString() } };
    const QJsonObject message { { QStringLiteral("message"), QStringLiteral("Bitte  den\nLageplan nachreichen.") } };
    TimelineEvent local = entry("purged", {}, QStringLiteral("ClerkDesk"));
    local.text = QStringLiteral("STU-2026-000001 vom Computer entfernt");
    TimelineEvent imported = entry("received", {}, QStringLiteral("portal"));
    imported.text = QStringLiteral("Eingegangen");

    QTest::newRow("de status") << de << entry("status_changed", status)
                               << QStringLiteral("Status geändert: Eingegangen → In Bearbeitung (b.hartmann)");
    QTest::newRow("de claimed") << de << entry("claimed", {}) << QStringLiteral("Übernommen von b.hartmann");
    QTest::newRow("de received") << de << entry("received", channel, QStringLiteral("portal"))
                                 << QStringLiteral("Eingegangen über Online-Portal");
    QTest::newRow("de assigned") << de << entry("assigned", to)
                                 << QStringLiteral("Zugewiesen an c.weber von b.hartmann");
    QTest::newRow("de unassigned") << de << entry("assigned", nobody)
                                   << QStringLiteral("Zuweisung aufgehoben von b.hartmann");
    QTest::newRow("de documents") << de << entry("documents_requested", message)
                                  << QStringLiteral(
                                         "Unterlagen nachgefordert von b.hartmann: Bitte den Lageplan nachreichen.");
    QTest::newRow("de note") << de << entry("note_added", {}) << QStringLiteral("Vermerk hinzugefügt von b.hartmann");
    QTest::newRow("de local event") << de << local
                                    << QStringLiteral("ClerkDesk · STU-2026-000001 vom Computer entfernt");
    QTest::newRow("de imported") << de << imported << QStringLiteral("portal · Eingegangen");
    QTest::newRow("de unknown code") << de << entry("sealed", {}) << QStringLiteral("b.hartmann · sealed");

    QTest::newRow("en status") << en << entry("status_changed", status)
                               << QStringLiteral("Status changed: Received → In progress (b.hartmann)");
    QTest::newRow("en claimed") << en << entry("claimed", {}) << QStringLiteral("Claimed by b.hartmann");
    QTest::newRow("en received") << en << entry("received", channel, QStringLiteral("portal"))
                                 << QStringLiteral("Received via Online portal");
    QTest::newRow("en assigned") << en << entry("assigned", to) << QStringLiteral("Assigned to c.weber by b.hartmann");
    QTest::newRow("en unassigned") << en << entry("assigned", nobody)
                                   << QStringLiteral("Assignment removed by b.hartmann");
    QTest::newRow("en documents") << en << entry("documents_requested", message)
                                  << QStringLiteral(
                                         "Documents requested by b.hartmann: Bitte den Lageplan nachreichen.");
    QTest::newRow("en note") << en << entry("note_added", {}) << QStringLiteral("Note added by b.hartmann");
}

void TestTimelinePane::wording()
{
    QFETCH(QString, lang);
    QFETCH(TimelineEvent, event);
    QFETCH(QString, words);
    useLanguage(lang);
    QCOMPARE(StatusNames::timelineEntry(event), words);
}

void TestTimelinePane::verlaufOfASyncedRequest()
{
    server::SqlCityStore::Options o;
    o.path = m_dir.filePath(QStringLiteral("city.db"));
    o.plaintext = true;
    auto city = server::SqlCityStore::open(o);
    QVERIFY(city.ok());
    server::SeedOptions seed;
    seed.seed = 11;
    seed.requests = 120;
    seed.today = QDate::currentDate();
    auto report = server::seedCity(*city.value(), seed);
    QVERIFY(report.ok());
    const QString a = report->demoLogins.first();
    QString b;
    for (const server::Clerk& c : city.value()->clerksOfTeam(city.value()->clerk(a)->teams.first()))
        if (c.login != a)
            b = c.login;
    QVERIFY(!b.isEmpty());
    server::ApiServer api(*city.value(), Clock::system());
    const quint16 port = api.listen(QHostAddress::LocalHost, 0);
    QVERIFY(port != 0);
    const QUrl url(QStringLiteral("http://127.0.0.1:%1").arg(port));

    Store storeA(m_dir.filePath(QStringLiteral("a.db"))), storeB(m_dir.filePath(QStringLiteral("b.db")));
    QVERIFY(storeA.create("timeline-pane-passphrase"));
    QVERIFY(storeB.create("timeline-pane-passphrase"));
    WaitingSession syncA(storeA, url), syncB(storeB, url);
    QVERIFY(syncA.signIn(a, QStringLiteral("demo")));
    QVERIFY(syncB.signIn(b, QStringLiteral("demo")));
    QVERIFY(syncA.syncOnce().ok());
    QVERIFY(syncB.syncOnce().ok());
    const QString id
        = storeA.connection().scalar("SELECT id FROM requests WHERE status = 'received' LIMIT 1")->toString();
    QVERIFY(!id.isEmpty());
    // Colleague A works the request (each change of the request synced before the next: they
    // build on the server's version).
    QVERIFY(storeA.claim(id, a).ok());
    QVERIFY(syncA.syncOnce().ok());
    QVERIFY(storeA.changeStatus(id, QStringLiteral("in_progress"), a).ok());
    QVERIFY(storeA.addNote(id, QStringLiteral("Halterabfrage beim KBA angestoßen."), a).ok());
    QVERIFY(syncA.syncOnce().ok());
    QVERIFY(storeA.requestDocuments(id, QStringLiteral("Bitte reichen Sie die Zulassungsbescheinigung Teil I nach."), a)
            .ok());
    QVERIFY(syncA.syncOnce().ok());
    QVERIFY(storeA.assign(id, b, a).ok());
    QVERIFY(syncA.syncOnce().ok());
    QVERIFY(syncB.syncOnce().ok());

    for (const QString& lang : { QStringLiteral("de"), QStringLiteral("en") }) {
        useLanguage(lang);
        Settings settings(m_dir.filePath(QStringLiteral("user-%1.conf").arg(lang)),
            QStringList { m_dir.filePath(QStringLiteral("none")) });
        MainWindow window(settings);
        window.attachWorkspace(storeB, nullptr, b);
        window.resize(1366, 768);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.showRequest(id); // (assigned to B now: in "Meine Anträge")
        RequestPane* pane = window.requestPane();
        QCOMPARE(pane->requestId(), id);
        QVERIFY(pane->isVisible());
        QListView* verlauf = nullptr;
        for (QListView* list : pane->findChildren<QListView*>())
            if (list->accessibleName() == RequestPane::tr("Timeline"))
                verlauf = list;
        QVERIFY(verlauf);
        QStringList lines;
        for (int i = 0; i < verlauf->model()->rowCount(); ++i)
            lines << verlauf->model()->index(i, 0).data().toString().section(QStringLiteral(" · "), 1);
        const bool de = lang == QLatin1String("de");
        const QString ab = QStringLiteral(" (%1)").arg(a);
        const QString channel = StatusNames::channel(storeB.request(id)->channel);
        const QString message = QStringLiteral("Bitte reichen Sie die Zulassungsbescheinigung Teil I nach.");
        const QStringList expected = de
            ? QStringList { QStringLiteral("Eingegangen über ") + channel, QStringLiteral("Übernommen von ") + a,
                  QStringLiteral("Status geändert: Eingegangen → In Bearbeitung") + ab,
                  QStringLiteral("Vermerk hinzugefügt von ") + a,
                  QStringLiteral("Unterlagen nachgefordert von %1: %2").arg(a, message),
                  QStringLiteral("Zugewiesen an %1 von %2").arg(b, a) }
            : QStringList { QStringLiteral("Received via ") + channel, QStringLiteral("Claimed by ") + a,
                  QStringLiteral("Status changed: Received → In progress") + ab, QStringLiteral("Note added by ") + a,
                  QStringLiteral("Documents requested by %1: %2").arg(a, message),
                  QStringLiteral("Assigned to %1 by %2").arg(b, a) };
        QCOMPARE(lines, expected);
        QVERIFY(!channel.isEmpty());

        // The Verlauf in view, as the clerk scrolls to it.
        auto* group = qobject_cast<QGroupBox*>(verlauf->parentWidget());
        QVERIFY(group);
        auto* scroll = pane->findChild<QScrollArea*>();
        QVERIFY(scroll);
        QTest::qWait(50); // laid out first
        scroll->verticalScrollBar()->setValue(scroll->verticalScrollBar()->maximum());
        scroll->ensureWidgetVisible(group);
        QTest::qWait(50);
        const QString dir = QStringLiteral(CLERKDESK_BINARY_DIR "/screenshots");
        QVERIFY(QDir().mkpath(dir));
        QVERIFY(window.grab().save(dir + QStringLiteral("/verlauf-%1.png").arg(lang)));
        QVERIFY(group->grab().save(dir + QStringLiteral("/verlauf-box-%1.png").arg(lang)));
    }
}

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    useLanguage(QStringLiteral("de"));
    TestTimelinePane t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_timeline_pane.moc"
