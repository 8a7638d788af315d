// One request's history (the Verlauf), oldest first, each entry worded in the clerk's language
// when shown (StatusNames::timelineEntry). Follows the store: an entry that arrives is inserted,
// the server's copy of the clerk's own entry replaces it in place, nothing resets the list.
#pragma once

#include "core/domain/Domain.h"
#include "models/KeyedListModel.h"

namespace clerk {

class Store;

class TimelineModel : public KeyedListModel<TimelineEvent>
{
    Q_OBJECT
public:
    enum Role {
        TimeRole = Qt::UserRole + 1, // QDateTime, UTC
        TextRole, // the entry in words, without its time
        ActorRole,
        CodeRole, // received, claimed, status_changed, … (TimelineEvent::kind)
    };
    Q_ENUM(Role)

    explicit TimelineModel(Store& store, QObject* parent = nullptr);

    void setRequest(const QString& requestId);
    QString requestId() const { return m_requestId; }

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    void reload();
    // The clerk's change it records, else the server's entry id, else what it says and when.
    QString keyOf(const TimelineEvent& e) const override;
    bool sameContents(const TimelineEvent& a, const TimelineEvent& b) const override;

    Store& m_store;
    QString m_requestId;
};

} // namespace clerk
