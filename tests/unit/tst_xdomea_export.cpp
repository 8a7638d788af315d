// The xdomea hand-over (0401) and import acknowledgement (0402): written from a real SQLCipher
// store with real PDFs, unzipped, and validated by xmllint against the official 3.1.0 schemas in
// standards/xdomea; every file the message names is in the ZIP with the stored bytes, and nothing
// else is. A request with no documents, one with twenty, one with umlauts and ß everywhere.
#include "core/Settings.h"
#include "core/pdf/SimplePdf.h"
#include "core/store/DocumentCache.h"
#include "core/store/Store.h"
#include "core/xdomea/XdomeaExport.h"

#include <KZip>
#include <QBuffer>
#include <QCryptographicHash>
#include <QDir>
#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace clerk;

namespace {

const QString kSchema
    = QStringLiteral(CLERKDESK_SOURCE_DIR "/standards/xdomea/3.1.0/xdomea-Nachrichten-AbgabeDurchfuehren.xsd");
const QString kEmpty = QStringLiteral("0a1b2c3d-0000-4000-8000-000000000101");
const QString kTwenty = QStringLiteral("0a1b2c3d-0000-4000-8000-000000000202");
const QString kUmlauts = QStringLiteral("0a1b2c3d-0000-4000-8000-000000000303");

struct Unzipped
{
    QByteArray xml;
    QString xmlName;
    QMap<QString, QByteArray> files; // everything else, by name
};

// What the message names: each Dateiname.
QStringList namedFiles(const QByteArray& xml)
{
    QStringList names;
    QXmlStreamReader r(xml);
    while (!r.atEnd())
        if (r.readNext() == QXmlStreamReader::StartElement && r.name() == QLatin1String("Dateiname"))
            names << r.readElementText();
    return names;
}

int countElements(const QByteArray& xml, const QString& name)
{
    int n = 0;
    QXmlStreamReader r(xml);
    while (!r.atEnd())
        if (r.readNext() == QXmlStreamReader::StartElement && r.name() == name)
            ++n;
    return n;
}

} // namespace

class TestXdomeaExport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void requestWithoutDocuments();
    void requestWithTwentyDocuments();
    void umlautsAndSharpSEverywhere();
    void severalRequestsGroupedInFiles();
    void schemaCatchesAMissingMandatoryElement();
    void importBestaetigenValidates();
    void cancelAndFailureLeaveNoFile();
    void senderComesFromSettingsAndPolicy();
    void refusesWithoutSenderOrReceiver();
    void cliExportsAndVerifies();
    void largeDocumentStreamsThroughUnchanged();

private:
    Unzipped exportAndUnzip(const QStringList& ids, const QString& name);
    // xmllint's verdict on `xml` against the 0401/0402 schema: empty when valid, its words otherwise.
    QString lint(const QByteArray& xml, const QString& name);
    void addPdf(const QString& requestId, const QString& id, const QString& title, int version = 1);

    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;
    QMap<QString, QByteArray> m_bytes; // document id → bytes stored
    xdomea::Authority m_sender { QStringLiteral("Landeshauptstadt Stuttgart"), QStringLiteral("LHS Stuttgart"),
        QStringLiteral("ags:"), QStringLiteral("08111000"), QStringLiteral("Amt für öffentliche Ordnung") };
    xdomea::Authority m_receiver { QStringLiteral("Landratsamt Böblingen"), QStringLiteral("LRA BB"),
        QStringLiteral("ags:"), QStringLiteral("08115000"), {} };
};

void TestXdomeaExport::addPdf(const QString& requestId, const QString& id, const QString& title, int version)
{
    SimplePdf pdf;
    pdf.setTitle(title);
    pdf.text(72, 760, title, 14, true);
    pdf.paragraph(72, 720, 450, QStringLiteral("Dokument %1 – für die Abgabe an eine andere Behörde.").arg(id));
    const QByteArray bytes = pdf.toPdf();
    const Document d { id, requestId, title, QStringLiteral("attachment"), QStringLiteral("application/pdf"),
        bytes.size(), QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex(), version };
    DocumentCache cache(*m_store);
    QVERIFY(cache.upsertDocuments({ d }));
    QBuffer b;
    b.setData(bytes);
    QVERIFY(b.open(QIODevice::ReadOnly));
    QVERIFY(cache.putContent(id, b));
    m_bytes.insert(id, bytes);
}

