// xdomea messages into a real SQLCipher store. The fixtures (tests/data/xdomea: 0401 Abgabe of
// xdomea 2.4.0, 3.0.0 and 3.1.0, 0503 Aussonderung of 3.1.0, hand-written) are validated against
// the official schemas in standards/xdomea with xmllint, packed with PDFs made here, imported, and
// the requests, documents and Verlauf entries read back. Every hostile variant is refused with its
// own message, and after each refusal every row of every table and every content file is as
// before.
#include "../common/XdomeaFixtures.h"
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

namespace {

const QString kSource = QStringLiteral(CLERKDESK_SOURCE_DIR);

QString fixture(const QString& name)
{
    return testxdomea::fixture(kSource, name);
}

QString fixturePath(const QString& name)
{
    return testxdomea::fixturePath(kSource, name);
}

using testxdomea::Build;
using testxdomea::messageNameOf;
using testxdomea::namedFiles;
using testxdomea::pdfFor;

} // namespace

class TestXdomeaImport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void fixturesFollowTheOfficialSchemas_data();
    void fixturesFollowTheOfficialSchemas();
    void importsEachVersion_data();
    void importsEachVersion();
    void abgabe310MakesTwoRequests();
    void sameMessageTwiceIsRefused();
    void coverLetterTeilvorgangAndAnlage();
    void hostileIsRefusedAndNothingWritten_data();
    void hostileIsRefusedAndNothingWritten();
    void cancelAfterADocumentWasWritten();
    void importRunsAsAJob();
    void cliVerifiesAndImports();

private:
    QString zip(const QString& xml, const QString& name, const Build& build = {});
    QStringList snapshot();
    QList<Request> xdomeaRequests();
    qint64 requestCount();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Store> m_store;
};

void TestXdomeaImport::init()
{
    m_store.reset();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_store = std::make_unique<Store>(m_dir->filePath(QStringLiteral("profile.db")));
    QVERIFY(m_store->create("xdomea-test-passphrase"));
    // The catalogue: one service of office 67 and one of office 20 (the fixtures' Aktenzeichen).
    Service trees;
    trees.id = QStringLiteral("baumfaellung");
    trees.nameDe = QStringLiteral("Baumfällgenehmigung");
    trees.office = QStringLiteral("67");
    trees.teamId = QStringLiteral("baumschutz");
    trees.states = { QStringLiteral("received"), QStringLiteral("in_progress") };
    Service dogs = trees;
    dogs.id = QStringLiteral("hundesteuer");
    dogs.nameDe = QStringLiteral("Hundesteuer-Anmeldung");
    dogs.office = QStringLiteral("20");
    dogs.teamId = QStringLiteral("hundesteuer");
    QVERIFY(m_store->upsertServices({ trees, dogs }));
    // Something on this computer already: a request with a document in a content file.
    Request other;
    other.id = QStringLiteral("5c0a7e21-3b4d-4c6e-8f10-2a3b4c5d6e7f");
    other.reference = QStringLiteral("STU-2026-000777");
    other.serviceId = trees.id;
    other.teamId = trees.teamId;
    other.channel = QStringLiteral("portal");
    other.submittedAt = QDateTime(QDate(2026, 11, 2), QTime(9, 15), QTimeZone::UTC);
    other.status = QStringLiteral("received");
    other.applicant.name = QStringLiteral("Erika Musterfrau");
    QVERIFY(m_store->upsertRequests({ other }));
    DocumentCache cache(*m_store);
    const QByteArray bytes = pdfFor(QStringLiteral("Bauplan.pdf"));
    QVERIFY(cache.upsertDocuments({ Document { QStringLiteral("7d1b8f32-4c5e-4d7f-9a21-3b4c5d6e7f80"), other.id,
        QStringLiteral("Bauplan"), QStringLiteral("plan"), QStringLiteral("application/pdf"), bytes.size(), {}, 1 } }));
    QFile file(m_dir->filePath(QStringLiteral("bauplan.pdf")));
    QVERIFY(file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size());
    file.close();
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(cache.putContent(QStringLiteral("7d1b8f32-4c5e-4d7f-9a21-3b4c5d6e7f80"), file));
}

