// Undo and redo of the clerk's annotation edits, as commands on a QUndoStack. Every step, also an
// undo, is a real change in the store and an outbox entry: undoing "add" deletes the annotation on
// the server too, redoing it brings the same annotation (same id) back. A step the store refuses
// is dropped from the stack and reported through failed().
#pragma once

#include "core/Result.h"
#include "core/domain/Domain.h"

#include <QCoreApplication>
#include <QObject>

class QUndoStack;

namespace clerk {

class Store;

class AnnotationHistory : public QObject
{
    Q_OBJECT
public:
    AnnotationHistory(Store& store, const QString& author, QObject* parent = nullptr);
    ~AnnotationHistory() override;

    QUndoStack* stack() const { return m_stack; }
    Store& store() const { return m_store; }
    const QString& author() const { return m_author; }

    // Each returns the error when the store refused (nothing is pushed then).
    Result<Annotation> add(const Annotation& annotation);
    Status change(const Annotation& before, const Annotation& after);
    Status remove(const Annotation& annotation);

    // Forgets the steps (another document is shown).
    void clear();

Q_SIGNALS:
    // The annotations of this document changed (by a step, undo or redo).
    void annotationsChanged(const QString& documentId);
    void failed(const clerk::Error& error);

private:
    friend class AnnotationCommand;
    bool apply(const Status& s, const QString& documentId);

    Store& m_store;
    QString m_author;
    QUndoStack* m_stack = nullptr;
    Error m_lastError;
};

} // namespace clerk