void TestXdomeaExport::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // To look at the messages written: CLERKDESK_KEEP_TEST_FILES=1 keeps the folder.
    if (qEnvironmentVariableIsSet("CLERKDESK_KEEP_TEST_FILES")) {
        m_dir.setAutoRemove(false);
        qInfo() << "test files kept in" << m_dir.path();
    }
    m_store = std::make_unique<Store>(m_dir.filePath(QStringLiteral("profile.db")));
    QVERIFY(m_store->create("xdomea-test-passphrase"));
    Service trees;
    trees.id = QStringLiteral("baumfaellung");
    trees.nameDe = QStringLiteral("Baumfällgenehmigung");
    trees.nameEn = QStringLiteral("Tree felling permit");
    trees.office = QStringLiteral("67");
    trees.teamId = QStringLiteral("gruenflaechen");
    trees.states = { QStringLiteral("new"), QStringLiteral("in_progress"), QStringLiteral("approved") };
    trees.transitions = { { QStringLiteral("new"), QStringLiteral("in_progress") } };
    Service street = trees;
    street.id = QStringLiteral("sondernutzung");
    street.nameDe = QStringLiteral("Sondernutzung öffentlicher Straßenraum");
    street.office = QStringLiteral("32");
    QVERIFY(m_store->upsertServices({ trees, street }));

    auto request = [](const QString& id, const QString& reference, const QString& service, const QString& fileNumber) {
        Request r;
        r.id = id;
        r.reference = reference;
        r.fileNumber = fileNumber;
        r.serviceId = service;
        r.teamId = QStringLiteral("gruenflaechen");
        r.channel = QStringLiteral("portal");
        r.submittedAt = QDateTime(QDate(2026, 11, 2), QTime(9, 15), QTimeZone::UTC);
        r.dueDate = QDate(2026, 12, 14);
        r.status = QStringLiteral("in_progress");
        r.assignee = QStringLiteral("m.yilmaz");
        r.applicant = { QStringLiteral("Anna Schmidt"), QStringLiteral("Hauptstätter Straße 12"),
            QStringLiteral("70178"), QStringLiteral("Stuttgart"), QStringLiteral("a.schmidt@example.org"), {} };
        r.form = { { QStringLiteral("tree"), QStringLiteral("Linde") }, { QStringLiteral("trunk_cm"), 120 } };
        r.version = 3;
        return r;
    };
    Request empty = request(
        kEmpty, QStringLiteral("STU-2026-000101"), QStringLiteral("baumfaellung"), QStringLiteral("67.20-0101/2026"));
    Request twenty = request(
        kTwenty, QStringLiteral("STU-2026-000202"), QStringLiteral("baumfaellung"), QStringLiteral("67.20-0202/2026"));
    Request umlauts = request(kUmlauts, QStringLiteral("STU-2026-000303"), QStringLiteral("sondernutzung"),
        QStringLiteral("32.30-0303/2026"));
    umlauts.applicant = { QStringLiteral("Jürgen Weiß-Größer"), QStringLiteral("Königstraße 1a"),
        QStringLiteral("70173"), QStringLiteral("Stuttgart-Bad Cannstatt"), QStringLiteral("jürgen@weiß.example"),
        QStringLiteral("0711 555 0101") };
    umlauts.form = { { QStringLiteral("zweck"), QStringLiteral("Straßenfest „Süße Grüße“ – Maßnahme außerorts") },
        { QStringLiteral("flächen"), QJsonArray { QStringLiteral("Gehweg Öhringer Straße"), 12.5 } } };
    umlauts.assignee = QStringLiteral("ö.güneş");
    QVERIFY(m_store->upsertRequests({ empty, twenty, umlauts }));

    QVERIFY(m_store->addTimeline({ kEmpty, empty.submittedAt, QStringLiteral("portal"), QStringLiteral("received"),
        QStringLiteral("Received"), QJsonObject { { QStringLiteral("channel"), QStringLiteral("portal") } } }));
    QVERIFY(m_store->addTimeline({ kEmpty, empty.submittedAt.addDays(2), QStringLiteral("m.yilmaz"),
        QStringLiteral("status_changed"), QStringLiteral("Status changed"),
        QJsonObject { { QStringLiteral("from"), QStringLiteral("new") },
            { QStringLiteral("to"), QStringLiteral("in_progress") } } }));

    for (int i = 0; i < 20; ++i)
        addPdf(kTwenty, QStringLiteral("0b000000-0000-4000-8000-%1").arg(i, 12, 10, QLatin1Char('0')),
            QStringLiteral("Anlage %1").arg(i + 1), 1 + i % 3);
    Annotation a;
    a.id = QStringLiteral("3a5b1c7d-8e9f-4a01-b2c3-d4e5f6a7b8c9");
    a.documentId = QStringLiteral("0b000000-0000-4000-8000-000000000000");
    a.type = AnnotationType::Stamp;
    a.geometry = { { QStringLiteral("rect"), QJsonArray { 400, 700, 520, 740 } } };
    a.text = QStringLiteral("Geprüft");
    a.author = QStringLiteral("m.yilmaz");
    a.createdAt = twenty.submittedAt.addDays(4);
    a.version = 1;
    QVERIFY(m_store->upsertAnnotations({ a }));

    addPdf(kUmlauts, QStringLiteral("0c000000-0000-4000-8000-000000000001"),
        QStringLiteral("Übersichtsplan Straßenfest – Größe & Maße (Entwurf ä/ö/ü)"));
    QVERIFY(m_store->upsertNotes({ Note { QStringLiteral("2f4a0b6c-7d8e-4f90-a1b2-c3d4e5f6a7b8"), kUmlauts,
        QStringLiteral("ö.güneş"), QStringLiteral("Gemäß Rücksprache: Maßnahme außerplanmäßig; Größe prüfen <&>"),
        umlauts.submittedAt.addDays(3), 1 } }));
    // Characters XML 1.0 does not allow, as text pasted from a word processor carries them.
    QVERIFY(m_store->upsertNotes(
        { Note { QStringLiteral("2f4a0b6c-7d8e-4f90-a1b2-c3d4e5f6a7b9"), kUmlauts, QStringLiteral("ö.güneş"),
            QStringLiteral("Aus Word kopiert:\vZeile\x01zwei\uFFFE"), umlauts.submittedAt.addDays(4), 1 } }));
    QVERIFY(m_store->addTimeline({ kUmlauts, umlauts.submittedAt.addDays(5), QStringLiteral("ö.güneş"),
        QStringLiteral("documents_requested"), QStringLiteral("Documents requested"),
        QJsonObject {
            { QStringLiteral("message"), QStringLiteral("Bitte Lageplan für die Straßenfläche nachreichen") } } }));
}

