// Where this profile's requests stand in an Aussonderung (core/domain/Archiving.h): the server's
// state as the changes feed brings it, and the clerk's own steps, each recorded with its local
// effect and its outbox entry in one transaction (all the steps of one message at once, or none).
#pragma once

#include "core/Result.h"
#include "core/domain/Archiving.h"

#include <QCoreApplication>
#include <QList>
#include <QStringList>
#include <optional>

namespace clerk {

class Store;

class ArchivingRecords
{
    Q_DECLARE_TR_FUNCTIONS(clerk::ArchivingRecords)
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
    // A message for the archive that names requests whose steps the server must accept first is
    // written under another name (`heldPath`) and held back until the server has answered the step
    // of every request in it: the offer list (0501) until the `offer` steps, the delivery (0503)
    // until the `hand_over` steps. The archive never gets a file for a request the server did not
    // let into that step.
    struct Delivery
    {
        enum class Kind { HandOver, Offer }; // the 0503, the 0501
        QString processId;
        QString path; // where the clerk finds it once released: {ProzessID}_Aussonderung.Aussonderung.0503.zip
        QString heldPath; // where it waits: path + kHeldSuffix
        QStringList requestIds;
        Kind kind = Kind::HandOver;
    };
    static constexpr char kHeldSuffix[] = ".pending";
    // All steps, with their outbox entries (and the held delivery, if any), in one transaction.
    Status record(const QList<Step>& steps, const std::optional<Delivery>& delivery = std::nullopt);
    // After the server's answers (the sync runs it after answers to archiving steps and at each
    // pass's end): each held file whose steps are all answered is released (renamed to its path)
    // when every request in it stands in its Aussonderung at that step (offered or further for a
    // 0501, handed over or archived for a 0503), or withdrawn (its file removed) when the server
    // refused any of them; a Verlauf entry on each request says which. Files still waiting for an
    // answer stay held, and so does one whose renaming or removal failed (in `errors`; the next
    // call tries again). Cheap when nothing is held: one look-up on the meta table's key.
    struct Settled
    {
        QStringList released, withdrawn; // the files' paths
        QList<Error> errors;
    };
    Result<Settled> settleDeliveries();

private:
    Store& m_store;
};

} // namespace clerk
