// The search's hits beside the search field in the real main window (offscreen, German, 1366×768):
// a search that finds more than the list holds says so ("Mehr als 500 Treffer – verfeinern Sie die
// Suche") instead of showing 500 rows as if they were all; a narrower one says how many it found;
// no search, nothing. CLERKDESK_SCREENSHOT_DIR: the window with the cut search, search-hits-de.png.
#include "core/Settings.h"
#include "core/store/Store.h"
#include "models/InboxModel.h"
#include "models/ViewsModel.h"
#include "ui/MainWindow.h"
#include "ui/Translations.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace clerk;

namespace {

Request requestNumber(int i)
{
    Request r;
    r.id = QUuid::createUuidV5(QUuid(), QStringLiteral("hits-%1").arg(i)).toString(QUuid::WithoutBraces);
    r.reference = QStringLiteral("HIT-2026-%1").arg(100000 + i);
    r.serviceId = QStringLiteral("hundesteuer");
    r.teamId = QStringLiteral("team");
    r.channel = QStringLiteral("portal");
    r.submittedAt = QDateTime(QDate(2026, 10, 1).addDays(i % 40), QTime(8, 0), QTimeZone::UTC);
    r.dueDate = QDate(2026, 12, 1).addDays(i % 30);
    r.status = QStringLiteral("received");
    // 700 Müllers, 37 of them from Kassel.
    r.applicant.name = i < 37 ? QStringLiteral("Kassel Müller") : QStringLiteral("Jana Müller");
    r.version = 1;
    return r;
}

} // namespace

class TestSearchHitsWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void cutSearchSaysSo();
};

void TestSearchHitsWindow::cutSearchSaysSo()
{
    QTemporaryDir dir;
    Store store(dir.filePath(QStringLiteral("hits.db")));
    QVERIFY(store.create("hits-test-passphrase"));
    QList<Request> requests;
    for (int i = 0; i < 700; ++i)
        requests << requestNumber(i);
    QVERIFY(store.upsertRequests(requests));
    Settings settings(dir.filePath(QStringLiteral("user.conf")), QStringList { dir.filePath(QStringLiteral("none")) });
    MainWindow window(settings);
    window.attachWorkspace(store, nullptr, QStringLiteral("clerk1"));
    window.resize(1366, 768);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* views = qobject_cast<ViewsModel*>(window.viewsSidebar()->model());
    QVERIFY(views);
    window.viewsSidebar()->setCurrentIndex(views->index(views->rowOf({ ViewsModel::View::All, {} })));
    QTRY_COMPARE(window.inboxModel()->rowCount(), 700);
    auto* hits = window.findChild<QLabel*>(QStringLiteral("searchHitsLabel"));
    QVERIFY(hits);
    QCOMPARE(hits->text(), QString());

    // 700 hits: the list holds the best 500 and the label says that there are more.
    window.searchField()->setText(QStringLiteral("Müller ")); // (keyClicks types ASCII only)
    QTRY_COMPARE(window.inboxModel()->search(), QStringLiteral("Müller "));
    QTRY_VERIFY(!window.inboxModel()->searchPending());
    QCOMPARE(window.inboxModel()->rowCount(), InboxModel::kSearchHits);
    QVERIFY(window.inboxModel()->searchHasMore());
    QCOMPARE(hits->text(), QStringLiteral("Mehr als 500 Treffer – verfeinern Sie die Suche"));
    QVERIFY(hits->isVisible());
    QVERIFY(!hits->toolTip().isEmpty());
    QTest::qWait(100);
    const QPixmap shot = window.grab();
    QVERIFY(!shot.isNull());
    if (const QString out = qEnvironmentVariable("CLERKDESK_SCREENSHOT_DIR"); !out.isEmpty())
        QVERIFY(shot.save(out + QStringLiteral("/search-hits-de.png")));

    // Refined: all of them in the list, and how many.
    QTest::keyClicks(window.searchField(), QStringLiteral("Kassel "));
    QTRY_COMPARE(window.inboxModel()->search(), QStringLiteral("Müller Kassel "));
    QTRY_VERIFY(!window.inboxModel()->searchPending());
    QCOMPARE(window.inboxModel()->rowCount(), 37);
    QVERIFY(!window.inboxModel()->searchHasMore());
    QCOMPARE(hits->text(), QStringLiteral("37 Treffer"));

    // Locked: no hits are told (the list is empty); unlocked: the search runs again.
    store.lock();
    QCOMPARE(window.inboxModel()->rowCount(), 0);
    QCOMPARE(hits->text(), QString());
    QVERIFY(store.unlock("hits-test-passphrase"));
    QTRY_VERIFY(!window.inboxModel()->searchPending());
    QCOMPARE(hits->text(), QStringLiteral("37 Treffer"));

    // No search: nothing beside the field.
    window.searchField()->clear();
    QTRY_VERIFY(window.inboxModel()->search().isEmpty());
    QCOMPARE(window.inboxModel()->rowCount(), 700);
    QCOMPARE(hits->text(), QString());
}

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    installTranslations(QStringLiteral("de"));
    TestSearchHitsWindow t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_search_hits_window.moc"
