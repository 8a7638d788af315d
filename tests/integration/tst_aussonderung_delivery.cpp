// The files for the archive that wait for the server (0501, 0503 held as ".pending"), on the real
// reference server over loopback (SQLCipher, or PostgreSQL as tst_aussonderung_delivery_pg) and
// real SQLCipher profiles: a request leaves the profile only once the server took it; the server's
// clock decides the offer; a released file never replaces what is in the folder; a folder that
// cannot be reached or a file changed since it was written keeps the file held, and the clerk is
// told; a refused step of the clerk's withdraws the file; an offer whose list was withdrawn is made
// again under a new ProzessID.
#include "AussonderungFixture.h"
#include "core/store/ArchivingRecords.h"
#include "core/store/DocumentCache.h"
#include "core/store/Outbox.h"
#include "core/store/RequestPurge.h"
#include "core/store/Sql.h"
#include "core/xdomea/XdomeaArchiving.h"
#include "models/RefusalNames.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QTimeZone>
#include <QUuid>
#include <sys/stat.h>
#include <unistd.h>

using namespace clerk;
using namespace clerk::server;
using namespace clerk::aussonderungtest;

class TestAussonderungDelivery : public QObject, private Fixture
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        const QString missing = prepare();
        QVERIFY2(missing.isEmpty(), qPrintable(missing));
    }
    void init()
    {
        const QString failed = start();
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
    }
    void cleanup() { stop(); }
    void purgedOnlyWhenTheServerTookIt();
    void serverClockDecidesTheOffer();
    void fileInTheWayIsKept_data();
    void fileInTheWayIsKept();
    void unreachableFolderWaits();
    void linkAtTheHeldNameIsNotWrittenThrough();
    void changedFileIsNotReleased_data();
    void changedFileIsNotReleased();
    void refusedStepIsNotReleased();
    void withdrawnOfferOffersAgain();
};

void TestAussonderungDelivery::purgedOnlyWhenTheServerTookIt()
{
    // Clerk A works offline from the offer on: imports the archive's assessment (both "A") and its
    // confirmation (both taken over). Meanwhile a colleague recorded "V" for the second request on
    // the server. The sync applies the first request's steps (it leaves the profile) and refuses
    // the second's (it stays, and the clerk reads why).
    Offered o = offeredProfile(QStringLiteral("offline"));
    QVERIFY(!o.pid.isEmpty());
    auto& a = o.store;
    auto& sa = o.sync;
    const QStringList& ids = o.ids;
    const QString& pid = o.pid;
    for (int i = 0; i < 2; ++i)
        for (const Document& d : DocumentCache(*a).documentsOf(ids.at(i)))
            QVERIFY(sa->fetchDocument(d.id));
    Mutation v;
    v.mutationId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    v.kind = QStringLiteral("archiving");
    v.op = QStringLiteral("assess");
    v.targetId = ids.at(1);
    v.data = { { QStringLiteral("process_id"), pid }, { QStringLiteral("decision"), QStringLiteral("V") } };
    const Clerk colleague = m_server->store->clerk(teamMate(m_clerk)).value();
    QCOMPARE(m_server->store->applyMutation(colleague, v, m_server->clock.now()).status, QStringLiteral("applied"));

    const QString out = m_dir.filePath(QStringLiteral("offline-out"));
    QDir().mkpath(out);
    const QString assessment
        = write(bewertung(pid, { { ids.at(0), QStringLiteral("A") }, { ids.at(1), QStringLiteral("A") } }),
            pid + QStringLiteral("_Aussonderung.Bewertungsverzeichnis.0502.xml"));
    auto assessed = xdomea::importAssessment(*a, assessment, m_us, out);
    QVERIFY2(assessed, qPrintable(assessed.errorString()));
    const QString confirmation
        = write(bestaetigung(pid, { { ids.at(0), true }, { ids.at(1), true } }), QStringLiteral("offline-0506.xml"));
    auto confirmed = xdomea::importConfirmation(*a, confirmation);
    QVERIFY2(confirmed, qPrintable(confirmed.errorString()));
    QCOMPARE(confirmed->archived, (QStringList { ids.at(0), ids.at(1) }));
    QVERIFY(QFile::exists(assessed->heldPath));
    QVERIFY(!QFile::exists(assessed->zipPath));
    // Imported offline: both still here, the purge waits for the server.
    QCOMPARE(RequestPurge(*a).purgeArchived().value(), 0);
    QVERIFY(a->request(ids.at(0)));
    QVERIFY(a->request(ids.at(1)));

    // The push's answers alone take the first one off this computer.
    auto pushed = sa->push();
    QVERIFY(pushed);
    QCOMPARE(pushed.value(), 6);
    QVERIFY(!a->request(ids.at(0)));
    QVERIFY(a->request(ids.at(1)));
    auto counts = a->outbox().counts();
    QVERIFY(counts);
    QCOMPARE(counts->unsent, 0);
    QCOMPARE(counts->rejected, 3); // assess, hand_over and archive of the second
    // The delivery holds the second request, whose hand-over the server refused: never written.
    QVERIFY(!QFile::exists(assessed->heldPath));
    QVERIFY(!QFile::exists(assessed->zipPath));
    QCOMPARE(QDir(out).entryList(QDir::Files), QStringList());
    auto history = a->timeline().of(ids.at(1));
    QVERIFY(history);
    int withdrawn = 0;
    for (const TimelineEvent& e : history.value())
        withdrawn += e.kind == QLatin1String("archive_delivery") && e.text.contains(QLatin1String("withdrawn"));
    QCOMPARE(withdrawn, 1);
    auto report = sa->syncOnce();
    QVERIFY(report);
    QCOMPARE(report->purged, 0);
    QVERIFY(a->request(ids.at(1)));
    // The profile holds the server's state of the second request, and the clerk sees the refusals.
    const ArchivingState kept = ArchivingRecords(*a).of(ids.at(1))->value();
    QCOMPARE(kept.state, QStringLiteral("assessed"));
    QCOMPARE(kept.decision, QStringLiteral("V"));
    auto problems = a->outbox().problemsOf(ids.at(1));
    QVERIFY(problems);
    QCOMPARE(problems->size(), 3);
    for (const Mutation& m : problems.value())
        QCOMPARE(RefusalNames::text(m),
            RefusalNames::tr("This step of the Aussonderung does not fit where the request stands (another clerk may "
                             "have taken it further)."));
    // A later clean-up does not take it either.
    QCOMPARE(RequestPurge(*a).purgeArchived().value(), 0);
    QVERIFY(a->request(ids.at(1)));
}

