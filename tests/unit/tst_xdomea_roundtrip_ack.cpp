// The acknowledgement 0402 the xdomea import writes beside a received message: validated against
// the schema of its version (that of the message received; 3.1.0 for a 2.4.0 one), naming the
// ProzessID and every object taken over; none for a 0503; written by the import job and the
// command line. And the import's cap on what it would store, and `efile verify` printing no
// control characters. (The hand-over there and back: tst_xdomea_roundtrip.)
#include "../common/XdomeaFixtures.h"
#include "XdomeaRoundTrip.h"
#include "core/jobs/JobRunner.h"
#include "core/jobs/XdomeaJobs.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"
#include "core/xdomea/XdomeaAcknowledgement.h"
#include "core/xdomea/XdomeaPackage.h"

#include <KZip>
#include <QDir>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace clerk;
using namespace clerk::xdomearoundtrip;

class TestXdomeaRoundTripAck : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void acknowledgementInTheReceivedVersion_data();
    void acknowledgementInTheReceivedVersion();
    void noAcknowledgementForAnAussonderung();
    void jobAndCliWriteTheAcknowledgement();
    void plannedBytesAreCheckedBeforeWriting();
    void verifyPrintsNoControlCharacters();

private:
    QString runCli(const QStringList& args, int* code, QString* err = nullptr);
    // A fresh profile; `withCatalogue`: with the tree-felling service of office 67 (else none, as
    // a profile that was never synced).
    std::unique_ptr<Store> newTarget(const QString& name, bool withCatalogue = true);
    xdomea::ImportResult importFixture(const QString& fixture, const QString& folder, Store& target);

    QTemporaryDir m_dir;
    Service m_trees;
    xdomea::Authority m_sender { QStringLiteral("Landeshauptstadt Stuttgart"), QStringLiteral("LHS Stuttgart"),
        QStringLiteral("ags:"), QStringLiteral("08111000"), QStringLiteral("Garten-, Friedhofs- und Forstamt") };
    xdomea::Authority m_receiver { QStringLiteral("Landratsamt Böblingen"), QStringLiteral("LRA BB"),
        QStringLiteral("ags:"), QStringLiteral("08115000"), {} };
};

void TestXdomeaRoundTripAck::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_trees.id = QStringLiteral("baumfaellung");
    m_trees.nameDe = QStringLiteral("Baumfällgenehmigung");
    m_trees.nameEn = QStringLiteral("Tree felling permit");
    m_trees.office = QStringLiteral("67");
    m_trees.teamId = QStringLiteral("baumschutz");
    m_trees.states = { QStringLiteral("new"), QStringLiteral("in_progress") };
    m_trees.transitions = { { QStringLiteral("new"), QStringLiteral("in_progress") } };
}

std::unique_ptr<Store> TestXdomeaRoundTripAck::newTarget(const QString& name, bool withCatalogue)
{
    auto store = std::make_unique<Store>(m_dir.filePath(name + QStringLiteral(".db")));
    if (!store->create("target-passphrase"))
        return nullptr;
    if (withCatalogue && !store->upsertServices({ m_trees }))
        return nullptr;
    return store;
}

xdomea::ImportResult TestXdomeaRoundTripAck::importFixture(const QString& fixture, const QString& folder, Store& target)
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

void TestXdomeaRoundTripAck::acknowledgementInTheReceivedVersion_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("version");
    QTest::addColumn<QString>("processId");
    QTest::addColumn<QStringList>("objects"); // as the fixture names them: the Akte, then each object in it
    // 2.4.0's 0402 says yes or no for the whole hand-over and names no object: answered in 3.1.0.
    QTest::addRow("2.4.0") << "abgabe-2.4.0.xml" << "3.1.0" << "5c4d8e3a-ad6f-4a9c-9e43-7f8091a2bc3d"
                           << QStringList { "c3d4e5f6-0001-4e5f-8a9b-0c1d2e3f4a5b",
                                  "c3d4e5f6-0002-4e5f-8a9b-0c1d2e3f4a5b" };
    QTest::addRow("3.0.0") << "abgabe-3.0.0.xml" << "3.0.0" << "4b3c7d2f-9c5e-4f8b-8d32-6e7f8091ab2c"
                           << QStringList { "b2c3d4e5-0001-4e5f-8a9b-0c1d2e3f4a5b",
                                  "b2c3d4e5-0003-4e5f-8a9b-0c1d2e3f4a5b", "b2c3d4e5-0002-4e5f-8a9b-0c1d2e3f4a5b" };
    QTest::addRow("3.1.0") << "abgabe-3.1.0.xml" << "3.1.0" << "3f2a6c1e-8b4d-4e7a-9c21-5d6e7f809a1b"
                           << QStringList { "a1b2c3d4-0001-4e5f-8a9b-0c1d2e3f4a5b",
                                  "a1b2c3d4-0003-4e5f-8a9b-0c1d2e3f4a5b", "a1b2c3d4-0002-4e5f-8a9b-0c1d2e3f4a5b" };
}

void TestXdomeaRoundTripAck::acknowledgementInTheReceivedVersion()
{
    QFETCH(QString, fixture);
    QFETCH(QString, version);
    QFETCH(QString, processId);
    QFETCH(QStringList, objects);
    auto target = newTarget(QStringLiteral("ack-") + fixture, false); // (no service: none is chosen)
    QVERIFY(target);
    const QString folder = m_dir.filePath(QStringLiteral("ack-") + fixture);
    const xdomea::ImportResult r = importFixture(fixture, folder, *target);
    QVERIFY(!r.processId.isEmpty());
    QVERIFY(!r.objectIds.isEmpty());
    auto ack = xdomea::writeAcknowledgement(r, m_sender, folder + QStringLiteral("/x.zip"), target->clock().now());
    QVERIFY2(ack.ok(), qPrintable(ack.errorString()));
    QCOMPARE(xdomea::versionText(ack->version), version);
    QCOMPARE(ack->objects, int(objects.size()));
    const QString verdict = lint(ack->path, version);
    QVERIFY2(verdict.isEmpty(), qPrintable(verdict));
    QFile f(ack->path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray xml = f.readAll();
    QVERIFY(xml.contains("urn:xoev-de:xdomea:schema:" + version.toLatin1()));
    // (The ids the fixture gives, not those the import under test reports.)
    QCOMPARE(texts(xml, QStringLiteral("ProzessID")), QStringList { processId });
    QCOMPARE(texts(xml, QStringLiteral("IDSGO")), objects);
    // Addressed to the sender of the message.
    QVERIFY(!r.sender.institution.isEmpty());
    QVERIFY(texts(xml, QStringLiteral("Name")).contains(r.sender.institution));
}

void TestXdomeaRoundTripAck::noAcknowledgementForAnAussonderung()
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

void TestXdomeaRoundTripAck::jobAndCliWriteTheAcknowledgement()
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

void TestXdomeaRoundTripAck::plannedBytesAreCheckedBeforeWriting()
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

QString TestXdomeaRoundTripAck::runCli(const QStringList& args, int* code, QString* err)
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

void TestXdomeaRoundTripAck::verifyPrintsNoControlCharacters()
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
    // An entry name with ESC in a ZIP: refused (by the import's ZIP checks, which verify shares), and
    // the refusal does not echo the ESC either.
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
    QVERIFY2(err.contains(QLatin1String("control characters in its name")), qPrintable(err));
}

QTEST_GUILESS_MAIN(TestXdomeaRoundTripAck)
#include "tst_xdomea_roundtrip_ack.moc"
