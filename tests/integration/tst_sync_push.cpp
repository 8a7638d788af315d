// Sync against the real reference server over loopback, with real SQLCipher stores on both sides:
// what goes up. A change pushed once, years of answered changes, conflicts resolved both ways,
// rejected changes retried or discarded, and annotations with undo that reach colleagues.
#include "../common/FaultProxy.h"
#include "../common/Waiting.h"
#include "SyncFixture.h"
#include "core/pdf/AnnotationHistory.h"
#include "core/pdf/Annotations.h"
#include "core/store/DocumentCache.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"
#include "core/sync/SyncEngine.h"
#include "server/Accounts.h"
#include "server/ApiServer.h"
#include "server/Seeder.h"
#include "server/SqlCityStore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>
#include <optional>

using namespace clerk;
using namespace clerk::server;
using namespace clerk::synctest;
using clerk::testproxy::Fault;
using clerk::testproxy::FaultProxy;

class TestSyncPush : public SyncFixture
{
    Q_OBJECT
private Q_SLOTS:
    void localChangeIsPushedOnce();
    void twoChangesOfOneRequestMadeOfflineBothApply();
    void yearsOfAnsweredChangesDoNotStopTheSync();
    void conflictResolvedBothWays();
    void rejectedChangeRetriedOrDiscarded();
    void annotationsSyncWithUndoAndReachColleagues();
    void aNoteTooLongIsRefusedWholeNotCut();
};

void TestSyncPush::localChangeIsPushedOnce()
{
    auto store = newClient(QStringLiteral("a"));
    WaitingSession sync(*store, url());
    QVERIFY(sync.signIn(m_clerk, QStringLiteral("demo")));
    QVERIFY(sync.syncOnce().ok());
    const QString id
        = store->connection().scalar("SELECT id FROM requests WHERE status = 'received' LIMIT 1")->toString();
    const qint64 v = serverVersion(id);
    QVERIFY(store->changeStatus(id, QStringLiteral("in_progress"), m_clerk).ok());
    QVERIFY(store->addNote(id, QStringLiteral("Halterabfrage beim KBA angestoßen"), m_clerk).ok());
    QCOMPARE(store->outbox().pendingCount().value(), 2);
    auto r = sync.syncOnce();
    QVERIFY(r.ok());
    QCOMPARE(r->pushed, 2);
    QCOMPARE(store->outbox().pendingCount().value(), 0);
    QCOMPARE(serverVersion(id), v + 1);
    QCOMPARE(m_city->request(id)->status, QStringLiteral("in_progress"));
    QCOMPARE(store->request(id)->version, v + 1);
    QCOMPARE(m_city->connection().scalar("SELECT count(*) FROM notes WHERE body LIKE '%KBA%'")->toInt(), 1);
    // A lost reply: the mutation is still marked "sent" and goes again; the server applies it once.
    QVERIFY(store->connection().exec("UPDATE outbox SET state = 'sent'"));
    QVERIFY(sync.syncOnce().ok());
    QCOMPARE(serverVersion(id), v + 1);
    QCOMPARE(m_city->connection().scalar("SELECT count(*) FROM notes WHERE body LIKE '%KBA%'")->toInt(), 1);
}

