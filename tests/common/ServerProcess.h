// clerkdesk-server as a separate process, for tests and benchmarks that run a deployment: started with
// the given arguments, ready once it says "listening"; a free loopback port; the postgresql:// address of
// a TestPostgres database.
#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QMap>
#include <QProcess>
#include <QTcpServer>
#include <QUrl>
#include <QtDebug>
#include <memory>

namespace clerk::testserver {

inline quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

// "host=/tmp/… dbname=city1 user=clerk" as the postgresql:// address `serve --database` takes.
inline QString postgresUrl(const QString& conninfo)
{
    QMap<QString, QString> words;
    for (const QString& word : conninfo.split(QLatin1Char(' '), Qt::SkipEmptyParts))
        words.insert(word.section(QLatin1Char('='), 0, 0), word.section(QLatin1Char('='), 1));
    return QStringLiteral("postgresql:///%1?host=%2&user=%3")
        .arg(words.value(QStringLiteral("dbname")),
            QString::fromLatin1(QUrl::toPercentEncoding(words.value(QStringLiteral("host")))),
            words.value(QStringLiteral("user")));
}

struct ServerProcess
{
    QString name;
    quint16 port = 0;
    QStringList arguments; // after the program: serve --data … --port … (the port is `port`)
    std::unique_ptr<QProcess> process;

    // Starts it and waits until it listens (at most 30 s).
    bool start(const QString& program)
    {
        process = std::make_unique<QProcess>();
        process->setProcessChannelMode(QProcess::MergedChannels);
        process->start(program, arguments);
        if (!process->waitForStarted())
            return false;
        QByteArray said;
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 30000) {
            if (process->waitForReadyRead(200)) {
                said += process->readAll();
                if (said.contains("listening"))
                    return true;
            }
            if (process->state() == QProcess::NotRunning)
                break;
        }
        qWarning().noquote() << name << "did not start:" << QString::fromUtf8(said);
        return false;
    }

    void kill()
    {
        if (!process)
            return;
        process->kill();
        process->waitForFinished(10000);
    }

    void stop()
    {
        if (!process)
            return;
        process->terminate();
        if (!process->waitForFinished(15000))
            kill();
    }

    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(port); }
};

} // namespace clerk::testserver
