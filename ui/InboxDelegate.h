// Paints inbox cells and marks the words of the current search in them (bold on light yellow).
//
// After a search the list repaints a screen of about two hundred cells at each scroll step and
// each live change; laying a marked cell out anew for each paint stopped the window for up to
// 51 ms (./dev bench week). So the hits of each cell text and its line, laid out and shaped with
// the hits marked, are kept until the search or the rows change (bounded: kKeptChars).
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
    // Of a cell's text the first kShownChars are marked and drawn (a column shows far fewer; a
    // hostile megabyte of name is not shaped on every paint).
    static constexpr int kShownChars = 512;
    // What the caches hold, in characters of cell text: some screens of cells.
    static constexpr int kKeptChars = 16 * 1024;

    using QStyledItemDelegate::QStyledItemDelegate;
    void setTerms(const QStringList& terms);
    const QStringList& terms() const { return m_terms; }
    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;

public Q_SLOTS:
    // Drops what is kept of the cells' texts (the list's rows were replaced or the store locked).
    void forget();

private:
    const QList<HitRange>& hitsIn(const QString& shown) const;
    const QTextLayout& markedLine(const QString& shown, const QFont& font, const QList<HitRange>& hits) const;

    QStringList m_terms;
    // For the current terms and rows only: the hits of a cell's shown text, and its line laid out
    // with the hits marked, by font and text.
    mutable QCache<QString, QList<HitRange>> m_hits { kKeptChars };
    mutable QCache<QString, QTextLayout> m_lines { kKeptChars };
};

} // namespace clerk
