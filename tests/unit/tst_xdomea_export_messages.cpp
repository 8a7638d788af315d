// The xdomea hand-over (0401) and import acknowledgement (0402): written from a real SQLCipher
// store with real PDFs, unzipped, and validated by xmllint against the official 3.1.0 schemas in
// standards/xdomea; every file the message names is in the ZIP with the stored bytes, and nothing
// else is. A request with no documents, one with twenty, one with umlauts and ß everywhere,
// several grouped in files, and a large document streamed through unchanged.
#include "XdomeaExportFixture.h"
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
using namespace clerk::xdomeatest;

class TestXdomeaExportMessages : public XdomeaExportFixture
{
    Q_OBJECT
private Q_SLOTS:
    void requestWithoutDocuments();
    void requestWithTwentyDocuments();
    void umlautsAndSharpSEverywhere();
    void severalRequestsGroupedInFiles();
    void schemaCatchesAMissingMandatoryElement();
    void importBestaetigenValidates();
    void largeDocumentStreamsThroughUnchanged();
};

void TestXdomeaExportMessages::requestWithoutDocuments()
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

void TestXdomeaExportMessages::requestWithTwentyDocuments()
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

void TestXdomeaExportMessages::umlautsAndSharpSEverywhere()
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

void TestXdomeaExportMessages::severalRequestsGroupedInFiles()
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

void TestXdomeaExportMessages::schemaCatchesAMissingMandatoryElement()
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

void TestXdomeaExportMessages::importBestaetigenValidates()
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

void TestXdomeaExportMessages::largeDocumentStreamsThroughUnchanged()
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

QTEST_GUILESS_MAIN(TestXdomeaExportMessages)
#include "tst_xdomea_export_messages.moc"