void TestAussonderungDelivery::serverClockDecidesTheOffer()
{
    // The profile's clock runs years ahead of the server's: the profile (by the store's clock, not
    // the computer's, which is still before the period's end) lets the clerk offer; the server, by
    // its own clock, refuses, and the profile keeps no Aussonderung for the request.
    Closed c = closedProfile(QStringLiteral("clock"));
    QVERIFY(!c.id.isEmpty());
    auto& a = c.store;
    auto& sa = c.sync;
    const QStringList ids { c.id };
    // The day before the period ends by the store's clock: not offerable; a week after: offerable.
    // Whatever the computer's own date, one of the two fails if that date were used instead.
    m_clientClock.advanceSecs(m_clientClock.now().secsTo(QDateTime(QDate(2029, 12, 30), QTime(9, 0), QTimeZone::UTC)));
    auto early = xdomea::offerCandidates(*a, ids);
    QVERIFY(early);
    QCOMPARE(early->size(), 1);
    QVERIFY(!early->first().offerable);
    m_clientClock.advanceSecs(m_clientClock.now().secsTo(QDateTime(QDate(2030, 1, 7), QTime(9, 0), QTimeZone::UTC)));
    auto candidates = xdomea::offerCandidates(*a, ids);
    QVERIFY(candidates);
    QCOMPARE(candidates->size(), 1);
    QVERIFY2(candidates->first().offerable, qPrintable(candidates->first().why));
    QCOMPARE(candidates->first().retentionEnd, QDate(2029, 12, 31));
    auto offered = xdomea::offer(*a, ids, m_us, m_archive, xdomea::newProcessId(), m_dir.path());
    QVERIFY2(offered, qPrintable(offered.errorString()));
    QCOMPARE(ArchivingRecords(*a).of(ids.first())->value().state, QStringLiteral("offered"));

    QVERIFY(QFile::exists(offered->heldPath));
    auto report = sa->syncOnce();
    QVERIFY(report);
    QCOMPARE(report->rejected, 1);
    QVERIFY(!ArchivingRecords(*a).of(ids.first()).value().has_value());
    // The offer list never reaches the archive: withdrawn, and the Verlauf says so.
    QCOMPARE(report->withdrawn, QStringList { offered->zipPath });
    QCOMPARE(report->released, QStringList());
    QVERIFY(!QFile::exists(offered->heldPath));
    QVERIFY(!QFile::exists(offered->zipPath));
    QCOMPARE(archiveDeliveryEntries(*a, ids.first(), QStringLiteral("offer list for the archive")), 1);
    auto problems = a->outbox().problemsOf(ids.first());
    QVERIFY(problems);
    QCOMPARE(problems->size(), 1);
    QCOMPARE(RefusalNames::text(problems->first()),
        RefusalNames::tr("The request must be kept until %1; it cannot be offered to the archive yet.")
            .arg(QStringLiteral("31.12.2029")));
}

