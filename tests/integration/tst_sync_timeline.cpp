// A request's history through the changes feed: the real reference server over loopback, real
// SQLCipher stores for each clerk. What one clerk does appears in a colleague's Verlauf after the
// next sync, once each and in order; the clerk's own entries merge with the server's copies; a
// clerk of another team never receives them.
#include "../common/TestCity.h"
#include "../common/Waiting.h"
#include "core/store/RequestPurge.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"
#include "server/Accounts.h"
#include "server/ApiServer.h"
#include "server/Seeder.h"
#include "server/SqlCityStore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QUrlQuery>

using namespace clerk;
using namespace clerk::server;

namespace {
int count(sql::Connection& c, const char* sql, const QString& arg)
{
    auto q = c.query(sql);
    q.bindAll(arg);
    return q.next() ? q.integer(0) : -1;
}
} // namespace

class TestSyncTimeline : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void colleagueSeesHistoryOnceInOrder();
    void otherTeamNeverReceivesTheEntries();
    void conflictResolutionsKeepOneEntry();
    void purgedRequestGetsNoEntries();
    void serverDatabaseFromBeforeGainsTheColumns();

private:
    std::unique_ptr<Store> newClient(const QString& name);
    // Signs in and syncs once; the session stays usable for more passes.
    std::unique_ptr<WaitingSession> signedIn(Store& store, const QString& login);
    QUrl url() const { return m_server.url(); }
    static QStringList codes(const QList<TimelineEvent>& events);
    QString teamMate(const QString& login);
    QString clerkOfAnotherTeam();

    QTemporaryDir m_dir; // the clients' stores
    testcity::City m_server;
    SqlCityStore*& m_city = m_server.sqlite; // the city's database (SQLCipher)
    QString m_clerk; // a clerk of team "parkraum"
    int m_clients = 0;
};

void TestSyncTimeline::initTestCase()
{
    QVERIFY(accounts::initialise());
}

void TestSyncTimeline::init()
{
    m_server.stop();
    QDir(m_server.dir.filePath(QStringLiteral("city"))).removeRecursively();
    testcity::Options o;
    o.file = QStringLiteral("city/city.db");
    o.key = "timeline-test-key-0123456789";
    o.seed.seed = 3;
    o.seed.requests = 160;
    o.seed.today = QDate(2026, 11, 26);
    const QString failed = m_server.start(o);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    m_clerk = m_server.seed.demoLogins.first();
    QVERIFY(m_city->clerk(m_clerk)->teams.contains(QStringLiteral("parkraum")));
}

void TestSyncTimeline::cleanup()
{
    m_server.stop();
}

std::unique_ptr<Store> TestSyncTimeline::newClient(const QString& name)
{
    auto s = std::make_unique<Store>(m_dir.filePath(QStringLiteral("%1-%2.db").arg(name).arg(++m_clients)));
    if (!s->create("client-passphrase"))
        return nullptr;
    return s;
}

std::unique_ptr<WaitingSession> TestSyncTimeline::signedIn(Store& store, const QString& login)
{
    auto sync = std::make_unique<WaitingSession>(store, url());
    if (!sync->signIn(login, QStringLiteral("demo")))
        return nullptr;
    sync->setPageSize(25); // several pages
    if (!sync->syncOnce())
        return nullptr;
    return sync;
}

QStringList TestSyncTimeline::codes(const QList<TimelineEvent>& events)
{
    QStringList out;
    for (const TimelineEvent& e : events)
        out << e.kind;
    return out;
}

QString TestSyncTimeline::teamMate(const QString& login)
{
    for (const Clerk& c : m_city->clerksOfTeam(QStringLiteral("parkraum")))
        if (c.login != login)
            return c.login;
    return {};
}

QString TestSyncTimeline::clerkOfAnotherTeam()
{
    for (const Team& t : m_city->teams())
        if (t.id != QLatin1String("parkraum"))
            for (const Clerk& c : m_city->clerksOfTeam(t.id))
                if (!c.teams.contains(QStringLiteral("parkraum")))
                    return c.login;
    return {};
}

