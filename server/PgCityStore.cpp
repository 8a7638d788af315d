// PgCityStore: connecting (schema check or migration, the documents' key, fingerprint and
// high-water mark) and batches. Accounts, requests, the feed and mutations are in PgCity*.cpp.
#include "PgCityStore.h"

#include "PgConnection.h"
#include "PgFeedListener.h"
#include "ServerLogging.h"
#include "core/Sha256.h"
#include "core/store/ContentFiles.h"
#include "core/store/Sql.h"

#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>
#include <QThread>
#include <QUuid>

namespace clerk::server {

Result<std::unique_ptr<PgCityStore>> PgCityStore::open(const Options& options)
{
    if (options.key.size() < 16)
        return Error { Error::Invalid, tr("The server key is missing or shorter than 16 characters."), {} };
    if (options.contentDir.isEmpty())
        return Error { Error::Invalid, tr("No folder for the documents' bytes."), {} };
    auto conn = pg::Connection::open(options.conninfo);
    if (!conn)
        return conn.error();
    Options kept = options;
    kept.key.clear();
    std::unique_ptr<PgCityStore> store(new PgCityStore(std::move(conn.value()), kept));
    if (Status s = store->migrate(options.migrate); !s)
        return s.error();
    // The documents' key never enters the database: derived from the server key, with a label so
    // that it differs from any other use of that key.
    QByteArray material = "clerkdesk documents v1:" + options.key;
    QByteArray key = Sha256::hash(material);
    sql::wipe(material);
    store->m_content = std::make_unique<ContentFiles>(options.contentDir, key);
    sql::wipe(key);
    if (Status s = store->checkFingerprint(); !s)
        return s.error();
    if (options.listen) {
        PgCityStore* self = store.get();
        self->m_listener = std::make_unique<PgFeedListener>(
            options.conninfo, [self](qint64 seq) { self->announceFeed(seq); }, self->m_feedContext.get());
    }
    return store;
}

PgCityStore::PgCityStore(std::unique_ptr<pg::Connection> conn, Options options)
    : m_conn(std::move(conn))
    , m_connThread(QThread::currentThreadId())
    , m_options(std::move(options))
    , m_feedContext(std::make_unique<QObject>())
{
    m_conn->setDeferredWriter(
        [this](pg::Connection& c, const QList<QStringList>& rows) { return writeChanges(c, rows); });
}

std::unique_ptr<pg::Connection> PgCityStore::connect()
{
    auto conn = pg::Connection::open(m_options.conninfo);
    if (!conn) {
        // Kept unconnected: its statements fail (Error::Io, answered 503) and the next use
        // outside a transaction connects again.
        qCWarning(lcServer) << "a worker's database connection failed:" << conn.error().detail;
        return pg::Connection::unconnected(m_options.conninfo);
    }
    return std::move(conn.value());
}

pg::Connection& PgCityStore::db()
{
    const Qt::HANDLE self = QThread::currentThreadId();
    pg::Connection* c = nullptr;
    if (self == m_connThread) {
        c = m_conn.get();
    } else {
        std::lock_guard<std::mutex> hold(m_connsLock);
        auto& slot = m_conns[self];
        if (!slot) {
            slot = connect();
            slot->setDeferredWriter(
                [this](pg::Connection& conn, const QList<QStringList>& rows) { return writeChanges(conn, rows); });
        }
        c = slot.get();
    }
    if (c->depth() == 0 && !c->isOk()) {
        // The database restarted or failed over: one attempt per use until it answers again.
        if (Status s = c->reconnect(); !s)
            qCWarning(lcServer) << "the database connection could not be opened again:" << s.error().detail;
    }
    return *c;
}

PgCityStore::~PgCityStore() = default;

qint64 PgCityStore::lastSeq()
{
    // The sequence remembers the highest number ever handed out, also after compaction.
    auto v = db().scalar("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM changes_seq_seq");
    return v ? v.value().toLongLong() : 0;
}

Status PgCityStore::checkFingerprint()
{
    auto fp = db().scalar("SELECT value FROM meta WHERE key = 'fingerprint'");
    if (!fp)
        return fp.error();
    m_fingerprint = fp.value().toString();
    bool fresh = m_fingerprint.isEmpty();
    std::lock_guard<std::mutex> hold(m_highwaterLock);
    if (!fresh && !m_options.highwaterPath.isEmpty()) {
        QFile f(m_options.highwaterPath);
        if (f.open(QIODevice::ReadOnly)) {
            const QJsonObject hw = QJsonDocument::fromJson(f.readAll()).object();
            m_highwaterSeq = hw.value(QLatin1String("seq")).toInteger();
            if (hw.value(QLatin1String("fingerprint")).toString() == m_fingerprint && m_highwaterSeq > lastSeq()) {
                qCWarning(lcServer) << "the database is older than the last sequence handed out (" << lastSeq() << "<"
                                    << m_highwaterSeq << "): restored from a backup; clients will resync fully";
                fresh = true;
            }
        }
    }
    if (fresh) {
        m_highwaterSeq = 0;
        // Several instances may start on an empty database at once: the first one's value stays.
        const QString mine = QUuid::createUuid().toString(QUuid::WithoutBraces);
        // After a restore, instances starting together rotate it once: only while it is still the
        // value they read; the others then read the first one's.
        const QString read = fp.value().toString();
        auto q = db().query(read.isEmpty()
                ? "INSERT INTO meta(key, value) VALUES ('fingerprint', $1) ON CONFLICT(key) DO NOTHING"
                : "UPDATE meta SET value = $1 WHERE key = 'fingerprint' AND value = $2");
        q.bind(1, mine);
        if (!read.isEmpty())
            q.bind(2, read);
        if (Status s = q.exec(); !s)
            return s;
        auto now = db().scalar("SELECT value FROM meta WHERE key = 'fingerprint'");
        if (!now)
            return now.error();
        m_fingerprint = now.value().toString();
    }
    writeHighwater(m_highwaterSeq);
    return {};
}

void PgCityStore::noteHandedOut(qint64 seq)
{
    std::lock_guard<std::mutex> hold(m_highwaterLock);
    if (seq > m_highwaterSeq)
        writeHighwater(seq);
}

void PgCityStore::writeHighwater(qint64 seq)
{
    m_highwaterSeq = qMax(m_highwaterSeq, seq);
    if (m_options.highwaterPath.isEmpty())
        return;
    QSaveFile f(m_options.highwaterPath);
    if (!f.open(QIODevice::WriteOnly))
        return;
    f.write(QJsonDocument(
        QJsonObject { { QStringLiteral("fingerprint"), m_fingerprint }, { QStringLiteral("seq"), m_highwaterSeq } })
            .toJson(QJsonDocument::Compact));
    if (!f.commit())
        qCWarning(lcServer) << "could not write" << m_options.highwaterPath;
}

Status PgCityStore::reachable()
{
    pg::Connection& conn = db();
    if (Status s = conn.exec("SELECT 1"); s || conn.depth() > 0)
        return s;
    // A lost connection (database restarted, failover to the replica): one new attempt.
    if (Status s = conn.reconnect(); !s)
        return s;
    return conn.exec("SELECT 1");
}

Status PgCityStore::batch(const std::function<Status()>& body)
{
    pg::Transaction tx(db());
    if (!tx.ok())
        return tx.error();
    if (Status s = body(); !s)
        return s; // rolled back
    return tx.commit();
}

} // namespace clerk::server
