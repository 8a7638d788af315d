// The Aussonderung there and back, over the requests of tst_xdomea_roundtrip: one with no
// documents, one with twenty, one with umlauts and ß everywhere, one with a 200 MB document. Each
// closed request whose retention ended is offered (0501), assessed "A" by an archive (0502, written
// here), delivered (0503); the 0501 and 0503 are validated by xmllint against the official 3.1.0
// schema, and the 0503 is imported into a fresh profile and compared with what went in: the fields
// the standard carries, every document's title, kind and bytes by SHA-256, every Verlauf entry and
// note (notes come back as Verlauf entries). The 200 MB request runs once, like the hand-over's
// (about as long as tst_xdomea_roundtrip's large row: the document is streamed out and in once).
// The bookkeeping steps go to the outbox only: no server here (tst_aussonderung has the server).
#include "../common/XdomeaLint.h"
#include "XdomeaRoundTrip.h"
#include "core/Clock.h"
#include "core/pdf/SimplePdf.h"
#include "core/store/ArchivingRecords.h"
#include "core/store/DocumentCache.h"
#include "core/store/Outbox.h"
#include "core/store/Store.h"
#include "core/xdomea/XdomeaAussonderung.h"
#include "core/xdomea/XdomeaPackage.h"

#include <QBuffer>
#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace clerk;
using namespace clerk::xdomearoundtrip;

namespace {

const QString kEmpty = QStringLiteral("2a1b2c3d-0000-4000-8000-000000000101");
const QString kTwenty = QStringLiteral("2a1b2c3d-0000-4000-8000-000000000202");
const QString kUmlauts = QStringLiteral("2a1b2c3d-0000-4000-8000-000000000303");
const QString kLarge = QStringLiteral("2a1b2c3d-0000-4000-8000-000000000404");
const QString kSchema = QStringLiteral("3.1.0/xdomea-Nachrichten-AussonderungDurchfuehren.xsd");

// The archive's 0502: every object assessed "A".
QByteArray bewertung(const QString& processId, const QStringList& ids)
{
    QString x = QStringLiteral(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xdomea:Aussonderung.Bewertungsverzeichnis.0502 "
        "xmlns:xdomea=\"urn:xoev-de:xdomea:schema:3.1.0\"><xdomea:Kopf><xdomea:ProzessID>%1</xdomea:ProzessID>"
        "<xdomea:Nachrichtentyp listURI=\"urn:xoev-de:xdomea:codeliste:nachrichtentyp\" listVersionID=\"2.0\">"
        "<code>0502</code></xdomea:Nachrichtentyp><xdomea:Erstellungszeitpunkt>2030-02-01T10:00:00Z"
        "</xdomea:Erstellungszeitpunkt><xdomea:Absender><xdomea:Institution><xdomea:Name>Stadtarchiv Stuttgart"
        "</xdomea:Name></xdomea:Institution></xdomea:Absender><xdomea:Empfaenger><xdomea:Institution>"
        "<xdomea:Name>Landeshauptstadt Stuttgart</xdomea:Name></xdomea:Institution></xdomea:Empfaenger>"
        "<xdomea:SendendesSystem><xdomea:Produktname>Archivsystem</xdomea:Produktname></xdomea:SendendesSystem>"
        "<xdomea:Empfangsbestaetigung>0</xdomea:Empfangsbestaetigung></xdomea:Kopf>")
                    .arg(processId);
    for (const QString& id : ids)
        x += QStringLiteral("<xdomea:BewertetesObjekt><xdomea:ID>%1</xdomea:ID><xdomea:Aussonderungsart>"
                            "<xdomea:Aussonderungsart listURI=\"urn:xoev-de:xdomea:codeliste:aussonderungsart\" "
                            "listVersionID=\"1.0\"><code>A</code></xdomea:Aussonderungsart></xdomea:Aussonderungsart>"
                            "</xdomea:BewertetesObjekt>")
                 .arg(id);
    return (x + QStringLiteral("</xdomea:Aussonderung.Bewertungsverzeichnis.0502>\n")).toUtf8();
}

} // namespace

class TestXdomeaRoundTripAussonderung : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void offerDeliverAndImport_data();
    void offerDeliverAndImport();

private:
    void addPdf(const QString& requestId, const QString& id, const QString& title, const QString& kind);
    void compare(const QString& requestId, Store& target, const QString& importedId);

    QTemporaryDir m_dir;
    ManualClock m_clock { QDateTime(QDate(2026, 11, 2), QTime(9, 15, 7), QTimeZone::UTC) };
    std::unique_ptr<Store> m_source;
    xdomea::Authority m_us { QStringLiteral("Landeshauptstadt Stuttgart"), QStringLiteral("LHS Stuttgart"),
        QStringLiteral("ags:"), QStringLiteral("08111000"), QStringLiteral("Garten-, Friedhofs- und Forstamt") };
    xdomea::Authority m_archive { QStringLiteral("Stadtarchiv Stuttgart"), QStringLiteral("StAS"), {}, {}, {} };
};

