// SyncSession's push: the outbox in order, one batch per POST /v1/mutations, the next batch
// started from the answer of the one before.
#include "SyncSession.h"
#include "core/Logging.h"
#include "core/domain/Json.h"
#include "core/domain/Refusal.h"

#include <QJsonArray>
#include <QSet>

namespace clerk {

namespace {
// The server's answer to one change.
Store::Answer answerOf(const Mutation& m, const QJsonObject& r)
{
    Store::Answer a;
    a.mutationId = m.mutationId;
    a.kind = m.kind;
    a.targetId = m.targetId;
    const QString status = r.value(QLatin1String("status")).toString();
    if (status == QLatin1String("applied")) {
        a.state = Mutation::State::Applied;
        a.version = r.value(QLatin1String("version")).toInteger();
    } else if (status == QLatin1String("conflict")) {
        a.state = Mutation::State::Conflict;
        // Worded when shown (models/RefusalNames); an older server sends no code.
        a.error = Refusal { QStringLiteral("version_changed"), r.value(QLatin1String("params")).toObject(),
            r.value(QLatin1String("detail")).toString().left(500) }
                      .encode();
        a.serverState = r.value(QLatin1String("entity")).toObject();
    } else {
        a.state = Mutation::State::Rejected;
        // The code and its parameters, worded in the clerk's language when shown
        // (models/RefusalNames); the server's English detail only where they cannot be.
        a.error = Refusal { r.value(QLatin1String("reason")).toString().left(80),
            r.value(QLatin1String("params")).toObject(), r.value(QLatin1String("detail")).toString().left(500) }
                      .encode();
        a.serverState = r.value(QLatin1String("entity")).toObject();
    }
    return a;
}
} // namespace

void SyncSession::pushNextBatch()
{
    auto done = [this](Status s) { continueWith(std::move(s)); };
    // Read by state through the outbox's index: however many changes were answered before, the
    // next unsent ones are found at once.
    auto unsent = m_store.outboxPart(Store::OutboxPart::Unsent, kPushBatch);
    if (!unsent) {
        done(unsent.error());
        return;
    }
    QList<Mutation> batch = unsent.value();
    // A second change of the same request or annotation waits for the next batch: the first one's
    // answer rebases it (Outbox::rebaseFollowers) onto the version the first one made.
    QSet<QPair<QString, QString>> seen;
    for (qsizetype i = 0; i < batch.size(); ++i) {
        const Mutation& m = batch.at(i);
        if (m.kind == QLatin1String("note"))
            continue;
        const QPair<QString, QString> key { m.kind, m.targetId };
        if (seen.contains(key)) {
            batch.resize(i); // (i > 0: its first change is before it)
            break;
        }
        seen.insert(key);
    }
    if (batch.isEmpty()) {
        done({});
        return;
    }
    if (Status s = m_store.markSent(batch); !s) {
        done(s);
        return;
    }
    QJsonArray list;
    for (const Mutation& m : batch)
        list.append(json::encode(m));
    m_client.postJson(QStringLiteral("/v1/mutations"), { { QStringLiteral("mutations"), list } },
        live([this, batch](Result<QJsonObject> reply) { batchAnswered(batch, std::move(reply)); }));
}

void SyncSession::batchAnswered(const QList<Mutation>& batch, Result<QJsonObject> reply)
{
    auto done = [this](Status s) { continueWith(std::move(s)); };
    if (!reply) {
        QStringList ids;
        for (const Mutation& m : batch)
            ids << m.mutationId;
        if (Status s = m_store.noteSendFailure(ids, reply.error().message); !s)
            qCWarning(lcSync) << "could not note the failed send:" << s.error().detail;
        done(reply.error());
        return;
    }
    const QJsonArray results = reply->value(QLatin1String("results")).toArray();
    if (results.size() != batch.size()) {
        done(Error {
            Error::Invalid, tr("The city backend answered a different number of changes than were sent."), {} });
        return;
    }
    QList<Store::Answer> answers;
    answers.reserve(batch.size());
    for (int i = 0; i < results.size(); ++i) {
        const QJsonObject r = results.at(i).toObject();
        const Mutation& m = batch.at(i);
        if (r.value(QLatin1String("mutation_id")).toString() != m.mutationId) {
            done(Error { Error::Invalid, tr("The city backend answered for a different change."), m.mutationId });
            return;
        }
        answers << answerOf(m, r);
    }
    // The answers of one batch in one transaction: a crash before it resends the batch, and the
    // server repeats its first answers.
    if (Status s = m_store.recordAnswers(answers); !s) {
        done(s);
        return;
    }
    m_report.pushed += int(answers.size());
    bool archiving = false;
    for (const Store::Answer& a : std::as_const(answers)) {
        m_report.applied += a.state == Mutation::State::Applied;
        m_report.conflicts += a.state == Mutation::State::Conflict;
        m_report.rejected += a.state == Mutation::State::Rejected;
        archiving = archiving || a.kind == QLatin1String("archiving");
    }
    // The server answered steps of an Aussonderung (importing the archive's messages only recorded
    // them): a held delivery (0503) is released or withdrawn, and archived requests may leave this
    // computer.
    if (archiving)
        settleArchiving();
    if (m_progress)
        m_progress(m_report.pushed, 0);
    pushNextBatch();
}

} // namespace clerk
