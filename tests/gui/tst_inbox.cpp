// The inbox in the real main window, filled by a real sync from the reference server: model
// checks, keyboard-only triage, live updates that keep the selection, and accessible names.
#include "core/Settings.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"
#include "core/sync/SyncSession.h"
#include "models/InboxModel.h"
#include "models/ViewsModel.h"
#include "server/Accounts.h"
#include "server/ApiServer.h"
#include "server/Seeder.h"
#include "server/SqlCityStore.h"
#include "ui/MainWindow.h"
#include "ui/RequestPane.h"
#include "ui/Translations.h"

#include <QAbstractItemModelTester>
#include <QAccessible>
#include <QApplication>
#include <QComboBox>
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

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
    void everyFocusableWidgetHasAName();
    void screenshots();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<server::SqlCityStore> m_city;
    std::unique_ptr<server::ApiServer> m_api;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<MainWindow> m_window;
    QString m_clerk;
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
    const quint16 port = m_api->listen(QHostAddress::LocalHost, 0);
    m_store = std::make_unique<Store>(m_dir.filePath(QStringLiteral("profile.db")));
    QVERIFY(m_store->create("inbox-test-passphrase"));
    SyncSession sync(*m_store, QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
    QVERIFY(sync.signIn(m_clerk, QStringLiteral("demo")));
    QVERIFY(sync.syncOnce().ok());
    m_settings = std::make_unique<Settings>(m_dir.filePath(QStringLiteral("user.conf")), QStringList{m_dir.filePath(QStringLiteral("none"))});
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
    const QString last = m_store->connection().scalar("SELECT reference FROM requests WHERE status = 'received' LIMIT 1")->toString();
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
    const int outboxBefore = m_store->outbox().size();
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
    QTRY_COMPARE(m_store->notes(id).last().text, QStringLiteral("Rueckfrage per Telefon geklaert"));
    QVERIFY(w.requestPane()->noteEdit()->toPlainText().isEmpty());
    QVERIFY(m_store->outbox().size() >= outboxBefore + 2);
    QCOMPARE(m_store->outbox().last().kind, QStringLiteral("note"));
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
    QVERIFY(m_store->upsertRequests({other}));
    QTRY_COMPARE(w.inboxModel()->requestIdAt(w.inboxView()->currentIndex().row()), selected);
    QCOMPARE(w.requestPane()->requestId(), selected);
    QCOMPARE(w.requestPane()->noteEdit()->toPlainText(), QStringLiteral("halb getippt"));
    w.requestPane()->noteEdit()->clear();
}

void TestInbox::everyFocusableWidgetHasAName()
{
    QStringList unnamed;
    for (QWidget* wdg : m_window->findChildren<QWidget*>()) {
        if (!wdg->isVisible() || wdg->focusPolicy() == Qt::NoFocus || qobject_cast<QScrollBar*>(wdg))
            continue;
        QAccessibleInterface* iface = QAccessible::queryAccessibleInterface(wdg);
        const QString name = iface ? iface->text(QAccessible::Name) : QString();
        if (name.trimmed().isEmpty())
            unnamed << QStringLiteral("%1 (%2)").arg(QString::fromLatin1(wdg->metaObject()->className()), wdg->objectName());
    }
    QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(QStringLiteral(", "))));
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
