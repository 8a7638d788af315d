// The Aussonderung end to end: the real reference server over loopback (SQLCipher, or PostgreSQL
// as tst_aussonderung_pg), real SQLCipher profiles for two clerks of one team, the messages
// validated by xmllint against the official xdomea 3.1.0 schema. A clerk offers closed requests
// whose retention ended (0501); the archive's assessment (0502, written here as an archive would)
// yields the delivery (0503) with exactly the "A" objects and their documents; the archive's
// confirmation (0506), imported by the colleague, marks them archived on the server and both
// profiles purge them once the server holds them archived (not before: a step imported offline
// may still be refused). Hostile answers are refused with their own words and change nothing.
#include "AussonderungFixture.h"
#include "core/store/ArchivingRecords.h"
#include "core/store/DocumentCache.h"
#include "core/store/RequestPurge.h"
#include "core/store/Sql.h"

#include <KZip>
#include <QCryptographicHash>
#include <QDir>
#include <QTest>
#include <QUuid>

using namespace clerk;
using namespace clerk::server;
using namespace clerk::aussonderungtest;

class TestAussonderung : public QObject, private Fixture
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
    void offerAssessDeliverConfirm();
    void hostileAnswersChangeNothing();
    void serverKeepsTheRules();
};

void TestAussonderung::offerAssessDeliverConfirm()
{
    auto a = newClient(QStringLiteral("a")), b = newClient(QStringLiteral("b"));
    QVERIFY(a && b);
    auto sa = signedIn(*a, m_clerk);
    auto sb = signedIn(*b, teamMate(m_clerk));
    QVERIFY(sa && sb);
    const QStringList ids = closeRequests(*a, 3);
    QCOMPARE(ids.size(), 3);
    QVERIFY(sa->syncOnce());
    const QString open = a->connection()
                             .scalar("SELECT id FROM requests WHERE status = 'received' ORDER BY reference DESC")
                             ->toString();
    QVERIFY(!open.isEmpty() && !ids.contains(open));

    // Before the retention ended nothing may be offered, and an open request never.
    auto early = xdomea::offerCandidates(*a, ids);
    QVERIFY(early);
    QCOMPARE(early->size(), 3);
    for (const xdomea::Candidate& c : early.value()) {
        QVERIFY(!c.offerable);
        QVERIFY2(c.why.contains(QLatin1String("31.12.2029")), qPrintable(c.why));
    }
    yearsLater();
    // (The tokens expired in those years.)
    QVERIFY(sa->signIn(m_clerk, QStringLiteral("demo")));
    QVERIFY(sb->signIn(teamMate(m_clerk), QStringLiteral("demo")));
    auto now = xdomea::offerCandidates(*a, ids + QStringList { open });
    QVERIFY(now);
    QCOMPARE(now->size(), 4);
    for (int i = 0; i < 3; ++i)
        QVERIFY2(now->at(i).offerable, qPrintable(now->at(i).why));
    QVERIFY(!now->at(3).offerable);
    QVERIFY(now->at(3).why.contains(a->request(open)->reference));
    const int outboxBefore = outboxRows(*a);
    auto mixed = xdomea::offer(*a, ids + QStringList { open }, m_us, m_archive, xdomea::newProcessId(), m_dir.path());
    QVERIFY(!mixed);
    QVERIFY2(mixed.errorString().contains(a->request(open)->reference), qPrintable(mixed.errorString()));
    QCOMPARE(outboxRows(*a), outboxBefore);
    QCOMPARE(QDir(m_dir.path()).entryList({ QStringLiteral("*.zip") }), QStringList());

    // 0501: one message in its ZIP, valid, three Vorgänge, no files.
    const QString pid = xdomea::newProcessId();
    auto offered = xdomea::offer(*a, ids, m_us, m_archive, pid, m_dir.path());
    QVERIFY2(offered, qPrintable(offered.errorString()));
    QCOMPARE(QFileInfo(offered->zipPath).fileName(), pid + QStringLiteral("_Aussonderung.Anbieteverzeichnis.0501.zip"));
    // The 0501 waits under another name until the server has accepted the offer.
    QVERIFY(!QFile::exists(offered->zipPath));
    QVERIFY(QFile::exists(offered->heldPath));
    const QByteArray offer = unzipOne(offered->heldPath, xdomea::anbieteverzeichnisXmlName(pid));
    QVERIFY(!offer.isEmpty());
    const QString verdict = lint(offer, QStringLiteral("0501.xml"));
    QVERIFY2(verdict.isEmpty(), qPrintable(verdict));
    QCOMPARE(count(offer, QStringLiteral("Schriftgutobjekt")), 3);
    QCOMPARE(count(offer, QStringLiteral("Primaerdokument")), 0);
    QCOMPARE(elementTexts(offer, QStringLiteral("ArchivspezifischeMetadaten"), QStringLiteral("Aufbewahrungsende")),
        QStringList(3, QStringLiteral("2029-12-31")));
    // Offered once: a second offer of the same requests is refused.
    QVERIFY(!xdomea::offer(*a, ids, m_us, m_archive, xdomea::newProcessId(), m_dir.path()));

    // The server accepts the offer: the list takes its name, the Verlauf says so, and the colleague
    // sees the offer after the next syncs.
    auto offerAccepted = sa->syncOnce();
    QVERIFY(offerAccepted);
    QCOMPARE(offerAccepted->rejected, 0);
    QCOMPARE(offerAccepted->released, QStringList { offered->zipPath });
    QCOMPARE(offerAccepted->withdrawn, QStringList());
    QVERIFY(QFile::exists(offered->zipPath));
    QVERIFY(!QFile::exists(offered->heldPath));
    QCOMPARE(unzipOne(offered->zipPath, xdomea::anbieteverzeichnisXmlName(pid)), offer);
    QCOMPARE(archiveDeliveryEntries(*a, ids.at(2), QStringLiteral("accepted the offer")), 1);
    QVERIFY(sb->syncOnce());
    for (const QString& id : ids) {
        auto s = ArchivingRecords(*b).of(id);
        QVERIFY(s && s->has_value());
        QCOMPARE((*s)->state, QStringLiteral("offered"));
        QCOMPARE((*s)->processId, pid);
    }

    // The archive wants the first two, not the third. Clerk A has their documents.
    for (int i = 0; i < 2; ++i)
        for (const Document& d : DocumentCache(*a).documentsOf(ids.at(i)))
            QVERIFY(sa->fetchDocument(d.id));
    const QByteArray answer = bewertung(pid,
        { { ids.at(0), QStringLiteral("A") }, { ids.at(1), QStringLiteral("A") }, { ids.at(2), QStringLiteral("V") } });
    const QString answerVerdict = lint(answer, pid + QStringLiteral("_Aussonderung.Bewertungsverzeichnis.0502.xml"));
    QVERIFY2(answerVerdict.isEmpty(), qPrintable(answerVerdict));
    QDir().mkpath(m_dir.filePath(QStringLiteral("out")));
    auto assessed = xdomea::importAssessment(*a,
        m_dir.filePath(pid
            + QStringLiteral("_Aussonderung.Bewertungsverzeichnis"
                             ".0502.xml")),
        m_us, m_dir.filePath(QStringLiteral("out")));
    QVERIFY2(assessed, qPrintable(assessed.errorString()));
    QCOMPARE(assessed->archived, (QStringList { ids.at(0), ids.at(1) }));
    QCOMPARE(assessed->destroyed, QStringList { ids.at(2) });
    // The 0503 waits under another name until the server has accepted the hand-over.
    QVERIFY(!QFile::exists(assessed->zipPath));
    QVERIFY(QFile::exists(assessed->heldPath));
    auto handedOver = sa->syncOnce();
    QVERIFY(handedOver);
    QCOMPARE(handedOver->rejected, 0);
    QCOMPARE(handedOver->released, QStringList { assessed->zipPath });
    QVERIFY(!QFile::exists(assessed->heldPath));

    // 0503: exactly the "A" objects with every document they name, byte for byte.
    QMap<QString, QByteArray> files;
    const QByteArray delivery = unzipOne(assessed->zipPath, xdomea::aussonderungXmlName(pid), &files);
    const QString deliveryVerdict = lint(delivery, QStringLiteral("0503.xml"));
    QVERIFY2(deliveryVerdict.isEmpty(), qPrintable(deliveryVerdict));
    QCOMPARE(
        elementTexts(delivery, QStringLiteral("Vorgang"), QStringLiteral("ID")).mid(0, 1), QStringList { ids.at(0) });
    QCOMPARE(count(delivery, QStringLiteral("Schriftgutobjekt")), 2);
    QVERIFY(!delivery.contains(ids.at(2).toUtf8()));
    int documents = 0;
    for (int i = 0; i < 2; ++i)
        for (const Document& d : DocumentCache(*a).documentsOf(ids.at(i))) {
            const QString name = xdomea::primaryFileName(d);
            QVERIFY2(files.contains(name), qPrintable(name));
            QCOMPARE(QCryptographicHash::hash(files.value(name), QCryptographicHash::Sha256).toHex(), d.sha256);
            ++documents;
        }
    QVERIFY(documents > 0);
    QCOMPARE(files.size(), documents);
    QCOMPARE(assessed->documents, documents);

    // The colleague continues: imports the archive's confirmation; both profiles purge.
    QVERIFY(sa->syncOnce());
    QVERIFY(sb->syncOnce());
    QCOMPARE(ArchivingRecords(*b).of(ids.at(0))->value().state, QStringLiteral("handed_over"));
    QCOMPARE(ArchivingRecords(*b).of(ids.at(2))->value().decision, QStringLiteral("V"));
    const QByteArray confirmation = bestaetigung(pid, { { ids.at(0), true }, { ids.at(1), false } });
    const QString confirmationVerdict = lint(confirmation, QStringLiteral("0506.xml"));
    QVERIFY2(confirmationVerdict.isEmpty(), qPrintable(confirmationVerdict));
    auto confirmed = xdomea::importConfirmation(*b, m_dir.filePath(QStringLiteral("0506.xml")));
    QVERIFY2(confirmed, qPrintable(confirmed.errorString()));
    QCOMPARE(confirmed->archived, QStringList { ids.at(0) });
    QCOMPARE(confirmed->failed.size(), 1);
    QVERIFY(confirmed->failed.first().contains(QStringLiteral("Primärdokument nicht lesbar")));
    // Recorded, not yet taken by the server: the request stays until the sync's answer.
    QVERIFY(b->request(ids.at(0)));
    QCOMPARE(RequestPurge(*b).purgeArchived().value(), 0);
    QVERIFY(b->request(ids.at(0)));
    auto synced = sb->syncOnce();
    QVERIFY(synced);
    QCOMPARE(synced->applied, 1);
    QCOMPARE(synced->purged, 1);
    QVERIFY(!b->request(ids.at(0)));
    QVERIFY(b->request(ids.at(1)));

    // On the server: archived, with the archive's reference; clerk A's profile follows at its
    // next sync.
    QVERIFY(a->request(ids.at(0)));
    auto followed = sa->syncOnce();
    QVERIFY(followed);
    QCOMPARE(followed->purged, 1);
    const auto state = ArchivingRecords(*a).of(ids.at(0))->value();
    QCOMPARE(state.state, QStringLiteral("archived"));
    QCOMPARE(state.archiveId, QStringLiteral("StAS Best. 4711 Nr. 1"));
    QCOMPARE(state.version, 4);
    QVERIFY(!a->request(ids.at(0)));
    QVERIFY(a->request(ids.at(1)));
}

