// clerkdesk-cli provisions a profile without the window: `profile create` makes an empty encrypted
// profile, `sync` runs one pass through core/sync's SyncSession against the real reference server
// on loopback (plain HTTP, and HTTPS with a city CA made here by the openssl tool), and
// `efile export --format xdomea` then hands a synced request over. A wrong password, an
// unreachable server and an untrusted certificate each end with their own exit code and words, as
// does a pass whose changes the backend found in conflict. A passphrase typed on a terminal (a
// pseudo-terminal here) is not echoed, and keeps its spaces for every command.
#include "../common/TestCity.h"
#include "../common/XdomeaLint.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"
#include "core/xdomea/XdomeaAussonderung.h"
#include "server/Accounts.h"

#include <QDir>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSslKey>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QUuid>
#include <fcntl.h>
#include <unistd.h>

using namespace clerk;

namespace {

struct Run
{
    int code = -1;
    QString out, err;
};

const QByteArray kPassphrase = "cli-profile-passphrase";

} // namespace

class TestCliSync : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void profileCreateMakesAnEmptyEncryptedProfile();
    void syncPassReportsWhatCameAndWent();
    void conflictsHaveTheirOwnExitCode();
    void failuresHaveTheirOwnExitCodes();
    void httpsWithTheCityCa();
    void handOverFromTheSyncedProfile();
    void passphraseFromATerminal();
    void syncSaysWhatItSettledOfAnAussonderung();

private:
    // Runs the CLI while this thread's event loop serves the city; `input` goes to its standard input.
    Run cli(const QStringList& args, const QByteArray& input = {}, const QMap<QString, QString>& env = {});
    bool openssl(const QStringList& args);
    QString firstWithDocuments();

    testcity::City m_city;
    QTemporaryDir m_dir;
    QString m_db, m_login;
};

Run TestCliSync::cli(const QStringList& args, const QByteArray& input, const QMap<QString, QString>& env)
{
    QProcess p;
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    e.remove(QStringLiteral("CLERKDESK_PASSPHRASE"));
    e.remove(QStringLiteral("CLERKDESK_PASSWORD"));
    e.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
    e.insert(QStringLiteral("XDG_CONFIG_DIRS"), m_dir.filePath(QStringLiteral("policy")));
    for (auto it = env.cbegin(); it != env.cend(); ++it)
        e.insert(it.key(), it.value());
    p.setProcessEnvironment(e);
    QSignalSpy finished(&p, &QProcess::finished);
    p.start(QStringLiteral(CLERKDESK_CLI_PATH), args);
    if (!p.waitForStarted(30000))
        return {};
    p.write(input);
    p.closeWriteChannel();
    if (!finished.wait(180000)) {
        p.kill();
        p.waitForFinished();
    }
    return { p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
        QString::fromUtf8(p.readAllStandardError()) };
}

bool TestCliSync::openssl(const QStringList& args)
{
    QProcess p;
    p.setWorkingDirectory(m_dir.path());
    p.start(QStringLiteral("openssl"), args);
    if (!p.waitForFinished(60000) || p.exitCode() != 0) {
        qWarning() << "openssl" << args << p.readAllStandardError();
        return false;
    }
    return true;
}

void TestCliSync::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(server::accounts::initialise());
    testcity::Options o;
    o.seed.requests = 60;
    const QString failed = m_city.start(o);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    m_login = m_city.seed.demoLogins.first();
    m_db = m_dir.filePath(QStringLiteral("profile.db"));
    // The sender of a hand-over, as city IT sets it: machine policy.
    QVERIFY(QDir().mkpath(m_dir.filePath(QStringLiteral("policy/ClerkDesk"))));
    QFile policy(m_dir.filePath(QStringLiteral("policy/ClerkDesk/policy.conf")));
    QVERIFY(policy.open(QIODevice::WriteOnly));
    policy.write("[General]\nauthorityName=Landeshauptstadt Stuttgart\nauthorityId=ags:08111000\n");
}