// The clerk takes a request over and sets it in progress while no sync is possible: both changes are
// based on the version she saw; the second follows from the first, not a conflict with her own.
void TestSyncPush::twoChangesOfOneRequestMadeOfflineBothApply()
{
    auto store = newClient(QStringLiteral("a"));
    WaitingSession sync(*store, url());
    QVERIFY(sync.signIn(m_clerk, QStringLiteral("demo")));
    QVERIFY(sync.syncOnce().ok());
    const QString id
        = store->connection()
              .scalar("SELECT id FROM requests WHERE status = 'received' AND coalesce(assignee, '') = '' LIMIT 1")
              ->toString();
    QVERIFY(!id.isEmpty());
    const qint64 v = serverVersion(id);
    QVERIFY(store->claim(id, m_clerk).ok());
    QVERIFY(store->changeStatus(id, QStringLiteral("in_progress"), m_clerk).ok());
    QCOMPARE(store->outbox().pendingCount().value(), 2);
    auto r = sync.syncOnce();
    QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().detail));
    QCOMPARE(r->pushed, 2);
    QCOMPARE(store->outbox().pendingCount().value(), 0);
    QCOMPARE(store->connection().scalar("SELECT count(*) FROM outbox WHERE state <> 'applied'")->toInt(), 0);
    QCOMPARE(serverVersion(id), v + 2);
    QCOMPARE(m_city->request(id)->status, QStringLiteral("in_progress"));
    QCOMPARE(m_city->request(id)->assignee, m_clerk);
    QCOMPARE(store->request(id)->version, v + 2);
}

void TestSyncPush::yearsOfAnsweredChangesDoNotStopTheSync()
{
    auto store = newClient(QStringLiteral("a"));
    WaitingSession sync(*store, url());
    QVERIFY(sync.signIn(m_clerk, QStringLiteral("demo")));
    QVERIFY(sync.syncOnce().ok());
    const QString id = store->connection().scalar("SELECT id FROM requests ORDER BY rid LIMIT 1")->toString();
    QVERIFY(!id.isEmpty());
    // 150,000 answered changes ahead of the new one: what a profile from before the bounded history
    // holds after a busy year, or a few bulk assignments.
    {
        sql::Transaction tx(store->connection());
        QVERIFY(tx.ok());
        QVERIFY(store->connection().exec(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 150000) "
            "INSERT INTO outbox(mutation_id, kind, op, target_id, base_version, data, created_at, state) "
            "SELECT 'answered-' || i, 'note', 'create', 'note-' || i, 0, '{}', 0, 'applied' FROM n"));
        QVERIFY(tx.commit());
    }
    QCOMPARE(store->connection().scalar("SELECT count(*) FROM outbox WHERE state = 'applied'")->toInt(), 150000);
    QCOMPARE(store->outbox().pendingCount().value(), 0);
    const QString text = QStringLiteral("Nach zwei Jahren im Dienst: Rückfrage an das Bürgerbüro");
    QVERIFY(store->addNote(id, text, m_clerk).ok());
    QCOMPARE(store->outbox().pendingCount().value(), 1);
    QCOMPARE(store->outboxCounts()->unsent, 1);

    auto r = sync.syncOnce();
    QVERIFY2(r.ok(), qPrintable(r.error().detail));
    QCOMPARE(r->pushed, 1);
    QCOMPARE(store->outbox().pendingCount().value(), 0);
    auto onServer = m_city->connection().query("SELECT count(*) FROM notes WHERE request_id = ?1 AND body LIKE ?2");
    onServer.bindAll(id, QStringLiteral("%Nach zwei Jahren im Dienst%"));
    QVERIFY(onServer.next());
    QCOMPARE(onServer.integer(0), 1);
    // The answer removed the old history beyond its bound, in the same transaction; the new change
    // is the newest entry kept.
    QCOMPARE(store->connection().scalar("SELECT count(*) FROM outbox")->toInt(), Store::kAppliedKept);
    QCOMPARE(store->connection().scalar("SELECT data FROM outbox ORDER BY seq DESC LIMIT 1")->toString().contains(text),
        true);
}