void TestAussonderungDelivery::fileInTheWayIsKept_data()
{
    QTest::addColumn<QString>("inTheWay");
    QTest::addRow("an older list") << QStringLiteral("file");
    QTest::addRow("a folder") << QStringLiteral("folder");
    QTest::addRow("a link that points nowhere") << QStringLiteral("dangling");
}

void TestAussonderungDelivery::fileInTheWayIsKept()
{
    // Something of the offer list's name is in the folder when the server accepts the offer: it
    // stays as it is (a link is not written through), and the list is released under the next free
    // name.
    QFETCH(QString, inTheWay);
    Closed c = closedProfile(QStringLiteral("way-") + inTheWay);
    QVERIFY(!c.id.isEmpty());
    yearsLater();
    QVERIFY(c.sync->signIn(m_clerk, QStringLiteral("demo")));
    const QString out = m_dir.filePath(QStringLiteral("way-out-") + inTheWay);
    QVERIFY(QDir().mkpath(out));
    auto offered = xdomea::offer(*c.store, { c.id }, m_us, m_archive, xdomea::newProcessId(), out);
    QVERIFY2(offered, qPrintable(offered.errorString()));
    const QString target = m_dir.filePath(QStringLiteral("link-target-") + inTheWay + QStringLiteral(".zip"));
    if (inTheWay == QLatin1String("file"))
        QVERIFY(!write(
            "an older list", QFileInfo(out).fileName() + QLatin1Char('/') + QFileInfo(offered->zipPath).fileName())
                .isEmpty());
    else if (inTheWay == QLatin1String("folder"))
        QVERIFY(QDir().mkpath(offered->zipPath));
    else
        QVERIFY(QFile::link(target, offered->zipPath));

    auto accepted = c.sync->syncOnce();
    QVERIFY(accepted);
    QCOMPARE(accepted->applied, 1);
    const QString second = offered->zipPath.chopped(4) + QStringLiteral(" (2).zip");
    QCOMPARE(accepted->released, QStringList { second });
    QCOMPARE(accepted->held, QStringList());
    const QFileInfo kept(offered->zipPath);
    if (inTheWay == QLatin1String("file")) {
        QFile older(offered->zipPath);
        QVERIFY(older.open(QIODevice::ReadOnly));
        QCOMPARE(older.readAll(), QByteArray("an older list"));
    } else if (inTheWay == QLatin1String("folder")) {
        QVERIFY(kept.isDir());
    } else {
        QVERIFY(kept.isSymLink());
        QVERIFY(!QFileInfo::exists(target)); // nothing written through the link
    }
    QVERIFY(QFileInfo(second).isFile());
    QVERIFY(!QFileInfo(second).isSymLink());
    QVERIFY(!QFile::exists(offered->heldPath));
    QCOMPARE(archiveDeliveryEntries(*c.store, c.id, QFileInfo(second).fileName()), 1);
}
void TestAussonderungDelivery::linkAtTheHeldNameIsNotWrittenThrough()
{
    // Somebody put a link that points nowhere where the offer list is written: the offer is refused
    // with the reason, nothing is written through the link, and nothing is recorded.
    Closed c = closedProfile(QStringLiteral("link"));
    QVERIFY(!c.id.isEmpty());
    yearsLater();
    const QString out = m_dir.filePath(QStringLiteral("link-out"));
    QVERIFY(QDir().mkpath(out));
    const QString pid = xdomea::newProcessId();
    const QString held
        = QDir(out).filePath(xdomea::anbieteverzeichnisZipName(pid)) + QLatin1String(ArchivingRecords::kHeldSuffix);
    const QString target = m_dir.filePath(QStringLiteral("somebody-elses.zip"));
    QVERIFY(QFile::link(target, held));
    auto offered = xdomea::offer(*c.store, { c.id }, m_us, m_archive, pid, out);
    QVERIFY(!offered);
    QVERIFY2(offered.error().detail.contains(QLatin1String("in the way")), qPrintable(offered.error().detail));
    QVERIFY(!QFileInfo::exists(target));
    QVERIFY(QFileInfo(held).isSymLink());
    QVERIFY(!ArchivingRecords(*c.store).of(c.id).value().has_value());
    QCOMPARE(outboxRows(*c.store), 0);
}

