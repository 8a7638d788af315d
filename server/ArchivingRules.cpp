#include "ArchivingRules.h"

#include "MutationAnswers.h"

#include <QCoreApplication>
#include <QJsonDocument>

namespace clerk::server {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(clerk::server::SqlCityStore)
};

} // namespace

using namespace answers;

MutationResult applyArchivingMutation(
    CityStore& city, ArchivingStorage& storage, const Clerk& clerk, const Mutation& m, const QDateTime& now)
{
    auto current = city.request(m.targetId);
    if (!current && storageFault(current.error()))
        return failed(m, current.error());
    if (!current || !clerk.mayRead(current->teamId))
        return rejected(m, QStringLiteral("not_found"), kindParam("request"),
            Tr::tr("The request does not exist or is not yours to see."));
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
        MutationResult refused = rejected(m, r->reason, r->params, r->detail);
        if (state)
            refused.entity = archiving::encode(*state);
        return refused;
    }
    const ArchivingState& s = std::get<ArchivingState>(next);
    const QJsonObject entity = archiving::encode(s);
    if (Status st = storage.storeArchiving(s, compact(entity)); !st)
        return failed(m, st.error());
    return applied(m, s.version, entity);
}

} // namespace clerk::server
