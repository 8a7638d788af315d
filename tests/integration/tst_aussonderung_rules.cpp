// The server's rules of an Aussonderung against hostile or careless steps (the attacker review of
// issue 22), on the real reference server store (SQLCipher, or PostgreSQL as
// tst_aussonderung_rules_pg): a ProzessID must be a UUID; the archive's reference is given once; a
// request in an Aussonderung is not reopened, later steps need it closed, and a profile purges only
// closed requests the archive took. A step the server refuses does not stay in the profile: the
// server's state takes its place.
#include "../common/HeldLocks.h"
#include "../common/QueryPlan.h"
#include "../common/TestCity.h"
#include "../common/Waiting.h"
#include "core/domain/Archiving.h"
#include "core/pdf/Annotations.h"
#include "core/store/ArchivingRecords.h"
#include "core/store/DocumentCache.h"
#include "core/store/Outbox.h"
#include "core/store/RequestPurge.h"
#include "core/store/Store.h"
#include "core/xdomea/XdomeaAussonderung.h"
#include "models/RefusalNames.h"
#include "server/Accounts.h"

#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QUuid>

using namespace clerk;
using namespace clerk::server;

namespace {

const QString kProcess = QStringLiteral("6d1f8a2e-0000-4000-8000-000000000001");

} // namespace

class TestAussonderungRules : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void processIdIsAUuid_data();
    void processIdIsAUuid();
    void archiveReferenceGivenOnce();
    void offerAgainOnlyOnPurpose();
    void noReopenWhileInProgress();
    void reopenAndOfferAtOnce();
    void laterStepsNeedClosed();
    void purgeNeedsClosed();
    void refusedOfferLeavesNoState();
    void refusedStepTakesTheServersState();

private:
    // A closed request of the parkraum team whose retention has ended (the server's clock moved
    // to 2030); its id, or an empty string.
    QString closedAndDue(bool advance = true);
    // A catalogue that lets a closed parking request be reopened (an authority may configure one).
    bool allowReopening();
    MutationResult apply(
        const QString& kind, const QString& op, const QString& target, const QJsonObject& data, qint64 baseVersion = 0);

    std::unique_ptr<testcity::City> m_server;
    Clerk m_clerk;
};

void TestAussonderungRules::initTestCase()
{
    QVERIFY(accounts::initialise());
}

void TestAussonderungRules::init()
{
    m_server = std::make_unique<testcity::City>();
    testcity::Options o;
    o.file = QStringLiteral("city/city.db");
    o.seed.seed = 7;
    o.seed.requests = 160;
    o.seed.today = QDate(2026, 11, 26);
    const QString failed = m_server->start(o);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    m_clerk = m_server->store->clerk(m_server->seed.demoLogins.first()).value();
    QVERIFY(m_clerk.teams.contains(QStringLiteral("parkraum")));
}

void TestAussonderungRules::cleanup()
{
    m_server.reset();
}

MutationResult TestAussonderungRules::apply(
    const QString& kind, const QString& op, const QString& target, const QJsonObject& data, qint64 baseVersion)
{
    Mutation m;
    m.mutationId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m.kind = kind;
    m.op = op;
    m.targetId = target;
    m.baseVersion = baseVersion;
    m.data = data;
    return m_server->store->applyMutation(m_clerk, m, m_server->clock.now());
}

QString TestAussonderungRules::closedAndDue(bool advance)
{
    const QHash<QString, QString> next { { QStringLiteral("received"), QStringLiteral("in_progress") },
        { QStringLiteral("in_progress"), QStringLiteral("approved") },
        { QStringLiteral("waiting"), QStringLiteral("in_progress") },
        { QStringLiteral("approved"), QStringLiteral("closed") } };
    QString id;
    for (const ChangeItem& item : m_server->store->changes(m_clerk, 0, 5000).items) {
        if (item.kind != QLatin1String("request") || !id.isEmpty())
            continue;
        auto r = m_server->store->request(item.id);
        if (r && r->serviceId == QLatin1String("bewohnerparken") && next.contains(r->status)
            && r->status != QLatin1String("approved"))
            id = r->id;
    }
    if (id.isEmpty())
        qWarning() << "no open request of the Bewohnerparkausweis";
    for (int guard = 0; guard < 6 && !id.isEmpty(); ++guard) {
        const Request r = m_server->store->request(id).value();
        if (r.status == QLatin1String("closed"))
            break;
        const MutationResult done = apply(QStringLiteral("request"), QStringLiteral("status"), id,
            { { QStringLiteral("status"), next.value(r.status) } }, r.version);
        if (done.status != QLatin1String("applied")) {
            qWarning() << "status" << r.status << done.reason << done.detail;
            return {};
        }
    }
    const QDateTime later(QDate(2030, 1, 7), QTime(9, 0), QTimeZone::UTC);
    if (advance)
        m_server->clock.advanceSecs(m_server->clock.now().secsTo(later));
    return id;
}