void TestSyncTimeline::colleagueSeesHistoryOnceInOrder()
{
    auto a = newClient(QStringLiteral("a")), b = newClient(QStringLiteral("b"));
    QVERIFY(a && b);
    const QString colleague = teamMate(m_clerk);
    QVERIFY(!colleague.isEmpty());
    auto sa = signedIn(*a, m_clerk);
    auto sb = signedIn(*b, colleague); // a first sync: the bulk import path
    QVERIFY(sa && sb);
    // Every entry of the team's requests came with the first sync, once.
    const int teamEntries = m_city->connection()
                                .scalar("SELECT count(*) FROM timeline t JOIN requests r ON r.id = t.request_id "
                                        "WHERE r.team_id = 'parkraum' AND t.uid IS NOT NULL")
                                ->toInt();
    QVERIFY(teamEntries > 0);
    QCOMPARE(b->connection().scalar("SELECT count(*) FROM timeline WHERE server_id IS NOT NULL")->toInt(), teamEntries);

    const QString id = a->connection().scalar("SELECT id FROM requests WHERE status = 'received' LIMIT 1")->toString();
    QVERIFY(!id.isEmpty());
    QCOMPARE(codes(b->timeline().of(id).value()), QStringList { QStringLiteral("received") });
    QCOMPARE(b->timeline().of(id).value().first().params.value(QLatin1String("channel")).toString(),
        a->request(id)->channel);

    // Clerk A claims, syncs, moves the status and writes a note (two changes of one request
    // queued together would conflict with each other: each carries the same base version).
    auto claim = a->claim(id, m_clerk);
    QVERIFY(claim.ok());
    QVERIFY(sa->syncOnce().ok());
    m_server.clock.advanceMs(60'000);
    auto status = a->changeStatus(id, QStringLiteral("in_progress"), m_clerk);
    QVERIFY(status.ok());
    auto note = a->addNote(id, QStringLiteral("Halterabfrage beim KBA angestoßen"), m_clerk);
    QVERIFY(note.ok());
    const QStringList expected { QStringLiteral("received"), QStringLiteral("claimed"),
        QStringLiteral("status_changed"), QStringLiteral("note_added") };
    // Before its sync, A sees its own entries (local, not yet confirmed) ...
    QCOMPARE(codes(a->timeline().of(id).value()), expected);
    QVERIFY(a->timeline().of(id).value().last().serverId.isEmpty());
    QCOMPARE(a->timeline().of(id).value().last().mutationId, note->mutationId);
    auto r = sa->syncOnce();
    QVERIFY(r.ok());
    QCOMPARE(r->pushed, 2);
    // ... and after it each event once: the server's copies took the place of the local ones.
    const QList<TimelineEvent> mine = a->timeline().of(id).value();
    QCOMPARE(codes(mine), expected);
    for (const TimelineEvent& e : mine)
        QVERIFY2(!e.serverId.isEmpty(), qPrintable(e.kind));
    QCOMPARE(mine.at(1).mutationId, claim->mutationId);
    QCOMPARE(mine.at(2).mutationId, status->mutationId);
    QCOMPARE(mine.at(3).mutationId, note->mutationId);
    QCOMPARE(mine.at(2).at, m_server.clock.now()); // the server's time of the event
    QCOMPARE(a->connection()
                 .scalar("SELECT count(*) FROM timeline WHERE server_id IS NULL AND mutation_id IS NOT NULL")
                 ->toInt(),
        0);

    // Clerk B: the same entries, in order, once each, with the server's ids and words' parameters.
    QVERIFY(sb->syncOnce().ok());
    const QList<TimelineEvent> theirs = b->timeline().of(id).value();
    QCOMPARE(codes(theirs), expected);
    for (int i = 0; i < theirs.size(); ++i)
        QCOMPARE(theirs.at(i).serverId, mine.at(i).serverId);
    QCOMPARE(theirs.at(1).actor, m_clerk);
    QCOMPARE(theirs.at(2).params.value(QLatin1String("from")).toString(), QStringLiteral("received"));
    QCOMPARE(theirs.at(2).params.value(QLatin1String("to")).toString(), QStringLiteral("in_progress"));
    QCOMPARE(theirs.at(3).params.value(QLatin1String("note_id")).toString(), note->targetId);

    // Synced again, a page pulled again, the whole feed pulled again: still once each.
    QCOMPARE(sb->syncOnce()->pulled, 0);
    const QString cursor = b->meta().value(QStringLiteral("cursor")).value();
    QVERIFY(b->setMeta(QStringLiteral("cursor"), QString()));
    QVERIFY(sb->syncOnce()->pulled > 0);
    QCOMPARE(b->meta().value(QStringLiteral("cursor")).value(), cursor);
    QCOMPARE(codes(b->timeline().of(id).value()), expected);
    QCOMPARE(
        b->connection().scalar("SELECT count(*) FROM timeline WHERE server_id IS NOT NULL")->toInt(), teamEntries + 3);
    QCOMPARE(codes(a->timeline().of(id).value()), expected);
    QVERIFY(sa->syncOnce().ok());
    QCOMPARE(codes(a->timeline().of(id).value()), expected);
}

void TestSyncTimeline::otherTeamNeverReceivesTheEntries()
{
    auto a = newClient(QStringLiteral("a")), c = newClient(QStringLiteral("c"));
    QVERIFY(a && c);
    auto sa = signedIn(*a, m_clerk);
    QVERIFY(sa);
    const QString id = a->connection().scalar("SELECT id FROM requests WHERE status = 'received' LIMIT 1")->toString();
    QVERIFY(!id.isEmpty());
    QVERIFY(a->claim(id, m_clerk).ok());
    QVERIFY(sa->syncOnce().ok());
    QVERIFY(a->changeStatus(id, QStringLiteral("in_progress"), m_clerk).ok());
    QVERIFY(sa->syncOnce().ok());
    QVERIFY(a->requestDocuments(id, QStringLiteral("Bitte die Zulassungsbescheinigung nachreichen."), m_clerk).ok());
    QVERIFY(sa->syncOnce().ok());
    QCOMPARE(count(m_city->connection(), "SELECT count(*) FROM timeline WHERE request_id = ?1", id), 4);

    const QString stranger = clerkOfAnotherTeam();
    QVERIFY(!stranger.isEmpty());
    auto sc = signedIn(*c, stranger);
    QVERIFY(sc);
    // Nothing of that request, and every entry it holds belongs to a request of its own team.
    QCOMPARE(c->timeline().of(id).value().size(), 0);
    QVERIFY(c->connection().scalar("SELECT count(*) FROM timeline")->toInt() > 0);
    QCOMPARE(c->connection()
                 .scalar("SELECT count(*) FROM timeline t WHERE NOT EXISTS "
                         "(SELECT 1 FROM requests r WHERE r.id = t.request_id)")
                 ->toInt(),
        0);

    // On the wire too: the feed the stranger gets carries no entry of another team's request.
    int seen = 0;
    QString cursor;
    for (bool more = true; more;) {
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("limit"), QStringLiteral("5000"));
        if (!cursor.isEmpty())
            q.addQueryItem(QStringLiteral("cursor"), cursor);
        auto page = waiting::getJson(sc->client(), QStringLiteral("/v1/changes?") + q.toString(QUrl::FullyEncoded));
        QVERIFY2(page.ok(), qPrintable(page.errorString()));
        for (const QJsonValue& v : page->value(QLatin1String("items")).toArray()) {
            const QJsonObject item = v.toObject();
            if (item.value(QLatin1String("kind")).toString() != QLatin1String("timeline"))
                continue;
            ++seen;
            const QString requestId
                = item.value(QLatin1String("data")).toObject().value(QLatin1String("request_id")).toString();
            QVERIFY(requestId != id);
            QVERIFY(m_city->clerk(stranger)->teams.contains(m_city->request(requestId)->teamId));
        }
        cursor = page->value(QLatin1String("cursor")).toString();
        more = page->value(QLatin1String("more")).toBool();
    }
    QVERIFY(seen > 0);
}

