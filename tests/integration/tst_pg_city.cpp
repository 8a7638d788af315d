// PgCityStore's guarantees where several instances meet, with real PostgreSQL (TestPostgres.h)
// and a store per instance, each on its own connection:
// - the changes feed never skips: a transaction that drew its sequence number first but commits
//   last is still seen by a reader that already read a later change (the interleaving forced with
//   two connections and a third reading);
// - a mutation id applied at the same moment through two instances is applied once, and both
//   answer the first result;
// - a database at an older schema is refused by a serving instance with a clear message.
#include "../common/TestPostgres.h"
#include "server/Accounts.h"
#include "server/PgCityStore.h"
#include "server/PgConnection.h"
#include "server/Seeder.h"

#include <QSet>
#include <QTest>
#include <QUuid>
#include <atomic>
#include <thread>

using namespace clerk;
using namespace clerk::server;

class TestPgCity : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void feedNeverSkipsAChangeCommittedLate();
    void mutationIdAppliedOnceAcrossInstances();
    void aNoteTooLongIsRefusedWholeNotCut();
    void olderSchemaIsRefused();
    void deferredRowsFollowTheirSavepoints();

private:
    std::unique_ptr<PgCityStore> instance(bool migrate = false);
    QString requestOfTeam(const QString& team);

    QTemporaryDir m_dir;
    QString m_conninfo;
    Clerk m_admin;
};

std::unique_ptr<PgCityStore> TestPgCity::instance(bool migrate)
{
    PgCityStore::Options o;
    o.conninfo = m_conninfo;
    o.key = "pg-city-test-key-0123456789";
    o.contentDir = m_dir.filePath(QStringLiteral("documents"));
    o.migrate = migrate;
    auto s = PgCityStore::open(o);
    if (!s)
        qWarning() << s.error().message << s.error().detail;
    return s ? std::move(s.value()) : nullptr;
}

QString TestPgCity::requestOfTeam(const QString& team)
{
    auto s = instance();
    auto q = s->connection().query("SELECT id FROM requests WHERE team_id = $1 ORDER BY id LIMIT 1");
    q.bindAll(team);
    return q.next() ? q.text(0) : QString();
}

void TestPgCity::initTestCase()
{
    QVERIFY(accounts::initialise());
    auto db = testpg::freshDatabase();
    QVERIFY2(db, qPrintable(db.errorString())); // never skipped: PostgreSQL belongs to the devroot
    m_conninfo = db.value();
    auto first = instance(true);
    QVERIFY(first);
    SeedOptions so;
    so.requests = 12;
    so.documents = false;
    so.today = QDate(2026, 11, 26);
    QVERIFY(seedCity(*first, so));
    m_admin = Clerk { QStringLiteral("admin"), QStringLiteral("Admin"), QStringLiteral("admin"), {}, false };
}

void TestPgCity::feedNeverSkipsAChangeCommittedLate()
{
    auto a = instance(); // the slow writer: draws its number first, commits last
    auto b = instance(); // the quick writer
    auto reader = instance();
    QVERIFY(a && b && reader);
    const QString request = requestOfTeam(QStringLiteral("parkraum"));
    QVERIFY(!request.isEmpty());
    qint64 cursor = reader->changes(m_admin, 0, 100000).lastSeq;

    const QString early = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QString late = QUuid::createUuid().toString(QUuid::WithoutBraces);
    std::atomic<bool> quickDone { false };
    std::thread quick;
    QSet<QString> seenWhileOpen;
    const Status s = a->batch([&]() -> Status {
        if (Status n = a->addNote(Note { early, request, QStringLiteral("admin"), QStringLiteral("zuerst"),
                QDateTime::currentDateTimeUtc(), 1 });
            !n)
            return n;
        // A transaction's change rows are written just before its commit, under the feed's lock;
        // here A writes them now and stays open: the slow writer between drawing its number and
        // committing.
        if (Status w = a->connection().writeDeferred(); !w)
            return w;
        // A's change has its sequence number, uncommitted. B writes another one now.
        quick = std::thread([&] {
            const Status n = b->addNote(Note {
                late, request, QStringLiteral("admin"), QStringLiteral("danach"), QDateTime::currentDateTimeUtc(), 1 });
            if (!n)
                qWarning() << "the quick writer failed:" << n.error().detail;
            quickDone = true;
        });
        // The reader polls while A is open: whatever B did, it must not be handed a change past
        // A's, which it would then never see.
        for (int i = 0; i < 20; ++i) {
            const ChangesPage page = reader->changes(m_admin, cursor, 100000);
            for (const ChangeItem& item : page.items)
                seenWhileOpen << item.id;
            cursor = page.lastSeq;
            QThread::msleep(10);
        }
        return {};
    });
    QVERIFY2(s, qPrintable(s.errorString()));
    quick.join();
    QVERIFY(quickDone);
    QVERIFY(!seenWhileOpen.contains(early)); // uncommitted
    QVERIFY(!seenWhileOpen.contains(late)); // would have moved the cursor past `early`
    QSet<QString> seenAfter;
    const ChangesPage page = reader->changes(m_admin, cursor, 100000);
    for (const ChangeItem& item : page.items)
        seenAfter << item.id;
    QVERIFY2(seenAfter.contains(early), "the change committed late was skipped");
    QVERIFY(seenAfter.contains(late));
}

