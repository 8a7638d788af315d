// The inbox in the real main window, filled by a real sync from the reference server: its models
// under QAbstractItemModelTester, counts made in the background for large stores, keyset pages
// that match one ORDER BY, lazy counting, and the search index built behind the inbox.
#include "../common/QueryPlan.h"
#include "../common/Waiting.h"
#include "InboxFixture.h"
#include "core/Settings.h"
#include "core/store/DocumentCache.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"
#include "models/InboxModel.h"
#include "models/StatusNames.h"
#include "models/ViewsModel.h"
#include "server/Accounts.h"
#include "server/ApiServer.h"
#include "server/Seeder.h"
#include "server/SqlCityStore.h"
#include "ui/EFileCommands.h"
#include "ui/MainWindow.h"
#include "ui/RequestPane.h"
#include "ui/Translations.h"

#include <QAbstractItemModelTester>
#include <QAccessible>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScopeGuard>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>
#include <QUuid>

using namespace clerk;
using namespace clerk::inboxtest;

namespace {

// A store of `n` requests whose every sortable column has repeated values, and NULLs where the
// column allows them (no due date, nobody assigned), so that pages end inside runs of equal keys.
std::unique_ptr<Store> pagingStore(const QString& path, int n)
{
    auto store = std::make_unique<Store>(path);
    if (!store->create("paging-test-passphrase"))
        return nullptr;
    const QStringList services { QStringLiteral("hundesteuer"), QStringLiteral("sperrmuell"),
        QStringLiteral("bewohnerparken") };
    const QStringList statuses { QStringLiteral("received"), QStringLiteral("in_progress"), QStringLiteral("waiting"),
        QStringLiteral("approved"), QStringLiteral("closed") };
    const QStringList channels { QStringLiteral("portal"), QStringLiteral("email"), QStringLiteral("counter") };
    const QStringList names { QStringLiteral("Özdemir"), QStringLiteral("Müller"), QStringLiteral("Schmidt"),
        QStringLiteral("Bauer") };
    QList<Request> requests;
    for (int i = 0; i < n; ++i) {
        Request r;
        r.id = QUuid::createUuidV5(QUuid(), QString::number(i)).toString(QUuid::WithoutBraces);
        r.reference = QStringLiteral("STU-2026-%1").arg(100000 + (i * 7919) % n);
        r.serviceId = services.at(i % 3);
        r.teamId = QStringLiteral("team");
        r.channel = channels.at((i / 3) % 3);
        r.submittedAt = QDateTime(QDate(2026, 10, 1).addDays(i % 40), QTime(8, 0), QTimeZone::UTC);
        r.dueDate = i % 5 == 0 ? QDate() : QDate(2026, 11, 1).addDays(i % 30);
        r.status = statuses.at(i % 5);
        r.assignee = i % 4 == 0 ? QString() : QStringLiteral("clerk%1").arg(i % 3);
        r.applicant.name = names.at((i / 2) % 4);
        r.attachmentCount = i % 3;
        r.version = 1;
        requests << r;
    }
    if (!store->upsertRequests(requests))
        return nullptr;
    return store;
}

} // namespace

class TestInboxPaging : public InboxFixture
{
    Q_OBJECT
private Q_SLOTS:
    void modelsPassTheTester();
    void largeStoreCountsInTheBackground();
    void keysetPagesMatchOneQuery();
    void lazyCountingGrowsThenTakesTheKnownCount();
    void searchIndexBuiltBehindTheInbox();
};

