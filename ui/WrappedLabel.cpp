#include "WrappedLabel.h"

#include <QEvent>

namespace clerk {

WrappedLabel::WrappedLabel(QWidget* parent)
    : QLabel(parent)
{
    setWordWrap(true);
}

int WrappedLabel::heightForWidth(int width) const
{
    if (text() != m_measuredText || textFormat() != m_measuredFormat || font() != m_measuredFont) {
        m_measuredText = text();
        m_measuredFormat = textFormat();
        m_measuredFont = font();
        for (Height& h : m_heights)
            h = {};
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
    // What else a height depends on (the style's margins, the screen's resolution): measured anew.
    if (event->type() == QEvent::StyleChange || event->type() == QEvent::ContentsRectChange
        || event->type() == QEvent::ScreenChangeInternal)
        for (Height& h : m_heights)
            h = {};
    QLabel::changeEvent(event);
}

} // namespace clerk
