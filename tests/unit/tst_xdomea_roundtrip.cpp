// The xdomea hand-over there and back: requests of a real SQLCipher profile handed over (0401),
// the message validated by xmllint against the official 3.1.0 schema, imported into a second
// profile, and what came out compared with what went in: the fields the standard carries, every
// document's bytes by SHA-256, every Verlauf entry and note. A request with no documents, one
// with twenty, one with umlauts and ß everywhere, one with a 200 MB document (made in the
// temporary folder at test time, streamed; the process's peak RSS is read from /proc).
// And the acknowledgement 0402 the import writes beside the message: validated against the schema
// of its version (that of the message received; 3.1.0 for a 2.4.0 one), naming the ProzessID and
// every object taken over; none for a 0503.
#include "../common/XdomeaFixtures.h"
#include "core/Sha256.h"
#include "core/jobs/JobRunner.h"
#include "core/jobs/XdomeaJobs.h"
#include "core/pdf/SimplePdf.h"
#include "core/store/DocumentCache.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"
#include "core/xdomea/XdomeaAcknowledgement.h"
#include "core/xdomea/XdomeaExport.h"

#include <KZip>
#include <QBuffer>
#include <QDir>
#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>
#include <cstring>

using namespace clerk;

namespace {

const QString kSource = QStringLiteral(CLERKDESK_SOURCE_DIR);
const QString kEmpty = QStringLiteral("1a1b2c3d-0000-4000-8000-000000000101");
const QString kTwenty = QStringLiteral("1a1b2c3d-0000-4000-8000-000000000202");
const QString kUmlauts = QStringLiteral("1a1b2c3d-0000-4000-8000-000000000303");
const QString kLarge = QStringLiteral("1a1b2c3d-0000-4000-8000-000000000404");
constexpr qint64 kLargeBytes = qint64(200) << 20;

QString schemaOf(const QString& version)
{
    return kSource + QStringLiteral("/standards/xdomea/%1/xdomea-Nachrichten-AbgabeDurchfuehren.xsd").arg(version);
}

// xmllint's verdict on the file at `path`: empty when it validates, its words otherwise.
QString lint(const QString& path, const QString& version)
{
    const QString xmllint = QStandardPaths::findExecutable(QStringLiteral("xmllint"));
    if (xmllint.isEmpty())
        return QStringLiteral("xmllint (libxml2-utils) is not installed");
    QProcess p;
    p.start(xmllint,
        { QStringLiteral("--noout"), QStringLiteral("--nonet"), QStringLiteral("--schema"), schemaOf(version), path });
    if (!p.waitForFinished(120000))
        return QStringLiteral("xmllint did not finish");
    const QString err = QString::fromUtf8(p.readAllStandardError());
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return err.isEmpty() ? QStringLiteral("xmllint failed") : err;
    return err.contains(QLatin1String("validates")) ? QString() : QStringLiteral("no verdict: ") + err;
}

// The texts of every element `name` in `xml`.
QStringList texts(const QByteArray& xml, const QString& name)
{
    QStringList out;
    QXmlStreamReader r(xml);
    while (!r.atEnd())
        if (r.readNext() == QXmlStreamReader::StartElement && r.name() == name)
            out << r.readElementText();
    return out;
}

// A sink that only hashes what is written into it (a 200 MB document is never held whole).
class HashSink : public QIODevice
{
public:
    HashSink() { open(WriteOnly); }
    QByteArray hex() { return m_hash.hexResult(); }
    qint64 bytes = 0;

protected:
    qint64 readData(char*, qint64) override { return -1; }
    qint64 writeData(const char* data, qint64 n) override
    {
        m_hash.addData(QByteArrayView(data, n));
        bytes += n;
        return n;
    }

private:
    Sha256 m_hash;
};

// Peak resident set of this process in KiB (VmHWM), and its reset (Linux ≥ 4.0: "5" into clear_refs).
qint64 peakRssKiB()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    static const QRegularExpression hwm(QStringLiteral("VmHWM:\\s*(\\d+) kB"));
    return hwm.match(QString::fromLatin1(f.readAll())).captured(1).toLongLong();
}

