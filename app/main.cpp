// clerkdesk: start-up order is command line, settings and policy, translations, window.
#include "CommandLine.h"
#include "core/Settings.h"
#include "core/StackVersions.h"
#include "ui/MainWindow.h"
#include "ui/Translations.h"

#include <QApplication>
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

} // namespace

int main(int argc, char** argv)
{
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

    QApplication app(argc, argv);
    setIdentity();
    const CommandLine cl = CommandLine::parse(app.arguments());
    if (!cl.error.isEmpty()) {
        std::fprintf(stderr, "clerkdesk: %s\n", qPrintable(cl.error));
        return 2;
    }

    Settings settings;
    const QString requested = cl.language.isEmpty() ? settings.string(Settings::Key::Language) : cl.language;
    installTranslations(requested, settings.string(Settings::Key::AllowedLanguages).split(QLatin1Char(','),
                                                                                          Qt::SkipEmptyParts));

    MainWindow window(settings);
    window.setDemoBanner(cl.demo);

    if (!cl.screenshot.isEmpty()) {
        window.show();
        int rc = 0;
        QTimer::singleShot(300, &window, [&] {
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
        return app.exec();
    }

    window.show();
    return app.exec();
}
