#include "TimelineModel.h"

#include "core/Logging.h"
#include "core/store/Store.h"
#include "models/DateText.h"
#include "models/StatusNames.h"

#include <QLocale>

namespace clerk {

TimelineModel::TimelineModel(Store& store, QObject* parent)
    : KeyedListModel(parent)
    , m_store(store)
{
    connect(&m_store, &Store::requestsChanged, this, [this](const QStringList& ids) {
        if (ids.isEmpty() || ids.contains(m_requestId))
            reload();
    });
    connect(&m_store, &Store::locked, this, [this] { clearRows(); });
    connect(&m_store, &Store::unlocked, this, [this] { reload(); });
}

void TimelineModel::setRequest(const QString& requestId)
{
    if (requestId == m_requestId)
        return reload();
    beginResetModel();
    m_requestId = requestId;
    m_rows.clear();
    endResetModel();
    reload();
}

void TimelineModel::reload()
{
    if (m_requestId.isEmpty() || !m_store.isUnlocked())
        return clearRows();
    replaceRows(m_store.timeline().of(m_requestId).valueOrEmpty(lcStore, "reading the Verlauf"));
}

QString TimelineModel::keyOf(const TimelineEvent& e) const
{
    if (!e.mutationId.isEmpty())
        return QLatin1String("m:") + e.mutationId;
    if (!e.serverId.isEmpty())
        return QLatin1String("s:") + e.serverId;
    return QStringLiteral("l:%1|%2|%3|%4").arg(e.at.toSecsSinceEpoch()).arg(e.kind, e.actor, e.text);
}

bool TimelineModel::sameContents(const TimelineEvent& a, const TimelineEvent& b) const
{
    return a.at == b.at && a.actor == b.actor && a.kind == b.kind && a.text == b.text && a.params == b.params
        && a.serverId == b.serverId && a.mutationId == b.mutationId;
}

QVariant TimelineModel::data(const QModelIndex& index, int role) const
{
    const TimelineEvent* e = rowAt(index);
    if (!e)
        return {};
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        return QStringLiteral("%1 · %2").arg(datetext::dateTime(e->at), StatusNames::timelineEntry(*e));
    case TimeRole:
        return e->at;
    case TextRole:
        return StatusNames::timelineEntry(*e);
    case ActorRole:
        return e->actor;
    case CodeRole:
        return e->kind;
    }
    return {};
}

QHash<int, QByteArray> TimelineModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(TimeRole, "time");
    names.insert(TextRole, "text");
    names.insert(ActorRole, "actor");
    names.insert(CodeRole, "code");
    return names;
}

} // namespace clerk
