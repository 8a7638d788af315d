// The Aussonderung end to end: the real reference server over loopback (SQLCipher, or PostgreSQL
// as tst_aussonderung_pg), real SQLCipher profiles for two clerks of one team, the messages
// validated by xmllint against the official xdomea 3.1.0 schema. A clerk offers closed requests
// whose retention ended (0501); the archive's assessment (0502, written here as an archive would)
// yields the delivery (0503) with exactly the "A" objects and their documents; the archive's
// confirmation (0506), imported by the colleague, marks them archived on the server and both
// profiles purge them once the server holds them archived (not before: a step imported offline
// may still be refused). Hostile answers are refused with their own words and change nothing.
#include "../common/TestCity.h"
#include "../common/Waiting.h"
#include "core/domain/Archiving.h"
#include "core/store/ArchivingRecords.h"
#include "core/store/DocumentCache.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"
#include "core/xdomea/XdomeaAussonderung.h"
#include "models/RefusalNames.h"
#include "server/Accounts.h"

#include <KZip>
#include <QCryptographicHash>
#include <QDir>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QUuid>
#include <QXmlStreamReader>

using namespace clerk;
using namespace clerk::server;

namespace {

const QString kSchema
    = QStringLiteral(CLERKDESK_SOURCE_DIR "/standards/xdomea/3.1.0/xdomea-Nachrichten-AussonderungDurchfuehren.xsd");
const QString kNs = QStringLiteral("urn:xoev-de:xdomea:schema:3.1.0");

QStringList elementTexts(const QByteArray& xml, const QString& parent, const QString& child)
{
    QStringList out;
    QXmlStreamReader r(xml);
    bool inside = false;
    while (!r.atEnd()) {
        r.readNext();
        if (r.isStartElement() && r.name() == parent)
            inside = true;
        else if (r.isEndElement() && r.name() == parent)
            inside = false;
        else if (inside && r.isStartElement() && r.name() == child)
            out << r.readElementText();
    }
    return out;
}

int count(const QByteArray& xml, const QString& name)
{
    int n = 0;
    QXmlStreamReader r(xml);
    while (!r.atEnd())
        if (r.readNext() == QXmlStreamReader::StartElement && r.name() == name)
            ++n;
    return n;
}

QString kopf(const QString& processId, const QString& type, const QString& typeName)
{
    return QStringLiteral(R"(<xdomea:Kopf>
  <xdomea:ProzessID>%1</xdomea:ProzessID>
  <xdomea:Nachrichtentyp listURI="urn:xoev-de:xdomea:codeliste:nachrichtentyp" listVersionID="2.0"><code>%2</code><name>%3</name></xdomea:Nachrichtentyp>
  <xdomea:Erstellungszeitpunkt>2030-02-01T10:00:00Z</xdomea:Erstellungszeitpunkt>
  <xdomea:Absender><xdomea:Institution><xdomea:Name>Stadtarchiv Stuttgart</xdomea:Name><xdomea:Kurzbezeichnung>StAS</xdomea:Kurzbezeichnung></xdomea:Institution></xdomea:Absender>
  <xdomea:Empfaenger><xdomea:Institution><xdomea:Name>Landeshauptstadt Stuttgart</xdomea:Name></xdomea:Institution></xdomea:Empfaenger>
  <xdomea:SendendesSystem><xdomea:Produktname>Archivsystem</xdomea:Produktname></xdomea:SendendesSystem>
)")
        .arg(processId, type, typeName);
}

// The archive's 0502: each object with its Aussonderungsart.
QByteArray bewertung(const QString& processId, const QList<QPair<QString, QString>>& decisions, const QString& ns = kNs)
{
    QString x
        = QStringLiteral("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xdomea:Aussonderung.Bewertungsverzeichnis.0502 "
                         "xmlns:xdomea=\"%1\">\n")
              .arg(ns);
    x += kopf(processId, QStringLiteral("0502"), QStringLiteral("Aussonderung.Bewertungsverzeichnis"));
    x += QStringLiteral("  <xdomea:Empfangsbestaetigung>0</xdomea:Empfangsbestaetigung>\n</xdomea:Kopf>\n");
    for (const auto& [id, decision] : decisions)
        x += QStringLiteral("<xdomea:BewertetesObjekt><xdomea:ID>%1</xdomea:ID><xdomea:Aussonderungsart>"
                            "<xdomea:Aussonderungsart listURI=\"urn:xoev-de:xdomea:codeliste:aussonderungsart\" "
                            "listVersionID=\"1.0\"><code>%2</code></xdomea:Aussonderungsart></xdomea:Aussonderungsart>"
                            "</xdomea:BewertetesObjekt>\n")
                 .arg(id, decision);
    x += QStringLiteral("</xdomea:Aussonderung.Bewertungsverzeichnis.0502>\n");
    return x.toUtf8();
}

// The archive's 0506: each object taken over (with its Archivkennung) or not.
QByteArray bestaetigung(const QString& processId, const QList<QPair<QString, bool>>& outcomes)
{
    QString x = QStringLiteral("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xdomea:Aussonderung."
                               "AussonderungImportBestaetigen.0506 xmlns:xdomea=\"%1\">\n")
                    .arg(kNs);
    x += kopf(processId, QStringLiteral("0506"), QStringLiteral("Aussonderung.AussonderungImportBestaetigen"));
    x += QStringLiteral("</xdomea:Kopf>\n");
    int n = 0;
    for (const auto& [id, ok] : outcomes) {
        x += QStringLiteral("<xdomea:AusgesondertesSGO><xdomea:IDSGO>%1</xdomea:IDSGO><xdomea:Erfolgreich>%2"
                            "</xdomea:Erfolgreich>")
                 .arg(id, ok ? QStringLiteral("1") : QStringLiteral("0"));
        x += ok ? QStringLiteral("<xdomea:Archivkennung>StAS Best. 4711 Nr. %1</xdomea:Archivkennung>").arg(++n)
                : QStringLiteral("<xdomea:Fehlermeldung>Primärdokument nicht lesbar</xdomea:Fehlermeldung>");
        x += QStringLiteral("</xdomea:AusgesondertesSGO>\n");
    }
    x += QStringLiteral("</xdomea:Aussonderung.AussonderungImportBestaetigen.0506>\n");
    return x.toUtf8();
}

} // namespace

