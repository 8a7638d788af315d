#include "JobProgress.h"

#include "core/jobs/Job.h"
#include "core/jobs/JobRunner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QToolButton>

namespace clerk {

JobProgress::JobProgress(JobRunner& runner, QWidget* parent)
    : QWidget(parent)
    , m_runner(runner)
{
    setObjectName(QStringLiteral("jobProgress"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_label = new QLabel(this);
    m_label->setObjectName(QStringLiteral("jobProgressLabel"));
    m_bar = new QProgressBar(this);
    m_bar->setObjectName(QStringLiteral("jobProgressBar"));
    m_bar->setRange(0, 100);
    m_bar->setFormat(tr("%p %"));
    m_bar->setMaximumWidth(160);
    m_bar->setAccessibleName(tr("Progress"));
    m_cancel = new QToolButton(this);
    m_cancel->setObjectName(QStringLiteral("jobCancelButton"));
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop this work; nothing half-done is kept"));
    connect(m_cancel, &QToolButton::clicked, this, [this] {
        if (m_shown) {
            m_shown->cancel();
            m_cancel->setEnabled(false); // until the job has stopped
        }
    });
    layout->addWidget(m_label);
    layout->addWidget(m_bar);
    layout->addWidget(m_cancel);
    setVisible(false);
    connect(&m_runner, &JobRunner::started, this, [this](Job*) { refresh(); });
    connect(&m_runner, &JobRunner::finished, this, [this](Job* job) {
        if (job == m_shown)
            m_shown = nullptr;
        refresh();
    });
}

QString JobProgress::text() const
{
    return m_label->text();
}

void JobProgress::refresh()
{
    const QList<Job*> jobs = m_runner.running();
    if (jobs.isEmpty()) {
        m_shown = nullptr;
        setVisible(false);
        return;
    }
    if (!m_shown || !jobs.contains(m_shown.data()))
        follow(jobs.first());
    const qsizetype more = jobs.size() - 1;
    m_label->setText(more > 0 ? tr("%1 (and %n more)", nullptr, int(more)).arg(m_shown->title()) : m_shown->title());
    setVisible(true);
}

void JobProgress::follow(Job* job)
{
    if (m_shown)
        disconnect(m_shown, nullptr, this, nullptr);
    m_shown = job;
    m_bar->setValue(0);
    m_bar->setToolTip({});
    m_cancel->setEnabled(!job->isCancelled());
    connect(job, &Job::progressed, this, [this](int percent, const QString& text) {
        m_bar->setValue(percent);
        m_bar->setToolTip(text);
    });
}

} // namespace clerk
