#include "Requests.h"

#include "Database.h"
#include "Meta.h"
#include "Outbox.h"
#include "SearchIndex.h"
#include "Sql.h"
#include "Store.h"
#include "Timeline.h"
#include "core/domain/Json.h"

#include <QHash>
#include <QJsonDocument>
#include <QTimeZone>

namespace clerk {

namespace {
// Counted up with each sync that changed a service (the inbox reads the services' names again).
constexpr char kServicesRevisionKey[] = "services_revision";
} // namespace

Requests::Requests(Database& db, Outbox& outbox, Timeline& timeline)
    : m_db(db)
    , m_outbox(outbox)
    , m_timeline(timeline)
{ }

Result<int> Requests::upsertServices(const QList<Service>& services)
{
    if (!m_db.isOpen())
        return Database::lockedError();
    // One row per id, the list's last (a list naming a service twice would rewrite it at every pass).
    QHash<QString, qsizetype> lastOf;
    for (qsizetype i = 0; i < services.size(); ++i)
        lastOf.insert(services.at(i).id, i);
    sql::Connection& c = m_db.connection();
    sql::Transaction tx(c);
    if (!tx.ok())
        return tx.error();
    // Each sync pass brings every service: a row is written only when it is new or differs. The
    // body holds every field of the service (the columns are copies of some, for queries).
    int changed = 0;
    for (qsizetype i = 0; i < services.size(); ++i) {
        const Service& s = services.at(i);
        if (lastOf.value(s.id) != i)
            continue;
        auto q = c.query("INSERT INTO services(id, name_de, name_en, team_id, deadline_days, body, version) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(id) DO UPDATE SET "
                         "name_de = excluded.name_de, name_en = excluded.name_en, team_id = excluded.team_id, "
                         "deadline_days = excluded.deadline_days, body = excluded.body, version = excluded.version "
                         "WHERE services.body IS NOT excluded.body OR services.version IS NOT excluded.version");
        q.bindAll(s.id, s.nameDe, s.nameEn, s.teamId, s.deadlineDays, db::compact(json::encode(s)), s.version);
        if (Status st = q.exec(); !st)
            return st.error();
        changed += c.changes();
    }
    if (changed > 0)
        if (Status st = Meta(m_db).countUp(QLatin1String(kServicesRevisionKey)); !st)
            return st.error();
    if (Status st = tx.commit(); !st)
        return st.error();
    // The inbox keeps the services' names and outcome names while the revision stays: a change
    // has this store's readers look again (a sync worker's store: SyncEngine says so).
    if (changed > 0)
        m_db.announceEverything();
    return changed;
}

Result<qint64> Requests::servicesRevision()
{
    return Meta(m_db).counter(QLatin1String(kServicesRevisionKey));
}

namespace {

bool sameText(const QString& stored, const QString& incoming)
{
    return stored == incoming && stored.isNull() == incoming.isNull();
}

} // namespace

Status Requests::write(const QList<Request>& requests, bool indexNow)
{
    if (!m_db.isOpen())
        return Database::lockedError();
    sql::Connection& c = m_db.connection();
    sql::Transaction tx(c, sql::Transaction::Nesting::Join);
    if (!tx.ok())
        return tx.error();
    SearchIndex index(c);
    const qint64 now = m_db.clock().now().toSecsSinceEpoch();
    for (const Request& r : requests) {
        const QVariant due = r.dueDate.isValid() ? QVariant(r.dueDate.toJulianDay()) : QVariant();
        const bool closed = db::isClosedStatus(r.status);
        const Applicant& a = r.applicant;
        const QJsonObject applicantObject { { QStringLiteral("name"), a.name }, { QStringLiteral("street"), a.street },
            { QStringLiteral("postcode"), a.postcode }, { QStringLiteral("city"), a.city },
            { QStringLiteral("email"), a.email }, { QStringLiteral("phone"), a.phone } };
        // UTF-8 as stored: compared and bound without a round trip through QString.
        const QByteArray applicantJson = QJsonDocument(applicantObject).toJson(QJsonDocument::Compact);
        const QByteArray formJson = QJsonDocument(r.form).toJson(QJsonDocument::Compact);

        // A request already held is compared first and only what changed is written: a change
        // feed mostly carries workflow changes (status, assignee), and every index or search-index
        // entry left alone is a page of a large store neither read, decrypted nor written again.
        qint64 rid = 0;
        bool textChanged = true, bodyChanged = true;
        if (indexNow) {
            auto old = c.query("SELECT rid, reference, service_id, team_id, channel, submitted_at, due_date, status, "
                               "assignee, applicant, attachments, version FROM requests WHERE id = ?1");
            old.bindAll(r.id);
            if (old.next()) {
                rid = old.int64(0);
                const QVariant oldDue = old.value(6);
                const bool placeSame = sameText(old.text(2), r.serviceId) && sameText(old.text(3), r.teamId)
                    && old.int64(5) == r.submittedAt.toSecsSinceEpoch() && oldDue.isNull() == due.isNull()
                    && (due.isNull() || oldDue.toLongLong() == due.toLongLong());
                const bool workflowSame = sameText(old.text(7), r.status) && sameText(old.text(8), r.assignee);
                const bool restSame = sameText(old.text(1), r.reference) && sameText(old.text(4), r.channel)
                    && sameText(old.text(9), a.name) && old.int64(10) == r.attachmentCount
                    && old.int64(11) == r.version;
                textChanged = !sameText(old.text(1), r.reference) || !sameText(old.text(9), a.name);
                const char* update = nullptr; // null: the full statement below
                if (placeSame && !workflowSame)
                    update = "UPDATE requests SET reference = ?2, channel = ?3, status = ?4, "
                             "closed_at = CASE WHEN ?5 AND NOT closed THEN ?9 WHEN ?5 THEN closed_at END, closed = ?5, "
                             "assignee = ?6, applicant = ?7, attachments = ?8, "
                             "unread = CASE WHEN ?10 > version THEN 1 ELSE unread END, version = ?10 WHERE rid = ?1";
                else if (placeSame && !restSame)
                    update = "UPDATE requests SET reference = ?2, channel = ?3, applicant = ?7, attachments = ?8, "
                             "unread = CASE WHEN ?10 > version THEN 1 ELSE unread END, version = ?10 WHERE rid = ?1";
                if (placeSame && workflowSame && restSame) {
                    // Nothing in the row changed.
                } else if (update) {
                    auto u = c.query(update); // unused numbers (?4–?6, ?9 in the second) bind harmlessly
                    u.bindAll(rid, r.reference, r.channel, r.status, closed, r.assignee, a.name, r.attachmentCount, now,
                        r.version);
                    if (Status st = u.exec(); !st)
                        return st;
                } else {
                    rid = 0; // written by the full statement
                }
                if (rid) {
                    auto b
                        = c.query("SELECT file_number, applicant_json, form_json FROM request_bodies WHERE rid = ?1");
                    b.bindAll(rid);
                    if (b.next())
                        bodyChanged
                            = !sameText(b.text(0), r.fileNumber) || b.blob(1) != applicantJson || b.blob(2) != formJson;
                }
            } else if (old.error()) {
                return old.error();
            }
        }
        if (!rid) {
            auto q = c.query(
                "INSERT INTO requests(id, reference, service_id, team_id, channel, submitted_at, due_date, status, "
                "closed, "
                "closed_at, assignee, applicant, attachments, version) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, CASE WHEN ?9 THEN ?13 END, ?10, ?11, ?12, ?14) "
                "ON CONFLICT(id) DO UPDATE SET reference = excluded.reference, service_id = excluded.service_id, "
                "team_id = excluded.team_id, channel = excluded.channel, submitted_at = excluded.submitted_at, "
                "due_date = excluded.due_date, status = excluded.status, "
                "closed_at = CASE WHEN excluded.closed AND NOT requests.closed THEN ?13 "
                "                 WHEN excluded.closed THEN requests.closed_at END, "
                "closed = excluded.closed, assignee = excluded.assignee, applicant = excluded.applicant, "
                "attachments = excluded.attachments, version = excluded.version, "
                "unread = CASE WHEN excluded.version > requests.version THEN 1 ELSE requests.unread END "
                "RETURNING rid");
            q.bindAll(r.id, r.reference, r.serviceId, r.teamId, r.channel, r.submittedAt.toSecsSinceEpoch(), due,
                r.status, closed, r.assignee, a.name, r.attachmentCount, now, r.version);
            if (!q.next())
                return q.error();
            rid = q.int64(0);
            while (q.next()) { }
        }
        if (bodyChanged) {
            auto b = c.query("INSERT INTO request_bodies(rid, file_number, applicant_json, form_json) "
                             "VALUES (?1, ?2, ?3, ?4) ON CONFLICT(rid) DO UPDATE SET "
                             "file_number = excluded.file_number, applicant_json = excluded.applicant_json, "
                             "form_json = excluded.form_json");
            b.bindAll(rid, r.fileNumber);
            b.bindText(3, applicantJson).bindText(4, formJson);
            if (Status st = b.exec(); !st)
                return st;
        }
        if (indexNow) {
            // The search index holds reference, file number, applicant and form (notes and
            // document text are indexed where they change).
            if (textChanged || bodyChanged)
                if (Status st = index.reindex(rid); !st)
                    return st;
            m_db.requestChanged(r.id);
        }
    }
    if (Status st = tx.commit(); !st) {
        m_db.forgetRequestChanges();
        return st;
    }
    m_db.flush();
    return {};
}

Result<Request> Requests::request(const QString& id)
{
    if (!m_db.isOpen())
        return Database::lockedError();
    sql::Connection& c = m_db.connection();
    auto q = c.query("SELECT r.id, r.reference, b.file_number, r.service_id, r.team_id, r.channel, "
                     "r.submitted_at, r.due_date, r.status, r.assignee, b.applicant_json, b.form_json, "
                     "r.attachments, r.version FROM requests r LEFT JOIN request_bodies b ON b.rid = r.rid "
                     "WHERE r.id = ?1");
    q.bindAll(id);
    if (!q.next())
        return q.error() ? q.error() : Error { Error::NotFound, Store::tr("The request was not found."), id };
    QJsonObject o { { QStringLiteral("id"), q.text(0) }, { QStringLiteral("reference"), q.text(1) },
        { QStringLiteral("file_number"), q.text(2) }, { QStringLiteral("service_id"), q.text(3) },
        { QStringLiteral("team_id"), q.text(4) }, { QStringLiteral("channel"), q.text(5) },
        { QStringLiteral("submitted_at"),
            QDateTime::fromSecsSinceEpoch(q.int64(6), QTimeZone::UTC).toString(Qt::ISODateWithMs) },
        { QStringLiteral("due_date"),
            q.isNull(7) ? QString() : QDate::fromJulianDay(q.int64(7)).toString(Qt::ISODate) },
        { QStringLiteral("status"), q.text(8) }, { QStringLiteral("assignee"), q.text(9) },
        { QStringLiteral("applicant"), db::parseObject(q.text(10)) },
        { QStringLiteral("form"), db::parseObject(q.text(11)) }, { QStringLiteral("attachments"), q.int64(12) },
        { QStringLiteral("version"), q.int64(13) } };
    return json::decodeRequest(o);
}

Result<QStringList> Requests::colleaguesOf(const QString& teamId)
{
    if (!m_db.isOpen())
        return Database::lockedError();
    sql::Connection& c = m_db.connection();
    QStringList out;
    auto q = c.query("SELECT DISTINCT assignee FROM requests WHERE team_id = ?1 AND coalesce(assignee, '') <> '' "
                     "ORDER BY assignee");
    q.bindAll(teamId);
    while (q.next())
        out << q.text(0);
    if (q.error())
        return q.error();
    return out;
}

Result<Service> Requests::service(const QString& id)
{
    if (!m_db.isOpen())
        return Database::lockedError();
    sql::Connection& c = m_db.connection();
    auto q = c.query("SELECT body FROM services WHERE id = ?1");
    q.bindAll(id);
    if (!q.next())
        return q.error() ? q.error() : Error { Error::NotFound, Store::tr("The service was not found."), id };
    return json::decodeService(db::parseObject(q.text(0)));
}

Result<Mutation> Requests::changeStatus(const QString& requestId, const QString& newStatus, const QString& actor)
{
    auto r = request(requestId);
    if (!r)
        return r.error();
    auto svc = service(r->serviceId);
    if (svc && !svc->allows(r->status, newStatus))
        return Error { Error::Invalid,
            Store::tr("The status cannot change from \"%1\" to \"%2\" for this service.").arg(r->status, newStatus),
            {} };
    Mutation m;
    m.kind = QStringLiteral("request");
    m.op = QStringLiteral("status");
    m.targetId = requestId;
    m.baseVersion = r->version;
    m.data = { { QStringLiteral("status"), newStatus } };
    m.mutationId = db::newId(); // the timeline entry names it (the server's copy replaces it)
    const QString oldStatus = r->status;
    return m_outbox.record(m, [&](sql::Connection& c) -> Status {
        auto q = c.query("UPDATE requests SET status = ?2, closed = ?3, "
                         "closed_at = CASE WHEN ?3 THEN ?4 END WHERE id = ?1");
        q.bindAll(requestId, newStatus, db::isClosedStatus(newStatus), m_db.clock().now().toSecsSinceEpoch());
        if (Status s = q.exec(); !s)
            return s;
        m_db.requestChanged(requestId);
        return m_timeline.add({ requestId, m_db.clock().now(), actor, QStringLiteral("status_changed"),
            QStringLiteral("%1 → %2").arg(oldStatus, newStatus),
            { { QStringLiteral("from"), oldStatus }, { QStringLiteral("to"), newStatus } }, {}, m.mutationId });
    });
}

Result<Mutation> Requests::claim(const QString& requestId, const QString& login)
{
    auto r = request(requestId);
    if (!r)
        return r.error();
    Mutation m;
    m.kind = QStringLiteral("request");
    m.op = QStringLiteral("claim");
    m.targetId = requestId;
    m.baseVersion = r->version;
    m.mutationId = db::newId();
    return m_outbox.record(m, [&](sql::Connection& c) -> Status {
        if (Status s = c.query("UPDATE requests SET assignee = ?2 WHERE id = ?1").bindAll(requestId, login).exec(); !s)
            return s;
        m_db.requestChanged(requestId);
        return m_timeline.add(
            { requestId, m_db.clock().now(), login, QStringLiteral("claimed"), login, {}, {}, m.mutationId });
    });
}

Result<Mutation> Requests::assign(const QString& requestId, const QString& assignee, const QString& actor)
{
    auto r = request(requestId);
    if (!r)
        return r.error();
    Mutation m;
    m.kind = QStringLiteral("request");
    m.op = QStringLiteral("assign");
    m.targetId = requestId;
    m.baseVersion = r->version;
    m.data = { { QStringLiteral("assignee"), assignee } };
    m.mutationId = db::newId();
    return m_outbox.record(m, [&](sql::Connection& c) -> Status {
        if (Status s = c.query("UPDATE requests SET assignee = ?2 WHERE id = ?1").bindAll(requestId, assignee).exec();
            !s)
            return s;
        m_db.requestChanged(requestId);
        return m_timeline.add({ requestId, m_db.clock().now(), actor, QStringLiteral("assigned"), assignee,
            { { QStringLiteral("to"), assignee } }, {}, m.mutationId });
    });
}

Result<Mutation> Requests::requestDocuments(const QString& requestId, const QString& message, const QString& actor)
{
    if (message.trimmed().isEmpty())
        return Error { Error::Invalid, Store::tr("The message to the applicant is empty."), {} };
    auto r = request(requestId);
    if (!r)
        return r.error();
    Mutation m;
    m.kind = QStringLiteral("request");
    m.op = QStringLiteral("request_documents");
    m.targetId = requestId;
    m.baseVersion = r->version;
    m.data = { { QStringLiteral("message"), message } };
    m.mutationId = db::newId();
    return m_outbox.record(m, [&](sql::Connection&) -> Status {
        m_db.requestChanged(requestId);
        return m_timeline.add({ requestId, m_db.clock().now(), actor, QStringLiteral("documents_requested"),
            message.left(500), { { QStringLiteral("message"), message.left(5000) } }, {}, m.mutationId });
    });
}

Status Requests::setUnread(const QString& requestId, bool unread)
{
    if (!m_db.isOpen())
        return Database::lockedError();
    sql::Connection& c = m_db.connection();
    if (Status s
        = c.query("UPDATE requests SET unread = ?2 WHERE id = ?1 AND unread <> ?2").bindAll(requestId, unread).exec();
        !s)
        return s;
    if (c.changes() > 0) {
        m_db.requestChanged(requestId);
        m_db.flush();
    }
    return {};
}

Status Requests::setFlagged(const QString& requestId, bool flagged)
{
    if (!m_db.isOpen())
        return Database::lockedError();
    sql::Connection& c = m_db.connection();
    if (Status s = c.query("UPDATE requests SET flagged = ?2 WHERE id = ?1 AND flagged <> ?2")
            .bindAll(requestId, flagged)
            .exec();
        !s)
        return s;
    if (c.changes() > 0) {
        m_db.requestChanged(requestId);
        m_db.flush();
    }
    return {};
}

Status Requests::upsert(const QList<Request>& requests)
{
    return write(requests, true);
}

Result<QString> Requests::idOfReference(const QString& reference)
{
    if (!m_db.isOpen())
        return Database::lockedError();
    auto q = m_db.connection().query("SELECT id FROM requests WHERE reference = ?1");
    q.bindAll(reference);
    if (q.next()) {
        const QString id = q.text(0);
        while (q.next()) { }
        return id;
    }
    if (q.error())
        return q.error();
    return Error { Error::NotFound, Store::tr("The request was not found."), reference };
}

Result<qint64> Requests::highestRowId()
{
    if (!m_db.isOpen())
        return Database::lockedError();
    auto max = m_db.connection().scalar("SELECT coalesce(max(rid), 0) FROM requests");
    if (!max)
        return max.error();
    return max->toLongLong();
}

Result<bool> Requests::noneHeld()
{
    if (!m_db.isOpen())
        return Database::lockedError();
    auto any = m_db.connection().scalar("SELECT EXISTS (SELECT 1 FROM requests)");
    if (!any)
        return any.error();
    return !any->toBool();
}

Result<QString> Requests::oldestOverdueUnassigned(const QDate& today)
{
    if (!m_db.isOpen())
        return Database::lockedError();
    auto q
        = m_db.connection().query("SELECT id FROM requests WHERE status IN ('received', 'in_progress', 'waiting') "
                                  "AND coalesce(assignee, '') = '' AND due_date < ?1 ORDER BY due_date, rid LIMIT 1");
    q.bindAll(today.toJulianDay());
    if (q.next()) {
        const QString id = q.text(0);
        while (q.next()) { }
        return id;
    }
    if (q.error())
        return q.error();
    return QString();
}

} // namespace clerk
