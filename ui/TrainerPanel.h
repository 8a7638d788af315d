// The trainer's panel in demo mode: a short list of exercises that tick themselves when the
// trainee does them, and the controls of the demo city (new requests, a conflict, start over).
#pragma once

#include <QDockWidget>

class QLabel;
class QListWidget;
class QPushButton;

namespace clerk {

class TrainerPanel : public QDockWidget
{
    Q_OBJECT
public:
    explicit TrainerPanel(QWidget* parent = nullptr);

    void addExercise(const QString& id, const QString& text);
    void setDone(const QString& id, bool done);
    bool isDone(const QString& id) const;
    int doneCount() const;
    void setArrivals(int count);

Q_SIGNALS:
    void newRequestWanted();
    void conflictWanted();
    void pauseToggled(bool paused);
    void restartWanted();

private:
    QListWidget* m_list = nullptr;
    QLabel* m_progress = nullptr;
    QLabel* m_arrivals = nullptr;
};

} // namespace clerk
