// The exports of the e-file viewer, each made from the original PDF plus the clerk's annotations;
// the original bytes are never changed (evidence). Written with qpdf, rendered (for redaction)
// with Qt PDF. Everything works in memory: neither the original nor a copy touches the disk here.
//
// - annotated(): real PDF annotations (/Highlight, /Underline, /StrikeOut, /Text, /FreeText,
//   /Ink, /Square, /Stamp, /Redact), each with its own appearance stream so that every viewer
//   (Acrobat, Okular, pdf.js, poppler) shows the same thing; optionally flattened into the page.
// - redacted(): applies the redaction marks for real. Every page carrying a mark is rendered at
//   `dpi`, the marked areas are painted black into the picture, and the page is replaced by that
//   picture alone (its text, fonts and annotations are gone); other pages keep their text. The
//   document information dictionary and XMP metadata are removed.
// - readAnnotations(): what annotations a PDF already carries, for XFDF extraction.
#pragma once

#include "core/Result.h"
#include "core/domain/Domain.h"

#include <QCoreApplication>
#include <QSizeF>

namespace clerk::pdf {

struct PdfInfo
{
    QString version;          // "1.7"
    int pages = 0;
    QList<QSizeF> pageSizes;  // points, as displayed (rotation applied)
    QList<int> rotations;     // degrees, per page
    QString title, author, producer;
    bool encrypted = false;
    bool hasXmp = false;
    int annotations = 0;
};

class PdfExport
{
    Q_DECLARE_TR_FUNCTIONS(clerk::pdf::PdfExport)
public:
    static Result<PdfInfo> info(const QByteArray& pdf);
    static Result<QByteArray> annotated(const QByteArray& pdf, const QList<Annotation>& annotations, bool flatten = false);
    static Result<QByteArray> redacted(const QByteArray& pdf, const QList<Annotation>& annotations, int dpi = 200);
    static Result<QList<Annotation>> readAnnotations(const QByteArray& pdf, const QString& documentId = {});

    // The appearance content stream of one annotation, in its own PDF space (for tests and for
    // the flattening path). Needs the font names /Helv and /HeBo in the resources.
    static QByteArray appearance(const Annotation& a);
};

} // namespace clerk::pdf
