#include "ServerCommand.h"

#include "Accounts.h"
#include "ApiServer.h"
#include "GracefulStop.h"
#include "Housekeeping.h"
#include "PgCityStore.h"
#include "Seeder.h"
#include "ServerLogging.h"
#include "SqlCityStore.h"
#include "core/domain/Json.h"
#include "core/store/Sql.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSettings>
#include <QSocketNotifier>
#include <QSslCertificate>
#include <QSslKey>
#include <QTextStream>
#include <cstdio>
#include <functional>
#ifdef Q_OS_UNIX
#include <csignal>
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace clerk::server {

namespace {

int fail(const QString& message)
{
    std::fprintf(stderr, "clerkdesk-server: %s\n", qPrintable(message));
    return 1;
}

#ifdef Q_OS_UNIX
int g_signalFd[2] = { -1, -1 };
void onSignal(int)
{
    const char c = 1;
    [[maybe_unused]] const auto written = ::write(g_signalFd[0], &c, 1); // nothing to do about a full pipe here
}

// SIGTERM and SIGINT reach the event loop through a socket pair, the async-signal-safe way, and
// call `stop` (by default: end the event loop).
void installSignalHandlers(std::function<void()> stop = [] { QCoreApplication::quit(); })
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalFd) != 0)
        return;
    auto* notifier = new QSocketNotifier(g_signalFd[1], QSocketNotifier::Read, QCoreApplication::instance());
    QObject::connect(notifier, &QSocketNotifier::activated, [stop = std::move(stop)] {
        char c;
        [[maybe_unused]] const auto got = ::read(g_signalFd[1], &c, 1);
        qCInfo(lcServer) << "signal received: shutting down";
        stop();
    });
    struct sigaction sa = {};
    sa.sa_handler = onSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGINT, &sa, nullptr);
}
#else
void installSignalHandlers(std::function<void()> = {}) { }
#endif

// A warning the administrator cannot miss: on standard error and in the log.
void warnLoudly(const QString& message)
{
    std::fprintf(stderr, "clerkdesk-server: WARNING: %s\n", qPrintable(message));
    std::fflush(stderr);
    qCWarning(lcServer).noquote() << "WARNING:" << message;
}

QString readLine()
{
    QTextStream in(stdin);
    return in.readLine();
}

bool isPostgres(const ServerSettings& s)
{
    return s.database.startsWith(QLatin1String("postgresql://")) || s.database.startsWith(QLatin1String("postgres://"));
}

// The server key from --key-file or CLERKDESK_SERVER_KEY.
Result<QByteArray> serverKey(const ServerSettings& s)
{
    QByteArray key;
    if (!s.keyFile.isEmpty()) {
        QFile f(s.keyFile);
        // Unbuffered: no copy of the key stays behind in QIODevice's read buffer.
        if (!f.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
            return Error { Error::Io, QStringLiteral("cannot read the key file %1").arg(s.keyFile), {} };
        QByteArray raw = f.readAll();
        key = raw.trimmed();
        sql::wipe(raw);
    } else {
        key = qgetenv("CLERKDESK_SERVER_KEY");
    }
    if (key.size() < 16) {
        sql::wipe(key);
        return Error { Error::Invalid,
            QStringLiteral("the database key is missing or shorter than 16 characters: use --key-file FILE or "
                           "CLERKDESK_SERVER_KEY%1")
                .arg(isPostgres(s) ? QString() : QStringLiteral(", or --plain to store without encryption")),
            {} };
    }
    return key;
}

// `migrate`: brings a PostgreSQL schema forward (SQLCipher migrates at every open).
Result<std::unique_ptr<CityStore>> openStore(const ServerSettings& s, bool migrate, bool serving)
{
    if (s.dataDir.isEmpty())
        return Error { Error::Invalid, QStringLiteral("no data directory (--data DIR or data= in the config file)"),
            {} };
    if (!QDir().mkpath(s.dataDir))
        return Error { Error::Io, QStringLiteral("cannot create the data directory %1").arg(s.dataDir), {} };
    if (!s.database.isEmpty() && !isPostgres(s))
        return Error { Error::Invalid,
            QStringLiteral("--database takes a postgresql:// address; without it the SQLCipher file in the data "
                           "directory is used"),
            {} };
    if (isPostgres(s)) {
        PgCityStore::Options o;
        o.conninfo = s.database;
        o.contentDir = QDir(s.dataDir).filePath(QStringLiteral("documents"));
        o.highwaterPath = QDir(s.dataDir).filePath(QStringLiteral("city.highwater"));
        o.migrate = migrate;
        o.listen = serving; // live updates: only a serving instance listens
        auto key = serverKey(s);
        if (!key)
            return key.error();
        o.key = key.value();
        auto store = PgCityStore::open(o);
        sql::wipe(o.key);
        sql::wipe(key.value());
        if (!store)
            return store.error();
        return std::unique_ptr<CityStore>(std::move(store.value()));
    }
    SqlCityStore::Options o;
    o.path = QDir(s.dataDir).filePath(QStringLiteral("city.db"));
    o.highwaterPath = QDir(s.dataDir).filePath(QStringLiteral("city.highwater"));
    o.plaintext = s.plain;
    if (!s.plain) {
        auto key = serverKey(s);
        if (!key)
            return key.error();
        o.key = key.value();
        sql::wipe(key.value());
    }
    auto store = SqlCityStore::open(o);
    sql::wipe(o.key); // the store keeps no copy: after this the key is in SQLCipher's memory only
    if (!store)
        return store.error();
    return std::unique_ptr<CityStore>(std::move(store.value()));
}

} // namespace

