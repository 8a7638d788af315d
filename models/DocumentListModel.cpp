#include "DocumentListModel.h"

#include "core/store/DocumentCache.h"
#include "core/store/Store.h"

namespace clerk {

DocumentListModel::DocumentListModel(Store& store, QObject* parent)
    : KeyedListModel(parent)
    , m_store(store)
{
    // Any document may be one of this request's (a new one names only itself); reading one
    // request's documents again is cheap, and unchanged rows send nothing.
    connect(&m_store, &Store::documentsChanged, this, [this] { reload(); });
    connect(&m_store, &Store::requestsChanged, this, [this](const QStringList& ids) {
        if (ids.isEmpty() || ids.contains(m_requestId))
            reload();
    });
    connect(&m_store, &Store::locked, this, [this] { clearRows(); });
    connect(&m_store, &Store::unlocked, this, [this] { reload(); });
}

void DocumentListModel::setRequest(const QString& requestId)
{
    if (requestId == m_requestId)
        return reload();
    // Another request's documents are another list.
    beginResetModel();
    m_requestId = requestId;
    m_rows.clear();
    endResetModel();
    reload();
}

QString DocumentListModel::documentIdAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).document.id : QString();
}

void DocumentListModel::reload()
{
    if (m_requestId.isEmpty() || !m_store.isUnlocked())
        return clearRows();
    DocumentCache cache(m_store);
    QList<DocumentRow> rows;
    for (const Document& d : cache.documentsOf(m_requestId))
        rows << DocumentRow { d, cache.hasContent(d.id) };
    replaceRows(std::move(rows));
}

bool DocumentListModel::sameContents(const DocumentRow& a, const DocumentRow& b) const
{
    return a.stored == b.stored && a.document.title == b.document.title && a.document.size == b.document.size
        && a.document.mimeType == b.document.mimeType && a.document.version == b.document.version;
}

QVariant DocumentListModel::data(const QModelIndex& index, int role) const
{
    const DocumentRow* row = rowAt(index);
    if (!row)
        return {};
    const Document& d = row->document;
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        return QStringLiteral("%1 (%2 KB)%3")
            .arg(d.title)
            .arg(qMax<qint64>(1, d.size / 1024))
            .arg(row->stored ? QString() : tr(" – not on this computer yet"));
    case DocumentIdRole:
        return d.id;
    case TitleRole:
        return d.title;
    case MimeTypeRole:
        return d.mimeType;
    case SizeRole:
        return d.size;
    case StoredRole:
        return row->stored;
    }
    return {};
}

QHash<int, QByteArray> DocumentListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(DocumentIdRole, "documentId");
    names.insert(TitleRole, "title");
    names.insert(MimeTypeRole, "mimeType");
    names.insert(SizeRole, "size");
    names.insert(StoredRole, "stored");
    return names;
}

} // namespace clerk