bool resetPeakRss()
{
    QFile f(QStringLiteral("/proc/self/clear_refs"));
    return f.open(QIODevice::WriteOnly) && f.write("5") == 1;
}

} // namespace

class TestXdomeaRoundTrip : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void roundTrip_data();
    void roundTrip();
    void largeDocumentRoundTrip();
    void acknowledgementInTheReceivedVersion_data();
    void acknowledgementInTheReceivedVersion();
    void noAcknowledgementForAnAussonderung();
    void jobAndCliWriteTheAcknowledgement();
    void plannedBytesAreCheckedBeforeWriting();
    void verifyPrintsNoControlCharacters();

private:
    QString runCli(const QStringList& args, int* code, QString* err = nullptr);
    // Exports `requestId` from the source profile, validates the message, imports it into a fresh
    // target profile and compares; `zipPath` gets the message's ZIP.
    void handOverAndCompare(const QString& requestId, QString* zipPath = nullptr);
    void addPdf(const QString& requestId, const QString& id, const QString& title);
    // A fresh profile; `withCatalogue`: with the tree-felling service of office 67 (else none, as
    // a profile that was never synced).
    std::unique_ptr<Store> newTarget(const QString& name, bool withCatalogue = true);
    xdomea::ImportResult importFixture(const QString& fixture, const QString& folder, Store& target);

    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_source;
    xdomea::Authority m_sender { QStringLiteral("Landeshauptstadt Stuttgart"), QStringLiteral("LHS Stuttgart"),
        QStringLiteral("ags:"), QStringLiteral("08111000"), QStringLiteral("Garten-, Friedhofs- und Forstamt") };
    xdomea::Authority m_receiver { QStringLiteral("Landratsamt Böblingen"), QStringLiteral("LRA BB"),
        QStringLiteral("ags:"), QStringLiteral("08115000"), {} };
};

void TestXdomeaRoundTrip::addPdf(const QString& requestId, const QString& id, const QString& title)
{
    SimplePdf pdf;
    pdf.setTitle(title);
    pdf.text(72, 760, title, 14, true);
    const QByteArray bytes = pdf.toPdf();
    const Document d { id, requestId, title, QStringLiteral("attachment"), QStringLiteral("application/pdf"),
        bytes.size(), Sha256::hexHash(bytes), 1 };
    DocumentCache cache(*m_source);
    QVERIFY(cache.upsertDocuments({ d }));
    QBuffer b;
    b.setData(bytes);
    QVERIFY(b.open(QIODevice::ReadOnly));
    QVERIFY(cache.putContent(id, b));
}

std::unique_ptr<Store> TestXdomeaRoundTrip::newTarget(const QString& name, bool withCatalogue)
{
    auto store = std::make_unique<Store>(m_dir.filePath(name + QStringLiteral(".db")));
    if (!store->create("target-passphrase"))
        return nullptr;
    if (withCatalogue && !store->upsertServices({ m_source->service(QStringLiteral("baumfaellung")).value() }))
        return nullptr;
    return store;
}

