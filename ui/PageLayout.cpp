#include "PageLayout.h"

#include "core/pdf/Annotations.h"

#include <cmath>

namespace clerk {

void PageLayout::setPages(const QList<QRectF>& boxes, const QList<int>& rotations)
{
    m_boxes = boxes;
    m_pageRotations = rotations;
    while (m_pageRotations.size() < m_boxes.size())
        m_pageRotations << 0;
    m_rotation = 0;
}

void PageLayout::setRotation(int degrees)
{
    m_rotation = ((degrees % 360) + 360) % 360;
}

void PageLayout::setZoom(double zoom)
{
    m_zoom = std::clamp(zoom, 0.1, 8.0);
}

QSizeF PageLayout::shownSize(int page) const
{
    const QRectF box = m_boxes.at(page);
    const int rot = (m_pageRotations.at(page) + m_rotation) % 180;
    return rot ? QSizeF(box.height(), box.width()) : box.size();
}

double PageLayout::fitZoom(const QSize& view, bool wholePage) const
{
    double widest = 0, tallest = 0;
    for (int i = 0; i < count(); ++i) {
        widest = std::max(widest, shownSize(i).width());
        tallest = std::max(tallest, shownSize(i).height());
    }
    if (widest <= 0)
        return m_zoom;
    const double perPoint = m_dpi / 72.0;
    double z = (view.width() - 2 * kMargin) / (widest * perPoint);
    if (wholePage && tallest > 0)
        z = std::min(z, (view.height() - 2 * kMargin) / (tallest * perPoint));
    return std::clamp(z, 0.1, 8.0);
}

void PageLayout::layout()
{
    m_tops.clear();
    int y = kMargin;
    int width = 0;
    for (int i = 0; i < count(); ++i) {
        const QSizeF px = shownSize(i) * scale();
        m_tops << y;
        y += int(std::ceil(px.height())) + kSpacing;
        width = std::max(width, int(std::ceil(px.width())));
    }
    m_height = y - kSpacing + kMargin;
    m_width = width + 2 * kMargin;
}

int PageLayout::pageAtY(int y) const
{
    int page = 0;
    for (int i = 0; i < m_tops.size(); ++i)
        if (m_tops.at(i) <= y)
            page = i;
    return page;
}

QRect PageLayout::pageRect(int page, int viewWidth) const
{
    if (page < 0 || page >= m_tops.size())
        return {};
    const QSizeF px = shownSize(page) * scale();
    const int w = int(std::ceil(px.width())), h = int(std::ceil(px.height()));
    const int x = m_width <= viewWidth ? (viewWidth - w) / 2 : kMargin + (m_width - 2 * kMargin - w) / 2;
    return QRect(x, m_tops.at(page), w, h);
}

QTransform PageLayout::toPage(int page) const
{
    return pdf::Geometry::toView(m_boxes.at(page), m_pageRotations.at(page) + m_rotation, scale());
}

QTransform PageLayout::toDocument(int page, int viewWidth) const
{
    const QRect r = pageRect(page, viewWidth);
    return toPage(page) * QTransform::fromTranslate(r.left(), r.top());
}

QTransform PageLayout::qtFromUser(int page) const
{
    // Qt PDF (6.8) measures text in points from the top left of the page as shown: the CropBox,
    // which need not start at 0,0, with the page's /Rotate applied (measured: tst_viewer).
    if (page < 0 || page >= count())
        return {};
    return pdf::Geometry::toView(m_boxes.at(page), m_pageRotations.at(page), 1.0);
}

QSizeF PageLayout::qtPageSize(int page) const
{
    // Qt PDF's page size is the box as shown (PDFium: CropBox within MediaBox, /Rotate applied),
    // which the boxes from qpdf already say. Never asked of Qt PDF: it serialises every PDFium call
    // behind one lock that the render thread holds while it renders, and a page size costs PDFium
    // ~0.7 ms per scanned page (measured: 35 ms of opening a 50-page scan).
    if (page < 0 || page >= count())
        return {};
    const QSizeF box = m_boxes.at(page).size();
    return m_pageRotations.at(page) % 180 ? box.transposed() : box;
}

} // namespace clerk
