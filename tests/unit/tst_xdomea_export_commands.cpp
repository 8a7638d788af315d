// Running the xdomea hand-over: a cancelled or failed export leaves no file, the sender comes from
// the settings and the machine policy, an export without sender or receiver is refused, and
// `clerkdesk-cli xdomea` exports and verifies (its messages validated by xmllint too).
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

class TestXdomeaExportCommands : public XdomeaExportFixture
{
    Q_OBJECT
private Q_SLOTS:
    void cancelAndFailureLeaveNoFile();
    void senderComesFromSettingsAndPolicy();
    void refusesWithoutSenderOrReceiver();
    void cliExportsAndVerifies();
};

void TestXdomeaExportCommands::cancelAndFailureLeaveNoFile()
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

void TestXdomeaExportCommands::senderComesFromSettingsAndPolicy()
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

void TestXdomeaExportCommands::refusesWithoutSenderOrReceiver()
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

void TestXdomeaExportCommands::cliExportsAndVerifies()
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
    // The 0401 the CLI wrote follows the official schema.
    const QString verdict = lint(xml, QStringLiteral("cli-") + xdomea::abgabeXmlName(pid));
    QVERIFY2(verdict.isEmpty(), qPrintable(verdict));
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
    // verify opens a ZIP as the import does (efile::detail::openArchive): names that differ only in
    // case are refused there, so here too.
    const QString byCase = m_dir.filePath(QStringLiteral("by-case.zip"));
    {
        KZip z(byCase);
        QVERIFY(z.open(QIODevice::WriteOnly));
        QVERIFY(z.writeFile(xdomea::abgabeXmlName(pid), xml));
        QVERIFY(z.writeFile(QStringLiteral("Anlage.pdf"), "%PDF-1.4\n"));
        QVERIFY(z.writeFile(QStringLiteral("ANLAGE.pdf"), "%PDF-1.4\n"));
        QVERIFY(z.close());
    }
    std::tie(rc, stdOut, err) = run({ QStringLiteral("efile"), QStringLiteral("verify"), byCase });
    QCOMPARE(rc, 2);
    QVERIFY2(err.contains(QLatin1String("differ only in case")), qPrintable(err));
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

QTEST_GUILESS_MAIN(TestXdomeaExportCommands)
#include "tst_xdomea_export_commands.moc"
