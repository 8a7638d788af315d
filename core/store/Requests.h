// The requests and services of the offline cache: what the sync writes (upsert), what the request
// pane reads, and the clerk's workflow changes on a request (status, claim, assign, asking the
// applicant for documents), each written with its outbox entry and Verlauf entry in one transaction.
#pragma once

#include "core/Result.h"
#include "core/domain/Domain.h"

#include <QDate>
#include <QList>
#include <QStringList>

namespace clerk {

class Database;
class Outbox;
class Timeline;

class Requests
{
public:
    Requests(Database& db, Outbox& outbox, Timeline& timeline);

    // Writes the services that are new or differ (a later one of the same id wins) and answers how
    // many; when any was, the services' revision counts up.
    Result<int> upsertServices(const QList<Service>& services);
    // Counts up with every change of the services, in this file whichever connection wrote it (a
    // sync worker's): a reader that keeps their names compares it instead of reading them all.
    Result<qint64> servicesRevision();
    Status upsert(const QList<Request>& requests);
    // Writes requests; with indexNow false (a bulk import) without the search index and without
    // notifications (the import's finish does both).
    Status write(const QList<Request>& requests, bool indexNow);

    Result<Request> request(const QString& id);
    Result<Service> service(const QString& id);
    // The id of the request with this reference (Aktenzeichen of the city's intake), NotFound if none.
    Result<QString> idOfReference(const QString& reference);
    // Colleagues known from the requests of a team (their assignees), for "assign to".
    Result<QStringList> colleaguesOf(const QString& teamId);
    // The highest row id: an upper bound of the number of requests, read at the end of the table
    // (no count), to tell a large store from a small one.
    Result<qint64> highestRowId();
    // Whether the cache holds no request at all (a first sync imports in bulk).
    Result<bool> noneHeld();
    // The open request nobody holds that is overdue longest (before `today`), or an empty string.
    Result<QString> oldestOverdueUnassigned(const QDate& today);

    // Local only: read/unread is the clerk's own marker and never leaves this computer.
    Status setUnread(const QString& requestId, bool unread);
    // Local only, like read/unread: the clerk's own follow-up marker.
    Status setFlagged(const QString& requestId, bool flagged);

    // --- the clerk's changes: local effect, outbox entry and Verlauf entry in one transaction ---
    Result<Mutation> changeStatus(const QString& requestId, const QString& newStatus, const QString& actor);
    Result<Mutation> claim(const QString& requestId, const QString& login);
    // Hands the request to a colleague of its team (empty: nobody); the server checks the team.
    Result<Mutation> assign(const QString& requestId, const QString& assignee, const QString& actor);
    // Asks the applicant for missing documents; the message is recorded in the timeline.
    Result<Mutation> requestDocuments(const QString& requestId, const QString& message, const QString& actor);

private:
    Database& m_db;
    Outbox& m_outbox;
    Timeline& m_timeline;
};

} // namespace clerk
