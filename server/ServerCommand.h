// The `clerkdesk-server` command line: serve, and the administration subcommands (user, team,
// service import, seed). Also used by demo mode to run the server in-process.
#pragma once

#include <QString>
#include <QStringList>

namespace clerk::server {

struct ServerSettings
{
    QString listen = QStringLiteral("127.0.0.1");
    quint16 port = 8443;
    QString dataDir;
    // Empty: the SQLCipher file in dataDir. postgresql://…: PgCityStore (documents in dataDir).
    QString database;
    QString tlsCert;
    QString tlsKey;
    QString keyFile; // the database key; or CLERKDESK_SERVER_KEY in the environment
    bool plain = false; // no encryption at rest: only when explicitly asked for
    bool insecureHttp = false; // plain HTTP on a non-loopback address: only when explicitly asked for
    QString logLevel = QStringLiteral("info");
    qint64 maxBodyBytes = 32 * 1024 * 1024;
    // Threads for the handlers' database calls, each with a PostgreSQL connection of its own
    // (ApiServer::Config::workers; 0: on the answering thread); the SQLCipher store answers on the
    // server's one thread.
    int workers = 4;
};

// Runs the command; returns the process exit code.
int runServerCommand(const QStringList& arguments);

} // namespace clerk::server