void TestSyncPush::conflictResolvedBothWays()
{
    auto a = newClient(QStringLiteral("a")), b = newClient(QStringLiteral("b"));
    WaitingSession sa(*a, url()), sb(*b, url());
    QVERIFY(sa.signIn(m_clerk, QStringLiteral("demo")));
    QVERIFY(sb.signIn(m_clerk, QStringLiteral("demo")));
    QVERIFY(sa.syncOnce().ok());
    QVERIFY(sb.syncOnce().ok());
    const QStringList ids = a->connection()
                                .scalar("SELECT group_concat(id) FROM requests WHERE status = 'received'")
                                ->toString()
                                .split(QLatin1Char(','));
    QVERIFY(ids.size() >= 2);
    for (int round = 0; round < 2; ++round) {
        const QString id = ids.at(round);
        QVERIFY(a->changeStatus(id, QStringLiteral("in_progress"), m_clerk).ok());
        QVERIFY(sa.syncOnce().ok());
        QVERIFY(b->changeStatus(id, QStringLiteral("forwarded"), m_clerk).ok()); // b has not seen a's change
        auto r = sb.syncOnce();
        QVERIFY(r.ok());
        QList<Mutation> out = b->outbox().all().value();
        auto it = std::find_if(
            out.begin(), out.end(), [](const Mutation& m) { return m.state == Mutation::State::Conflict; });
        QVERIFY(it != out.end());
        QCOMPARE(it->serverState.value(QLatin1String("status")).toString(), QStringLiteral("in_progress"));
        if (round == 0) {
            QVERIFY(b->resolveConflict(it->mutationId, Store::Resolution::TakeTheirs));
            QCOMPARE(b->request(id)->status, QStringLiteral("in_progress"));
            QVERIFY(sb.syncOnce().ok());
            QCOMPARE(m_city->request(id)->status, QStringLiteral("in_progress"));
        } else {
            // "keep mine": in_progress → forwarded is allowed on top of the server's state.
            QVERIFY(b->resolveConflict(it->mutationId, Store::Resolution::KeepMine));
            QVERIFY(sb.syncOnce().ok());
            QCOMPARE(m_city->request(id)->status, QStringLiteral("forwarded"));
            QVERIFY(sa.syncOnce().ok());
            QCOMPARE(a->request(id)->status, QStringLiteral("forwarded")); // the other client sees it
        }
        QCOMPARE(b->outbox().pendingCount().value(), 0);
    }
}

void TestSyncPush::rejectedChangeRetriedOrDiscarded()
{
    auto store = newClient(QStringLiteral("a"));
    WaitingSession sync(*store, url());
    QVERIFY(sync.signIn(m_clerk, QStringLiteral("demo")));
    QVERIFY(sync.syncOnce().ok());
    const QString id = store->connection().scalar("SELECT id FROM requests LIMIT 1")->toString();
    const QString before = store->request(id)->assignee;
    // Nobody called "mallory" works in the team: the server refuses, and says what it has.
    QVERIFY(store->assign(id, QStringLiteral("mallory"), m_clerk).ok());
    QCOMPARE(store->request(id)->assignee, QStringLiteral("mallory")); // visible at once, offline too
    QVERIFY(sync.syncOnce().ok());
    QList<Mutation> problems = store->outbox().problemsOf(id).value();
    QCOMPARE(problems.size(), 1);
    QCOMPARE(problems.first().state, Mutation::State::Rejected);
    QVERIFY(problems.first().lastError.contains(QLatin1String("invalid_assignee")));
    QCOMPARE(problems.first().serverState.value(QLatin1String("id")).toString(), id);
    // Retry goes again under a new id and is refused again (nothing changed on the server).
    const QString firstId = problems.first().mutationId;
    QVERIFY(store->retryMutation(firstId).ok());
    QVERIFY(!store->retryMutation(firstId).ok());
    QCOMPARE(store->outbox().pendingCount().value(), 1);
    QVERIFY(sync.syncOnce().ok());
    problems = store->outbox().problemsOf(id).value();
    QCOMPARE(problems.size(), 1);
    QVERIFY(problems.first().mutationId != firstId);
    QCOMPARE(problems.first().state, Mutation::State::Rejected);
    // Discard: the local effect goes, the server's state comes back.
    QVERIFY(store->discardMutation(problems.first().mutationId).ok());
    QVERIFY(store->outbox().problemsOf(id).value().isEmpty());
    QCOMPARE(store->request(id)->assignee, before);
    QCOMPARE(m_city->request(id)->assignee, before);
    // A real colleague is accepted.
    QString colleague;
    for (const Clerk& c : m_city->clerksOfTeam(QStringLiteral("parkraum")))
        if (c.login != m_clerk)
            colleague = c.login;
    QVERIFY(!colleague.isEmpty());
    QVERIFY(store->assign(id, colleague, m_clerk).ok());
    QVERIFY(sync.syncOnce().ok());
    QCOMPARE(m_city->request(id)->assignee, colleague);
}

