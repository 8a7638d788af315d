// xdomea messages into a real SQLCipher store. The fixtures (tests/data/xdomea: 0401 Abgabe and
// 0503 Aussonderung of xdomea 2.4.0, 3.0.0 and 3.1.0, hand-written) are validated against
// the official schemas in standards/xdomea with xmllint, packed with PDFs made here, imported, and
// the requests, documents and Verlauf entries read back; the same message twice is refused.
#include "../common/XdomeaFixtures.h"
#include "XdomeaImportFixture.h"
#include "core/jobs/JobRunner.h"
#include "core/jobs/XdomeaJobs.h"
#include "core/pdf/SimplePdf.h"
#include "core/store/ContentFiles.h"
#include "core/store/DocumentCache.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"
#include "core/xdomea/XdomeaPackage.h"

#include <KZip>
#include <QDir>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace clerk;
using namespace clerk::xdomeatest;

class TestXdomeaImportMessages : public XdomeaImportFixture
{
    Q_OBJECT
private Q_SLOTS:
    void fixturesFollowTheOfficialSchemas_data();
    void fixturesFollowTheOfficialSchemas();
    void importsEachVersion_data();
    void importsEachVersion();
    void abgabe310MakesTwoRequests();
    void abgabe300IsAMessageOfItsOwn();
    void sameMessageTwiceIsRefused();
    void coverLetterTeilvorgangAndAnlage();
};

void TestXdomeaImportMessages::fixturesFollowTheOfficialSchemas_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("schema");
    QTest::addRow("0401 2.4.0") << "abgabe-2.4.0.xml" << "2.4.0/xdomea-Nachrichten-AbgabeDurchfuehren.xsd";
    QTest::addRow("0401 3.0.0") << "abgabe-3.0.0.xml" << "3.0.0/xdomea-Nachrichten-AbgabeDurchfuehren.xsd";
    QTest::addRow("0401 3.1.0") << "abgabe-3.1.0.xml" << "3.1.0/xdomea-Nachrichten-AbgabeDurchfuehren.xsd";
    QTest::addRow("0503 2.4.0") << "aussonderung-2.4.0.xml" << "2.4.0/xdomea-Nachrichten-AussonderungDurchfuehren.xsd";
    QTest::addRow("0503 3.0.0") << "aussonderung-3.0.0.xml" << "3.0.0/xdomea-Nachrichten-AussonderungDurchfuehren.xsd";
    QTest::addRow("0503 3.1.0") << "aussonderung-3.1.0.xml" << "3.1.0/xdomea-Nachrichten-AussonderungDurchfuehren.xsd";
}

void TestXdomeaImportMessages::fixturesFollowTheOfficialSchemas()
{
    QFETCH(QString, file);
    QFETCH(QString, schema);
    const QString xmllint = QStandardPaths::findExecutable(QStringLiteral("xmllint"));
    QVERIFY2(!xmllint.isEmpty(), "xmllint (libxml2-utils) must be installed");
    QProcess p;
    p.start(xmllint,
        { QStringLiteral("--noout"), QStringLiteral("--nonet"), QStringLiteral("--schema"),
            kSource + QStringLiteral("/standards/xdomea/") + schema, fixturePath(file) });
    QVERIFY(p.waitForFinished(60000));
    const QByteArray said = p.readAllStandardError();
    QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0, said.constData());
    QVERIFY2(said.contains("validates"), said.constData());
}