void TestCliSync::profileCreateMakesAnEmptyEncryptedProfile()
{
    const QStringList create { QStringLiteral("profile"), QStringLiteral("create"), QStringLiteral("--db"), m_db };
    Run r = cli(create, kPassphrase + '\n');
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(r.out.contains(QLatin1String("created an empty encrypted profile")));
    {
        // Encrypted: the wrong passphrase opens nothing, the right one an empty profile.
        Store wrong(m_db);
        QVERIFY(!wrong.unlock("not-the-passphrase"));
        Store store(m_db);
        QVERIFY(store.unlock(kPassphrase));
        auto q = store.connection().query("SELECT count(*) FROM requests");
        QVERIFY(q.next());
        QCOMPARE(q.int64(0), 0);
    }
    QFile raw(m_db);
    QVERIFY(raw.open(QIODevice::ReadOnly));
    QVERIFY(!raw.read(16).startsWith("SQLite format 3"));
    raw.close();
    // Never over a file that exists, whatever it holds.
    r = cli(create, {}, { { QStringLiteral("CLERKDESK_PASSPHRASE"), QStringLiteral("another-passphrase") } });
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains(QLatin1String("exists already")), qPrintable(r.err));
    {
        Store store(m_db);
        QVERIFY(store.unlock(kPassphrase));
    }
    // No passphrase at all: refused, nothing made.
    const QString none = m_dir.filePath(QStringLiteral("none.db"));
    r = cli({ QStringLiteral("profile"), QStringLiteral("create"), QStringLiteral("--db"), none });
    QCOMPARE(r.code, 1);
    QVERIFY(!QFile::exists(none));
}

void TestCliSync::syncPassReportsWhatCameAndWent()
{
    const QStringList sync { QStringLiteral("sync"), QStringLiteral("--db"), m_db, QStringLiteral("--server"),
        m_city.base, QStringLiteral("--login"), m_login };
    // Passphrase and password both on standard input, one line each.
    Run r = cli(sync, kPassphrase + "\ndemo\n");
    QVERIFY2(r.code == 0, qPrintable(r.err + r.out));
    QVERIFY2(r.out.contains(QStringLiteral("signed in as %1").arg(m_login)), qPrintable(r.out));
    QVERIFY2(r.out.contains(QLatin1String("sent: 0 change(s)")), qPrintable(r.out));
    qint64 requests = 0;
    QString id;
    {
        Store store(m_db);
        QVERIFY(store.unlock(kPassphrase));
        auto q = store.connection().query("SELECT count(*), min(id) FROM requests");
        QVERIFY(q.next());
        requests = q.int64(0);
        id = q.text(1);
        QCOMPARE(store.meta().value(QStringLiteral("clerk_login")).value(), m_login);
        // A change made offline goes with the next pass.
        QVERIFY(store.addNote(id, QStringLiteral("Über die Kommandozeile abgeglichen"), m_login).ok());
    }
    QVERIFY(requests > 0);
    static const QRegularExpression received(QStringLiteral("received: (\\d+) change\\(s\\)"));
    QVERIFY2(received.match(r.out).captured(1).toLongLong() >= requests, qPrintable(r.out));

    r = cli(sync, {},
        { { QStringLiteral("CLERKDESK_PASSPHRASE"), QString::fromLatin1(kPassphrase) },
            { QStringLiteral("CLERKDESK_PASSWORD"), QStringLiteral("demo") } });
    QVERIFY2(r.code == 0, qPrintable(r.err + r.out));
    QVERIFY2(
        r.out.contains(QLatin1String("sent: 1 change(s) (1 applied, 0 conflict(s), 0 refused)")), qPrintable(r.out));
    // The note reached the city.
    QCOMPARE(m_city
                 .scalar(QStringLiteral("SELECT count(*) FROM notes WHERE request_id = ?1 AND body LIKE ?2"),
                     { id, QStringLiteral("%Kommandozeile abgeglichen%") })
                 .toInt(),
        1);
}