void TestAussonderungRules::processIdIsAUuid_data()
{
    QTest::addColumn<QString>("processId");
    QTest::addRow("a colon (an NTFS stream)") << QStringLiteral("x:y");
    QTest::addRow("a plain id") << QStringLiteral("process-1");
    QTest::addRow("braces") << QStringLiteral("{6d1f8a2e-0000-4000-8000-000000000001}");
    QTest::addRow("a line break") << kProcess + QStringLiteral("\n");
}

void TestAussonderungRules::processIdIsAUuid()
{
    QFETCH(QString, processId);
    const QString id = closedAndDue();
    QVERIFY(!id.isEmpty());
    const qint64 seq = m_server->store->lastSeq();
    MutationResult r = apply(
        QStringLiteral("archiving"), QStringLiteral("offer"), id, { { QStringLiteral("process_id"), processId } });
    QCOMPARE(r.status, QStringLiteral("rejected"));
    QCOMPARE(r.reason, QStringLiteral("invalid_data"));
    QCOMPARE(r.params.value(QLatin1String("field")).toString(), QStringLiteral("process_id"));
    QCOMPARE(m_server->store->lastSeq(), seq);
    // A UUID is taken.
    QCOMPARE(
        apply(QStringLiteral("archiving"), QStringLiteral("offer"), id, { { QStringLiteral("process_id"), kProcess } })
            .status,
        QStringLiteral("applied"));
}

void TestAussonderungRules::archiveReferenceGivenOnce()
{
    const QString id = closedAndDue();
    QVERIFY(!id.isEmpty());
    const QJsonObject process { { QStringLiteral("process_id"), kProcess } };
    QCOMPARE(
        apply(QStringLiteral("archiving"), QStringLiteral("offer"), id, process).status, QStringLiteral("applied"));
    QJsonObject assess = process;
    assess.insert(QStringLiteral("decision"), QStringLiteral("A"));
    QCOMPARE(
        apply(QStringLiteral("archiving"), QStringLiteral("assess"), id, assess).status, QStringLiteral("applied"));
    QCOMPARE(
        apply(QStringLiteral("archiving"), QStringLiteral("hand_over"), id, process).status, QStringLiteral("applied"));
    QJsonObject archive = process;
    archive.insert(QStringLiteral("archive_id"), QStringLiteral("StAS Best. 4711 Nr. 1"));
    MutationResult first = apply(QStringLiteral("archiving"), QStringLiteral("archive"), id, archive);
    QCOMPARE(first.status, QStringLiteral("applied"));
    // The same step again (another clerk imported the same 0506): applied, nothing changes.
    MutationResult same = apply(QStringLiteral("archiving"), QStringLiteral("archive"), id, archive);
    QCOMPARE(same.status, QStringLiteral("applied"));
    QCOMPARE(same.entity.value(QLatin1String("archive_id")).toString(), QStringLiteral("StAS Best. 4711 Nr. 1"));
    // Another reference under a new mutation id: refused, the first one stays.
    const qint64 seq = m_server->store->lastSeq();
    archive.insert(QStringLiteral("archive_id"), QStringLiteral("Fälschung"));
    MutationResult other = apply(QStringLiteral("archiving"), QStringLiteral("archive"), id, archive);
    QCOMPARE(other.status, QStringLiteral("rejected"));
    QCOMPARE(other.reason, QStringLiteral("archiving_step"));
    // With the state the server holds, for the client to put back in place of its own.
    QCOMPARE(other.entity.value(QLatin1String("archive_id")).toString(), QStringLiteral("StAS Best. 4711 Nr. 1"));
    QCOMPARE(other.entity.value(QLatin1String("state")).toString(), QStringLiteral("archived"));
    QCOMPARE(m_server->store->lastSeq(), seq);
    archive.remove(QStringLiteral("archive_id"));
    QCOMPARE(apply(QStringLiteral("archiving"), QStringLiteral("archive"), id, archive).reason,
        QStringLiteral("archiving_step"));
    QCOMPARE(m_server->store->lastSeq(), seq);
}

