// Small readings of a qpdf page that more than one part needs: the box it shows and its
// /Rotate. Internal to core/pdf (it includes qpdf headers).
#pragma once

#include "SimplePdf.h"

#include <qpdf/QPDFPageObjectHelper.hh>

#include <QRectF>

#include <algorithm>

namespace clerk::pdf {

// Displayed box of a page (CropBox, else MediaBox) in user space.
inline QRectF pageBox(QPDFPageObjectHelper& page)
{
    QPDFObjectHandle box = page.getAttribute("/CropBox", false);
    if (!box.isRectangle())
        box = page.getAttribute("/MediaBox", false);
    if (!box.isRectangle())
        return QRectF(0, 0, SimplePdf::kA4Width, SimplePdf::kA4Height);
    const auto r = box.getArrayAsRectangle();
    return QRectF(QPointF(std::min(r.llx, r.urx), std::min(r.lly, r.ury)), QPointF(std::max(r.llx, r.urx), std::max(r.lly, r.ury)));
}

// The page's /Rotate, normalised to 0, 90, 180 or 270.
inline int rotationOf(QPDFPageObjectHelper& page)
{
    QPDFObjectHandle r = page.getAttribute("/Rotate", false);
    const int deg = r.isInteger() ? int(r.getIntValue()) : 0;
    return ((deg % 360) + 360) % 360 / 90 * 90;
}

} // namespace clerk::pdf
