// "Sync problems": every change of the clerk that has not reached the city backend yet, with
// where it is (waiting, sent without answer, needs a decision, refused), how often it was sent,
// the last error, and what the clerk can do about it. ConflictCompareDialog shows the clerk's
// side and the server's side of one change field by field.
#pragma once

#include "core/Result.h"
#include "core/domain/Domain.h"

#include <QDialog>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace clerk {

class Store;

class ConflictCompareDialog : public QDialog
{
    Q_OBJECT
public:
    enum Outcome { KeepMine = 100, TakeTheirs = 101 };
    ConflictCompareDialog(Store& store, const Mutation& change, QWidget* parent = nullptr);
    QTreeWidget* table() const { return m_table; }

private:
    QTreeWidget* m_table = nullptr;
};

class SyncProblemsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SyncProblemsDialog(Store& store, QWidget* parent = nullptr);

    QTreeWidget* list() const { return m_list; }
    QLabel* summary() const { return m_summary; }
    void reload();

Q_SIGNALS:
    void openRequest(const QString& requestId);
    void syncRequested();

private:
    static constexpr int kListed = 1000; // rows of each kind (decisions, waiting) the list shows
    Mutation current() const;
    void updateButtons();
    void retry();
    void discard();
    void keepMine();
    void compare();
    void report(const Status& s);

    Store& m_store;
    QList<Mutation> m_changes;
    QLabel* m_summary = nullptr;
    QTreeWidget* m_list = nullptr;
    QPushButton* m_retry = nullptr;
    QPushButton* m_keepMine = nullptr;
    QPushButton* m_discard = nullptr;
    QPushButton* m_compare = nullptr;
    QPushButton* m_open = nullptr;
    QPushButton* m_syncNow = nullptr;
};

} // namespace clerk