void TestAussonderungRules::offerAgainOnlyOnPurpose()
{
    // An offered request goes into another Aussonderung only when the step names the one it leaves,
    // only by the clerk who offered it, and only until the archive assessed it.
    const QString id = closedAndDue();
    QVERIFY(!id.isEmpty());
    const QString other = QStringLiteral("6d1f8a2e-0000-4000-8000-000000000002");
    const QString third = QStringLiteral("6d1f8a2e-0000-4000-8000-000000000003");
    QCOMPARE(
        apply(QStringLiteral("archiving"), QStringLiteral("offer"), id, { { QStringLiteral("process_id"), kProcess } })
            .status,
        QStringLiteral("applied"));
    const qint64 seq = m_server->store->lastSeq();
    const QList<QJsonObject> careless { { { QStringLiteral("process_id"), other } },
        { { QStringLiteral("process_id"), other }, { QStringLiteral("replaces"), third } } };
    for (const QJsonObject& data : careless) {
        const MutationResult r = apply(QStringLiteral("archiving"), QStringLiteral("offer"), id, data);
        QCOMPARE(r.status, QStringLiteral("rejected"));
        QCOMPARE(r.reason, QStringLiteral("archiving_process"));
        QCOMPARE(r.entity.value(QLatin1String("process_id")).toString(), kProcess);
    }
    QCOMPARE(m_server->store->lastSeq(), seq);
    // A colleague naming it: refused too (only the clerk who offered moves it).
    Clerk colleague;
    for (const Clerk& c : m_server->store->clerksOfTeam(QStringLiteral("parkraum")))
        if (c.login != m_clerk.login)
            colleague = c;
    QVERIFY(!colleague.login.isEmpty());
    std::swap(colleague, m_clerk);
    // (a repeat of the offer in the same Aussonderung first: applied, but it does not make it theirs)
    const MutationResult repeated = apply(
        QStringLiteral("archiving"), QStringLiteral("offer"), id, { { QStringLiteral("process_id"), kProcess } });
    const MutationResult stolen = apply(QStringLiteral("archiving"), QStringLiteral("offer"), id,
        { { QStringLiteral("process_id"), other }, { QStringLiteral("replaces"), kProcess } });
    std::swap(colleague, m_clerk);
    QCOMPARE(repeated.status, QStringLiteral("applied"));
    QCOMPARE(repeated.entity.value(QLatin1String("changed_by")).toString(), m_clerk.login);
    QCOMPARE(stolen.status, QStringLiteral("rejected"));
    QCOMPARE(stolen.reason, QStringLiteral("archiving_process"));
    const MutationResult moved = apply(QStringLiteral("archiving"), QStringLiteral("offer"), id,
        { { QStringLiteral("process_id"), other }, { QStringLiteral("replaces"), kProcess } });
    QCOMPARE(moved.status, QStringLiteral("applied"));
    QCOMPARE(moved.entity.value(QLatin1String("process_id")).toString(), other);
    QCOMPARE(moved.entity.value(QLatin1String("state")).toString(), QStringLiteral("offered"));
    // Assessed: no more moving.
    QCOMPARE(apply(QStringLiteral("archiving"), QStringLiteral("assess"), id,
                 { { QStringLiteral("process_id"), other }, { QStringLiteral("decision"), QStringLiteral("A") } })
                 .status,
        QStringLiteral("applied"));
    const MutationResult late = apply(QStringLiteral("archiving"), QStringLiteral("offer"), id,
        { { QStringLiteral("process_id"), third }, { QStringLiteral("replaces"), other } });
    QCOMPARE(late.status, QStringLiteral("rejected"));
    QCOMPARE(late.reason, QStringLiteral("archiving_step"));
}

