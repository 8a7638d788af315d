// The exports of the e-file viewer, each made from the original PDF plus the clerk's annotations;
// the original bytes are never changed (evidence). Written with qpdf, rendered (for redaction)
// with Qt PDF. Everything works in memory: neither the original nor a copy touches the disk here.
//
// - annotated(): real PDF annotations (/Highlight, /Underline, /StrikeOut, /Text, /FreeText,
//   /Ink, /Square, /Stamp, /Redact), each with its own appearance stream so that every viewer
//   (Acrobat, Okular, pdf.js, poppler) shows the same thing; optionally flattened into the page.
// - redacted(): applies the redaction marks for real (PdfRedaction.cpp). Every page carrying a mark
//   is rendered at `dpi`, the marked areas are painted black into the picture, and the page becomes
//   that picture alone; other pages keep their text. The copy is built from an allow-list into a new,
//   empty document: see Redaction below for what survives and what is counted as removed.
// - readAnnotations(): what annotations a PDF already carries, for XFDF extraction.
#pragma once

#include "core/Result.h"
#include "core/domain/Domain.h"

#include <QCoreApplication>
#include <QImage>
#include <QRectF>
#include <QSizeF>
#include <functional>

namespace clerk::pdf {

struct PdfInfo
{
    QString version; // "1.7"
    int pages = 0;
    QList<QSizeF> pageSizes; // points, as displayed (rotation applied)
    QList<QRectF> pageBoxes; // the displayed box (CropBox within MediaBox) in PDF user space, unrotated:
                             // annotations are stored in this space (as XFDF and the annotated copy take them)
    QList<int> rotations; // degrees, per page
    QString title, author, producer;
    bool encrypted = false;
    bool hasXmp = false;
    int annotations = 0;
};

// What a redacted copy is, and what it left behind. The copy is a NEW document that receives only:
// - the catalogue's /Type /Pages and /PageLabels reduced to numbering style and start (no prefix text);
// - per page /Type /Parent /MediaBox /CropBox /BleedBox /TrimBox /ArtBox /Rotate /UserUnit /Group
//   /Resources /Contents (inherited values resolved); a redacted page only its picture;
// - the objects that untouched pages' resources and contents reference, with /Metadata /PieceInfo
//   /LastModified /StructParent(s) /OC /AA /AF /Ref /OPI /Alternates dropped from every copied dictionary.
// Everything else is never copied: no /Info, XMP, /AcroForm (form fields and their values), /Outlines,
// /Names (attachments, JavaScript, destinations), /Dests, /OpenAction, /AA, /StructTreeRoot, /MarkInfo,
// /OCProperties, and no /Annots, /Thumb or /PieceInfo on any page. The visible appearance of the
// annotations of untouched pages (a filled form field, a stamp) is flattened into their content first,
// so what such a page shows stays; the annotation objects themselves (values, actions, popups) go.
// An untouched page whose content qpdf cannot read (so it cannot tell which resources it uses) is
// copied as a picture without black boxes. The source is first rewritten by qpdf with a flat page tree;
// a file whose pages Qt PDF and qpdf see differently (a /Count that hides pages) is refused.
// Annotation geometry is in PDF user space (the page box need not start at 0,0), as in XFDF.
struct RedactionReport
{
    int marks = 0; // redaction marks applied
    int redactedPages = 0; // pages turned into pictures
    int formFields = 0; // terminal fields of /AcroForm
    int attachments = 0; // /EmbeddedFiles entries and /FileAttachment annotations
    int bookmarks = 0; // /Outlines items, nested ones included
    int actions = 0; // JavaScript entries, /OpenAction, /AA triggers, annotation actions
    int namedDestinations = 0; // /Names/Dests entries and /Dests keys
    int pageLabels = 0; // page label ranges whose prefix text (/P) was dropped
    int thumbnails = 0; // /Thumb pictures of pages
    int metadata = 0; // /Info, XMP streams (document, pages, resources)

    int removedTotal() const
    {
        return formFields + attachments + bookmarks + actions + namedDestinations + pageLabels + thumbnails + metadata;
    }
};

struct Redaction
{
    QByteArray pdf;
    RedactionReport removed;
};

// One run of invisible text for a text layer over a redacted page, in the page's PDF space.
struct TextRun
{
    QString text;
    QRectF box;
};

// The seam for OCR on redacted pages (none exists yet; nothing passes a hook today). It is called once
// per redacted page with the page index and the page picture AFTER the black boxes are painted, so it
// can only ever read what stays visible; the runs it returns are written as invisible text (3 Tr)
// over the picture, in the picture's PDF space (origin bottom left, points, rotation applied).
using RedactedPageText = std::function<QList<TextRun>(int page, const QImage& blackedOut, double dpi)>;

class PdfExport
{
    Q_DECLARE_TR_FUNCTIONS(clerk::pdf::PdfExport)
public:
    static Result<PdfInfo> info(const QByteArray& pdf);
    static Result<QByteArray> annotated(
        const QByteArray& pdf, const QList<Annotation>& annotations, bool flatten = false);
    static Result<Redaction> redacted(const QByteArray& pdf, const QList<Annotation>& annotations, int dpi = 200,
        const RedactedPageText& textLayer = {});
    // "3 form fields, 1 attachment, 2 bookmarks removed" (translated, plural-correct); empty when nothing was.
    static QString removedSummary(const RedactionReport& removed);
    static Result<QList<Annotation>> readAnnotations(const QByteArray& pdf, const QString& documentId = {});

    // The appearance content stream of one annotation, in its own PDF space (for tests and for
    // the flattening path). Needs the font names /Helv and /HeBo in the resources.
    static QByteArray appearance(const Annotation& a);
};

} // namespace clerk::pdf
