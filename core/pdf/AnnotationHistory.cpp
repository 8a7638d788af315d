#include "AnnotationHistory.h"

#include "Annotations.h"
#include "core/store/Store.h"

#include <QUndoCommand>
#include <QUndoStack>
#include <QUuid>
#include <optional>

namespace clerk {

namespace {
Status asStatus(const Result<Mutation>& r)
{
    if (!r)
        return r.error();
    return {};
}
} // namespace

// One step: `before` and `after` are the annotation's states (an invalid id means "not there").
class AnnotationCommand : public QUndoCommand
{
public:
    AnnotationCommand(AnnotationHistory& history, const QString& text, std::optional<Annotation> before,
        std::optional<Annotation> after)
        : QUndoCommand(text)
        , m_history(history)
        , m_before(std::move(before))
        , m_after(std::move(after))
        , m_created(m_before.has_value()) // only an "add" creates; undoing a delete brings back
    { }

    void redo() override { setObsolete(!move(m_before, m_after)); }
    void undo() override { setObsolete(!move(m_after, m_before)); }

private:
    bool move(const std::optional<Annotation>& from, const std::optional<Annotation>& to)
    {
        Store& store = m_history.store();
        const QString documentId = to ? to->documentId : from->documentId;
        if (!from && to) {
            if (!m_created) {
                auto r = store.createAnnotation(*to, m_history.author());
                if (r)
                    m_created = true;
                return m_history.apply(asStatus(r), documentId);
            }
            Annotation back = *to;
            back.deleted = false;
            return m_history.apply(asStatus(store.updateAnnotation(back)), documentId);
        }
        if (from && !to)
            return m_history.apply(asStatus(store.deleteAnnotation(from->id)), documentId);
        Annotation next = *to;
        next.deleted = false;
        return m_history.apply(asStatus(store.updateAnnotation(next)), documentId);
    }

    AnnotationHistory& m_history;
    std::optional<Annotation> m_before, m_after;
    bool m_created = false;
};

AnnotationHistory::AnnotationHistory(Store& store, const QString& author, QObject* parent)
    : QObject(parent)
    , m_store(store)
    , m_author(author)
    , m_stack(new QUndoStack(this))
{ }

AnnotationHistory::~AnnotationHistory() = default;

bool AnnotationHistory::apply(const Status& s, const QString& documentId)
{
    if (!s) {
        m_lastError = s.error();
        Q_EMIT failed(s.error());
        return false;
    }
    m_lastError = {};
    Q_EMIT annotationsChanged(documentId);
    return true;
}

Result<Annotation> AnnotationHistory::add(const Annotation& annotation)
{
    Annotation a = annotation;
    if (a.id.isEmpty())
        a.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (a.color.isEmpty())
        a.color = annotationColor(a.type);
    m_lastError = {};
    m_stack->push(new AnnotationCommand(*this, tr("Add %1").arg(annotationTypeName(a.type)), std::nullopt, a));
    if (m_lastError)
        return m_lastError;
    auto stored = m_store.annotation(a.id);
    return stored;
}

Status AnnotationHistory::change(const Annotation& before, const Annotation& after)
{
    m_lastError = {};
    m_stack->push(new AnnotationCommand(*this, tr("Change %1").arg(annotationTypeName(after.type)), before, after));
    if (m_lastError)
        return m_lastError;
    return {};
}

Status AnnotationHistory::remove(const Annotation& annotation)
{
    m_lastError = {};
    m_stack->push(new AnnotationCommand(
        *this, tr("Delete %1").arg(annotationTypeName(annotation.type)), annotation, std::nullopt));
    if (m_lastError)
        return m_lastError;
    return {};
}

void AnnotationHistory::clear()
{
    m_stack->clear();
}

} // namespace clerk
