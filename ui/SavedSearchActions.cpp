#include "SavedSearchActions.h"

#include "core/store/Store.h"
#include "models/InboxModel.h"
#include "models/ViewsModel.h"

#include <QAction>
#include <QInputDialog>
#include <QLineEdit>
#include <QListView>
#include <QMainWindow>
#include <QStatusBar>

namespace clerk {

SavedSearchActions::SavedSearchActions(QMainWindow& window, QListView& sidebar, ViewsModel& views, QLineEdit& search)
    : QObject(&window)
    , m_window(window)
    , m_sidebar(sidebar)
    , m_views(views)
    , m_search(search)
{ }

void SavedSearchActions::attach(Store& store, InboxModel& inbox, QAction* remove)
{
    m_store = &store;
    m_inbox = &inbox;
    m_remove = remove;
}

void SavedSearchActions::viewChosen(const QModelIndex& index)
{
    const auto spec = index.data(ViewsModel::SpecRole).value<ViewsModel::Spec>();
    if (spec.kind == ViewsModel::View::Section || !m_inbox)
        return;
    if (m_remove)
        m_remove->setEnabled(spec.kind == ViewsModel::View::Saved);
    if (spec.kind == ViewsModel::View::Saved) {
        // A saved search is the search words over all requests.
        m_inbox->setView(ViewsModel::View::All);
        m_search.setText(spec.param);
        return;
    }
    m_inbox->setView(spec);
}

void SavedSearchActions::save()
{
    const QString query = m_inbox ? m_inbox->search().trimmed() : QString();
    if (query.isEmpty() || !m_store)
        return;
    bool ok = false;
    const QString name = QInputDialog::getText(
        &m_window, tr("Save search"), tr("Name for the search \"%1\":").arg(query), QLineEdit::Normal, query, &ok);
    if (!ok || name.trimmed().isEmpty())
        return;
    if (Status s = m_store->saveSearch(name, query); !s) {
        m_window.statusBar()->showMessage(s.errorString(), 10000);
        return;
    }
    Q_EMIT changed();
    m_window.statusBar()->showMessage(tr("Saved search \"%1\" is in the views on the left.").arg(name.trimmed()), 8000);
}

void SavedSearchActions::remove()
{
    const auto spec = m_sidebar.currentIndex().data(ViewsModel::SpecRole).value<ViewsModel::Spec>();
    if (spec.kind != ViewsModel::View::Saved || !m_store)
        return;
    const QString name = m_sidebar.currentIndex().data(ViewsModel::NameRole).toString();
    if (Status s = m_store->removeSavedSearch(name); !s) {
        m_window.statusBar()->showMessage(s.errorString(), 10000);
        return;
    }
    m_sidebar.setCurrentIndex(m_views.index(0));
    Q_EMIT changed();
}

} // namespace clerk
