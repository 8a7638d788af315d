// The real window in German, driven into every error a clerk can meet: a wrong passphrase, a
// damaged profile, a full disk, a refused e-file package, a conflict with a colleague's change and
// a change the city backend refused. Each time, every text the visible windows show is read off
// the widgets and checked: none may be an English source of the .ts file nor English prose that
// never went through tr() (tests/common/ShownText.h). A check of what the program shows, not of
// the translation file. With CLERKDESK_SCREENSHOT_DIR set, each error is also saved as a picture.
#include "../common/RawZip.h"
#include "../common/ShownText.h"
#include "app/DemoCity.h"
#include "core/Settings.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"
#include "core/sync/SyncEngine.h"
#include "models/InboxModel.h"
#include "models/ViewsModel.h"
#include "ui/EFileCommands.h"
#include "ui/MainWindow.h"
#include "ui/RequestPane.h"
#include "ui/SyncProblemsDialog.h"
#include "ui/Translations.h"
#include "ui/UnlockDialog.h"

#include <QApplication>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace clerk;

class TestGermanScreens : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void theScanSeesEnglish();
    void wrongPassphraseAndDamagedProfile();
    void refusedPackage_data();
    void refusedPackage();
    void refusedChangeAndConflict();
    void fullDiskKeepsTheNote();
    void cleanupTestCase();

private:
    // Fails the test with every English text the visible windows show now.
    bool germanOnly(const char* where);
    void screenshot(QWidget* w, const QString& name);
    // Runs `fn` on the next modal dialog of type T (polling; gives up after 30 s).
    template <typename T> void whenModal(std::function<void(T*)> fn, int triesLeft = 1000);

    QTemporaryDir m_dir;
    std::unique_ptr<test::EnglishSources> m_sources;
    std::unique_ptr<DemoCity> m_city;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<SyncEngine> m_sync;
    QString m_login;
    int m_checks = 0;
};

bool TestGermanScreens::germanOnly(const char* where)
{
    const QStringList shown = test::shownTexts();
    const QStringList english = m_sources->english(shown);
    ++m_checks;
    if (!english.isEmpty()) {
        QTest::qFail(qPrintable(QStringLiteral("%1: English on a German screen:\n  %2")
                             .arg(QString::fromLatin1(where), english.join(QStringLiteral("\n  ")))),
            __FILE__, __LINE__);
        return false;
    }
    if (shown.size() < 3) {
        QTest::qFail(
            qPrintable(QStringLiteral("%1: only %2 texts shown").arg(QString::fromLatin1(where)).arg(shown.size())),
            __FILE__, __LINE__);
        return false;
    }
    return true;
}

