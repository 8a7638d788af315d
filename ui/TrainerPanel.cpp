#include "TrainerPanel.h"

#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace clerk {

TrainerPanel::TrainerPanel(QWidget* parent)
    : QDockWidget(tr("Training"), parent)
{
    setObjectName(QStringLiteral("TrainerPanel"));
    setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetClosable);
    auto* body = new QWidget(this);
    auto* layout = new QVBoxLayout(body);
    m_progress = new QLabel(body);
    m_progress->setObjectName(QStringLiteral("trainerProgress"));
    layout->addWidget(m_progress);
    m_list = new QListWidget(body);
    m_list->setObjectName(QStringLiteral("exerciseList"));
    m_list->setAccessibleName(tr("Exercises"));
    m_list->setWordWrap(true);
    layout->addWidget(m_list, 1);
    m_arrivals = new QLabel(body);
    layout->addWidget(m_arrivals);
    auto* arrive = new QPushButton(tr("A new request arrives now"), body);
    connect(arrive, &QPushButton::clicked, this, &TrainerPanel::newRequestWanted);
    layout->addWidget(arrive);
    auto* pause = new QPushButton(tr("Pause arrivals"), body);
    pause->setCheckable(true);
    connect(pause, &QPushButton::toggled, this, &TrainerPanel::pauseToggled);
    layout->addWidget(pause);
    auto* conflict = new QPushButton(tr("Colleague edits the open request (conflict)"), body);
    conflict->setToolTip(
        tr("You and a colleague change the same request at the same time; the banner asks you to decide."));
    connect(conflict, &QPushButton::clicked, this, &TrainerPanel::conflictWanted);
    layout->addWidget(conflict);
    auto* restart = new QPushButton(tr("Start the demo over"), body);
    connect(restart, &QPushButton::clicked, this, &TrainerPanel::restartWanted);
    layout->addWidget(restart);
    setWidget(body);
    setArrivals(0);
}

void TrainerPanel::addExercise(const QString& id, const QString& text)
{
    auto* item = new QListWidgetItem(text, m_list);
    item->setData(Qt::UserRole, id);
    item->setFlags(Qt::ItemIsEnabled);
    item->setCheckState(Qt::Unchecked);
    m_progress->setText(tr("%1 of %2 exercises done").arg(doneCount()).arg(m_list->count()));
}

void TrainerPanel::setDone(const QString& id, bool done)
{
    for (int i = 0; i < m_list->count(); ++i) {
        QListWidgetItem* item = m_list->item(i);
        if (item->data(Qt::UserRole).toString() == id)
            item->setCheckState(done ? Qt::Checked : Qt::Unchecked);
    }
    m_progress->setText(tr("%1 of %2 exercises done").arg(doneCount()).arg(m_list->count()));
}

bool TrainerPanel::isDone(const QString& id) const
{
    for (int i = 0; i < m_list->count(); ++i)
        if (m_list->item(i)->data(Qt::UserRole).toString() == id)
            return m_list->item(i)->checkState() == Qt::Checked;
    return false;
}

int TrainerPanel::doneCount() const
{
    int n = 0;
    for (int i = 0; i < m_list->count(); ++i)
        n += m_list->item(i)->checkState() == Qt::Checked;
    return n;
}

void TrainerPanel::setArrivals(int count)
{
    m_arrivals->setText(tr("New requests since the start: %1").arg(count));
}

} // namespace clerk
