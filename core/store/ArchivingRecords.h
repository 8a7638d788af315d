// Where this profile's requests stand in an Aussonderung (core/domain/Archiving.h): the server's
// state as the changes feed brings it, and the clerk's own steps, each recorded with its local
// effect and its outbox entry in one transaction (all the steps of one message at once, or none).
#pragma once

#include "core/Result.h"
#include "core/domain/Archiving.h"

#include <QList>
#include <optional>

namespace clerk {

class Store;

class ArchivingRecords
{
public:
    explicit ArchivingRecords(Store& store)
        : m_store(store)
    { }

    // From the changes feed (inside the page's transaction): a version not older than the one
    // held replaces it.
    Status upsert(const QList<ArchivingState>& states);
    Result<std::optional<ArchivingState>> of(const QString& requestId);
    // Every request of one Aussonderung (one ProzessID), in no particular order.
    Result<QList<ArchivingState>> ofProcess(const QString& processId);

    // One step of the clerk's: the state it leads to (kept here at once) and the mutation's data.
    struct Step
    {
        ArchivingState next;
        QString op; // offer, assess, hand_over, archive
        QJsonObject data; // process_id, decision, archive_id
    };
    // All steps, with their outbox entries, in one transaction.
    Status record(const QList<Step>& steps);

private:
    Store& m_store;
};

} // namespace clerk