QString TestXdomeaImport::zip(const QString& xml, const QString& name, const Build& build)
{
    return testxdomea::pack(xml, m_dir->filePath(name), build);
}

// Every row of every table (the search index's own tables included) and every content file.
QStringList TestXdomeaImport::snapshot()
{
    QStringList out;
    sql::Connection& c = m_store->connection();
    QStringList tables;
    auto t = c.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                     "AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name");
    while (t.next())
        tables << t.text(0);
    for (const QString& table : std::as_const(tables)) {
        QStringList columns;
        auto q = c.query("SELECT name FROM pragma_table_info(?1)");
        q.bindAll(table);
        while (q.next())
            columns << QStringLiteral("quote(\"%1\")").arg(q.text(0));
        auto rows
            = c.query(QStringLiteral("SELECT %1 FROM \"%2\"").arg(columns.join(QStringLiteral(" || '|' || ")), table));
        QStringList lines;
        while (rows.next())
            lines << table + QStringLiteral(": ") + rows.text(0);
        lines.sort();
        out << lines;
    }
    const QDir folder(m_store->contentFiles()->folder());
    for (const QString& name : folder.entryList(QDir::Files | QDir::Hidden | QDir::System)) {
        QFile f(folder.filePath(name));
        out << name + QStringLiteral(": ")
                + QString::fromLatin1((f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("unreadable")).toHex());
    }
    return out;
}

QList<Request> TestXdomeaImport::xdomeaRequests()
{
    QList<Request> out;
    auto q = m_store->connection().query("SELECT id FROM requests WHERE channel = 'xdomea' ORDER BY rid");
    while (q.next()) {
        auto r = m_store->request(q.text(0));
        if (r)
            out << r.value();
    }
    return out;
}

qint64 TestXdomeaImport::requestCount()
{
    auto q = m_store->connection().query("SELECT count(*) FROM requests");
    return q.next() ? q.int64(0) : -1;
}

void TestXdomeaImport::fixturesFollowTheOfficialSchemas_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("schema");
    QTest::addRow("0401 2.4.0") << "abgabe-2.4.0.xml" << "2.4.0/xdomea-Nachrichten-AbgabeDurchfuehren.xsd";
    QTest::addRow("0401 3.0.0") << "abgabe-3.0.0.xml" << "3.0.0/xdomea-Nachrichten-AbgabeDurchfuehren.xsd";
    QTest::addRow("0401 3.1.0") << "abgabe-3.1.0.xml" << "3.1.0/xdomea-Nachrichten-AbgabeDurchfuehren.xsd";
    QTest::addRow("0503 3.1.0") << "aussonderung-3.1.0.xml" << "3.1.0/xdomea-Nachrichten-AussonderungDurchfuehren.xsd";
}

void TestXdomeaImport::fixturesFollowTheOfficialSchemas()
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

void TestXdomeaImport::importsEachVersion_data()
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
    QTest::addRow("0503 3.1.0") << "aussonderung-3.1.0.xml" << 1 << "Hundesteuer-Anmeldung „Bärli“, Halterin Änne Groß"
                                << "20.41-3307/2019-1"
                                << "hundesteuer" << ""
                                << "Landeshauptstadt Stuttgart – Stadtkämmerei, Steueramt (Amt 20)"
                                << QStringList { QStringLiteral("Anmeldung zur Hundesteuer") }
                                << QStringList { QStringLiteral("K. Schäfer: zdA verfügt") };
}

void TestXdomeaImport::importsEachVersion()
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

void TestXdomeaImport::abgabe310MakesTwoRequests()
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

void TestXdomeaImport::sameMessageTwiceIsRefused()
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

