#include "WriteTurns.h"

#include <QFileInfo>
#include <QHash>
#include <QMutex>
#include <chrono>
#include <thread>

namespace clerk::sql {

std::shared_ptr<WriteTurns> WriteTurns::forFile(const QString& path)
{
    static QMutex mutex;
    static QHash<QString, std::weak_ptr<WriteTurns>> files;
    // The folder's real path and the file's name: the same key before the file exists (the owner
    // creating it) and after, through a symbolic link too.
    const QFileInfo info(path);
    const QString folder = QFileInfo(info.absolutePath()).canonicalFilePath();
    const QString key = (folder.isEmpty() ? info.absolutePath() : folder) + QLatin1Char('/') + info.fileName();
    const QMutexLocker locker(&mutex);
    if (auto known = files.value(key).lock())
        return known;
    // (Entries of files no connection holds any more are dropped as they are met.)
    for (auto it = files.begin(); it != files.end();)
        it = it->expired() ? files.erase(it) : std::next(it);
    auto made = std::make_shared<WriteTurns>();
    files.insert(key, made);
    return made;
}

namespace {
qint64 steadyMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}
} // namespace

void WriteTurns::foregroundWaits()
{
    m_lastWaitMs.store(steadyMs(), std::memory_order_relaxed);
}

bool WriteTurns::foregroundWaiting() const
{
    const qint64 last = m_lastWaitMs.load(std::memory_order_relaxed);
    return last >= 0 && steadyMs() - last <= kStaleAfterMs;
}

bool WriteTurns::letForegroundThrough(int maxMs) const
{
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(maxMs);
    while (foregroundWaiting()) {
        if (std::chrono::steady_clock::now() >= deadline)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return true;
}

} // namespace clerk::sql
