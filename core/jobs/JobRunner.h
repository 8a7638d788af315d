// Runs Jobs on worker threads of its own pool and hands them back to the GUI thread. It owns the
// jobs it runs and deletes them after their finished() (receivers read the result in it).
// cancelAll() + waitForDone() before the store locks or its key changes: no job then holds the key.
#pragma once

#include <QList>
#include <QObject>
#include <QPointer>
#include <QThreadPool>

namespace clerk {

class Job;

class JobRunner : public QObject
{
    Q_OBJECT
public:
    explicit JobRunner(QObject* parent = nullptr);
    ~JobRunner() override; // cancels what runs and waits for it

    // Takes the job and starts it; its finished() follows on this object's thread.
    Job* start(Job* job);
    QList<Job*> running() const;
    void cancelAll();
    // Blocks until every started job has returned from its work (its finished() may still be queued).
    void waitForDone();

Q_SIGNALS:
    void started(clerk::Job* job);
    // After the job's own finished(); the job is deleted right after this.
    void finished(clerk::Job* job);

private:
    QThreadPool m_pool;
    QList<QPointer<Job>> m_jobs;
};

} // namespace clerk