void TestXdomeaRoundTrip::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_source = std::make_unique<Store>(m_dir.filePath(QStringLiteral("source.db")));
    QVERIFY(m_source->create("source-passphrase"));
    Service trees;
    trees.id = QStringLiteral("baumfaellung");
    trees.nameDe = QStringLiteral("Baumfällgenehmigung");
    trees.nameEn = QStringLiteral("Tree felling permit");
    trees.office = QStringLiteral("67");
    trees.teamId = QStringLiteral("baumschutz");
    trees.states = { QStringLiteral("new"), QStringLiteral("in_progress") };
    trees.transitions = { { QStringLiteral("new"), QStringLiteral("in_progress") } };
    QVERIFY(m_source->upsertServices({ trees }));

    const QDateTime t0(QDate(2026, 11, 2), QTime(9, 15, 7), QTimeZone::UTC);
    auto request = [&](const QString& id, int n) {
        Request r;
        r.id = id;
        r.reference = QStringLiteral("STU-2026-00%1").arg(n, 4, 10, QLatin1Char('0'));
        r.fileNumber = QStringLiteral("67.20-%1/2026").arg(n, 4, 10, QLatin1Char('0'));
        r.serviceId = trees.id;
        r.teamId = trees.teamId;
        r.channel = QStringLiteral("portal");
        r.submittedAt = t0;
        r.status = QStringLiteral("in_progress");
        r.assignee = QStringLiteral("m.yilmaz");
        r.applicant = { QStringLiteral("Anna Schmidt"), QStringLiteral("Hauptstätter Straße 12"),
            QStringLiteral("70178"), QStringLiteral("Stuttgart"), {}, {} };
        r.form = { { QStringLiteral("baumart"), QStringLiteral("Linde") }, { QStringLiteral("stammumfang_cm"), 120 },
            { QStringLiteral("gefahr_im_verzug"), false } };
        r.version = 2;
        return r;
    };
    Request umlauts = request(kUmlauts, 303);
    umlauts.applicant = { QStringLiteral("Jürgen Weiß-Größer"), QStringLiteral("Königstraße 1a"),
        QStringLiteral("70173"), QStringLiteral("Stuttgart-Bad Cannstatt"), {}, {} };
    umlauts.form = { { QStringLiteral("grund"), QStringLiteral("Straßenfest „Süße Grüße“ – Maßnahme außerorts <&>") },
        { QStringLiteral("flächen_m²"), QJsonArray { QStringLiteral("Gehweg Öhringer Straße"), 12.5 } } };
    QVERIFY(m_source->upsertRequests({ request(kEmpty, 101), request(kTwenty, 202), umlauts, request(kLarge, 404) }));

    for (const QString& id : { kEmpty, kTwenty, kUmlauts, kLarge }) {
        QVERIFY(m_source->addTimeline({ id, t0, QStringLiteral("portal"), QStringLiteral("received"),
            QStringLiteral("Received"), QJsonObject { { QStringLiteral("channel"), QStringLiteral("portal") } } }));
        QVERIFY(m_source->addTimeline({ id, t0.addDays(1), QStringLiteral("m.yilmaz"), QStringLiteral("status_changed"),
            QStringLiteral("Status changed"),
            QJsonObject { { QStringLiteral("from"), QStringLiteral("new") },
                { QStringLiteral("to"), QStringLiteral("in_progress") } } }));
    }
    QVERIFY(m_source->upsertNotes({ Note { QStringLiteral("2e4a0b6c-7d8e-4f90-a1b2-c3d4e5f6a7b1"), kEmpty,
        QStringLiteral("m.yilmaz"), QStringLiteral("Ortstermin vereinbart"), t0.addDays(2), 1 } }));
    for (int i = 0; i < 20; ++i)
        addPdf(kTwenty, QStringLiteral("1b000000-0000-4000-8000-%1").arg(i, 12, 10, QLatin1Char('0')),
            QStringLiteral("Anlage %1").arg(i + 1));
    addPdf(kUmlauts, QStringLiteral("1c000000-0000-4000-8000-000000000001"),
        QStringLiteral("Übersichtsplan Straßenfest – Größe & Maße (ä/ö/ü/ß)"));
    QVERIFY(m_source->upsertNotes(
        { Note { QStringLiteral("2e4a0b6c-7d8e-4f90-a1b2-c3d4e5f6a7b2"), kUmlauts, QStringLiteral("ö.güneş"),
            QStringLiteral("Gemäß Rücksprache: Maßnahme außerplanmäßig; Größe prüfen <&>"), t0.addDays(3), 1 } }));
    QVERIFY(m_source->addTimeline({ kUmlauts, t0.addDays(4), QStringLiteral("ö.güneş"),
        QStringLiteral("documents_requested"), QStringLiteral("Documents requested"),
        QJsonObject {
            { QStringLiteral("message"), QStringLiteral("Bitte Lageplan der Straßenfläche nachreichen") } } }));
}