void TestCliSync::conflictsHaveTheirOwnExitCode()
{
    // A status change made offline while a colleague changed the same request on the server.
    QString id;
    {
        Store store(m_db);
        QVERIFY(store.unlock(kPassphrase));
        auto q = store.connection().query("SELECT id, status FROM requests WHERE status IN ('received', "
                                          "'in_progress', 'waiting') ORDER BY id LIMIT 1");
        QVERIFY(q.next());
        id = q.text(0);
        const QString to
            = q.text(1) == QLatin1String("in_progress") ? QStringLiteral("waiting") : QStringLiteral("in_progress");
        auto changed = store.changeStatus(id, to, m_login);
        QVERIFY2(changed.ok(), qPrintable(changed.errorString()));
    }
    Mutation claim;
    claim.mutationId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    claim.kind = QStringLiteral("request");
    claim.op = QStringLiteral("claim");
    claim.targetId = id;
    claim.baseVersion = m_city.store->request(id)->version;
    QCOMPARE(m_city.store->applyMutation(m_city.store->clerk(m_login).value(), claim, m_city.clock.now()).status,
        QStringLiteral("applied"));
    Run r = cli({ QStringLiteral("sync"), QStringLiteral("--db"), m_db, QStringLiteral("--server"), m_city.base,
                    QStringLiteral("--login"), m_login },
        {},
        { { QStringLiteral("CLERKDESK_PASSPHRASE"), QString::fromLatin1(kPassphrase) },
            { QStringLiteral("CLERKDESK_PASSWORD"), QStringLiteral("demo") } });
    QCOMPARE(r.code, 9);
    QVERIFY2(r.out.contains(QLatin1String("1 conflict(s)")), qPrintable(r.out));
    QVERIFY2(r.err.contains(QLatin1String("found 1 in conflict")), qPrintable(r.err));
}

void TestCliSync::failuresHaveTheirOwnExitCodes()
{
    const QMap<QString, QString> env { { QStringLiteral("CLERKDESK_PASSPHRASE"), QString::fromLatin1(kPassphrase) },
        { QStringLiteral("CLERKDESK_PASSWORD"), QStringLiteral("demo") } };
    auto sync = [&](const QString& server, const QString& login) {
        return QStringList { QStringLiteral("sync"), QStringLiteral("--db"), m_db, QStringLiteral("--server"), server,
            QStringLiteral("--login"), login };
    };
    QMap<QString, QString> wrong = env;
    wrong[QStringLiteral("CLERKDESK_PASSWORD")] = QStringLiteral("not-demo");
    Run r = cli(sync(m_city.base, m_login), {}, wrong);
    QCOMPARE(r.code, 5);
    QVERIFY2(r.err.contains(QLatin1String("sign-in refused: Wrong login or password.")), qPrintable(r.err));

    // A loopback port nobody listens on.
    quint16 closed = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        closed = probe.serverPort();
    }
    r = cli(sync(QStringLiteral("http://127.0.0.1:%1").arg(closed), m_login), {}, env);
    QCOMPARE(r.code, 6);
    QVERIFY2(r.err.contains(QLatin1String("the backend cannot be reached")), qPrintable(r.err));

    // The wrong profile passphrase: nothing is sent.
    QMap<QString, QString> locked = env;
    locked[QStringLiteral("CLERKDESK_PASSPHRASE")] = QStringLiteral("wrong-passphrase");
    r = cli(sync(m_city.base, m_login), {}, locked);
    QCOMPARE(r.code, 3);
    // Plain HTTP to another computer: refused before anything is sent.
    r = cli(sync(QStringLiteral("http://backend.example.org"), m_login), {}, env);
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains(QLatin1String("HTTPS")), qPrintable(r.err));
}

