// Demo mode's exercises: watches the trainee's work in the store (the outbox records every action)
// and ticks the exercises in the trainer panel; runs the conflict scenario and "start over".
#pragma once

#include <QObject>
#include <QStringList>

namespace clerk {

class DemoCity;
class MainWindow;
class Store;
class SyncEngine;
class TrainerPanel;

class DemoTrainer : public QObject
{
    Q_OBJECT
public:
    DemoTrainer(DemoCity& city, Store& store, SyncEngine& sync, MainWindow& window, QString login,
        QStringList restartArguments, QObject* parent = nullptr);

    TrainerPanel* panel() const { return m_panel; }
    void evaluate();
    void provokeConflict();

private:
    DemoCity& m_city;
    Store& m_store;
    SyncEngine& m_sync;
    MainWindow& m_window;
    QString m_login;
    QStringList m_restartArguments;
    TrainerPanel* m_panel = nullptr;
    QString m_overdueTarget;
    bool m_conflictProvoked = false;
};

} // namespace clerk
