// The clerk's changes on their way to the server: a queue read by state through its (state, seq)
// index. A change enters with its local effect in one transaction (record), is marked sent before
// it goes, and leaves the queue in the transaction that records the server's answer; conflicts
// and refusals stay for the clerk's decision (resolveConflict, retry, discard).
#pragma once

#include "core/Result.h"
#include "core/domain/Domain.h"

#include <QJsonObject>
#include <QList>
#include <QStringList>
#include <functional>

namespace clerk {

class Database;
class Requests;
class Timeline;

namespace sql {
class Connection;
} // namespace sql

class Outbox
{
public:
    Outbox(Database& db, Timeline& timeline, Requests& requests);

    // Applied changes leave the queue in the transaction that records their answer; the newest
    // kAppliedKept of them stay as a short history (the trainer's exercises, the tests), older ones go.
    static constexpr int kAppliedKept = 1000;

    // `localEffect` runs inside the transaction; if it fails, nothing is written.
    Result<Mutation> record(Mutation mutation, const std::function<Status(sql::Connection&)>& localEffect);

    struct Counts
    {
        int unsent = 0; // pending or sent, not answered yet
        int conflicts = 0;
        int rejected = 0;
        int decisions() const { return conflicts + rejected; }
    };
    // Counted in SQL: as cheap with a year of history behind them as on a fresh profile.
    Result<Counts> counts();
    // Changes not sent or not answered yet (pending + sent).
    Result<int> pendingCount();
    // Waiting for the clerk's decision, unsent ones, or both ("open"): oldest first, at most `limit`.
    enum class Part { Unsent, Decisions, Open };
    Result<QList<Mutation>> part(Part part, int limit);
    // Entries of one request that need the clerk (conflict or rejected): by index, however many
    // refused changes the outbox holds. problemsOfSql(): its statement (?1: the request), for a
    // test of its plan.
    Result<QList<Mutation>> problemsOf(const QString& requestId);
    static QString problemsOfSql();
    // Everything the outbox holds (open changes and the short applied history), oldest first.
    Result<QList<Mutation>> all(int limit = 500);

    // Marked before sending, in one transaction: a crash between send and reply resends the same
    // ids, which the server answers with its first result.
    Status markSent(const QList<Mutation>& batch);
    // The server's answer to one sent change.
    struct Answer
    {
        QString mutationId;
        QString kind; // of the change: its version is stepped where applied
        QString targetId;
        Mutation::State state = Mutation::State::Applied;
        qint64 version = 0; // applied: the entity's new server version
        QString error; // conflict, rejected: why
        QJsonObject serverState;
    };
    // Records a batch's answers in one transaction: applied changes leave the queue (the short
    // history keeps the newest), their entities take the new versions; conflicts and refusals stay
    // with the server's state for the clerk.
    Status recordAnswers(const QList<Answer>& answers);
    // A send that got no usable answer: the entries stay "sent" (and go again) with the reason kept
    // for the sync problems list.
    Status noteSendFailure(const QStringList& mutationIds, const QString& error);

    // A conflict, resolved by the clerk: take the server's state (the local change is dropped), or
    // keep mine (the change is sent again on top of the server's version, under a new id).
    enum class Resolution { TakeTheirs, KeepMine };
    Status resolveConflict(const QString& mutationId, Resolution resolution);
    // A rejected change the clerk wants to try again (e.g. after the server's data was fixed).
    Status retry(const QString& mutationId);
    // A rejected change the clerk gives up: the entry goes, and the request is fetched fresh at
    // the next sync so that the local effect does not linger.
    Status discard(const QString& mutationId);

    // Drops the applied history beyond kAppliedKept (profiles from before it was bounded).
    Status trimAppliedHistory();

private:
    // A refused or conflicting step of an Aussonderung: the server's state (in the answer) in place
    // of the local one, or no state when the server holds none.
    Status rebaseFollowers(sql::Connection& c, const Answer& a);
    Status restoreArchiving(sql::Connection& c, const Answer& a);

    Database& m_db;
    Timeline& m_timeline;
    Requests& m_requests;
};

} // namespace clerk