QString TestXdomeaExport::lint(const QByteArray& xml, const QString& name)
{
    const QString xmllint = QStandardPaths::findExecutable(QStringLiteral("xmllint"));
    if (xmllint.isEmpty())
        return QStringLiteral("xmllint (libxml2-utils) is not installed");
    const QString path = m_dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(xml) != xml.size())
        return QStringLiteral("cannot write %1").arg(path);
    f.close();
    QProcess p;
    p.start(
        xmllint, { QStringLiteral("--noout"), QStringLiteral("--nonet"), QStringLiteral("--schema"), kSchema, path });
    if (!p.waitForFinished(60000))
        return QStringLiteral("xmllint did not finish");
    const QString err = QString::fromUtf8(p.readAllStandardError());
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return err.isEmpty() ? QStringLiteral("xmllint failed") : err;
    return err.contains(QLatin1String("validates")) ? QString() : QStringLiteral("no verdict: ") + err;
}

Unzipped TestXdomeaExport::exportAndUnzip(const QStringList& ids, const QString& name)
{
    Unzipped u;
    const QString pid = xdomea::newProcessId();
    QDir(m_dir.path()).mkpath(name);
    const QString path = QDir(m_dir.filePath(name)).filePath(xdomea::abgabeZipName(pid));
    auto r = xdomea::exportAbgabe(*m_store, ids, m_sender, m_receiver, pid, path);
    if (!r) {
        qWarning() << r.errorString() << r.error().detail;
        return u;
    }
    KZip zip(path);
    if (!zip.open(QIODevice::ReadOnly))
        return u;
    for (const QString& entry : zip.directory()->entries()) {
        const KArchiveFile* f = zip.directory()->file(entry);
        if (!f)
            continue;
        if (entry == xdomea::abgabeXmlName(pid)) {
            u.xml = f->data();
            u.xmlName = entry;
        } else {
            u.files.insert(entry, f->data());
        }
    }
    return u;
}

void TestXdomeaExport::requestWithoutDocuments()
{
    const Unzipped u = exportAndUnzip({ kEmpty }, QStringLiteral("empty"));
    QVERIFY(!u.xml.isEmpty());
    QVERIFY(u.files.isEmpty());
    const QString verdict = lint(u.xml, QStringLiteral("empty.xml"));
    QVERIFY2(verdict.isEmpty(), qPrintable(verdict));
    QCOMPARE(countElements(u.xml, QStringLiteral("Akte")), 1);
    QCOMPARE(countElements(u.xml, QStringLiteral("Vorgang")), 1);
    QCOMPARE(countElements(u.xml, QStringLiteral("Dokument")), 0);
    QVERIFY(u.xml.contains("<xdomea:ID>" + kEmpty.toLatin1() + "</xdomea:ID>"));
    QVERIFY(u.xml.contains("<xdomea:Kennzeichen>67.20-0101/2026</xdomea:Kennzeichen>"));
    QVERIFY(u.xml.contains("<xdomea:MetadatumNeuerWert>in_progress</xdomea:MetadatumNeuerWert>"));
    QVERIFY(u.xml.contains("listURI=\"urn:xoev-de:xdomea:codeliste:nachrichtentyp\""));
    QVERIFY(u.xml.contains("<code>0401</code>"));
    QVERIFY(u.xml.contains("<xdomea:Behoerdenschluessel listURI=\"urn:de:bund:destatis:bevoelkerungsstatistik:"
                           "schluessel:ags\""));
}