void TestXdomeaRoundTripAussonderung::addPdf(
    const QString& requestId, const QString& id, const QString& title, const QString& kind)
{
    SimplePdf simple;
    simple.setTitle(title);
    simple.text(72, 760, title, 14, true);
    const QByteArray bytes = simple.toPdf();
    const Document d { id, requestId, title, kind, QStringLiteral("application/pdf"), bytes.size(),
        Sha256::hexHash(bytes), 1 };
    DocumentCache cache(*m_source);
    QVERIFY(cache.upsertDocuments({ d }));
    QBuffer b;
    b.setData(bytes);
    QVERIFY(b.open(QIODevice::ReadOnly));
    QVERIFY(cache.putContent(id, b));
}

void TestXdomeaRoundTripAussonderung::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_source = std::make_unique<Store>(m_dir.filePath(QStringLiteral("source.db")), m_clock);
    QVERIFY(m_source->create("source-passphrase"));
    Service trees;
    trees.id = QStringLiteral("baumfaellung");
    trees.nameDe = QStringLiteral("Baumfällgenehmigung");
    trees.office = QStringLiteral("67");
    trees.teamId = QStringLiteral("baumschutz");
    trees.states = { QStringLiteral("received"), QStringLiteral("closed") };
    trees.retentionYears = 3;
    QVERIFY(m_source->upsertServices({ trees }));
    const QDateTime t0 = m_clock.now();
    auto request = [&](const QString& id, int n) {
        Request r;
        r.id = id;
        r.reference = QStringLiteral("STU-2026-00%1").arg(n, 4, 10, QLatin1Char('0'));
        r.fileNumber = QStringLiteral("67.20-%1/2026").arg(n, 4, 10, QLatin1Char('0'));
        r.serviceId = trees.id;
        r.teamId = trees.teamId;
        r.channel = QStringLiteral("portal");
        r.submittedAt = t0;
        r.dueDate = QDate(2026, 12, 15);
        r.status = QStringLiteral("closed");
        r.applicant = { QStringLiteral("Anna Schmidt"), QStringLiteral("Hauptstätter Straße 12"),
            QStringLiteral("70178"), QStringLiteral("Stuttgart"), QStringLiteral("anna.schmidt@example.de"),
            QStringLiteral("0711 216-12345") };
        r.version = 3;
        return r;
    };
    Request umlauts = request(kUmlauts, 303);
    umlauts.applicant = { QStringLiteral("Jürgen Weiß-Größer"), QStringLiteral("Königstraße 1a"),
        QStringLiteral("70173"), QStringLiteral("Stuttgart-Bad Cannstatt"),
        QStringLiteral("jürgen.weiß@größer.example"), QStringLiteral("+49 711 9876-0") };
    umlauts.form = { { QStringLiteral("grund"), QStringLiteral("Straßenfest „Süße Grüße“ – Maßnahme außerorts <&>") } };
    QVERIFY(m_source->upsertRequests({ request(kEmpty, 101), request(kTwenty, 202), umlauts, request(kLarge, 404) }));
    for (const QString& id : { kEmpty, kTwenty, kUmlauts, kLarge }) {
        QVERIFY(m_source->addTimeline({ id, t0, QStringLiteral("portal"), QStringLiteral("received"),
            QStringLiteral("Received"), QJsonObject { { QStringLiteral("channel"), QStringLiteral("portal") } } }));
        // Closed on 03.11.2026: kept until 31.12.2029 (three full years after 2026).
        QVERIFY(m_source->addTimeline({ id, t0.addDays(1), QStringLiteral("m.yilmaz"), QStringLiteral("status_changed"),
            QStringLiteral("Status changed"),
            QJsonObject { { QStringLiteral("from"), QStringLiteral("received") },
                { QStringLiteral("to"), QStringLiteral("closed") } } }));
    }
    for (int i = 0; i < 20; ++i)
        addPdf(kTwenty, QStringLiteral("2b000000-0000-4000-8000-%1").arg(i, 12, 10, QLatin1Char('0')),
            QStringLiteral("Anlage %1").arg(i + 1), i % 2 ? QStringLiteral("plan") : QStringLiteral("letter"));
    addPdf(kUmlauts, QStringLiteral("2c000000-0000-4000-8000-000000000001"),
        QStringLiteral("Übersichtsplan Straßenfest – Größe & Maße (ä/ö/ü/ß)"), QStringLiteral("plan"));
    QVERIFY(m_source->upsertNotes(
        { Note { QStringLiteral("2e4a0b6c-7d8e-4f90-a1b2-c3d4e5f6a7c2"), kUmlauts, QStringLiteral("ö.güneş"),
            QStringLiteral("Gemäß Rücksprache: Maßnahme außerplanmäßig; Größe prüfen <&>"), t0.addSecs(3600), 1 } }));
    // 200 MB, incompressible, made here and streamed into the store (as tst_xdomea_roundtrip does).
    const QString large = m_dir.filePath(QStringLiteral("large.pdf"));
    const QByteArray sha = writeNoise(large, kLargeBytes);
    QVERIFY(!sha.isEmpty());
    const Document d { QStringLiteral("2d000000-0000-4000-8000-000000000404"), kLarge,
        QStringLiteral("Großer Lageplan (200 MB)"), QStringLiteral("plan"), QStringLiteral("application/pdf"),
        kLargeBytes, sha, 1 };
    DocumentCache cache(*m_source);
    QVERIFY(cache.upsertDocuments({ d }));
    QFile f(large);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(cache.putContent(d.id, f));
    f.close();
    QVERIFY(QFile::remove(large));
    // Years later: the retention has ended.
    m_clock.advanceSecs(m_clock.now().secsTo(QDateTime(QDate(2030, 1, 7), QTime(9, 0), QTimeZone::UTC)));
}