void TestSyncPush::annotationsSyncWithUndoAndReachColleagues()
{
    auto a = newClient(QStringLiteral("a")), b = newClient(QStringLiteral("b"));
    WaitingSession sa(*a, url()), sb(*b, url());
    QVERIFY(sa.signIn(m_clerk, QStringLiteral("demo")));
    QVERIFY(sb.signIn(m_clerk, QStringLiteral("demo")));
    QVERIFY(sa.syncOnce().ok());
    QVERIFY(sb.syncOnce().ok());
    const QString documentId = a->connection().scalar("SELECT id FROM documents LIMIT 1")->toString();
    QVERIFY(!documentId.isEmpty());

    // Offline on A: add, move, recolour, undo the recolour, delete, undo the delete — six changes
    // queued, each based on the version the one before it will leave on the server.
    AnnotationHistory history(*a, m_clerk);
    Annotation stamp;
    stamp.documentId = documentId;
    stamp.type = AnnotationType::Stamp;
    stamp.text = pdf::stampLabel(QStringLiteral("approved"));
    pdf::Geometry::setRect(stamp, QRectF(350, 600, 180, 60));
    auto added = history.add(stamp);
    QVERIFY2(added, qPrintable(added.errorString()));
    Annotation moved = added.value();
    pdf::Geometry::translate(moved, -100, 0);
    QVERIFY(history.change(added.value(), moved));
    Annotation green = a->annotation(added->id).value();
    green.color = QStringLiteral("#00aa00");
    QVERIFY(history.change(a->annotation(added->id).value(), green));
    history.stack()->undo();
    QVERIFY(history.remove(a->annotation(added->id).value()));
    history.stack()->undo();
    QCOMPARE(a->outbox().pendingCount().value(), 6);

    auto r = sa.syncOnce();
    QVERIFY2(r.ok(), qPrintable(r.error().message));
    QCOMPARE(r->pushed, 6);
    QCOMPARE(a->outbox().pendingCount().value(), 0);
    QCOMPARE(a->outboxCounts()->decisions(), 0);
    QCOMPARE(a->annotation(added->id)->version, 6); // created at 1, five changes later
    // The server has it as the clerk left it: moved, not recoloured, not deleted, by this clerk.
    QJsonObject body;
    {
        // (scoped: the server's connection reuses this statement for its feed)
        auto q = m_city->connection().query("SELECT body, version FROM annotations WHERE id = ?1");
        q.bindAll(added->id);
        QVERIFY(q.next());
        body = QJsonDocument::fromJson(q.text(0).toUtf8()).object();
        QCOMPARE(q.int64(1), 6);
    }
    QCOMPARE(body.value(QLatin1String("deleted")).toBool(), false);
    QCOMPARE(body.value(QLatin1String("author")).toString(), m_clerk);
    QCOMPARE(body.value(QLatin1String("text")).toString(), QStringLiteral("Genehmigt"));
    QCOMPARE(body.value(QLatin1String("color")).toString(), annotationColor(AnnotationType::Stamp));
    QCOMPARE(body.value(QLatin1String("geometry")).toObject().value(QLatin1String("rect")).toArray().first().toDouble(),
        250.0);

    // The colleague's client gets it with the next sync, in the same place.
    QVERIFY(sb.syncOnce().ok());
    const QList<Annotation> seen = b->annotations().of(documentId).value();
    auto it = std::find_if(seen.cbegin(), seen.cend(), [&](const Annotation& x) { return x.id == added->id; });
    QVERIFY(it != seen.cend());
    QCOMPARE(pdf::Geometry::rect(*it), QRectF(250, 600, 180, 60));
    QCOMPARE(it->version, 6);

    // B deletes it; A, which changes it at the same time, gets a conflict and takes B's state.
    AnnotationHistory historyB(*b, m_clerk);
    QVERIFY(historyB.remove(*it));
    QVERIFY(sb.syncOnce().ok());
    Annotation late = a->annotation(added->id).value();
    late.text = QStringLiteral("Geprüft");
    QVERIFY(a->updateAnnotation(late).ok());
    QVERIFY(sa.syncOnce().ok());
    QList<Mutation> out = a->outbox().all().value();
    auto conflict
        = std::find_if(out.begin(), out.end(), [](const Mutation& m) { return m.state == Mutation::State::Conflict; });
    QVERIFY(conflict != out.end());
    QVERIFY(a->resolveConflict(conflict->mutationId, Store::Resolution::TakeTheirs));
    const QList<Annotation> left = a->annotations().of(documentId).value();
    QVERIFY(std::none_of(left.cbegin(), left.cend(), [&](const Annotation& x) { return x.id == added->id; }));
    QVERIFY(a->annotation(added->id)->deleted);
}

