// The documents of one request, as the request pane lists them: title, size, and whether the
// bytes are on this computer yet. Follows the store: a document that arrives, is fetched or goes
// changes its row only (documentsChanged / requestsChanged), never resets the list.
#pragma once

#include "core/domain/Domain.h"
#include "models/KeyedListModel.h"

namespace clerk {

class Store;

struct DocumentRow
{
    Document document;
    bool stored = false; // the bytes are on this computer
};

class DocumentListModel : public KeyedListModel<DocumentRow>
{
    Q_OBJECT
public:
    enum Role {
        DocumentIdRole = Qt::UserRole + 1,
        TitleRole,
        MimeTypeRole,
        SizeRole, // bytes
        StoredRole, // bool: no fetch needed to open it
    };
    Q_ENUM(Role)

    explicit DocumentListModel(Store& store, QObject* parent = nullptr);

    void setRequest(const QString& requestId);
    QString requestId() const { return m_requestId; }
    QString documentIdAt(int row) const;

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    void reload();
    QString keyOf(const DocumentRow& row) const override { return row.document.id; }
    bool sameContents(const DocumentRow& a, const DocumentRow& b) const override;

    Store& m_store;
    QString m_requestId;
};

} // namespace clerk