void TestXdomeaImportMessages::importsEachVersion_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("requests");
    QTest::addColumn<QString>("title"); // of the last request (the Vorgang)
    QTest::addColumn<QString>("fileNumber");
    QTest::addColumn<QString>("service");
    QTest::addColumn<QString>("applicant");
    QTest::addColumn<QString>("sender");
    QTest::addColumn<QStringList>("documents"); // the Vorgang's, the message XML last
    QTest::addColumn<QStringList>("history"); // the Vorgang's Verlauf, "actor: text"
    const QStringList trees { QStringLiteral("Antrag auf Fällgenehmigung"), QStringLiteral("Lageplan Grundstück") };
    const QStringList treeHistory { QStringLiteral("S. Größer: Vorgang angelegt"),
        QStringLiteral("S. Größer: Metadatum geändert: Bearbeitungsstand „offen“ → „Ortstermin erfolgt“ (Baum "
                       "geschädigt, Fällung vertretbar)") };
    QTest::addRow("0401 2.4.0") << "abgabe-2.4.0.xml" << 1 << "Fällgenehmigung Spitzahorn, Flurstück 4711, Jürgen Weiß"
                                << "67.20-0815/2026-3" << "baumfaellung" << "Jürgen Weiß"
                                << "Landratsamt Böblingen, Amt für Grünflächen und Straßenbäume (LRA BB)" << trees
                                << treeHistory;
    QTest::addRow("0401 3.0.0") << "abgabe-3.0.0.xml" << 2 << "Fällgenehmigung Spitzahorn, Flurstück 4711 – Jürgen Weiß"
                                << "67.20-0815/2026-3" << "baumfaellung" << "Jürgen Weiß"
                                << "Landratsamt Böblingen – Amt für Grünflächen und Straßenbäume (LRA BB)" << trees
                                << treeHistory;
    QTest::addRow("0401 3.1.0") << "abgabe-3.1.0.xml" << 2 << "Fällgenehmigung Spitzahorn, Flurstück 4711 – Jürgen Weiß"
                                << "67.20-0815/2026-3" << "baumfaellung" << "Jürgen Weiß"
                                << "Landratsamt Böblingen – Amt für Grünflächen und Straßenbäume (LRA BB)" << trees
                                << treeHistory;
    QTest::addRow("0503 2.4.0") << "aussonderung-2.4.0.xml" << 1 << "Hundesteuer-Anmeldung Bärli, Halterin Änne Groß"
                                << "20.41-3307/2019-1"
                                << "hundesteuer" << ""
                                << "Landeshauptstadt Stuttgart, Stadtkämmerei, Steueramt (Amt 20)"
                                << QStringList { QStringLiteral("Anmeldung zur Hundesteuer") }
                                << QStringList { QStringLiteral("K. Schäfer: zdA verfügt") };
    QTest::addRow("0503 3.0.0") << "aussonderung-3.0.0.xml" << 2 << "Hundesteuer-Abmeldung „Bärli“, Halterin Änne Groß"
                                << "20.41-3307/2019-2"
                                << "hundesteuer" << ""
                                << "Landeshauptstadt Stuttgart – Stadtkämmerei, Steueramt (Amt 20)"
                                << QStringList { QStringLiteral("Abmeldung von der Hundesteuer") }
                                << QStringList { QStringLiteral("K. Schäfer: Abmeldung eingegangen"),
                                       QStringLiteral("K. Schäfer: zdA verfügt") };
    QTest::addRow("0503 3.1.0") << "aussonderung-3.1.0.xml" << 1 << "Hundesteuer-Anmeldung „Bärli“, Halterin Änne Groß"
                                << "20.41-3307/2019-1"
                                << "hundesteuer" << ""
                                << "Landeshauptstadt Stuttgart – Stadtkämmerei, Steueramt (Amt 20)"
                                << QStringList { QStringLiteral("Anmeldung zur Hundesteuer") }
                                << QStringList { QStringLiteral("K. Schäfer: zdA verfügt") };
}

