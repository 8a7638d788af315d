// xdomea imports that must leave the store as it was: every hostile variant is refused with its
// own message, and after each refusal, and after a cancel once a document was written, every row
// of every table and every content file is as before. The import as a job, and `clerkdesk-cli
// xdomea` verifying and importing.
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

class TestXdomeaImportSafety : public XdomeaImportFixture
{
    Q_OBJECT
private Q_SLOTS:
    void hostileIsRefusedAndNothingWritten_data();
    void hostileIsRefusedAndNothingWritten();
    void cancelAfterADocumentWasWritten();
    void importRunsAsAJob();
    void cliVerifiesAndImports();
};

void TestXdomeaImportSafety::hostileIsRefusedAndNothingWritten_data()
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

void TestXdomeaImportSafety::hostileIsRefusedAndNothingWritten()
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

void TestXdomeaImportSafety::cancelAfterADocumentWasWritten()
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

void TestXdomeaImportSafety::importRunsAsAJob()
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

void TestXdomeaImportSafety::cliVerifiesAndImports()
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

QTEST_GUILESS_MAIN(TestXdomeaImportSafety)
#include "tst_xdomea_import_safety.moc"