void TestSyncTimeline::conflictResolutionsKeepOneEntry()
{
    auto a = newClient(QStringLiteral("a")), b = newClient(QStringLiteral("b"));
    QVERIFY(a && b);
    auto sa = signedIn(*a, m_clerk);
    auto sb = signedIn(*b, teamMate(m_clerk));
    QVERIFY(sa && sb);
    const QStringList ids = a->connection()
                                .scalar("SELECT group_concat(id) FROM requests WHERE status = 'received'")
                                ->toString()
                                .split(QLatin1Char(','));
    QVERIFY(ids.size() >= 2);
    for (int round = 0; round < 2; ++round) {
        const QString id = ids.at(round);
        QVERIFY(a->changeStatus(id, QStringLiteral("in_progress"), m_clerk).ok());
        QVERIFY(sa->syncOnce().ok());
        auto mine = b->changeStatus(id, QStringLiteral("forwarded"), teamMate(m_clerk)); // b has not seen a's change
        QVERIFY(mine.ok());
        QVERIFY(sb->syncOnce().ok());
        const QList<Mutation> decisions = b->outboxPart(Store::OutboxPart::Decisions, 10).value();
        QCOMPARE(decisions.size(), 1);
        QCOMPARE(decisions.first().mutationId, mine->mutationId);
        QCOMPARE(decisions.first().state, Mutation::State::Conflict);
        if (round == 0) {
            // Taken the server's state: b's change never happened, nor does its entry stay.
            QVERIFY(b->resolveConflict(mine->mutationId, Store::Resolution::TakeTheirs));
            QVERIFY(sb->syncOnce().ok());
            QCOMPARE(codes(b->timeline().of(id).value()),
                (QStringList { QStringLiteral("received"), QStringLiteral("status_changed") }));
            QCOMPARE(b->timeline().of(id).value().last().actor, m_clerk);
        } else {
            // Kept: sent again under a new id; its entry follows the new id and merges with the server's.
            QVERIFY(b->resolveConflict(mine->mutationId, Store::Resolution::KeepMine));
            QVERIFY(sb->syncOnce().ok());
            QCOMPARE(m_city->request(id)->status, QStringLiteral("forwarded"));
            const QList<TimelineEvent> events = b->timeline().of(id).value();
            QCOMPARE(codes(events),
                (QStringList {
                    QStringLiteral("received"), QStringLiteral("status_changed"), QStringLiteral("status_changed") }));
            for (const TimelineEvent& e : events)
                QVERIFY(!e.serverId.isEmpty());
            QCOMPARE(events.last().params.value(QLatin1String("to")).toString(), QStringLiteral("forwarded"));
        }
    }
}