void TestXdomeaImportMessages::importsEachVersion()
{
    QFETCH(QString, file);
    QFETCH(int, requests);
    QFETCH(QString, title);
    QFETCH(QString, fileNumber);
    QFETCH(QString, service);
    QFETCH(QString, applicant);
    QFETCH(QString, sender);
    QFETCH(QStringList, documents);
    QFETCH(QStringList, history);
    const QString xml = fixture(file);
    QVERIFY(!xml.isEmpty());
    const QString path = zip(xml, file + QStringLiteral(".zip"));
    QVERIFY(!path.isEmpty());
    QVERIFY(xdomea::looksLikeXdomea(path));

    auto result = xdomea::importPackage(*m_store, path, { QStringLiteral("m.yilmaz"), QStringLiteral("m.yilmaz"), {} });
    QVERIFY2(result.ok(), qPrintable(result.errorString()));
    QCOMPARE(result->requestIds.size(), requests);
    const QList<Request> imported = xdomeaRequests();
    QCOMPARE(imported.size(), requests);
    const Request& r = imported.last();
    QCOMPARE(r.id, result->requestIds.last());
    QCOMPARE(r.channel, QStringLiteral("xdomea"));
    QCOMPARE(r.form.value(QLatin1String("xdomea_title")).toString(), title);
    QCOMPARE(r.fileNumber, fileNumber);
    QCOMPARE(r.reference, fileNumber);
    QCOMPARE(r.serviceId, service);
    QCOMPARE(r.teamId, service == QLatin1String("baumfaellung") ? QStringLiteral("baumschutz") : service);
    QCOMPARE(r.assignee, QStringLiteral("m.yilmaz"));
    QCOMPARE(r.status, QStringLiteral("received"));
    QCOMPARE(r.applicant.name, applicant);
    QCOMPARE(r.form.value(QLatin1String("xdomea_sender")).toString(), sender);
    QCOMPARE(r.form.value(QLatin1String("xdomea_process_id")).toString(),
        messageNameOf(xml).section(QLatin1Char('_'), 0, 0));

    // The documents: the PDFs exactly as packed, and the original message as the last one.
    DocumentCache cache(*m_store);
    QList<QByteArray> packed;
    for (const QString& f : namedFiles(xml))
        packed << pdfFor(f);
    const QList<Document> docs = cache.documentsOf(r.id);
    QStringList titles;
    QByteArray messageBytes;
    for (const Document& d : docs) {
        auto bytes = cache.content(d.id);
        QVERIFY2(bytes.ok(), qPrintable(d.title));
        if (d.kind == QLatin1String("xdomea")) {
            QCOMPARE(d.mimeType, QStringLiteral("application/xml"));
            messageBytes = bytes.value();
            continue;
        }
        titles << d.title;
        QCOMPARE(d.mimeType, QStringLiteral("application/pdf"));
        QVERIFY2(packed.contains(bytes.value()), qPrintable(d.title));
    }
    titles.sort();
    QStringList expected = documents;
    expected.sort();
    QCOMPARE(titles, expected);
    QCOMPARE(QString::fromUtf8(messageBytes), xml);
    QCOMPARE(r.attachmentCount, documents.size() + 1);

    // The Verlauf: the sender's history, then the import.
    auto timeline = m_store->timeline().of(r.id);
    QVERIFY(timeline.ok());
    QStringList seen;
    for (const TimelineEvent& t : timeline.value())
        if (t.kind == QLatin1String("xdomea_history"))
            seen << QStringLiteral("%1: %2").arg(t.actor, t.text);
    QCOMPARE(seen, history);
    QCOMPARE(timeline->last().kind, QStringLiteral("imported"));
    QCOMPARE(timeline->last().actor, QStringLiteral("m.yilmaz"));
    QVERIFY(timeline->last().text.contains(QStringLiteral("ProzessID")));
}

void TestXdomeaImportMessages::abgabe310MakesTwoRequests()
{
    // The Dokument that stands directly in the Akte is a request of its own, under the Akte's number.
    const QString xml = fixture(QStringLiteral("abgabe-3.1.0.xml"));
    auto result = xdomea::importPackage(
        *m_store, zip(xml, QStringLiteral("a.zip")), { QStringLiteral("m.yilmaz"), QStringLiteral("m.yilmaz"), {} });
    QVERIFY2(result.ok(), qPrintable(result.errorString()));
    const QList<Request> imported = xdomeaRequests();
    QCOMPARE(imported.size(), 2);
    const Request& expert = imported.first();
    QCOMPARE(expert.form.value(QLatin1String("xdomea_title")).toString(), QStringLiteral("Gutachten Straßenbäume Süd"));
    QCOMPARE(expert.fileNumber, QStringLiteral("67.20-0815/2026"));
    QVERIFY(expert.form.value(QLatin1String("xdomea_file")).toString().contains(QStringLiteral("Königstraße")));
    const QList<Document> docs = DocumentCache(*m_store).documentsOf(expert.id);
    QCOMPARE(docs.size(), 2);
    // Found by the search as any request: the sender's words are in the index.
    auto hits = m_store->search(QStringLiteral("Straßenbäume"));
    QVERIFY(hits.ok());
    QCOMPARE(hits->size(), 2);
}

