// DocumentViewer's annotation editing: what a drawn or marked annotation becomes, its text, colour
// and deletion through the undo history, and the context menu on the page.
#include "DocumentViewer.h"
#include "PageView.h"
#include "UiLogging.h"
#include "core/pdf/AnnotationHistory.h"
#include "core/pdf/Annotations.h"
#include "viewer/AnnotationToolPalette.h"

#include <QApplication>
#include <QClipboard>
#include <QColorDialog>
#include <QMenu>
#include <QMessageBox>

namespace clerk {

void DocumentViewer::report(const Error& error)
{
    QMessageBox::warning(this, tr("Annotation not saved"), tr("The change could not be saved: %1").arg(error.message));
}

void DocumentViewer::onDrawn(const Annotation& drawn)
{
    if (!m_history || m_documentId.isEmpty())
        return;
    Annotation a = drawn; // its colour already follows the rule (annotationColor)
    a.documentId = m_documentId;
    if (traitsOf(a.type).asksForText) {
        const auto text = askText(a.type == AnnotationType::Note ? tr("Sticky note") : tr("Text on the page"), {});
        if (!text || text->trimmed().isEmpty())
            return;
        a.text = *text;
    }
    if (auto added = m_history->add(a))
        m_view->selectAnnotation(added->id);
}

void DocumentViewer::markSelection(AnnotationType type)
{
    if (!m_history || m_documentId.isEmpty() || m_view->selectionPage() < 0)
        return;
    Annotation a;
    a.type = type;
    a.page = m_view->selectionPage();
    a.documentId = m_documentId;
    a.color = annotationColor(type, m_palette->chosenColor());
    pdf::Geometry::setQuads(a, m_view->selectedQuads());
    a.text = m_view->selectedText().left(2000);
    m_view->clearTextSelection();
    if (auto added = m_history->add(a))
        m_view->selectAnnotation(added->id);
}

void DocumentViewer::editText(const QString& id)
{
    if (!m_history)
        return;
    for (const Annotation& a : m_view->annotations())
        if (a.id == id) {
            // Every type carries a text: a note's or text box's content, the marked words of a text
            // markup, a remark on a stamp, drawing, rectangle or redaction mark.
            const auto text = askText(tr("Edit %1").arg(annotationTypeName(a.type)), a.text);
            if (!text || *text == a.text)
                return;
            Annotation after = a;
            after.text = *text;
            if (Status s = m_history->change(a, after); !s)
                qCWarning(lcUi) << "annotation text not changed:" << s.error().message;
            return;
        }
}

void DocumentViewer::recolor(const QString& id, const QString& color)
{
    if (!m_history)
        return;
    for (const Annotation& a : m_view->annotations())
        if (a.id == id && a.color != color && traitsOf(a.type).takesChosenColour) {
            Annotation after = a;
            after.color = color;
            if (Status s = m_history->change(a, after); !s)
                qCWarning(lcUi) << "annotation not recoloured:" << s.error().message;
            return;
        }
}

void DocumentViewer::deleteAnnotation(const QString& id)
{
    if (!m_history)
        return;
    for (const Annotation& a : m_view->annotations())
        if (a.id == id) {
            if (Status s = m_history->remove(a); !s)
                qCWarning(lcUi) << "annotation not deleted:" << s.error().message;
            return;
        }
}

void DocumentViewer::showAnnotationMenu(const QString& id, const QPoint& globalPos)
{
    QMenu menu(this);
    if (id.isEmpty()) {
        menu.addAction(tr("Copy text"), this, [this] { QApplication::clipboard()->setText(m_view->selectedText()); });
        if (m_history && !m_documentId.isEmpty()) {
            // The types made from selected text, then the redaction mark (which may be made from it).
            for (AnnotationType type : allAnnotationTypes())
                if (traitsOf(type).gesture == AnnotationGesture::MarkText)
                    menu.addAction(annotationTypeName(type), this, [this, type] { markSelection(type); });
            menu.addAction(tr("Mark for redaction"), this, [this] { markSelection(AnnotationType::Redact); });
        }
        menu.exec(globalPos);
        return;
    }
    if (!m_history)
        return;
    menu.addAction(tr("Edit text…"), this, [this, id] { editText(id); });
    QMenu* colours = menu.addMenu(tr("Colour"));
    AnnotationToolPalette::addColourActions(colours, this, [this, id](const QString& color) { recolor(id, color); });
    colours->addAction(tr("Other colour…"), this, [this, id] {
        const QColor c = QColorDialog::getColor(Qt::yellow, this, tr("Annotation colour"));
        if (c.isValid())
            recolor(id, c.name());
    });
    menu.addSeparator();
    menu.addAction(tr("Delete"), this, [this, id] { deleteAnnotation(id); })->setShortcut(QKeySequence::Delete);
    menu.exec(globalPos);
}

} // namespace clerk