void TestInboxPaging::modelsPassTheTester()
{
    InboxModel model(*m_store);
    model.setClerk(m_clerk);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(model.rowCount() > 0);
    model.setView(ViewsModel::View::Overdue);
    model.sort(InboxModel::Applicant, Qt::DescendingOrder);
    model.setSearch(QStringLiteral("Stuttgart"));
    QTRY_VERIFY(!model.searchPending()); // the search's answer comes from a worker thread
    model.setSearch(QString());
    model.setView(ViewsModel::View::All);
    ViewsModel views;
    QAbstractItemModelTester viewsTester(&views, QAbstractItemModelTester::FailureReportingMode::QtTest);
    views.setCount(ViewsModel::View::Overdue, 12);
    QCOMPARE(views.index(3).data(ViewsModel::CountRole).toInt(), 12);
    views.setFacets({ { QStringLiteral("hundesteuer"), QStringLiteral("Hundesteuer") } },
        { { QStringLiteral("received"), QStringLiteral("Eingegangen") } }, {});
    views.setSavedSearches({ { QStringLiteral("Kastanien"), QStringLiteral("Kastanie") } });
    // Section titles cannot be selected.
    const int section = views.rowOf(ViewsModel::Spec { ViewsModel::View::Service, QStringLiteral("hundesteuer") }) - 1;
    QVERIFY(section > 0);
    QVERIFY(!(views.flags(views.index(section)) & Qt::ItemIsSelectable));
    views.setCount(ViewsModel::Spec { ViewsModel::View::Saved, QStringLiteral("Kastanie") }, 3);
    QCOMPARE(views.index(views.rowOf(ViewsModel::Spec { ViewsModel::View::Saved, QStringLiteral("Kastanie") }))
                 .data(ViewsModel::CountRole)
                 .toInt(),
        3);
}

void TestInboxPaging::largeStoreCountsInTheBackground()
{
    // As with a million requests: the sidebar counts come from a worker connection, the window
    // stays responsive, and the figures are the same as counted on the GUI thread.
    MainWindow::setBackgroundCountsFrom(0);
    auto restore = qScopeGuard([] { MainWindow::setBackgroundCountsFrom(50000); });
    InboxModel reference(*m_store);
    reference.setClerk(m_clerk);
    QHash<int, int> expected;
    const auto counts = reference.sidebarCounts();
    QVERIFY2(counts, qPrintable(counts.error().detail));
    for (const auto& [spec, n] : counts.value())
        if (spec.param.isEmpty())
            expected.insert(int(spec.kind), n);
    {
        MainWindow w(*m_settings);
        w.attachWorkspace(*m_store, nullptr, m_clerk);
        auto countOf = [&](ViewsModel::View v) {
            auto* views = w.viewsSidebar()->model();
            for (int r = 0; r < views->rowCount(); ++r) {
                const auto spec = views->index(r, 0).data(ViewsModel::SpecRole).value<ViewsModel::Spec>();
                if (spec.kind == v && spec.param.isEmpty())
                    return views->index(r, 0).data(ViewsModel::CountRole).toInt();
            }
            return -2;
        };
        QTRY_COMPARE(countOf(ViewsModel::View::All), expected.value(int(ViewsModel::View::All)));
        QCOMPARE(countOf(ViewsModel::View::Mine), expected.value(int(ViewsModel::View::Mine)));
        QCOMPARE(countOf(ViewsModel::View::Overdue), expected.value(int(ViewsModel::View::Overdue)));
        // Changes while a pass runs: counted again afterwards; closing the window mid-pass is safe.
        for (int i = 0; i < 5; ++i)
            m_store->notifyChanged({});
    }
}

