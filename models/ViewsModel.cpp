#include "ViewsModel.h"

#include <QFont>

namespace clerk {

ViewsModel::ViewsModel(QObject* parent)
    : QAbstractListModel(parent)
{
    rebuild();
}

QString ViewsModel::title(View view)
{
    switch (view) {
    case View::Mine:
        return tr("My requests");
    case View::Team:
        return tr("My team");
    case View::Unassigned:
        return tr("Unassigned");
    case View::Overdue:
        return tr("Overdue");
    case View::DueSoon:
        return tr("Due soon");
    case View::All:
        return tr("All requests");
    case View::Flagged:
        return tr("Flagged");
    case View::Service:
        return tr("By service");
    case View::StatusIs:
        return tr("By status");
    case View::Channel:
        return tr("By channel");
    case View::Saved:
        return tr("Saved searches");
    case View::Section:
        break;
    }
    return {};
}

void ViewsModel::rebuild()
{
    beginResetModel();
    m_entries.clear();
    for (View v : { View::Mine, View::Team, View::Unassigned, View::Overdue, View::DueSoon, View::All, View::Flagged })
        m_entries << Entry { { v, {} }, title(v) };
    auto section = [this](View kind, const QList<QPair<QString, QString>>& items) {
        if (items.isEmpty())
            return;
        m_entries << Entry { { View::Section, QString::number(int(kind)) }, title(kind) };
        for (const auto& [k, name] : items)
            m_entries << Entry { { kind, k }, name };
    };
    section(View::Service, m_services);
    section(View::StatusIs, m_statuses);
    section(View::Channel, m_channels);
    if (!m_saved.isEmpty()) {
        m_entries << Entry { { View::Section, QString::number(int(View::Saved)) }, title(View::Saved) };
        for (const auto& [name, query] : std::as_const(m_saved))
            m_entries << Entry { { View::Saved, query }, name };
    }
    endResetModel();
}

void ViewsModel::setFacets(const QList<QPair<QString, QString>>& services,
    const QList<QPair<QString, QString>>& statuses, const QList<QPair<QString, QString>>& channels)
{
    if (services == m_services && statuses == m_statuses && channels == m_channels)
        return;
    m_services = services;
    m_statuses = statuses;
    m_channels = channels;
    rebuild();
}

void ViewsModel::setSavedSearches(const QList<QPair<QString, QString>>& saved)
{
    if (saved == m_saved)
        return;
    m_saved = saved;
    rebuild();
}

QList<ViewsModel::Spec> ViewsModel::specs() const
{
    QList<Spec> out;
    for (const Entry& e : m_entries)
        if (e.spec.kind != View::Section)
            out << e.spec;
    return out;
}

int ViewsModel::rowOf(const Spec& spec) const
{
    for (int i = 0; i < m_entries.size(); ++i)
        if (m_entries.at(i).spec == spec)
            return i;
    return -1;
}

int ViewsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

Qt::ItemFlags ViewsModel::flags(const QModelIndex& index) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return Qt::NoItemFlags;
    if (m_entries.at(index.row()).spec.kind == View::Section)
        return Qt::ItemIsEnabled; // a title: not selectable
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable;
}

QVariant ViewsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Entry& e = m_entries.at(index.row());
    const bool section = e.spec.kind == View::Section;
    const int count = section ? -1 : m_counts.value(key(e.spec), -1);
    const bool nested = !section && e.spec.kind >= View::Service;
    const QString indent = nested ? QStringLiteral("    ") : QString();
    switch (role) {
    case Qt::DisplayRole:
        return indent + (count >= 0 ? QStringLiteral("%1 (%2)").arg(e.title).arg(count) : e.title);
    case Qt::AccessibleTextRole:
        if (section)
            return tr("Section: %1").arg(e.title);
        return count >= 0 ? tr("%1, %n request(s)", nullptr, count).arg(e.title) : e.title;
    case Qt::FontRole:
        if (section) {
            QFont f;
            f.setBold(true);
            return f;
        }
        break;
    case ViewRole:
        return QVariant::fromValue(e.spec.kind);
    case SpecRole:
        return QVariant::fromValue(e.spec);
    case NameRole:
        return e.title;
    case CountRole:
        return count;
    default:
        break;
    }
    return {};
}

QHash<int, QByteArray> ViewsModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(ViewRole, "view");
    names.insert(CountRole, "count");
    names.insert(SpecRole, "spec");
    names.insert(NameRole, "name");
    return names;
}

void ViewsModel::setCount(const Spec& spec, int count)
{
    const QString k = key(spec);
    if (m_counts.value(k, -1) == count)
        return;
    m_counts.insert(k, count);
    const int row = rowOf(spec);
    if (row < 0)
        return;
    const QModelIndex idx = index(row);
    Q_EMIT dataChanged(idx, idx, { Qt::DisplayRole, Qt::AccessibleTextRole, CountRole });
}

} // namespace clerk
