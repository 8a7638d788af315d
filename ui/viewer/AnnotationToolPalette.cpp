#include "AnnotationToolPalette.h"

#include "core/pdf/Annotations.h"

#include <QAction>
#include <QActionGroup>
#include <QMenu>
#include <QPainter>
#include <QPixmap>
#include <QToolButton>

namespace clerk {

namespace {
struct NamedColour
{
    const char* color;
    const char* name;
};
// Colours with names: the name is said to screen readers and shown in menus (not colour alone).
constexpr NamedColour kColours[] = { { "#ffd400", QT_TRANSLATE_NOOP("clerk::AnnotationToolPalette", "Yellow") },
    { "#2ea043", QT_TRANSLATE_NOOP("clerk::AnnotationToolPalette", "Green") },
    { "#1f6fd1", QT_TRANSLATE_NOOP("clerk::AnnotationToolPalette", "Blue") },
    { "#d12f1f", QT_TRANSLATE_NOOP("clerk::AnnotationToolPalette", "Red") },
    { "#8e44ad", QT_TRANSLATE_NOOP("clerk::AnnotationToolPalette", "Purple") },
    { "#1a1a1a", QT_TRANSLATE_NOOP("clerk::AnnotationToolPalette", "Black") } };

QIcon colourIcon(const QColor& c)
{
    QPixmap pm(14, 14);
    pm.fill(c);
    QPainter p(&pm);
    p.setPen(Qt::darkGray);
    p.drawRect(0, 0, 13, 13);
    return QIcon(pm);
}
} // namespace

AnnotationToolPalette::AnnotationToolPalette(QWidget* shortcutScope, QWidget* parent)
    : QToolBar(parent)
    , m_scope(shortcutScope)
{
    setObjectName(QStringLiteral("annotationTools"));
    setAccessibleName(tr("Annotation tools"));
    setMovable(false);
    setFloatable(false);
    setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_tools = new QActionGroup(this);

    addTool(QStringLiteral("select"), tr("Select"),
        tr("Select, move and resize annotations; drag over text to select it"), QLatin1Char('V'))
        ->setChecked(true);
    for (AnnotationType type : allAnnotationTypes()) {
        const AnnotationTraits& t = traitsOf(type);
        QAction* action = addTool(QString(t.key), tr(t.toolLabel), tr(t.toolTip), QLatin1Char(t.shortcut));
        action->setData(QVariant::fromValue(type));
        if (type == AnnotationType::Stamp)
            buildStampMenu(action);
    }
    connect(m_tools, &QActionGroup::triggered, this, [this](QAction* a) {
        Q_EMIT toolChosen(a->data().isValid() ? std::optional(a->data().value<AnnotationType>()) : std::nullopt);
    });

    addSeparator();
    buildColourButton();
    auto* spacer = new QWidget(this);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    addWidget(spacer);

    // Actions (not button shortcuts, which click with a delay) so that Ctrl+Z acts at once.
    m_undo = addAction(tr("Undo"));
    m_undo->setObjectName(QStringLiteral("undoAction"));
    m_undo->setShortcut(QKeySequence::Undo);
    m_undo->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_undo->setToolTip(tr("Undo the last annotation change (%1)")
            .arg(QKeySequence(QKeySequence::Undo).toString(QKeySequence::NativeText)));
    m_redo = addAction(tr("Redo"));
    m_redo->setObjectName(QStringLiteral("redoAction"));
    m_redo->setShortcut(QKeySequence::Redo);
    m_redo->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_redo->setToolTip(tr("Redo (%1)").arg(QKeySequence(QKeySequence::Redo).toString(QKeySequence::NativeText)));
    m_scope->addAction(m_undo);
    m_scope->addAction(m_redo);
}

QAction* AnnotationToolPalette::addTool(const QString& key, const QString& label, const QString& tip, QChar shortcut)
{
    QAction* action = addAction(label);
    action->setObjectName(QLatin1String("tool_") + key);
    action->setCheckable(true);
    const QKeySequence sequence { QString(shortcut) };
    action->setShortcut(sequence);
    action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    action->setToolTip(QStringLiteral("%1 (%2)").arg(tip, sequence.toString(QKeySequence::NativeText)));
    m_tools->addAction(action);
    m_scope->addAction(action); // the key works wherever the focus is in the viewer
    if (QWidget* button = widgetForAction(action)) {
        button->setAccessibleName(label);
        button->setAccessibleDescription(tip);
    }
    return action;
}

void AnnotationToolPalette::buildStampMenu(QAction* stampTool)
{
    auto* button = qobject_cast<QToolButton*>(widgetForAction(stampTool));
    if (!button)
        return;
    auto* menu = new QMenu(button);
    auto* kinds = new QActionGroup(menu);
    for (const QString& kind : pdf::stampKinds()) {
        QAction* k = menu->addAction(pdf::stampLabel(kind));
        k->setObjectName(QLatin1String("stamp_") + kind);
        k->setCheckable(true);
        k->setChecked(kind == QLatin1String("checked"));
        kinds->addAction(k);
        connect(k, &QAction::triggered, this, [this, stampTool, kind] {
            Q_EMIT stampKindChosen(kind);
            stampTool->setChecked(true);
            Q_EMIT toolChosen(AnnotationType::Stamp);
        });
    }
    button->setMenu(menu);
    button->setPopupMode(QToolButton::MenuButtonPopup);
}

void AnnotationToolPalette::buildColourButton()
{
    m_colorButton = new QToolButton(this);
    m_colorButton->setObjectName(QStringLiteral("colorButton"));
    m_colorButton->setText(tr("Colour"));
    m_colorButton->setToolTip(tr("Colour of new annotations and of the selected one"));
    m_colorButton->setAccessibleName(tr("Colour"));
    m_colorButton->setPopupMode(QToolButton::InstantPopup);
    m_colorButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_colorButton->setAutoRaise(true);
    auto* colours = new QMenu(m_colorButton);
    addColourActions(colours, this, [this](const QString& color) {
        m_color = color;
        m_colorButton->setIcon(colourIcon(QColor::fromString(color)));
        for (const NamedColour& c : kColours)
            if (color == QLatin1String(c.color))
                m_colorButton->setText(tr(c.name));
        Q_EMIT colorChosen(color);
    });
    m_colorButton->setMenu(colours);
    addWidget(m_colorButton);
}

void AnnotationToolPalette::addColourActions(
    QMenu* menu, QObject* context, const std::function<void(const QString&)>& chosen)
{
    for (const NamedColour& c : kColours) {
        const QString color = QString::fromLatin1(c.color);
        QAction* a = menu->addAction(colourIcon(QColor::fromString(color)), tr(c.name));
        a->setObjectName(QLatin1String("colour_") + color.mid(1));
        QObject::connect(a, &QAction::triggered, context, [chosen, color] { chosen(color); });
    }
}

QAction* AnnotationToolPalette::toolAction(const QString& key) const
{
    return findChild<QAction*>(QLatin1String("tool_") + key);
}

} // namespace clerk
