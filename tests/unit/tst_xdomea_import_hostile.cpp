// Attacks on the xdomea import (the attacker review of issue 22), each input built here: a history
// bomb (an Akte's long history times many Vorgänge), one object with too long a history, XFDF
// annotations beyond the message's limits, a ProzessID that is no UUID. Each is refused with a
// message naming the limit, and nothing is written; the Akte's history lands once. The 0402 beside
// the import never goes through a link or over a file a sender placed in the folder.
#include "XdomeaImportFixture.h"
#include "core/store/Store.h"
#include "core/xdomea/XdomeaAcknowledgement.h"
#include "core/xdomea/XdomeaPackage.h"

#include <KZip>
#include <QProcess>
#include <QTest>
#include <QUuid>

using namespace clerk;
using namespace clerk::xdomeatest;

namespace {

const QString kNs = QStringLiteral("urn:xoev-de:xdomea:schema:3.1.0");

QString kopf(const QString& processId)
{
    return QStringLiteral("<Kopf><ProzessID>%1</ProzessID><Nachrichtentyp><code xmlns=\"\">0401</code>"
                          "</Nachrichtentyp><Erstellungszeitpunkt>2026-01-01T00:00:00Z</Erstellungszeitpunkt></Kopf>")
        .arg(processId);
}

QString entry(int i)
{
    return QStringLiteral("<HistorienProtokollInformation><Akteur>A. Akte</Akteur><DatumUhrzeit>2026-01-0%1T10:00:00Z"
                          "</DatumUhrzeit><Aktion>Eintrag %1</Aktion></HistorienProtokollInformation>")
        .arg(i);
}

// A Vorgang with `count` Dokumente, each a PDF and its annotations (XFDF) in one Version; the files
// into `files`.
QByteArray annotatedVorgang(int count, const QByteArray& xfdf, QMap<QString, QByteArray>& files)
{
    QByteArray body = "<Schriftgutobjekt><Vorgang><Identifikation><ID>v-anno</ID></Identifikation>";
    for (int i = 0; i < count; ++i) {
        const QString pdf = QStringLiteral("d%1.pdf").arg(i);
        const QString marks = QStringLiteral("d%1.xfdf").arg(i);
        body += QStringLiteral("<Dokument><Identifikation><ID>d-%1</ID></Identifikation><Version><Nummer>1</Nummer>"
                               "<Format><Primaerdokument><Dateiname>%2</Dateiname></Primaerdokument></Format>"
                               "<Format><Primaerdokument><Dateiname>%3</Dateiname></Primaerdokument></Format>"
                               "</Version></Dokument>")
                    .arg(i)
                    .arg(pdf, marks)
                    .toUtf8();
        files.insert(pdf, pdfFor(pdf));
        files.insert(marks, xfdf);
    }
    return body + "</Vorgang></Schriftgutobjekt>";
}

const QByteArray kXfdfHead = "<?xml version=\"1.0\"?><xfdf xmlns=\"http://ns.adobe.com/xfdf/\"><annots>";
const QByteArray kXfdfTail = "</annots></xfdf>";

} // namespace

class TestXdomeaImportHostile : public XdomeaImportFixture
{
    Q_OBJECT
private Q_SLOTS:
    void historyBombIsRefused();
    void messageHistoryLimit();
    void oneObjectWithTooLongAHistory();
    void akteHistoryLandsOnce();
    void annotationBytesOfTheMessage();
    void annotationsOfTheMessage();
    void processIdIsAUuid_data();
    void processIdIsAUuid();
    void acknowledgementNeverOverwrites();

private:
    // The message `body` (inside the root) as a 0401 of a fresh ProzessID, packed uncompressed
    // (a repetitive message would trip the archive's ratio check first), with `files` beside it.
    // `kopfId`: the ProzessID the Kopf says, when not the one the package's name carries.
    QString package(const QByteArray& body, const QString& name, const QMap<QString, QByteArray>& files = {},
        QString* processId = nullptr, bool deflate = false, const QString& kopfId = {});
    void expectRefused(const QString& path, const QString& words);
    int cli(const QStringList& args, QByteArray* err);
};