void TestXdomeaImport::coverLetterTeilvorgangAndAnlage()
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

void TestXdomeaImport::hostileIsRefusedAndNothingWritten_data()
{
    QTest::addColumn<QString>("xml");
    QTest::addColumn<QStringList>("leaveOut");
    QTest::addColumn<QString>("extraFile");
    QTest::addColumn<QByteArray>("messageBytes");
    QTest::addColumn<QString>("words");
    const QString good = fixture(QStringLiteral("abgabe-3.1.0.xml"));
    const QString antrag = QStringLiteral("a1b2c3d4-0004-4e5f-8a9b-0c1d2e3f4a5b_Antrag.pdf");
    const QString lageplan = QStringLiteral("a1b2c3d4-0005-4e5f-8a9b-0c1d2e3f4a5b_Lageplan.pdf");
    auto with = [&good](const QString& from, const QString& to) { return QString(good).replace(from, to); };
    QTest::addRow("Dateiname with ../") << with(
        antrag, QStringLiteral("a1b2c3d4-0004-4e5f-8a9b-0c1d2e3f4a5b_/../../etc/passwd"))
                                        << QStringList() << QString() << QByteArray()
                                        << "a path that leaves the package's folder";
    QTest::addRow("absolute Dateiname") << with(antrag, QStringLiteral("/etc/passwd")) << QStringList() << QString()
                                        << QByteArray() << "with an absolute path";
    QTest::addRow("backslash Dateiname") << with(
        antrag, QStringLiteral("a1b2c3d4-0004-4e5f-8a9b-0c1d2e3f4a5b_..\\..\\win.ini"))
                                         << QStringList() << QString() << QByteArray() << "with a backslash";
    QTest::addRow("file named twice") << with(lageplan, antrag) << QStringList() << QString() << QByteArray()
                                      << QStringLiteral("names the file \"%1\" twice").arg(antrag);
    QTest::addRow("document named twice") << with(QStringLiteral("a1b2c3d4-0005-4e5f-8a9b-0c1d2e3f4a5b</xdomea:ID>"),
        QStringLiteral("a1b2c3d4-0004-4e5f-8a9b-0c1d2e3f4a5b</xdomea:ID>"))
                                          << QStringList() << QString() << QByteArray()
                                          << "names the document a1b2c3d4-0004-4e5f-8a9b-0c1d2e3f4a5b twice";
    QTest::addRow("named document missing") << good << QStringList { lageplan } << QString() << QByteArray()
                                            << QStringLiteral("names the file \"%1\", which is not in").arg(lageplan);
    QTest::addRow("file the message does not name")
        << good << QStringList() << QStringLiteral("a1b2c3d4-0009-4e5f-8a9b-0c1d2e3f4a5b_Extra.pdf") << QByteArray()
        << "which the xdomea message does not name";
    // 17 MiB that do not compress (else the archive's bomb check refuses it first).
    QByteArray noise(13 << 20, Qt::Uninitialized);
    QRandomGenerator random(2026);
    random.fillRange(reinterpret_cast<quint32*>(noise.data()), noise.size() / 4);
    QTest::addRow("message over 16 MiB") << with(QStringLiteral("<xdomea:Kopf>"),
        QStringLiteral("<!-- %1 --><xdomea:Kopf>").arg(QString::fromLatin1(noise.toBase64())))
                                         << QStringList() << QString() << QByteArray()
                                         << "ClerkDesk reads messages of at most 16 MiB";
    QTest::addRow("entity expansion") << with(QStringLiteral("<xdomea:Abgabe.Abgabe.0401 "),
        QStringLiteral("<!DOCTYPE xdomea:Abgabe.Abgabe.0401 [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b "
                       "\"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>\n"
                       "<xdomea:Abgabe.Abgabe.0401 "))
                                             .replace(
                                                 QStringLiteral("Gutachten Straßenbäume Süd<"), QStringLiteral("&c;<"))
                                      << QStringList() << QString() << QByteArray() << "declares a DTD or entities";
    QTest::addRow("wrong namespace") << with(
        QStringLiteral("urn:xoev-de:xdomea:schema:3.1.0"), QStringLiteral("urn:example:not-xdomea"))
                                     << QStringList() << QString() << QByteArray()
                                     << "which is not an xdomea namespace";
    QTest::addRow("element in another namespace")
        << with(QStringLiteral("<xdomea:Schriftgutobjekt>"),
               QStringLiteral("<xdomea:Schriftgutobjekt><x:Akte xmlns:x=\"urn:example:other\"/>"))
        << QStringList() << QString() << QByteArray() << "in the namespace \"urn:example:other\"";
    QTest::addRow("non-XML message") << good << QStringList() << QString() << pdfFor(QStringLiteral("kein.xml"))
                                     << "named as the xdomea message is not XML";
    QTest::addRow("another message type")
        << with(QStringLiteral("Abgabe.Abgabe.0401"), QStringLiteral("Abgabe.EmpfangBestaetigen.0403")) << QStringList()
        << QString() << QByteArray() << "of type 0403 (Abgabe.EmpfangBestaetigen.0403)";
}