class TestAussonderung : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void offerAssessDeliverConfirm();
    void hostileAnswersChangeNothing();
    void serverKeepsTheRules();
    void purgedOnlyWhenTheServerTookIt();
    void serverClockDecidesTheOffer();
    void failedReleaseWaits();

private:
    std::unique_ptr<Store> newClient(const QString& name);
    std::unique_ptr<WaitingSession> signedIn(Store& store, const QString& login);
    // Closes `n` open requests of the parkraum team on the server (its clock: 2026); their ids.
    QStringList closeRequests(Store& synced, int n);
    // The clocks past the retention (Bewohnerparkausweis: three years after the closing year).
    void yearsLater();
    QString lint(const QByteArray& xml, const QString& name);
    QString write(const QByteArray& bytes, const QString& name);
    QByteArray unzipOne(const QString& zipPath, const QString& name, QMap<QString, QByteArray>* others = nullptr);
    QString teamMate(const QString& login);
    QString offerThree(Store& a, WaitingSession& sa, QStringList* ids);
    // A new profile, signed in, with one request closed on the server and synced (empty on failure).
    struct Closed
    {
        std::unique_ptr<Store> store;
        std::unique_ptr<WaitingSession> sync;
        QString id;
    };
    Closed closedProfile(const QString& name);
    // A new profile, signed in, that offered three closed requests (pid empty on failure).
    struct Offered
    {
        std::unique_ptr<Store> store;
        std::unique_ptr<WaitingSession> sync;
        QStringList ids;
        QString pid;
    };
    Offered offeredProfile(const QString& name);
    int outboxRows(Store& s) { return s.connection().scalar("SELECT count(*) FROM outbox")->toInt(); }
    // The Verlauf entries on a held file for the archive (released or withdrawn) that say `text`.
    static int archiveDeliveryEntries(Store& s, const QString& requestId, const QString& text)
    {
        int n = 0;
        for (const TimelineEvent& e : s.timeline().of(requestId).value())
            n += e.kind == QLatin1String("archive_delivery") && e.text.contains(text);
        return n;
    }

    QTemporaryDir m_dir;
    std::unique_ptr<testcity::City> m_server; // a fresh city (and database) per test
    ManualClock m_clientClock;
    QString m_clerk;
    int m_clients = 0;
    xdomea::Authority m_us { QStringLiteral("Landeshauptstadt Stuttgart"), QStringLiteral("LHS"),
        QStringLiteral("ags:"), QStringLiteral("08111000"), QStringLiteral("Amt für öffentliche Ordnung") };
    xdomea::Authority m_archive { QStringLiteral("Stadtarchiv Stuttgart"), QStringLiteral("StAS"), {}, {}, {} };
};