void TestXdomeaExport::requestWithTwentyDocuments()
{
    const Unzipped u = exportAndUnzip({ kTwenty }, QStringLiteral("twenty"));
    QVERIFY(!u.xml.isEmpty());
    const QString verdict = lint(u.xml, QStringLiteral("twenty.xml"));
    QVERIFY2(verdict.isEmpty(), qPrintable(verdict));
    QCOMPARE(countElements(u.xml, QStringLiteral("Dokument")), 20);
    const QStringList named = namedFiles(u.xml);
    QCOMPARE(named.size(), 21); // twenty PDFs and the annotations of one as XFDF
    // Exactly the files named are in the ZIP, once each; the PDFs with the stored bytes.
    QCOMPARE(QSet<QString>(named.cbegin(), named.cend()).size(), named.size());
    QCOMPARE(QSet<QString>(named.cbegin(), named.cend()), QSet<QString>(u.files.keyBegin(), u.files.keyEnd()));
    int pdfs = 0;
    for (auto it = m_bytes.cbegin(); it != m_bytes.cend(); ++it) {
        if (!it.key().startsWith(QLatin1String("0b")))
            continue;
        const auto file = std::find_if(named.cbegin(), named.cend(),
            [&](const QString& n) { return n.startsWith(it.key()) && n.endsWith(QLatin1String(".pdf")); });
        QVERIFY2(file != named.cend(), qPrintable(it.key()));
        QCOMPARE(u.files.value(*file), it.value());
        ++pdfs;
    }
    QCOMPARE(pdfs, 20);
    const QString xfdf = QStringLiteral("0b000000-0000-4000-8000-000000000000_Anmerkungen.xfdf");
    QVERIFY(u.files.value(xfdf).contains("Geprüft"));
    // The PDF's version, read from its first bytes; the Dateiformat code of PDF.
    QVERIFY(u.xml.contains("<xdomea:Version>1."));
    QVERIFY(u.xml.contains("<code>018</code>"));
}

void TestXdomeaExport::umlautsAndSharpSEverywhere()
{
    const Unzipped u = exportAndUnzip({ kUmlauts }, QStringLiteral("umlauts"));
    QVERIFY(!u.xml.isEmpty());
    const QString verdict = lint(u.xml, QStringLiteral("umlauts.xml"));
    QVERIFY2(verdict.isEmpty(), qPrintable(verdict));
    const QString xml = QString::fromUtf8(u.xml);
    for (const QString& words : { QStringLiteral("Weiß-Größer"), QStringLiteral("Jürgen"),
             QStringLiteral("Königstraße"), QStringLiteral("Stuttgart-Bad Cannstatt"),
             QStringLiteral("Sondernutzung öffentlicher Straßenraum"), QStringLiteral("Süße Grüße"),
             QStringLiteral("Gemäß Rücksprache: Maßnahme außerplanmäßig; Größe prüfen &lt;&amp;"),
             QStringLiteral("Lageplan für die Straßenfläche"), QStringLiteral("ö.güneş"),
             QStringLiteral("Aus Word kopiert: Zeile zwei"),
             QStringLiteral("Übersichtsplan Straßenfest – Größe &amp; Maße (Entwurf ä/ö/ü).pdf") })
        QVERIFY2(xml.contains(words), qPrintable(words));
    QVERIFY(xml.contains(QStringLiteral("<xdomea:Strasse>Königstraße</xdomea:Strasse>")));
    QVERIFY(xml.contains(QLatin1String("<xdomea:Hausnummer>1a</xdomea:Hausnummer>")));
    // File names in the ZIP are plain ASCII (every archive tool and file system reads them alike).
    QCOMPARE(u.files.size(), 1);
    const QString name = u.files.firstKey();
    QCOMPARE(name,
        QStringLiteral(
            "0c000000-0000-4000-8000-000000000001_Uebersichtsplan_Strassenfest_Groesse_Masse_Entwurf_ae_oe_ue.pdf"));
    QCOMPARE(u.files.first(), m_bytes.value(QStringLiteral("0c000000-0000-4000-8000-000000000001")));
}