void TestXdomeaRoundTrip::handOverAndCompare(const QString& requestId, QString* zipPath)
{
    const QString name = requestId.right(3);
    const QString folder = m_dir.filePath(QStringLiteral("out-") + name);
    QVERIFY(QDir().mkpath(folder));
    const QString pid = xdomea::newProcessId();
    const QString path = QDir(folder).filePath(xdomea::abgabeZipName(pid));
    auto exported = xdomea::exportAbgabe(*m_source, { requestId }, m_sender, m_receiver, pid, path);
    QVERIFY2(exported.ok(), qPrintable(exported.errorString() + QLatin1Char(' ') + exported.error().detail));
    if (zipPath)
        *zipPath = path;

    // The message, as written, against the official schema.
    QByteArray xml;
    {
        KZip zip(path);
        QVERIFY(zip.open(QIODevice::ReadOnly));
        const KArchiveFile* message = zip.directory()->file(xdomea::abgabeXmlName(pid));
        QVERIFY(message);
        xml = message->data();
    }
    const QString xmlPath = QDir(folder).filePath(xdomea::abgabeXmlName(pid));
    QFile xmlFile(xmlPath);
    QVERIFY(xmlFile.open(QIODevice::WriteOnly) && xmlFile.write(xml) == xml.size());
    xmlFile.close();
    const QString verdict = lint(xmlPath, QStringLiteral("3.1.0"));
    QVERIFY2(verdict.isEmpty(), qPrintable(verdict));
    QVERIFY(QFile::remove(xmlPath)); // (the ZIP stays alone in its folder, as it travels)

    auto target = newTarget(QStringLiteral("target-") + name);
    QVERIFY(target);
    auto imported
        = xdomea::importPackage(*target, path, { QStringLiteral("m.krause"), QStringLiteral("m.krause"), {} });
    QVERIFY2(imported.ok(), qPrintable(imported.errorString() + QLatin1Char(' ') + imported.error().detail));
    QCOMPARE(imported->requestIds.size(), 1);
    QCOMPARE(imported->processId, pid);

    // Fields.
    const Request in = m_source->request(requestId).value();
    const Request out = target->request(imported->requestIds.first()).value();
    QCOMPARE(out.fileNumber, in.fileNumber);
    QCOMPARE(out.reference, in.fileNumber);
    QCOMPARE(out.applicant.name, in.applicant.name);
    QCOMPARE(out.applicant.street, in.applicant.street);
    QCOMPARE(out.applicant.postcode, in.applicant.postcode);
    QCOMPARE(out.applicant.city, in.applicant.city);
    QCOMPARE(out.form.value(QLatin1String("xdomea_title")).toString(),
        QStringLiteral("Baumfällgenehmigung – %1").arg(in.reference));
    QCOMPARE(out.form.value(QLatin1String("xdomea_process_id")).toString(), pid);
    QVERIFY(out.form.value(QLatin1String("xdomea_sender")).toString().contains(m_sender.name));
    QCOMPARE(out.channel, xdomea::kChannel);
    QJsonObject form = out.form; // the form values as they were, beside the xdomea_* keys of the import
    for (const QString& key : out.form.keys())
        if (key.startsWith(QLatin1String("xdomea_")))
            form.remove(key);
    QCOMPARE(form, in.form);
    QCOMPARE(out.serviceId, in.serviceId); // the catalogue's only service of office 67
    QCOMPARE(out.teamId, in.teamId);

    // Documents: the same titles, types and bytes (hashed as they stream out of the target store).
    DocumentCache source(*m_source), cache(*target);
    QList<Document> wentIn = source.documentsOf(requestId), cameOut;
    for (const Document& d : cache.documentsOf(out.id))
        if (d.kind != QLatin1String("xdomea")) // (the message itself, kept with the request)
            cameOut << d;
    QCOMPARE(cameOut.size(), wentIn.size());
    auto byTitle = [](const Document& a, const Document& b) { return a.title < b.title; };
    std::sort(wentIn.begin(), wentIn.end(), byTitle);
    std::sort(cameOut.begin(), cameOut.end(), byTitle);
    for (qsizetype i = 0; i < wentIn.size(); ++i) {
        QCOMPARE(cameOut.at(i).title, wentIn.at(i).title);
        QCOMPARE(cameOut.at(i).mimeType, wentIn.at(i).mimeType);
        QCOMPARE(cameOut.at(i).size, wentIn.at(i).size);
        QCOMPARE(cameOut.at(i).sha256, wentIn.at(i).sha256);
        HashSink sink;
        QVERIFY(cache.readContent(cameOut.at(i).id, sink));
        QCOMPARE(sink.bytes, wentIn.at(i).size);
        QCOMPARE(sink.hex(), wentIn.at(i).sha256);
    }

    // History: every Verlauf entry and every note, at its time and by its author, with its words.
    struct Entry
    {
        QDateTime at;
        QString actor, words;
    };
    QList<Entry> expected;
    for (const TimelineEvent& e : m_source->timeline().of(requestId).value()) {
        QString words = e.params.value(QLatin1String("to")).toString();
        if (words.isEmpty())
            words = e.params.value(QLatin1String("message")).toString();
        if (words.isEmpty())
            words = e.params.value(QLatin1String("channel")).toString();
        expected.append({ e.at, e.actor, words });
    }
    for (const Note& n : m_source->notes().of(requestId).value())
        expected.append({ n.createdAt, n.author, n.text });
    std::stable_sort(expected.begin(), expected.end(), [](const Entry& a, const Entry& b) { return a.at < b.at; });
    QList<TimelineEvent> history;
    for (const TimelineEvent& e : target->timeline().of(out.id).value())
        if (e.kind == QLatin1String("xdomea_history"))
            history << e;
    QCOMPARE(history.size(), expected.size());
    QVERIFY(expected.size() >= 2);
    for (qsizetype i = 0; i < expected.size(); ++i) {
        QCOMPARE(history.at(i).at, expected.at(i).at);
        QCOMPARE(history.at(i).actor, expected.at(i).actor);
        QVERIFY2(history.at(i).text.contains(expected.at(i).words),
            qPrintable(history.at(i).text + QStringLiteral(" lacks ") + expected.at(i).words));
    }

    // The acknowledgement for the sender, beside the ZIP: valid 3.1.0, naming the ProzessID and
    // the Akte and the Vorgang taken over.
    auto ack = xdomea::writeAcknowledgement(imported.value(), m_receiver, path, target->clock().now());
    QVERIFY2(ack.ok(), qPrintable(ack.errorString()));
    QCOMPARE(ack->path, QDir(folder).filePath(xdomea::importBestaetigenXmlName(pid)));
    const QString ackVerdict = lint(ack->path, QStringLiteral("3.1.0"));
    QVERIFY2(ackVerdict.isEmpty(), qPrintable(ackVerdict));
    QFile ackFile(ack->path);
    QVERIFY(ackFile.open(QIODevice::ReadOnly));
    const QByteArray ackXml = ackFile.readAll();
    QCOMPARE(texts(ackXml, QStringLiteral("ProzessID")), QStringList { pid });
    const QStringList objects = texts(ackXml, QStringLiteral("IDSGO"));
    QCOMPARE(objects.size(), 2);
    QCOMPARE(objects.at(1), requestId); // the Vorgang: our request's id
    QCOMPARE(texts(ackXml, QStringLiteral("Erfolgreich")), QStringList(2, QStringLiteral("1")));
}