void TestCliSync::httpsWithTheCityCa()
{
    // A city CA and a certificate for localhost signed by it, as tst_tls makes them.
    QVERIFY(openssl({ QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
        QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-keyout"), QStringLiteral("ca.key"),
        QStringLiteral("-out"), QStringLiteral("ca.crt"), QStringLiteral("-days"), QStringLiteral("30"),
        QStringLiteral("-subj"), QStringLiteral("/CN=Stadt Musterstadt Test-CA"), QStringLiteral("-addext"),
        QStringLiteral("basicConstraints=critical,CA:TRUE"), QStringLiteral("-addext"),
        QStringLiteral("keyUsage=critical,keyCertSign,cRLSign") }));
    QFile ext(m_dir.filePath(QStringLiteral("server.ext")));
    QVERIFY(ext.open(QIODevice::WriteOnly));
    ext.write("subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n"
              "extendedKeyUsage=serverAuth\n");
    ext.close();
    QVERIFY(openssl({ QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
        QStringLiteral("-nodes"), QStringLiteral("-keyout"), QStringLiteral("server.key"), QStringLiteral("-out"),
        QStringLiteral("server.csr"), QStringLiteral("-subj"), QStringLiteral("/CN=localhost") }));
    QVERIFY(openssl({ QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"),
        QStringLiteral("server.csr"), QStringLiteral("-out"), QStringLiteral("server.crt"), QStringLiteral("-extfile"),
        QStringLiteral("server.ext"), QStringLiteral("-sha256"), QStringLiteral("-CA"), QStringLiteral("ca.crt"),
        QStringLiteral("-CAkey"), QStringLiteral("ca.key"), QStringLiteral("-CAcreateserial"), QStringLiteral("-days"),
        QStringLiteral("30") }));
    QFile crt(m_dir.filePath(QStringLiteral("server.crt"))), key(m_dir.filePath(QStringLiteral("server.key")));
    QVERIFY(crt.open(QIODevice::ReadOnly) && key.open(QIODevice::ReadOnly));
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificate(QSslCertificate(crt.readAll(), QSsl::Pem));
    tls.setPrivateKey(QSslKey(key.readAll(), QSsl::Rsa, QSsl::Pem));
    server::ApiServer https(*m_city.store, m_city.clock);
    const quint16 port = https.listen(QHostAddress::LocalHost, 0, tls);
    QVERIFY(port);
    const QString url = QStringLiteral("https://localhost:%1").arg(port);
    const QMap<QString, QString> env { { QStringLiteral("CLERKDESK_PASSPHRASE"), QString::fromLatin1(kPassphrase) },
        { QStringLiteral("CLERKDESK_PASSWORD"), QStringLiteral("demo") } };
    const QStringList sync { QStringLiteral("sync"), QStringLiteral("--db"), m_db, QStringLiteral("--server"), url,
        QStringLiteral("--login"), m_login };

    Run r = cli(sync, {}, env); // without the city's CA: not trusted, nothing sent
    QCOMPARE(r.code, 7);
    QVERIFY2(r.err.contains(QLatin1String("not trustworthy")), qPrintable(r.err));
    r = cli(sync + QStringList { QStringLiteral("--ca"), m_dir.filePath(QStringLiteral("ca.crt")) }, {}, env);
    QVERIFY2(r.code == 0, qPrintable(r.err + r.out));
    QVERIFY(r.out.contains(QLatin1String("received: ")));
    r = cli(sync + QStringList { QStringLiteral("--ca"), m_dir.filePath(QStringLiteral("no-such-ca.crt")) }, {}, env);
    QCOMPARE(r.code, 7);
    QVERIFY2(r.err.contains(QLatin1String("CA bundle")), qPrintable(r.err));
}

QString TestCliSync::firstWithDocuments()
{
    Store store(m_db);
    if (!store.unlock(kPassphrase))
        return {};
    auto q = store.connection().query(
        "SELECT reference FROM requests WHERE attachments > 0 AND closed = 0 ORDER BY reference LIMIT 1");
    return q.next() ? q.text(0) : QString();
}

