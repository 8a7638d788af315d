// The views sidebar as the clerk chooses from it, and the saved searches in it: choosing a view
// shows it in the inbox (a saved search is its words over all requests); the inbox's current
// search is saved under a name; a saved search is removed again.
#pragma once

#include <QObject>

class QAction;
class QLineEdit;
class QListView;
class QMainWindow;
class QModelIndex;

namespace clerk {

class InboxModel;
class Store;
class ViewsModel;

class SavedSearchActions : public QObject
{
    Q_OBJECT
public:
    SavedSearchActions(QMainWindow& window, QListView& sidebar, ViewsModel& views, QLineEdit& search);

    // `remove` is enabled while a saved search is chosen.
    void attach(Store& store, InboxModel& inbox, QAction* remove);

    void viewChosen(const QModelIndex& index);
    void save();
    void remove();

Q_SIGNALS:
    // A search was saved or removed: the sidebar's list and counts are out of date.
    void changed();

private:
    QMainWindow& m_window;
    QListView& m_sidebar;
    ViewsModel& m_views;
    QLineEdit& m_search;
    Store* m_store = nullptr;
    InboxModel* m_inbox = nullptr;
    QAction* m_remove = nullptr;
};

} // namespace clerk