void TestXdomeaImportMessages::abgabe300IsAMessageOfItsOwn()
{
    // Not the 3.1.0 fixture under another namespace: its Dokument in the Akte comes in two Versionen,
    // each a document of that request, named after its original file.
    const QString xml = fixture(QStringLiteral("abgabe-3.0.0.xml"));
    QString same = fixture(QStringLiteral("abgabe-3.1.0.xml"));
    same.replace(QStringLiteral("3.1.0"), QStringLiteral("3.0.0"))
        .replace(QStringLiteral("a1b2c3d4-"), QStringLiteral("b2c3d4e5-"));
    static const QRegularExpression head(
        QStringLiteral("^.*<xdomea:Schriftgutobjekt>"), QRegularExpression::DotMatchesEverythingOption);
    QVERIFY(QString(xml).remove(head) != same.remove(head));
    auto result = xdomea::importPackage(
        *m_store, zip(xml, QStringLiteral("v300.zip")), { QStringLiteral("m.yilmaz"), QStringLiteral("m.yilmaz"), {} });
    QVERIFY2(result.ok(), qPrintable(result.errorString()));
    QCOMPARE(result->version, xdomea::Version::V3_0_0);
    const QList<Request> imported = xdomeaRequests();
    QCOMPARE(imported.size(), 2);
    QStringList titles;
    for (const Document& d : DocumentCache(*m_store).documentsOf(imported.first().id))
        if (d.kind != QLatin1String("xdomea"))
            titles << d.title;
    titles.sort();
    QCOMPARE(titles,
        QStringList({ QStringLiteral("Gutachten Straßenbäume Süd (Gutachten Straßenbäume Süd, ergänzt.pdf)"),
            QStringLiteral("Gutachten Straßenbäume Süd (Gutachten Straßenbäume Süd.pdf)") }));
}

void TestXdomeaImportMessages::sameMessageTwiceIsRefused()
{
    const QString xml = fixture(QStringLiteral("aussonderung-3.1.0.xml"));
    const QString path = zip(xml, QStringLiteral("twice.zip"));
    QVERIFY(xdomea::importPackage(*m_store, path, { QStringLiteral("m.yilmaz"), QStringLiteral("m.yilmaz"), {} }).ok());
    const QStringList before = snapshot();
    auto again = xdomea::importPackage(*m_store, path, { QStringLiteral("m.yilmaz"), QStringLiteral("m.yilmaz"), {} });
    QVERIFY(!again.ok());
    QCOMPARE(again.error().code, Error::AlreadyExists);
    QVERIFY2(again.errorString().contains(QStringLiteral("imported on this computer before")),
        qPrintable(again.errorString()));
    QCOMPARE(snapshot(), before);
}

