#include "WrappedLabel.h"

#include <QEvent>

namespace clerk {

WrappedLabel::WrappedLabel(QWidget* parent)
    : QLabel(parent)
{
    setWordWrap(true);
}

WrappedLabel::Measure WrappedLabel::measure() const
{
    const QString shown = text();
    return { qHash(shown), shown.size(), textFormat(), font(), logicalDpiY(), margin(), indent(), alignment(),
        textInteractionFlags(), contentsMargins(), wordWrap() };
}

void WrappedLabel::forgetHeights() const
{
    for (Height& h : m_heights)
        h = {};
}

int WrappedLabel::heightForWidth(int width) const
{
    if (const Measure now = measure(); !(now == m_measured)) {
        m_measured = now;
        forgetHeights();
    }
    for (const Height& h : m_heights)
        if (h.width == width)
            return h.height;
    const int height = QLabel::heightForWidth(width);
    m_heights[m_next] = { width, height };
    m_next = (m_next + 1) % kWidthsKept;
    return height;
}

void WrappedLabel::changeEvent(QEvent* event)
{
    // What else a height depends on: the style's (a style sheet's) metrics, the font as resolved
    // for a screen (a change of resolution comes as a font change).
    if (event->type() == QEvent::StyleChange || event->type() == QEvent::FontChange)
        forgetHeights();
    QLabel::changeEvent(event);
}

} // namespace clerk