void TestXdomeaExport::severalRequestsGroupedInFiles()
{
    const Unzipped u = exportAndUnzip({ kEmpty, kUmlauts, kTwenty }, QStringLiteral("several"));
    QVERIFY(!u.xml.isEmpty());
    const QString verdict = lint(u.xml, QStringLiteral("several.xml"));
    QVERIFY2(verdict.isEmpty(), qPrintable(verdict));
    // Two services in one year: two Akten, the tree permits together in one.
    QCOMPARE(countElements(u.xml, QStringLiteral("Akte")), 2);
    QCOMPARE(countElements(u.xml, QStringLiteral("Vorgang")), 3);
    QCOMPARE(u.files.size(), 22);
    // The same Akte keeps its ID in another hand-over.
    const Unzipped again = exportAndUnzip({ kEmpty }, QStringLiteral("again"));
    static const QRegularExpression akteId(
        QStringLiteral("<xdomea:Akte>\\s*<xdomea:Identifikation>\\s*<xdomea:ID>([^<]+)<"));
    const QString first = akteId.match(QString::fromUtf8(u.xml)).captured(1);
    QVERIFY(!first.isEmpty());
    QCOMPARE(akteId.match(QString::fromUtf8(again.xml)).captured(1), first);
}

void TestXdomeaExport::schemaCatchesAMissingMandatoryElement()
{
    // The check itself can fail: the same message without a mandatory element of the Kopf, and
    // with a Dateiformat code without its list version, is refused by the schema.
    const Unzipped u = exportAndUnzip({ kTwenty }, QStringLiteral("broken"));
    QVERIFY(!u.xml.isEmpty());
    QByteArray noImport = u.xml;
    noImport.replace("<xdomea:Importbestaetigung>1</xdomea:Importbestaetigung>", "");
    QVERIFY(noImport != u.xml);
    QVERIFY(lint(noImport, QStringLiteral("broken1.xml")).contains(QLatin1String("Importbestaetigung")));
    QByteArray noListVersion = u.xml;
    noListVersion.replace("listURI=\"urn:xoev-de:xdomea:codeliste:dateiformat\" listVersionID=\"2.0\"",
        "listURI=\"urn:xoev-de:xdomea:codeliste:dateiformat\"");
    QVERIFY(noListVersion != u.xml);
    QVERIFY(lint(noListVersion, QStringLiteral("broken2.xml")).contains(QLatin1String("listVersionID")));
}

void TestXdomeaExport::importBestaetigenValidates()
{
    const QString received = QStringLiteral("9fde4e7a-b41b-11ec-9225-005056871b7c");
    const QByteArray xml = xdomea::writeImportBestaetigen(received,
        QDateTime(QDate(2026, 12, 2), QTime(10, 0), QTimeZone::UTC), m_receiver, m_sender,
        { { kTwenty, true, {} },
            { QStringLiteral("67e456ea-b420-11ec-b503-005056871b7c"), false,
                { QStringLiteral("Das Dokument „Lageplan.pdf“ fehlt in der Abgabe; übernommen wurde nichts.") } } });
    const QString verdict = lint(xml, xdomea::importBestaetigenXmlName(received));
    QVERIFY2(verdict.isEmpty(), qPrintable(verdict));
    QCOMPARE(countElements(xml, QStringLiteral("AbgegebenesObjekt")), 2);
    QVERIFY(xml.contains("<xdomea:ProzessID>" + received.toLatin1() + "</xdomea:ProzessID>"));
    QVERIFY(xml.contains("<code>0402</code>"));
    QVERIFY(xml.contains("<xdomea:Erfolgreich>0</xdomea:Erfolgreich>"));
    QCOMPARE(
        xdomea::importBestaetigenXmlName(received), received + QStringLiteral("_Abgabe.ImportBestaetigen.0402.xml"));
    // Nothing to acknowledge: no message (the schema wants one object at least).
    QVERIFY(
        xdomea::writeImportBestaetigen(received, QDateTime::currentDateTimeUtc(), m_receiver, m_sender, {}).isEmpty());
}