void TestGermanScreens::screenshot(QWidget* w, const QString& name)
{
    const QString dir = qEnvironmentVariable("CLERKDESK_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QTest::qWait(50); // (pending layouts first: a grab does not run them)
    if (!w->grab().save(dir + QLatin1Char('/') + name))
        qWarning("could not save the screenshot %s", qPrintable(name));
}

template <typename T> void TestGermanScreens::whenModal(std::function<void(T*)> fn, int triesLeft)
{
    QTimer::singleShot(30, this, [this, fn, triesLeft] {
        if (auto* d = qobject_cast<T*>(QApplication::activeModalWidget()); d && d->isVisible())
            fn(d);
        else if (triesLeft > 0)
            whenModal<T>(fn, triesLeft - 1);
    });
}

void TestGermanScreens::initTestCase()
{
    QCOMPARE(installTranslations(QStringLiteral("de")), QStringLiteral("de"));
    m_sources
        = std::make_unique<test::EnglishSources>(QStringLiteral(CLERKDESK_SOURCE_DIR "/translations/clerkdesk_de.ts"));
    QVERIFY2(m_sources->error().isEmpty(), qPrintable(m_sources->error()));

    m_city = std::make_unique<DemoCity>();
    QVERIFY(m_city->start(2026, 80).ok());
    m_store = std::make_unique<Store>(m_dir.filePath(QStringLiteral("profile.db")));
    QVERIFY(m_store->create("german-screens-key-1"));
    m_settings = std::make_unique<Settings>(
        m_dir.filePath(QStringLiteral("user.conf")), QStringList { m_dir.filePath(QStringLiteral("none")) });
    m_window = std::make_unique<MainWindow>(*m_settings);
    m_sync = std::make_unique<SyncEngine>(*m_store, m_city->url());
    m_login = m_city->demoLogins().first();
    m_window->attachWorkspace(*m_store, m_sync.get(), m_login);
    m_window->resize(1366, 768);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_sync->signIn(m_login, m_city->password());
    QTRY_VERIFY_WITH_TIMEOUT(m_window->inboxModel()->countFor(ViewsModel::View::All) > 0, 30000);
    QTRY_VERIFY_WITH_TIMEOUT(
        (m_window->inboxView()->selectRow(0), !m_window->requestPane()->requestId().isEmpty()), 10000);
}

void TestGermanScreens::cleanupTestCase()
{
    m_window.reset();
    m_sync.reset();
    m_store.reset();
    qInfo("%d screens scanned", m_checks);
}

void TestGermanScreens::theScanSeesEnglish()
{
    // The window as it is: German.
    QVERIFY(germanOnly("the inbox"));
    // Guard against a scan that sees nothing: English shown through each way the check knows of.
    QMessageBox box(QMessageBox::Warning, QStringLiteral("Import e-file"),
        QStringLiteral("The e-file was not imported; nothing on this computer was changed.\n\nDamaged."));
    box.show();
    QStringList english = m_sources->english(test::shownTexts());
    QVERIFY2(english.size() >= 2, qPrintable(english.join(QLatin1Char('\n')))); // the title and the sentence
    box.setWindowTitle(QStringLiteral("E-Akte importieren"));
    box.setText(QStringLiteral("Die E-Akte wurde nicht importiert. mallory is not a member of the team."));
    english = m_sources->english(test::shownTexts());
    QCOMPARE(english.size(), 1); // the server's English, never in the .ts file
    QVERIFY(english.first().contains(QLatin1String("reads as English")));
    box.hide();
    m_window->statusBar()->showMessage(QStringLiteral("Marked as read."));
    english = m_sources->english(test::shownTexts());
    QCOMPARE(english.size(), 1);
    m_window->statusBar()->clearMessage();
    QPlainTextEdit note;
    note.setPlaceholderText(QStringLiteral("Write an internal note…"));
    note.show();
    english = m_sources->english(test::shownTexts());
    QCOMPARE(english.size(), 1);
    note.hide();
    QVERIFY(germanOnly("the inbox again"));
}

void TestGermanScreens::wrongPassphraseAndDamagedProfile()
{
    const QString path = m_dir.filePath(QStringLiteral("other.db"));
    {
        Store other(path);
        QVERIFY(other.create("richtige-passphrase-1"));
    }
    {
        Store other(path);
        UnlockDialog dialog(other, nullptr, QStringLiteral("other"));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.passphraseField()->setText(QStringLiteral("falsche-passphrase"));
        dialog.accept();
        QVERIFY(!other.isUnlocked());
        QVERIFY(dialog.messageLabel()->isVisible());
        QVERIFY2(dialog.messageLabel()->text().contains(QLatin1String("Passphrase ist falsch")),
            qPrintable(dialog.messageLabel()->text()));
        QVERIFY(germanOnly("wrong passphrase"));
        screenshot(&dialog, QStringLiteral("error-passphrase-de.png"));
    }
    // A profile overwritten with rubbish (a broken disk, a copy gone wrong).
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QByteArray junk(64 * 1024, '\0');
    for (int i = 0; i < junk.size(); ++i)
        junk[i] = char((i * 7919) % 251);
    f.write(junk);
    f.close();
    Store damaged(path);
    UnlockDialog dialog(damaged, nullptr, QStringLiteral("other"));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    dialog.passphraseField()->setText(QStringLiteral("richtige-passphrase-1"));
    dialog.accept();
    QVERIFY(!damaged.isUnlocked());
    QVERIFY(!dialog.messageLabel()->text().isEmpty());
    QVERIFY(germanOnly("damaged profile"));
}

void TestGermanScreens::refusedPackage_data()
{
    QTest::addColumn<QByteArray>("zip");
    QTest::addRow("not a ZIP") << QByteArray("Das ist keine ZIP-Datei, nur Text.").repeated(40);
    testzip::RawZip escape;
    escape.add("../../etc/profile.d/evil.sh", "echo hi\n");
    escape.add("manifest.json", "{}");
    QTest::addRow("leaves its folder") << escape.bytes();
    testzip::RawZip noManifest;
    noManifest.add("documents/antrag.pdf", "%PDF-1.7\n%%EOF\n");
    QTest::addRow("no manifest") << noManifest.bytes();
}

void TestGermanScreens::refusedPackage()
{
    QFETCH(QByteArray, zip);
    const QString path = m_dir.filePath(QStringLiteral("paket.zip"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(zip);
    f.close();
    const int before = m_window->inboxModel()->countFor(ViewsModel::View::All);
    EFileCommands* efile = m_window->efileCommands();
    QSignalSpy failed(efile, &EFileCommands::failed);
    bool looked = false, german = false;
    QString told;
    whenModal<QMessageBox>([&](QMessageBox* box) { // (answered whatever it says: a failure must not hang)
        looked = true;
        told = box->text();
        german = germanOnly("refused e-file package");
        if (QByteArray(QTest::currentDataTag()) == "leaves its folder")
            screenshot(box, QStringLiteral("error-package-de.png"));
        box->accept();
    });
    QVERIFY(efile->importEFile(path));
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 30000);
    QTRY_VERIFY(looked);
    QVERIFY(german);
    QVERIFY2(told.contains(QLatin1String("nicht importiert")), qPrintable(told));
    QCOMPARE(m_window->inboxModel()->countFor(ViewsModel::View::All), before);
}

void TestGermanScreens::refusedChangeAndConflict()
{
    // A change the city refuses: assigning a request to a clerk of another team.
    m_window->inboxView()->selectRow(0);
    const QString refused = m_window->requestPane()->requestId();
    QVERIFY(!refused.isEmpty());
    QVERIFY(m_store->assign(refused, QStringLiteral("mallory"), m_login).ok());
    // A conflict: the clerk moves a request on while a colleague already did on the server.
    QString conflicted;
    for (int row = 1; row < m_window->inboxModel()->rowCount() && conflicted.isEmpty(); ++row) {
        m_window->inboxView()->selectRow(row);
        const QString id = m_window->requestPane()->requestId();
        auto r = m_store->request(id);
        QVERIFY(r.ok());
        auto svc = m_store->service(r->serviceId);
        QVERIFY(svc.ok());
        const QStringList next = svc->nextStates(r->status);
        if (next.isEmpty())
            continue;
        QVERIFY(m_city->colleagueChanges(id).ok());
        QVERIFY(m_store->changeStatus(id, next.last(), m_login).ok());
        conflicted = id;
    }
    QVERIFY(!conflicted.isEmpty());
    m_sync->syncNow();
    QTRY_VERIFY_WITH_TIMEOUT(!m_store->outbox().problemsOf(refused).value().isEmpty(), 30000);
    QTRY_VERIFY_WITH_TIMEOUT(!m_store->outbox().problemsOf(conflicted).value().isEmpty(), 30000);

    for (const QString& id : { refused, conflicted }) {
        m_window->showRequest(id);
        QTRY_VERIFY(m_window->requestPane()->banner()->isVisible());
        QVERIFY(germanOnly(id == refused ? "refused change, request pane" : "conflict, request pane"));
        if (id == conflicted)
            screenshot(m_window.get(), QStringLiteral("error-conflict-de.png"));
    }
    m_window->findChild<QAction*>(QStringLiteral("syncProblemsAction"))->trigger();
    SyncProblemsDialog* dialog = m_window->syncProblemsDialog();
    QVERIFY(dialog && dialog->isVisible());
    QTRY_COMPARE(dialog->list()->topLevelItemCount(), 2);
    QVERIFY(germanOnly("sync problems list"));
    screenshot(dialog, QStringLiteral("error-sync-problems-de.png"));
    dialog->close();
}

void TestGermanScreens::fullDiskKeepsTheNote()
{
    m_window->inboxView()->selectRow(0);
    RequestPane* pane = m_window->requestPane();
    QVERIFY(!pane->requestId().isEmpty());
    // SQLite's page limit gives the same SQLITE_FULL as a full disk, on demand.
    const int pages = m_store->connection().scalar("PRAGMA page_count")->toInt();
    QVERIFY(m_store->connection().exec(QByteArray("PRAGMA max_page_count = " + QByteArray::number(pages)).constData()));
    const QString note
        = QStringLiteral("Rückruf der antragstellenden Person: Unterlagen folgen per Post. ").repeated(120);
    pane->noteEdit()->setPlainText(note);
    pane->noteButton()->click();
    QTRY_VERIFY(!m_window->statusBar()->currentMessage().isEmpty());
    const QString told = m_window->statusBar()->currentMessage();
    QVERIFY(m_store->connection().exec("PRAGMA max_page_count = 1073741823"));
    QCOMPARE(pane->noteEdit()->toPlainText(), note); // the clerk's words are kept
    QVERIFY2(told.contains(QLatin1String("Speicher")) || told.contains(QLatin1String("voll")), qPrintable(told));
    QVERIFY(germanOnly("full disk"));
    screenshot(m_window.get(), QStringLiteral("error-disk-full-de.png"));
}

QTEST_MAIN(TestGermanScreens)
#include "tst_german_screens.moc"