QString TestXdomeaImportHostile::package(const QByteArray& body, const QString& name,
    const QMap<QString, QByteArray>& files, QString* processId, bool deflate, const QString& kopfId)
{
    const QString pid = QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (processId)
        *processId = pid;
    const QByteArray xml
        = QStringLiteral("<Abgabe.Abgabe.0401 xmlns=\"%1\">%2").arg(kNs, kopf(kopfId.isEmpty() ? pid : kopfId)).toUtf8()
        + body + "</Abgabe.Abgabe.0401>";
    const QString path = m_dir->filePath(name);
    KZip z(path);
    if (!z.open(QIODevice::WriteOnly))
        return {};
    z.setCompression(deflate ? KZip::DeflateCompression : KZip::NoCompression);
    bool ok = z.writeFile(pid + QStringLiteral("_Abgabe.Abgabe.0401.xml"), xml);
    for (auto it = files.cbegin(); it != files.cend(); ++it)
        ok = ok && z.writeFile(it.key(), it.value());
    return z.close() && ok ? path : QString();
}

void TestXdomeaImportHostile::expectRefused(const QString& path, const QString& words)
{
    const QStringList before = snapshot();
    auto verified = xdomea::verify(path);
    QVERIFY(!verified.ok());
    QVERIFY2(verified.errorString().contains(words), qPrintable(verified.errorString()));
    auto result = xdomea::importPackage(*m_store, path, { QStringLiteral("m.yilmaz"), QStringLiteral("m.yilmaz"), {} });
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, Error::Invalid);
    QVERIFY2(result.errorString().contains(words), qPrintable(result.errorString()));
    QCOMPARE(snapshot(), before);
    QCOMPARE(xdomeaRequests().size(), 0);
}

int TestXdomeaImportHostile::cli(const QStringList& args, QByteArray* err)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("CLERKDESK_PASSPHRASE"), QStringLiteral("xdomea-test-passphrase"));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(CLERKDESK_CLI_PATH), args);
    if (!p.waitForFinished(120000))
        return -1;
    *err = p.readAllStandardError();
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

void TestXdomeaImportHostile::historyBombIsRefused()
{
    // The review's input: one Akte with 250,000 empty history entries, then 9,000 Vorgänge (8 MB).
    // Copied into each Vorgang that was 2.25 billion entries; now the reading stops at the limit.
    QByteArray body = "<Schriftgutobjekt><Akte>";
    body += QByteArray("<HistorienProtokollInformation/>").repeated(250000);
    body += "<Akteninhalt>" + QByteArray("<Vorgang/>").repeated(9000) + "</Akteninhalt></Akte></Schriftgutobjekt>";
    const QString path = package(body, QStringLiteral("history-bomb.zip"));
    QVERIFY(!path.isEmpty());
    QVERIFY(QFileInfo(path).size() > 8000000);
    // (The Akte's own list passes one request's limit first.)
    expectRefused(path, QStringLiteral("carries more than 10000 history entries (HistorienProtokollInformation)"));
    if (QTest::currentTestFailed())
        return;
    // The command line: verify and import refuse it too (exit 2), the reason on stderr.
    QByteArray err;
    QCOMPARE(cli({ QStringLiteral("efile"), QStringLiteral("verify"), path }, &err), 2);
    QVERIFY2(err.contains("more than 100000 history entries"), err.constData());
    const QStringList before = snapshot();
    const QString db = m_dir->filePath(QStringLiteral("profile.db"));
    QCOMPARE(cli({ QStringLiteral("efile"), QStringLiteral("import"), QStringLiteral("--db"), db, path }, &err), 2);
    QVERIFY2(err.contains("carries more than 10000 history entries"), err.constData());
    QCOMPARE(snapshot(), before);
}

