// The server database's schema versions on real SQLCipher files: a new database runs every
// migration; a database of the releases before versions (built from their schema text, taken from
// git history into tests/data) is recognised, keeps its rows and ends with exactly the schema of a
// new one; a database of a newer server is refused and left as it was.
#include "core/store/Sql.h"
#include "server/Accounts.h"
#include "server/Seeder.h"
#include "server/SqlCityStore.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace clerk;
using namespace clerk::server;

namespace {

constexpr char kKey[] = "schema-test-key-0123456789";

std::unique_ptr<sql::Connection> rawConnection(const QString& path, bool create = false)
{
    sql::Connection::Options o;
    o.path = path;
    o.passphrase = kKey;
    o.create = create;
    auto c = sql::Connection::open(o);
    return c ? std::move(c.value()) : nullptr;
}

// Every table and index with its CREATE text (SQLite stores it normalised: no IF NOT EXISTS, the
// columns ALTER TABLE added appended), in name order.
QStringList schemaOf(sql::Connection& c)
{
    QStringList out;
    auto q = c.query("SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name");
    while (q.next())
        out << q.text(0) + QLatin1Char(' ') + q.text(1) + QStringLiteral(": ") + q.text(2);
    return out;
}

QList<int> versionsOf(sql::Connection& c)
{
    QList<int> out;
    auto q = c.query("SELECT version FROM schema_version ORDER BY version");
    while (q.next())
        out << q.integer(0);
    return out;
}

QByteArray fileHash(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

SqlCityStore::Options options(const QString& path)
{
    SqlCityStore::Options o;
    o.path = path;
    o.key = kKey;
    return o;
}

} // namespace

class TestServerSchema : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY(accounts::initialise()); }

    void newDatabaseRunsEveryMigration()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("city.db"));
        QVERIFY(SqlCityStore::schemaVersion() >= 3);
        for (int open = 0; open < 2; ++open) { // the second open has nothing to do
            auto s = SqlCityStore::open(options(path));
            QVERIFY2(s.ok(), qPrintable(s.errorString()));
            QList<int> all;
            for (int v = 1; v <= SqlCityStore::schemaVersion(); ++v)
                all << v;
            QCOMPARE(versionsOf((*s)->connection()), all);
        }
    }

    void databaseFromBeforeVersionsIsBroughtForward_data()
    {
        QTest::addColumn<QString>("schemaFile");
        // The first release; the purge's indexes added; the timeline's feed columns added (these
        // steps are recorded without running: ALTER TABLE would fail on the columns).
        QTest::addRow("0912b8b") << QStringLiteral("server-unversioned-0912b8b.sql");
        QTest::addRow("c7cf7ac") << QStringLiteral("server-unversioned-c7cf7ac.sql");
        QTest::addRow("e8122a4") << QStringLiteral("server-unversioned-e8122a4.sql");
    }
    void databaseFromBeforeVersionsIsBroughtForward()
    {
        QFETCH(QString, schemaFile);
        QTemporaryDir dir;
        QStringList fresh;
        {
            auto s = SqlCityStore::open(options(dir.filePath(QStringLiteral("fresh.db"))));
            QVERIFY2(s.ok(), qPrintable(s.errorString()));
            fresh = schemaOf((*s)->connection());
        }
        QVERIFY(fresh.join(QLatin1Char('\n')).contains(QLatin1String("schema_version")));
        QFile sqlFile(QStringLiteral(CLERKDESK_SOURCE_DIR "/tests/data/") + schemaFile);
        QVERIFY(sqlFile.open(QIODevice::ReadOnly));
        const QByteArray oldSchema = sqlFile.readAll();
        const QString path = dir.filePath(QStringLiteral("old.db"));
        {
            auto c = rawConnection(path, true);
            QVERIFY(c);
            QVERIFY(c->exec(oldSchema.constData()));
            QVERIFY(
                c->exec("INSERT INTO teams(id, name) VALUES ('parkraum', 'Parkraum');"
                        "INSERT INTO clerks(login, name, password_hash) VALUES ('x.altbestand', 'B. Hartmann', 'x');"
                        "INSERT INTO clerk_teams(login, team_id) VALUES ('x.altbestand', 'parkraum');"
                        "INSERT INTO changes(kind, entity_id, team_id, op) VALUES ('request', 'r1', 'parkraum', "
                        "'upsert');"
                        "INSERT INTO timeline(request_id, at, actor, kind, text) "
                        "VALUES ('r1', 1700000000, 'x.altbestand', 'status', 'received → in_progress');"));
            QVERIFY(!schemaOf(*c).join(QLatin1Char('\n')).contains(QLatin1String("schema_version")));
        }
        for (int open = 0; open < 2; ++open) {
            auto s = SqlCityStore::open(options(path));
            QVERIFY2(s.ok(), qPrintable(s.errorString()));
            sql::Connection& c = (*s)->connection();
            QCOMPARE(schemaOf(c), fresh);
            QCOMPARE(versionsOf(c), (QList<int> { 1, 2, 3, 4 }));
            // The rows are kept.
            QCOMPARE((*s)->teams().size(), 1);
            QCOMPARE((*s)->clerk(QStringLiteral("x.altbestand"))->teams, QStringList { QStringLiteral("parkraum") });
            QCOMPARE((*s)->lastSeq(), qint64(1));
            QCOMPARE(c.scalar("SELECT text FROM timeline WHERE request_id = 'r1'")->toString(),
                QStringLiteral("received → in_progress"));
            QCOMPARE(c.scalar("SELECT count(*) FROM timeline WHERE uid IS NULL")->toInt(), 1);
        }
        // And it works as a new one: a filed request's history goes out in the feed.
        auto s = SqlCityStore::open(options(path));
        QVERIFY(s.ok());
        SeedOptions seed;
        seed.requests = 2;
        seed.documents = false;
        seed.today = QDate(2026, 11, 26);
        auto seeded = seedCity(*s.value(), seed);
        QVERIFY2(seeded.ok(), qPrintable(seeded.error().message + QLatin1Char(' ') + seeded.error().detail));
        const ChangesPage page = (*s)->changes((*s)->clerk(QStringLiteral("admin")).value(), 0, 1000);
        int timeline = 0;
        for (const ChangeItem& item : page.items)
            if (item.kind == QLatin1String("timeline")
                && QJsonDocument::fromJson(item.rawData).object().value(QLatin1String("code")).toString()
                    == QLatin1String("received"))
                ++timeline;
        QCOMPARE(timeline, 2);
    }

    void newerDatabaseIsRefusedUntouched()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("city.db"));
        {
            auto s = SqlCityStore::open(options(path));
            QVERIFY(s.ok());
        }
        const int future = SqlCityStore::schemaVersion() + 1;
        {
            auto c = rawConnection(path);
            QVERIFY(c);
            QVERIFY(c->query("INSERT INTO schema_version(version, name) VALUES (?1, 'from a newer server')")
                    .bindAll(future)
                    .exec());
            QVERIFY(c->exec("PRAGMA wal_checkpoint(TRUNCATE)"));
        }
        const QByteArray before = fileHash(path);
        QVERIFY(!before.isEmpty());
        auto s = SqlCityStore::open(options(path));
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, Error::SchemaTooNew);
        QVERIFY2(s.errorString().contains(QString::number(future)), qPrintable(s.errorString()));
        QVERIFY2(s.errorString().contains(QString::number(SqlCityStore::schemaVersion())), qPrintable(s.errorString()));
        QVERIFY2(s.errorString().contains(path), qPrintable(s.errorString()));
        QCOMPARE(fileHash(path), before);
        auto c = rawConnection(path);
        QVERIFY(c);
        QCOMPARE(versionsOf(*c).constLast(), future);
    }
};

QTEST_GUILESS_MAIN(TestServerSchema)
#include "tst_server_schema.moc"
