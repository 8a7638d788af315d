#include "CommandLine.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QRegularExpression>

namespace clerk {

CommandLine CommandLine::parse(const QStringList& arguments)
{
    QCommandLineParser p;
    p.setApplicationDescription(QCoreApplication::translate(
        "CommandLine", "ClerkDesk – the workstation for processing online requests of a city administration."));
    const QCommandLineOption help({ QStringLiteral("h"), QStringLiteral("help") },
        QCoreApplication::translate("CommandLine", "Show this help and exit."));
    const QCommandLineOption version({ QStringLiteral("v"), QStringLiteral("version") },
        QCoreApplication::translate("CommandLine", "Show the versions and exit."));
    const QCommandLineOption lang(QStringLiteral("lang"),
        QCoreApplication::translate("CommandLine", "User interface language (de or en)."), QStringLiteral("code"));
    const QCommandLineOption profile(QStringLiteral("profile"),
        QCoreApplication::translate("CommandLine", "Profile (database and sign-in) to use."), QStringLiteral("name"),
        QStringLiteral("default"));
    const QCommandLineOption demo(QStringLiteral("demo"),
        QCoreApplication::translate("CommandLine", "Start the training demo with synthetic data."));
    const QCommandLineOption demoReset(
        QStringLiteral("demo-reset"), QCoreApplication::translate("CommandLine", "Start the demo from scratch."));
    const QCommandLineOption shot(QStringLiteral("screenshot"),
        QCoreApplication::translate("CommandLine", "Render the main window into a PNG file and exit."),
        QStringLiteral("file"));
    const QCommandLineOption shotSize(QStringLiteral("screenshot-size"),
        QCoreApplication::translate("CommandLine", "With --screenshot: the window's size, e.g. 1366x768."),
        QStringLiteral("WxH"));
    const QCommandLineOption shotDocument(QStringLiteral("screenshot-document"),
        QCoreApplication::translate("CommandLine", "With --screenshot: open the first document of the first request."));
    const QCommandLineOption demoClerk(QStringLiteral("demo-clerk"),
        QCoreApplication::translate("CommandLine", "Demo: sign in as this demo clerk."), QStringLiteral("login"));
    const QCommandLineOption demoSpeed(QStringLiteral("demo-speed"),
        QCoreApplication::translate("CommandLine", "Demo: seconds between new requests (0 pauses)."),
        QStringLiteral("seconds"), QStringLiteral("45"));
    p.addOptions({ help, version, lang, profile, demo, demoReset, demoClerk, demoSpeed, shot, shotSize, shotDocument });

    CommandLine cl;
    if (!p.parse(arguments)) {
        cl.error = p.errorText();
        return cl;
    }
    cl.helpText = p.helpText();
    cl.showHelp = p.isSet(help);
    cl.showVersion = p.isSet(version);
    cl.demo = p.isSet(demo) || p.isSet(demoReset);
    cl.demoReset = p.isSet(demoReset);
    cl.screenshot = p.value(shot);
    cl.screenshotDocument = p.isSet(shotDocument);
    if (p.isSet(shotSize)) {
        static const QRegularExpression size(QStringLiteral("^(\\d{3,5})x(\\d{3,5})$"));
        const auto m = size.match(p.value(shotSize));
        if (m.hasMatch())
            cl.screenshotSize = QSize(m.captured(1).toInt(), m.captured(2).toInt());
        else
            cl.error
                = QCoreApplication::translate("CommandLine", "--screenshot-size takes WIDTHxHEIGHT, e.g. 1366x768.");
    }
    cl.demoClerk = p.value(demoClerk);
    bool speedOk = false;
    cl.demoSpeed = p.value(demoSpeed).toInt(&speedOk);
    if (!speedOk || cl.demoSpeed < 0)
        cl.error = QCoreApplication::translate("CommandLine", "--demo-speed takes a number of seconds (0 pauses).");
    cl.profile = p.value(profile);
    static const QRegularExpression profileName(QStringLiteral("^[A-Za-z0-9_.-]{1,64}$"));
    if (!profileName.match(cl.profile).hasMatch() || cl.profile.startsWith(QLatin1Char('.')))
        cl.error = QCoreApplication::translate("CommandLine", "Invalid profile name: %1").arg(cl.profile);
    if (p.isSet(lang)) {
        cl.language = p.value(lang);
        if (cl.language != QLatin1String("de") && cl.language != QLatin1String("en"))
            cl.error
                = QCoreApplication::translate("CommandLine", "Unknown language '%1'; use de or en.").arg(cl.language);
    }
    if (!p.positionalArguments().isEmpty())
        cl.error = QCoreApplication::translate("CommandLine", "Unexpected argument: %1")
                       .arg(p.positionalArguments().first());
    return cl;
}

} // namespace clerk