void TestXdomeaImportHostile::messageHistoryLimit()
{
    // Each object below one request's limit, the message above its own: 11 Vorgänge of 9,500.
    QByteArray body;
    for (int v = 0; v < 11; ++v)
        body += "<Schriftgutobjekt><Vorgang>" + QByteArray("<HistorienProtokollInformation/>").repeated(9500)
            + "</Vorgang></Schriftgutobjekt>";
    expectRefused(package(body, QStringLiteral("many.zip")),
        QStringLiteral("The xdomea message holds more than 100000 history entries (HistorienProtokollInformation); "
                       "ClerkDesk does not import it at once."));
}

void TestXdomeaImportHostile::oneObjectWithTooLongAHistory()
{
    // Below the message's limit, above one request's: 10,001 entries on one Vorgang.
    QByteArray body = "<Schriftgutobjekt><Vorgang><Identifikation><ID>v-lang</ID></Identifikation>";
    body += QByteArray("<HistorienProtokollInformation/>").repeated(10001);
    body += "</Vorgang></Schriftgutobjekt>";
    expectRefused(package(body, QStringLiteral("long.zip")),
        QStringLiteral("The object v-lang of the xdomea message carries more than 10000 history entries"));
    // Spread over the Akte (10,000) and its first Vorgang (1): the sum counts.
    body = "<Schriftgutobjekt><Akte><Identifikation><ID>a-1</ID></Identifikation>";
    body += QByteArray("<HistorienProtokollInformation/>").repeated(10000);
    body += "<Akteninhalt><Vorgang><Identifikation><ID>v-1</ID></Identifikation><HistorienProtokollInformation/>"
            "</Vorgang></Akteninhalt></Akte></Schriftgutobjekt>";
    expectRefused(package(body, QStringLiteral("spread.zip")),
        QStringLiteral("The object v-1 of the xdomea message carries more than 10000 history entries"));
}

void TestXdomeaImportHostile::akteHistoryLandsOnce()
{
    // An Akte with three history entries and three Vorgänge of one entry each: the Akte's history
    // goes to the first Vorgang only (oldest first), the others keep their own.
    QByteArray body = "<Schriftgutobjekt><Akte><Identifikation><ID>a-1</ID></Identifikation>";
    for (int i = 1; i <= 3; ++i)
        body += entry(i).toUtf8();
    body += "<Akteninhalt>";
    for (int v = 1; v <= 3; ++v)
        body += QStringLiteral("<Vorgang><Identifikation><ID>v-%1</ID></Identifikation>%2</Vorgang>")
                    .arg(v)
                    .arg(entry(4 + v).replace(QStringLiteral("Eintrag"), QStringLiteral("Vorgang")))
                    .toUtf8();
    body += "</Akteninhalt></Akte></Schriftgutobjekt>";
    auto result = xdomea::importPackage(*m_store, package(body, QStringLiteral("akte.zip")),
        { QStringLiteral("m.yilmaz"), QStringLiteral("m.yilmaz"), {} });
    QVERIFY2(result.ok(), qPrintable(result.errorString()));
    QCOMPARE(result->requestIds.size(), 3);
    QList<QStringList> seen;
    for (const QString& id : result->requestIds) {
        QStringList texts;
        for (const TimelineEvent& t : m_store->timeline().of(id).value())
            if (t.kind == QLatin1String("xdomea_history"))
                texts << t.text;
        seen << texts;
    }
    QCOMPARE(seen.at(0),
        (QStringList { QStringLiteral("Eintrag 1"), QStringLiteral("Eintrag 2"), QStringLiteral("Eintrag 3"),
            QStringLiteral("Vorgang 5") }));
    QCOMPARE(seen.at(1), QStringList { QStringLiteral("Vorgang 6") });
    QCOMPARE(seen.at(2), QStringList { QStringLiteral("Vorgang 7") });
    QCOMPARE(result->timelineEntries, 6 + 3); // (and one "imported" entry each)
}

