// A real PostgreSQL for tests: initdb into a temporary folder, pg_ctl on a Unix socket (no TCP),
// run as the unprivileged user `nobody` when the test runs as root (PostgreSQL refuses root).
// One cluster per test process, started on first use; each City gets a database of its own.
// A missing PostgreSQL fails the test loudly: it is never skipped.
//
//     auto conninfo = testpg::freshDatabase();   // "host=/tmp/… dbname=city3 user=clerk"
//     QVERIFY2(conninfo, qPrintable(conninfo.errorString()));
#pragma once

#include "core/Result.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <memory>
#include <pwd.h>
#include <unistd.h>

namespace clerk::testpg {

class Cluster
{
public:
    ~Cluster() { stop(); }

    // Starts the cluster; what failed, or an empty string.
    QString start()
    {
        if (m_running)
            return {};
        const QString bin = binDir();
        if (bin.isEmpty())
            return QStringLiteral("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): the devroot "
                                  "needs postgresql-17 (tools/devroot-packages.txt)");
        if (!m_dir.isValid())
            return QStringLiteral("no temporary folder");
        m_data = m_dir.filePath(QStringLiteral("data"));
        m_socket = m_dir.filePath(QStringLiteral("sock"));
        QDir().mkpath(m_socket);
        if (::geteuid() == 0) {
            const passwd* nobody = ::getpwnam("nobody");
            if (!nobody)
                return QStringLiteral("running as root and there is no user nobody to run PostgreSQL as");
            for (const QString& p : { m_dir.path(), m_socket })
                if (::chown(QFile::encodeName(p).constData(), nobody->pw_uid, nobody->pw_gid) != 0)
                    return QStringLiteral("cannot hand %1 to nobody").arg(p);
            m_asUser = { QStringLiteral("setpriv"), QStringLiteral("--reuid=%1").arg(nobody->pw_uid),
                QStringLiteral("--regid=%1").arg(nobody->pw_gid), QStringLiteral("--clear-groups") };
        }
        if (QString e = run(bin + QStringLiteral("/initdb"),
                { QStringLiteral("-D"), m_data, QStringLiteral("-U"), QStringLiteral("clerk"),
                    QStringLiteral("--auth=trust"), QStringLiteral("-E"), QStringLiteral("UTF8"),
                    QStringLiteral("--no-sync"), QStringLiteral("--no-instructions") });
            !e.isEmpty())
            return QStringLiteral("initdb: ") + e;
        const QString options = QStringLiteral(
            "-k %1 -c listen_addresses= -c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=200")
                                    .arg(m_socket);
        if (QString e = run(bin + QStringLiteral("/pg_ctl"),
                { QStringLiteral("-D"), m_data, QStringLiteral("-w"), QStringLiteral("-t"), QStringLiteral("60"),
                    QStringLiteral("-l"), m_dir.filePath(QStringLiteral("postgres.log")), QStringLiteral("-o"), options,
                    QStringLiteral("start") });
            !e.isEmpty())
            return QStringLiteral("pg_ctl start: ") + e + QStringLiteral("\n") + log();
        m_bin = bin;
        m_running = true;
        return {};
    }

    void stop()
    {
        if (!m_running)
            return;
        m_running = false;
        run(m_bin + QStringLiteral("/pg_ctl"),
            { QStringLiteral("-D"), m_data, QStringLiteral("-m"), QStringLiteral("immediate"),
                QStringLiteral("stop") });
    }

    // libpq words for database `name` (made with createDatabase()).
    QString conninfo(const QString& name = QStringLiteral("postgres")) const
    {
        return QStringLiteral("host=%1 dbname=%2 user=clerk").arg(m_socket, name);
    }

    // A new, empty database; what failed, or an empty string.
    QString createDatabase(const QString& name)
    {
        return run(m_bin + QStringLiteral("/psql"),
            { QStringLiteral("-X"), QStringLiteral("-q"), QStringLiteral("-v"), QStringLiteral("ON_ERROR_STOP=1"),
                conninfo(), QStringLiteral("-c"), QStringLiteral("CREATE DATABASE %1").arg(name) });
    }

    QString log() const
    {
        QFile f(m_dir.filePath(QStringLiteral("postgres.log")));
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll().right(4000)) : QString();
    }

private:
    static QString binDir()
    {
        const QStringList versions = QDir(QStringLiteral("/usr/lib/postgresql"))
                                         .entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name | QDir::Reversed);
        for (const QString& v : versions) {
            const QString bin = QStringLiteral("/usr/lib/postgresql/%1/bin").arg(v);
            if (QFile::exists(bin + QStringLiteral("/initdb")))
                return bin;
        }
        return {};
    }

    QString run(const QString& program, const QStringList& args) const
    {
        QProcess p;
        p.setWorkingDirectory(m_dir.path());
        p.setProcessChannelMode(QProcess::MergedChannels);
        if (m_asUser.isEmpty())
            p.start(program, args);
        else
            p.start(m_asUser.first(), m_asUser.mid(1) + QStringList { program } + args);
        if (!p.waitForFinished(120000))
            return QStringLiteral("%1 did not finish: %2").arg(program, p.errorString());
        if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
            return QString::fromUtf8(p.readAll());
        return {};
    }

    QTemporaryDir m_dir { QDir::tempPath() + QStringLiteral("/clerkdesk-pg-XXXXXX") };
    QString m_data, m_socket, m_bin;
    QStringList m_asUser;
    bool m_running = false;
};

// The process's cluster, started on first use, stopped when the process ends.
inline Cluster& cluster()
{
    static Cluster c;
    return c;
}

// A fresh database in the process's cluster: its libpq words, or what failed.
inline Result<QString> freshDatabase()
{
    static int counter = 0;
    Cluster& c = cluster();
    if (QString e = c.start(); !e.isEmpty())
        return Error { Error::Io, e, {} };
    const QString name = QStringLiteral("city%1").arg(++counter);
    if (QString e = c.createDatabase(name); !e.isEmpty())
        return Error { Error::Io, QStringLiteral("CREATE DATABASE: ") + e, {} };
    return c.conninfo(name);
}

// Whether the tests of this process run against PostgreSQL (ctest registers them twice).
inline bool wanted()
{
    return qEnvironmentVariable("CLERKDESK_TEST_STORE") == QLatin1String("postgresql");
}

} // namespace clerk::testpg