void TestXdomeaImportMessages::coverLetterTeilvorgangAndAnlage()
{
    // The 3.1.0 message with what it may carry besides: a cover letter (Anschreiben) for the whole
    // hand-over, a Teilvorgang in the Vorgang, and an Anlage to one of its documents. Still valid.
    const QString format = QStringLiteral(
        "<xdomea:Version><xdomea:Nummer>1</xdomea:Nummer><xdomea:Format><xdomea:Name "
        "listURI=\"urn:xoev-de:xdomea:codeliste:dateiformat\" listVersionID=\"2.0\"><code>018</code></xdomea:Name>"
        "<xdomea:Version>1.7</xdomea:Version><xdomea:Primaerdokument><xdomea:Dateiname>%1</xdomea:Dateiname>"
        "</xdomea:Primaerdokument></xdomea:Format></xdomea:Version>");
    auto document = [&](const char* element, const QString& id, const QString& subject, const QString& inner) {
        return QStringLiteral("<xdomea:%1><xdomea:Identifikation><xdomea:ID>%2</xdomea:ID></xdomea:Identifikation>"
                              "<xdomea:AllgemeineMetadaten><xdomea:Betreff>%3</xdomea:Betreff>"
                              "</xdomea:AllgemeineMetadaten>%4</xdomea:%1>")
            .arg(QLatin1String(element), id, subject, inner);
    };
    const QString id10 = QStringLiteral("a1b2c3d4-0010-4e5f-8a9b-0c1d2e3f4a5b");
    const QString id12 = QStringLiteral("a1b2c3d4-0012-4e5f-8a9b-0c1d2e3f4a5b");
    const QString id13 = QStringLiteral("a1b2c3d4-0013-4e5f-8a9b-0c1d2e3f4a5b");
    QString xml = fixture(QStringLiteral("abgabe-3.1.0.xml"));
    xml.replace(QStringLiteral("</xdomea:Kopf>"),
        QStringLiteral("</xdomea:Kopf>")
            + document("Anschreiben", id10, QStringLiteral("Abgabe wegen Zuständigkeitswechsel"),
                format.arg(id10 + QStringLiteral("_Anschreiben.pdf"))));
    const QString anlage
        = document("Anlage", id13, QStringLiteral("Foto des Baums"), format.arg(id13 + QStringLiteral("_Foto.pdf")));
    xml.replace(QStringLiteral("</xdomea:Kontakt>\n        </xdomea:Vorgang>"),
        QStringLiteral("</xdomea:Kontakt><xdomea:Teilvorgang><xdomea:Identifikation><xdomea:ID>"
                       "a1b2c3d4-0011-4e5f-8a9b-0c1d2e3f4a5b</xdomea:ID></xdomea:Identifikation>")
            + document("Dokument", id12, QStringLiteral("Nachforderung Baumgutachten"),
                format.arg(id12 + QStringLiteral("_Nachforderung.pdf")) + anlage)
            + QStringLiteral("</xdomea:Teilvorgang>\n        </xdomea:Vorgang>"));
    QVERIFY(xml.contains(QStringLiteral("Teilvorgang")));
    const QString messagePath = m_dir->filePath(QStringLiteral("more.xml"));
    {
        QFile f(messagePath);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(xml.toUtf8());
    }
    QProcess lint;
    lint.start(QStandardPaths::findExecutable(QStringLiteral("xmllint")),
        { QStringLiteral("--noout"), QStringLiteral("--nonet"), QStringLiteral("--schema"),
            kSource + QStringLiteral("/standards/xdomea/3.1.0/xdomea-Nachrichten-AbgabeDurchfuehren.xsd"),
            messagePath });
    QVERIFY(lint.waitForFinished(60000));
    QVERIFY2(lint.exitCode() == 0, lint.readAllStandardError().constData());

    auto result = xdomea::importPackage(
        *m_store, zip(xml, QStringLiteral("more.zip")), { QStringLiteral("m.yilmaz"), QStringLiteral("m.yilmaz"), {} });
    QVERIFY2(result.ok(), qPrintable(result.errorString()));
    QCOMPARE(result->requestIds.size(), 2);
    DocumentCache cache(*m_store);
    QStringList vorgang;
    QByteArray letterOfVorgang;
    for (const Document& d : cache.documentsOf(result->requestIds.last())) {
        vorgang << d.title;
        if (d.title.contains(QStringLiteral("Zuständigkeitswechsel"))) {
            auto bytes = cache.content(d.id);
            QVERIFY2(bytes.ok(), qPrintable(bytes.errorString()));
            letterOfVorgang = bytes.value();
        }
    }
    vorgang.sort();
    QCOMPARE(vorgang,
        QStringList({ QStringLiteral("Antrag auf Fällgenehmigung"),
            QStringLiteral("Cover letter: Abgabe wegen Zuständigkeitswechsel"), QStringLiteral("Foto des Baums"),
            QStringLiteral("Lageplan Grundstück"), QStringLiteral("Nachforderung Baumgutachten"),
            QStringLiteral("xdomea message 3f2a6c1e-8b4d-4e7a-9c21-5d6e7f809a1b_Abgabe.Abgabe.0401.xml") }));
    QCOMPARE(letterOfVorgang, pdfFor(id10 + QStringLiteral("_Anschreiben.pdf")));
    // The cover letter goes with the other request too, the same bytes.
    QByteArray letterOfDocument;
    for (const Document& d : cache.documentsOf(result->requestIds.first()))
        if (d.title.contains(QStringLiteral("Zuständigkeitswechsel"))) {
            auto bytes = cache.content(d.id);
            QVERIFY2(bytes.ok(), qPrintable(bytes.errorString()));
            letterOfDocument = bytes.value();
        }
    QCOMPARE(letterOfDocument, letterOfVorgang);
    QCOMPARE(result->documents, 6 + 3);
}

QTEST_GUILESS_MAIN(TestXdomeaImportMessages)
#include "tst_xdomea_import_messages.moc"
