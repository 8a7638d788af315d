// The clerk sees every change that has not reached the city backend and decides about the ones
// that need it: a real server in-process (the demo city), real sync engine, real window.
#include "app/DemoCity.h"
#include "core/Clock.h"
#include "core/Settings.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"
#include "core/sync/SyncEngine.h"
#include "core/xdomea/XdomeaAussonderung.h"
#include "models/InboxModel.h"
#include "models/ViewsModel.h"
#include "ui/MainWindow.h"
#include "ui/RequestPane.h"
#include "ui/SyncProblemsDialog.h"

#include <QApplication>
#include <QHash>
#include <QLabel>
#include <QPushButton>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QTreeWidget>
#include <memory>

using namespace clerk;

namespace {

// The demo city, a profile on `clock`, the real window and sync engine, signed in.
struct Desk
{
    explicit Desk(Clock& clock = Clock::system())
        : store(dir.filePath(QStringLiteral("profile.db")), clock)
        , settings(dir.filePath(QStringLiteral("user.conf")), { dir.filePath(QStringLiteral("none")) })
        , window(settings)
    { }
    bool start()
    {
        if (!city.start(2026, 80).ok() || !store.create("sync-problems-key-123"))
            return false;
        sync = std::make_unique<SyncEngine>(store, city.url());
        login = city.demoLogins().first();
        window.attachWorkspace(store, sync.get(), login);
        window.show();
        sync->signIn(login, city.password());
        return true;
    }

    QTemporaryDir dir;
    DemoCity city;
    Store store;
    Settings settings;
    MainWindow window;
    std::unique_ptr<SyncEngine> sync; // (destroyed before the window and the store it works on)
    QString login;
};

} // namespace