bool TestAussonderungRules::allowReopening()
{
    auto parking = m_server->store->service(QStringLiteral("bewohnerparken"));
    if (!parking)
        return false;
    parking->transitions << WorkflowTransition { QStringLiteral("closed"), QStringLiteral("in_progress") };
    parking->version += 1;
    return bool(m_server->store->upsertService(parking.value()));
}

void TestAussonderungRules::noReopenWhileInProgress()
{
    QVERIFY(allowReopening());
    const QString id = closedAndDue();
    QVERIFY(!id.isEmpty());
    auto reopen = [&] {
        const qint64 version = m_server->store->request(id)->version;
        return apply(QStringLiteral("request"), QStringLiteral("status"), id,
            { { QStringLiteral("status"), QStringLiteral("in_progress") } }, version);
    };
    const QJsonObject process { { QStringLiteral("process_id"), kProcess } };
    QJsonObject assess = process;
    assess.insert(QStringLiteral("decision"), QStringLiteral("A"));
    const QList<QPair<QString, QJsonObject>> steps { { QStringLiteral("offer"), process },
        { QStringLiteral("assess"), assess }, { QStringLiteral("hand_over"), process } };
    for (const auto& [op, data] : steps) {
        QCOMPARE(apply(QStringLiteral("archiving"), op, id, data).status, QStringLiteral("applied"));
        const qint64 seq = m_server->store->lastSeq();
        MutationResult refused = reopen();
        QCOMPARE(refused.status, QStringLiteral("rejected"));
        QCOMPARE(refused.reason, QStringLiteral("archiving_in_progress"));
        QCOMPARE(refused.params.value(QLatin1String("process_id")).toString(), kProcess);
        QCOMPARE(m_server->store->request(id)->status, QStringLiteral("closed"));
        QCOMPARE(m_server->store->lastSeq(), seq);
        // The client has words of its own for it (not the fallback for codes it does not know).
        const QString words = RefusalNames::text(Refusal { refused.reason, refused.params, refused.detail });
        QVERIFY2(words.contains(QStringLiteral("Aussonderung that is not finished")), qPrintable(words));
    }
    // Once the archive has it, the Aussonderung is over.
    QJsonObject archive = process;
    archive.insert(QStringLiteral("archive_id"), QStringLiteral("StAS 1"));
    QCOMPARE(
        apply(QStringLiteral("archiving"), QStringLiteral("archive"), id, archive).status, QStringLiteral("applied"));
    QCOMPARE(reopen().status, QStringLiteral("applied"));
}

void TestAussonderungRules::reopenAndOfferAtOnce()
{
    // Two workers of a PostgreSQL server at once: one reopens a closed request, the other offers it.
    // Each reads what the other writes (the Aussonderung; the status), so both read before either
    // writes unless they take the request's row first: then one waits and reads what the other
    // committed. An open request in an Aussonderung must not come of it.
    if (!m_server->postgres)
        QSKIP("the SQLite server runs one change at a time (tst_aussonderung_rules_pg runs this)");
    QVERIFY(allowReopening());
    const QString id = closedAndDue();
    QVERIFY(!id.isEmpty());
    const qint64 version = m_server->store->request(id)->version;

    Mutation reopen;
    reopen.mutationId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    reopen.kind = QStringLiteral("request");
    reopen.op = QStringLiteral("status");
    reopen.targetId = id;
    reopen.baseVersion = version;
    reopen.data = { { QStringLiteral("status"), QStringLiteral("in_progress") } };
    Mutation offer;
    offer.mutationId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    offer.kind = QStringLiteral("archiving");
    offer.op = QStringLiteral("offer");
    offer.targetId = id;
    offer.data = { { QStringLiteral("process_id"), kProcess } };
    const QDateTime now = m_server->clock.now();
    Result<QList<MutationResult>> results[2] = { Error {}, Error {} };
    // Both wait for the row (without the lock the offer would not wait at all, and commit).
    const QString overlapped = testpg::whileRowHeld(m_server->conninfo, id, 2,
        { [&] { results[0] = m_server->store->applyMutations(m_clerk, { reopen }, now); },
            [&] { results[1] = m_server->store->applyMutations(m_clerk, { offer }, now); } });
    QVERIFY2(overlapped.isEmpty(), qPrintable(overlapped));

    QStringList statuses;
    for (const auto& r : results) {
        QVERIFY2(r, qPrintable(r ? QString() : r.error().message));
        statuses << r->first().status;
    }
    QVERIFY2(statuses.count(QStringLiteral("applied")) == 1, qPrintable(statuses.join(QLatin1Char(' '))));
    const bool reopened = m_server->store->request(id)->status != QLatin1String("closed");
    const QVariant state
        = m_server->scalar(QStringLiteral("SELECT count(*) FROM archiving WHERE request_id = ?1"), { id });
    QVERIFY2(!(reopened && state.toInt() > 0), "an open request stands in an Aussonderung");
}