void TestXdomeaImport::hostileIsRefusedAndNothingWritten()
{
    QFETCH(QString, xml);
    QFETCH(QStringList, leaveOut);
    QFETCH(QString, extraFile);
    QFETCH(QByteArray, messageBytes);
    QFETCH(QString, words);
    Build build;
    build.leaveOut = leaveOut;
    if (!extraFile.isEmpty())
        build.extra.insert(extraFile, pdfFor(extraFile));
    build.messageBytes = messageBytes;
    // (A name with "/" or "\" cannot be put into the ZIP: the archive's own checks would refuse it
    // first. The message names it; the ZIP holds everything else.)
    QStringList unpackable;
    for (const QString& f : namedFiles(xml))
        if (f.contains(QLatin1Char('/')) || f.contains(QLatin1Char('\\')))
            unpackable << f;
    build.leaveOut << unpackable;
    const QString path = zip(xml, QStringLiteral("hostile.zip"), build);
    QVERIFY(!path.isEmpty());

    const QStringList before = snapshot();
    QVERIFY(before.size() > 10);
    const qint64 requestsBefore = requestCount();
    QCOMPARE(requestsBefore, 1);
    auto verified = xdomea::verify(path);
    QVERIFY(!verified.ok());
    auto result = xdomea::importPackage(*m_store, path, { QStringLiteral("m.yilmaz"), QStringLiteral("m.yilmaz"), {} });
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, Error::Invalid);
    QVERIFY2(result.errorString().contains(words), qPrintable(result.errorString()));
    QCOMPARE(verified.errorString(), result.errorString());
    QCOMPARE(snapshot(), before);
    QCOMPARE(xdomeaRequests().size(), 0);
    QCOMPARE(requestCount(), requestsBefore);
}

void TestXdomeaImport::cancelAfterADocumentWasWritten()
{
    // The second half of the progress is the writing: a cancel there, after the first document's
    // bytes went into a content file, rolls everything back and removes that file.
    const QString path = zip(fixture(QStringLiteral("abgabe-3.1.0.xml")), QStringLiteral("cancel.zip"));
    const QStringList before = snapshot();
    qint64 lastDone = 0;
    bool writing = false;
    auto result = xdomea::importPackage(*m_store, path, { QStringLiteral("m.yilmaz"), QStringLiteral("m.yilmaz"), {} },
        {}, [&](qint64 done, qint64 total) {
            lastDone = done;
            writing = done > total / 2;
            return !writing;
        });
    QVERIFY(writing);
    QVERIFY(lastDone > 0);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, Error::Cancelled);
    QCOMPARE(snapshot(), before);
}