void TestXdomeaExport::cancelAndFailureLeaveNoFile()
{
    const QString dir = m_dir.filePath(QStringLiteral("cancelled"));
    QVERIFY(QDir().mkpath(dir));
    const QString pid = xdomea::newProcessId();
    const QString path = QDir(dir).filePath(xdomea::abgabeZipName(pid));
    int calls = 0;
    auto r = xdomea::exportAbgabe(
        *m_store, { kTwenty }, m_sender, m_receiver, pid, path, [&](qint64, qint64) { return ++calls < 5; });
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, Error::Cancelled);
    QCOMPARE(calls, 5);
    QVERIFY(QDir(dir).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden));
    // Too large for one file: refused before anything is written.
    r = xdomea::exportAbgabe(*m_store, { kTwenty }, m_sender, m_receiver, pid, path, {}, 16 * 1024);
    QVERIFY(!r.ok());
    QVERIFY2(r.errorString().contains(QLatin1String("at most")), qPrintable(r.errorString()));
    QVERIFY(QDir(dir).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden));
    // A request that is not there: nothing written either.
    r = xdomea::exportAbgabe(
        *m_store, { kEmpty, QStringLiteral("0f000000-0000-4000-8000-000000000000") }, m_sender, m_receiver, pid, path);
    QVERIFY(!r.ok());
    QVERIFY(QDir(dir).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden));
    // A folder that cannot be written to.
    r = xdomea::exportAbgabe(
        *m_store, { kEmpty }, m_sender, m_receiver, pid, m_dir.filePath(QStringLiteral("no/such/folder/x.zip")));
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, Error::Io);
}

void TestXdomeaExport::senderComesFromSettingsAndPolicy()
{
    QTemporaryDir dir;
    {
        Settings defaults(dir.filePath(QStringLiteral("user.conf")), { dir.filePath(QStringLiteral("none.conf")) });
        // No city hands over under another's name: empty until set (policy or the clerk).
        const xdomea::Authority none = xdomea::senderFromSettings(defaults);
        QVERIFY(none.name.isEmpty());
        QVERIFY(none.id.isEmpty());
        defaults.useDemoAuthority(); // the demo's own city
        const xdomea::Authority a = xdomea::senderFromSettings(defaults);
        QCOMPARE(a.name, QStringLiteral("Landeshauptstadt Stuttgart"));
        QCOMPARE(a.idPrefix, QStringLiteral("ags:"));
        QCOMPARE(a.id, QStringLiteral("08111000"));
    }
    const QString policy = dir.filePath(QStringLiteral("policy.conf"));
    {
        QSettings p(policy, QSettings::IniFormat);
        p.setValue(QStringLiteral("authorityName"), QStringLiteral("Große Kreisstadt Bietigheim-Bissingen"));
        p.setValue(QStringLiteral("authorityId"), QStringLiteral("ags:08118079"));
    }
    Settings s(dir.filePath(QStringLiteral("user.conf")), { policy });
    QVERIFY(s.isLocked(Settings::Key::AuthorityName));
    QVERIFY(!s.setValue(Settings::Key::AuthorityName, QStringLiteral("Irgendwer")));
    QVERIFY(s.setValue(Settings::Key::AuthorityShortName, QStringLiteral("GKS BiBi")));
    const xdomea::Authority a = xdomea::senderFromSettings(s);
    QCOMPARE(a.name, QStringLiteral("Große Kreisstadt Bietigheim-Bissingen"));
    QCOMPARE(a.shortName, QStringLiteral("GKS BiBi"));
    QCOMPARE(a.id, QStringLiteral("08118079"));
}

void TestXdomeaExport::refusesWithoutSenderOrReceiver()
{
    const QString pid = xdomea::newProcessId();
    const QString path = m_dir.filePath(xdomea::abgabeZipName(pid));
    auto r = xdomea::exportAbgabe(*m_store, { kEmpty }, xdomea::Authority {}, m_receiver, pid, path);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, Error::Invalid);
    r = xdomea::exportAbgabe(*m_store, { kEmpty }, m_sender, xdomea::Authority {}, pid, path);
    QVERIFY(!r.ok());
    r = xdomea::exportAbgabe(*m_store, {}, m_sender, m_receiver, pid, path);
    QVERIFY(!r.ok());
    QVERIFY(!QFile::exists(path));
    QVERIFY(!QFile::exists(path + QStringLiteral(".part")));
}

