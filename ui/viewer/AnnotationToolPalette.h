// The annotation tools: Select and one tool per annotation type (label, tip and key from the type's
// traits), the stamp kinds, the colour for new annotations, undo and redo. A QToolBar: in a narrow
// viewer the tools that do not fit fold into its "»" menu, whole words, instead of "H..n".
#pragma once

#include "core/domain/AnnotationType.h"

#include <QToolBar>
#include <functional>
#include <optional>

class QMenu;
class QToolButton;

namespace clerk {

class AnnotationToolPalette : public QToolBar
{
    Q_OBJECT
public:
    // The tools' keys act while the focus is anywhere in `shortcutScope` (the viewer).
    explicit AnnotationToolPalette(QWidget* shortcutScope, QWidget* parent = nullptr);

    // "select" or a type's key ("highlight", ...).
    QAction* toolAction(const QString& key) const;
    QAction* undoAction() const { return m_undo; }
    QAction* redoAction() const { return m_redo; }
    // The colour the clerk picked (#rrggbb), empty until then.
    QString chosenColor() const { return m_color; }

    // The named colours as actions in `menu`; `chosen` gets #rrggbb.
    static void addColourActions(QMenu* menu, QObject* context, const std::function<void(const QString&)>& chosen);

Q_SIGNALS:
    void toolChosen(std::optional<clerk::AnnotationType> tool); // nullopt: Select
    void stampKindChosen(const QString& kind);
    void colorChosen(const QString& color);

private:
    QAction* addTool(const QString& key, const QString& label, const QString& tip, QChar shortcut);
    void buildStampMenu(QAction* stampTool);
    void buildColourButton();

    QWidget* m_scope = nullptr;
    QActionGroup* m_tools = nullptr;
    QToolButton* m_colorButton = nullptr;
    QAction* m_undo = nullptr;
    QAction* m_redo = nullptr;
    QString m_color;
};

} // namespace clerk
