#include "JobRunner.h"

#include "Job.h"

#include <QThread>

namespace clerk {

JobRunner::JobRunner(QObject* parent)
    : QObject(parent)
{
    // Two at once: an export does not wait behind an import, and the machine keeps a core for the GUI.
    m_pool.setMaxThreadCount(2);
    m_pool.setObjectName(QStringLiteral("ClerkDesk jobs"));
}

JobRunner::~JobRunner()
{
    cancelAll();
    waitForDone();
    for (const QPointer<Job>& job : std::as_const(m_jobs))
        delete job.data(); // their finished() never comes now
}

Job* JobRunner::start(Job* job)
{
    job->setParent(nullptr);
    m_jobs << job;
    Q_EMIT started(job);
    m_pool.start([this, job] {
        job->execute();
        // Back on this object's thread; the worker touches the job no more after this line.
        QMetaObject::invokeMethod(
            this,
            [this, job] {
                m_jobs.removeAll(job);
                job->markFinished();
                Q_EMIT finished(job);
                delete job;
            },
            Qt::QueuedConnection);
    });
    return job;
}

QList<Job*> JobRunner::running() const
{
    QList<Job*> jobs;
    for (const QPointer<Job>& job : m_jobs)
        if (job && !job->isFinished())
            jobs << job.data();
    return jobs;
}

void JobRunner::cancelAll()
{
    for (const QPointer<Job>& job : std::as_const(m_jobs))
        if (job)
            job->cancel();
}

void JobRunner::waitForDone()
{
    m_pool.waitForDone();
}

} // namespace clerk
