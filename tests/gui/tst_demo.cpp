// Demo mode end to end in one process: the city starts on loopback, the app signs in and syncs
// through the production path, new requests arrive, exercises tick themselves, and the conflict
// scenario shows the banner that the trainee resolves.
#include "../common/Waiting.h"
#include "app/DemoCity.h"
#include "app/DemoTrainer.h"
#include "core/Settings.h"
#include "core/pdf/Annotations.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"
#include "core/sync/SyncEngine.h"
#include "models/InboxModel.h"
#include "ui/DocumentViewer.h"
#include "ui/MainWindow.h"
#include "ui/PageView.h"
#include "ui/RequestPane.h"
#include "ui/TrainerPanel.h"
#include "ui/Translations.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QLabel>
#include <QListView>
#include <QPushButton>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace clerk;

// All requests of a city as its admin sees them, through the production sync path.
static int countRequests(const QUrl& url, const QString& password)
{
    QTemporaryDir dir;
    Store store(dir.filePath(QStringLiteral("count.db")));
    if (!store.create("count-demo-key-123"))
        return -1;
    WaitingSession sync(store, url);
    if (!sync.signIn(QStringLiteral("admin"), password) || !sync.syncOnce())
        return -1;
    return store.connection().scalar("SELECT count(*) FROM requests")->toInt();
}

