// The command line of `clerkdesk`. Parsed before the GUI starts so that --help and --version
// work without a display.
#pragma once

#include <QSize>
#include <QString>
#include <QStringList>

class QCoreApplication;

namespace clerk {

struct CommandLine
{
    QString language; // --lang de|en
    QString profile = QStringLiteral("default");
    QString screenshot; // --screenshot FILE: render the main window into a PNG and exit
    QSize screenshotSize; // --screenshot-size WxH: the window's size for it (empty: as it opens)
    bool screenshotDocument = false; // --screenshot-document: with the first request's first document open
    bool demo = false;
    bool demoReset = false;
    QString demoClerk; // --demo-clerk LOGIN
    int demoSpeed = 45; // --demo-speed SECONDS between new requests; 0 pauses
    bool showVersion = false;
    bool showHelp = false;
    QString helpText;
    QString error;

    // Parses the arguments of the running application.
    static CommandLine parse(const QStringList& arguments);
};

} // namespace clerk