void TestXdomeaRoundTrip::roundTrip_data()
{
    QTest::addColumn<QString>("requestId");
    QTest::addRow("no documents") << kEmpty;
    QTest::addRow("twenty documents") << kTwenty;
    QTest::addRow("umlauts and ß everywhere") << kUmlauts;
}

void TestXdomeaRoundTrip::roundTrip()
{
    QFETCH(QString, requestId);
    handOverAndCompare(requestId);
}

void TestXdomeaRoundTrip::largeDocumentRoundTrip()
{
    // 200 MB made in the temporary folder, hashed while it is written, streamed into the store.
    const QString path = m_dir.filePath(QStringLiteral("large.pdf"));
    Sha256 hash;
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QByteArray block(1 << 20, Qt::Uninitialized);
        quint32 x = 2463534242u; // xorshift: incompressible, reproducible
        for (qint64 written = 0; written < kLargeBytes; written += block.size()) {
            auto* words = reinterpret_cast<quint32*>(block.data());
            for (qsizetype i = 0; i < block.size() / 4; ++i) {
                x ^= x << 13, x ^= x >> 17, x ^= x << 5;
                words[i] = x;
            }
            if (written == 0)
                std::memcpy(block.data(), "%PDF-1.7\n", 9);
            hash.addData(block);
            QCOMPARE(f.write(block), qint64(block.size()));
        }
    }
    const Document d { QStringLiteral("1d000000-0000-4000-8000-000000000404"), kLarge,
        QStringLiteral("Großer Lageplan (200 MB)"), QStringLiteral("plan"), QStringLiteral("application/pdf"),
        kLargeBytes, hash.hexResult(), 1 };
    {
        DocumentCache cache(*m_source);
        QVERIFY(cache.upsertDocuments({ d }));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(cache.putContent(d.id, f));
    }
    QVERIFY(QFile::remove(path));

    // From here on, export and import must stream: the peak stays far below the document's size.
    QVERIFY2(resetPeakRss(), "cannot reset the peak RSS (/proc/self/clear_refs)");
    const qint64 before = peakRssKiB();
    QVERIFY(before > 0);
    QString zipPath;
    handOverAndCompare(kLarge, &zipPath);
    if (QTest::currentTestFailed())
        return;
    const qint64 peak = peakRssKiB();
    qInfo() << "peak RSS during export and import of 200 MB:" << peak / 1024 << "MiB (before:" << before / 1024
            << "MiB)";
    QVERIFY2(
        peak - before < 64 * 1024, qPrintable(QStringLiteral("peak RSS grew by %1 MiB").arg((peak - before) / 1024)));
    QVERIFY(QFileInfo(zipPath).size() > kLargeBytes);
}

