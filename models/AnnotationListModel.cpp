#include "AnnotationListModel.h"

#include "DateText.h"
#include "core/pdf/Annotations.h"

#include <QColor>
#include <QLocale>
#include <QSet>

namespace clerk {

namespace {
bool readsBefore(const Annotation& a, const Annotation& b)
{
    if (a.page != b.page)
        return a.page < b.page;
    // PDF space has y up: the higher top edge comes first.
    const double ta = pdf::Geometry::rect(a).bottom(), tb = pdf::Geometry::rect(b).bottom();
    if (ta != tb)
        return ta > tb;
    return a.id < b.id;
}

bool sameRow(const Annotation& a, const Annotation& b)
{
    return a.type == b.type && a.page == b.page && a.color == b.color && a.text == b.text && a.author == b.author
        && a.createdAt == b.createdAt && a.modifiedAt == b.modifiedAt && a.version == b.version
        && a.geometry == b.geometry;
}
} // namespace

AnnotationListModel::AnnotationListModel(QObject* parent)
    : QAbstractListModel(parent)
{ }

int AnnotationListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QString AnnotationListModel::line(const Annotation& a) const
{
    const QString when = datetext::dateTime(a.modifiedAt.isValid() ? a.modifiedAt : a.createdAt);
    QString text = a.type == AnnotationType::Stamp ? tr("Stamp “%1” · page %2").arg(a.text).arg(a.page + 1)
                                                   : tr("%1 · page %2").arg(annotationTypeName(a.type)).arg(a.page + 1);
    text += QLatin1Char('\n') + tr("%1, %2").arg(a.author.isEmpty() ? tr("unknown") : a.author, when);
    if (!a.text.isEmpty() && a.type != AnnotationType::Stamp)
        text += QLatin1Char('\n') + a.text.left(120);
    return text;
}

QVariant AnnotationListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Annotation& a = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        return line(a);
    case Qt::DecorationRole:
        return pdf::colorOf(a); // a swatch: the colour is also named by the type in the text
    case IdRole:
        return a.id;
    case TypeRole:
        return QVariant::fromValue(a.type);
    case PageRole:
        return a.page;
    case AuthorRole:
        return a.author;
    case TextRole:
        return a.text;
    default:
        return {};
    }
}

QHash<int, QByteArray> AnnotationListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(IdRole, "annotationId");
    names.insert(TypeRole, "type");
    names.insert(PageRole, "page");
    names.insert(AuthorRole, "author");
    names.insert(TextRole, "text");
    return names;
}

QModelIndex AnnotationListModel::indexOf(const QString& id) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).id == id)
            return index(int(i));
    return {};
}

void AnnotationListModel::setAnnotations(const QString& documentId, const QList<Annotation>& annotations)
{
    QList<Annotation> wanted;
    for (const Annotation& a : annotations)
        if (!a.deleted)
            wanted << a;
    std::sort(wanted.begin(), wanted.end(), readsBefore);
    if (documentId != m_documentId) {
        beginResetModel();
        m_documentId = documentId;
        m_rows = wanted;
        endResetModel();
        return;
    }
    QSet<QString> keep;
    for (const Annotation& a : std::as_const(wanted))
        keep.insert(a.id);
    // Gone: removed from the bottom up, so the rows above keep their numbers.
    for (qsizetype i = m_rows.size() - 1; i >= 0; --i)
        if (!keep.contains(m_rows.at(i).id)) {
            beginRemoveRows({}, int(i), int(i));
            m_rows.removeAt(i);
            endRemoveRows();
        }
    // Now row by row: the same annotation stays (and reports a change), one further down moves up
    // (its place in reading order changed), a new one is inserted.
    for (qsizetype i = 0; i < wanted.size(); ++i) {
        const Annotation& want = wanted.at(i);
        if (i < m_rows.size() && m_rows.at(i).id == want.id) {
            if (!sameRow(m_rows.at(i), want)) {
                m_rows[i] = want;
                Q_EMIT dataChanged(index(int(i)), index(int(i)));
            }
            continue;
        }
        qsizetype from = -1;
        for (qsizetype j = i + 1; j < m_rows.size(); ++j)
            if (m_rows.at(j).id == want.id) {
                from = j;
                break;
            }
        if (from >= 0) {
            beginMoveRows({}, int(from), int(from), {}, int(i));
            m_rows.move(from, i);
            endMoveRows();
            if (!sameRow(m_rows.at(i), want)) {
                m_rows[i] = want;
                Q_EMIT dataChanged(index(int(i)), index(int(i)));
            }
        } else {
            beginInsertRows({}, int(i), int(i));
            m_rows.insert(i, want);
            endInsertRows();
        }
    }
}

} // namespace clerk