void TestXdomeaImportHostile::annotationBytesOfTheMessage()
{
    // 65 XFDF files just under 1 MiB each (below the archive's ratio check, far below one file's
    // 32 MiB): 65 MiB of annotations in one message, refused from the directory before reading.
    QByteArray xfdf = kXfdfHead + "<square page=\"0\" rect=\"0,0,1,1\"/><!--";
    xfdf += QByteArray((1 << 20) - 200 - xfdf.size(), ' ');
    xfdf += "-->" + kXfdfTail;
    QMap<QString, QByteArray> files;
    const QByteArray body = annotatedVorgang(65, xfdf, files);
    const QString path = package(body, QStringLiteral("xfdf-bytes.zip"), files, nullptr, true);
    QVERIFY(!path.isEmpty());
    expectRefused(path,
        QStringLiteral("The annotations of the xdomea message (XFDF files) come to 64 MiB; ClerkDesk takes at "
                       "most 64 MiB of annotations from one message."));
    // (65 × (1 MiB − 200 bytes) is just under 65 MiB: "64".)
}

void TestXdomeaImportHostile::annotationsOfTheMessage()
{
    // Six XFDF files of 9,000 annotations each (one file may hold 10,000): 54,000 in the message.
    QByteArray xfdf = kXfdfHead;
    for (int i = 0; i < 9000; ++i)
        xfdf += "<square page=\"0\" rect=\"0,0,1,1\"/>";
    xfdf += kXfdfTail;
    QMap<QString, QByteArray> files;
    const QByteArray body = annotatedVorgang(6, xfdf, files);
    const QString path = package(body, QStringLiteral("xfdf-count.zip"), files, nullptr, true);
    QVERIFY(!path.isEmpty());
    const QStringList before = snapshot();
    auto result = xdomea::importPackage(*m_store, path, { QStringLiteral("m.yilmaz"), QStringLiteral("m.yilmaz"), {} });
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, Error::Invalid);
    QVERIFY2(result.errorString().contains(QStringLiteral("carries more than 50000 annotations (XFDF files)")),
        qPrintable(result.errorString()));
    QCOMPARE(snapshot(), before);
    // Five of them (45,000) are taken over.
    files.clear();
    auto fine = xdomea::importPackage(*m_store,
        package(annotatedVorgang(5, xfdf, files), QStringLiteral("xfdf-fine.zip"), files, nullptr, true),
        { QStringLiteral("m.yilmaz"), QStringLiteral("m.yilmaz"), {} });
    QVERIFY2(fine.ok(), qPrintable(fine.errorString()));
    QCOMPARE(fine->annotations, 45000);
}

void TestXdomeaImportHostile::processIdIsAUuid_data()
{
    QTest::addColumn<QString>("processId");
    QTest::addRow("a line break") << QStringLiteral("6d5e9f4b-be7a-4bad-8f54-8091a2b3cd4e\nimported: 99 request(s)");
    QTest::addRow("a colon (an NTFS stream)") << QStringLiteral("x:y");
    QTest::addRow("a megabyte") << QString(1 << 20, QLatin1Char('a'));
    QTest::addRow("braces") << QStringLiteral("{6d5e9f4b-be7a-4bad-8f54-8091a2b3cd4e}");
}

void TestXdomeaImportHostile::processIdIsAUuid()
{
    QFETCH(QString, processId);
    const QByteArray body = "<Schriftgutobjekt><Vorgang><Identifikation><ID>v-1</ID></Identifikation></Vorgang>"
                            "</Schriftgutobjekt>";
    const QString path = package(body, QStringLiteral("pid.zip"), {}, nullptr, false, processId.toHtmlEscaped());
    QVERIFY(!path.isEmpty());
    expectRefused(path, QStringLiteral("The ProzessID of the xdomea message is not a UUID, as xdomea requires"));
}

