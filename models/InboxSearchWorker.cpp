#include "InboxSearchWorker.h"

#include "core/Logging.h"
#include "core/store/Store.h"

#include <QtConcurrent/QtConcurrentRun>

namespace clerk {

InboxSearchWorker::InboxSearchWorker(Store& store, QObject* parent)
    : QObject(parent)
    , m_store(store)
{
    m_watcher = new QFutureWatcher<Outcome>(this);
    connect(m_watcher, &QFutureWatcherBase::finished, this, &InboxSearchWorker::finished);
    connect(&m_store, &Store::locked, this, &InboxSearchWorker::drop);
}

InboxSearchWorker::~InboxSearchWorker()
{
    // The search's connection must not outlive the window by much: wait for the one that runs.
    m_watcher->waitForFinished();
}

bool InboxSearchWorker::isBusy() const
{
    return m_running || m_waiting.has_value();
}

void InboxSearchWorker::start(const Ask& ask)
{
    m_waiting = ask;
    if (!m_running)
        run();
}

void InboxSearchWorker::run()
{
    if (m_held || !m_waiting)
        return;
    Ask ask = std::move(*m_waiting);
    m_waiting.reset();
    if (!m_connection) {
        auto c = inbox::SearchConnection::open(m_store);
        if (!c) {
            qCWarning(lcStore) << "no worker connection for the inbox search:" << c.error().detail;
            // Answered as every failed search is (after this call returns, as a running one would).
            QMetaObject::invokeMethod(
                this,
                [this, number = ask.number, message = c.error().message] { Q_EMIT answered(number, {}, message); },
                Qt::QueuedConnection);
            return;
        }
        m_connection = std::move(c.value());
    }
    m_running = true;
    m_watcher->setFuture(QtConcurrent::run([connection = m_connection, ask = std::move(ask)] {
        Outcome out;
        out.number = ask.number;
        auto answer = connection->search(ask.typed, ask.hitLimit, ask.filter, ask.order, ask.rows);
        if (answer)
            out.answer = std::move(answer.value());
        else
            out.error = answer.error().message.isEmpty() ? answer.error().detail : answer.error().message;
        return out;
    }));
}

void InboxSearchWorker::finished()
{
    m_running = false;
    if (m_watcher->future().resultCount() > 0) {
        const Outcome out = m_watcher->result();
        Q_EMIT answered(out.number, out.answer, out.error);
    }
    if (m_store.isUnlocked())
        run();
}

void InboxSearchWorker::drop()
{
    m_waiting.reset();
    m_watcher->waitForFinished();
    m_connection.reset();
}

void InboxSearchWorker::hold(bool hold)
{
    m_held = hold;
    if (hold) {
        m_watcher->waitForFinished();
        m_connection.reset();
    } else if (m_store.isUnlocked()) {
        run();
    }
}

} // namespace clerk
