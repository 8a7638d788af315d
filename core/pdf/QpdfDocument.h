// Opening and writing a whole document with qpdf, shared by the exports (PdfExport.cpp) and the
// redaction (PdfRedaction.cpp). Internal to core/pdf (it includes qpdf headers).
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <memory>
#include <qpdf/QPDF.hh>
#include <string>

namespace clerk::pdf {

// Opens `pdf` with qpdf; password-protected files are refused with their own message.
Result<std::unique_ptr<QPDF>> openQpdf(const QByteArray& pdf);

// Writes `doc` compressed with a deterministic /ID; `minimumVersion` ("1.7") keeps at least that version.
Result<QByteArray> writeQpdf(QPDF& doc, const std::string& minimumVersion = {});

// A PDF number as short as it can be written ("12", "0.5", never "-0").
inline QByteArray num(double v)
{
    QByteArray s = QByteArray::number(v, 'f', 3);
    while (s.contains('.') && (s.endsWith('0') || s.endsWith('.'))) {
        const bool dot = s.endsWith('.');
        s.chop(1);
        if (dot)
            break;
    }
    return s == "-0" ? QByteArray("0") : s;
}

} // namespace clerk::pdf
