// Paints inbox cells and marks the words of the current search in them (bold on light yellow).
//
// A screen of the list repaints about two hundred cells after each search and each scroll step.
// A marked cell was an HTML document laid out anew for each paint (in ./dev bench week, such a
// paint stopped the window for up to 51 ms); now each cell text's hits and its laid-out line are
// kept until the search changes, so a repaint draws what was shaped before.
#pragma once

#include "Highlight.h"

#include <QCache>
#include <QStyledItemDelegate>
#include <QTextLayout>

namespace clerk {

class InboxDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    static constexpr int kKeptCells = 1024; // a few screens of cells, each kept for text and font

    using QStyledItemDelegate::QStyledItemDelegate;
    void setTerms(const QStringList& terms);
    const QStringList& terms() const { return m_terms; }
    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;

private:
    const QList<HitRange>& hitsIn(const QString& text) const;
    const QTextLayout& markedLine(const QString& text, const QFont& font, const QList<HitRange>& hits) const;

    QStringList m_terms;
    // For the current terms only (setTerms empties both): the hits of a cell's text, and its line
    // laid out with the hits marked, by text and font.
    mutable QCache<QString, QList<HitRange>> m_hits { kKeptCells };
    mutable QCache<QString, QTextLayout> m_lines { kKeptCells };
};

} // namespace clerk
