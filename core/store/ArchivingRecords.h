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
        QByteArray sha256; // hex, of the held file as written (record() reads it back; empty in older records)
        QString verdict; // "release" or "withdraw" once every step is answered (kept: decided once)
    };
    static constexpr char kHeldSuffix[] = ".pending";
    // All steps, with their outbox entries (and the held delivery, if any), in one transaction.
    Status record(const QList<Step>& steps, const std::optional<Delivery>& delivery = std::nullopt);
    // After the server's answers (the sync runs it after answers to archiving steps and at each
    // pass's end). Once every step a held file stands for is answered (the offers of a 0501; the
    // assessments and hand-overs of a 0503), its fate is decided and kept: released when every
    // request in it stands in its Aussonderung at that step (offered or further; handed over or
    // archived) and none of the clerk's own steps there was refused, else withdrawn (its file
    // removed). Released = renamed to its path, or to the next free "… (n).zip" when anything is in
    // the way (nothing is replaced or written through), and only the file as written (same SHA-256,
    // a regular file with one name; one changed meanwhile is not released and the clerk is told
    // once). A file whose folder cannot be reached, that cannot be read now or cannot be renamed
    // stays held (`errors`; the next call tries again). A file released before a crash kept its
    // record is found by its hash. A Verlauf entry on each request says what became of it (the
    // file's name, not its folder). Cheap when nothing is held: one look-up on the meta table's key.
    struct Settled
    {
        QStringList released, withdrawn; // the files' paths
        QList<Error> errors; // in the clerk's words: why a file stays held or was not released
    };
    Result<Settled> settleDeliveries();
    // Whether this profile withdrew the offer list of that Aussonderung (its requests the server
    // accepted may be offered again, naming it as the one they leave).
    Result<bool> offerWithdrawn(const QString& processId);

private:
    Result<QList<Delivery>> heldDeliveries();
    Status writeDelivery(const Delivery& d);
    // "release", "withdraw", or empty while a step is unanswered.
    Result<QString> verdictOf(const Delivery& d);
    // The Verlauf text once done, nothing while the file stays held.
    // `offerAgain`: set when the file is not released and its requests may be offered again.
    std::optional<QString> release(const Delivery& d, Settled& settled, bool* offerAgain);
    std::optional<QString> withdraw(const Delivery& d, Settled& settled);
    Status forget(const Delivery& d, const QString& text, bool offerAgain);

    Store& m_store;
};

} // namespace clerk
