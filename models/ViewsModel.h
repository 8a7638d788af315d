// The views sidebar: built-in views of the inbox (mine, my team, unassigned, overdue, due soon)
// followed by the clerk's saved searches. Counts arrive from the store via setCount().
#pragma once

#include <QAbstractListModel>

namespace clerk {

class ViewsModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum class View { Mine, Team, Unassigned, Overdue, DueSoon, All };
    Q_ENUM(View)

    enum Role {
        ViewRole = Qt::UserRole + 1, // clerk::ViewsModel::View
        CountRole,                   // int, -1 while unknown
    };

    explicit ViewsModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    void setCount(View view, int count);
    static QString title(View view);

private:
    QList<View> m_views;
    QHash<View, int> m_counts;
};

} // namespace clerk