void TestSyncTimeline::purgedRequestGetsNoEntries()
{
    auto a = newClient(QStringLiteral("a"));
    QVERIFY(a);
    auto sa = signedIn(*a, m_clerk);
    QVERIFY(sa);
    const QString id = a->connection().scalar("SELECT id FROM requests WHERE status = 'closed' LIMIT 1")->toString();
    QVERIFY(!id.isEmpty());
    QVERIFY(a->timeline().of(id).value().size() > 0);
    // Closed long ago on this computer: retention removes it, its history with it.
    QVERIFY(a->connection().query("UPDATE requests SET closed_at = 1000 WHERE id = ?1").bindAll(id).exec());
    QCOMPARE(RequestPurge(*a).purgeClosed(30).value(), 1);
    QCOMPARE(codes(a->timeline().of(id).value()), QStringList { QStringLiteral("purged") });
    // A colleague notes something on it afterwards: the note's entry reaches the feed ...
    auto colleague = m_city->clerk(teamMate(m_clerk));
    QVERIFY(colleague.ok());
    Mutation m;
    m.mutationId = QStringLiteral("note-after-purge");
    m.kind = QStringLiteral("note");
    m.op = QStringLiteral("create");
    m.targetId = QStringLiteral("note-after-purge-id");
    m.data = { { QStringLiteral("request_id"), id }, { QStringLiteral("text"), QStringLiteral("Akte archiviert.") } };
    QCOMPARE(m_city->applyMutation(colleague.value(), m, m_server.clock.now()).status, QStringLiteral("applied"));
    auto r = sa->syncOnce();
    QVERIFY2(r.ok(), qPrintable(r.errorString()));
    QVERIFY(r->pulled > 0);
    // ... but no entry of the removed request comes back to this computer.
    QCOMPARE(codes(a->timeline().of(id).value()), QStringList { QStringLiteral("purged") });
    QCOMPARE(a->connection()
                 .scalar("SELECT count(*) FROM timeline WHERE server_id IS NOT NULL AND NOT EXISTS "
                         "(SELECT 1 FROM requests r WHERE r.id = timeline.request_id)")
                 ->toInt(),
        0);
}

