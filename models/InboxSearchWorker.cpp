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
    // The search's connection must not outlive the window: the one that runs stops.
    stop(false);
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
    if (m_held || m_running || !m_waiting)
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
    m_runningAsk = ask;
    m_watcher->setFuture(QtConcurrent::run([connection = m_connection.get(), ask = std::move(ask)] {
        Outcome out;
        out.number = ask.number;
        auto answer = connection->search(ask.typed, ask.hitLimit, ask.filter, ask.order, ask.rows);
        if (answer)
            out.answer = std::move(answer.value());
        else if (answer.error().code == Error::Cancelled)
            out.cancelled = true;
        else
            out.error = answer.error().message.isEmpty() ? answer.error().detail : answer.error().message;
        return out;
    }));
}

void InboxSearchWorker::finished()
{
    // Taken already by stop(); or a late signal of a future stop() took, with a newer one running.
    if (!m_running || !m_watcher->future().isFinished())
        return;
    m_running = false;
    if (m_watcher->future().resultCount() > 0) {
        const Outcome out = m_watcher->result();
        if (!out.cancelled)
            Q_EMIT answered(out.number, out.answer, out.error);
    }
    if (m_store.isUnlocked())
        run();
}

void InboxSearchWorker::stop(bool answer)
{
    if (m_running) {
        m_connection->interrupt(); // (open: it is closed below, on this thread, after the search ended)
        m_watcher->waitForFinished();
        m_running = false;
        const Outcome out = m_watcher->future().resultCount() > 0 ? m_watcher->result()
                                                                  : Outcome { m_runningAsk.number, {}, {}, true };
        if (!out.cancelled && answer)
            Q_EMIT answered(out.number, out.answer, out.error); // it had ended before the interrupt
        if (out.cancelled && m_held && !m_waiting)
            m_waiting = m_runningAsk; // asked again when the hold ends
        if (out.cancelled)
            Q_EMIT stopped(out.number);
    }
    m_connection.reset();
}

void InboxSearchWorker::drop()
{
    m_waiting.reset();
    stop(false); // an answer after the lock is not wanted
}

void InboxSearchWorker::hold(bool hold)
{
    m_held = hold;
    if (hold)
        stop(true);
    else if (m_store.isUnlocked())
        run();
}

} // namespace clerk
