// XFDF (ISO 19444-1), the XML exchange format for PDF annotations, so that annotations travel to
// and from Acrobat, Okular, pdf.js-based tools and e-file systems. Coordinates are PDF user space,
// as in Annotation::geometry, so nothing is converted. Import treats the XML as hostile: no DTDs,
// no entities, bounded size and count, every number checked.
#pragma once

#include "core/Result.h"
#include "core/domain/Domain.h"

#include <QCoreApplication>

namespace clerk::pdf {

class Xfdf
{
    Q_DECLARE_TR_FUNCTIONS(clerk::pdf::Xfdf)
public:
    static constexpr int kMaxAnnotations = 10000;
    static constexpr qsizetype kMaxBytes = 32 * 1024 * 1024;

    // `href` names the PDF the annotations belong to (the <f href> element); may be empty.
    static QByteArray write(const QList<Annotation>& annotations, const QString& href = {});
    // Annotations of `documentId`; ids come from the XFDF "name" attribute (a new UUID when it is
    // missing or unusable). Fails as a whole on anything malformed.
    static Result<QList<Annotation>> read(const QByteArray& xml, const QString& documentId = {});
};

} // namespace clerk::pdf
