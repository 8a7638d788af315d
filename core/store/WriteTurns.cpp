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
    const QFileInfo info(path);
    const QString key = info.exists() ? info.canonicalFilePath() : info.absoluteFilePath();
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