void TestXdomeaImport::importRunsAsAJob()
{
    const QString path = zip(fixture(QStringLiteral("abgabe-2.4.0.xml")), QStringLiteral("job.zip"));
    JobRunner runner;
    auto* job = new XdomeaImportJob(*m_store, path, { QStringLiteral("m.yilmaz"), QStringLiteral("m.yilmaz"), {} });
    Status status = Error { Error::Internal, QStringLiteral("not finished"), {} };
    QStringList ids;
    connect(job, &Job::finished, this, [&] { // before the runner deletes the job
        status = job->status();
        ids = job->result().requestIds;
    });
    QSignalSpy done(&runner, &JobRunner::finished);
    runner.start(job);
    QVERIFY(done.wait(60000));
    QVERIFY2(status.ok(), qPrintable(status.errorString()));
    QCOMPARE(ids.size(), 1);
    // Written on the job's own connection: this one sees it after the commit.
    QCOMPARE(xdomeaRequests().size(), 1);
    QCOMPARE(xdomeaRequests().first().id, ids.first());
}

void TestXdomeaImport::cliVerifiesAndImports()
{
    const QString xml = fixture(QStringLiteral("aussonderung-3.1.0.xml"));
    const QString path = zip(xml, QStringLiteral("6d5e9f4b-be7a-4bad-8f54-8091a2b3cd4e_Aussonderung.zip"));
    auto run = [&](const QStringList& args, QByteArray* out, QByteArray* err) {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("CLERKDESK_PASSPHRASE"), QStringLiteral("xdomea-test-passphrase"));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(CLERKDESK_CLI_PATH), args);
        if (!p.waitForFinished(120000))
            return -1;
        *out = p.readAllStandardOutput();
        *err = p.readAllStandardError();
        return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    };
    QByteArray out, err;
    QCOMPARE(run({ QStringLiteral("efile"), QStringLiteral("verify"), path }, &out, &err), 0);
    QVERIFY2(out.contains("xdomea 3.1.0 Aussonderung.Aussonderung.0503"), out.constData());
    QVERIFY(out.contains("ProzessID: 6d5e9f4b-be7a-4bad-8f54-8091a2b3cd4e"));
    QVERIFY(QString::fromUtf8(out).contains(QStringLiteral("sender: Landeshauptstadt Stuttgart – Stadtkämmerei")));

    const QString db = m_dir->filePath(QStringLiteral("profile.db"));
    QCOMPARE(
        run({ QStringLiteral("efile"), QStringLiteral("import"), QStringLiteral("--db"), db, path }, &out, &err), 0);
    QVERIFY2(out.contains("1 request(s), 2 document(s)"), out.constData());
    QCOMPARE(xdomeaRequests().size(), 1);
    QCOMPARE(xdomeaRequests().first().serviceId, QStringLiteral("hundesteuer"));
    // Again: refused as imported before (exit 4), nothing changed.
    const QStringList before = snapshot();
    QCOMPARE(
        run({ QStringLiteral("efile"), QStringLiteral("import"), QStringLiteral("--db"), db, path }, &out, &err), 4);
    QVERIFY2(err.contains("imported on this computer before"), err.constData());
    QCOMPARE(snapshot(), before);
    // A hostile one: exit 2, the reason on stderr.
    const QString hostile = zip(QString(xml).replace(QStringLiteral("_Anmeldung.pdf"), QStringLiteral("_/../x.pdf")),
        QStringLiteral("hostile.zip"),
        Build { { QStringLiteral("d4e5f6a7-0003-4b5c-9d6e-7f8091a2b3c4_/../x.pdf") }, {}, {} });
    QCOMPARE(
        run({ QStringLiteral("efile"), QStringLiteral("import"), QStringLiteral("--db"), db, hostile }, &out, &err), 2);
    QVERIFY2(err.contains("leaves the package's folder"), err.constData());
    QCOMPARE(snapshot(), before);
}

QTEST_GUILESS_MAIN(TestXdomeaImport)
#include "tst_xdomea_import.moc"