// The longest note goes through whole; one character more is refused by the store with words for
// the clerk, and by the server (a client that does not check) as a refusal, never cut to fit.
void TestSyncPush::aNoteTooLongIsRefusedWholeNotCut()
{
    auto store = newClient(QStringLiteral("a"));
    WaitingSession sync(*store, url());
    QVERIFY(sync.signIn(m_clerk, QStringLiteral("demo")));
    QVERIFY(sync.syncOnce().ok());
    const QString id = store->connection().scalar("SELECT id FROM requests LIMIT 1")->toString();
    const QString longest = QString(kMaxNoteLength - 1, QLatin1Char('x')) + QLatin1Char('!');
    auto tooLong = store->addNote(id, longest + QLatin1Char('?'), m_clerk);
    QVERIFY(!tooLong.ok());
    QCOMPARE(tooLong.error().code, Error::Invalid);
    QVERIFY2(tooLong.errorString().contains(QLocale().toString(kMaxNoteLength)), qPrintable(tooLong.errorString()));
    QCOMPARE(store->outbox().pendingCount().value(), 0);
    QVERIFY(store->addNote(id, longest, m_clerk).ok());
    QVERIFY(sync.syncOnce().ok());
    auto whole = m_city->connection().query(
        "SELECT count(*) FROM notes WHERE length(json_extract(body, '$.text')) = ?1 AND body LIKE '%x!%'");
    QVERIFY(whole.bindAll(kMaxNoteLength).next());
    QCOMPARE(whole.int64(0), 1);
    QCOMPARE(store->outbox().pendingCount().value(), 0);

    Mutation m;
    m.mutationId = QStringLiteral("note-too-long");
    m.kind = QStringLiteral("note");
    m.op = QStringLiteral("create");
    m.targetId = QStringLiteral("note-too-long-id");
    m.data = { { QStringLiteral("request_id"), id }, { QStringLiteral("text"), longest + QLatin1Char('?') } };
    const MutationResult r = m_city->applyMutation(m_city->clerk(m_clerk).value(), m, m_clock.now());
    QCOMPARE(r.status, QStringLiteral("rejected"));
    QCOMPARE(r.reason, QStringLiteral("invalid_data"));
    QCOMPARE(r.params.value(QLatin1String("problem")).toString(), QStringLiteral("too_long"));
    QCOMPARE(r.params.value(QLatin1String("max")).toInt(), kMaxNoteLength);
    QCOMPARE(m_city->connection().scalar("SELECT count(*) FROM notes WHERE id = 'note-too-long-id'")->toInt(), 0);
}

QTEST_GUILESS_MAIN(TestSyncPush)
#include "tst_sync_push.moc"
