// Paints inbox cells and marks the words of the current search in them (bold on light yellow).
#pragma once

#include <QStyledItemDelegate>

namespace clerk {

class InboxDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void setTerms(const QStringList& terms) { m_terms = terms; }
    const QStringList& terms() const { return m_terms; }
    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;

private:
    QStringList m_terms;
};

} // namespace clerk
