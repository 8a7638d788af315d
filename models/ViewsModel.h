// The views sidebar: built-in views of the inbox (mine, my team, unassigned, overdue, due soon,
// all, flagged), then the inbox by service, by status and by channel, then the clerk's saved
// searches. Section titles are rows that cannot be selected. Counts arrive via setCount().
#pragma once

#include "core/inbox/InboxView.h"

#include <QAbstractListModel>
#include <QHash>

namespace clerk {

class ViewsModel : public QAbstractListModel
{
    Q_OBJECT
public:
    // The kinds of view and a view with its parameter (the service id, status key, channel key,
    // or saved search text), as the core's inbox query knows them.
    using View = inbox::View;
    using Spec = inbox::ViewSpec;

    enum Role {
        ViewRole = Qt::UserRole + 1, // clerk::ViewsModel::View
        CountRole, // int, -1 while unknown
        SpecRole, // clerk::ViewsModel::Spec
        NameRole, // QString: the title without the count
    };

    explicit ViewsModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QHash<int, QByteArray> roleNames() const override;

    void setCount(View view, int count) { setCount(Spec { view, {} }, count); }
    void setCount(const Spec& spec, int count);
    // The facets below the built-in views: (key, title) pairs. Rebuilds the rows when they differ.
    void setFacets(const QList<QPair<QString, QString>>& services, const QList<QPair<QString, QString>>& statuses,
        const QList<QPair<QString, QString>>& channels);
    // Saved searches: (name, search text) pairs.
    void setSavedSearches(const QList<QPair<QString, QString>>& saved);
    QList<Spec> specs() const;
    int rowOf(const Spec& spec) const;
    static QString title(View view);

private:
    struct Entry
    {
        Spec spec;
        QString title;
    };
    void rebuild();

    QList<Entry> m_entries;
    QList<QPair<QString, QString>> m_services, m_statuses, m_channels, m_saved;
    QHash<QString, int> m_counts; // by key()
    static QString key(const Spec& s) { return inbox::keyOf(s); }
};

} // namespace clerk

Q_DECLARE_METATYPE(clerk::ViewsModel::Spec)