void TestAussonderung::initTestCase()
{
    QVERIFY(accounts::initialise());
    QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("xmllint")).isEmpty(), "xmllint (libxml2-utils) missing");
}

void TestAussonderung::init()
{
    m_server = std::make_unique<testcity::City>();
    m_clientClock = ManualClock();
    testcity::Options o;
    o.file = QStringLiteral("city/city.db");
    o.seed.seed = 7;
    o.seed.requests = 160;
    o.seed.today = QDate(2026, 11, 26);
    const QString failed = m_server->start(o);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    m_clerk = m_server->seed.demoLogins.first();
    QVERIFY(m_server->store->clerk(m_clerk)->teams.contains(QStringLiteral("parkraum")));
}

void TestAussonderung::cleanup()
{
    m_server.reset();
}

std::unique_ptr<Store> TestAussonderung::newClient(const QString& name)
{
    auto s
        = std::make_unique<Store>(m_dir.filePath(QStringLiteral("%1-%2.db").arg(name).arg(++m_clients)), m_clientClock);
    if (!s->create("client-passphrase"))
        return nullptr;
    return s;
}

std::unique_ptr<WaitingSession> TestAussonderung::signedIn(Store& store, const QString& login)
{
    auto sync = std::make_unique<WaitingSession>(store, m_server->url());
    if (!sync->signIn(login, QStringLiteral("demo")) || !sync->syncOnce())
        return nullptr;
    return sync;
}

QString TestAussonderung::teamMate(const QString& login)
{
    for (const Clerk& c : m_server->store->clerksOfTeam(QStringLiteral("parkraum")))
        if (c.login != login)
            return c.login;
    return {};
}

QStringList TestAussonderung::closeRequests(Store& synced, int n)
{
    QStringList ids;
    auto q = synced.connection().query("SELECT id FROM requests WHERE service_id = 'bewohnerparken' AND status IN "
                                       "('received', 'in_progress', 'waiting') ORDER BY reference LIMIT ?1");
    q.bindAll(n);
    while (q.next())
        ids << q.text(0);
    for (const QString& id : std::as_const(ids))
        if (!m_server->close(id, m_clerk))
            return {};
    return ids;
}

void TestAussonderung::yearsLater()
{
    const QDateTime later(QDate(2030, 1, 7), QTime(9, 0), QTimeZone::UTC);
    m_server->clock.advanceSecs(m_server->clock.now().secsTo(later));
    m_clientClock.advanceSecs(m_clientClock.now().secsTo(later));
}

QString TestAussonderung::write(const QByteArray& bytes, const QString& name)
{
    const QString path = m_dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        return {};
    return path;
}

QString TestAussonderung::lint(const QByteArray& xml, const QString& name)
{
    const QString path = write(xml, name);
    if (path.isEmpty())
        return QStringLiteral("cannot write %1").arg(name);
    QProcess p;
    p.start(QStandardPaths::findExecutable(QStringLiteral("xmllint")),
        { QStringLiteral("--noout"), QStringLiteral("--nonet"), QStringLiteral("--schema"), kSchema, path });
    if (!p.waitForFinished(60000))
        return QStringLiteral("xmllint did not finish");
    const QString err = QString::fromUtf8(p.readAllStandardError());
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return err.isEmpty() ? QStringLiteral("xmllint failed") : err;
    return err.contains(QLatin1String("validates")) ? QString() : QStringLiteral("no verdict: ") + err;
}

QByteArray TestAussonderung::unzipOne(const QString& zipPath, const QString& name, QMap<QString, QByteArray>* others)
{
    KZip zip(zipPath);
    if (!zip.open(QIODevice::ReadOnly))
        return {};
    QByteArray xml;
    for (const QString& entry : zip.directory()->entries()) {
        const auto* f = zip.directory()->file(entry);
        if (!f)
            continue;
        if (entry == name)
            xml = f->data();
        else if (others)
            others->insert(entry, f->data());
        else
            return {}; // nothing else expected
    }
    return xml;
}

