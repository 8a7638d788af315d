#include "Checkpointer.h"

#include "Sql.h"
#include "core/Logging.h"

namespace clerk::sql {

Checkpointer::Checkpointer(Connection& writer, Opener open)
    : m_writer(writer)
    , m_open(std::move(open))
{
    m_thread = std::thread([this] { run(); });
    m_writer.setWalCommitHook([this](int pages) {
        if (pages < kPages)
            return;
        {
            std::lock_guard lock(m_mutex);
            if (!m_noConnection) {
                m_wanted = true;
                m_wake.notify_one();
                return;
            }
        }
        m_writer.checkpointPassive();
    });
}

Checkpointer::~Checkpointer()
{
    m_writer.setWalCommitHook({});
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_one();
    m_thread.join();
}

int Checkpointer::checkpoints() const
{
    std::lock_guard lock(m_mutex);
    return m_done;
}

bool Checkpointer::busy() const
{
    std::lock_guard lock(m_mutex);
    return m_wanted || m_running;
}

void Checkpointer::run()
{
    auto own = m_open();
    m_open = {}; // with it goes any key it holds
    std::unique_lock lock(m_mutex);
    if (!own) {
        qCWarning(lcStore) << "no background checkpoints:" << own.error().detail;
        m_noConnection = true;
        m_wanted = false;
        return;
    }
    m_own = std::move(own.value());
    while (true) {
        m_wake.wait(lock, [this] { return m_wanted || m_stopping; });
        if (m_stopping)
            break;
        m_wanted = false;
        m_running = true;
        lock.unlock();
        if (Status s = m_own->exec("PRAGMA wal_checkpoint(PASSIVE)"); !s)
            qCWarning(lcStore) << "background checkpoint failed:" << s.error().detail;
        lock.lock();
        m_running = false;
        ++m_done;
    }
    lock.unlock();
    m_own.reset(); // closed on the thread that used it
}

} // namespace clerk::sql