void TestSyncTimeline::serverDatabaseFromBeforeGainsTheColumns()
{
    // A server database written before the timeline went into the feed: its table lacks the
    // columns, and CREATE TABLE IF NOT EXISTS leaves it as it is.
    const QString path = m_dir.filePath(QStringLiteral("old-city.db"));
    {
        sql::Connection::Options o;
        o.path = path;
        o.passphrase = "old-city-key-0123456789";
        o.create = true;
        auto c = sql::Connection::open(o);
        QVERIFY2(c.ok(), qPrintable(c.errorString()));
        QVERIFY(c.value()->exec(
            "CREATE TABLE timeline(id INTEGER PRIMARY KEY, request_id TEXT NOT NULL, at INTEGER NOT NULL, "
            "actor TEXT, kind TEXT NOT NULL, text TEXT);"
            "CREATE INDEX timeline_request ON timeline(request_id);"
            "INSERT INTO timeline(request_id, at, actor, kind, text) "
            "VALUES ('old-request', 1700000000, 'b.hartmann', 'status', 'received → in_progress')"));
    }
    for (int open = 0; open < 2; ++open) { // the second time there is nothing left to add
        SqlCityStore::Options o;
        o.path = path;
        o.key = "old-city-key-0123456789";
        auto city = SqlCityStore::open(o);
        QVERIFY2(city.ok(), qPrintable(city.errorString()));
        sql::Connection& c = city.value()->connection();
        QCOMPARE(c.scalar("SELECT count(*) FROM pragma_table_info('timeline') WHERE name IN "
                          "('uid', 'code', 'params', 'mutation_id')")
                     ->toInt(),
            4);
        QCOMPARE(c.scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'timeline_uid'")->toInt(), 1);
        // The old entry stays for the audit, unpublished; new ones go out with their code.
        QCOMPARE(c.scalar("SELECT text FROM timeline WHERE request_id = 'old-request'")->toString(),
            QStringLiteral("received → in_progress"));
        if (open == 0) {
            SeedOptions seed;
            seed.seed = 5;
            seed.requests = 3;
            seed.today = QDate(2026, 11, 26);
            QVERIFY(seedCity(*city.value(), seed).ok());
        }
        QCOMPARE(c.scalar("SELECT count(*) FROM timeline WHERE uid IS NOT NULL AND code = 'received'")->toInt(), 3);
        QCOMPARE(c.scalar("SELECT count(*) FROM changes WHERE kind = 'timeline'")->toInt(), 3);
        const ChangesPage page = city.value()->changes(city.value()->clerk(QStringLiteral("admin")).value(), 0, 1000);
        QStringList codes;
        for (const ChangeItem& item : page.items)
            if (item.kind == QLatin1String("timeline"))
                codes << QJsonDocument::fromJson(item.rawData).object().value(QLatin1String("code")).toString();
        QCOMPARE(codes,
            (QStringList { QStringLiteral("received"), QStringLiteral("received"), QStringLiteral("received") }));
    }
}

QTEST_GUILESS_MAIN(TestSyncTimeline)
#include "tst_sync_timeline.moc"
