#include "AnnotationType.h"

#include <QColor>
#include <QCoreApplication>

namespace clerk {

namespace {
using namespace Qt::StringLiterals;

// One row per type, in the order of the tool palette (and of the enum). The redaction mark keeps its own
// colour: it must never look like an ordinary annotation.
const AnnotationTraits kTraits[] = {
    {
        .type = AnnotationType::Highlight,
        .key = "highlight"_L1,
        .name = QT_TRANSLATE_NOOP("clerk::AnnotationType", "Highlight"),
        .defaultColor = "#ffd400"_L1,
        .takesChosenColour = true,
        .asksForText = false,
        .gesture = AnnotationGesture::MarkText,
        .shortcut = 'H',
        .toolLabel = QT_TRANSLATE_NOOP("clerk::AnnotationToolPalette", "Highlight"),
        .toolTip = QT_TRANSLATE_NOOP("clerk::AnnotationToolPalette", "Highlight text: drag over it"),
        .xfdfElement = "highlight"_L1,
        .pdfSubtype = "/Highlight"_L1,
        .painter = AnnotationPainterKind::TextFill,
    },
    {
        .type = AnnotationType::Underline,
        .key = "underline"_L1,
        .name = QT_TRANSLATE_NOOP("clerk::AnnotationType", "Underline"),
        .defaultColor = "#1f6fd1"_L1,
        .takesChosenColour = true,
        .asksForText = false,
        .gesture = AnnotationGesture::MarkText,
        .shortcut = 'U',
        .toolLabel = QT_TRANSLATE_NOOP("clerk::AnnotationToolPalette", "Underline"),
        .toolTip = QT_TRANSLATE_NOOP("clerk::AnnotationToolPalette", "Underline text: drag over it"),
        .xfdfElement = "underline"_L1,
        .pdfSubtype = "/Underline"_L1,
        .painter = AnnotationPainterKind::TextUnderline,
    },
    {
        .type = AnnotationType::StrikeOut,
        .key = "strikeout"_L1,
        .name = QT_TRANSLATE_NOOP("clerk::AnnotationType", "Strike-out"),
        .defaultColor = "#d12f1f"_L1,
        .takesChosenColour = true,
        .asksForText = false,
        .gesture = AnnotationGesture::MarkText,
        .shortcut = 'S',
        .toolLabel = QT_TRANSLATE_NOOP("clerk::AnnotationToolPalette", "Strike out"),
        .toolTip = QT_TRANSLATE_NOOP("clerk::AnnotationToolPalette", "Strike out text: drag over it"),
        .xfdfElement = "strikeout"_L1,
        .pdfSubtype = "/StrikeOut"_L1,
        .painter = AnnotationPainterKind::TextStrikeOut,
    },
    {
        .type = AnnotationType::Note,
        .key = "note"_L1,
        .name = QT_TRANSLATE_NOOP("clerk::AnnotationType", "Sticky note"),
        .defaultColor = "#f5b400"_L1,
        .takesChosenColour = true,
        .asksForText = true,
        .gesture = AnnotationGesture::Click,
        .shortcut = 'N',
        .toolLabel = QT_TRANSLATE_NOOP("clerk::AnnotationToolPalette", "Note"),
        .toolTip = QT_TRANSLATE_NOOP("clerk::AnnotationToolPalette", "Sticky note: click where it belongs"),
        .xfdfElement = "text"_L1,
        .pdfSubtype = "/Text"_L1,
        .painter = AnnotationPainterKind::NoteIcon,
    },
    {
        .type = AnnotationType::FreeText,
        .key = "freetext"_L1,
        .name = QT_TRANSLATE_NOOP("clerk::AnnotationType", "Text"),
        .defaultColor = "#1a1a1a"_L1,
        .takesChosenColour = true,
        .asksForText = true,
        .gesture = AnnotationGesture::DragBox,
        .shortcut = 'T',
        .toolLabel = QT_TRANSLATE_NOOP("clerk::AnnotationToolPalette", "Text"),
        .toolTip = QT_TRANSLATE_NOOP("clerk::AnnotationToolPalette", "Text on the page: drag a box or click"),
        .xfdfElement = "freetext"_L1,
        .pdfSubtype = "/FreeText"_L1,
        .painter = AnnotationPainterKind::TextBox,
    },
    {
        .type = AnnotationType::Ink,
        .key = "ink"_L1,
        .name = QT_TRANSLATE_NOOP("clerk::AnnotationType", "Drawing"),
        .defaultColor = "#1f6fd1"_L1,
        .takesChosenColour = true,
        .asksForText = false,
        .gesture = AnnotationGesture::Freehand,
        .shortcut = 'D',
        .toolLabel = QT_TRANSLATE_NOOP("clerk::AnnotationToolPalette", "Draw"),
        .toolTip = QT_TRANSLATE_NOOP("clerk::AnnotationToolPalette", "Draw freehand"),
        .xfdfElement = "ink"_L1,
        .pdfSubtype = "/Ink"_L1,
        .painter = AnnotationPainterKind::Strokes,
    },
    {
        .type = AnnotationType::Rect,
        .key = "rect"_L1,
        .name = QT_TRANSLATE_NOOP("clerk::AnnotationType", "Rectangle"),
        .defaultColor = "#d12f1f"_L1,
        .takesChosenColour = true,
        .asksForText = false,
        .gesture = AnnotationGesture::DragBox,
        .shortcut = 'R',
        .toolLabel = QT_TRANSLATE_NOOP("clerk::AnnotationToolPalette", "Rectangle"),
        .toolTip = QT_TRANSLATE_NOOP("clerk::AnnotationToolPalette", "Rectangle: drag it"),
        .xfdfElement = "square"_L1,
        .pdfSubtype = "/Square"_L1,
        .painter = AnnotationPainterKind::Frame,
    },
    {
        .type = AnnotationType::Stamp,
        .key = "stamp"_L1,
        .name = QT_TRANSLATE_NOOP("clerk::AnnotationType", "Stamp"),
        .defaultColor = "#1d7a32"_L1,
        .takesChosenColour = true,
        .asksForText = false,
        .gesture = AnnotationGesture::Click,
        .shortcut = 'P',
        .toolLabel = QT_TRANSLATE_NOOP("clerk::AnnotationToolPalette", "Stamp"),
        .toolTip = QT_TRANSLATE_NOOP(
            "clerk::AnnotationToolPalette", "Stamp with your name and today's date: click where it goes"),
        .xfdfElement = "stamp"_L1,
        .pdfSubtype = "/Stamp"_L1,
        .painter = AnnotationPainterKind::Stamp,
    },
    {
        .type = AnnotationType::Redact,
        .key = "redact"_L1,
        .name = QT_TRANSLATE_NOOP("clerk::AnnotationType", "Redaction mark"),
        .defaultColor = "#000000"_L1,
        .takesChosenColour = false,
        .asksForText = false,
        .gesture = AnnotationGesture::DragBox,
        .shortcut = 'X',
        .toolLabel = QT_TRANSLATE_NOOP("clerk::AnnotationToolPalette", "Redact"),
        .toolTip = QT_TRANSLATE_NOOP("clerk::AnnotationToolPalette",
            "Mark an area for redaction: drag over it (applied only in a redacted copy)"),
        .xfdfElement = "redact"_L1,
        .pdfSubtype = "/Redact"_L1,
        .painter = AnnotationPainterKind::Hatch,
    },
};

// What other programs write for a type we show as one of ours.
struct Synonym
{
    QLatin1StringView name;
    AnnotationType type;
};
constexpr Synonym kXfdfSynonyms[] = { { "squiggly"_L1, AnnotationType::Underline } };
constexpr Synonym kPdfSynonyms[] = { { "/Squiggly"_L1, AnnotationType::Underline } };
} // namespace

const AnnotationTraits& traitsOf(AnnotationType type)
{
    const auto i = std::size_t(type);
    Q_ASSERT(i < std::size(kTraits) && kTraits[i].type == type);
    return kTraits[i];
}

const QList<AnnotationType>& allAnnotationTypes()
{
    static const QList<AnnotationType> all = [] {
        QList<AnnotationType> out;
        for (const AnnotationTraits& t : kTraits)
            out << t.type;
        return out;
    }();
    return all;
}

QLatin1StringView annotationKey(AnnotationType type)
{
    return traitsOf(type).key;
}

std::optional<AnnotationType> annotationTypeFromKey(QStringView key)
{
    for (const AnnotationTraits& t : kTraits)
        if (key == t.key)
            return t.type;
    return std::nullopt;
}

std::optional<AnnotationType> annotationTypeFromXfdf(QStringView element)
{
    for (const AnnotationTraits& t : kTraits)
        if (element == t.xfdfElement)
            return t.type;
    for (const Synonym& s : kXfdfSynonyms)
        if (element == s.name)
            return s.type;
    return std::nullopt;
}

std::optional<AnnotationType> annotationTypeFromPdfSubtype(QStringView subtype)
{
    for (const AnnotationTraits& t : kTraits)
        if (subtype == t.pdfSubtype)
            return t.type;
    for (const Synonym& s : kPdfSynonyms)
        if (subtype == s.name)
            return s.type;
    return std::nullopt;
}

QString annotationTypeName(AnnotationType type)
{
    return QCoreApplication::translate("clerk::AnnotationType", traitsOf(type).name);
}

QString annotationColor(AnnotationType type, const QString& chosen)
{
    const AnnotationTraits& t = traitsOf(type);
    if (t.takesChosenColour && QColor::isValidColorName(chosen))
        return QColor::fromString(chosen).name();
    return QString(t.defaultColor);
}

} // namespace clerk