class TestSyncProblems : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void refusedChangeIsListedComparedAndDiscarded()
    {
        Desk d;
        QVERIFY(d.start());
        Store& store = d.store;
        MainWindow& window = d.window;
        SyncEngine& sync = *d.sync;
        const QString login = d.login;
        QTRY_VERIFY_WITH_TIMEOUT(window.inboxModel()->countFor(ViewsModel::View::All) > 0, 20000);
        auto* pending = window.findChild<QLabel*>(QStringLiteral("pendingLabel"));
        QVERIFY(pending);
        QVERIFY(pending->text().isEmpty());

        // (The sync thread may still refresh the list: select until the request shows.)
        QTRY_VERIFY_WITH_TIMEOUT(
            (window.inboxView()->selectRow(0), !window.requestPane()->requestId().isEmpty()), 10000);
        const QString id = window.requestPane()->requestId();
        const QString assigneeBefore = store.request(id)->assignee;
        // Offline-visible at once: the pending count says so before any sync.
        QVERIFY(store.assign(id, QStringLiteral("mallory"), login).ok());
        QTRY_VERIFY(pending->text().contains(QLatin1String("not yet sent")));
        sync.syncNow();
        QTRY_VERIFY_WITH_TIMEOUT(!store.outbox().problemsOf(id).value().isEmpty(), 20000);
        QTRY_VERIFY(pending->text().contains(QLatin1String("decision")));
        QTRY_VERIFY(window.requestPane()->banner()->isVisible());
        QVERIFY(window.requestPane()->findChild<QPushButton*>(QStringLiteral("bannerRetry"))->isVisible());
        QVERIFY(!window.requestPane()->findChild<QPushButton*>(QStringLiteral("bannerKeepMine"))->isVisible());

        window.findChild<QAction*>(QStringLiteral("syncProblemsAction"))->trigger();
        SyncProblemsDialog* dialog = window.syncProblemsDialog();
        QVERIFY(dialog && dialog->isVisible());
        QCOMPARE(dialog->list()->topLevelItemCount(), 1);
        QTreeWidgetItem* row = dialog->list()->topLevelItem(0);
        QCOMPARE(row->text(0), store.request(id)->reference);
        QCOMPARE(row->text(1), QStringLiteral("Assign to mallory"));
        QCOMPARE(row->text(2), QStringLiteral("Refused by the city backend"));
        QCOMPARE(row->text(3), QStringLiteral("1"));
        QCOMPARE(row->text(5), QStringLiteral("mallory is not a member of the team responsible for this request."));
        QVERIFY(dialog->findChild<QPushButton*>(QStringLiteral("problemRetry"))->isEnabled());
        QVERIFY(!dialog->findChild<QPushButton*>(QStringLiteral("problemKeepMine"))->isEnabled());
        QVERIFY(dialog->findChild<QPushButton*>(QStringLiteral("problemCompare"))->isEnabled());

        // Side by side: the assignee differs and is marked in text, not only by colour.
        ConflictCompareDialog compare(store, store.outbox().problemsOf(id).value().first(), dialog);
        compare.show();
        QTreeWidget* table = compare.table();
        bool marked = false;
        for (int i = 0; i < table->topLevelItemCount(); ++i) {
            const QTreeWidgetItem* item = table->topLevelItem(i);
            if (item->text(1) == QLatin1String("Assignee")) {
                QCOMPARE(item->text(0), QStringLiteral("≠"));
                QCOMPARE(item->text(2), QStringLiteral("mallory"));
                marked = true;
            }
            if (item->text(1) == QLatin1String("Status"))
                QVERIFY(item->text(0).isEmpty());
        }
        QVERIFY(marked);
        if (const QString out = qEnvironmentVariable("CLERKDESK_SCREENSHOT_DIR"); !out.isEmpty()) {
            dialog->grab().save(out + QStringLiteral("/sync-problems.png"));
            compare.grab().save(out + QStringLiteral("/sync-compare.png"));
        }
        compare.close();

        // Retry goes again (and is refused again: nothing changed on the server).
        QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("problemRetry")), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!store.outbox().problemsOf(id).value().isEmpty()
                && store.outbox().problemsOf(id).value().first().attempts == 2
                && store.outbox().problemsOf(id).value().first().state == Mutation::State::Rejected
                && store.outbox().pendingCount().value() == 0,
            20000);
        // Discard: the server's state comes back, the list is empty, the banner goes.
        dialog->reload();
        QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("problemDiscard")), Qt::LeftButton);
        QCOMPARE(dialog->list()->topLevelItemCount(), 0);
        QVERIFY(dialog->summary()->text().contains(QLatin1String("Everything")));
        QCOMPARE(store.request(id)->assignee, assigneeBefore);
        QTRY_VERIFY(!window.requestPane()->banner()->isVisible());
        QTRY_VERIFY(pending->text().isEmpty());
    }

    void refusedOfferWithdrawsTheListAndSaysSo()
    {
        // The clerk closes a request; the profile's clock then runs decades ahead: it lets the
        // clerk offer the request, the backend (by its own clock) refuses. The offer list is
        // withdrawn, and the window says so.
        ManualClock clock;
        Desk d(clock);
        QVERIFY(d.start());
        Store& store = d.store;
        MainWindow& window = d.window;
        SyncEngine& sync = *d.sync;
        const QString login = d.login;
        QTRY_VERIFY_WITH_TIMEOUT(window.inboxModel()->countFor(ViewsModel::View::All) > 0, 20000);
        const QString id = store.connection()
                               .scalar("SELECT id FROM requests WHERE status IN ('received', 'in_progress', "
                                       "'waiting') ORDER BY id LIMIT 1")
                               ->toString();
        QVERIFY(!id.isEmpty());
        const QHash<QString, QString> next { { QStringLiteral("received"), QStringLiteral("in_progress") },
            { QStringLiteral("in_progress"), QStringLiteral("approved") },
            { QStringLiteral("waiting"), QStringLiteral("in_progress") },
            { QStringLiteral("approved"), QStringLiteral("closed") } };
        for (int guard = 0; guard < 6 && store.request(id)->status != QLatin1String("closed"); ++guard)
            QVERIFY(store.changeStatus(id, next.value(store.request(id)->status), login).ok());
        sync.syncNow();
        QTRY_VERIFY_WITH_TIMEOUT(store.outbox().pendingCount().value() == 0, 20000);
        QVERIFY(store.outbox().problemsOf(id).value().isEmpty());
        clock.advanceSecs(clock.now().secsTo(QDateTime(QDate(2060, 1, 7), QTime(9, 0), QTimeZone::UTC)));
        auto candidates = xdomea::offerCandidates(store, { id });
        QVERIFY(candidates);
        QVERIFY2(candidates->first().offerable, qPrintable(candidates->first().why));
        const xdomea::Authority us { QStringLiteral("Landeshauptstadt Stuttgart"), {}, {}, {}, {} };
        const xdomea::Authority archive { QStringLiteral("Stadtarchiv Stuttgart"), {}, {}, {}, {} };
        auto offered = xdomea::offer(store, { id }, us, archive, xdomea::newProcessId(), d.dir.path());
        QVERIFY2(offered, qPrintable(offered.errorString()));
        QVERIFY(QFile::exists(offered->heldPath));
        sync.syncNow();
        QTRY_VERIFY_WITH_TIMEOUT(window.statusBar()->currentMessage().contains(QLatin1String(
                                     "1 file(s) for the archive withdrawn: do not send them (see the sync problems).")),
            20000);
        QVERIFY(!QFile::exists(offered->heldPath));
        QVERIFY(!QFile::exists(offered->zipPath));
        QCOMPARE(store.outbox().problemsOf(id).value().size(), 1);
    }
};

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    TestSyncProblems t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_sync_problems.moc"