void TestCliSync::handOverFromTheSyncedProfile()
{
    const QString reference = firstWithDocuments();
    QVERIFY(!reference.isEmpty());
    const QMap<QString, QString> env { { QStringLiteral("CLERKDESK_PASSPHRASE"), QString::fromLatin1(kPassphrase) },
        { QStringLiteral("CLERKDESK_PASSWORD"), QStringLiteral("demo") } };
    const QString out = m_dir.filePath(QStringLiteral("handover"));
    QVERIFY(QDir().mkpath(out));
    const QStringList exportArgs { QStringLiteral("efile"), QStringLiteral("export"), QStringLiteral("--format"),
        QStringLiteral("xdomea"), QStringLiteral("--db"), m_db, QStringLiteral("--request"), reference,
        QStringLiteral("--out"), out, QStringLiteral("--receiver"), QStringLiteral("Landratsamt Böblingen") };
    // The documents are not on this computer yet: the hand-over says so.
    Run r = cli(exportArgs, {}, env);
    QCOMPARE(r.code, 3);
    QVERIFY2(r.err.contains(QLatin1String("is not on this computer yet")), qPrintable(r.err));
    // Fetched with the pass, as the window fetches them on open.
    r = cli({ QStringLiteral("sync"), QStringLiteral("--db"), m_db, QStringLiteral("--server"), m_city.base,
                QStringLiteral("--login"), m_login, QStringLiteral("--documents"), reference },
        {}, env);
    QVERIFY2(r.code == 0, qPrintable(r.err + r.out));
    static const QRegularExpression fetched(QStringLiteral("documents: (\\d+) fetched"));
    QVERIFY2(fetched.match(r.out).captured(1).toInt() > 0, qPrintable(r.out));
    r = cli(exportArgs, {}, env);
    QVERIFY2(r.code == 0, qPrintable(r.err + r.out));
    const QStringList zips = QDir(out).entryList({ QStringLiteral("*_Abgabe.Abgabe.0401.zip") }, QDir::Files);
    QCOMPARE(zips.size(), 1);
    r = cli({ QStringLiteral("efile"), QStringLiteral("verify"), QDir(out).filePath(zips.first()) });
    QVERIFY2(r.code == 0, qPrintable(r.err + r.out));
    QVERIFY2(r.out.contains(QLatin1String("xdomea 3.1.0 message 0401")), qPrintable(r.out));
    QVERIFY2(!r.out.contains(QLatin1String("missing")), qPrintable(r.out));
    // The message the CLI wrote follows the official schema.
    const QByteArray xml = testxdomea::messageInZip(QDir(out).filePath(zips.first()), QStringLiteral(".0401.xml"));
    QVERIFY(xml.contains("Abgabe.Abgabe.0401"));
    const QString verdict = testxdomea::lintAgainst(QStringLiteral(CLERKDESK_SOURCE_DIR), xml,
        QStringLiteral("3.1.0/xdomea-Nachrichten-AbgabeDurchfuehren.xsd"), m_dir.filePath(QStringLiteral("0401.xml")));
    QVERIFY2(verdict.isEmpty(), qPrintable(verdict));
}

void TestCliSync::passphraseFromATerminal()
{
    // Standard input is a terminal: a pseudo-terminal whose other side the test holds.
    const int master = posix_openpt(O_RDWR | O_NOCTTY);
    QVERIFY(master >= 0);
    QVERIFY(grantpt(master) == 0 && unlockpt(master) == 0);
    const QString slave = QString::fromLocal8Bit(ptsname(master));
    const int slaveFd = ::open(ptsname(master), O_RDWR | O_NOCTTY); // (kept open: the terminal lives on)
    QVERIFY(slaveFd >= 0);
    const QString db = m_dir.filePath(QStringLiteral("typed.db"));
    const QByteArray typed = "  Leer zeichen am Rand  ";
    QProcess p;
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    e.remove(QStringLiteral("CLERKDESK_PASSPHRASE"));
    p.setProcessEnvironment(e);
    p.setStandardInputFile(slave);
    p.start(QStringLiteral(CLERKDESK_CLI_PATH),
        { QStringLiteral("profile"), QStringLiteral("create"), QStringLiteral("--db"), db });
    QVERIFY(p.waitForStarted(30000));
    // The prompt comes once echo is off; only then is the passphrase typed.
    QByteArray prompt;
    p.setReadChannel(QProcess::StandardError);
    while (!prompt.contains("Passphrase") && p.waitForReadyRead(30000))
        prompt += p.readAllStandardError();
    QVERIFY2(prompt.contains("Passphrase"), prompt.constData());
    QCOMPARE(::write(master, typed.constData(), typed.size()), typed.size());
    QCOMPARE(::write(master, "\n", 1), 1);
    QVERIFY(p.waitForFinished(60000));
    QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
    // What the terminal showed: no passphrase.
    QVERIFY(::fcntl(master, F_SETFL, O_NONBLOCK) == 0);
    QByteArray shown;
    char buffer[256];
    for (ssize_t n; (n = ::read(master, buffer, sizeof buffer)) > 0;)
        shown.append(buffer, n);
    ::close(slaveFd);
    ::close(master);
    QVERIFY2(!shown.contains("Leer"), shown.constData());
    {
        // Made with the spaces, as typed.
        Store store(db);
        QVERIFY(store.unlock(typed));
    }
    // Every command reads it so (the efile commands trimmed it once): the profile opens, and the
    // missing package is what is left to complain about (not exit 3, the profile locked).
    Run r = cli({ QStringLiteral("efile"), QStringLiteral("import"), QStringLiteral("--db"), db,
                    m_dir.filePath(QStringLiteral("missing.zip")) },
        typed + '\n');
    QVERIFY2(r.code != 3 && r.code != 0, qPrintable(QString::number(r.code) + r.err));
    QVERIFY2(!r.err.contains(QLatin1String("passphrase")), qPrintable(r.err));
}

