// clerkdesk: start-up order is command line, settings and policy, translations, window.
#include "CommandLine.h"
#include "DemoCity.h"
#include "DemoTrainer.h"
#include "Workspace.h"
#include "core/MemoryTrim.h"
#include "core/Settings.h"
#include "core/StackVersions.h"
#include "core/store/Store.h"
#include "core/sync/SyncEngine.h"
#include "models/DocumentListModel.h"
#include "models/InboxModel.h"
#include "ui/DocumentViewer.h"
#include "ui/GuiProcess.h"
#include "ui/MainWindow.h"
#include "ui/PageView.h"
#include "ui/RequestPane.h"
#include "ui/Translations.h"

#include <QApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QInputDialog>
#include <QListView>
#include <QRandomGenerator>
#include <QTableView>
#include <QTimer>
#include <cstdio>

namespace {

bool wantsNoGui(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray a(argv[i]);
        if (a == "--help" || a == "-h" || a == "--version" || a == "-v")
            return true;
    }
    return false;
}

void setIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("ClerkDesk"));
    QCoreApplication::setApplicationName(QStringLiteral("ClerkDesk"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CLERKDESK_VERSION_STRING));
}

// For --screenshot-document: selects the first of the inbox's first rows whose request has a
// document and opens that document. False when none of them has one.
bool openFirstDocument(clerk::MainWindow& window)
{
    using namespace clerk;
    for (int row = 0; row < qMin(50, window.inboxModel()->rowCount()); ++row) {
        window.inboxView()->selectRow(row);
        const QAbstractItemModel* documents = window.requestPane()->documentList()->model();
        if (documents->rowCount() > 0) {
            window.openDocument(documents->index(0, 0).data(DocumentListModel::DocumentIdRole).toString());
            return true;
        }
    }
    return false;
}

// The document opened for the screenshot is on screen, its first page drawn (fetched first when it
// was not on this computer yet).
bool documentShown(clerk::MainWindow& window)
{
    const clerk::DocumentViewer* viewer = window.documentViewer();
    return !viewer || (viewer->pageCount() > 0 && viewer->pageView()->isRendered(0));
}

} // namespace

