#include "ArchivingRules.h"

#include <QCoreApplication>
#include <QJsonDocument>

namespace clerk::server {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(clerk::server::SqlCityStore)
};

MutationResult answer(const Mutation& m, const QString& status)
{
    MutationResult r;
    r.mutationId = m.mutationId;
    r.status = status;
    return r;
}

MutationResult refusal(const Mutation& m, const Refusal& why)
{
    MutationResult r = answer(m, QStringLiteral("rejected"));
    r.reason = why.reason;
    r.params = why.params;
    r.detail = why.detail;
    return r;
}

// The storage failed (busy, disk full, I/O): the caller rolls the batch back, the client sends it
// again later (as the stores answer it).
MutationResult failed(const Mutation& m, const Error& error)
{
    MutationResult r = refusal(m, Refusal { QStringLiteral("storage"), {}, error.message });
    r.failure = error.code ? error : Error { Error::Internal, error.message, error.detail };
    return r;
}

bool storageFault(const Error& e)
{
    return e.code == Error::Busy || e.code == Error::DiskFull || e.code == Error::Io || e.code == Error::Corrupt
        || e.code == Error::Internal;
}

} // namespace

MutationResult applyArchivingMutation(
    CityStore& city, ArchivingStorage& storage, const Clerk& clerk, const Mutation& m, const QDateTime& now)
{
    auto current = city.request(m.targetId);
    if (!current && storageFault(current.error()))
        return failed(m, current.error());
    if (!current || !clerk.mayRead(current->teamId))
        return refusal(m,
            Refusal { QStringLiteral("not_found"), { { QStringLiteral("kind"), QStringLiteral("request") } },
                Tr::tr("The request does not exist or is not yours to see.") });
    archiving::Subject subject { current.value(), 0, {} };
    auto svc = city.service(current->serviceId);
    if (!svc && storageFault(svc.error()))
        return failed(m, svc.error());
    if (svc)
        subject.retentionYears = svc->retentionYears;
    // Closed when its status last changed (the workflow ends in "closed").
    auto closedAt = storage.lastStatusChange(m.targetId);
    if (!closedAt)
        return failed(m, closedAt.error());
    subject.closedAt = closedAt.value();
    auto row = storage.archivingRow(m.targetId);
    if (!row)
        return failed(m, row.error());
    std::optional<ArchivingState> state;
    if (row->has_value()) {
        auto decoded = archiving::decode(QJsonDocument::fromJson((*row)->body.toUtf8()).object());
        if (!decoded)
            return failed(m, decoded.error());
        state = decoded.value();
        state->version = (*row)->version;
    }
    // The base version is not compared: the steps carry their own order and ProzessID, and a clerk
    // who imports the archive's answer before the offer came back from the server is not in conflict.
    auto next = archiving::step(state, subject, m, clerk.login, now);
    if (const Refusal* r = std::get_if<Refusal>(&next)) {
        // The state held here goes with the refusal: the client puts it in place of its own step.
        MutationResult refused = refusal(m, *r);
        if (state)
            refused.entity = archiving::encode(*state);
        return refused;
    }
    const ArchivingState& s = std::get<ArchivingState>(next);
    const QJsonObject entity = archiving::encode(s);
    if (Status st = storage.storeArchiving(s, QString::fromUtf8(QJsonDocument(entity).toJson(QJsonDocument::Compact)));
        !st)
        return failed(m, st.error());
    MutationResult applied = answer(m, QStringLiteral("applied"));
    applied.version = s.version;
    applied.entity = entity;
    return applied;
}

} // namespace clerk::server