xdomea::ImportResult TestXdomeaRoundTrip::importFixture(const QString& fixture, const QString& folder, Store& target)
{
    const QString xml = testxdomea::fixture(kSource, fixture);
    QDir().mkpath(folder);
    const QString path = testxdomea::pack(xml,
        QDir(folder).filePath(testxdomea::messageNameOf(xml).replace(QLatin1String(".xml"), QLatin1String(".zip"))));
    auto r = xdomea::importPackage(target, path, { QStringLiteral("m.krause"), {}, {} });
    if (!r)
        qWarning() << r.errorString() << r.error().detail;
    return r.ok() ? r.value() : xdomea::ImportResult {};
}

void TestXdomeaRoundTrip::acknowledgementInTheReceivedVersion_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("version");
    // 2.4.0's 0402 says yes or no for the whole hand-over and names no object: answered in 3.1.0.
    QTest::addRow("2.4.0") << "abgabe-2.4.0.xml" << "3.1.0";
    QTest::addRow("3.0.0") << "abgabe-3.0.0.xml" << "3.0.0";
    QTest::addRow("3.1.0") << "abgabe-3.1.0.xml" << "3.1.0";
}

void TestXdomeaRoundTrip::acknowledgementInTheReceivedVersion()
{
    QFETCH(QString, fixture);
    QFETCH(QString, version);
    auto target = newTarget(QStringLiteral("ack-") + fixture, false); // (no service: none is chosen)
    QVERIFY(target);
    const QString folder = m_dir.filePath(QStringLiteral("ack-") + fixture);
    const xdomea::ImportResult r = importFixture(fixture, folder, *target);
    QVERIFY(!r.processId.isEmpty());
    QVERIFY(!r.objectIds.isEmpty());
    auto ack = xdomea::writeAcknowledgement(r, m_sender, folder + QStringLiteral("/x.zip"), target->clock().now());
    QVERIFY2(ack.ok(), qPrintable(ack.errorString()));
    QCOMPARE(xdomea::versionText(ack->version), version);
    QCOMPARE(ack->objects, int(r.objectIds.size()));
    const QString verdict = lint(ack->path, version);
    QVERIFY2(verdict.isEmpty(), qPrintable(verdict));
    QFile f(ack->path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray xml = f.readAll();
    QVERIFY(xml.contains("urn:xoev-de:xdomea:schema:" + version.toLatin1()));
    QCOMPARE(texts(xml, QStringLiteral("ProzessID")), QStringList { r.processId });
    QCOMPARE(texts(xml, QStringLiteral("IDSGO")), r.objectIds);
    // Addressed to the sender of the message.
    QVERIFY(!r.sender.institution.isEmpty());
    QVERIFY(texts(xml, QStringLiteral("Name")).contains(r.sender.institution));
}

void TestXdomeaRoundTrip::noAcknowledgementForAnAussonderung()
{
    auto target = newTarget(QStringLiteral("ack-0503"));
    QVERIFY(target);
    const QString folder = m_dir.filePath(QStringLiteral("ack-0503"));
    const xdomea::ImportResult r = importFixture(QStringLiteral("aussonderung-3.1.0.xml"), folder, *target);
    QCOMPARE(r.messageType, QStringLiteral("0503"));
    auto ack = xdomea::writeAcknowledgement(r, m_sender, folder + QStringLiteral("/x.zip"), target->clock().now());
    QVERIFY(!ack.ok());
    QCOMPARE(ack.error().code, Error::Unsupported);
    QVERIFY(QDir(folder).entryList({ QStringLiteral("*.0402.xml") }, QDir::Files).isEmpty());
}

void TestXdomeaRoundTrip::jobAndCliWriteTheAcknowledgement()
{
    // The window's way: the import job, in the configured authority's name.
    QString zipPath;
    {
        auto target = newTarget(QStringLiteral("job"));
        QVERIFY(target);
        const QString xml = testxdomea::fixture(kSource, QStringLiteral("abgabe-3.0.0.xml"));
        const QString folder = m_dir.filePath(QStringLiteral("job"));
        QVERIFY(QDir().mkpath(folder));
        zipPath = testxdomea::pack(xml, QDir(folder).filePath(QStringLiteral("abgabe.zip")));
        QVERIFY(!zipPath.isEmpty());
        JobRunner runner;
        auto* job = new XdomeaImportJob(*target, zipPath, { QStringLiteral("m.krause"), {}, {} }, m_receiver);
        QString ackPath, ackError = QStringLiteral("not finished");
        connect(job, &Job::finished, this, [&] {
            ackPath = job->acknowledgement().path;
            ackError = job->acknowledgementError();
        });
        QSignalSpy done(&runner, &JobRunner::finished);
        runner.start(job);
        QVERIFY(done.wait(60000));
        QVERIFY2(ackError.isEmpty(), qPrintable(ackError));
        QVERIFY(ackPath.endsWith(QLatin1String("_Abgabe.ImportBestaetigen.0402.xml")));
        QCOMPARE(QFileInfo(ackPath).absolutePath(), QFileInfo(zipPath).absolutePath());
        const QString verdict = lint(ackPath, QStringLiteral("3.0.0"));
        QVERIFY2(verdict.isEmpty(), qPrintable(verdict));
        QVERIFY(QFile::remove(ackPath));
    }
    // The command line's.
    const QString db = m_dir.filePath(QStringLiteral("cli.db"));
    {
        Store s(db);
        QVERIFY(s.create("cli-passphrase"));
    }
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("CLERKDESK_PASSPHRASE"), QStringLiteral("cli-passphrase"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(CLERKDESK_CLI_PATH),
        { QStringLiteral("efile"), QStringLiteral("import"), QStringLiteral("--db"), db, zipPath });
    p.closeWriteChannel();
    QVERIFY(p.waitForFinished(120000));
    const QString out = QString::fromUtf8(p.readAllStandardOutput());
    QVERIFY2(p.exitCode() == 0, qPrintable(QString::fromUtf8(p.readAllStandardError())));
    QVERIFY2(out.contains(QLatin1String("acknowledgement (xdomea 3.0.0 0402, 3 object(s)): ")), qPrintable(out));
    const QStringList acks = QFileInfo(zipPath).dir().entryList({ QStringLiteral("*.0402.xml") }, QDir::Files);
    QCOMPARE(acks.size(), 1);
    QVERIFY(out.contains(acks.first()));
    const QString verdict = lint(QFileInfo(zipPath).dir().filePath(acks.first()), QStringLiteral("3.0.0"));
    QVERIFY2(verdict.isEmpty(), qPrintable(verdict));
}

void TestXdomeaRoundTrip::plannedBytesAreCheckedBeforeWriting()
{
    // Two requests from one message: its XML is stored with each, so the import would store more
    // than the package holds. A cap the package itself meets refuses the import, before writing.
    const QString xml = testxdomea::fixture(kSource, QStringLiteral("abgabe-3.1.0.xml"));
    const QString path = testxdomea::pack(xml, m_dir.filePath(QStringLiteral("cap.zip")));
    QVERIFY(!path.isEmpty());
    qint64 packageBytes = 0;
    {
        KZip zip(path);
        QVERIFY(zip.open(QIODevice::ReadOnly));
        for (const QString& name : zip.directory()->entries())
            packageBytes += zip.directory()->file(name)->size();
    }
    auto target = newTarget(QStringLiteral("cap"));
    QVERIFY(target);
    efile::Limits limits;
    limits.maxTotalBytes = packageBytes;
    QVERIFY(xdomea::verify(path, limits).ok()); // the package alone is within the cap
    auto r = xdomea::importPackage(*target, path, { QStringLiteral("m.krause"), {}, {} }, limits);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, Error::Invalid);
    QVERIFY2(r.errorString().contains(QLatin1String("would store")), qPrintable(r.errorString()));
    QVERIFY(target->connection().query("SELECT 1 FROM requests").next() == false);
    // With room for it, the same package goes in.
    limits.maxTotalBytes = 2 * packageBytes;
    QVERIFY(xdomea::importPackage(*target, path, { QStringLiteral("m.krause"), {}, {} }, limits).ok());
}