void TestXdomeaRoundTripAussonderung::offerDeliverAndImport_data()
{
    QTest::addColumn<QString>("requestId");
    QTest::addColumn<int>("documents");
    QTest::addRow("no documents") << kEmpty << 0;
    QTest::addRow("twenty documents") << kTwenty << 20;
    QTest::addRow("umlauts and ß everywhere") << kUmlauts << 1;
    QTest::addRow("a 200 MB document") << kLarge << 1;
}

void TestXdomeaRoundTripAussonderung::offerDeliverAndImport()
{
    QFETCH(QString, requestId);
    QFETCH(int, documents);
    const QString folder = m_dir.filePath(requestId.right(3));
    QVERIFY(QDir().mkpath(folder));
    const QString pid = xdomea::newProcessId();

    // 0501: the offer list, valid, this Vorgang, no files.
    auto offered = xdomea::offer(*m_source, { requestId }, m_us, m_archive, pid, folder);
    QVERIFY2(offered, qPrintable(offered.errorString()));
    // (Held back until the server accepted the offer: released below with the 0503.)
    const QByteArray offer = testxdomea::messageInZip(offered->heldPath, QStringLiteral(".0501.xml"));
    QVERIFY(offer.contains("Aussonderung.Anbieteverzeichnis.0501"));
    QString verdict = testxdomea::lintAgainst(kSource, offer, kSchema, folder + QStringLiteral("/0501.xml"));
    QVERIFY2(verdict.isEmpty(), qPrintable(verdict));
    QCOMPARE(texts(offer, QStringLiteral("Dateiname")), QStringList());
    QVERIFY(texts(offer, QStringLiteral("ID")).contains(requestId));

    // The archive wants it ("A"): 0503 with its documents, valid.
    const QString answer = folder + QStringLiteral("/%1_Aussonderung.Bewertungsverzeichnis.0502.xml").arg(pid);
    QFile a(answer);
    QVERIFY(a.open(QIODevice::WriteOnly));
    QVERIFY(a.write(bewertung(pid, { requestId })) > 0);
    a.close();
    const QString out = folder + QStringLiteral("/out");
    QVERIFY(QDir().mkpath(out));
    auto assessed = xdomea::importAssessment(*m_source, answer, m_us, out);
    QVERIFY2(assessed, qPrintable(assessed.errorString()));
    QCOMPARE(assessed->archived, QStringList { requestId });
    QCOMPARE(assessed->documents, documents);
    // Held back until the server accepted the hand-over (no server here: its answers by hand).
    QVERIFY(!QFile::exists(assessed->zipPath));
    QVERIFY(QFile::exists(assessed->heldPath));
    auto unsent = m_source->outbox().part(Outbox::Part::Unsent, 100);
    QVERIFY(unsent);
    QVERIFY(!unsent->isEmpty());
    QList<Outbox::Answer> answers;
    for (const Mutation& m : unsent.value()) {
        Outbox::Answer applied;
        applied.mutationId = m.mutationId;
        applied.kind = m.kind;
        applied.targetId = m.targetId;
        applied.version = m.baseVersion + 1;
        answers << applied;
    }
    QVERIFY(m_source->outbox().recordAnswers(answers));
    auto settled = ArchivingRecords(*m_source).settleDeliveries();
    QVERIFY2(settled, qPrintable(settled.errorString()));
    QStringList released = settled->released;
    released.sort();
    QStringList expected { assessed->zipPath, offered->zipPath };
    expected.sort();
    QCOMPARE(released, expected);
    QVERIFY(!QFile::exists(offered->heldPath));
    QVERIFY(!QFile::exists(assessed->heldPath));
    const QByteArray delivery = testxdomea::messageInZip(assessed->zipPath, QStringLiteral(".0503.xml"));
    QVERIFY(delivery.contains("Aussonderung.Aussonderung.0503"));
    verdict = testxdomea::lintAgainst(kSource, delivery, kSchema, folder + QStringLiteral("/0503.xml"));
    QVERIFY2(verdict.isEmpty(), qPrintable(verdict));

    // Into a fresh profile, as an archive or another DMS's 0503 is taken back into work.
    Store target(m_dir.filePath(requestId.right(3) + QStringLiteral("-target.db")));
    QVERIFY(target.create("target-passphrase"));
    QVERIFY(target.upsertServices({ m_source->service(QStringLiteral("baumfaellung")).value() }));
    auto imported = xdomea::importPackage(target, assessed->zipPath, { QStringLiteral("m.krause"), {}, {} });
    QVERIFY2(imported.ok(), qPrintable(imported.errorString() + QLatin1Char(' ') + imported.error().detail));
    QCOMPARE(imported->messageType, QStringLiteral("0503"));
    QCOMPARE(imported->processId, pid);
    QCOMPARE(imported->requestIds.size(), 1);
    compare(requestId, target, imported->requestIds.first());
}

