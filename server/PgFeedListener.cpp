#include "PgFeedListener.h"

#include "PgConnection.h"
#include "ServerLogging.h"

#include <QPointer>
#include <QSocketNotifier>
#include <QTimer>
#include <libpq-fe.h>
#include <memory>

namespace clerk::server {

class PgFeedListener::Ear : public QObject
{
public:
    Ear(QString conninfo, std::function<void(qint64)> heard, QObject* receiver)
        : m_conninfo(std::move(conninfo))
        , m_heard(std::move(heard))
        , m_receiver(receiver)
    { }

    void start()
    {
        m_retry = new QTimer(this);
        m_retry->setSingleShot(true);
        connect(m_retry, &QTimer::timeout, this, [this] { connectNow(); });
        m_probe = new QTimer(this);
        m_probe->setInterval(30000);
        connect(m_probe, &QTimer::timeout, this, [this] { probe(); });
        connectNow();
    }

    void finish()
    {
        m_notifier.reset();
        m_conn.reset();
    }

private:
    void connectNow()
    {
        auto conn = pg::Connection::open(m_conninfo);
        // Named for the database's administrator (pg_stat_activity).
        Status listening
            = conn ? conn.value()->exec("SET application_name = 'clerkdesk feed listener'") : Status(conn.error());
        if (listening)
            listening = conn.value()->exec("LISTEN clerkdesk_feed");
        if (!listening) {
            if (m_pauseMs == 0 || m_pauseMs >= 10000) // once, and then every 10 s while it lasts
                qCWarning(lcServer) << "live updates: cannot listen to the database:" << listening.error().detail;
            m_pauseMs = m_pauseMs == 0 ? 250 : qMin(10000, m_pauseMs * 2);
            m_retry->start(m_pauseMs);
            return;
        }
        if (m_pauseMs > 0)
            qCInfo(lcServer) << "live updates: listening to the database again";
        m_pauseMs = 0;
        m_conn = std::move(conn.value());
        m_notifier = std::make_unique<QSocketNotifier>(PQsocket(m_conn->handle()), QSocketNotifier::Read);
        connect(m_notifier.get(), &QSocketNotifier::activated, this, [this] { read(); });
        m_probe->start();
        hand(0); // whatever was committed while no one listened
    }

    void read()
    {
        PGconn* h = m_conn ? m_conn->handle() : nullptr;
        if (!h || !PQconsumeInput(h) || PQstatus(h) != CONNECTION_OK)
            return lost();
        collect();
    }

    void collect()
    {
        qint64 newest = -1;
        while (PGnotify* n = PQnotifies(m_conn->handle())) {
            newest = qMax(newest, QByteArray(n->extra).toLongLong());
            PQfreemem(n);
        }
        if (newest >= 0)
            hand(newest);
    }

    void probe()
    {
        // A connection cut without a word (a firewall, a failover) is noticed here.
        if (!m_conn || !m_conn->exec("SELECT 1"))
            return lost();
        collect(); // notifications that came with the answer
    }

    void lost()
    {
        qCWarning(lcServer) << "live updates: the database connection that listens was lost; connecting again";
        m_notifier.reset();
        m_conn.reset();
        m_probe->stop();
        m_pauseMs = 250;
        m_retry->start(m_pauseMs);
    }

    void hand(qint64 seq)
    {
        QMetaObject::invokeMethod(m_receiver, [heard = m_heard, seq] { heard(seq); }, Qt::QueuedConnection);
    }

    QString m_conninfo;
    std::function<void(qint64)> m_heard;
    QObject* m_receiver;
    std::unique_ptr<pg::Connection> m_conn;
    std::unique_ptr<QSocketNotifier> m_notifier;
    QTimer* m_retry = nullptr;
    QTimer* m_probe = nullptr;
    int m_pauseMs = 0;
};

PgFeedListener::PgFeedListener(QString conninfo, std::function<void(qint64)> heard, QObject* receiver)
{
    m_thread.setObjectName(QStringLiteral("ClerkDesk feed listener"));
    m_ear = new Ear(std::move(conninfo), std::move(heard), receiver);
    m_ear->moveToThread(&m_thread);
    QObject::connect(&m_thread, &QThread::finished, m_ear, &QObject::deleteLater);
    m_thread.start();
    QMetaObject::invokeMethod(m_ear, [ear = m_ear] { ear->start(); });
}

PgFeedListener::~PgFeedListener()
{
    QMetaObject::invokeMethod(m_ear, [ear = m_ear] { ear->finish(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

} // namespace clerk::server
