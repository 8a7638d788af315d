#include "ContentReaders.h"

#include "ContentFiles.h"
#include "Sql.h"
#include "Store.h"

#include <QThread>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace clerk {

struct ContentReaders::Lane
{
    struct Item
    {
        Next kind;
        QByteArray data;
        Error error;
    };
    std::unique_ptr<sql::Connection> connection;
    std::mutex mutex;
    std::condition_variable changed;
    std::deque<Item> items;
    bool stopping = false;
    std::thread thread;

    // False when stopped.
    bool push(Item item)
    {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return stopping || items.size() < size_t(kDepth); });
        if (stopping)
            return false;
        items.push_back(std::move(item));
        changed.notify_all();
        return true;
    }

    Item pop()
    {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return stopping || !items.empty(); });
        if (items.empty())
            return { Next::Failed, {}, Error { Error::Cancelled, QStringLiteral("stopped"), {} } };
        Item item = std::move(items.front());
        items.pop_front();
        changed.notify_all();
        return item;
    }

    void run(const QStringList& ids, size_t first, size_t step, const ContentFiles* files)
    {
        for (size_t i = first; i < size_t(ids.size()); i += step) {
            const QString& id = ids.at(qsizetype(i));
            int generation = 0; // of the document's file; 0: its bytes are chunks in the database
            qint64 size = 0;
            {
                auto d = connection->query("SELECT content_file, stored_size FROM documents WHERE id = ?1");
                d.bindAll(id);
                if (d.next()) {
                    generation = int(d.int64(0));
                    size = d.int64(1);
                }
            }
            if (generation >= 1) {
                if (!readFile(id, generation, size, files))
                    return;
                continue;
            }
            auto q = connection->query("SELECT data FROM document_chunks WHERE document_id = ?1 ORDER BY seq");
            q.bindAll(id);
            while (q.next())
                if (!push({ Next::Chunk, q.blob(0), {} }))
                    return;
            if (q.error()) {
                push({ Next::Failed, {}, q.error() });
                return;
            }
            if (!push({ Next::End, {}, {} }))
                return;
        }
    }

    // A document kept in a file: decrypted chunk by chunk (the device decrypts the next chunk
    // ahead on its own). False when stopped or failed.
    bool readFile(const QString& id, int generation, qint64 size, const ContentFiles* files)
    {
        if (!files) {
            push({ Next::Failed, {}, Error { Error::Locked, QStringLiteral("locked"), id } });
            return false;
        }
        auto device = files->open(id, 0, size, generation);
        if (!device) {
            push({ Next::Failed, {}, device.error() });
            return false;
        }
        for (qint64 left = size; left > 0;) {
            QByteArray chunk(qMin<qint64>(left, ContentFiles::kChunk), Qt::Uninitialized);
            const qint64 n = device.value()->read(chunk.data(), chunk.size());
            if (n <= 0) {
                push({ Next::Failed, {},
                    Error { Error::Corrupt, ContentFiles::tr("The document's stored file is damaged."), id } });
                return false;
            }
            chunk.truncate(n);
            left -= n;
            if (!push({ Next::Chunk, std::move(chunk), {} }))
                return false;
        }
        return push({ Next::End, {}, {} });
    }
};

ContentReaders::ContentReaders(Store& store, const QStringList& documentIds, int threads)
    : m_store(store)
    , m_ids(documentIds)
{
    if (threads <= 0)
        threads = qBound(1, QThread::idealThreadCount(), 4);
    threads = qMax(1, qMin<int>(threads, int(documentIds.size())));
    for (int i = 0; i < threads; ++i)
        m_lanes.push_back(std::make_unique<Lane>());
}

ContentReaders::~ContentReaders()
{
    stop();
}

Status ContentReaders::start()
{
    m_files = m_store.sharedContentFiles();
    for (auto& lane : m_lanes) {
        // Each page is read once: a small page cache keeps memory flat.
        auto c = m_store.openWorkerConnection(1);
        if (!c)
            return c.error();
        lane->connection = std::move(c.value());
    }
    for (size_t i = 0; i < m_lanes.size(); ++i) {
        Lane* lane = m_lanes[i].get();
        lane->thread = std::thread([this, lane, i] { lane->run(m_ids, i, m_lanes.size(), m_files.get()); });
    }
    return {};
}

ContentReaders::Next ContentReaders::next(int index, QByteArray* chunk, Error* error)
{
    Lane::Item item = m_lanes[size_t(index) % m_lanes.size()]->pop();
    if (item.kind == Next::Chunk)
        *chunk = std::move(item.data);
    else if (item.kind == Next::Failed)
        *error = item.error;
    return item.kind;
}

void ContentReaders::stop()
{
    for (auto& lane : m_lanes) {
        {
            std::lock_guard lock(lane->mutex);
            lane->stopping = true;
        }
        lane->changed.notify_all();
    }
    for (auto& lane : m_lanes)
        if (lane->thread.joinable())
            lane->thread.join();
}

} // namespace clerk