void TestAussonderung::hostileAnswersChangeNothing()
{
    Offered o = offeredProfile(QStringLiteral("hostile"));
    QVERIFY(!o.pid.isEmpty());
    auto& a = o.store;
    const QStringList& ids = o.ids;
    const QString& pid = o.pid;
    const QString other = a->connection().scalar("SELECT id FROM requests WHERE status = 'received'")->toString();
    QVERIFY(!other.isEmpty());
    const QString out = m_dir.filePath(QStringLiteral("hostile-out"));
    QDir().mkpath(out);

    const QString entity = QStringLiteral("<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b "
                                          "\"&a;&a;&a;&a;&a;&a;&a;\">]>\n")
        + QString::fromUtf8(bewertung(pid, { { ids.at(0), QStringLiteral("A") } }))
              .section(QLatin1Char('\n'), 1)
              .replace(QStringLiteral("StAS"), QStringLiteral("&b;"));
    const struct
    {
        const char* name;
        QByteArray xml;
        const char* says;
        bool confirmation;
    } cases[] = {
        { "unknown ProzessID", bewertung(QUuid::createUuid().toString(QUuid::WithoutBraces), { { ids.at(0), "A" } }),
            "which your team did not offer", false },
        { "object not offered", bewertung(pid, { { ids.at(0), "A" }, { other, "A" } }), "which was not offered",
            false },
        { "wrong namespace", bewertung(pid, { { ids.at(0), "A" } }, QStringLiteral("urn:example:not-xdomea")),
            "not an xdomea namespace", false },
        { "entity expansion", entity.toUtf8(), "DTD or entities", false },
        { "undecided B", bewertung(pid, { { ids.at(0), "B" } }), "expects A (archive) or V (destroy)", false },
        { "object twice", bewertung(pid, { { ids.at(0), "A" }, { ids.at(0), "V" } }), "twice", false },
        { "confirmation before delivery", bestaetigung(pid, { { ids.at(0), true } }), "was not handed over", true },
        { "confirmation as assessment", bestaetigung(pid, { { ids.at(0), true } }), "not its assessment", false },
    };
    const int outbox = outboxRows(*a);
    const QString states = a->connection().scalar("SELECT group_concat(body, '|') FROM archiving")->toString();
    for (const auto& c : cases) {
        const QString path = write(c.xml, QStringLiteral("hostile.xml"));
        QString error;
        if (c.confirmation) {
            auto r = xdomea::importConfirmation(*a, path);
            QVERIFY2(!r, c.name);
            error = r.errorString();
        } else {
            auto r = xdomea::importAssessment(*a, path, m_us, out);
            QVERIFY2(!r, c.name);
            error = r.errorString();
        }
        QVERIFY2(error.contains(QLatin1String(c.says)),
            qPrintable(QStringLiteral("%1: %2").arg(QLatin1String(c.name), error)));
        QCOMPARE(outboxRows(*a), outbox);
        QCOMPARE(a->connection().scalar("SELECT group_concat(body, '|') FROM archiving")->toString(), states);
        QCOMPARE(QDir(out).entryList(QDir::Files), QStringList());
    }
    // A ZIP that carries one more file than the message is refused too.
    {
        const QString zipPath = m_dir.filePath(QStringLiteral("two.zip"));
        KZip zip(zipPath);
        QVERIFY(zip.open(QIODevice::WriteOnly));
        QVERIFY(zip.writeFile(pid + QStringLiteral("_Aussonderung.Bewertungsverzeichnis.0502.xml"),
            bewertung(pid, { { ids.at(0), QStringLiteral("A") } })));
        QVERIFY(zip.writeFile(QStringLiteral("extra.pdf"), "%PDF-1.4"));
        QVERIFY(zip.close());
        auto r = xdomea::importAssessment(*a, zipPath, m_us, out);
        QVERIFY(!r);
        QVERIFY2(r.errorString().contains(QLatin1String("exactly one xdomea message")), qPrintable(r.errorString()));
        QCOMPARE(outboxRows(*a), outbox);
    }
}

