// Refusals the real reference server sends (over loopback) reach the clerk in the clerk's language:
// the server answers with a reason code and parameters, the client words them (RefusalNames) in
// German with --lang de and in English with --lang en, in the sync-problems list and the request
// pane's banner; the server's English detail never shows.
#include "../common/Waiting.h"
#include "core/Settings.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"
#include "models/RefusalNames.h"
#include "server/Accounts.h"
#include "server/ApiServer.h"
#include "server/Seeder.h"
#include "server/SqlCityStore.h"
#include "ui/MainWindow.h"
#include "ui/RequestPane.h"
#include "ui/SyncProblemsDialog.h"
#include "ui/Translations.h"

#include <QApplication>
#include <QDir>
#include <QJsonDocument>
#include <QLabel>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>
#include <QUuid>

using namespace clerk;

class TestRefusalWording : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanup() { installTranslations(QStringLiteral("de")); }
    void refusalsFromTheServerInTheClerksLanguage();

private:
    QTemporaryDir m_dir;
};

void TestRefusalWording::initTestCase()
{
    QVERIFY(server::accounts::initialise());
}

namespace {

// A change an older or faulty client left in its outbox (the app itself refuses these before
// sending): written as the store writes one.
void leaveInOutbox(
    Store& store, const char* kind, const char* op, const QString& target, qint64 base, const QJsonObject& data)
{
    auto q = store.connection().query("INSERT INTO outbox(mutation_id, kind, op, target_id, base_version, data, "
                                      "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    q.bindAll(QUuid::createUuid().toString(QUuid::WithoutBraces), QString::fromLatin1(kind), QString::fromLatin1(op),
        target, base, QString::fromUtf8(QJsonDocument(data).toJson(QJsonDocument::Compact)),
        QDateTime::currentSecsSinceEpoch());
    QVERIFY(q.exec().ok());
}

} // namespace