int main(int argc, char** argv)
{
    QElapsedTimer launched; // launch to populated inbox, reported in screenshot mode
    launched.start();
    using namespace clerk;
    if (wantsNoGui(argc, argv)) {
        QCoreApplication app(argc, argv);
        setIdentity();
        const CommandLine cl = CommandLine::parse(app.arguments());
        if (cl.showVersion) {
            std::fputs(qPrintable(StackVersions::loaded().toText() + QLatin1Char('\n')), stdout);
            return 0;
        }
        std::fputs(qPrintable(cl.helpText), stdout);
        return 0;
    }

    prepareGuiProcess(); // painting stays on the GUI thread (GuiProcess.h)
    MemoryTrim::configureAllocator(); // before any thread of the window allocates (MemoryTrim.h)
    QApplication app(argc, argv);
    setIdentity();
    const CommandLine cl = CommandLine::parse(app.arguments());
    if (!cl.error.isEmpty()) {
        std::fprintf(stderr, "clerkdesk: %s\n", qPrintable(cl.error));
        return 2;
    }

    Settings settings;
    if (cl.demo)
        settings.useDemoAuthority();
    const QString requested = cl.language.isEmpty() ? settings.string(Settings::Key::Language) : cl.language;
    installTranslations(
        requested, settings.string(Settings::Key::AllowedLanguages).split(QLatin1Char(','), Qt::SkipEmptyParts));

    MainWindow window(settings);
    window.setDemoBanner(cl.demo);

    // Demo mode: the city runs in this process; the app signs in and syncs through the same code
    // path as production, into an encrypted profile with a generated key in a temporary folder.
    std::unique_ptr<DemoCity> city;
    std::unique_ptr<Store> store;
    std::unique_ptr<SyncEngine> sync;
    std::unique_ptr<DemoTrainer> trainer;
    bool ready = cl.screenshot.isEmpty() || !cl.demo;
    if (cl.demo) {
        if (!settings.boolean(Settings::Key::DemoAllowed)) {
            std::fprintf(stderr, "clerkdesk: %s\n",
                qPrintable(QCoreApplication::translate("main", "Demo mode is switched off by your administrator.")));
            return 3;
        }
        QString login = cl.demoClerk.isEmpty() ? DemoCity::clerkLogins().value(0) : cl.demoClerk;
        if (cl.demoClerk.isEmpty() && cl.screenshot.isEmpty()) {
            // The trainer picks who the trainee is: one demo clerk per team.
            QStringList choices;
            for (const QString& l : DemoCity::clerkLogins())
                choices << DemoCity::describe(l);
            bool ok = false;
            const QString picked = QInputDialog::getItem(nullptr, QCoreApplication::translate("main", "ClerkDesk demo"),
                QCoreApplication::translate("main", "Work as:"), choices, 0, false, &ok);
            if (!ok)
                return 0;
            login = DemoCity::clerkLogins().value(int(choices.indexOf(picked)), login);
        }
        city = std::make_unique<DemoCity>();
        if (Status s = city->start(2026, DemoCity::kDefaultRequests, login); !s) {
            std::fprintf(stderr, "clerkdesk: %s (%s)\n", qPrintable(s.errorString()), qPrintable(s.error().detail));
            return 1;
        }
        store = std::make_unique<Store>(city->folder() + QStringLiteral("/profile.db"));
        QByteArray passphrase(32, Qt::Uninitialized);
        for (char& c : passphrase)
            c = char('a' + QRandomGenerator::system()->bounded(26));
        if (Status s = store->create(passphrase); !s) {
            std::fprintf(stderr, "clerkdesk: %s\n", qPrintable(s.errorString()));
            return 1;
        }
        sync = std::make_unique<SyncEngine>(*store, city->url());
        sync->setIntervalMs(5000);
        sync->setPrefetchBudget(qint64(256) * 1024 * 1024);
        window.attachWorkspace(*store, sync.get(), login);
        QObject::connect(sync.get(), &SyncEngine::synced, &window, [&ready] { ready = true; });
        QObject::connect(city.get(), &DemoCity::requestArrived, sync.get(), &SyncEngine::syncNow);
        city->setArrivalSeconds(cl.demoSpeed);
        QStringList restart { QStringLiteral("--demo"), QStringLiteral("--demo-clerk"),
            login }; // the same trainee again
        if (!cl.language.isEmpty())
            restart << QStringLiteral("--lang") << cl.language;
        trainer = std::make_unique<DemoTrainer>(*city, *store, *sync, window, login, restart);
        sync->signIn(login, city->password());
    }

    if (!cl.screenshot.isEmpty()) {
        if (cl.screenshotSize.isValid())
            window.resize(cl.screenshotSize);
        window.show();
        // For ./dev bench packaging, which measures start to first window from outside the process
        // (the loader and an AppImage's mount come before main()).
        QTimer::singleShot(0, &window, [] {
            std::fprintf(stdout, "clerkdesk: window shown at %lld ms since the epoch\n",
                qint64(QDateTime::currentMSecsSinceEpoch()));
            std::fflush(stdout);
        });
        int rc = 0;
        QElapsedTimer waited;
        waited.start();
        bool opened = false; // --screenshot-document: the document is open, its page on the way
        auto* poll = new QTimer(&window);
        QObject::connect(poll, &QTimer::timeout, &window, [&] {
            if (!ready && waited.elapsed() < 30000)
                return;
            if (opened && !documentShown(window) && waited.elapsed() < 60000)
                return;
            if (!opened && window.inboxModel() && window.inboxModel()->rowCount() > 0) {
                window.inboxView()->selectRow(0);
                std::fprintf(stdout, "clerkdesk: inbox populated with %d request(s) %lld ms after launch\n",
                    window.inboxModel()->rowCount(), qint64(launched.elapsed()));
                if (cl.screenshotDocument) {
                    opened = openFirstDocument(window);
                    if (opened)
                        return; // until the page is drawn
                    std::fprintf(stderr, "clerkdesk: no request among the first rows has a document\n");
                }
            }
            poll->stop();
            QTimer::singleShot(400, &window, [&] {
                const QPixmap shot = window.grab();
                if (!shot.save(cl.screenshot, "PNG")) {
                    std::fprintf(stderr, "clerkdesk: could not write %s\n", qPrintable(cl.screenshot));
                    rc = 1;
                } else {
                    std::fprintf(stdout, "clerkdesk: wrote %s (%dx%d)\n", qPrintable(cl.screenshot), shot.width(),
                        shot.height());
                }
                app.exit(rc);
            });
        });
        poll->start(100);
        return app.exec();
    }

    window.show();
    std::unique_ptr<Workspace> workspace;
    if (!cl.demo) {
        workspace = std::make_unique<Workspace>(settings, window, cl.profile);
        workspace->open([&app](bool opened) {
            if (!opened) // the clerk cancelled the unlock; queued, so that it also ends an app.exec() not yet running
                QMetaObject::invokeMethod(&app, [&app] { app.exit(0); }, Qt::QueuedConnection);
        });
    }
    return app.exec();
}
