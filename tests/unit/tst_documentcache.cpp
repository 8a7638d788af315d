// Document bytes in the encrypted store and beside it: streaming, checksums, stray files, budget
// eviction, retention purge.
#include "../common/QueryPlan.h"
#include "../common/TestData.h"
#include "core/store/ContentFiles.h"
#include "core/store/DocumentCache.h"
#include "core/store/Outbox.h"
#include "core/store/RequestPurge.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QMap>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <cstring>

using namespace clerk;

namespace {
QByteArray randomBytes(qsizetype n, quint32 seed)
{
    QRandomGenerator g(seed);
    QByteArray b(n, Qt::Uninitialized);
    for (qsizetype i = 0; i < n; ++i)
        b[i] = char(g.generate() & 0xff);
    return b;
}

Document doc(const QString& id, const QString& requestId, const QByteArray& content, const QString& title)
{
    return Document { id, requestId, title, QStringLiteral("attachment"), QStringLiteral("application/pdf"),
        content.size(), QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex(), 1 };
}
} // namespace

class TestDocumentCache : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_dir.reset(new QTemporaryDir);
        m_store.reset(new Store(m_dir->filePath(QStringLiteral("p.db")), m_clock));
        QVERIFY(m_store->create("test-passphrase"));
        QVERIFY(m_store->upsertServices({ testdata::parkingService() }));
        QVERIFY(m_store->upsertRequests(
            { testdata::request(1, QStringLiteral("Anna Koch")), testdata::request(2, QStringLiteral("Bernd Hoffmann")),
                testdata::request(3, QStringLiteral("Carla Nowak")) }));
    }

    // A file several requests share (an xdomea cover letter): read once, each document gets its own
    // copy, in a file of its own or, from a stream of unknown size, in chunks of its own.
    void sameBytesIntoSeveralDocuments()
    {
        DocumentCache cache(*m_store, m_clock);
        const QByteArray content = randomBytes(ContentFiles::kChunk + 4321, 11);
        const QStringList ids { QStringLiteral("doc-a"), QStringLiteral("doc-b"), QStringLiteral("doc-c") };
        QList<Document> docs;
        for (int i = 0; i < 3; ++i)
            docs << doc(ids.at(i), QStringLiteral("req-00000%1").arg(i + 1), content, QStringLiteral("Anschreiben"));
        QVERIFY(cache.upsertDocuments(docs));
        QBuffer in;
        in.setData(content);
        QVERIFY(in.open(QIODevice::ReadOnly));
        const Status put = cache.putContent(ids, in);
        QVERIFY2(put.ok(), qPrintable(put.error().detail));
        QVERIFY(in.atEnd());
        QSet<QByteArray> files;
        for (const QString& id : ids) {
            auto back = cache.content(id);
            QVERIFY2(back.ok(), qPrintable(back.errorString()));
            QCOMPARE(back.value(), content);
            QFile f(m_store->contentFiles()->pathOf(id));
            QVERIFY(f.open(QIODevice::ReadOnly));
            files.insert(f.readAll());
        }
        QCOMPARE(files.size(), 3); // (each under its own id: three different files)
        QCOMPARE(m_store->connection().scalar("SELECT count(*) FROM document_chunks")->toInt(), 0);

        // A stream whose size is not known: into chunks, copied for the others.
        struct Stream : QIODevice
        {
            QByteArray data;
            qint64 at = 0;
            bool isSequential() const override { return true; }
            qint64 bytesAvailable() const override { return data.size() - at + QIODevice::bytesAvailable(); }
            qint64 readData(char* out, qint64 n) override
            {
                n = qMin(n, data.size() - at);
                std::memcpy(out, data.constData() + at, size_t(n));
                at += n;
                return n;
            }
            qint64 writeData(const char*, qint64) override { return -1; }
        } stream;
        const QStringList more { QStringLiteral("doc-d"), QStringLiteral("doc-e") };
        QList<Document> unknown;
        for (const QString& id : more) {
            unknown << doc(id, QStringLiteral("req-000001"), content, QStringLiteral("Anschreiben"));
            unknown.last().size = 0;
        }
        QVERIFY(cache.upsertDocuments(unknown));
        stream.data = content;
        QVERIFY(stream.open(QIODevice::ReadOnly));
        const Status chunked = cache.putContent(more, stream);
        QVERIFY2(chunked.ok(), qPrintable(chunked.error().detail));
        const int perDocument = int((content.size() + DocumentCache::kChunkSize - 1) / DocumentCache::kChunkSize);
        QCOMPARE(m_store->connection().scalar("SELECT count(*) FROM document_chunks")->toInt(), 2 * perDocument);
        for (const QString& id : more)
            QCOMPARE(cache.content(id).value(), content);
    }

    void streamsLargeContent()
    {
        DocumentCache cache(*m_store, m_clock);
        const QByteArray content = randomBytes(2 * 1024 * 1024 + 12345, 7); // 9 chunks, last one partial
        QVERIFY(cache.upsertDocuments({ doc(QStringLiteral("doc-1"), QStringLiteral("req-000001"), content,
            QStringLiteral("Zulassungsbescheinigung Teil I")) }));
        QVERIFY(!cache.hasContent(QStringLiteral("doc-1")));
        QBuffer in;
        in.setData(content);
        in.open(QIODevice::ReadOnly);
        const Status put = cache.putContent(QStringLiteral("doc-1"), in);
        QVERIFY2(put.ok(), qPrintable(put.error().detail));
        QVERIFY(cache.hasContent(QStringLiteral("doc-1")));
        // Whole files go beside the database, encrypted: nothing in the database's chunks, and no
        // stretch of the plaintext in the file.
        QCOMPARE(m_store->connection().scalar("SELECT count(*) FROM document_chunks")->toInt(), 0);
        QFile file(m_store->contentFiles()->pathOf(QStringLiteral("doc-1")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray onDisk = file.readAll();
        QCOMPARE(onDisk.size(), 24 + content.size() + 3 * 16); // header, bytes, a tag per 1 MiB chunk
        for (qsizetype at : { qsizetype(0), qsizetype(1 << 20), content.size() - 64 })
            QVERIFY(!onDisk.contains(content.mid(at, 32)));
        auto back = cache.content(QStringLiteral("doc-1"));
        QVERIFY(back.ok());
        QCOMPARE(back.value(), content);
        QCOMPARE(cache.storedBytes(), content.size());
        QCOMPARE(cache.documentsOf(QStringLiteral("req-000001")).size(), 1);
    }

    void checksumMismatchStoresNothing()
    {
        DocumentCache cache(*m_store, m_clock);
        const QByteArray content = randomBytes(500000, 8);
        QVERIFY(cache.upsertDocuments(
            { doc(QStringLiteral("doc-2"), QStringLiteral("req-000001"), content, QStringLiteral("Lageplan")) }));
        QByteArray damaged = content;
        damaged[1234] = char(damaged[1234] ^ 1);
        QBuffer in(&damaged);
        in.open(QIODevice::ReadOnly);
        const Status put = cache.putContent(QStringLiteral("doc-2"), in);
        QVERIFY(!put);
        QVERIFY(put.errorString().contains(QLatin1String("Lageplan")));
        QVERIFY(!cache.hasContent(QStringLiteral("doc-2")));
        QCOMPARE(m_store->connection().scalar("SELECT count(*) FROM document_chunks")->toInt(), 0);
        QVERIFY(!QFile::exists(m_store->contentFiles()->pathOf(QStringLiteral("doc-2"))));
        QVERIFY(!cache.content(QStringLiteral("doc-2")).ok());
    }

    // A file no row refers to (an import cut off before its commit, a process killed between the
    // file and the row) is removed at the next unlock; files that rows refer to stay, and the key
    // that reads them survives locking.
    void strayFilesAreSweptAtUnlock()
    {
        DocumentCache cache(*m_store, m_clock);
        QByteArray content = randomBytes(300000, 9);
        QVERIFY(cache.upsertDocuments(
            { doc(QStringLiteral("doc-1"), QStringLiteral("req-000001"), content, QStringLiteral("Foto")) }));
        QBuffer in(&content);
        in.open(QIODevice::ReadOnly);
        QVERIFY(cache.putContent(QStringLiteral("doc-1"), in));
        const QString kept = m_store->contentFiles()->pathOf(QStringLiteral("doc-1"));
        QVERIFY(QFile::exists(kept));
        QVERIFY(m_store->contentFiles()->write(QStringLiteral("ghost"), QByteArray(1000, 'g')));
        const QString ghost = m_store->contentFiles()->pathOf(QStringLiteral("ghost"));
        QVERIFY(QFile::exists(ghost));
        QFile leftover(m_store->contentFiles()->folder() + QStringLiteral("/doc-9.cdc.aB3dE1"));
        QVERIFY(leftover.open(QIODevice::WriteOnly));
        leftover.close();
        QCOMPARE(cache.content(QStringLiteral("doc-1")).value(), content);
        m_store->lock();
        QVERIFY(!m_store->contentFiles());
        QVERIFY(m_store->unlock("test-passphrase"));
        QVERIFY(!QFile::exists(ghost));
        QVERIFY(!leftover.exists());
        QVERIFY(QFile::exists(kept));
        QCOMPARE(DocumentCache(*m_store, m_clock).content(QStringLiteral("doc-1")).value(), content);
    }

    // New bytes of a stored document go into a file of their own: the file the committed row names
    // stays byte for byte until the transaction that switches the row over has committed. A
    // rollback (a refused import) leaves the old file and row; a crash after the commit and before
    // the old file went leaves the row on the new file, and the old one to the unlock sweep.
    void replacedBytesWaitForTheCommit()
    {
        DocumentCache cache(*m_store, m_clock);
        sql::Connection& c = m_store->connection();
        const QString id = QStringLiteral("doc-r"), request = QStringLiteral("req-000001");
        QByteArray a = randomBytes(300000, 11), b = randomBytes(200000, 12);
        auto put = [&](QByteArray& bytes) {
            QBuffer in(&bytes);
            in.open(QIODevice::ReadOnly);
            return cache.putContent(id, in);
        };
        auto files = [&] {
            QMap<QString, QByteArray> out;
            const QDir folder(m_store->contentFiles()->folder());
            for (const QString& name : folder.entryList(QDir::Files | QDir::Hidden | QDir::System)) {
                QFile f(folder.filePath(name));
                out.insert(name, f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("unreadable"));
            }
            return out;
        };
        QVERIFY(cache.upsertDocuments({ doc(id, request, a, QStringLiteral("Plan")) }));
        QVERIFY(put(a));
        const QMap<QString, QByteArray> before = files();
        QCOMPARE(before.keys(), QStringList { ContentFiles::fileName(id) });
        {
            // Replaced inside a transaction that then rolls back.
            sql::Transaction tx(c);
            QVERIFY(tx.ok());
            QVERIFY(cache.upsertDocuments({ doc(id, request, b, QStringLiteral("Plan")) }));
            QVERIFY(put(b));
            QCOMPARE(files().size(), 2);
            QVERIFY(files().value(ContentFiles::fileName(id)) == before.value(ContentFiles::fileName(id)));
        }
        cache.settleFiles(false);
        QVERIFY(files() == before);
        QCOMPARE(cache.content(id).value(), a);
        {
            // Committed; the process "dies" before the old file is removed (no settleFiles()).
            sql::Transaction tx(c);
            QVERIFY(tx.ok());
            QVERIFY(cache.upsertDocuments({ doc(id, request, b, QStringLiteral("Plan")) }));
            QVERIFY(put(b));
            QVERIFY(tx.commit());
        }
        QCOMPARE(files().size(), 2);
        QVERIFY(files().value(ContentFiles::fileName(id)) == before.value(ContentFiles::fileName(id)));
        QCOMPARE(DocumentCache(*m_store, m_clock).content(id).value(), b); // the row names the new file
        m_store->lock();
        QVERIFY(m_store->unlock("test-passphrase"));
        QCOMPARE(files().size(), 1);
        QVERIFY(!files().contains(ContentFiles::fileName(id))); // the old one was swept
        DocumentCache reopened(*m_store, m_clock);
        QCOMPARE(reopened.content(id).value(), b);
        // Outside a transaction of the caller's, the old file goes right after the commit.
        QVERIFY(reopened.upsertDocuments({ doc(id, request, a, QStringLiteral("Plan")) }));
        QBuffer in(&a);
        in.open(QIODevice::ReadOnly);
        QVERIFY(reopened.putContent(id, in));
        QCOMPARE(files().size(), 1);
        QCOMPARE(reopened.content(id).value(), a);
    }

    void budgetEvictsClosedThenLeastRecentlyOpened()
    {
        DocumentCache cache(*m_store, m_clock);
        const QByteArray a = randomBytes(300000, 1), b = randomBytes(300000, 2), c = randomBytes(300000, 3);
        QVERIFY(cache.upsertDocuments({ doc(QStringLiteral("a"), QStringLiteral("req-000001"), a, QStringLiteral("A")),
            doc(QStringLiteral("b"), QStringLiteral("req-000002"), b, QStringLiteral("B")),
            doc(QStringLiteral("c"), QStringLiteral("req-000003"), c, QStringLiteral("C")) }));
        for (auto [id, bytes] :
            { std::pair { QStringLiteral("a"), a }, { QStringLiteral("b"), b }, { QStringLiteral("c"), c } }) {
            QBuffer in(&bytes);
            in.open(QIODevice::ReadOnly);
            QVERIFY(cache.putContent(id, in));
        }
        // a opened long ago, c opened just now; request 2 (document b) is closed.
        QBuffer sink;
        sink.open(QIODevice::WriteOnly);
        QVERIFY(cache.readContent(QStringLiteral("a"), sink));
        m_clock.advanceSecs(3600);
        QVERIFY(cache.readContent(QStringLiteral("c"), sink));
        QVERIFY(m_store->connection().exec(
            "UPDATE requests SET closed = 1, status = 'closed', closed_at = 0 WHERE id = 'req-000002'"));

        auto evicted = cache.enforceBudget(650000);
        QVERIFY(evicted.ok());
        QCOMPARE(evicted.value(), 1);
        QVERIFY(!cache.hasContent(QStringLiteral("b"))); // the closed request's document went first
        QVERIFY(cache.hasContent(QStringLiteral("a")));
        evicted = cache.enforceBudget(350000);
        QCOMPARE(evicted.value(), 1);
        QVERIFY(!cache.hasContent(QStringLiteral("a"))); // then the least recently opened
        QVERIFY(cache.hasContent(QStringLiteral("c")));
        QVERIFY(!QFile::exists(m_store->contentFiles()->pathOf(QStringLiteral("a"))));
        QVERIFY(!QFile::exists(m_store->contentFiles()->pathOf(QStringLiteral("b"))));
        QVERIFY(QFile::exists(m_store->contentFiles()->pathOf(QStringLiteral("c"))));
        const auto events = m_store->timeline().of(QStringLiteral("req-000001")).value();
        QVERIFY(!events.isEmpty());
        QCOMPARE(events.last().kind, QStringLiteral("evicted"));
        QCOMPARE(cache.enforceBudget(10000000).value(), 0);
    }

    void retentionPurgesClosedRequests()
    {
        DocumentCache cache(*m_store, m_clock);
        const QByteArray a = randomBytes(1000, 4);
        QVERIFY(
            cache.upsertDocuments({ doc(QStringLiteral("a"), QStringLiteral("req-000001"), a, QStringLiteral("A")) }));
        auto note = m_store->addNote(QStringLiteral("req-000001"), QStringLiteral("Vermerk"), QStringLiteral("x"));
        QVERIFY(note.ok());
        Request closed = testdata::request(1, QStringLiteral("Anna Koch"));
        closed.status = QStringLiteral("closed");
        closed.version = 2;
        QVERIFY(m_store->upsertRequests({ closed }));
        QCOMPARE(RequestPurge(*m_store, m_clock).purgeClosed(30).value(), 0); // closed just now
        m_clock.advanceSecs(31 * 86400);
        // The clerk's note has not reached the server yet: the request waits for it.
        QCOMPARE(RequestPurge(*m_store, m_clock).purgeClosed(30).value(), 0);
        QVERIFY(m_store->request(QStringLiteral("req-000001")).ok());
        QVERIFY(m_store->outbox().markSent({ note.value() }));
        Outbox::Answer applied { note->mutationId, note->kind, note->targetId, Mutation::State::Applied, 1, {}, {} };
        QVERIFY(m_store->outbox().recordAnswers({ applied }));
        QCOMPARE(RequestPurge(*m_store, m_clock).purgeClosed(30).value(), 1);
        QVERIFY(!m_store->request(QStringLiteral("req-000001")).ok());
        QVERIFY(m_store->request(QStringLiteral("req-000002")).ok());
        QCOMPARE(m_store->connection().scalar("SELECT count(*) FROM documents")->toInt(), 0);
        QCOMPARE(QDir(m_store->contentFiles()->folder()).entryList({ QStringLiteral("*.cdc") }, QDir::Files).size(), 0);
        QCOMPARE(m_store->connection().scalar("SELECT count(*) FROM notes")->toInt(), 0);
        const auto events = m_store->timeline().of(QStringLiteral("req-000001")).value();
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().kind, QStringLiteral("purged"));
        QVERIFY(events.first().text.contains(QLatin1String("STU-2026-000001")));
        QVERIFY(!events.first().text.contains(QLatin1String("Koch")));
        QVERIFY(m_store->search(QStringLiteral("Koch"))->isEmpty());
        // Found by the partial index of closed requests (v8), not by reading every request; also with
        // a large profile's statistics.
        for (const bool analyzed : { false, true }) {
            if (analyzed)
                QVERIFY(testsql::analyzeAsALargeStore(m_store->connection()));
            const QString steps = testsql::queryPlan(m_store->connection(),
                QString::fromLatin1(RequestPurge::retentionSql()), m_clock.now().toSecsSinceEpoch());
            QVERIFY2(steps.contains(QLatin1String("INDEX requests_closed_at")), qPrintable(steps));
        }
    }

private:
    ManualClock m_clock;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Store> m_store;
};

QTEST_GUILESS_MAIN(TestDocumentCache)
#include "tst_documentcache.moc"
