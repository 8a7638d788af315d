#include "InboxDelegate.h"

#include "Highlight.h"

#include <QAbstractTextDocumentLayout>
#include <QApplication>
#include <QPainter>
#include <QTextDocument>

namespace clerk {

void InboxDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    if (m_terms.isEmpty() || !containsAny(opt.text, m_terms)) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    // The cell without its text (background, selection, focus), then the text with the hits marked.
    const QString text = opt.text;
    opt.text.clear();
    QStyle* style = opt.widget ? opt.widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);
    const QRect rect = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, opt.widget);
    QTextDocument doc;
    doc.setDocumentMargin(0);
    doc.setDefaultFont(opt.font);
    const QColor colour
        = opt.palette.color(opt.state & QStyle::State_Selected ? QPalette::HighlightedText : QPalette::Text);
    doc.setHtml(QStringLiteral("<span style=\"color:%1; white-space:pre\">%2</span>")
            .arg(colour.name(), markTerms(text, m_terms)));
    painter->save();
    painter->setClipRect(rect);
    painter->translate(rect.left() + 3, rect.top() + (rect.height() - doc.size().height()) / 2);
    doc.drawContents(painter);
    painter->restore();
}

} // namespace clerk