class TestDemo : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void resetStartsOver()
    {
        // "Start over" is a new process with a new city: a new temporary folder, the seeded state again,
        // and the old folder gone once the old city ends.
        QString firstFolder;
        int seeded = 0;
        {
            DemoCity first;
            QVERIFY(first.start(2026, 40).ok());
            firstFolder = first.folder();
            QVERIFY(QDir(firstFolder).exists());
            seeded = countRequests(first.url(), first.password());
            QVERIFY(seeded > 0);
            for (int i = 0; i < 3; ++i)
                first.fileOneRequest();
            QVERIFY(countRequests(first.url(), first.password()) > seeded);
        }
        QVERIFY(!QDir(firstFolder).exists());
        DemoCity again;
        QVERIFY(again.start(2026, 40).ok());
        QVERIFY(again.folder() != firstFolder);
        QCOMPARE(countRequests(again.url(), again.password()), seeded);
    }

    void launchShowsThreeHundredRequestsWithinTenSeconds()
    {
        // As `clerkdesk --demo` does it: the default city, the first demo clerk, the production sync.
        QElapsedTimer launch;
        launch.start();
        QTemporaryDir dir;
        const QString login = DemoCity::clerkLogins().first();
        DemoCity city;
        QVERIFY(city.start(2026, DemoCity::kDefaultRequests, login).ok());
        const qint64 seeded = launch.elapsed();
        Store store(dir.filePath(QStringLiteral("profile.db")));
        QVERIFY(store.create("generated-demo-key-123"));
        Settings settings(dir.filePath(QStringLiteral("user.conf")), { dir.filePath(QStringLiteral("none")) });
        MainWindow window(settings);
        SyncEngine sync(store, city.url());
        window.attachWorkspace(store, &sync, login);
        window.show();
        sync.signIn(login, city.password());
        QTRY_VERIFY_WITH_TIMEOUT(window.inboxModel()->countFor(ViewsModel::View::All) >= 300,
            int(qMax<qint64>(1000, 10000 - launch.elapsed())));
        qInfo("demo launch: city seeded in %lld ms, >= 300 requests in the inbox after %lld ms (%d shown)", seeded,
            launch.elapsed(), window.inboxModel()->countFor(ViewsModel::View::All));
        // Only the trainee's team got documents, and every request of it has its PDFs.
        QVERIFY(store.connection().scalar("SELECT count(*) FROM documents")->toInt() >= 300);
        QCOMPARE(DemoCity::clerkLogins().size(), 8);
        QVERIFY(DemoCity::describe(login).contains(QLatin1String("Parkraum")));
    }

    void trainingSession()
    {
        QTemporaryDir dir;
        DemoCity city;
        QVERIFY(city.start(2026, 120).ok());
        QVERIFY(city.url().host() == QLatin1String("127.0.0.1")); // nothing beyond loopback
        QCOMPARE(city.demoLogins().size(), 8);
        QVERIFY(city.describe(city.demoLogins().first()).contains(QLatin1String("Parkraum")));
        Store store(dir.filePath(QStringLiteral("profile.db")));
        QVERIFY(store.create("generated-demo-key-123"));
        Settings settings(dir.filePath(QStringLiteral("user.conf")), { dir.filePath(QStringLiteral("none")) });
        MainWindow window(settings);
        window.setDemoBanner(true);
        SyncEngine sync(store, city.url());
        sync.setIntervalMs(1000);
        const QString login = city.demoLogins().first();
        window.attachWorkspace(store, &sync, login);
        DemoTrainer trainer(city, store, sync, window, login, { QStringLiteral("--demo") });
        window.show();
        sync.signIn(login, city.password());
        QTRY_VERIFY_WITH_TIMEOUT(window.inboxModel()->countFor(ViewsModel::View::All) > 0, 20000);
        const int before = window.inboxModel()->countFor(ViewsModel::View::All);

        // New requests keep arriving (for the trainee's team: file until one of them is).
        for (int i = 0; i < 12; ++i)
            city.fileOneRequest();
        sync.syncNow();
        QTRY_VERIFY_WITH_TIMEOUT(window.inboxModel()->countFor(ViewsModel::View::All) > before, 20000);

        // An exercise ticks itself: a note.
        window.viewsSidebar()->setCurrentIndex(window.viewsSidebar()->model()->index(5, 0));
        QTRY_VERIFY(window.inboxModel()->rowCount() > 2);
        window.inboxView()->selectRow(0);
        QTRY_VERIFY(!window.requestPane()->requestId().isEmpty());
        const QString id = window.requestPane()->requestId();
        QVERIFY(!trainer.panel()->isDone(QStringLiteral("note")));
        QVERIFY(store.addNote(id, QStringLiteral("Übungsnotiz"), login).ok());
        QTRY_VERIFY(trainer.panel()->isDone(QStringLiteral("note")));

        // Stamp and approve: the stamp alone or the approval alone does not tick it.
        const QString stampTarget = store.connection()
                                        .scalar("SELECT r.id FROM requests r JOIN documents d ON d.request_id = r.id "
                                                "WHERE r.status IN ('received', 'in_progress') LIMIT 1")
                                        ->toString();
        QVERIFY(!stampTarget.isEmpty());
        const QString documentId
            = store.connection()
                  .scalar(QStringLiteral("SELECT id FROM documents WHERE request_id = '%1' LIMIT 1")
                          .arg(stampTarget)
                          .toUtf8()
                          .constData())
                  ->toString();
        Annotation stamp;
        stamp.documentId = documentId;
        stamp.type = AnnotationType::Stamp;
        stamp.text = pdf::stampLabel(QStringLiteral("approved"));
        pdf::Geometry::setRect(stamp, QRectF(350, 600, 180, 60));
        QVERIFY(store.createAnnotation(stamp, login).ok());
        QTest::qWait(100);
        QVERIFY(!trainer.panel()->isDone(QStringLiteral("approve")));
        auto svc = store.service(store.request(stampTarget)->serviceId);
        QStringList path { store.request(stampTarget)->status };
        // Walk the service's workflow to "approved" (each step allowed by it).
        for (int step = 0; step < 6 && path.last() != QLatin1String("approved"); ++step) {
            const QStringList next = svc->nextStates(path.last());
            const QString to = next.contains(QLatin1String("approved")) ? QStringLiteral("approved")
                : next.contains(QLatin1String("in_progress"))           ? QStringLiteral("in_progress")
                                                                        : next.value(0);
            QVERIFY2(!to.isEmpty(), qPrintable(path.join(QLatin1Char(','))));
            QVERIFY(store.changeStatus(stampTarget, to, login).ok());
            path << to;
        }
        QCOMPARE(path.last(), QStringLiteral("approved"));
        QTRY_VERIFY(trainer.panel()->isDone(QStringLiteral("approve")));

        // A colleague's stamp on an application summary shows in the viewer, from the real window.
        const QString stamped
            = store.connection()
                  .scalar("SELECT document_id FROM annotations WHERE body LIKE '%Eingegangen%' LIMIT 1")
                  ->toString();
        QVERIFY2(!stamped.isEmpty(), "the seeder stamps some documents");
        const QString stampedRequest = store.connection()
                                           .scalar(QStringLiteral("SELECT request_id FROM documents WHERE id = '%1'")
                                                   .arg(stamped)
                                                   .toUtf8()
                                                   .constData())
                                           ->toString();
        window.requestPane()->showRequest(stampedRequest);
        window.openDocument(stamped);
        QTRY_VERIFY_WITH_TIMEOUT(window.documentViewer()->pageCount() > 0, 20000);
        QTRY_VERIFY(!window.documentViewer()->annotations().isEmpty());
        QVERIFY(window.documentViewer()->findChild<QWidget*>(QStringLiteral("annotationTools"))->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(window.documentViewer()->pageView()->isRendered(0), 10000);
        if (const QString out = qEnvironmentVariable("CLERKDESK_SCREENSHOT_DIR"); !out.isEmpty())
            window.grab().save(out + QStringLiteral("/demo-viewer.png"));
        QTest::keyClick(window.documentViewer(), Qt::Key_Escape);

        // The conflict scenario: the banner appears; "take theirs" resolves it.
        trainer.provokeConflict();
        QTRY_VERIFY_WITH_TIMEOUT(window.requestPane()->banner()->isVisible(), 20000);
        auto* takeTheirs = window.requestPane()->findChild<QPushButton*>(QStringLiteral("bannerTakeTheirs"));
        QVERIFY(takeTheirs->text().contains(QLatin1String("Stand des Fachverfahrens"))
            || takeTheirs->text().contains(QLatin1String("theirs")));
        QTest::mouseClick(takeTheirs, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(trainer.panel()->isDone(QStringLiteral("conflict")), 20000);
        QTRY_VERIFY(!window.requestPane()->banner()->isVisible());
        QTest::qWait(300);
        if (const QString out = qEnvironmentVariable("CLERKDESK_SCREENSHOT_DIR"); !out.isEmpty())
            window.grab().save(out + QStringLiteral("/demo-trainer.png"));
    }
};

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    installTranslations(QStringLiteral("de"));
    TestDemo t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_demo.moc"