void TestInboxPaging::keysetPagesMatchOneQuery()
{
    // Page after page the model continues from the last row it has (keyset); walking the whole
    // list must give exactly the order of one ORDER BY over the view, for every sort column in
    // both directions, NULLs included.
    auto store = pagingStore(m_dir.filePath(QStringLiteral("paging.db")), 1100);
    QVERIFY(store);
    QVERIFY(store->connection().scalar("SELECT count(*) FROM requests WHERE due_date IS NULL")->toInt() > 0);
    QVERIFY(store->connection().scalar("SELECT count(*) FROM requests WHERE assignee IS NULL")->toInt() > 0);
    InboxModel model(*store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const char* columns[] = { "reference", "service_id", "applicant", "submitted_at", "due_date", "status", "assignee",
        "channel", "attachments", "flagged" };
    for (const ViewsModel::View view : { ViewsModel::View::All, ViewsModel::View::Team }) {
        model.setView(view);
        const QString where = view == ViewsModel::View::Team ? QStringLiteral(" WHERE closed = 0") : QString();
        for (int column = 0; column < InboxModel::ColumnCount; ++column) {
            for (const Qt::SortOrder order : { Qt::AscendingOrder, Qt::DescendingOrder }) {
                model.sort(column, order);
                const QString dir = order == Qt::AscendingOrder ? QStringLiteral("ASC") : QStringLiteral("DESC");
                QStringList expected;
                auto q = store->connection().query(QStringLiteral("SELECT id FROM requests%1 ORDER BY %2 %3, rid %3")
                        .arg(where, QLatin1String(columns[column]), dir));
                while (q.next())
                    expected << q.text(0);
                QCOMPARE(model.rowCount(), expected.size());
                QStringList shown;
                for (int row = 0; row < model.rowCount(); ++row)
                    shown << model.requestIdAt(row);
                QVERIFY2(shown == expected,
                    qPrintable(QStringLiteral("column %1 %2").arg(QLatin1String(columns[column]), dir)));
            }
        }
    }
    // Every column sorts by an index, in both directions and in a filtered view: SQLite's plan has
    // no temporary B-tree for the ORDER BY.
    for (const QString& where : { QString(), QStringLiteral(" WHERE closed = 0") })
        for (const char* column : columns)
            for (const QString& dir : { QStringLiteral("ASC"), QStringLiteral("DESC") }) {
                const QString text = testsql::queryPlan(store->connection(),
                    QStringLiteral("SELECT id FROM requests%1 ORDER BY %2 %3, rid %3 LIMIT 200")
                        .arg(where, QLatin1String(column), dir));
                QVERIFY2(!text.contains(QLatin1String("TEMP B-TREE")),
                    qPrintable(QLatin1String(column) + QLatin1String(": ") + text));
            }
    // The views whose rows are rare find them through an index instead of walking the due dates:
    // "flagged" by its column, "unassigned" by a partial index in the default order.
    const QList<QPair<QString, QString>> rare { { QStringLiteral("flagged = 1"), QStringLiteral("requests_flagged") },
        { QStringLiteral("coalesce(assignee, '') = '' AND +status IN ('received', 'in_progress', 'waiting')"),
            QStringLiteral("requests_unassigned_due") } };
    for (const auto& [where, index] : rare) {
        const QString text = testsql::queryPlan(store->connection(),
            QStringLiteral("SELECT id FROM requests WHERE %1 ORDER BY due_date ASC, rid ASC LIMIT 200").arg(where));
        QVERIFY2(text.contains(index), qPrintable(text));
    }
    // Jumping to the last page first (no page before it seen: fetched from the end of the list in
    // reversed order), then walking back up; NULLs at either end.
    model.setView(ViewsModel::View::All);
    for (const int column : { int(InboxModel::Due), int(InboxModel::Assignee), int(InboxModel::Reference) })
        for (const Qt::SortOrder order : { Qt::AscendingOrder, Qt::DescendingOrder }) {
            model.sort(column, order);
            const QString dir = order == Qt::AscendingOrder ? QStringLiteral("ASC") : QStringLiteral("DESC");
            QStringList expected;
            auto q = store->connection().query(QStringLiteral("SELECT id FROM requests ORDER BY %1 %2, rid %2")
                    .arg(QLatin1String(columns[column]), dir));
            while (q.next())
                expected << q.text(0);
            for (int row = model.rowCount() - 1; row >= 0; --row)
                QVERIFY2(model.requestIdAt(row) == expected.at(row),
                    qPrintable(QStringLiteral("%1 %2 row %3").arg(QLatin1String(columns[column]), dir).arg(row)));
        }
}

void TestInboxPaging::lazyCountingGrowsThenTakesTheKnownCount()
{
    auto store = pagingStore(m_dir.filePath(QStringLiteral("lazy.db")), 1050); // the last page short
    QVERIFY(store);
    InboxModel model(*store, nullptr, InboxModel::Counting::Lazy);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    // Before the counts: whole pages (the model tester fetches one more by itself), and more on
    // demand until a short page ends the list.
    QVERIFY(model.rowCount() % InboxModel::kPage == 0 && model.rowCount() < 1050);
    QVERIFY(model.canFetchMore({}));
    int fetches = 0;
    while (model.canFetchMore({}) && fetches < 20) {
        const int before = model.rowCount();
        model.fetchMore({});
        model.fetchMore({}); // asked twice before the rows came: one page
        QTRY_VERIFY(model.rowCount() > before);
        QVERIFY(model.rowCount() == before + InboxModel::kPage || model.rowCount() == 1050);
        ++fetches;
    }
    QCOMPARE(model.rowCount(), 1050);
    QVERIFY(!model.canFetchMore({}));
    // The counts arrive: a view takes its size from them without counting or resetting.
    model.setView(ViewsModel::View::Team);
    InboxModel exact(*store);
    exact.setView(ViewsModel::View::Team);
    // (The model tester fetches more by itself; whole pages, fewer than the view has.)
    QVERIFY(model.rowCount() % InboxModel::kPage == 0 && model.rowCount() < exact.rowCount());
    QVERIFY(model.canFetchMore({}));
    resets.clear();
    const auto exactCounts = exact.sidebarCounts();
    QVERIFY2(exactCounts, qPrintable(exactCounts.error().detail));
    model.setKnownCounts(exactCounts.value());
    QCOMPARE(model.rowCount(), exact.rowCount());
    QVERIFY(!model.canFetchMore({}));
    QCOMPARE(resets.count(), 0);
    QCOMPARE(model.requestIdAt(model.rowCount() - 1), exact.requestIdAt(exact.rowCount() - 1));
    // Stale counts (a request closed since): the next counts take the extra row away at the end.
    QList<QPair<ViewsModel::Spec, int>> stale = exactCounts.value();
    for (auto& [spec, n] : stale)
        if (spec.kind == ViewsModel::View::Team && spec.param.isEmpty())
            n += 1;
    model.setKnownCounts(stale);
    QCOMPARE(model.rowCount(), exact.rowCount() + 1);
    QVERIFY(!model.index(model.rowCount() - 1, InboxModel::Reference).data().isValid()); // nothing there
    model.setKnownCounts(exactCounts.value());
    QCOMPARE(model.rowCount(), exact.rowCount());
    QCOMPARE(resets.count(), 0);
}

void TestInboxPaging::searchIndexBuiltBehindTheInbox()
{
    // A first sync as the sync engine does it: the inbox is there at once, the search index is
    // built afterwards in slices; the status bar says so, and a search runs again when it is done.
    Store store(m_dir.filePath(QStringLiteral("later.db")));
    QVERIFY(store.create("later-passphrase"));
    {
        WaitingSession sync(store, QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port)));
        sync.setSearchIndexing(Store::SearchIndexing::Later);
        QVERIFY(sync.signIn(m_clerk, QStringLiteral("demo")));
        QVERIFY(sync.syncOnce().ok());
    }
    QVERIFY(store.searchIndexBuilding());
    const QString surname = store.connection()
                                .scalar("SELECT applicant FROM requests ORDER BY rid DESC LIMIT 1")
                                ->toString()
                                .section(QLatin1Char(' '), -1);
    MainWindow w(*m_settings);
    w.resize(1280, 800);
    w.attachWorkspace(store, nullptr, m_clerk);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QLabel* label = w.searchIndexIndicator();
    QVERIFY(!label->isHidden());
    QVERIFY(!label->text().isEmpty());
    QVERIFY(w.inboxModel()->rowCount() > 0); // the inbox works already
    w.inboxModel()->setView(ViewsModel::View::All);
    w.searchField()->setText(surname);
    QTRY_COMPARE(w.inboxModel()->search(), surname);
    QTRY_VERIFY(!w.inboxModel()->searchPending());
    QCOMPARE(w.inboxModel()->rowCount(), 0); // the newest request is in the last slice
    QVERIFY(store.indexSearchSlice(20).value());
    QVERIFY(!label->isHidden());
    QVERIFY2(label->text().contains(QLatin1Char('%')), qPrintable(label->text()));
    if (const QString out = qEnvironmentVariable("CLERKDESK_SCREENSHOT_DIR"); !out.isEmpty()) {
        QTest::qWait(50); // the status bar lays out the label's new text
        w.grab().save(out + QStringLiteral("/search-index-building.png"));
    }
    while (store.indexSearchSlice(20).value()) { }
    QVERIFY(label->isHidden());
    QTRY_VERIFY(w.inboxModel()->rowCount() > 0); // the search ran again and finds it now
    QVERIFY(!store.searchIndexBuilding());
    w.searchField()->clear();
}

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    installTranslations(QStringLiteral("de"));
    TestInboxPaging t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_inbox_paging.moc"
