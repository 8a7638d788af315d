#include "core/Settings.h"
#include "ui/AboutDialog.h"
#include "ui/MainWindow.h"
#include "ui/SettingsDialog.h"
#include "ui/Translations.h"

#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenuBar>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace clerk;

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init() { QVERIFY(m_dir.isValid()); }
    void cleanup() { installTranslations(QStringLiteral("de")); }

    void opensWithItsParts();
    void germanAndEnglish_data();
    void germanAndEnglish();
    void layoutPersists();
    void aboutListsLoadedVersions();
    void policyLockedSettingIsReadOnly();
    void demoBanner();

private:
    QString userFile() const { return m_dir.filePath(QStringLiteral("user.conf")); }
    QStringList noPolicy() const { return { m_dir.filePath(QStringLiteral("no-policy.conf")) }; }
    QTemporaryDir m_dir;
};

void TestMainWindow::opensWithItsParts()
{
    Settings settings(userFile(), noPolicy());
    MainWindow w(settings);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(w.viewsSidebar()->isVisible());
    QVERIFY(w.inboxView()->isVisible());
    QVERIFY(w.requestArea()->isVisible());
    QCOMPARE(w.splitter()->count(), 3);
    QVERIFY(w.menuBar()->actions().size() >= 5);
    QVERIFY(w.findChild<QLineEdit*>(QStringLiteral("searchField")));
    QVERIFY(!w.connectionIndicator()->text().isEmpty());
    QCOMPARE(w.viewsSidebar()->model()->rowCount(), 7); // built-in views; facets come with a workspace
    // Every interactive part has a name for screen readers.
    QVERIFY(!w.inboxView()->accessibleName().isEmpty());
    QVERIFY(!w.viewsSidebar()->accessibleName().isEmpty());
    QVERIFY(!w.findChild<QLineEdit*>(QStringLiteral("searchField"))->accessibleName().isEmpty());
}

void TestMainWindow::germanAndEnglish_data()
{
    QTest::addColumn<QString>("lang");
    QTest::addColumn<QString>("fileMenu");
    QTest::addColumn<QString>("sidebarFirst");
    QTest::addColumn<QString>("offline");
    QTest::addRow("de") << "de" << "&Datei" << "Meine Vorgänge" << "Offline";
    QTest::addRow("en") << "en" << "&File" << "My requests" << "Offline";
}

void TestMainWindow::germanAndEnglish()
{
    QFETCH(QString, lang);
    QFETCH(QString, fileMenu);
    QFETCH(QString, sidebarFirst);
    QCOMPARE(installTranslations(lang), lang);
    Settings settings(userFile(), noPolicy());
    MainWindow w(settings);
    QCOMPARE(w.menuBar()->actions().first()->text(), fileMenu);
    QCOMPARE(w.viewsSidebar()->model()->index(0, 0).data().toString(), sidebarFirst);
    // Qt's own strings follow too (qtbase_de.qm).
    if (lang == QLatin1String("de"))
        QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), QStringLiteral("Abbrechen"));
}

void TestMainWindow::layoutPersists()
{
    {
        Settings settings(userFile(), noPolicy());
        MainWindow w(settings);
        w.resize(1280, 800); // room for the list's and the request area's minimum widths
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.splitter()->setSizes({ 260, 500, 500 });
        w.close();
    }
    Settings settings(userFile(), noPolicy());
    MainWindow w(settings);
    w.resize(1280, 800); // the offscreen screen is smaller than the window that was saved
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QCOMPARE(w.splitter()->sizes().first(), 260);
}

void TestMainWindow::aboutListsLoadedVersions()
{
    AboutDialog about;
    const QString text = about.versionsText();
    QVERIFY2(text.contains(QLatin1String("Qt 6.")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("SQLCipher 4.")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("KArchive 6.")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("qpdf ")), qPrintable(text));
}

void TestMainWindow::policyLockedSettingIsReadOnly()
{
    const QString policy = m_dir.filePath(QStringLiteral("policy.conf"));
    {
        QSettings p(policy, QSettings::IniFormat);
        p.setValue(QStringLiteral("backendUrl"), QStringLiteral("https://city.example.org/"));
    }
    Settings settings(userFile(), { policy });
    SettingsDialog dialog(settings);
    QVERIFY(!dialog.editor(Settings::Key::BackendUrl)->isEnabled());
    QVERIFY(dialog.editor(Settings::Key::IdleLockMinutes)->isEnabled());
    auto* url = qobject_cast<QLineEdit*>(dialog.editor(Settings::Key::BackendUrl));
    QCOMPARE(url->text(), QStringLiteral("https://city.example.org/"));
    if (const QString out = qEnvironmentVariable("CLERKDESK_SCREENSHOT_DIR"); !out.isEmpty()) {
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.grab().save(out + QStringLiteral("/settings-policy-locked.png"));
    }
    dialog.accept();
    QCOMPARE(settings.string(Settings::Key::BackendUrl), QStringLiteral("https://city.example.org/"));
}

void TestMainWindow::demoBanner()
{
    Settings settings(userFile(), noPolicy());
    MainWindow w(settings);
    w.show();
    auto* banner = w.findChild<QLabel*>(QStringLiteral("demoBanner"));
    QVERIFY(banner);
    QVERIFY(!banner->isVisible());
    w.setDemoBanner(true);
    QVERIFY(banner->isVisible());
    QVERIFY(w.windowTitle().contains(QLatin1String("DEMO")));
}

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    installTranslations(QStringLiteral("de"));
    TestMainWindow t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_mainwindow.moc"
