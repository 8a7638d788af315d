// Long work off the GUI thread. A Job runs once, on a worker thread of a JobRunner: it reports
// progress (0-100 % and a line of text) and checks its cancel token between steps. It is created,
// read and deleted on the GUI thread; only run() executes on the worker.
//
// What a job guarantees: a cancel or a failure leaves nothing half-written. A job that writes a
// file writes it beside the target and renames it at the end; a job that writes to the store does
// so on a connection of its own (StoreAccess) in one transaction.
#pragma once

#include "core/Result.h"

#include <QCoreApplication>
#include <QObject>
#include <atomic>

namespace clerk {

class Job : public QObject
{
    Q_OBJECT
public:
    explicit Job(QString title, QObject* parent = nullptr);
    ~Job() override;

    QString title() const { return m_title; }
    // Any thread: the job stops at its next step (step() answers false), and what it runs between
    // two steps is interrupted (interruptWork()).
    void cancel()
    {
        m_cancelled.store(true, std::memory_order_relaxed);
        interruptWork();
    }
    bool isCancelled() const { return m_cancelled.load(std::memory_order_relaxed); }
    // After finished(): how it ended. A job cancelled in time ends with Error::Cancelled and
    // wasCancelled() true; the clerk asked for it, so it is not shown as a failure.
    const Status& status() const { return m_status; }
    bool wasCancelled() const { return isCancelled() && !m_status.ok(); }
    bool isFinished() const { return m_finished; }

    // The error a job returns when it notices the cancel.
    static Error cancelledError();

Q_SIGNALS:
    // Emitted on the worker thread (queued to receivers on the GUI thread), only when the percentage
    // or the text changes.
    void progressed(int percent, const QString& text);
    // Emitted on the GUI thread, once, after run() has returned; status() holds the outcome.
    void finished();

protected:
    // The work, on the worker thread. Return cancelledError() when step() said false.
    virtual Status run() = 0;
    // Called by cancel(), on the canceller's thread, also before run() or after it: stops what no
    // step() reaches, e.g. a long statement on the job's store (StoreAccess::interrupt()).
    virtual void interruptWork() { }
    // Reports how far the work is; false when the job was cancelled (stop, undo, return).
    bool step(qint64 done, qint64 total, const QString& text = {});

private:
    friend class JobRunner;
    void execute(); // worker thread
    void markFinished(); // GUI thread

    QString m_title;
    std::atomic_bool m_cancelled { false };
    Status m_status;
    bool m_finished = false;
    int m_percent = -1;
    QString m_text;
};

} // namespace clerk