void TestXdomeaExport::cliExportsAndVerifies()
{
    // The CLI reads the sender from settings like the app: here from a machine policy only.
    QTemporaryDir config, policyDir;
    QVERIFY(QDir(policyDir.path()).mkpath(QStringLiteral("ClerkDesk")));
    {
        QSettings p(policyDir.filePath(QStringLiteral("ClerkDesk/policy.conf")), QSettings::IniFormat);
        p.setValue(QStringLiteral("authorityName"), QStringLiteral("Große Kreisstadt Bietigheim-Bissingen"));
        p.setValue(QStringLiteral("authorityId"), QStringLiteral("ags:08118079"));
    }
    auto run = [&](const QStringList& args, const QByteArray& passphrase = {}) {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), config.path());
        env.insert(QStringLiteral("XDG_CONFIG_DIRS"), policyDir.path());
        if (!passphrase.isEmpty())
            env.insert(QStringLiteral("CLERKDESK_PASSPHRASE"), QString::fromLatin1(passphrase));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(CLERKDESK_CLI_PATH), args);
        p.closeWriteChannel();
        p.waitForFinished(60000);
        return std::make_tuple(
            p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError()));
    };
    const QString out = m_dir.filePath(QStringLiteral("cli"));
    QVERIFY(QDir().mkpath(out));
    const QString db = m_dir.filePath(QStringLiteral("profile.db"));
    const QStringList exportArgs { QStringLiteral("efile"), QStringLiteral("export"), QStringLiteral("--format"),
        QStringLiteral("xdomea"), QStringLiteral("--db"), db, QStringLiteral("--request"),
        QStringLiteral("STU-2026-000303"), QStringLiteral("--request"), kTwenty, QStringLiteral("--out"), out,
        QStringLiteral("--receiver"), QStringLiteral("Landratsamt Böblingen"), QStringLiteral("--receiver-id"),
        QStringLiteral("ags:08115000") };
    m_store->lock();
    auto [rc, stdOut, err] = run(exportArgs, "xdomea-test-passphrase");
    QVERIFY2(rc == 0, qPrintable(err));
    QVERIFY2(stdOut.contains(QLatin1String("2 request(s) with 21 document(s)")), qPrintable(stdOut));
    std::tie(rc, stdOut, err) = run(exportArgs, "wrong-passphrase");
    QCOMPARE(rc, 3);
    QStringList noReceiver = exportArgs.mid(0, exportArgs.size() - 4);
    std::tie(rc, stdOut, err) = run(noReceiver, "xdomea-test-passphrase");
    QCOMPARE(rc, 1);
    QStringList unknown = exportArgs;
    unknown[7] = QStringLiteral("STU-2026-999999");
    std::tie(rc, stdOut, err) = run(unknown, "xdomea-test-passphrase");
    QCOMPARE(rc, 3);
    QVERIFY(m_store->unlock("xdomea-test-passphrase"));
    const QStringList zips = QDir(out).entryList({ QStringLiteral("*_Abgabe.Abgabe.0401.zip") }, QDir::Files);
    QCOMPARE(zips.size(), 1);
    QCOMPARE(QDir(out).entryList(QDir::Files).size(), 1); // nothing else, no .part
    const QString zipPath = QDir(out).filePath(zips.first());
    const QString pid = zips.first().section(QLatin1Char('_'), 0, 0);

    std::tie(rc, stdOut, err) = run({ QStringLiteral("efile"), QStringLiteral("verify"), zipPath });
    QVERIFY2(rc == 0, qPrintable(err));
    for (const QString& words :
        { QStringLiteral("xdomea 3.1.0 message 0401 (Abgabe.Abgabe.0401)"), QStringLiteral("ProzessID: ") + pid,
            QStringLiteral("sender: Große Kreisstadt Bietigheim-Bissingen (ags:08118079)"),
            QStringLiteral("receiver: Landratsamt Böblingen (ags:08115000)"),
            QStringLiteral("objects: 2 Akte, 21 Dokument, 2 Vorgang"), QStringLiteral("Vorgang ") + kUmlauts,
            QStringLiteral("[32.30-0303/2026]"), QStringLiteral("documents: 22 file(s)") })
        QVERIFY2(stdOut.contains(words), qPrintable(words + QStringLiteral(" not in:\n") + stdOut));
    QVERIFY(!stdOut.contains(QLatin1String("missing")));

    // The message alone, and a 0402.
    KZip zip(zipPath);
    QVERIFY(zip.open(QIODevice::ReadOnly));
    const KArchiveFile* message = zip.directory()->file(xdomea::abgabeXmlName(pid));
    QVERIFY(message);
    const QByteArray xml = message->data();
    const QString xmlPath = m_dir.filePath(xdomea::abgabeXmlName(pid));
    QFile xmlFile(xmlPath);
    QVERIFY(xmlFile.open(QIODevice::WriteOnly) && xmlFile.write(xml) == xml.size());
    xmlFile.close();
    std::tie(rc, stdOut, err) = run({ QStringLiteral("efile"), QStringLiteral("verify"), xmlPath });
    QVERIFY2(rc == 0 && stdOut.contains(QLatin1String("documents: 22 file(s)")), qPrintable(err + stdOut));
    const QString ackPath = m_dir.filePath(xdomea::importBestaetigenXmlName(pid));
    QFile ack(ackPath);
    QVERIFY(ack.open(QIODevice::WriteOnly));
    ack.write(xdomea::writeImportBestaetigen(pid, QDateTime::currentDateTimeUtc(), m_receiver, m_sender,
        { { kUmlauts, true, {} }, { kTwenty, false, { QStringLiteral("abgelehnt") } } }));
    ack.close();
    std::tie(rc, stdOut, err) = run({ QStringLiteral("efile"), QStringLiteral("verify"), ackPath });
    QVERIFY2(rc == 0, qPrintable(err));
    QVERIFY(stdOut.contains(QLatin1String("message 0402")));
    QVERIFY(stdOut.contains(QStringLiteral("object %1 failed").arg(kTwenty)));

    // A ZIP whose message names documents it does not carry; a message with a DTD.
    const QString partial = m_dir.filePath(QStringLiteral("partial.zip"));
    {
        KZip z(partial);
        QVERIFY(z.open(QIODevice::WriteOnly));
        QVERIFY(z.writeFile(xdomea::abgabeXmlName(pid), xml));
        QVERIFY(z.close());
    }
    std::tie(rc, stdOut, err) = run({ QStringLiteral("efile"), QStringLiteral("verify"), partial });
    QCOMPARE(rc, 2);
    QVERIFY2(err.contains(QLatin1String("22 document(s) the message names are not in the ZIP")), qPrintable(err));
    const QString dtd = m_dir.filePath(QStringLiteral("dtd.xml"));
    QFile d(dtd);
    QVERIFY(d.open(QIODevice::WriteOnly));
    d.write("<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY a \"aaaaaaaa\">]>\n<xdomea:Abgabe.Abgabe.0401 "
            "xmlns:xdomea=\"urn:xoev-de:xdomea:schema:3.1.0\"><xdomea:Kopf><xdomea:ProzessID>&a;</xdomea:ProzessID>"
            "</xdomea:Kopf></xdomea:Abgabe.Abgabe.0401>\n");
    d.close();
    std::tie(rc, stdOut, err) = run({ QStringLiteral("efile"), QStringLiteral("verify"), dtd });
    QCOMPARE(rc, 2);
    QVERIFY2(err.contains(QLatin1String("DTD")), qPrintable(err));
}

