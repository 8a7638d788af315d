// The inbox in the real main window, filled by a real sync from the reference server: model
// checks, keyboard-only triage, live updates that keep the selection, and accessible names.
#include "../common/Waiting.h"
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

class TestInbox : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void modelsPassTheTester();
    void viewsFilterAndCount();
    void keyboardTriage();
    void liveUpdateKeepsSelection();
    void facetsAndFlags();
    void bulkTriageByKeyboard();
    void savedSearchAndHighlight();
    void columnsPersist();
    void shortcutOverviewListsMenus();
    void efileExportAndImport();
    void everyFocusableWidgetHasAName();
    void largeStoreCountsInTheBackground();
    void keysetPagesMatchOneQuery();
    void lazyCountingGrowsThenTakesTheKnownCount();
    void searchIndexBuiltBehindTheInbox();
    void screenshots();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<server::SqlCityStore> m_city;
    std::unique_ptr<server::ApiServer> m_api;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<MainWindow> m_window;
    QString m_clerk;
    quint16 m_port = 0;
};

void TestInbox::initTestCase()
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

void TestInbox::modelsPassTheTester()
{
    InboxModel model(*m_store);
    model.setClerk(m_clerk);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(model.rowCount() > 0);
    model.setView(ViewsModel::View::Overdue);
    model.sort(InboxModel::Applicant, Qt::DescendingOrder);
    model.setSearch(QStringLiteral("Stuttgart"));
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

void TestInbox::largeStoreCountsInTheBackground()
{
    // As with a million requests: the sidebar counts come from a worker connection, the window
    // stays responsive, and the figures are the same as counted on the GUI thread.
    MainWindow::setBackgroundCountsFrom(0);
    auto restore = qScopeGuard([] { MainWindow::setBackgroundCountsFrom(50000); });
    InboxModel reference(*m_store);
    reference.setClerk(m_clerk);
    QHash<int, int> expected;
    for (const auto& [spec, n] : reference.sidebarCounts())
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

void TestInbox::keysetPagesMatchOneQuery()
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
                auto plan = store->connection().query(
                    QStringLiteral("EXPLAIN QUERY PLAN SELECT id FROM requests%1 ORDER BY %2 %3, rid %3 LIMIT 200")
                        .arg(where, QLatin1String(column), dir));
                QString text;
                while (plan.next())
                    text += plan.text(3) + QLatin1Char(' ');
                QVERIFY2(!text.contains(QLatin1String("TEMP B-TREE")),
                    qPrintable(QLatin1String(column) + QLatin1String(": ") + text));
            }
    // The views whose rows are rare find them through an index instead of walking the due dates:
    // "flagged" by its column, "unassigned" by a partial index in the default order.
    const QList<QPair<QString, QString>> rare { { QStringLiteral("flagged = 1"), QStringLiteral("requests_flagged") },
        { QStringLiteral("coalesce(assignee, '') = '' AND +status IN ('received', 'in_progress', 'waiting')"),
            QStringLiteral("requests_unassigned_due") } };
    for (const auto& [where, index] : rare) {
        auto plan = store->connection().query(QStringLiteral(
            "EXPLAIN QUERY PLAN SELECT id FROM requests WHERE %1 ORDER BY due_date ASC, rid ASC LIMIT 200")
                .arg(where));
        QString text;
        while (plan.next())
            text += plan.text(3) + QLatin1Char(' ');
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

void TestInbox::lazyCountingGrowsThenTakesTheKnownCount()
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
    model.setKnownCounts(exact.sidebarCounts());
    QCOMPARE(model.rowCount(), exact.rowCount());
    QVERIFY(!model.canFetchMore({}));
    QCOMPARE(resets.count(), 0);
    QCOMPARE(model.requestIdAt(model.rowCount() - 1), exact.requestIdAt(exact.rowCount() - 1));
    // Stale counts (a request closed since): the next counts take the extra row away at the end.
    QList<QPair<ViewsModel::Spec, int>> stale = exact.sidebarCounts();
    for (auto& [spec, n] : stale)
        if (spec.kind == ViewsModel::View::Team && spec.param.isEmpty())
            n += 1;
    model.setKnownCounts(stale);
    QCOMPARE(model.rowCount(), exact.rowCount() + 1);
    QVERIFY(!model.index(model.rowCount() - 1, InboxModel::Reference).data().isValid()); // nothing there
    model.setKnownCounts(exact.sidebarCounts());
    QCOMPARE(model.rowCount(), exact.rowCount());
    QCOMPARE(resets.count(), 0);
}

void TestInbox::viewsFilterAndCount()
{
    InboxModel model(*m_store);
    model.setClerk(m_clerk);
    const int all = m_store->connection().scalar("SELECT count(*) FROM requests")->toInt();
    model.setView(ViewsModel::View::All);
    QCOMPARE(model.rowCount(), all);
    model.setView(ViewsModel::View::Mine);
    QVERIFY(model.rowCount() > 0);
    for (int r = 0; r < model.rowCount(); ++r)
        QCOMPARE(model.index(r, InboxModel::Assignee).data().toString(), m_clerk);
    model.setView(ViewsModel::View::Overdue);
    for (int r = 0; r < model.rowCount(); ++r)
        QCOMPARE(model.index(r, 0).data(InboxModel::DueStateRole).toInt(), 2);
    // The sidebar's one-pass counts equal the per-view counts.
    model.setView(ViewsModel::View::All);
    int compared = 0;
    for (const auto& [spec, n] : model.sidebarCounts()) {
        QCOMPARE(n, model.countFor(spec));
        ++compared;
    }
    QVERIFY(compared >= 7 + 3);
    // Sorted by due date ascending: never decreasing.
    model.setView(ViewsModel::View::All);
    model.sort(InboxModel::Received, Qt::AscendingOrder);
    qint64 last = 0;
    for (int r = 0; r < model.rowCount(); ++r) {
        const auto req = m_store->request(model.requestIdAt(r));
        QVERIFY(req->submittedAt.toSecsSinceEpoch() >= last);
        last = req->submittedAt.toSecsSinceEpoch();
    }
}

void TestInbox::keyboardTriage()
{
    MainWindow& w = *m_window;
    // Search: Ctrl+F, type a name that exists.
    // QTest types ASCII only: search for a reference.
    const QString last
        = m_store->connection().scalar("SELECT reference FROM requests WHERE status = 'received' LIMIT 1")->toString();
    QTest::keyClick(&w, Qt::Key_F, Qt::ControlModifier);
    QTRY_VERIFY(w.searchField()->hasFocus());
    QTest::keyClicks(w.searchField(), last);
    QTRY_VERIFY(w.inboxModel()->rowCount() > 0);
    QTRY_COMPARE(w.inboxModel()->rowCount(), 1);
    QCOMPARE(w.inboxModel()->index(0, InboxModel::Reference).data().toString(), last);
    // Into the list, first row.
    w.inboxView()->setFocus();
    QTest::keyClick(w.inboxView(), Qt::Key_Home);
    QTest::keyClick(w.inboxView(), Qt::Key_Down);
    QTest::keyClick(w.inboxView(), Qt::Key_Up);
    QTRY_VERIFY(!w.requestPane()->requestId().isEmpty());
    const QString id = w.requestPane()->requestId();
    const int outboxBefore = m_store->outbox().all(10000).value().size();
    // Claim by shortcut.
    if (w.requestPane()->claimButton()->isEnabled()) {
        QTest::keyClick(&w, Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_COMPARE(m_store->request(id)->assignee, m_clerk);
    }
    // Status along the workflow: the combo offers only allowed transitions.
    QComboBox* status = w.requestPane()->statusBox();
    QVERIFY(status->count() > 0);
    auto svc = m_store->service(m_store->request(id)->serviceId);
    for (int i = 0; i < status->count(); ++i)
        QVERIFY(svc->allows(m_store->request(id)->status, status->itemData(i).toString()));
    const QString next = status->itemData(0).toString();
    status->setFocus();
    QTest::keyClick(w.requestPane()->statusButton(), Qt::Key_Space);
    QTRY_COMPARE(m_store->request(id)->status, next);
    // A note, typed.
    w.requestPane()->noteEdit()->setFocus();
    QTest::keyClicks(w.requestPane()->noteEdit(), QStringLiteral("Rueckfrage per Telefon geklaert"));
    QTest::keyClick(w.requestPane()->noteButton(), Qt::Key_Space);
    QTRY_COMPARE(m_store->notes().of(id).value().last().text, QStringLiteral("Rueckfrage per Telefon geklaert"));
    QVERIFY(w.requestPane()->noteEdit()->toPlainText().isEmpty());
    QVERIFY(m_store->outbox().all(10000).value().size() >= outboxBefore + 2);
    QCOMPARE(m_store->outboxPart(Store::OutboxPart::Unsent, 10000)->last().kind, QStringLiteral("note"));
    w.searchField()->clear();
    QTRY_COMPARE(w.inboxModel()->rowCount(), w.inboxModel()->countFor(w.inboxModel()->view()));
}

void TestInbox::liveUpdateKeepsSelection()
{
    MainWindow& w = *m_window;
    w.viewsSidebar()->setCurrentIndex(w.viewsSidebar()->model()->index(5, 0)); // all requests
    QTRY_VERIFY(w.inboxModel()->rowCount() > 5);
    w.inboxView()->selectRow(3);
    QTRY_VERIFY(!w.requestPane()->requestId().isEmpty());
    const QString selected = w.requestPane()->requestId();
    w.requestPane()->noteEdit()->setPlainText(QStringLiteral("halb getippt"));
    // Sync brings a change to another request and a new one.
    auto other = m_store->request(w.inboxModel()->requestIdAt(0)).value();
    other.applicant.name = QStringLiteral("Geändert Live");
    other.version += 1;
    QVERIFY(m_store->upsertRequests({ other }));
    QTRY_COMPARE(w.inboxModel()->requestIdAt(w.inboxView()->currentIndex().row()), selected);
    QCOMPARE(w.requestPane()->requestId(), selected);
    QCOMPARE(w.requestPane()->noteEdit()->toPlainText(), QStringLiteral("halb getippt"));
    w.requestPane()->noteEdit()->clear();
}

void TestInbox::facetsAndFlags()
{
    MainWindow& w = *m_window;
    auto* views = qobject_cast<ViewsModel*>(w.viewsSidebar()->model());
    QVERIFY(views);
    // By service: the count is the number of open requests of that service, and choosing it filters.
    const QString service
        = m_store->connection()
              .scalar("SELECT service_id FROM requests WHERE closed = 0 GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
              ->toString();
    auto countOf = [this](const char* sql, const QString& arg) {
        auto q = m_store->connection().query(sql);
        q.bindAll(arg);
        return q.next() ? q.integer(0) : -1;
    };
    const int open = countOf("SELECT count(*) FROM requests WHERE closed = 0 AND service_id = ?1", service);
    const int row = views->rowOf(ViewsModel::Spec { ViewsModel::View::Service, service });
    QVERIFY(row > 0);
    QTRY_COMPARE(views->index(row).data(ViewsModel::CountRole).toInt(), open);
    w.viewsSidebar()->setCurrentIndex(views->index(row));
    QTRY_COMPARE(w.inboxModel()->rowCount(), open);
    for (int r = 0; r < w.inboxModel()->rowCount(); ++r)
        QCOMPARE(w.inboxModel()->index(r, 0).data(InboxModel::ServiceIdRole).toString(), service);
    // By status.
    const int received = views->rowOf(ViewsModel::Spec { ViewsModel::View::StatusIs, QStringLiteral("received") });
    w.viewsSidebar()->setCurrentIndex(views->index(received));
    QTRY_COMPARE(w.inboxModel()->rowCount(),
        m_store->connection().scalar("SELECT count(*) FROM requests WHERE status = 'received'")->toInt());
    // Flag two requests by keyboard; the flagged view and its count follow, and the flag shows as text.
    w.viewsSidebar()->setCurrentIndex(views->index(5)); // all
    QTRY_VERIFY(w.inboxModel()->rowCount() > 3);
    w.inboxView()->setFocus();
    w.inboxView()->selectionModel()->setCurrentIndex(
        w.inboxModel()->index(0, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QTest::keyClick(w.inboxView(), Qt::Key_Down, Qt::ShiftModifier);
    QCOMPARE(w.selectedRequestIds().size(), 2);
    QTest::keyClick(&w, Qt::Key_F, Qt::ControlModifier | Qt::ShiftModifier);
    const QStringList flagged = w.selectedRequestIds();
    for (const QString& id : flagged)
        QTRY_COMPARE(countOf("SELECT flagged FROM requests WHERE id = ?1", id), 1);
    QTRY_COMPARE(views->index(6).data(ViewsModel::CountRole).toInt(), 2);
    QCOMPARE(w.inboxModel()->index(0, InboxModel::Flag).data().toString(), QStringLiteral("⚑"));
    QCOMPARE(
        w.inboxModel()->index(0, InboxModel::Flag).data(Qt::AccessibleTextRole).toString(), QStringLiteral("Markiert"));
    w.viewsSidebar()->setCurrentIndex(views->index(6));
    QTRY_COMPARE(w.inboxModel()->rowCount(), 2);
    // Unflag both again (the shortcut toggles).
    w.inboxView()->setFocus();
    w.inboxView()->selectAll();
    QCOMPARE(w.selectedRequestIds().size(), 2);
    QVERIFY(w.findChild<QAction*>(QStringLiteral("flagAction"))->isEnabled());
    QTest::keyClick(&w, Qt::Key_F, Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_COMPARE(w.inboxModel()->rowCount(), 0);
    w.viewsSidebar()->setCurrentIndex(views->index(5));
}

void TestInbox::bulkTriageByKeyboard()
{
    MainWindow& w = *m_window;
    auto* views = qobject_cast<ViewsModel*>(w.viewsSidebar()->model());
    w.viewsSidebar()->setCurrentIndex(
        views->index(views->rowOf(ViewsModel::Spec { ViewsModel::View::StatusIs, QStringLiteral("received") })));
    QTRY_VERIFY(w.inboxModel()->rowCount() >= 3);
    // j/k move; Enter opens into the request's first action.
    w.inboxView()->setFocus();
    w.inboxView()->selectionModel()->setCurrentIndex(
        w.inboxModel()->index(0, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QTest::keyClick(w.inboxView(), Qt::Key_J);
    QCOMPARE(w.inboxView()->currentIndex().row(), 1);
    QTest::keyClick(w.inboxView(), Qt::Key_K);
    QCOMPARE(w.inboxView()->currentIndex().row(), 0);
    QTest::keyClick(w.inboxView(), Qt::Key_Return);
    QTRY_VERIFY(w.requestPane()->isAncestorOf(QApplication::focusWidget()));
    // Back to the list, select three with Shift+Down, assign them to a colleague.
    w.inboxView()->setFocus();
    QTest::keyClick(w.inboxView(), Qt::Key_Down, Qt::ShiftModifier);
    QTest::keyClick(w.inboxView(), Qt::Key_Down, Qt::ShiftModifier);
    const QStringList three = w.selectedRequestIds();
    QCOMPARE(three.size(), 3);
    const QString team = m_store->request(three.first())->teamId;
    QString colleague;
    for (const QString& c : m_store->requests().colleaguesOf(team).value())
        if (c != m_clerk)
            colleague = c;
    QVERIFY(!colleague.isEmpty());
    const int outboxBefore = int(m_store->outbox().all(100000).value().size());
    // The assign dialog: type the colleague's login, Enter.
    QTimer::singleShot(0, this, [colleague] {
        QTRY_VERIFY(qobject_cast<QInputDialog*>(QApplication::activeModalWidget()));
        auto* dialog = qobject_cast<QInputDialog*>(QApplication::activeModalWidget());
        auto* combo = dialog->findChild<QComboBox*>();
        combo->lineEdit()->selectAll();
        QTest::keyClicks(combo->lineEdit(), colleague);
        QTest::keyClick(combo, Qt::Key_Return);
    });
    QTest::keyClick(&w, Qt::Key_A, Qt::ControlModifier | Qt::ShiftModifier);
    for (const QString& id : three)
        QTRY_COMPARE(m_store->request(id)->assignee, colleague);
    const QList<Mutation> out = m_store->outbox().all(100000).value();
    QCOMPARE(int(out.size()), outboxBefore + 3);
    for (int i = outboxBefore; i < out.size(); ++i) {
        QCOMPARE(out.at(i).op, QStringLiteral("assign"));
        QCOMPARE(out.at(i).data.value(QLatin1String("assignee")).toString(), colleague);
    }
    // Bulk status: only transitions common to all are offered; pick the first. Three received
    // requests of one service (one workflow).
    QStringList same;
    {
        auto q = m_store->connection().query(
            "SELECT id FROM requests WHERE status = 'received' AND service_id = (SELECT service_id FROM requests "
            "WHERE status = 'received' GROUP BY service_id HAVING count(*) >= 3 LIMIT 1) LIMIT 3");
        while (q.next())
            same << q.text(0);
    }
    QCOMPARE(same.size(), 3);
    w.inboxView()->setFocus();
    w.inboxView()->selectionModel()->clearSelection();
    for (const QString& id : same) {
        const int row = w.inboxModel()->rowOf(id);
        QVERIFY(row >= 0);
        w.inboxView()->selectionModel()->select(
            w.inboxModel()->index(row, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
    QCOMPARE(w.selectedRequestIds().size(), 3);
    QString offered;
    QTimer::singleShot(0, this, [&offered] {
        QTRY_VERIFY(qobject_cast<QInputDialog*>(QApplication::activeModalWidget()));
        auto* dialog = qobject_cast<QInputDialog*>(QApplication::activeModalWidget());
        offered = dialog->findChild<QComboBox*>()->currentText();
        QTest::keyClick(dialog->findChild<QComboBox*>(), Qt::Key_Return);
    });
    // (A closed modal dialog leaves no active window under the offscreen platform: shortcuts of
    // the window need it active again, as a desktop would make it.)
    QAction* statusAction = w.findChild<QAction*>(QStringLiteral("statusAction"));
    QVERIFY(statusAction->isEnabled());
    QCOMPARE(statusAction->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    statusAction->trigger(); // (QTest's Ctrl+Shift+S does not reach the shortcut map under offscreen)
    QTRY_VERIFY(!offered.isEmpty());
    for (const QString& id : same) {
        QTRY_VERIFY(m_store->request(id)->status != QLatin1String("received"));
        QCOMPARE(offered, StatusNames::status(m_store->request(id)->status));
    }
    w.viewsSidebar()->setCurrentIndex(views->index(5));
}

void TestInbox::savedSearchAndHighlight()
{
    MainWindow& w = *m_window;
    auto* views = qobject_cast<ViewsModel*>(w.viewsSidebar()->model());
    const QString name
        = m_store->connection().scalar("SELECT applicant FROM requests ORDER BY rid LIMIT 1")->toString();
    const QString word = name.section(QLatin1Char(' '), -1);
    w.searchField()->setText(word);
    QTRY_COMPARE(w.inboxModel()->search(), word);
    QTRY_VERIFY(w.inboxModel()->rowCount() > 0);
    // Hits are marked in the request pane (rich text with the word in bold).
    w.inboxView()->selectRow(0);
    QTRY_VERIFY(!w.requestPane()->requestId().isEmpty());
    bool marked = false;
    for (QLabel* l : w.requestPane()->findChildren<QLabel*>())
        marked |= l->textFormat() == Qt::RichText
            && l->text().contains(QLatin1String("font-weight:bold\">") + word.toHtmlEscaped());
    QVERIFY(marked);
    // Save it under a name: it appears in the sidebar with its count and runs again when chosen.
    QTimer::singleShot(0, this, [] {
        QTRY_VERIFY(qobject_cast<QInputDialog*>(QApplication::activeModalWidget()));
        auto* dialog = qobject_cast<QInputDialog*>(QApplication::activeModalWidget());
        auto* edit = dialog->findChild<QLineEdit*>();
        edit->selectAll();
        QTest::keyClicks(edit, QStringLiteral("Meine Suche"));
        QTest::keyClick(edit, Qt::Key_Return);
    });
    QAction* save = w.findChild<QAction*>(QStringLiteral("saveSearchAction"));
    QVERIFY(save->isEnabled());
    QCOMPARE(save->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_D));
    save->trigger();
    const ViewsModel::Spec saved { ViewsModel::View::Saved, word };
    QTRY_VERIFY(views->rowOf(saved) > 0);
    QCOMPARE(m_store->savedSearches().list().value().first(), qMakePair(QStringLiteral("Meine Suche"), word));
    const int hits = w.inboxModel()->rowCount();
    QCOMPARE(views->index(views->rowOf(saved)).data(ViewsModel::CountRole).toInt(), hits);
    w.searchField()->clear();
    QTRY_VERIFY(w.inboxModel()->search().isEmpty());
    w.viewsSidebar()->setCurrentIndex(views->index(views->rowOf(saved)));
    QTRY_COMPARE(w.searchField()->text(), word);
    QTRY_COMPARE(w.inboxModel()->rowCount(), hits);
    // Removed again from the sidebar's menu action.
    w.findChild<QAction*>(QStringLiteral("removeSearchAction"))->trigger();
    QTRY_COMPARE(views->rowOf(saved), -1);
    QVERIFY(m_store->savedSearches().list().value().isEmpty());
    w.searchField()->clear();
    QTRY_VERIFY(w.inboxModel()->search().isEmpty());
    w.viewsSidebar()->setCurrentIndex(views->index(5));
}

void TestInbox::columnsPersist()
{
    QHeaderView* header = m_window->inboxView()->horizontalHeader();
    header->setSectionHidden(InboxModel::Channel, true);
    header->resizeSection(InboxModel::Applicant, 222);
    // A new window on the same settings shows the same columns.
    MainWindow again(*m_settings);
    again.attachWorkspace(*m_store, nullptr, m_clerk);
    QHeaderView* restored = again.inboxView()->horizontalHeader();
    QVERIFY(restored->isSectionHidden(InboxModel::Channel));
    QCOMPARE(restored->sectionSize(InboxModel::Applicant), 222);
    header->setSectionHidden(InboxModel::Channel, false);
}

void TestInbox::shortcutOverviewListsMenus()
{
    QTimer::singleShot(0, this, [] {
        QTRY_VERIFY(QApplication::activeModalWidget());
        auto* dialog = QApplication::activeModalWidget();
        QCOMPARE(dialog->objectName(), QStringLiteral("shortcutsDialog"));
        auto* table = dialog->findChild<QTreeWidget*>();
        QStringList keys;
        for (QTreeWidgetItemIterator it(table); *it; ++it)
            keys << (*it)->text(1);
        QVERIFY(keys.contains(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C).toString(QKeySequence::NativeText)));
        QVERIFY(keys.contains(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A).toString(QKeySequence::NativeText)));
        QVERIFY(keys.contains(QKeySequence(Qt::Key_F5).toString(QKeySequence::NativeText)));
        if (const QString out = qEnvironmentVariable("CLERKDESK_SCREENSHOT_DIR"); !out.isEmpty())
            dialog->grab().save(out + QStringLiteral("/shortcuts-de.png"));
        dialog->close();
    });
    QAction* keys = m_window->findChild<QAction*>(QStringLiteral("shortcutsAction"));
    QVERIFY(keys->shortcuts().contains(QKeySequence(Qt::Key_F1)));
    keys->trigger();
}

void TestInbox::efileExportAndImport()
{
    MainWindow& w = *m_window;
    const QString id = m_store->connection().scalar("SELECT request_id FROM documents LIMIT 1")->toString();
    // The documents come to this computer first (export needs the bytes).
    WaitingSession sync(*m_store, QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port)));
    QVERIFY(sync.signIn(m_clerk, QStringLiteral("demo")));
    const QString path = m_dir.filePath(QStringLiteral("export.zip"));
    for (const Document& d : DocumentCache(*m_store).documentsOf(id))
        QVERIFY(sync.fetchDocument(d.id));
    QSignalSpy exported(&w, &MainWindow::efileExported);
    EFileCommands* efile = w.efileCommands();
    QSignalSpy imported(efile, &EFileCommands::imported);
    QSignalSpy failed(efile, &EFileCommands::failed);
    // Both run as jobs on a worker thread: the window goes on while they run.
    QVERIFY(efile->exportEFile(id, path));
    QTRY_COMPARE_WITH_TIMEOUT(exported.size(), 1, 30000);
    QCOMPARE(failed.size(), 0);
    QVERIFY(QFile::exists(path));
    // Import into the same profile: the clerk is asked, and keeps both.
    const int before = m_store->connection().scalar("SELECT count(*) FROM requests")->toInt();
    // (The box comes when the first import job has finished: it is answered by polling.)
    auto whenBoxShows = [this](std::function<void(QMessageBox*)> act) {
        auto* poll = new QTimer(this);
        connect(poll, &QTimer::timeout, this, [poll, act] {
            if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
                poll->stop();
                poll->deleteLater();
                act(box);
            }
        });
        poll->start(50);
    };
    whenBoxShows([](QMessageBox* box) { box->findChild<QPushButton*>(QStringLiteral("importKeepBoth"))->click(); });
    QVERIFY(efile->importEFile(path));
    QTRY_COMPARE_WITH_TIMEOUT(imported.size(), 1, 30000);
    QCOMPARE(failed.size(), 0);
    QCOMPARE(m_store->connection().scalar("SELECT count(*) FROM requests")->toInt(), before + 1);
    QVERIFY(w.requestPane()->requestId() != id);
    QCOMPARE(DocumentCache(*m_store).documentsOf(w.requestPane()->requestId()).size(),
        DocumentCache(*m_store).documentsOf(id).size());
    // A damaged package: told why, nothing changes.
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadWrite));
    f.resize(f.size() / 2);
    f.close();
    QString told;
    whenBoxShows([&told](QMessageBox* box) {
        told = box->text();
        box->accept();
    });
    QVERIFY(efile->importEFile(path));
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 30000);
    QCOMPARE(imported.size(), 1);
    QVERIFY2(told.contains(QStringLiteral("nicht importiert")), qPrintable(told));
    QCOMPARE(m_store->connection().scalar("SELECT count(*) FROM requests")->toInt(), before + 1);
}

void TestInbox::everyFocusableWidgetHasAName()
{
    // As assistive technology sees them (the accessible interface), in both states of the status
    // bar: nothing to send (a window without a workspace), and changes waiting (its link to them
    // is a focus stop).
    auto unnamed = [](QWidget* window) {
        QStringList out;
        int focusable = 0;
        for (QWidget* wdg : window->findChildren<QWidget*>()) {
            if (!wdg->isVisible() || wdg->focusPolicy() == Qt::NoFocus || qobject_cast<QScrollBar*>(wdg))
                continue;
            ++focusable;
            QAccessibleInterface* iface = QAccessible::queryAccessibleInterface(wdg);
            const QString name = iface ? iface->text(QAccessible::Name) : QString();
            if (name.trimmed().isEmpty())
                out << QStringLiteral("%1 (%2)").arg(
                    QString::fromLatin1(wdg->metaObject()->className()), wdg->objectName());
        }
        if (focusable < 3) // sidebar, search field, inbox at least
            out << QStringLiteral("only %1 focusable widgets found").arg(focusable);
        return out.join(QStringLiteral(", "));
    };
    {
        MainWindow empty(*m_settings);
        empty.show();
        QVERIFY(QTest::qWaitForWindowExposed(&empty));
        QVERIFY(empty.findChild<QLabel*>(QStringLiteral("pendingLabel")));
        QVERIFY(!empty.findChild<QLabel*>(QStringLiteral("pendingLabel"))->isVisible());
        QVERIFY2(unnamed(&empty).isEmpty(), qPrintable(unnamed(&empty)));
    }
    auto* pending = m_window->findChild<QLabel*>(QStringLiteral("pendingLabel"));
    QVERIFY(pending);
    const QString id = m_store->connection().scalar("SELECT id FROM requests ORDER BY rid LIMIT 1")->toString();
    QVERIFY(m_store->addNote(id, QStringLiteral("Barrierefreiheit geprüft"), m_clerk).ok());
    QTRY_VERIFY(pending->isVisible());
    QVERIFY(pending->focusPolicy() != Qt::NoFocus);
    QVERIFY2(unnamed(m_window.get()).isEmpty(), qPrintable(unnamed(m_window.get())));
    const QString name = QAccessible::queryAccessibleInterface(pending)->text(QAccessible::Name);
    QVERIFY2(name.contains(QStringLiteral("nicht gesendet")) || name.contains(QStringLiteral("not yet sent")),
        qPrintable(name));
}

void TestInbox::searchIndexBuiltBehindTheInbox()
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

void TestInbox::screenshots()
{
    // For the README and the note: the window as a clerk sees it, German and English.
    const QString out = qEnvironmentVariable("CLERKDESK_SCREENSHOT_DIR");
    m_window->inboxView()->selectRow(1);
    QTest::qWait(100);
    const QPixmap shot = m_window->grab();
    QVERIFY(!shot.isNull());
    QVERIFY(shot.width() >= 1000);
    if (!out.isEmpty())
        QVERIFY(shot.save(out + QStringLiteral("/inbox-de.png")));
}

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    installTranslations(QStringLiteral("de"));
    TestInbox t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_inbox.moc"
