#include "ServerCommand.h"

#include <QCoreApplication>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("clerkdesk-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CLERKDESK_VERSION_STRING));
    return clerk::server::runServerCommand(app.arguments());
}
