// File → Import xdomea message… in the real main window (offscreen): the menu entry, an import
// as a job that ends with the first new request shown and its sender in the request pane, and a
// hostile message refused in a box that says why, with nothing changed.
// CLERKDESK_SCREENSHOT_DIR: the window after the import, in German, as xdomea-imported-de.png.
#include "../common/XdomeaFixtures.h"
#include "core/Settings.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"
#include "ui/MainWindow.h"
#include "ui/RequestPane.h"
#include "ui/Translations.h"
#include "ui/XdomeaCommands.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace clerk;

class TestXdomeaWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void importFromTheFileMenu();
    void hostileMessageIsExplained();

private:
    qint64 requestCount();
    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<MainWindow> m_window;
};

void TestXdomeaWindow::initTestCase()
{
    m_store = std::make_unique<Store>(m_dir.filePath(QStringLiteral("profile.db")));
    QVERIFY(m_store->create("xdomea-window-passphrase"));
    Service trees;
    trees.id = QStringLiteral("baumfaellung");
    trees.nameDe = QStringLiteral("Baumfällgenehmigung");
    trees.nameEn = QStringLiteral("Tree felling permit");
    trees.office = QStringLiteral("67");
    trees.teamId = QStringLiteral("baumschutz");
    trees.states = { QStringLiteral("received"), QStringLiteral("in_progress") };
    trees.transitions = { { QStringLiteral("received"), QStringLiteral("in_progress") } };
    QVERIFY(m_store->upsertServices({ trees }));
    m_settings = std::make_unique<Settings>(
        m_dir.filePath(QStringLiteral("user.conf")), QStringList { m_dir.filePath(QStringLiteral("none")) });
    m_window = std::make_unique<MainWindow>(*m_settings);
    m_window->attachWorkspace(*m_store, nullptr, QStringLiteral("m.yilmaz"));
    m_window->resize(1366, 768);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

qint64 TestXdomeaWindow::requestCount()
{
    auto q = m_store->connection().query("SELECT count(*) FROM requests");
    return q.next() ? q.int64(0) : -1;
}

void TestXdomeaWindow::importFromTheFileMenu()
{
    auto* action = m_window->findChild<QAction*>(QStringLiteral("importXdomeaAction"));
    QVERIFY(action);
    QVERIFY(action->isEnabled());
    QVERIFY(m_window->findChild<QMenu*>(QStringLiteral("fileMenu"))->actions().contains(action));
    const QString path = testxdomea::pack(
        testxdomea::fixture(QStringLiteral(CLERKDESK_SOURCE_DIR), QStringLiteral("abgabe-3.1.0.xml")),
        m_dir.filePath(QStringLiteral("abgabe.zip")));
    QVERIFY(!path.isEmpty());
    XdomeaCommands* commands = m_window->xdomeaCommands();
    QSignalSpy imported(commands, &XdomeaCommands::imported);
    QSignalSpy failed(commands, &XdomeaCommands::failed);
    QVERIFY(commands->importMessage(path));
    QTRY_COMPARE_WITH_TIMEOUT(imported.size(), 1, 30000);
    QCOMPARE(failed.size(), 0);
    const QStringList ids = imported.first().first().toStringList();
    QCOMPARE(ids.size(), 2);
    // The acknowledgement for the sender (0402) beside the message, and the status bar says where.
    const QStringList acks
        = QDir(m_dir.path()).entryList({ QStringLiteral("*_Abgabe.ImportBestaetigen.0402.xml") }, QDir::Files);
    QCOMPARE(acks.size(), 1);
    QVERIFY2(m_window->statusBar()->currentMessage().contains(acks.first()),
        qPrintable(m_window->statusBar()->currentMessage()));
    QCOMPARE(m_window->requestPane()->requestId(), ids.first());
    // The sender in the request pane.
    QTRY_VERIFY(m_window->requestPane()->findChild<QLabel*>(QStringLiteral("xdomea_sender")));
    const QString sender = m_window->requestPane()->findChild<QLabel*>(QStringLiteral("xdomea_sender"))->text();
    QVERIFY2(sender.contains(QStringLiteral("Landratsamt Böblingen")), qPrintable(sender));
    QTest::qWait(200);
    const QString out = qEnvironmentVariable("CLERKDESK_SCREENSHOT_DIR");
    const QPixmap shot = m_window->grab();
    QVERIFY(!shot.isNull());
    if (!out.isEmpty())
        QVERIFY(shot.save(out + QStringLiteral("/xdomea-imported-de.png")));
}

void TestXdomeaWindow::hostileMessageIsExplained()
{
    QString xml = testxdomea::fixture(QStringLiteral(CLERKDESK_SOURCE_DIR), QStringLiteral("aussonderung-3.1.0.xml"));
    xml.replace(QStringLiteral("_Anmeldung.pdf"), QStringLiteral("_/../../x.pdf"));
    testxdomea::Build build;
    build.leaveOut = testxdomea::namedFiles(xml);
    const QString path = testxdomea::pack(xml, m_dir.filePath(QStringLiteral("hostile.zip")), build);
    QVERIFY(!path.isEmpty());
    const qint64 before = requestCount();
    QString told;
    auto* poll = new QTimer(this);
    connect(poll, &QTimer::timeout, this, [poll, &told] {
        if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
            poll->stop();
            told = box->text();
            box->accept();
        }
    });
    poll->start(50);
    QSignalSpy failed(m_window->xdomeaCommands(), &XdomeaCommands::failed);
    QVERIFY(m_window->xdomeaCommands()->importMessage(path));
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 30000);
    delete poll;
    QVERIFY2(told.contains(QStringLiteral("leaves the package's folder")) || told.contains(QStringLiteral("verlässt")),
        qPrintable(told));
    QCOMPARE(requestCount(), before);
}

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    installTranslations(QStringLiteral("de"));
    TestXdomeaWindow t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_xdomea_window.moc"