void TestXdomeaExport::largeDocumentStreamsThroughUnchanged()
{
    // 24 MiB in many chunks of the store (1 MiB) and of the readers: the same bytes in the ZIP,
    // stored, and the PDF version read from the first chunk only.
    const QString requestId = QStringLiteral("0a1b2c3d-0000-4000-8000-000000000505");
    Request r = m_store->request(kEmpty).value();
    r.id = requestId;
    r.reference = QStringLiteral("STU-2026-000505");
    r.fileNumber = QStringLiteral("67.20-0505/2026");
    QVERIFY(m_store->upsertRequests({ r }));
    QByteArray bytes("%PDF-1.7\n");
    bytes.reserve(24 << 20);
    quint32 x = 2463534242u; // xorshift: incompressible, reproducible
    while (bytes.size() < (24 << 20)) {
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        bytes.append(reinterpret_cast<const char*>(&x), 4);
    }
    const Document d { QStringLiteral("0d000000-0000-4000-8000-000000000505"), requestId,
        QStringLiteral("Großer Lageplan"), QStringLiteral("plan"), QStringLiteral("application/pdf"), bytes.size(),
        QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex(), 1 };
    DocumentCache cache(*m_store);
    QVERIFY(cache.upsertDocuments({ d }));
    QBuffer b;
    b.setData(bytes);
    QVERIFY(b.open(QIODevice::ReadOnly));
    QVERIFY(cache.putContent(d.id, b));
    const Unzipped u = exportAndUnzip({ requestId }, QStringLiteral("large"));
    QVERIFY(!u.xml.isEmpty());
    const QString verdict = lint(u.xml, QStringLiteral("large.xml"));
    QVERIFY2(verdict.isEmpty(), qPrintable(verdict));
    QCOMPARE(u.files.size(), 1);
    QCOMPARE(u.files.firstKey(), QStringLiteral("0d000000-0000-4000-8000-000000000505_Grosser_Lageplan.pdf"));
    QVERIFY(u.files.first() == bytes);
    QVERIFY(u.xml.contains("<xdomea:Version>1.7</xdomea:Version>"));
    QVERIFY(u.xml.contains("<xdomea:Typ>Plan</xdomea:Typ>"));
}

QTEST_GUILESS_MAIN(TestXdomeaExport)
#include "tst_xdomea_export.moc"
