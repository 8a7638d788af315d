// The server's storage on its own: restore-from-backup detection, seeding determinism, the
// multipart reader on hostile input.
#include "core/store/Sql.h"
#include "server/Accounts.h"
#include "server/Multipart.h"
#include "server/Seeder.h"
#include "server/SqlCityStore.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace clerk;
using namespace clerk::server;

class TestServerStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY(accounts::initialise()); }

    void restoreFromBackupChangesFingerprint()
    {
        QTemporaryDir dir;
        SqlCityStore::Options o;
        o.path = dir.filePath(QStringLiteral("city.db"));
        o.key = "restore-test-key-0123456789";
        o.highwaterPath = dir.filePath(QStringLiteral("city.highwater"));
        QString fp;
        {
            auto s = SqlCityStore::open(o);
            QVERIFY(s.ok());
            SeedOptions seed;
            seed.requests = 3;
            seed.documents = false;
            QVERIFY(seedCity(*s.value(), seed).ok());
            fp = s.value()->fingerprint();
            QVERIFY((*s)->connection().exec("PRAGMA wal_checkpoint(TRUNCATE)"));
        }
        QVERIFY(QFile::copy(o.path, dir.filePath(QStringLiteral("backup.db"))));
        {
            auto s = SqlCityStore::open(o);
            QCOMPARE(s.value()->fingerprint(), fp); // a plain restart keeps it
            QVERIFY(s.value()->addTeam({ QStringLiteral("neu"), QStringLiteral("Neues Team") }));
            auto r = s.value()->fileRequest(
                [] {
                    Request r;
                    r.serviceId = QStringLiteral("hundesteuer");
                    r.submittedAt = QDateTime::currentDateTimeUtc();
                    r.status = QStringLiteral("received");
                    r.applicant.name = QStringLiteral("Nach dem Backup");
                    return r;
                }(),
                {}, QStringLiteral("test"));
            QVERIFY(r.ok());
            // A client pages through the feed and so has seen the new change.
            const Clerk admin { QStringLiteral("admin"), QStringLiteral("A"), QStringLiteral("admin"), {}, false };
            QVERIFY(!s.value()->changes(admin, 0, 100000).items.isEmpty());
        }
        QFile::remove(o.path);
        QFile::remove(o.path + QStringLiteral("-wal"));
        QFile::remove(o.path + QStringLiteral("-shm"));
        QVERIFY(QFile::copy(dir.filePath(QStringLiteral("backup.db")), o.path));
        auto restored = SqlCityStore::open(o);
        QVERIFY(restored.ok());
        QVERIFY(restored.value()->fingerprint() != fp); // clients will resync fully
        // A restart after that keeps the new fingerprint.
        const QString fresh = restored.value()->fingerprint();
        restored.value().reset();
        QCOMPARE(SqlCityStore::open(o).value()->fingerprint(), fresh);
    }

    void documentKeyIsNeverReplaced()
    {
        // A new document key makes every stored document unreadable: it is made only when the
        // database has none, never because reading it failed or found something unusable.
        QTemporaryDir dir;
        SqlCityStore::Options o;
        o.path = dir.filePath(QStringLiteral("city.db"));
        o.key = "content-key-test-0123456789";
        const char* read = "SELECT value FROM meta WHERE key = 'content_key'";
        QString made;
        {
            auto s = SqlCityStore::open(o);
            QVERIFY2(s.ok(), qPrintable(s.errorString()));
            made = (*s)->connection().scalar(read)->toString();
            QCOMPARE(made.size(), 64);
        }
        for (int i = 0; i < 2; ++i) { // reopened: the same key
            auto s = SqlCityStore::open(o);
            QVERIFY2(s.ok(), qPrintable(s.errorString()));
            QCOMPARE((*s)->connection().scalar(read)->toString(), made);
            if (i == 1) // cut short, as a bad restore or an editing administrator might leave it
                QVERIFY(
                    (*s)->connection().exec("UPDATE meta SET value = substr(value, 1, 40) WHERE key = 'content_key'"));
        }
        auto s = SqlCityStore::open(o);
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, Error::Corrupt);
        // The damaged value is left for the administrator, not replaced by a fresh key.
        sql::Connection::Options c;
        c.path = o.path;
        c.passphrase = o.key;
        auto conn = sql::Connection::open(c);
        QVERIFY2(conn.ok(), qPrintable(conn.errorString()));
        QCOMPARE((*conn)->scalar(read)->toString(), made.left(40));
    }

    void documentBytesAreEncryptedBesideTheDatabase()
    {
        QTemporaryDir dir;
        SqlCityStore::Options o;
        o.path = dir.filePath(QStringLiteral("city.db"));
        o.key = "content-test-key-0123456789";
        const QByteArray marker = QByteArrayLiteral("Gutachten Rosskastanie Hohenheimer Strasse 12 ");
        QByteArray big;
        for (int i = 0; i < 30000; ++i) // 1.4 MB: more than one chunk
            big += marker;
        Clerk admin { QStringLiteral("admin"), QStringLiteral("Admin"), QStringLiteral("admin"), {}, false };
        QString first, second;
        {
            auto s = SqlCityStore::open(o);
            QVERIFY(s.ok());
            SeedOptions seed;
            seed.requests = 1;
            seed.documents = false;
            QVERIFY(seedCity(*s.value(), seed).ok());
            Request r;
            r.serviceId = (*s)->services().first().id;
            r.channel = QStringLiteral("portal");
            r.submittedAt = QDateTime::currentDateTimeUtc();
            r.status = QStringLiteral("received");
            r.applicant.name = QStringLiteral("Jürgen Weiß");
            auto filed = (*s)->fileRequest(r,
                { { QStringLiteral("Gutachten"), QStringLiteral("attachment"), QStringLiteral("application/pdf"), big },
                    { QStringLiteral("Leer"), QStringLiteral("attachment"), QStringLiteral("application/pdf"), {} } },
                QStringLiteral("portal"));
            QVERIFY2(filed.ok(), qPrintable(filed.errorString()));
            first = attachmentId(filed->id, 0);
            second = attachmentId(filed->id, 1);
            QCOMPARE((*s)->document(admin, first)->content, big);
            QCOMPARE((*s)->document(admin, second)->content, QByteArray());
            QVERIFY((*s)->connection().exec("PRAGMA wal_checkpoint(TRUNCATE)"));
        }
        // On disk: a file per document, none of the plaintext anywhere.
        const QString file = o.path + QStringLiteral(".content/") + first + QStringLiteral(".cdc");
        QVERIFY(QFile::exists(file));
        for (const QString& path : { file, o.path }) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY2(!f.readAll().contains(marker.left(20)), qPrintable(path));
        }
        auto s = SqlCityStore::open(o);
        QVERIFY(s.ok());
        QCOMPARE((*s)->document(admin, first)->content, big); // the key came back from the database
        // Streamed windows, across the 1 MiB chunk boundary and to the end.
        const qint64 chunk = 1 << 20;
        for (const auto& [offset, length] : QList<QPair<qint64, qint64>> { { 0, big.size() }, { chunk - 5, 10 },
                 { chunk, big.size() - chunk }, { big.size() - 1, 1 }, { 17, 0 } }) {
            auto device = (*s)->openDocument(first, offset, length);
            QVERIFY(device.ok());
            QCOMPARE((*device)->size(), length);
            const QByteArray got = (*device)->readAll();
            QVERIFY2(got == big.mid(offset, length),
                qPrintable(QStringLiteral("window %1+%2: got %3 bytes").arg(offset).arg(length).arg(got.size())));
        }
        QVERIFY(!(*s)->openDocument(first, big.size() - 5, 10).ok()); // beyond the end
        // One byte changed on disk: refused, not served.
        {
            QFile f(file);
            QVERIFY(f.open(QIODevice::ReadWrite));
            f.seek(5000);
            char c = 0;
            f.getChar(&c);
            f.seek(5000);
            f.putChar(char(c ^ 0x01));
        }
        QCOMPARE((*s)->document(admin, first).error().code, Error::Corrupt);
        // Streaming: the first chunk is damaged, so the download is refused before it starts; a
        // window in the intact second chunk still reads.
        QCOMPARE((*s)->openDocument(first, 0, 100).error().code, Error::Corrupt);
        auto later = (*s)->openDocument(first, chunk + 1, 100);
        QVERIFY(later.ok());
        QCOMPARE((*later)->readAll(), big.mid(chunk + 1, 100));
        // Another document's file in its place: refused too (the id is authenticated).
        QVERIFY(QFile::remove(file));
        QVERIFY(QFile::copy(o.path + QStringLiteral(".content/") + second + QStringLiteral(".cdc"), file));
        QCOMPARE((*s)->document(admin, first).error().code, Error::Corrupt);
        // Missing altogether: an error, not an empty document.
        QVERIFY(QFile::remove(file));
        QVERIFY(!(*s)->document(admin, first).ok());
        QVERIFY((*s)->document(admin, first).error().code != Error::NotFound);
    }

    // The Aktenzeichen takes the running number of the year whole: above 9,999 requests a year
    // it must not repeat (it took the reference's last four digits: the 10,001st request of a
    // year got 32.30-0001/2026 again).
    void fileNumbersStayUniqueAboveTenThousand()
    {
        QTemporaryDir dir;
        SqlCityStore::Options o;
        o.path = dir.filePath(QStringLiteral("city.db"));
        o.plaintext = true;
        auto s = SqlCityStore::open(o);
        QVERIFY(s.ok());
        SeedOptions seed;
        seed.requests = 0;
        seed.documents = false;
        QVERIFY(seedCity(*s.value(), seed).ok());
        Request r;
        r.serviceId = QStringLiteral("gewerbeanmeldung"); // office 32
        r.channel = QStringLiteral("portal");
        r.submittedAt = QDateTime(QDate(2026, 3, 2), QTime(9, 0), QTimeZone::UTC);
        r.status = QStringLiteral("received");
        r.applicant.name = QStringLiteral("Jürgen Weiß");
        QHash<QString, QString> byFileNumber; // file number → reference
        const int count = 10'050;
        QVERIFY(
            (*s)->batch([&]() -> Status {
                    for (int i = 0; i < count; ++i) {
                        auto filed = (*s)->fileRequest(r, {}, QStringLiteral("portal"));
                        if (!filed)
                            return filed.error();
                        if (byFileNumber.contains(filed->fileNumber))
                            return Error { Error::Invalid,
                                QStringLiteral("%1 repeats: %2 and %3")
                                    .arg(filed->fileNumber, byFileNumber.value(filed->fileNumber), filed->reference),
                                {} };
                        byFileNumber.insert(filed->fileNumber, filed->reference);
                    }
                    return {};
                })
                .ok());
        QCOMPARE(byFileNumber.size(), count);
        QCOMPARE(byFileNumber.value(QStringLiteral("32.30-0001/2026")), QStringLiteral("STU-2026-000001"));
        QCOMPARE(byFileNumber.value(QStringLiteral("32.30-9999/2026")), QStringLiteral("STU-2026-009999"));
        QCOMPARE(byFileNumber.value(QStringLiteral("32.30-10000/2026")), QStringLiteral("STU-2026-010000"));
        QCOMPARE(byFileNumber.value(QStringLiteral("32.30-10050/2026")), QStringLiteral("STU-2026-010050"));
        QVERIFY(!byFileNumber.contains(QStringLiteral("32.30-0000/2026")));
    }

    void seedingIsDeterministic()
    {
        // Everything a seeded city holds, documents' bytes included: the same for the same seed,
        // and different for another seed (so that the comparison compares something).
        QTemporaryDir a, b, c;
        const Clerk admin { QStringLiteral("admin"), QStringLiteral("Admin"), QStringLiteral("admin"), {}, false };
        auto seedInto = [&](const QString& path, quint32 seedValue) {
            SqlCityStore::Options o;
            o.path = path;
            o.plaintext = true;
            auto s = SqlCityStore::open(o);
            if (!s)
                return QStringList { QStringLiteral("open: ") + s.error().detail };
            SeedOptions seed;
            seed.seed = seedValue;
            seed.requests = 25;
            seed.today = QDate(2026, 11, 26);
            if (auto report = seedCity(*s.value(), seed); !report)
                return QStringList { QStringLiteral("seed: ") + report.error().detail };
            QStringList rows;
            for (const char* sql :
                { "SELECT id, body FROM requests ORDER BY id", "SELECT id, body FROM notes ORDER BY id",
                    "SELECT id, body FROM annotations ORDER BY id", "SELECT id, body FROM documents ORDER BY id" }) {
                auto q = s.value()->connection().query(sql);
                while (q.next())
                    rows << q.text(0) + q.text(1);
                if (q.error())
                    return QStringList { QStringLiteral("query: ") + q.error().detail };
            }
            QStringList documentIds;
            auto d = s.value()->connection().query("SELECT id FROM documents ORDER BY id");
            while (d.next())
                documentIds << d.text(0);
            for (const QString& id : std::as_const(documentIds)) {
                auto doc = s.value()->document(admin, id);
                rows << id + QLatin1Char(' ')
                        + (doc ? QString::fromLatin1(
                                     QCryptographicHash::hash(doc->content, QCryptographicHash::Sha256).toHex())
                               : QStringLiteral("unreadable: ") + doc.error().detail);
            }
            rows << QStringLiteral("%1 documents").arg(documentIds.size());
            return rows;
        };
        const QStringList first = seedInto(a.filePath(QStringLiteral("c.db")), 99);
        const int documents = int(std::count_if(
            first.cbegin(), first.cend(), [](const QString& r) { return r.contains(QLatin1String("\"sha256\"")); }));
        QVERIFY2(
            first.size() >= 25 + 2 * documents && documents > 0, qPrintable(first.join(QLatin1Char('\n')).left(2000)));
        QVERIFY(!first.join(QLatin1Char('\n')).contains(QLatin1String("unreadable")));
        QCOMPARE(seedInto(b.filePath(QStringLiteral("c.db")), 99), first);
        QVERIFY(seedInto(c.filePath(QStringLiteral("c.db")), 100) != first);
    }

    void multipartRefusesHostileInput_data()
    {
        QTest::addColumn<QByteArray>("type");
        QTest::addColumn<QByteArray>("body");
        QTest::addRow("no boundary") << QByteArray("multipart/form-data") << QByteArray("--a\r\n");
        QTest::addRow("huge boundary") << QByteArray("multipart/form-data; boundary=" + QByteArray(200, 'x'))
                                       << QByteArray();
        QTest::addRow("truncated") << QByteArray("multipart/form-data; boundary=b")
                                   << QByteArray("--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nabc");
        QTest::addRow("no name") << QByteArray("multipart/form-data; boundary=b")
                                 << QByteArray("--b\r\nContent-Type: text/plain\r\n\r\nabc\r\n--b--");
        QTest::addRow("endless headers") << QByteArray("multipart/form-data; boundary=b")
                                         << QByteArray("--b\r\n" + QByteArray(10000, 'h'));
        QByteArray many;
        for (int i = 0; i < 100; ++i)
            many += "--b\r\nContent-Disposition: form-data; name=\"p\"\r\n\r\nx\r\n";
        QTest::addRow("too many parts") << QByteArray("multipart/form-data; boundary=b") << QByteArray(many + "--b--");
    }
    void multipartRefusesHostileInput()
    {
        QFETCH(QByteArray, type);
        QFETCH(QByteArray, body);
        QVERIFY(!parseMultipart(type, body).ok());
    }
    void multipartReadsValidInput()
    {
        const QByteArray body = "--b\r\nContent-Disposition: form-data; name=\"request\"\r\n\r\n{}\r\n"
                                "--b\r\nContent-Disposition: form-data; name=\"attachment\"; filename=\"a b.pdf\"\r\n"
                                "Content-Type: application/pdf\r\n\r\n%PDF\r\n\r\nbinary\r\n--b--\r\n";
        auto parts = parseMultipart("multipart/form-data; boundary=\"b\"", body);
        QVERIFY2(parts.ok(), qPrintable(parts.errorString()));
        QCOMPARE(parts->size(), 2);
        QCOMPARE(parts->at(1).fileName, QStringLiteral("a b.pdf"));
        QCOMPARE(parts->at(1).data, QByteArray("%PDF\r\n\r\nbinary"));
    }
};

QTEST_GUILESS_MAIN(TestServerStore)
#include "tst_server_store.moc"