void TestRefusalWording::refusalsFromTheServerInTheClerksLanguage()
{
    server::SqlCityStore::Options o;
    o.path = m_dir.filePath(QStringLiteral("city.db"));
    o.plaintext = true;
    auto city = server::SqlCityStore::open(o);
    QVERIFY(city.ok());
    server::SeedOptions seed;
    seed.seed = 25;
    seed.requests = 120;
    seed.today = QDate::currentDate();
    auto report = server::seedCity(*city.value(), seed);
    QVERIFY(report.ok());
    const QString a = report->demoLogins.first();
    server::ApiServer api(*city.value(), Clock::system());
    const quint16 port = api.listen(QHostAddress::LocalHost, 0);
    QVERIFY(port != 0);
    const QUrl url(QStringLiteral("http://127.0.0.1:%1").arg(port));

    Store mine(m_dir.filePath(QStringLiteral("a.db"))), colleague(m_dir.filePath(QStringLiteral("b.db")));
    QVERIFY(mine.create("refusal-wording-passphrase"));
    QVERIFY(colleague.create("refusal-wording-passphrase"));
    WaitingSession sync(mine, url), other(colleague, url);
    QVERIFY(sync.signIn(a, QStringLiteral("demo")));
    QVERIFY(other.signIn(a, QStringLiteral("demo")));
    QVERIFY(sync.syncOnce().ok());
    QVERIFY(other.syncOnce().ok());
    QStringList ids;
    auto q = mine.connection().query("SELECT id FROM requests WHERE status = 'received' ORDER BY id LIMIT 4");
    while (q.next())
        ids << q.text(0);
    QCOMPARE(ids.size(), 4);

    // 1: nobody called mallory works in the team (invalid_assignee).
    QVERIFY(mine.assign(ids[0], QStringLiteral("mallory"), a).ok());
    // 2: received → approved skips the work (invalid_transition).
    leaveInOutbox(mine, "request", "status", ids[1], mine.request(ids[1])->version,
        { { QStringLiteral("status"), QStringLiteral("approved") } });
    // 3: an empty note (invalid_data).
    leaveInOutbox(mine, "note", "create", QUuid::createUuid().toString(QUuid::WithoutBraces), 0,
        { { QStringLiteral("request_id"), ids[2] }, { QStringLiteral("text"), QStringLiteral("   ") } });
    // 4: the same clerk at a second computer took the request over first (version_changed).
    QVERIFY(colleague.claim(ids[3], a).ok());
    QVERIFY(other.syncOnce().ok());
    QVERIFY(mine.claim(ids[3], a).ok());
    QVERIFY(sync.syncOnce().ok());
    for (const QString& id : ids)
        QCOMPARE(mine.outbox().problemsOf(id).value().size(), 1);
    QCOMPARE(mine.outbox().problemsOf(ids[3]).value().first().state, Mutation::State::Conflict);

    struct Expected
    {
        QString de, en;
    };
    const QList<Expected> expected {
        { QStringLiteral("mallory gehört nicht zum Team, das für diesen Vorgang zuständig ist."),
            QStringLiteral("mallory is not a member of the team responsible for this request.") },
        { QStringLiteral("Der Status kann nicht von „Eingegangen“ zu „Genehmigt“ wechseln."),
            QStringLiteral("The status cannot change from \"Received\" to \"Approved\".") },
        { QStringLiteral("Der Vermerk ist leer."), QStringLiteral("The note is empty.") },
        { QStringLiteral("Wurde in der Zwischenzeit von jemand anderem geändert."),
            QStringLiteral("Changed by someone else in the meantime.") },
    };
    for (const QString& lang : { QStringLiteral("de"), QStringLiteral("en") }) {
        installTranslations(lang);
        const bool de = lang == QLatin1String("de");
        Settings settings(m_dir.filePath(QStringLiteral("user-%1.conf").arg(lang)),
            QStringList { m_dir.filePath(QStringLiteral("none")) });
        MainWindow window(settings);
        window.attachWorkspace(mine, nullptr, a);
        window.resize(1366, 768);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        // The list of changes not yet at the Fachverfahren, column "why".
        SyncProblemsDialog dialog(mine, &window);
        QStringList shown;
        for (int i = 0; i < dialog.list()->topLevelItemCount(); ++i)
            shown << dialog.list()->topLevelItem(i)->text(5);
        for (int i = 0; i < ids.size(); ++i) {
            const QString words = de ? expected[i].de : expected[i].en;
            QCOMPARE(RefusalNames::text(mine.outbox().problemsOf(ids[i]).value().first()), words);
            QVERIFY2(shown.contains(words), qPrintable(shown.join(QLatin1Char('|'))));
        }
        for (const QString& line : shown) // the server's English words never show
            QVERIFY2(!line.contains(QLatin1String("_")) && !line.contains(QLatin1String("does not exist or is not")),
                qPrintable(line));

        // The request pane's banner of a refused change.
        window.showRequest(ids[0]);
        QLabel* banner = window.requestPane()->banner();
        QTRY_VERIFY(banner->isVisible());
        QVERIFY2(banner->text().endsWith(de ? expected[0].de : expected[0].en), qPrintable(banner->text()));
        QVERIFY2(banner->text().startsWith(de ? QStringLiteral("Das Fachverfahren") : QStringLiteral("The city")),
            qPrintable(banner->text()));

        // For the review: the banner in the window and the list of refused changes.
        const QString shots = QStringLiteral(CLERKDESK_BINARY_DIR "/screenshots");
        QVERIFY(QDir().mkpath(shots));
        QTest::qWait(50);
        QVERIFY(window.grab().save(shots + QStringLiteral("/refusal-banner-%1.png").arg(lang)));
        dialog.resize(1100, 420);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(dialog.grab().save(shots + QStringLiteral("/refusal-list-%1.png").arg(lang)));
    }
}

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    installTranslations(QStringLiteral("de"));
    TestRefusalWording t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_refusal_wording.moc"
