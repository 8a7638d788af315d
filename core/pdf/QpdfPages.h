// Small readings of a qpdf page that more than one part needs: the box it shows and its
// /Rotate. Internal to core/pdf (it includes qpdf headers).
#pragma once

#include "SimplePdf.h"

#include <QRectF>
#include <algorithm>
#include <qpdf/QPDFPageObjectHelper.hh>

namespace clerk::pdf {

inline QRectF rectangleOf(QPDFObjectHandle box)
{
    if (!box.isRectangle())
        return {};
    const auto r = box.getArrayAsRectangle();
    return QRectF(QPointF(std::min(r.llx, r.urx), std::min(r.lly, r.ury)),
        QPointF(std::max(r.llx, r.urx), std::max(r.lly, r.ury)));
}

// Displayed box of a page in user space, as PDFium (and the PDF spec) take it: the CropBox
// clipped to the MediaBox; the MediaBox without a CropBox; A4 without either.
inline QRectF pageBox(QPDFPageObjectHelper& page)
{
    QRectF media = rectangleOf(page.getAttribute("/MediaBox", false));
    if (media.isEmpty())
        media = QRectF(0, 0, SimplePdf::kA4Width, SimplePdf::kA4Height);
    const QRectF crop = rectangleOf(page.getAttribute("/CropBox", false)).intersected(media);
    return crop.isEmpty() ? media : crop;
}

// The page's /Rotate, normalised to 0, 90, 180 or 270.
inline int rotationOf(QPDFPageObjectHelper& page)
{
    QPDFObjectHandle r = page.getAttribute("/Rotate", false);
    const int deg = r.isInteger() ? int(r.getIntValue()) : 0;
    return ((deg % 360) + 360) % 360 / 90 * 90;
}

} // namespace clerk::pdf