void TestAussonderungDelivery::unreachableFolderWaits()
{
    // The folder of the held file is gone when the server's answer comes (a network drive not
    // mounted): the file stays held, the clerk is told why, and a later sync releases it.
    Closed c = closedProfile(QStringLiteral("away"));
    QVERIFY(!c.id.isEmpty());
    yearsLater();
    QVERIFY(c.sync->signIn(m_clerk, QStringLiteral("demo")));
    const QString out = m_dir.filePath(QStringLiteral("away-out"));
    QVERIFY(QDir().mkpath(out));
    auto offered = xdomea::offer(*c.store, { c.id }, m_us, m_archive, xdomea::newProcessId(), out);
    QVERIFY2(offered, qPrintable(offered.errorString()));
    QVERIFY(QDir().rename(out, out + QStringLiteral("-unmounted")));

    auto accepted = c.sync->syncOnce();
    QVERIFY(accepted);
    QCOMPARE(accepted->applied, 1);
    QCOMPARE(accepted->released, QStringList());
    QCOMPARE(accepted->withdrawn, QStringList());
    QCOMPARE(accepted->held.size(), 1);
    QVERIFY2(accepted->held.first().contains(QLatin1String("cannot be reached")), qPrintable(accepted->held.first()));
    QCOMPARE(archiveDeliveryEntries(*c.store, c.id, QStringLiteral("offer")), 0);

    QVERIFY(QDir().rename(out + QStringLiteral("-unmounted"), out));
    auto later = c.sync->syncOnce();
    QVERIFY(later);
    QCOMPARE(later->pushed, 0);
    QCOMPARE(later->released, QStringList { offered->zipPath });
    QCOMPARE(later->held, QStringList());
    QVERIFY(QFileInfo(offered->zipPath).isFile());
    QCOMPARE(archiveDeliveryEntries(*c.store, c.id, QStringLiteral("accepted the offer")), 1);
    auto again = c.sync->syncOnce();
    QVERIFY(again);
    QCOMPARE(again->released, QStringList());
}

void TestAussonderungDelivery::changedFileIsNotReleased_data()
{
    QTest::addColumn<QString>("change");
    QTest::addRow("other bytes") << QStringLiteral("bytes");
    QTest::addRow("a link to a copy") << QStringLiteral("link");
    QTest::addRow("a second name") << QStringLiteral("hardlink");
    QTest::addRow("a pipe") << QStringLiteral("pipe"); // (opened as a file, it would hold the sync)
}

