// The long work under way, in the status bar: what runs ("Exporting the e-file"), how far it is
// (a bar with the percentage) and "Cancel". With more than one job it shows the oldest and says
// how many more there are. Hidden while nothing runs.
#pragma once

#include <QPointer>
#include <QWidget>

class QLabel;
class QProgressBar;
class QToolButton;

namespace clerk {

class Job;
class JobRunner;

class JobProgress : public QWidget
{
    Q_OBJECT
public:
    explicit JobProgress(JobRunner& runner, QWidget* parent = nullptr);

    QProgressBar* bar() const { return m_bar; }
    QToolButton* cancelButton() const { return m_cancel; }
    QString text() const;

private:
    void follow(Job* job);
    void refresh();

    JobRunner& m_runner;
    QPointer<Job> m_shown;
    QLabel* m_label = nullptr;
    QProgressBar* m_bar = nullptr;
    QToolButton* m_cancel = nullptr;
};

} // namespace clerk
