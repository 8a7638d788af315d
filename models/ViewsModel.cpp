#include "ViewsModel.h"

namespace clerk {

ViewsModel::ViewsModel(QObject* parent)
    : QAbstractListModel(parent)
    , m_views{View::Mine, View::Team, View::Unassigned, View::Overdue, View::DueSoon, View::All}
{
}

QString ViewsModel::title(View view)
{
    switch (view) {
    case View::Mine: return tr("My requests");
    case View::Team: return tr("My team");
    case View::Unassigned: return tr("Unassigned");
    case View::Overdue: return tr("Overdue");
    case View::DueSoon: return tr("Due soon");
    case View::All: return tr("All requests");
    }
    return {};
}

int ViewsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_views.size());
}

QVariant ViewsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const View v = m_views.at(index.row());
    const int count = m_counts.value(v, -1);
    switch (role) {
    case Qt::DisplayRole:
        return count >= 0 ? QStringLiteral("%1 (%2)").arg(title(v)).arg(count) : title(v);
    case Qt::AccessibleTextRole:
        return count >= 0 ? tr("%1, %n request(s)", nullptr, count).arg(title(v)) : title(v);
    case ViewRole: return QVariant::fromValue(v);
    case CountRole: return count;
    default: return {};
    }
}

QHash<int, QByteArray> ViewsModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(ViewRole, "view");
    names.insert(CountRole, "count");
    return names;
}

void ViewsModel::setCount(View view, int count)
{
    if (m_counts.value(view, -1) == count)
        return;
    m_counts.insert(view, count);
    const QModelIndex idx = index(int(m_views.indexOf(view)));
    Q_EMIT dataChanged(idx, idx, {Qt::DisplayRole, Qt::AccessibleTextRole, CountRole});
}

} // namespace clerk