int runServerCommand(const QStringList& arguments)
{
    QCommandLineParser p;
    p.setApplicationDescription(
        QStringLiteral("The ClerkDesk reference city backend.\n\n"
                       "Commands:\n"
                       "  serve                                   run the HTTP(S) API\n"
                       "  migrate                                 bring a PostgreSQL schema forward (one instance)\n"
                       "  user add LOGIN --name N --teams a,b [--role clerk|intake|admin]   (password on stdin)\n"
                       "  user passwd LOGIN                       (new password on stdin)\n"
                       "  user disable LOGIN | user enable LOGIN\n"
                       "  team add ID --name N\n"
                       "  service import FILE                     (JSON: one service or an array)\n"
                       "  seed [--seed N] [--requests K] [--no-documents]  fill a synthetic city"));
    p.addHelpOption();
    p.addVersionOption();
    const QCommandLineOption config(
        QStringLiteral("config"), QStringLiteral("ini file with a [server] section."), QStringLiteral("file"));
    const QCommandLineOption listen(QStringLiteral("listen"),
        QStringLiteral("Address to listen on (default 127.0.0.1)."), QStringLiteral("address"));
    const QCommandLineOption port(
        QStringLiteral("port"), QStringLiteral("TCP port (default 8443; 0 picks a free one)."), QStringLiteral("port"));
    const QCommandLineOption data(QStringLiteral("data"), QStringLiteral("Data directory."), QStringLiteral("dir"));
    const QCommandLineOption database(QStringLiteral("database"),
        QStringLiteral("postgresql://… : the city in PostgreSQL (default: the SQLCipher file in the data directory)."),
        QStringLiteral("uri"));
    const QCommandLineOption cert(
        QStringLiteral("tls-cert"), QStringLiteral("TLS certificate (PEM): serve HTTPS."), QStringLiteral("file"));
    const QCommandLineOption key(
        QStringLiteral("tls-key"), QStringLiteral("TLS private key (PEM)."), QStringLiteral("file"));
    const QCommandLineOption keyFile(
        QStringLiteral("key-file"), QStringLiteral("File holding the database key."), QStringLiteral("file"));
    const QCommandLineOption plain(
        QStringLiteral("plain"), QStringLiteral("Store without encryption at rest (not for production)."));
    const QCommandLineOption insecureHttp(QStringLiteral("insecure-http"),
        QStringLiteral("Allow plain HTTP on an address other than loopback (not for production)."));
    const QCommandLineOption logLevel(
        QStringLiteral("log-level"), QStringLiteral("debug, info, warning (default info)."), QStringLiteral("level"));
    const QCommandLineOption maxBody(
        QStringLiteral("max-body"), QStringLiteral("Largest accepted request body in bytes."), QStringLiteral("bytes"));
    const QCommandLineOption workers(QStringLiteral("workers"),
        QStringLiteral("Threads for database calls with PostgreSQL, each with its own connection (default 4; 0: all "
                       "on the answering thread)."),
        QStringLiteral("n"));
    const QCommandLineOption name(QStringLiteral("name"), QStringLiteral("Display name."), QStringLiteral("name"));
    const QCommandLineOption teams(
        QStringLiteral("teams"), QStringLiteral("Comma-separated team ids."), QStringLiteral("ids"));
    const QCommandLineOption role(QStringLiteral("role"), QStringLiteral("clerk, intake or admin."),
        QStringLiteral("role"), QStringLiteral("clerk"));
    const QCommandLineOption seed(
        QStringLiteral("seed"), QStringLiteral("Random seed for `seed`."), QStringLiteral("n"), QStringLiteral("1"));
    const QCommandLineOption requests(QStringLiteral("requests"), QStringLiteral("Number of requests for `seed`."),
        QStringLiteral("k"), QStringLiteral("300"));
    const QCommandLineOption noDocuments(
        QStringLiteral("no-documents"), QStringLiteral("`seed` without generated PDFs (fast; for load tests)."));
    p.addOptions({ config, listen, port, data, database, cert, key, keyFile, plain, insecureHttp, logLevel, maxBody,
        workers, name, teams, role, seed, requests, noDocuments });
    p.addPositionalArgument(QStringLiteral("command"), QStringLiteral("serve, migrate, user, team, service, seed"));
    p.process(arguments);

    ServerSettings s;
    if (p.isSet(config)) {
        if (!QFile::exists(p.value(config)))
            return fail(QStringLiteral("config file not found: %1").arg(p.value(config)));
        QSettings ini(p.value(config), QSettings::IniFormat);
        ini.beginGroup(QStringLiteral("server"));
        s.listen = ini.value(QStringLiteral("listen"), s.listen).toString();
        s.port = quint16(ini.value(QStringLiteral("port"), s.port).toUInt());
        s.dataDir = ini.value(QStringLiteral("data")).toString();
        s.database = ini.value(QStringLiteral("database")).toString();
        s.tlsCert = ini.value(QStringLiteral("tls_cert")).toString();
        s.tlsKey = ini.value(QStringLiteral("tls_key")).toString();
        s.keyFile = ini.value(QStringLiteral("key_file")).toString();
        s.plain = ini.value(QStringLiteral("plain"), false).toBool();
        s.insecureHttp = ini.value(QStringLiteral("insecure_http"), false).toBool();
        s.logLevel = ini.value(QStringLiteral("log_level"), s.logLevel).toString();
        s.maxBodyBytes = ini.value(QStringLiteral("max_body_bytes"), s.maxBodyBytes).toLongLong();
        s.workers = ini.value(QStringLiteral("workers"), s.workers).toInt();
    }
    if (p.isSet(listen))
        s.listen = p.value(listen);
    if (p.isSet(port))
        s.port = quint16(p.value(port).toUInt());
    if (p.isSet(data))
        s.dataDir = p.value(data);
    if (p.isSet(database))
        s.database = p.value(database);
    if (p.isSet(cert))
        s.tlsCert = p.value(cert);
    if (p.isSet(key))
        s.tlsKey = p.value(key);
    if (p.isSet(keyFile))
        s.keyFile = p.value(keyFile);
    if (p.isSet(plain))
        s.plain = true;
    if (p.isSet(insecureHttp))
        s.insecureHttp = true;
    if (p.isSet(logLevel))
        s.logLevel = p.value(logLevel);
    if (p.isSet(maxBody))
        s.maxBodyBytes = p.value(maxBody).toLongLong();
    if (p.isSet(workers)) {
        bool ok = false;
        s.workers = p.value(workers).toInt(&ok);
        if (!ok)
            s.workers = -1;
    }
    if (s.workers < 0 || s.workers > 64)
        return fail(QStringLiteral("workers must be a number from 0 to 64"));
    if (s.logLevel == QLatin1String("debug"))
        QLoggingCategory::setFilterRules(QStringLiteral("clerk.server*.debug=true"));
    else if (s.logLevel == QLatin1String("warning"))
        QLoggingCategory::setFilterRules(QStringLiteral("clerk.*.info=false"));

    if (!accounts::initialise())
        return fail(QStringLiteral("libsodium could not start"));
    const QStringList args = p.positionalArguments();
    const QString command = args.value(0, QStringLiteral("serve"));
    if (s.plain)
        warnLoudly(QStringLiteral("--plain: the database is NOT encrypted at rest. Citizens' data and the accounts' "
                                  "password hashes lie readable on disk. Not for production."));
    auto store = openStore(s, command == QLatin1String("migrate"), command == QLatin1String("serve"));
    if (!store)
        return fail(store.error().message
            + (store.error().detail.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(store.error().detail)));
    CityStore& db = *store.value();
    if (command == QLatin1String("migrate")) {
        std::printf("the database is at schema %d\n",
            isPostgres(s) ? PgCityStore::schemaVersion() : SqlCityStore::schemaVersion());
        return 0;
    }

    if (command == QLatin1String("serve")) {
        QSslConfiguration tls;
        if (!s.tlsCert.isEmpty()) {
            QFile certFile(s.tlsCert), keyFileHandle(s.tlsKey);
            if (!certFile.open(QIODevice::ReadOnly) || !keyFileHandle.open(QIODevice::ReadOnly))
                return fail(QStringLiteral("cannot read the TLS certificate or key"));
            const QList<QSslCertificate> chain = QSslCertificate::fromData(certFile.readAll(), QSsl::Pem);
            const QSslKey privateKey(keyFileHandle.readAll(), QSsl::Rsa, QSsl::Pem);
            const QSslKey ecKey = privateKey.isNull() ? QSslKey(QByteArray(), QSsl::Ec) : privateKey;
            if (chain.isEmpty() || privateKey.isNull())
                return fail(QStringLiteral("the TLS certificate or key is not valid PEM (RSA key expected)"));
            tls = QSslConfiguration::defaultConfiguration();
            tls.setLocalCertificateChain(chain);
            tls.setPrivateKey(privateKey);
            Q_UNUSED(ecKey);
        }
        ApiServer::Config cfg;
        cfg.maxBodyBytes = s.maxBodyBytes;
        cfg.workers = s.workers;
        ApiServer api(db, Clock::system(), cfg);
        Housekeeping housekeeping(db, Clock::system());
        housekeeping.start();
        const QHostAddress address(s.listen);
        if (address.isNull())
            return fail(QStringLiteral("not an address: %1").arg(s.listen));
        if (s.tlsCert.isEmpty() && !address.isLoopback()) {
            // Passwords and bearer tokens would cross the network readable by anyone on the way.
            if (!s.insecureHttp)
                return fail(
                    QStringLiteral("refusing to serve plain HTTP on %1, which is not a loopback address: passwords "
                                   "and tokens would cross the network unencrypted. Give --tls-cert and --tls-key "
                                   "(or listen on 127.0.0.1 behind a TLS proxy); --insecure-http overrides this "
                                   "for a closed test network.")
                        .arg(s.listen));
            warnLoudly(
                QStringLiteral("--insecure-http: serving plain HTTP on %1. Passwords and tokens cross the network "
                               "UNENCRYPTED. Not for production.")
                    .arg(s.listen));
        }
        const quint16 bound = api.listen(address, s.port, tls);
        if (!bound)
            return fail(QStringLiteral("cannot listen on %1:%2: %3").arg(s.listen).arg(s.port).arg(api.errorString()));
        std::printf("clerkdesk-server listening on %s:%u (%s)\n", qPrintable(s.listen), unsigned(bound),
            s.tlsCert.isEmpty() ? "http" : "https");
        std::fflush(stdout);
        // A rolling update: stop accepting, finish the answers being written (30 s at most), end.
        GracefulStop graceful(api.listener(), 30000, [&api] { return api.callsInFlight(); });
        QObject::connect(&graceful, &GracefulStop::drained, [] { QCoreApplication::quit(); });
        // Live update streams end first (clients reconnect to another instance); they never hold the drain.
        installSignalHandlers([&graceful, &api] {
            api.stopStreams();
            graceful.begin();
        });
        const int rc = QCoreApplication::exec();
        qCInfo(lcServer) << "stopped";
        return rc;
    }
    if (command == QLatin1String("user") && args.size() >= 3) {
        const QString sub = args.at(1), login = args.at(2);
        if (sub == QLatin1String("add")) {
            const QString pw = readLine();
            if (pw.size() < 8)
                return fail(QStringLiteral("the password (from standard input) must have at least 8 characters"));
            const Status st = db.addClerk(Clerk { login, p.value(name).isEmpty() ? login : p.value(name), p.value(role),
                                              p.value(teams).split(QLatin1Char(','), Qt::SkipEmptyParts), false },
                accounts::hashPassword(pw));
            return st ? 0 : fail(st.errorString() + QLatin1Char(' ') + st.error().detail);
        }
        if (sub == QLatin1String("passwd")) {
            const QString pw = readLine();
            if (pw.size() < 8)
                return fail(QStringLiteral("the password (from standard input) must have at least 8 characters"));
            const Status st = db.setPasswordHash(login, accounts::hashPassword(pw));
            return st ? 0 : fail(st.errorString());
        }
        if (sub == QLatin1String("disable") || sub == QLatin1String("enable")) {
            const Status st = db.setDisabled(login, sub == QLatin1String("disable"));
            return st ? 0 : fail(st.errorString());
        }
    }
    if (command == QLatin1String("team") && args.size() >= 3 && args.at(1) == QLatin1String("add")) {
        const Status st = db.addTeam(Team { args.at(2), p.value(name).isEmpty() ? args.at(2) : p.value(name) });
        return st ? 0 : fail(st.errorString());
    }
    if (command == QLatin1String("service") && args.size() >= 3 && args.at(1) == QLatin1String("import")) {
        QFile f(args.at(2));
        if (!f.open(QIODevice::ReadOnly))
            return fail(QStringLiteral("cannot read %1").arg(args.at(2)));
        QJsonParseError err;
        const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &err);
        if (err.error != QJsonParseError::NoError)
            return fail(QStringLiteral("%1 is not valid JSON: %2").arg(args.at(2), err.errorString()));
        const QJsonArray list = doc.isArray() ? doc.array() : QJsonArray { doc.object() };
        int imported = 0;
        for (const QJsonValue& v : list) {
            auto svc = json::decodeService(v.toObject());
            if (!svc)
                return fail(QStringLiteral("service %1: %2").arg(imported + 1).arg(svc.error().detail));
            if (Status st = db.upsertService(svc.value()); !st)
                return fail(st.errorString());
            ++imported;
        }
        std::printf("%d service(s) imported\n", imported);
        return 0;
    }
    if (command == QLatin1String("seed")) {
        SeedOptions o;
        o.seed = p.value(seed).toUInt();
        o.requests = p.value(requests).toInt();
        o.documents = !p.isSet(noDocuments);
        auto report = seedCity(db, o);
        if (!report)
            return fail(report.errorString() + QLatin1Char(' ') + report.error().detail);
        std::printf("seeded: %d teams, %d accounts, %d services, %d requests, %d documents, %d notes, %d annotations\n"
                    "demo clerks (password \"%s\"): %s, admin, portal (intake)\n",
            report->teams, report->clerks, report->services, report->requests, report->documents, report->notes,
            report->annotations, qPrintable(o.password), qPrintable(report->demoLogins.join(QStringLiteral(", "))));
        return 0;
    }
    return fail(QStringLiteral("unknown command; see --help"));
}

} // namespace clerk::server
