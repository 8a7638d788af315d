// Fills a CityStore with a realistic synthetic city: the catalogue's services and teams, clerks,
// and requests across all statuses and deadlines with generated PDFs. Deterministic for a seed
// and a reference date. Never real people: names, streets and numbers are drawn from lists.
#pragma once

#include "CityStore.h"
#include "core/Clock.h"

#include <QDate>

namespace clerk::server {

struct SeedOptions
{
    quint32 seed = 1;
    int requests = 300;
    QDate today; // the day the city is seeded as of; invalid: today by seedCity's clock
    QString password = QStringLiteral("demo"); // every seeded account's password
    bool documents = true;
    // Generated PDFs only for the requests of these teams (empty: every team). Demo mode makes
    // them for the trainee's team alone: nobody else looks at the others in that session.
    QStringList documentsForTeams;
};

// The seeded clerks (three per team, the first of each team a demo login), the same for every seed.
struct SeedClerk
{
    QString login, name, teamId;
    bool demo = false;
};
QList<SeedClerk> seedClerks();

struct SeedReport
{
    int teams = 0, clerks = 0, services = 0, requests = 0, documents = 0, notes = 0, annotations = 0;
    QStringList demoLogins; // one clerk per team, for the demo's sign-in choice
};

Result<SeedReport> seedCity(CityStore& store, const SeedOptions& options, const Clock& clock = Clock::system());

// One synthetic request as the online portal would file it (used by the seeder and by demo mode's
// "new requests keep arriving").
struct SyntheticRequest
{
    Request request;
    QList<NewAttachment> attachments;
};
SyntheticRequest syntheticRequest(
    const Service& service, quint32 seed, const QDateTime& submittedAt, bool withDocuments = true);

} // namespace clerk::server