void TestPgCity::mutationIdAppliedOnceAcrossInstances()
{
    auto a = instance();
    auto b = instance();
    QVERIFY(a && b);
    const QString request = requestOfTeam(QStringLiteral("parkraum"));
    const qint64 version = a->request(request)->version;
    Mutation m;
    m.mutationId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m.kind = QStringLiteral("note");
    m.op = QStringLiteral("create");
    m.targetId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m.data = { { QStringLiteral("request_id"), request }, { QStringLiteral("text"), QStringLiteral("einmal") } };
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (int round = 0; round < 10; ++round) {
        m.mutationId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        m.targetId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        Result<QList<MutationResult>> ra = Error {}, rb = Error {};
        std::thread ta([&] { ra = a->applyMutations(m_admin, { m }, now); });
        std::thread tb([&] { rb = b->applyMutations(m_admin, { m }, now); });
        ta.join();
        tb.join();
        // One applies; the other waits for it and answers the same (or, at worst, asks the client
        // to retry: the batch is not kept and the same id is sent again).
        int applied = 0;
        for (auto* r : { &ra, &rb })
            if (r->ok()) {
                QCOMPARE(r->value().first().status, QStringLiteral("applied"));
                ++applied;
            }
        QVERIFY(applied >= 1);
        auto q = a->connection().query("SELECT count(*) FROM notes WHERE id = $1");
        q.bindAll(m.targetId);
        QVERIFY(q.next());
        QCOMPARE(q.int64(0), 1);
        // A replay later: the first answer.
        const auto replay = b->applyMutations(m_admin, { m }, now);
        QVERIFY(replay);
        QCOMPARE(replay->first().status, QStringLiteral("applied"));
    }
    QCOMPARE(a->request(request)->version, version);
}

// As the SQLite city: a note one character over the limit is refused, never cut to fit.
void TestPgCity::aNoteTooLongIsRefusedWholeNotCut()
{
    auto a = instance();
    QVERIFY(a);
    const QString request = requestOfTeam(QStringLiteral("parkraum"));
    Mutation m;
    m.mutationId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m.kind = QStringLiteral("note");
    m.op = QStringLiteral("create");
    m.targetId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m.data = { { QStringLiteral("request_id"), request },
        { QStringLiteral("text"), QString(kMaxNoteLength + 1, QLatin1Char('y')) } };
    const MutationResult r = a->applyMutation(m_admin, m, QDateTime::currentDateTimeUtc());
    QCOMPARE(r.status, QStringLiteral("rejected"));
    QCOMPARE(r.params.value(QLatin1String("problem")).toString(), QStringLiteral("too_long"));
    m.mutationId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m.data[QStringLiteral("text")] = QString(kMaxNoteLength, QLatin1Char('y'));
    const MutationResult whole = a->applyMutation(m_admin, m, QDateTime::currentDateTimeUtc());
    QCOMPARE(whole.status, QStringLiteral("applied"));
}

void TestPgCity::olderSchemaIsRefused()
{
    auto a = instance();
    QVERIFY(a);
    QVERIFY(a->connection().exec("DELETE FROM schema_version WHERE version = 4"));
    QVERIFY(!instance());
    PgCityStore::Options o;
    o.conninfo = m_conninfo;
    o.key = "pg-city-test-key-0123456789";
    o.contentDir = m_dir.filePath(QStringLiteral("documents"));
    const auto refused = PgCityStore::open(o);
    QVERIFY(!refused);
    QVERIFY2(
        refused.errorString().contains(QLatin1String("clerkdesk-server migrate")), qPrintable(refused.errorString()));
    // Put back as it was (the step itself ran; only its record was taken away).
    QVERIFY(a->connection().exec("INSERT INTO schema_version(version, name) VALUES (4, 'archiving (Aussonderung)')"));
    QVERIFY(instance());
}

void TestPgCity::deferredRowsFollowTheirSavepoints()
{
    // The changes feed's rows are written at the end of a transaction (pg::Connection::defer):
    // those of a savepoint rolled back go with it, and outside a transaction there is nothing to
    // write them with: refused, never written on their own.
    auto conn = pg::Connection::open(m_conninfo);
    QVERIFY(conn);
    pg::Connection& c = *conn.value();
    QList<QStringList> written;
    int writes = 0;
    c.setDeferredWriter([&](pg::Connection& on, const QList<QStringList>& rows) -> Result<QByteArray> {
        ++writes;
        written += rows;
        if (on.depth() != 1)
            return Error { Error::Internal, QStringLiteral("not at the end"), {} };
        return QByteArray("SELECT 1"); // runs with the COMMIT
    });
    const Status outside = c.defer({ QStringLiteral("outside") });
    QVERIFY(!outside);
    QCOMPARE(outside.error().code, Error::Internal);
    QCOMPARE(c.deferredCount(), 0);
    {
        pg::Transaction tx(c);
        QVERIFY(tx.ok());
        QVERIFY(c.defer({ QStringLiteral("a") }));
        {
            pg::Transaction kept(c);
            QVERIFY(c.defer({ QStringLiteral("b") }));
            {
                pg::Transaction dropped(c);
                QVERIFY(c.defer({ QStringLiteral("c") }));
                dropped.rollback();
            }
            QVERIFY(kept.commit());
        }
        {
            pg::Transaction dropped(c);
            QVERIFY(c.defer({ QStringLiteral("d") }));
        } // rolled back by its end
        QCOMPARE(writes, 0); // nothing before the commit
        QVERIFY(tx.commit());
    }
    QCOMPARE(writes, 1);
    QCOMPARE(written, (QList<QStringList> { { QStringLiteral("a") }, { QStringLiteral("b") } }));
    {
        pg::Transaction tx(c);
        QVERIFY(c.defer({ QStringLiteral("e") }));
    } // rolled back: nothing written
    QCOMPARE(writes, 1);
    QCOMPARE(c.deferredCount(), 0);
}

QTEST_GUILESS_MAIN(TestPgCity)
#include "tst_pg_city.moc"
