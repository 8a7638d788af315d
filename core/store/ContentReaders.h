// Reads the stored bytes of several documents ahead, on worker threads that each have their own
// connection, and hands the chunks over in order. Decrypting the pages (SQLCipher's AES and HMAC)
// is most of the time an export spends; with two cores it runs beside the hashing and writing.
// Memory stays bounded: each worker holds at most kDepth chunks.
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QStringList>
#include <memory>
#include <vector>

namespace clerk {

class ContentFiles;
class Store;

class ContentReaders
{
public:
    static constexpr int kDepth = 8;

    // `threads` <= 0: one per core, at most four.
    ContentReaders(Store& store, const QStringList& documentIds, int threads = 0);
    ~ContentReaders(); // stops the workers and waits for them
    ContentReaders(const ContentReaders&) = delete;
    ContentReaders& operator=(const ContentReaders&) = delete;

    Status start();

    enum class Next { Chunk, End, Failed };
    // The next chunk of document `index` (documents are taken in order 0, 1, …): Chunk with the
    // bytes in `chunk`, End when that document is complete, Failed with the reason in `error`.
    Next next(int index, QByteArray* chunk, Error* error);

    // Stops early (cancel); next() must not be called afterwards.
    void stop();

private:
    struct Lane;
    Store& m_store;
    QStringList m_ids;
    std::shared_ptr<const ContentFiles> m_files; // kept until the workers are done
    std::vector<std::unique_ptr<Lane>> m_lanes;
};

} // namespace clerk