void TestXdomeaRoundTripAussonderung::compare(const QString& requestId, Store& target, const QString& importedId)
{
    const Request in = m_source->request(requestId).value();
    const Request out = target.request(importedId).value();
    QCOMPARE(out.fileNumber, in.fileNumber);
    QCOMPARE(out.reference, in.fileNumber);
    QCOMPARE(out.serviceId, in.serviceId);
    QCOMPARE(out.applicant.name, in.applicant.name);
    QCOMPARE(out.applicant.street, in.applicant.street);
    QCOMPARE(out.applicant.postcode, in.applicant.postcode);
    QCOMPARE(out.applicant.city, in.applicant.city);
    QCOMPARE(out.applicant.email, in.applicant.email);
    QCOMPARE(out.applicant.phone, in.applicant.phone);
    QCOMPARE(out.submittedAt, in.submittedAt);
    QCOMPARE(out.dueDate, in.dueDate);
    QCOMPARE(out.status, QStringLiteral("received")); // (the receiver's own work starts)

    // Documents: title, kind and bytes (by SHA-256, streamed), plus the message itself.
    DocumentCache source(*m_source), cache(target);
    QStringList expected, came;
    for (const Document& d : source.documentsOf(requestId))
        expected << QStringLiteral("%1|%2|%3").arg(d.title, d.kind, QString::fromLatin1(d.sha256));
    for (const Document& d : cache.documentsOf(importedId)) {
        if (d.kind == QLatin1String("xdomea"))
            continue;
        HashSink sink;
        QVERIFY2(cache.readContent(d.id, sink), qPrintable(d.title));
        const QByteArray hex = sink.hex();
        QCOMPARE(sink.bytes, d.size);
        came << QStringLiteral("%1|%2|%3").arg(d.title, d.kind, QString::fromLatin1(hex));
    }
    expected.sort();
    came.sort();
    QCOMPARE(came, expected);
    QCOMPARE(cache.documentsOf(importedId).size(), expected.size() + 1);

    // Every Verlauf entry and note, at its time and by its author, as a Verlauf entry.
    QList<QPair<QDateTime, QString>> want, got;
    for (const TimelineEvent& e : m_source->timeline().of(requestId).value())
        if (e.kind != QLatin1String("archive_delivery")) // (written after the 0503: "ready to be sent")
            want << qMakePair(e.at, e.actor);
    for (const Note& n : m_source->notes().of(requestId).value())
        want << qMakePair(n.createdAt, n.author);
    QStringList noteTexts;
    for (const Note& n : m_source->notes().of(requestId).value())
        noteTexts << n.text;
    for (const TimelineEvent& e : target.timeline().of(importedId).value())
        if (e.kind == QLatin1String("xdomea_history")) {
            got << qMakePair(e.at, e.actor);
            noteTexts.removeIf([&e](const QString& t) { return e.text.contains(t); });
        }
    std::sort(want.begin(), want.end());
    std::sort(got.begin(), got.end());
    QVERIFY(want.size() >= 2);
    QCOMPARE(got, want);
    QCOMPARE(noteTexts, QStringList()); // every note's words came back
}

QTEST_GUILESS_MAIN(TestXdomeaRoundTripAussonderung)
#include "tst_xdomea_roundtrip_aussonderung.moc"