void TestAussonderungRules::laterStepsNeedClosed()
{
    // A request that is not closed (reopened where the server did not guard it yet, or by an
    // older server) goes no further in its Aussonderung.
    archiving::Subject subject;
    subject.request.id = QStringLiteral("r-1");
    subject.request.status = QStringLiteral("in_progress");
    ArchivingState offered;
    offered.requestId = subject.request.id;
    offered.state = QLatin1String(archiving::kOffered);
    offered.processId = kProcess;
    ArchivingState assessed = offered;
    assessed.state = QLatin1String(archiving::kAssessed);
    assessed.decision = QStringLiteral("A");
    ArchivingState handedOver = assessed;
    handedOver.state = QLatin1String(archiving::kHandedOver);
    const QList<QPair<ArchivingState, QString>> cases { { offered, QStringLiteral("assess") },
        { assessed, QStringLiteral("hand_over") }, { handedOver, QStringLiteral("archive") } };
    for (const auto& [current, op] : cases) {
        Mutation m;
        m.kind = QStringLiteral("archiving");
        m.op = op;
        m.data = { { QStringLiteral("process_id"), kProcess }, { QStringLiteral("decision"), QStringLiteral("A") } };
        auto next = archiving::step(current, subject, m, QStringLiteral("clerk"), m_server->clock.now());
        const Refusal* refusal = std::get_if<Refusal>(&next);
        QVERIFY2(refusal, qPrintable(op));
        QCOMPARE(refusal->reason, QStringLiteral("archiving_not_closed"));
        QVERIFY(RefusalNames::text(*refusal).contains(QStringLiteral("no longer closed")));
        subject.request.status = QStringLiteral("closed");
        QVERIFY(std::holds_alternative<ArchivingState>(
            archiving::step(current, subject, m, QStringLiteral("clerk"), m_server->clock.now())));
        subject.request.status = QStringLiteral("in_progress");
    }
}

