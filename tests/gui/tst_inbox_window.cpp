// The inbox in the real main window, filled by a real sync from the reference server: saved
// searches and highlighting, columns that persist, the shortcut overview, e-file export and import,
// accessible names for every focusable widget, and screenshots.
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

class TestInboxWindow : public InboxFixture
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void savedSearchAndHighlight();
    void columnsPersist();
    void shortcutOverviewListsMenus();
    void efileExportAndImport();
    void everyFocusableWidgetHasAName();
    void screenshots();
};

// These tests ran after the triage tests (tst_inbox_triage) when they were one executable, and
// start where those left the window: on "all requests".
void TestInboxWindow::initTestCase()
{
    InboxFixture::initTestCase();
    if (QTest::currentTestFailed())
        return;
    m_window->viewsSidebar()->setCurrentIndex(m_window->viewsSidebar()->model()->index(5, 0)); // all requests
}

void TestInboxWindow::savedSearchAndHighlight()
{
    MainWindow& w = *m_window;
    auto* views = qobject_cast<ViewsModel*>(w.viewsSidebar()->model());
    const QString name
        = m_store->connection().scalar("SELECT applicant FROM requests ORDER BY rid LIMIT 1")->toString();
    const QString word = name.section(QLatin1Char(' '), -1);
    w.searchField()->setText(word);
    QTRY_COMPARE(w.inboxModel()->search(), word);
    QTRY_VERIFY(!w.inboxModel()->searchPending()); // the search's answer comes from a worker thread
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
    QTRY_COMPARE(w.inboxModel()->search(), word);
    QTRY_VERIFY(!w.inboxModel()->searchPending());
    QCOMPARE(w.inboxModel()->rowCount(), hits);
    // Removed again from the sidebar's menu action.
    w.findChild<QAction*>(QStringLiteral("removeSearchAction"))->trigger();
    QTRY_COMPARE(views->rowOf(saved), -1);
    QVERIFY(m_store->savedSearches().list().value().isEmpty());
    w.searchField()->clear();
    QTRY_VERIFY(w.inboxModel()->search().isEmpty());
    w.viewsSidebar()->setCurrentIndex(views->index(5));
}

void TestInboxWindow::columnsPersist()
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

void TestInboxWindow::shortcutOverviewListsMenus()
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

void TestInboxWindow::efileExportAndImport()
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

void TestInboxWindow::everyFocusableWidgetHasAName()
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

void TestInboxWindow::screenshots()
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
    TestInboxWindow t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_inbox_window.moc"