void TestAussonderungDelivery::changedFileIsNotReleased()
{
    // The held file was changed after ClerkDesk wrote it, or replaced by a link to a copy (whose
    // bytes are the same, and which its owner could change after the release), or given a second
    // name somebody else holds: not released under the name the archive is sent, the clerk is told
    // once, and the requests of the offer may be offered again.
    QFETCH(QString, change);
    Closed c = closedProfile(QStringLiteral("changed-") + change);
    QVERIFY(!c.id.isEmpty());
    yearsLater();
    QVERIFY(c.sync->signIn(m_clerk, QStringLiteral("demo")));
    const QString out = m_dir.filePath(QStringLiteral("changed-out-") + change);
    QVERIFY(QDir().mkpath(out));
    const QString pid = xdomea::newProcessId();
    auto offered = xdomea::offer(*c.store, { c.id }, m_us, m_archive, pid, out);
    QVERIFY2(offered, qPrintable(offered.errorString()));
    const QString copy = m_dir.filePath(QStringLiteral("somebody-else-") + change + QStringLiteral(".zip"));
    if (change == QLatin1String("bytes")) {
        QFile held(offered->heldPath);
        QVERIFY(held.open(QIODevice::WriteOnly | QIODevice::Truncate));
        QVERIFY(held.write("PK\x03\x04 not what ClerkDesk wrote") > 0);
    } else if (change == QLatin1String("link")) {
        QVERIFY(QFile::copy(offered->heldPath, copy));
        QVERIFY(QFile::remove(offered->heldPath));
        QVERIFY(QFile::link(copy, offered->heldPath));
    } else if (change == QLatin1String("hardlink")) {
        QVERIFY(::link(QFile::encodeName(offered->heldPath).constData(), QFile::encodeName(copy).constData()) == 0);
    } else {
        QVERIFY(QFile::remove(offered->heldPath));
        QVERIFY(::mkfifo(QFile::encodeName(offered->heldPath).constData(), 0600) == 0);
    }

    auto report = c.sync->syncOnce();
    QVERIFY(report);
    QCOMPARE(report->applied, 1);
    QCOMPARE(report->released, QStringList());
    QCOMPARE(report->held.size(), 1);
    QVERIFY2(report->held.first().contains(QLatin1String("changed after ClerkDesk wrote it")),
        qPrintable(report->held.first()));
    QCOMPARE(archiveDeliveryEntries(*c.store, c.id, QStringLiteral("changed after ClerkDesk wrote it")), 1);
    auto again = c.sync->syncOnce();
    QVERIFY(again);
    QCOMPARE(again->held, QStringList());
    QVERIFY(!QFileInfo(offered->zipPath).exists());
    QVERIFY(!QFileInfo(offered->zipPath).isSymLink());
    auto candidates = xdomea::offerCandidates(*c.store, { c.id });
    QVERIFY(candidates);
    QCOMPARE(candidates->first().replaces, pid);
}
void TestAussonderungDelivery::refusedStepIsNotReleased()
{
    // Clerk A imports the archive's assessment offline; meanwhile a colleague takes the same
    // Aussonderung on the server through hand-over to "archived". A's assessment and hand-over are
    // refused, yet the server's state is one the delivery stands for ("archived"): A's 0503 is
    // withdrawn, not released — the archive gets the colleague's delivery, not a second one.
    Offered o = offeredProfile(QStringLiteral("refused"));
    QVERIFY(!o.pid.isEmpty());
    for (const Document& d : DocumentCache(*o.store).documentsOf(o.ids.at(0)))
        QVERIFY(o.sync->fetchDocument(d.id));
    const Clerk colleague = m_server->store->clerk(teamMate(m_clerk)).value();
    const QList<QPair<QString, QJsonObject>> steps {
        { QStringLiteral("assess"),
            { { QStringLiteral("process_id"), o.pid }, { QStringLiteral("decision"), QStringLiteral("A") } } },
        { QStringLiteral("hand_over"), { { QStringLiteral("process_id"), o.pid } } },
        { QStringLiteral("archive"),
            { { QStringLiteral("process_id"), o.pid }, { QStringLiteral("archive_id"), QStringLiteral("StAS 1") } } }
    };
    for (const auto& [op, data] : steps) {
        Mutation m;
        m.mutationId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        m.kind = QStringLiteral("archiving");
        m.op = op;
        m.targetId = o.ids.at(0);
        m.data = data;
        QCOMPARE(m_server->store->applyMutation(colleague, m, m_server->clock.now()).status, QStringLiteral("applied"));
    }
    const QString out = m_dir.filePath(QStringLiteral("refused-out"));
    QVERIFY(QDir().mkpath(out));
    const QString assessment = write(
        bewertung(o.pid, { { o.ids.at(0), QStringLiteral("A") } }), o.pid + QStringLiteral("_refused.0502.xml"));
    auto assessed = xdomea::importAssessment(*o.store, assessment, m_us, out);
    QVERIFY2(assessed, qPrintable(assessed.errorString()));
    QVERIFY(QFile::exists(assessed->heldPath));

    auto report = o.sync->syncOnce();
    QVERIFY(report);
    QCOMPARE(report->rejected, 2);
    QCOMPARE(ArchivingRecords(*o.store).of(o.ids.at(0))->value().state, QStringLiteral("archived"));
    QCOMPARE(report->released, QStringList());
    QCOMPARE(report->withdrawn, QStringList { assessed->zipPath });
    QVERIFY(!QFile::exists(assessed->heldPath));
    QVERIFY(!QFile::exists(assessed->zipPath));
}
void TestAussonderungDelivery::withdrawnOfferOffersAgain()
{
    // Two requests offered; a colleague offered the second one first, so the server refuses it and
    // the offer list is withdrawn. The first one stands "offered" in that Aussonderung on the
    // server: the clerk offers it again under a new ProzessID (the step names the one it leaves);
    // not before the list was withdrawn, and never the colleague. That list is not released either
    // (changed after it was written), so the clerk offers a third time: released — the profile
    // judges the answer by the state after its own second move, not by an older one.
    Closed c = closedProfile(QStringLiteral("again"), 2);
    QCOMPARE(c.ids.size(), 2);
    Store& a = *c.store;
    const QStringList& ids = c.ids;
    yearsLater();
    QVERIFY(c.sync->signIn(m_clerk, QStringLiteral("demo")));
    const Clerk colleague = m_server->store->clerk(teamMate(m_clerk)).value();
    const auto offerAs = [this](const Clerk& who, const QString& id, const QJsonObject& data) {
        Mutation m;
        m.mutationId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        m.kind = QStringLiteral("archiving");
        m.op = QStringLiteral("offer");
        m.targetId = id;
        m.data = data;
        return m_server->store->applyMutation(who, m, m_server->clock.now());
    };
    QCOMPARE(offerAs(colleague, ids.at(1), { { QStringLiteral("process_id"), xdomea::newProcessId() } }).status,
        QStringLiteral("applied"));

    const QString first = xdomea::newProcessId();
    auto offered = xdomea::offer(a, ids, m_us, m_archive, first, m_dir.path());
    QVERIFY2(offered, qPrintable(offered.errorString()));
    auto waiting = xdomea::offerCandidates(a, { ids.at(0) }); // (its list not withdrawn yet)
    QVERIFY(waiting);
    QVERIFY(!waiting->first().offerable);
    auto refused = c.sync->syncOnce();
    QVERIFY(refused);
    QCOMPARE(refused->rejected, 1);
    QCOMPARE(refused->withdrawn, QStringList { offered->zipPath });
    QCOMPARE(ArchivingRecords(a).of(ids.at(0))->value().processId, first);
    auto candidates = xdomea::offerCandidates(a, { ids.at(0) });
    QVERIFY(candidates);
    QVERIFY2(candidates->first().offerable, qPrintable(candidates->first().why));
    QCOMPARE(candidates->first().replaces, first);
    const MutationResult stolen = offerAs(colleague, ids.at(0),
        { { QStringLiteral("process_id"), xdomea::newProcessId() }, { QStringLiteral("replaces"), first } });
    QCOMPARE(stolen.status, QStringLiteral("rejected"));
    QCOMPARE(stolen.reason, QStringLiteral("archiving_process"));

    const QString second = xdomea::newProcessId();
    auto again = xdomea::offer(a, { ids.at(0) }, m_us, m_archive, second, m_dir.path());
    QVERIFY2(again, qPrintable(again.errorString()));
    QFile held(again->heldPath);
    QVERIFY(held.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QVERIFY(held.write("changed") > 0);
    held.close();
    auto notReleased = c.sync->syncOnce();
    QVERIFY(notReleased);
    QCOMPARE(notReleased->applied, 1);
    QCOMPARE(notReleased->released, QStringList());
    QCOMPARE(ArchivingRecords(a).of(ids.at(0))->value().processId, second);

    const QString third = xdomea::newProcessId();
    auto last = xdomea::offer(a, { ids.at(0) }, m_us, m_archive, third, m_dir.path());
    QVERIFY2(last, qPrintable(last.errorString()));
    auto accepted = c.sync->syncOnce();
    QVERIFY(accepted);
    QCOMPARE(accepted->applied, 1);
    QCOMPARE(accepted->released, QStringList { last->zipPath });
    QCOMPARE(ArchivingRecords(a).of(ids.at(0))->value().processId, third);
    const QString body
        = m_server->scalar(QStringLiteral("SELECT body FROM archiving WHERE request_id = ?1"), { ids.at(0) })
              .toString();
    QCOMPARE(QJsonDocument::fromJson(body.toUtf8()).object().value(QLatin1String("process_id")).toString(), third);
}
QTEST_GUILESS_MAIN(TestAussonderungDelivery)
#include "tst_aussonderung_delivery.moc"
