#include "InboxDelegate.h"

#include <QApplication>
#include <QPainter>

namespace clerk {

void InboxDelegate::setTerms(const QStringList& terms)
{
    if (terms == m_terms)
        return;
    m_terms = terms;
    m_hits.clear();
    m_lines.clear();
}

void InboxDelegate::forget()
{
    m_hits.clear();
    m_lines.clear();
    m_plain.clear();
    m_plainOfSearch.clear();
}

namespace {

// A line break in a cell's text is shown as a space (one character for one: hits keep their places).
QString oneLine(const QString& shown)
{
    QString line = shown;
    for (QChar& c : line)
        if (c == QLatin1Char('\n') || c == QLatin1Char('\r') || c == QChar::LineSeparator
            || c == QChar::ParagraphSeparator)
            c = QLatin1Char(' ');
    return line;
}

// A kept line's key: what it was made of, the text last (a font's key holds no NUL).
QString keyOf(const QString& shown, const QString& fontKey, std::initializer_list<int> numbers = {})
{
    QString key = fontKey;
    for (int n : numbers)
        key += QChar(0) + QString::number(n);
    return key + QChar(0) + shown;
}

} // namespace

QString InboxDelegate::fontKey(const QFont& font) const
{
    // QFont::key() writes every attribute of the font out as text: it was half of the time spent
    // finding a kept line (bench week). A list draws with a few fonts (normal, bold for unread).
    for (const auto& [known, key] : m_fontKeys)
        if (known == font)
            return key;
    if (m_fontKeys.size() >= kFontKeysKept)
        m_fontKeys.removeFirst();
    m_fontKeys.append({ font, font.key() });
    return m_fontKeys.constLast().second;
}

const QStaticText& InboxDelegate::plainLine(
    const QString& shown, const QFont& font, const QPaintDevice* device, int width, Qt::TextElideMode elide) const
{
    // Measured as the list's screen measures (a second screen may have another resolution).
    const int dpi = device ? device->logicalDpiY() : 0;
    const QString key = keyOf(shown, fontKey(font), { dpi, width, int(elide) });
    // (While a search is shown, a line the list drew before serves too; new ones go to the search's.)
    if (const QStaticText* kept = m_plain.object(key))
        return *kept;
    QCache<QString, QStaticText>& cache = m_terms.isEmpty() ? m_plain : m_plainOfSearch;
    if (&cache != &m_plain)
        if (const QStaticText* kept = cache.object(key))
            return *kept;
    ++m_plainMade;
    const QFontMetrics metrics = device ? QFontMetrics(font, device) : QFontMetrics(font);
    auto* text = new QStaticText(metrics.elidedText(oneLine(shown), elide, width));
    text->setTextFormat(Qt::PlainText);
    text->setPerformanceHint(QStaticText::AggressiveCaching);
    text->prepare(QTransform(), font);
    cache.insert(key, text, int(shown.size()) + kEntryOverheadChars);
    return *text;
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
    const QString key = keyOf(shown, fontKey(font));
    if (const QTextLayout* kept = m_lines.object(key))
        return *kept;
    auto* layout = new QTextLayout(oneLine(shown), font);
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
    // The cell without its text (background, selection, focus), then the text.
    opt.text.clear();
    QStyle* style = opt.widget ? opt.widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);
    if (shown.isEmpty())
        return;
    // The text's room: the style's text rectangle less the style's own margin on either side.
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, &opt, opt.widget) + 1;
    const QRect rect
        = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, opt.widget).adjusted(margin, 0, -margin, 0);
    painter->save();
    painter->setClipRect(rect);
    // The text outside the hits in the cell's own colour (the marks bring theirs).
    painter->setPen(opt.palette.color(opt.palette.currentColorGroup(),
        opt.state & QStyle::State_Selected ? QPalette::HighlightedText : QPalette::Text));
    if (hits.isEmpty()) {
        const QStaticText& line = plainLine(shown, opt.font, opt.widget, rect.width(), opt.textElideMode);
        const QRect at = QStyle::alignedRect(
            opt.direction, opt.displayAlignment, line.size().toSize().boundedTo(rect.size()), rect);
        painter->setFont(opt.font);
        painter->drawStaticText(at.topLeft(), line);
    } else {
        const QTextLayout& line = markedLine(shown, opt.font, hits);
        const qreal height = line.boundingRect().height();
        line.draw(painter, QPointF(rect.left(), rect.top() + (rect.height() - height) / 2));
    }
    painter->restore();
}

} // namespace clerk
