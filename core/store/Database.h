// Store-internal: the open connection of one profile, its background checkpointing, and the
// change notifications that the parts collect inside a transaction and announce after the
// outermost commit. Every part of the store (Requests, Outbox, Notes, …) writes through one
// Database; nothing outside core/store sees it.
#pragma once
#include "core/Clock.h"
#include "core/Result.h"
#include "core/store/Checkpointer.h"
#include "core/store/StoreInternal.h"

#include <QJsonObject>
#include <QSet>
#include <QStringList>
#include <functional>
#include <memory>

namespace clerk {

namespace sql {
class Connection;
} // namespace sql

class Database
{
    Q_DISABLE_COPY_MOVE(Database)
public:
    // Page caches besides Store::kConnectionCacheMb: a bulk import builds every index, which a larger
    // cache speeds up; the checkpointer copies WAL frames into the file and reads little.
    static constexpr int kBulkImportCacheMb = 32;
    static constexpr int kCheckpointCacheMb = 2;

    explicit Database(Clock& clock);
    ~Database();

    Clock& clock() const { return m_clock; }
    bool isOpen() const { return m_conn != nullptr; }
    // Only while open.
    sql::Connection& connection() const { return *m_conn; }

    void open(std::unique_ptr<sql::Connection> conn);
    // Stops the checkpointing, closes the connection and forgets unannounced changes.
    void close();

    // Commits append to the WAL; a thread of its own copies it into the file (see Checkpointer).
    void startCheckpointing(sql::Checkpointer::Opener open);
    void stopCheckpointing();
    const sql::Checkpointer* checkpointer() const { return m_checkpointer.get(); }

    // --- notifications ---
    struct Listener
    {
        std::function<void(const QStringList&)> requestsChanged; // empty list: everything
        std::function<void(const QStringList&)> documentsChanged;
        std::function<void(qint64 indexed, qint64 total)> searchIndexProgress;
    };
    void setListener(Listener listener) { m_listener = std::move(listener); }
    void requestChanged(const QString& id) { m_changedRequests.insert(id); }
    void documentChanged(const QString& id) { m_changedDocuments.insert(id); }
    // A commit failed: the requests collected for it did not change.
    void forgetRequestChanges() { m_changedRequests.clear(); }
    // Announces what was collected, unless a transaction is still open (then its commit does).
    void flush();
    // "Reload everything" (after a bulk import).
    void announceEverything();
    void announceSearchIndexProgress(qint64 indexed, qint64 total);

    // Between beginBulkImport and finishBulkImport: writes skip the search index and the
    // per-request notifications (the finish rebuilds and announces everything).
    bool bulkImportRunning() const { return m_bulkImport; }
    void setBulkImportRunning(bool running) { m_bulkImport = running; }

    static Error lockedError();

private:
    Clock& m_clock;
    std::unique_ptr<sql::Connection> m_conn;
    std::unique_ptr<sql::Checkpointer> m_checkpointer; // after m_conn: goes before it
    Listener m_listener;
    QSet<QString> m_changedRequests;
    QSet<QString> m_changedDocuments;
    bool m_bulkImport = false;
};

// Small pieces the parts share.
namespace db {
QString newId();
// Compact JSON text ("{}" for an empty object).
QString compact(const QJsonObject& o);
QJsonObject parseObject(const QString& s);
bool isClosedStatus(const QString& status);
} // namespace db

} // namespace clerk