void TestAussonderung::serverKeepsTheRules()
{
    auto a = newClient(QStringLiteral("rules"));
    QVERIFY(a);
    auto sa = signedIn(*a, m_clerk);
    QVERIFY(sa);
    const QStringList ids = closeRequests(*a, 1);
    QCOMPARE(ids.size(), 1);
    const Clerk clerk = m_server->store->clerk(m_clerk).value();
    auto offer = [&](const QString& mutationId, const Clerk& who) {
        Mutation m;
        m.mutationId = mutationId;
        m.kind = QStringLiteral("archiving");
        m.op = QStringLiteral("offer");
        m.targetId = ids.first();
        m.data = { { QStringLiteral("process_id"), QStringLiteral("6d1f8a2e-0000-4000-8000-000000000001") } };
        return m_server->store->applyMutation(who, m, m_server->clock.now());
    };
    // Too early: the server's own clock and the service's period decide, not the client.
    MutationResult early = offer(QStringLiteral("m-early"), clerk);
    QCOMPARE(early.status, QStringLiteral("rejected"));
    QCOMPARE(early.reason, QStringLiteral("archiving_retention"));
    QCOMPARE(early.params.value(QLatin1String("until")).toString(), QStringLiteral("2029-12-31"));
    yearsLater();
    // Another team's clerk does not even learn that the request exists.
    Clerk stranger;
    for (const Team& t : m_server->store->teams())
        for (const Clerk& c : m_server->store->clerksOfTeam(t.id))
            if (!c.teams.contains(QStringLiteral("parkraum")) && !c.isAdmin() && stranger.login.isEmpty())
                stranger = c;
    QVERIFY(!stranger.login.isEmpty());
    QCOMPARE(offer(QStringLiteral("m-stranger"), stranger).reason, QStringLiteral("not_found"));
    // Applied once; the same mutation id again answers the same and changes nothing.
    const qint64 seq = m_server->store->lastSeq();
    MutationResult first = offer(QStringLiteral("m-offer"), clerk);
    QCOMPARE(first.status, QStringLiteral("applied"));
    QCOMPARE(first.version, 1);
    QCOMPARE(m_server->store->lastSeq(), seq + 1);
    MutationResult again = offer(QStringLiteral("m-offer"), clerk);
    QCOMPARE(again.status, QStringLiteral("applied"));
    QCOMPARE(again.version, 1);
    QCOMPARE(m_server->store->lastSeq(), seq + 1);
    // A step out of order (archived before handed over) is refused.
    Mutation jump;
    jump.mutationId = QStringLiteral("m-jump");
    jump.kind = QStringLiteral("archiving");
    jump.op = QStringLiteral("archive");
    jump.targetId = ids.first();
    jump.data = { { QStringLiteral("process_id"), QStringLiteral("6d1f8a2e-0000-4000-8000-000000000001") } };
    QCOMPARE(
        m_server->store->applyMutation(clerk, jump, m_server->clock.now()).reason, QStringLiteral("archiving_step"));
    // The state is in the team's feed.
    bool seen = false;
    for (const ChangeItem& item : m_server->store->changes(clerk, seq, 100).items)
        seen = seen || (item.kind == QLatin1String("archiving") && item.id == ids.first());
    QVERIFY(seen);
}

QTEST_GUILESS_MAIN(TestAussonderung)
#include "tst_aussonderung.moc"
