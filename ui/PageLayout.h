// The pages of a document one below the other, as the page view shows them: each page's displayed
// box in PDF space and its /Rotate, the viewer's own rotation and zoom, and from these where each
// page lies in the laid-out document (pixels, origin at the document's top left, pages centred in a
// view of a given width) and how PDF space and Qt PDF's page points map onto it. No widget: the
// view adds its scroll offset.
#pragma once

#include <QList>
#include <QRect>
#include <QRectF>
#include <QTransform>

namespace clerk {

class PageLayout
{
public:
    static constexpr int kMargin = 16; // around the document
    static constexpr int kSpacing = 12; // between pages

    void setPages(const QList<QRectF>& boxes, const QList<int>& rotations);
    int count() const { return int(m_boxes.size()); }

    int rotation() const { return m_rotation; } // the viewer's, clockwise
    void setRotation(int degrees);
    double zoom() const { return m_zoom; }
    void setZoom(double zoom); // clamped to 10 % … 800 %
    void setDotsPerInch(double dpi) { m_dpi = dpi; }
    double scale() const { return m_zoom * m_dpi / 72.0; } // pixels per point

    // The zoom at which the widest page fills `view`'s width (and, with `wholePage`, the tallest
    // page its height).
    double fitZoom(const QSize& view, bool wholePage) const;
    // Places the pages at the current zoom and rotation.
    void layout();
    QSize size() const { return { m_width, m_height }; }
    int top(int page) const { return m_tops.value(page); }
    // The last page whose top is at or above `y` (document pixels); 0 without pages.
    int pageAtY(int y) const;

    // Points, the page's and the viewer's rotation applied.
    QSizeF shownSize(int page) const;
    // In document pixels, centred in a view `viewWidth` wide.
    QRect pageRect(int page, int viewWidth) const;
    // PDF space of `page` → document pixels (the same centring).
    QTransform toDocument(int page, int viewWidth) const;
    // PDF space → the page as shown at this zoom, origin at its top left.
    QTransform toPage(int page) const;

    // Qt PDF's page points (y down from the top left of the page as shown, /Rotate applied, the
    // viewer's rotation not) from PDF space, and Qt PDF's size of the page.
    QTransform qtFromUser(int page) const;
    QSizeF qtPageSize(int page) const;

private:
    QList<QRectF> m_boxes;
    QList<int> m_pageRotations;
    QList<int> m_tops;
    int m_width = 0, m_height = 0;
    double m_zoom = 1.0;
    double m_dpi = 96;
    int m_rotation = 0;
};

} // namespace clerk
