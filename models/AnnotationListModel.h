// The annotations of the open document in reading order (page by page, top to bottom), for the
// viewer's side panel. setAnnotations() compares the new list with the rows shown and reports only
// what changed (rows inserted, removed, moved or changed), so the selection and the scroll position
// survive an edit, an undo or a colleague's change arriving by sync; only another document resets.
#pragma once

#include "core/domain/Domain.h"

#include <QAbstractListModel>

namespace clerk {

class AnnotationListModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        IdRole = Qt::UserRole + 1, // QString
        TypeRole, // clerk::AnnotationType
        PageRole, // int, from 0
        AuthorRole, // QString
        TextRole, // QString
    };

    explicit AnnotationListModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    void setAnnotations(const QString& documentId, const QList<Annotation>& annotations);
    void clear() { setAnnotations({}, {}); }
    QString documentId() const { return m_documentId; }
    // The row of the annotation `id`, invalid when it is not shown.
    QModelIndex indexOf(const QString& id) const;
    const Annotation& at(int row) const { return m_rows.at(row); }

private:
    QString line(const Annotation& a) const;

    QString m_documentId;
    QList<Annotation> m_rows;
};

} // namespace clerk
