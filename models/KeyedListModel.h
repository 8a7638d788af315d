// A list model whose rows have a key each. replaceRows() turns a freshly read list into the
// removals, insertions and dataChanged of what differs from the rows shown, so that a view keeps
// its selection, current row and scroll position across a store notification; only a changed
// order of the rows that stay resets the model.
#pragma once

#include <QAbstractListModel>
#include <QHash>
#include <QSet>
#include <QStringList>

namespace clerk {

template <typename Row> class KeyedListModel : public QAbstractListModel
{
public:
    using QAbstractListModel::QAbstractListModel;

    int rowCount(const QModelIndex& parent = {}) const override { return parent.isValid() ? 0 : int(m_rows.size()); }

protected:
    // The row's identity (equal keys: the same row, perhaps with new contents).
    virtual QString keyOf(const Row& row) const = 0;
    // Whether a row with the same key shows the same.
    virtual bool sameContents(const Row& a, const Row& b) const = 0;

    const Row* rowAt(const QModelIndex& index) const
    {
        if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
            return nullptr;
        return &m_rows.at(index.row());
    }

    void replaceRows(QList<Row> next)
    {
        const QStringList nextKeys = uniqueKeys(next);
        const QSet<QString> nextSet(nextKeys.cbegin(), nextKeys.cend());
        QStringList keys = uniqueKeys(m_rows);
        // Rows that went, in runs from the bottom (the indexes above a run stay valid).
        for (int i = int(keys.size()) - 1; i >= 0; --i) {
            if (nextSet.contains(keys.at(i)))
                continue;
            const int last = i;
            while (i > 0 && !nextSet.contains(keys.at(i - 1)))
                --i;
            beginRemoveRows({}, i, last);
            m_rows.remove(i, last - i + 1);
            keys.remove(i, last - i + 1);
            endRemoveRows();
        }
        const QSet<QString> kept(keys.cbegin(), keys.cend());
        QStringList keptInNextOrder;
        for (const QString& k : nextKeys)
            if (kept.contains(k))
                keptInNextOrder << k;
        if (keptInNextOrder != keys) { // the rows that stay moved: rare, and a reset is honest
            beginResetModel();
            m_rows = std::move(next);
            endResetModel();
            return;
        }
        // Now every kept row is where the new list has it, once the new rows before it are in.
        for (int i = 0; i < next.size();) {
            if (i < keys.size() && keys.at(i) == nextKeys.at(i)) {
                if (!sameContents(m_rows.at(i), next.at(i))) {
                    m_rows[i] = next.at(i);
                    Q_EMIT dataChanged(index(i, 0), index(i, 0));
                }
                ++i;
                continue;
            }
            int end = i;
            while (end < next.size() && !kept.contains(nextKeys.at(end)))
                ++end;
            if (end == i) { // cannot happen with the order checked above; never loop on it
                beginResetModel();
                m_rows = std::move(next);
                endResetModel();
                return;
            }
            beginInsertRows({}, i, end - 1);
            for (int j = i; j < end; ++j) {
                m_rows.insert(j, next.at(j));
                keys.insert(j, nextKeys.at(j));
            }
            endInsertRows();
            i = end;
        }
    }

    void clearRows()
    {
        if (m_rows.isEmpty())
            return;
        beginRemoveRows({}, 0, int(m_rows.size()) - 1);
        m_rows.clear();
        endRemoveRows();
    }

    QList<Row> m_rows;

private:
    // Keys made unique by their occurrence ("k", "k#2", …): two rows may share a key.
    QStringList uniqueKeys(const QList<Row>& rows) const
    {
        QStringList keys;
        QHash<QString, int> seen;
        keys.reserve(rows.size());
        for (const Row& r : rows) {
            const QString k = keyOf(r);
            const int n = ++seen[k];
            keys << (n == 1 ? k : k + QLatin1Char('#') + QString::number(n));
        }
        return keys;
    }
};

} // namespace clerk