void TestAussonderungRules::purgeNeedsClosed()
{
    // A profile purges a request the archive took only while it is closed.
    QTemporaryDir dir;
    Store local(dir.filePath(QStringLiteral("profile.db")));
    QVERIFY(local.create("client-passphrase"));
    QList<Request> requests;
    QList<ArchivingState> states;
    for (const char* status : { "closed", "in_progress" }) {
        Request r;
        r.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        r.reference = QStringLiteral("STU-2026-%1").arg(QLatin1String(status));
        r.serviceId = QStringLiteral("bewohnerparken");
        r.teamId = QStringLiteral("parkraum");
        r.channel = QStringLiteral("portal");
        r.submittedAt = QDateTime(QDate(2026, 1, 5), QTime(9, 0), QTimeZone::UTC);
        r.status = QLatin1String(status);
        r.version = 3;
        requests << r;
        ArchivingState s;
        s.requestId = r.id;
        s.teamId = r.teamId;
        s.state = QLatin1String(archiving::kArchived);
        s.processId = kProcess;
        s.decision = QStringLiteral("A");
        s.version = 4;
        states << s;
    }
    QVERIFY(local.upsertRequests(requests));
    QVERIFY(ArchivingRecords(local).upsert(states));
    // The clerk's note on the closed one, not yet sent: the request stays until it is (the note
    // refers to it by request_id, not as its target).
    auto note = local.notes().add(
        requests.at(0).id, QStringLiteral("Akte an das Archiv, Rückfrage offen"), QStringLiteral("clerk"));
    QVERIFY2(note.ok(), qPrintable(note.errorString()));
    auto purged = RequestPurge(local).purgeArchived();
    QVERIFY2(purged.ok(), qPrintable(purged.errorString()));
    QCOMPARE(purged.value(), 0);
    QVERIFY(local.request(requests.at(0).id).ok());
    // Refused by the server: still the clerk's to decide on (retry or discard), so still kept.
    QVERIFY(local.outbox().markSent({ note.value() }));
    Outbox::Answer refused { note->mutationId, note->kind, note->targetId, Mutation::State::Rejected, 0,
        QStringLiteral("refused for the test"), {} };
    QVERIFY(local.outbox().recordAnswers({ refused }));
    QCOMPARE(RequestPurge(local).purgeArchived().value(), 0);
    // Refused changes are looked up by their partial indexes, not by walking every refused change of
    // the outbox (they may be thousands, kept until the clerk decides), also with a large profile's
    // statistics (the unanswered ones are a queue of a few; how they are found is the planner's choice).
    QVERIFY(local.connection().exec(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000) "
        "INSERT INTO outbox(mutation_id, kind, op, target_id, base_version, data, created_at, state) "
        "SELECT 'refused-' || i, 'note', 'create', 'n-' || i, 0, json_object('request_id', 'other-' || i), 0, "
        "'rejected' FROM n"));
    for (const bool analyzed : { false, true }) {
        if (analyzed)
            QVERIFY(testsql::analyzeAsALargeStore(local.connection()));
        const QString steps
            = testsql::queryPlan(local.connection(), QString::fromLatin1(RequestPurge::archivedSql()), 0);
        QVERIFY2(steps.contains(QLatin1String("INDEX outbox_problem_target")), qPrintable(steps));
        QVERIFY2(steps.contains(QLatin1String("INDEX outbox_problem_request")), qPrintable(steps));
        // From the Aussonderung states to their requests by id, not through every closed request.
        QVERIFY2(steps.startsWith(QLatin1String("SCAN a;SEARCH r USING INDEX sqlite_autoindex_requests_1 (id=?);")),
            qPrintable(steps));
        QVERIFY2(!steps.contains(QLatin1String("requests_status")), qPrintable(steps));
    }
    // Discarded: the note no longer holds it. An annotation not yet sent on one of its documents does
    // (its change names the annotation and the document, not the request).
    QVERIFY(local.outbox().discard(note->mutationId));
    Document letter;
    letter.id = QStringLiteral("doc-closed-letter");
    letter.requestId = requests.at(0).id;
    letter.title = QStringLiteral("Bescheid");
    letter.kind = QStringLiteral("attachment");
    letter.mimeType = QStringLiteral("application/pdf");
    letter.version = 1;
    QVERIFY(DocumentCache(local).upsertDocuments({ letter }));
    Annotation mark;
    mark.documentId = letter.id;
    mark.type = AnnotationType::Rect;
    pdf::Geometry::setRect(mark, QRectF(10, 10, 100, 50));
    auto annotated = local.annotations().create(mark, QStringLiteral("clerk"));
    QVERIFY2(annotated.ok(), qPrintable(annotated.errorString()));
    QCOMPARE(RequestPurge(local).purgeArchived().value(), 0);
    QVERIFY(local.request(requests.at(0).id).ok());
    // Sent and applied: now the closed one goes, the one in progress stays.
    QVERIFY(local.outbox().markSent({ annotated.value() }));
    Outbox::Answer applied { annotated->mutationId, annotated->kind, annotated->targetId, Mutation::State::Applied, 1,
        {}, {} };
    QVERIFY(local.outbox().recordAnswers({ applied }));
    purged = RequestPurge(local).purgeArchived();
    QVERIFY2(purged.ok(), qPrintable(purged.errorString()));
    QCOMPARE(purged.value(), 1);
    QVERIFY(!local.request(requests.at(0).id).ok());
    QVERIFY(local.request(requests.at(1).id).ok());
}