void TestXdomeaImportHostile::acknowledgementNeverOverwrites()
{
    // The folder is one the sender fills (a shared drop folder), and the sender knows the ProzessID,
    // hence the 0402's name: a link there to a file of the clerk's, and a file at the next name.
    auto vorgang = [] {
        return QStringLiteral("<Schriftgutobjekt><Vorgang><Identifikation><ID>%1</ID></Identifikation></Vorgang>"
                              "</Schriftgutobjekt>")
            .arg(QUuid::createUuid().toString(QUuid::WithoutBraces))
            .toUtf8();
    };
    QString pid;
    const QString path = package(vorgang(), QStringLiteral("drop.zip"), {}, &pid);
    QVERIFY(!path.isEmpty());
    const QString name = pid + QStringLiteral("_Abgabe.ImportBestaetigen.0402");
    const QString victim = m_dir->filePath(QStringLiteral("victim.txt"));
    {
        QFile f(victim);
        QVERIFY(f.open(QIODevice::WriteOnly) && f.write("Eigene Datei der Sachbearbeiterin\n") > 0);
        QFile other(m_dir->filePath(name + QStringLiteral(" (2).xml")));
        QVERIFY(other.open(QIODevice::WriteOnly) && other.write("fremd") == 5);
    }
    QVERIFY(QFile::link(victim, m_dir->filePath(name + QStringLiteral(".xml"))));
    auto imported = xdomea::importPackage(*m_store, path, { QStringLiteral("m.yilmaz"), {}, {} });
    QVERIFY2(imported.ok(), qPrintable(imported.errorString()));
    const xdomea::Authority us { QStringLiteral("Landeshauptstadt Stuttgart"), QStringLiteral("LHS"),
        QStringLiteral("ags:"), QStringLiteral("08111000"), {} };
    auto ack = xdomea::writeAcknowledgement(imported.value(), us, path, m_store->clock().now());
    QVERIFY2(ack.ok(), qPrintable(ack.errorString()));
    QCOMPARE(QFileInfo(ack->path).fileName(), name + QStringLiteral(" (3).xml"));
    QVERIFY2(ack->note.contains(name + QStringLiteral(" (3).xml")), qPrintable(ack->note));
    QFile victimFile(victim);
    QVERIFY(victimFile.open(QIODevice::ReadOnly));
    QCOMPARE(victimFile.readAll(), QByteArray("Eigene Datei der Sachbearbeiterin\n"));
    QVERIFY(QFileInfo(m_dir->filePath(name + QStringLiteral(".xml"))).isSymLink());
    QFile other(m_dir->filePath(name + QStringLiteral(" (2).xml")));
    QVERIFY(other.open(QIODevice::ReadOnly));
    QCOMPARE(other.readAll(), QByteArray("fremd"));
    QFile written(ack->path);
    QVERIFY(written.open(QIODevice::ReadOnly));
    QVERIFY(written.readAll().contains(pid.toUtf8()));

    // The command line: a link pointing nowhere (it would create the file it names) is not
    // followed either; the import stands, a warning names the file written instead.
    QString pid2;
    const QString path2 = package(vorgang(), QStringLiteral("drop2.zip"), {}, &pid2);
    const QString nowhere = m_dir->filePath(QStringLiteral("nowhere.txt"));
    const QString name2 = pid2 + QStringLiteral("_Abgabe.ImportBestaetigen.0402");
    QVERIFY(QFile::link(nowhere, m_dir->filePath(name2 + QStringLiteral(".xml"))));
    QByteArray err;
    QCOMPARE(cli({ QStringLiteral("efile"), QStringLiteral("import"), QStringLiteral("--db"),
                     m_dir->filePath(QStringLiteral("profile.db")), path2 },
                 &err),
        0);
    QVERIFY2(err.contains("was in the folder already"), err.constData());
    QVERIFY2(err.contains((name2 + QStringLiteral(" (2).xml")).toUtf8()), err.constData());
    QVERIFY(!QFileInfo::exists(nowhere));
    QVERIFY(QFileInfo::exists(m_dir->filePath(name2 + QStringLiteral(" (2).xml"))));
}

QTEST_GUILESS_MAIN(TestXdomeaImportHostile)
#include "tst_xdomea_import_hostile.moc"
