// What kind of mark an annotation is, and everything that follows from it, in one table: the key
// stored in the profile and sent to the Fachverfahren (unchanged since the first release, so old
// profiles and the server keep reading them), the name a clerk reads, the default colour, the tool
// that makes it, the XFDF element and PDF /Subtype it is exported as, and the painter that draws
// it. A new type is one row in AnnotationType.cpp; nothing else compares type names.
#pragma once

#include <QList>
#include <QString>
#include <optional>

namespace clerk {

enum class AnnotationType : quint8 { Highlight, Underline, StrikeOut, Note, FreeText, Ink, Rect, Stamp, Redact };

// How the clerk makes one with the mouse.
enum class AnnotationGesture {
    MarkText, // drag over text (or, on a scan, over an area): quads
    DragBox, // drag a rectangle
    Click, // click where it goes: a fixed-size box
    Freehand, // draw strokes
};

// Which painter draws it, on screen (ui/painters) and in an exported PDF (PdfExport::appearance).
enum class AnnotationPainterKind {
    TextFill,
    TextUnderline,
    TextStrikeOut,
    NoteIcon,
    TextBox,
    Strokes,
    Frame,
    Stamp,
    Hatch
};

struct AnnotationTraits
{
    AnnotationType type;
    QLatin1StringView key; // stored and sent: "highlight", "note", "rect", ...
    const char* name; // what the clerk reads ("Highlight"), context clerk::AnnotationType
    QLatin1StringView defaultColor; // #rrggbb
    bool takesChosenColour; // false: keeps its own colour whatever the clerk picked
    bool asksForText; // the clerk types its text right after placing it
    AnnotationGesture gesture;
    char shortcut; // the tool's key (Latin letter)
    const char* toolLabel; // the tool's button, context clerk::AnnotationToolPalette
    const char* toolTip;
    QLatin1StringView xfdfElement; // "text" for a note, "square" for a rectangle, ...
    QLatin1StringView pdfSubtype; // "/Text", "/Square", ...
    AnnotationPainterKind painter;
};

const AnnotationTraits& traitsOf(AnnotationType type);
// Every type, in the order of the tool palette.
const QList<AnnotationType>& allAnnotationTypes();

QLatin1StringView annotationKey(AnnotationType type);
std::optional<AnnotationType> annotationTypeFromKey(QStringView key);
// From an XFDF element or a PDF /Subtype; other programs' synonyms (squiggly → underline) included.
std::optional<AnnotationType> annotationTypeFromXfdf(QStringView element);
std::optional<AnnotationType> annotationTypeFromPdfSubtype(QStringView subtype);

// The clerk's word for the type, translated ("Hervorhebung").
QString annotationTypeName(AnnotationType type);

// The colour a new annotation gets: the one the clerk chose in the palette when there is one and
// the type takes it, the type's default otherwise. As #rrggbb.
QString annotationColor(AnnotationType type, const QString& chosen = {});

} // namespace clerk
