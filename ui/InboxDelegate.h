// Paints inbox cells and marks the words of the current search in them (bold on light yellow).
//
// After a search the list repaints a screen of about two hundred cells at each scroll step and
// each live change; laying a marked cell out anew for each paint stopped the window for up to
// 51 ms (./dev bench week). So the hits of each cell text and its line, laid out and shaped with
// the hits marked, are kept until the search changes; and every other cell's text, shortened to
// its column with "…" and shaped, until the store locks or the archive took requests (bounded: kKeptChars,
// kKeptPlainCost, kKeptSearchPlainCost). The style's own item text laid each cell out anew on every paint: 5.7 ms for a
// screen of 26 rows and eight columns, 1.2 ms drawn from what is kept (offscreen, 1250 px wide); a search cleared, the
// list shows its top rows again and draws them from what it kept.
#pragma once

#include "Highlight.h"

#include <QCache>
#include <QStaticText>
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
    // The plain cells' lines: a kept line costs its characters and kEntryOverheadChars more (an
    // estimate of the object's own size, not measured; its glyphs' positions grow with the
    // characters). A column dragged through many widths keeps a line per width. By count about
    // four screens of 26 rows and eight columns at some 40 characters a cell (an estimate too),
    // in two parts: the lines of the list without a search (kKeptPlainCost) and those drawn while a
    // search is shown (kKeptSearchPlainCost), so that a search's rows never push out the list's own,
    // which it shows again when the search is cleared: drawing a screen of lines anew took 12-17 ms
    // of each clearing (bench week's paint census).
    static constexpr int kKeptPlainCost = 40 * 1024;
    static constexpr int kKeptSearchPlainCost = 24 * 1024;
    static constexpr int kEntryOverheadChars = 48;

    using QStyledItemDelegate::QStyledItemDelegate;
    void setTerms(const QStringList& terms);
    const QStringList& terms() const { return m_terms; }
    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;

public Q_SLOTS:
    // Drops all it keeps of the cells' texts (the store locked: no request's text stays; or the
    // archive took requests over: their texts go with them).
    void forget();

public:
    // How many plain cells' lines are kept, and how many were laid out in all (for tests).
    qsizetype keptPlainLines() const { return m_plain.count() + m_plainOfSearch.count(); }
    qint64 plainLinesMade() const { return m_plainMade; }

private:
    static constexpr qsizetype kFontKeysKept = 8;
    QString fontKey(const QFont& font) const;
    const QStaticText& plainLine(
        const QString& shown, const QFont& font, const QPaintDevice* device, int width, Qt::TextElideMode elide) const;
    const QList<HitRange>& hitsIn(const QString& shown) const;
    const QTextLayout& markedLine(const QString& shown, const QFont& font, const QList<HitRange>& hits) const;

    QStringList m_terms;
    // For the current terms only: the hits of a cell's shown text, and its line laid out with the
    // hits marked, by font and text.
    mutable QCache<QString, QList<HitRange>> m_hits { kKeptChars };
    mutable QCache<QString, QTextLayout> m_lines { kKeptChars };
    // The other cells' texts as drawn, shortened to their column's width: by font, width and text;
    // without a search and with one.
    mutable QCache<QString, QStaticText> m_plain { kKeptPlainCost };
    mutable QCache<QString, QStaticText> m_plainOfSearch { kKeptSearchPlainCost };
    mutable qint64 m_plainMade = 0;
    mutable QList<QPair<QFont, QString>> m_fontKeys; // each font's key(), for the keys above
};

} // namespace clerk