QString TestXdomeaRoundTrip::runCli(const QStringList& args, int* code, QString* err)
{
    QProcess p;
    p.start(QStringLiteral(CLERKDESK_CLI_PATH), args);
    p.closeWriteChannel();
    if (!p.waitForFinished(120000))
        return {};
    *code = p.exitCode();
    if (err)
        *err = QString::fromUtf8(p.readAllStandardError());
    return QString::fromUtf8(p.readAllStandardOutput());
}

void TestXdomeaRoundTrip::verifyPrintsNoControlCharacters()
{
    // Characters XML allows that a terminal obeys: CSI (U+009B), NEL (U+0085), a right-to-left override.
    QString xml = testxdomea::fixture(kSource, QStringLiteral("abgabe-3.1.0.xml"));
    const qsizetype betreff = xml.indexOf(QLatin1String("<xdomea:Betreff>")) + 16;
    QVERIFY(betreff > 16);
    xml.insert(betreff, QStringLiteral("\u009B2J\u0085\u202Efdp.exe"));
    const QString path = m_dir.filePath(QStringLiteral("hostile.xml"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly) && f.write(xml.toUtf8()) > 0);
    f.close();
    int code = -1;
    QString out = runCli({ QStringLiteral("efile"), QStringLiteral("verify"), path }, &code);
    QCOMPARE(code, 0);
    for (const QChar c : { QChar(0x9B), QChar(0x85), QChar(0x202E) })
        QVERIFY2(!out.contains(c), qPrintable(out));
    QVERIFY2(out.contains(QLatin1String("\\x9B2J")), qPrintable(out));
    QVERIFY2(out.contains(QLatin1String("\\u202Efdp.exe")), qPrintable(out));
    // An entry name with ESC in a ZIP: refused, and the refusal does not echo the ESC either.
    const QString zipPath = m_dir.filePath(QStringLiteral("hostile.zip"));
    {
        KZip z(zipPath);
        QVERIFY(z.open(QIODevice::WriteOnly));
        QVERIFY(z.writeFile(testxdomea::messageNameOf(xml), xml.toUtf8()));
        QVERIFY(z.writeFile(QStringLiteral("../\x1b]0;owned\x07.pdf"), QByteArray("x")));
        QVERIFY(z.close());
    }
    QString err;
    out = runCli({ QStringLiteral("efile"), QStringLiteral("verify"), zipPath }, &code, &err);
    QCOMPARE(code, 2);
    QVERIFY2(!err.isEmpty(), qPrintable(out));
    QVERIFY2(!err.contains(QChar(0x1B)) && !err.contains(QChar(0x07)) && !out.contains(QChar(0x1B)), qPrintable(err));
    QVERIFY2(err.contains(QLatin1String("\\x1B]0;owned\\x07")), qPrintable(err));
}

QTEST_GUILESS_MAIN(TestXdomeaRoundTrip)
#include "tst_xdomea_roundtrip.moc"