QString TestAussonderung::offerThree(Store& a, WaitingSession& sa, QStringList* ids)
{
    *ids = closeRequests(a, 3);
    if (ids->size() != 3)
        return {};
    if (!sa.syncOnce())
        return {};
    yearsLater();
    if (!sa.signIn(m_clerk, QStringLiteral("demo"))) // (the token expired in those years)
        return {};
    const QString pid = xdomea::newProcessId();
    auto offered = xdomea::offer(a, *ids, m_us, m_archive, pid, m_dir.path());
    if (!offered) {
        qWarning() << offered.errorString();
        return {};
    }
    return sa.syncOnce() ? pid : QString();
}

TestAussonderung::Closed TestAussonderung::closedProfile(const QString& name)
{
    Closed c;
    c.store = newClient(name);
    if (c.store)
        c.sync = signedIn(*c.store, m_clerk);
    if (!c.sync)
        return c;
    const QStringList ids = closeRequests(*c.store, 1);
    if (ids.size() == 1 && c.sync->syncOnce())
        c.id = ids.first();
    return c;
}

TestAussonderung::Offered TestAussonderung::offeredProfile(const QString& name)
{
    Offered o;
    o.store = newClient(name);
    if (o.store)
        o.sync = signedIn(*o.store, m_clerk);
    if (o.sync)
        o.pid = offerThree(*o.store, *o.sync, &o.ids);
    return o;
}

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
    QCOMPARE(DocumentCache(*b).purgeArchived().value(), 0);
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

void TestAussonderung::purgedOnlyWhenTheServerTookIt()
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
    QCOMPARE(DocumentCache(*a).purgeArchived().value(), 0);
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
    QCOMPARE(DocumentCache(*a).purgeArchived().value(), 0);
    QVERIFY(a->request(ids.at(1)));
}

void TestAussonderung::serverClockDecidesTheOffer()
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

void TestAussonderung::failedReleaseWaits()
{
    // The offer list cannot take its name at the sync that brings the server's acceptance (a
    // folder of that name is in the way, which neither removing nor renaming gets past, even for
    // root): it stays held, and a later sync with nothing to send releases it.
    Closed c = closedProfile(QStringLiteral("wait"));
    QVERIFY(!c.id.isEmpty());
    auto& a = c.store;
    auto& sa = c.sync;
    const QStringList ids { c.id };
    yearsLater();
    QVERIFY(sa->signIn(m_clerk, QStringLiteral("demo")));
    const QString out = m_dir.filePath(QStringLiteral("wait-out"));
    QVERIFY(QDir().mkpath(out));
    auto offered = xdomea::offer(*a, ids, m_us, m_archive, xdomea::newProcessId(), out);
    QVERIFY2(offered, qPrintable(offered.errorString()));
    QVERIFY(QDir().mkpath(offered->zipPath));
    QVERIFY(
        !write("in the way", QStringLiteral("wait-out/%1/in-the-way.txt").arg(QFileInfo(offered->zipPath).fileName()))
            .isEmpty());

    auto accepted = sa->syncOnce();
    QVERIFY(accepted);
    QCOMPARE(accepted->applied, 1);
    QCOMPARE(accepted->released, QStringList());
    QCOMPARE(accepted->withdrawn, QStringList());
    QVERIFY(QFile::exists(offered->heldPath));
    QCOMPARE(archiveDeliveryEntries(*a, ids.first(), QStringLiteral("accepted the offer")), 0);

    QVERIFY(QDir(offered->zipPath).removeRecursively());
    auto later = sa->syncOnce();
    QVERIFY(later);
    QCOMPARE(later->pushed, 0);
    QCOMPARE(later->released, QStringList { offered->zipPath });
    QVERIFY(QFileInfo(offered->zipPath).isFile());
    QVERIFY(!QFile::exists(offered->heldPath));
    QCOMPARE(archiveDeliveryEntries(*a, ids.first(), QStringLiteral("accepted the offer")), 1);
    // Released once: the next pass finds nothing held.
    auto again = sa->syncOnce();
    QVERIFY(again);
    QCOMPARE(again->released, QStringList());
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
