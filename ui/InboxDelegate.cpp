#include "InboxDelegate.h"

#include <QApplication>
#include <QPainter>

namespace clerk {

void InboxDelegate::setTerms(const QStringList& terms)
{
    if (terms == m_terms)
        return;
    m_terms = terms;
    forget();
}

void InboxDelegate::forget()
{
    m_hits.clear();
    m_lines.clear();
}

const QList<HitRange>& InboxDelegate::hitsIn(const QString& shown) const
{
    if (const QList<HitRange>* kept = m_hits.object(shown))
        return *kept;
    auto* hits = new QList<HitRange>(hitRanges(shown, m_terms));
    m_hits.insert(shown, hits, int(qMax<qsizetype>(1, shown.size())));
    return *hits;
}

const QTextLayout& InboxDelegate::markedLine(const QString& shown, const QFont& font, const QList<HitRange>& hits) const
{
    const QString key = font.key() + QChar(0) + shown; // (a font's key holds no NUL)
    if (const QTextLayout* kept = m_lines.object(key))
        return *kept;
    // One line: a line break in a cell's text is shown as a space (one character for one: the
    // hits' positions stay).
    QString line = shown;
    for (QChar& c : line)
        if (c == QLatin1Char('\n') || c == QLatin1Char('\r') || c == QChar::LineSeparator
            || c == QChar::ParagraphSeparator)
            c = QLatin1Char(' ');
    auto* layout = new QTextLayout(line, font);
    layout->setCacheEnabled(true); // keeps the shaped glyphs, which drawing it again needs
    QTextOption option;
    option.setWrapMode(QTextOption::NoWrap);
    layout->setTextOption(option);
    QTextCharFormat mark;
    mark.setBackground(QColor(QLatin1String(kMarkBackground)));
    mark.setForeground(QColor(QLatin1String(kMarkForeground)));
    mark.setFontWeight(QFont::Bold); // not by colour alone
    QList<QTextLayout::FormatRange> formats;
    for (const HitRange& h : hits)
        formats << QTextLayout::FormatRange { int(h.start), int(h.length), mark };
    layout->setFormats(formats);
    layout->beginLayout();
    layout->createLine();
    layout->endLayout();
    m_lines.insert(key, layout, int(qMax<qsizetype>(1, shown.size())));
    return *layout;
}

void InboxDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    static const QList<HitRange> none;
    const QString shown = opt.text.left(kShownChars);
    const QList<HitRange>& hits = m_terms.isEmpty() || shown.isEmpty() ? none : hitsIn(shown);
    if (hits.isEmpty()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    // The cell without its text (background, selection, focus), then the text with the hits marked.
    opt.text.clear();
    QStyle* style = opt.widget ? opt.widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);
    const QRect rect = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, opt.widget);
    const QTextLayout& line = markedLine(shown, opt.font, hits);
    painter->save();
    painter->setClipRect(rect);
    // The text outside the hits in the cell's own colour (the marks bring theirs).
    painter->setPen(opt.palette.color(opt.palette.currentColorGroup(),
        opt.state & QStyle::State_Selected ? QPalette::HighlightedText : QPalette::Text));
    const qreal height = line.boundingRect().height();
    line.draw(painter, QPointF(rect.left() + 3, rect.top() + (rect.height() - height) / 2));
    painter->restore();
}

} // namespace clerk