void TestCliSync::syncSaysWhatItSettledOfAnAussonderung()
{
    const QMap<QString, QString> env { { QStringLiteral("CLERKDESK_PASSPHRASE"), QString::fromLatin1(kPassphrase) },
        { QStringLiteral("CLERKDESK_PASSWORD"), QStringLiteral("demo") } };
    const QStringList sync { QStringLiteral("sync"), QStringLiteral("--db"), m_db, QStringLiteral("--server"),
        m_city.base, QStringLiteral("--login"), m_login };
    // A request of the clerk's team closed on the server, and in the profile after a pass.
    QString id;
    {
        Store store(m_db);
        QVERIFY(store.unlock(kPassphrase));
        auto q = store.connection().query("SELECT id FROM requests WHERE status IN ('received', 'in_progress', "
                                          "'waiting') AND service_id = 'bewohnerparken' ORDER BY id LIMIT 1");
        QVERIFY(q.next());
        id = q.text(0);
    }
    QVERIFY(m_city.close(id, m_login));
    Run r = cli(sync, {}, env);
    QVERIFY2(r.code == 0, qPrintable(r.err + r.out));
    // Nothing of an Aussonderung settled: no such line.
    QVERIFY2(!r.out.contains(QLatin1String("archive:")), qPrintable(r.out));
    // Offered on a profile clock decades ahead; the backend, by its own clock, refuses.
    const QString out = m_dir.filePath(QStringLiteral("aussonderung"));
    QVERIFY(QDir().mkpath(out));
    xdomea::OfferResult offered;
    {
        ManualClock ahead(QDateTime(QDate(2060, 1, 7), QTime(9, 0), QTimeZone::UTC));
        Store store(m_db, ahead);
        QVERIFY(store.unlock(kPassphrase));
        auto made = xdomea::offer(store, { id }, { QStringLiteral("Landeshauptstadt Stuttgart"), {}, {}, {}, {} },
            { QStringLiteral("Stadtarchiv Stuttgart"), {}, {}, {}, {} }, xdomea::newProcessId(), out);
        QVERIFY2(made, qPrintable(made.errorString()));
        offered = made.value();
    }
    QVERIFY(QFile::exists(offered.heldPath));
    // The folder away (a network drive not mounted): the refusal comes, the file stays held, and why.
    QVERIFY(QDir().rename(out, out + QStringLiteral("-away")));
    r = cli(sync, {}, env);
    QCOMPARE(r.code, 9);
    QVERIFY2(
        r.out.contains(QLatin1String("sent: 1 change(s) (0 applied, 0 conflict(s), 1 refused)")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QStringLiteral("held: The folder of the file for the archive cannot be reached: %1.")
                     .arg(QDir::toNativeSeparators(out))),
        qPrintable(r.out));
    QVERIFY2(!r.out.contains(QLatin1String("withdrawn (do not send)")), qPrintable(r.out));
    QVERIFY(QDir().rename(out + QStringLiteral("-away"), out));
    r = cli(sync, {}, env);
    QCOMPARE(r.code, 0);
    QVERIFY2(r.out.contains(QLatin1String("sent: 0 change(s)")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QLatin1String("archive: 0 request(s) taken over removed from this profile, 0 file(s) for "
                                          "the archive released, 1 withdrawn\n")),
        qPrintable(r.out));
    QVERIFY2(
        r.out.contains(QStringLiteral("withdrawn (do not send): %1\n").arg(QDir::toNativeSeparators(offered.zipPath))),
        qPrintable(r.out));
    QVERIFY(!QFile::exists(offered.heldPath));
    QVERIFY(!QFile::exists(offered.zipPath));
}

QTEST_GUILESS_MAIN(TestCliSync)
#include "tst_cli_sync.moc"