void TestAussonderungRules::refusedOfferLeavesNoState()
{
    // The review's case: the clerk offers a request the server will not take (a colleague reopened
    // it meanwhile); the profile kept "offered" and went on with the archive's answer.
    QVERIFY(allowReopening());
    const QString id = closedAndDue();
    QVERIFY(!id.isEmpty());
    ManualClock clientClock;
    clientClock.advanceSecs(clientClock.now().secsTo(m_server->clock.now()));
    QTemporaryDir dir;
    Store a(dir.filePath(QStringLiteral("a.db")), clientClock);
    QVERIFY(a.create("client-passphrase"));
    WaitingSession sa(a, m_server->url());
    QVERIFY(sa.signIn(m_clerk.login, QStringLiteral("demo")));
    QVERIFY(sa.syncOnce());
    QCOMPARE(a.request(id)->status, QStringLiteral("closed"));
    // Reopened on the server (no Aussonderung yet: allowed), not yet seen by this profile.
    QCOMPARE(apply(QStringLiteral("request"), QStringLiteral("status"), id,
                 { { QStringLiteral("status"), QStringLiteral("in_progress") } }, m_server->store->request(id)->version)
                 .status,
        QStringLiteral("applied"));
    const xdomea::Authority us { QStringLiteral("Landeshauptstadt Stuttgart"), QStringLiteral("LHS"),
        QStringLiteral("ags:"), QStringLiteral("08111000"), {} };
    const xdomea::Authority archive { QStringLiteral("Stadtarchiv Stuttgart"), QStringLiteral("StAS"), {}, {}, {} };
    auto offered = xdomea::offer(a, { id }, us, archive, kProcess, dir.path());
    QVERIFY2(offered, qPrintable(offered.errorString()));
    QCOMPARE(ArchivingRecords(a).of(id)->value().state, QStringLiteral("offered"));
    auto report = sa.syncOnce();
    QVERIFY(report);
    QCOMPARE(report->rejected, 1);
    // The server holds no Aussonderung for it: neither does the profile.
    QVERIFY(!ArchivingRecords(a).of(id).value().has_value());
    QCOMPARE(a.request(id)->status, QStringLiteral("in_progress"));
}

void TestAussonderungRules::refusedStepTakesTheServersState()
{
    // The profile pulled "offered" (version 1) and recorded its own assessment (version 2); the
    // server refuses it (a colleague assessed "V" first) and answers with its state: that replaces
    // the profile's, which the feed alone would never have (its version is lower).
    QTemporaryDir dir;
    Store local(dir.filePath(QStringLiteral("profile.db")));
    QVERIFY(local.create("client-passphrase"));
    ArchivingState offered;
    offered.requestId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    offered.teamId = QStringLiteral("parkraum");
    offered.state = QLatin1String(archiving::kOffered);
    offered.processId = kProcess;
    offered.version = 1;
    QVERIFY(ArchivingRecords(local).upsert({ offered }));
    ArchivingState mine = offered;
    mine.state = QLatin1String(archiving::kAssessed);
    mine.decision = QStringLiteral("A");
    mine.version = 2;
    QVERIFY(ArchivingRecords(local).record({ ArchivingRecords::Step { mine, QStringLiteral("assess"),
        { { QStringLiteral("process_id"), kProcess }, { QStringLiteral("decision"), QStringLiteral("A") } } } }));
    QCOMPARE(ArchivingRecords(local).of(offered.requestId)->value().decision, QStringLiteral("A"));
    auto pending = local.outbox().all(10);
    QVERIFY(pending);
    QCOMPARE(pending->size(), 1);
    ArchivingState theirs = offered;
    theirs.state = QLatin1String(archiving::kAssessed);
    theirs.decision = QStringLiteral("V");
    theirs.version = 2;
    Outbox::Answer refused;
    refused.mutationId = pending->first().mutationId;
    refused.kind = QStringLiteral("archiving");
    refused.targetId = offered.requestId;
    refused.state = Mutation::State::Rejected;
    refused.error = QStringLiteral("archiving_step");
    refused.serverState = archiving::encode(theirs);
    QVERIFY(local.outbox().recordAnswers({ refused }));
    const ArchivingState now = ArchivingRecords(local).of(offered.requestId)->value();
    QCOMPARE(now.decision, QStringLiteral("V"));
    QCOMPARE(now.version, 2);
}

QTEST_GUILESS_MAIN(TestAussonderungRules)
#include "tst_aussonderung_rules.moc"
