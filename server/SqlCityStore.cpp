// SqlCityStore: opening the database (key, migrations, document files, fingerprint and high-water
// mark) and batches. Accounts, requests, the changes feed and mutations are in SqlCity*.cpp beside it.
#include "SqlCityStore.h"

#include "ServerLogging.h"
#include "core/store/Checkpointer.h"
#include "core/store/ContentFiles.h"
#include "core/store/Sql.h"

#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>
#include <QUuid>
#include <openssl/rand.h>

namespace clerk::server {

QJsonObject MutationResult::toJson() const
{
    QJsonObject o { { QStringLiteral("mutation_id"), mutationId }, { QStringLiteral("status"), status } };
    if (status == QLatin1String("applied"))
        o.insert(QStringLiteral("version"), version);
    if (!entity.isEmpty())
        o.insert(QStringLiteral("entity"), entity);
    if (!reason.isEmpty()) {
        o.insert(QStringLiteral("reason"), reason);
        o.insert(QStringLiteral("params"), params);
        o.insert(QStringLiteral("params"), params);
        o.insert(QStringLiteral("detail"), detail);
    }
    return o;
}

Result<std::unique_ptr<SqlCityStore>> SqlCityStore::open(const Options& options)
{
    sql::Connection::Options o;
    o.path = options.path;
    o.passphrase = options.key;
    o.plaintext = options.plaintext;
    o.create = true;
    o.busyTimeoutMs = options.busyTimeoutMs;
    auto conn = sql::Connection::open(o);
    // The checkpointer's connection needs the passphrase once more, on its own thread; nothing
    // else keeps it (SQLCipher holds only the derived key, the caller wipes its copy).
    sql::Connection::Options own = o;
    own.create = false;
    sql::wipe(o.passphrase);
    Options kept = options;
    sql::wipe(kept.key);
    if (!conn) {
        sql::wipe(own.passphrase);
        return conn.error();
    }
    std::unique_ptr<SqlCityStore> store(new SqlCityStore(std::move(conn.value()), std::move(kept)));
    if (Status s = store->migrate(); !s) {
        sql::wipe(own.passphrase);
        return s.error();
    }
    if (Status s = store->openContentFiles(); !s) {
        sql::wipe(own.passphrase);
        return s.error();
    }
    // WAL checkpoints on their own thread: SQLite's automatic one ran inside whichever mutation's
    // commit crossed the threshold, the slowest batches of a run.
    store->m_checkpointer = std::make_unique<sql::Checkpointer>(*store->m_conn, [own = std::move(own)]() mutable {
        if (!own.plaintext) { // the raw key, derived once more (on the checkpointer's thread)
            own.rawKey = sql::Connection::deriveRawKey(own.passphrase, sql::Connection::fileSalt(own.path));
            sql::wipe(own.passphrase);
        }
        auto c = sql::Connection::open(own);
        sql::wipe(own.rawKey);
        return c;
    });
    if (Status s = store->checkFingerprint(); !s)
        return s.error();
    return store;
}

SqlCityStore::SqlCityStore(std::unique_ptr<sql::Connection> conn, Options options)
    : m_conn(std::move(conn))
    , m_options(std::move(options))
    , m_feedContext(std::make_unique<QObject>())
{ }

SqlCityStore::~SqlCityStore() = default;

Status SqlCityStore::openContentFiles()
{
    // The files' key lives in the encrypted database; made on first use.
    QByteArray key;
    if (!m_options.plaintext) {
        // A key is made only when the read succeeded and found none: a busy or unreadable
        // database fails the open instead, for a new key would make every stored document
        // unreadable.
        bool found = false;
        {
            auto q = m_conn->query("SELECT value FROM meta WHERE key = 'content_key'");
            if (q.next()) {
                found = true;
                QString hex = q.text(0);
                QByteArray latin = hex.toLatin1();
                sql::wipe(hex);
                key = QByteArray::fromHex(latin);
                sql::wipe(latin);
            }
            if (q.error()) {
                sql::wipe(key);
                qCCritical(lcServer) << "the document key could not be read:" << q.error().detail;
                return q.error();
            }
        }
        if (found && key.size() != 32) {
            sql::wipe(key);
            return Error { Error::Corrupt, tr("The document key in the database is damaged."),
                QStringLiteral("meta.content_key is not 32 bytes") };
        }
        if (!found) {
            key.resize(32);
            if (RAND_bytes(reinterpret_cast<unsigned char*>(key.data()), 32) != 1)
                return Error { Error::Io, tr("No random numbers for the document key."), {} };
            // A plain INSERT: should a key have appeared meanwhile, it is kept and the open fails.
            auto q = m_conn->query("INSERT INTO meta(key, value) VALUES ('content_key', ?1)");
            QString hex = QString::fromLatin1(key.toHex());
            const Status s = q.bindAll(hex).exec();
            sql::wipe(hex);
            if (!s) {
                sql::wipe(key);
                return s;
            }
        }
    }
    m_content = std::make_unique<ContentFiles>(m_options.path + QStringLiteral(".content"), key);
    sql::wipe(key); // ContentFiles holds its own copy for as long as it runs
    return {};
}

qint64 SqlCityStore::lastSeq()
{
    auto v = m_conn->scalar("SELECT coalesce(max(seq), 0) FROM changes");
    const qint64 current = v ? v.value().toLongLong() : 0;
    // Compaction deletes old change rows; AUTOINCREMENT remembers the highest ever handed out.
    auto hi = m_conn->scalar("SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'changes'), 0)");
    return qMax(current, hi ? hi.value().toLongLong() : 0);
}

Status SqlCityStore::checkFingerprint()
{
    auto fp = m_conn->scalar("SELECT value FROM meta WHERE key = 'fingerprint'");
    m_fingerprint = fp ? fp.value().toString() : QString();
    bool fresh = m_fingerprint.isEmpty();
    if (!fresh && !m_options.highwaterPath.isEmpty()) {
        QFile f(m_options.highwaterPath);
        if (f.open(QIODevice::ReadOnly)) {
            const QJsonObject hw = QJsonDocument::fromJson(f.readAll()).object();
            m_highwaterSeq = hw.value(QLatin1String("seq")).toInteger();
            if (hw.value(QLatin1String("fingerprint")).toString() == m_fingerprint && m_highwaterSeq > lastSeq()) {
                qCWarning(lcServer) << "the database is older than the last sequence this server handed out ("
                                    << lastSeq() << "<" << hw.value(QLatin1String("seq")).toInteger()
                                    << "): restored from a backup; clients will resync fully";
                fresh = true;
            }
        }
    }
    if (fresh) {
        m_highwaterSeq = 0;
        m_fingerprint = QUuid::createUuid().toString(QUuid::WithoutBraces);
        auto q = m_conn->query("INSERT INTO meta(key, value) VALUES ('fingerprint', ?1) "
                               "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
        if (Status s = q.bindAll(m_fingerprint).exec(); !s)
            return s;
    }
    writeHighwater(m_highwaterSeq);
    return {};
}

void SqlCityStore::writeHighwater(qint64 seq)
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

Status SqlCityStore::batch(const std::function<Status()>& body)
{
    sql::Transaction tx(*m_conn);
    if (!tx.ok())
        return tx.error();
    if (Status s = body(); !s)
        return s; // rolled back
    return tx.commit();
}

} // namespace clerk::server
