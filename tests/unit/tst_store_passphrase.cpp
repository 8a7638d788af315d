// Changing the profile passphrase on a real SQLCipher file with real document files beside it:
// the old passphrase stops working, the document-file key is replaced and every file re-encrypted
// under the new one (no copy of the old key decrypts any file afterwards), an interrupted
// re-encryption leaves every document readable and is finished by the next run, and a process
// killed at random points of the whole change loses no document.
#include "../common/TestData.h"
#include "core/store/ContentFiles.h"
#include "core/store/ContentKeyRotation.h"
#include "core/store/DocumentCache.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace clerk;

namespace {
const QByteArray kOld = QByteArrayLiteral("Alte-Passphrase-2025");
const QByteArray kNew = QByteArrayLiteral("Neue-Passphrase-2026!");

QByteArray randomBytes(qsizetype n, quint32 seed)
{
    QRandomGenerator g(seed);
    QByteArray b(n, Qt::Uninitialized);
    for (qsizetype i = 0; i < n; ++i)
        b[i] = char(g.generate() & 0xff);
    return b;
}

QByteArray fileHash(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return "<missing>";
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex();
}

QByteArray keyOf(Store& store, const char* name)
{
    return QByteArray::fromHex(store.meta().value(QString::fromLatin1(name)).value().toLatin1());
}
} // namespace

class TestStorePassphrase : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_dir.reset(new QTemporaryDir);
        m_path = m_dir->filePath(QStringLiteral("profile.db"));
        m_docs.clear();
    }

    void changeRotatesTheDocumentKey();
    void replacedDocumentIsRotatedToo();
    void interruptedRotationKeepsEverythingReadable();
    void fileDamagedPartwayStopsTheRotation();
    void currentPassphraseCheckedWithoutTouchingTheStore();
    void secondChangeWaitsForTheFirstRotation();
    void killedChangeLosesNoDocument();

private:
    // A store with `files` documents in files (sizes 0 B to 2.5 MiB) and one in the database's chunks.
    void makeStore(Store& s, int files)
    {
        QVERIFY(s.create(kOld));
        QVERIFY(s.upsertServices({ testdata::parkingService() }));
        QVERIFY(s.upsertRequests({ testdata::request(1, QStringLiteral("Emre Kaya")) }));
        DocumentCache cache(s);
        const qsizetype sizes[] = { 0, 1, 70000, 1 << 20, (5 << 20) / 2, 300001 };
        for (int i = 0; i <= files; ++i) {
            const QString id = QStringLiteral("doc-%1").arg(i, 3, 10, QLatin1Char('0'));
            const QByteArray bytes = randomBytes(sizes[i % 6], quint32(i + 1));
            QVERIFY(cache.upsertDocuments({ Document { id, QStringLiteral("req-000001"), id,
                QStringLiteral("attachment"), QStringLiteral("application/pdf"), bytes.size(),
                QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex(), 1 } }));
            if (i == files) { // the last one arrives as a download: chunks inside the database
                QVERIFY(cache.appendContent(id, bytes));
                QVERIFY(cache.completeContent(id));
            } else {
                QBuffer in;
                in.setData(bytes);
                QVERIFY(in.open(QIODevice::ReadOnly));
                QVERIFY(cache.putContent(id, in));
                QVERIFY(QFile::exists(s.contentFiles()->pathOf(id)));
            }
            m_docs.insert(id, bytes);
        }
    }

    void verifyAllReadBack(Store& s)
    {
        DocumentCache cache(s);
        for (auto it = m_docs.cbegin(); it != m_docs.cend(); ++it) {
            auto back = cache.content(it.key());
            QVERIFY2(back.ok(), qPrintable(it.key() + QLatin1String(": ") + back.error().detail));
            QVERIFY2(back.value() == it.value(), qPrintable(it.key()));
        }
    }

    // How many of the document files `key` alone decrypts.
    int openableWith(const QByteArray& key)
    {
        const ContentFiles files(m_path + QStringLiteral(".content"), key);
        int n = 0;
        for (auto it = m_docs.cbegin(); it != m_docs.cend(); ++it)
            if (QFile::exists(files.pathOf(it.key())) && files.open(it.key(), 0, it.value().size()))
                ++n;
        return n;
    }
    int fileCount() const { return int(m_docs.size()) - 1; }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    QMap<QString, QByteArray> m_docs;
};

void TestStorePassphrase::changeRotatesTheDocumentKey()
{
    Store s(m_path);
    makeStore(s, 6);
    const QByteArray oldKey = keyOf(s, "content_key");
    QCOMPARE(oldKey.size(), 32);
    QCOMPARE(openableWith(oldKey), fileCount()); // the check below is not vacuous

    QVERIFY(s.changePassphrase(kNew));
    QVERIFY(s.contentKeyRotationPending());
    const QByteArray newKey = keyOf(s, "content_key");
    QCOMPARE(newKey.size(), 32);
    QVERIFY(newKey != oldKey);
    QCOMPARE(keyOf(s, "content_key_previous"), oldKey);
    verifyAllReadBack(s); // before the files are done: through the old key

    ContentKeyRotation rotation(s);
    QVERIFY(rotation.prepared());
    QCOMPARE(rotation.fileCount(), fileCount());
    QList<qint64> progress;
    QVERIFY(rotation.run([&](qint64 done, qint64 total) {
        progress << done;
        return done <= total;
    }));
    QCOMPARE(progress.size(), fileCount());
    QCOMPARE(progress.last(), rotation.totalBytes());
    QCOMPARE(rotation.rewritten(), fileCount());
    QVERIFY(s.finishContentKeyRotation(rotation));
    QVERIFY(!s.contentKeyRotationPending());
    QVERIFY(s.meta().value(QStringLiteral("content_key_previous")).value().isEmpty());
    verifyAllReadBack(s);
    // No temporary file is left, and the old key opens nothing.
    QCOMPARE(QDir(m_path + QStringLiteral(".content")).entryList(QDir::Files).size(), fileCount());
    QCOMPARE(openableWith(oldKey), 0);
    QCOMPARE(openableWith(newKey), fileCount());

    s.lock();
    QCOMPARE(s.unlock(kOld).error().code, Error::WrongPassphrase);
    QVERIFY(s.unlock(kNew));
    QVERIFY(!s.contentKeyRotationPending());
    QCOMPARE(keyOf(s, "content_key"), newKey);
    verifyAllReadBack(s);
    QVERIFY(!QFile::exists(m_path + QStringLiteral(".rekey")));
}

void TestStorePassphrase::replacedDocumentIsRotatedToo()
{
    // A document whose bytes were replaced lives in a later generation of its file
    // (<id>~<n>.cdc); the rotation must re-encrypt the file its row names, or dropping the old
    // key would leave that document unreadable.
    Store s(m_path);
    makeStore(s, 2);
    const QString id = QStringLiteral("doc-000");
    const QByteArray bytes = randomBytes(90000, 77);
    DocumentCache cache(s);
    QVERIFY(cache.upsertDocuments({ Document { id, QStringLiteral("req-000001"), id, QStringLiteral("attachment"),
        QStringLiteral("application/pdf"), bytes.size(),
        QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex(), 2 } }));
    QBuffer in;
    in.setData(bytes);
    QVERIFY(in.open(QIODevice::ReadOnly));
    QVERIFY(cache.putContent(id, in));
    m_docs[id] = bytes;
    const int generation = s.connection().scalar("SELECT content_file FROM documents WHERE id = 'doc-000'")->toInt();
    QVERIFY2(generation > 1, qPrintable(QString::number(generation)));
    const QByteArray oldKey = keyOf(s, "content_key");

    QVERIFY(s.changePassphrase(kNew));
    ContentKeyRotation rotation(s);
    QVERIFY(rotation.prepared());
    QVERIFY(rotation.run({}));
    QVERIFY(s.finishContentKeyRotation(rotation));
    verifyAllReadBack(s);
    s.lock();
    QVERIFY(s.unlock(kNew));
    verifyAllReadBack(s);
    const ContentFiles old(m_path + QStringLiteral(".content"), oldKey);
    QVERIFY(QFile::exists(old.pathOf(id, generation)));
    QVERIFY(!old.open(id, 0, bytes.size(), generation).ok());
}

void TestStorePassphrase::interruptedRotationKeepsEverythingReadable()
{
    Store s(m_path);
    makeStore(s, 7);
    const QByteArray oldKey = keyOf(s, "content_key");
    QVERIFY(s.changePassphrase(kNew));
    const QByteArray newKey = keyOf(s, "content_key");
    {
        // Stopped after three files (as a kill or a power cut would stop it).
        ContentKeyRotation rotation(s);
        int files = 0;
        const Status run = rotation.run([&](qint64, qint64) { return ++files < 3; });
        QVERIFY(!run);
        QVERIFY(!rotation.complete());
        QVERIFY(!s.finishContentKeyRotation(rotation)); // the old key is still needed
        QVERIFY(s.contentKeyRotationPending());
    }
    QCOMPARE(openableWith(newKey), 3);
    QCOMPARE(openableWith(oldKey), fileCount() - 3);
    verifyAllReadBack(s);

    // The next unlock: both keys are back, everything reads, and the rotation goes on from there.
    s.lock();
    QCOMPARE(s.unlock(kOld).error().code, Error::WrongPassphrase);
    QVERIFY(s.unlock(kNew));
    QVERIFY(s.contentKeyRotationPending());
    verifyAllReadBack(s);
    ContentKeyRotation rest(s);
    QVERIFY(rest.run());
    QCOMPARE(rest.rewritten(), fileCount() - 3);
    QVERIFY(s.finishContentKeyRotation(rest));
    QVERIFY(!s.contentKeyRotationPending());
    QCOMPARE(openableWith(oldKey), 0);
    QCOMPARE(openableWith(newKey), fileCount());
    verifyAllReadBack(s);
}

void TestStorePassphrase::fileDamagedPartwayStopsTheRotation()
{
    // A file whose first chunk opens under the old key but whose second chunk fails is not "lost
    // already": completing the rotation would drop the only key that reads the rest of it.
    Store s(m_path);
    makeStore(s, 6);
    const QString damagedId = QStringLiteral("doc-004"); // 2.5 MiB: three chunks
    QVERIFY(m_docs.value(damagedId).size() > ContentFiles::kChunk + 1000);
    const QByteArray oldKey = keyOf(s, "content_key");
    {
        QFile f(s.contentFiles()->pathOf(damagedId));
        QVERIFY(f.open(QIODevice::ReadWrite));
        const qint64 at = 24 + (ContentFiles::kChunk + 16) + 500; // header, first chunk and its tag, into the second
        QVERIFY(f.seek(at));
        const char was = f.read(1).at(0);
        QVERIFY(f.seek(at));
        QCOMPARE(f.write(QByteArray(1, char(was ^ 0x5a))), qint64(1));
    }
    QVERIFY(s.contentFiles()->open(damagedId, 0, 1000).ok()); // the first chunk still opens

    QVERIFY(s.changePassphrase(kNew));
    ContentKeyRotation rotation(s);
    QVERIFY(rotation.prepared());
    const Status run = rotation.run({});
    QVERIFY(!run);
    QVERIFY(run.error().detail.contains(damagedId));
    QVERIFY(!rotation.complete());
    QVERIFY(!s.finishContentKeyRotation(rotation));
    QVERIFY(s.contentKeyRotationPending());
    QCOMPARE(keyOf(s, "content_key_previous"), oldKey);
    // The damaged file is still the one under the old key (not replaced by a partial copy).
    const ContentFiles old(m_path + QStringLiteral(".content"), oldKey);
    QVERIFY(old.open(damagedId, 0, 1000).ok());
    m_docs.remove(damagedId);
    verifyAllReadBack(s);

    // The next unlock keeps both keys: the other documents still read.
    s.lock();
    QVERIFY(s.unlock(kNew));
    QVERIFY(s.contentKeyRotationPending());
    QCOMPARE(keyOf(s, "content_key_previous"), oldKey);
    verifyAllReadBack(s);
}

void TestStorePassphrase::currentPassphraseCheckedWithoutTouchingTheStore()
{
    Store s(m_path);
    makeStore(s, 1);
    QVERIFY(s.connection().exec("PRAGMA wal_checkpoint(TRUNCATE)"));
    const QByteArray before = fileHash(m_path);
    const QByteArray walBefore = fileHash(m_path + QStringLiteral("-wal"));
    QVERIFY(s.isPassphrase(kOld));
    QVERIFY(!s.isPassphrase(kNew));
    QVERIFY(!s.isPassphrase(QByteArray()));
    QVERIFY(s.isUnlocked());
    QCOMPARE(fileHash(m_path), before);
    QCOMPARE(fileHash(m_path + QStringLiteral("-wal")), walBefore);
    QVERIFY(s.request(QStringLiteral("req-000001")).ok());
    // Also when the store was opened with the raw key from the keyring.
    const QByteArray raw = s.rawKey();
    s.lock();
    QVERIFY(s.unlockWithKey(raw));
    QVERIFY(s.isPassphrase(kOld));
    QVERIFY(!s.isPassphrase(QByteArrayLiteral("Alte-Passphrase-2024")));
}

void TestStorePassphrase::secondChangeWaitsForTheFirstRotation()
{
    Store s(m_path);
    makeStore(s, 2);
    QVERIFY(s.changePassphrase(kNew));
    const Status again = s.changePassphrase(QByteArrayLiteral("Dritte-Passphrase-2027"));
    QCOMPARE(again.error().code, Error::Busy);
    QVERIFY(s.isPassphrase(kNew)); // refused before anything was touched
    ContentKeyRotation rotation(s);
    QVERIFY(rotation.run());
    QVERIFY(s.finishContentKeyRotation(rotation));
    const QByteArray second = keyOf(s, "content_key");
    const Status third = s.changePassphrase(QByteArrayLiteral("Dritte-Passphrase-2027"));
    QVERIFY2(third.ok(), qPrintable(third.error().detail));
    ContentKeyRotation next(s);
    QVERIFY(next.run());
    QVERIFY(s.finishContentKeyRotation(next));
    QCOMPARE(openableWith(second), 0);
    verifyAllReadBack(s);
}

void TestStorePassphrase::killedChangeLosesNoDocument()
{
    {
        Store s(m_path);
        makeStore(s, 24); // ~20 MB of files
    }
    QByteArray current = kOld;
    QRandomGenerator rng(20261202);
    int killedDuringRotation = 0, finished = 0;
    // Measured in the first round: the whole change, and the part after the database was replaced.
    qint64 span = 0, rotationSpan = 0;
    QStringList table;
    for (int round = 0; round < 13; ++round) {
        const QByteArray next = "Passphrase-Runde-" + QByteArray::number(round);
        QProcess writer;
        writer.start(QStringLiteral(CLERKDESK_PASSPHRASE_WRITER), { m_path });
        QVERIFY(writer.waitForStarted());
        writer.write(current + '\n' + next + '\n');
        writer.closeWriteChannel();
        QVERIFY(writer.waitForReadyRead(30000));
        QElapsedTimer t;
        t.start();
        QByteArray seen = writer.readAll();
        // Odd rounds kill at any point of the whole change (a random time); even ones inside the
        // re-encryption: right after the writer reported its k-th file (k random in the first half),
        // by its progress rather than by time (a time measured in round 0 misses under a sanitizer
        // or a loaded machine, whose later rounds run at another pace).
        const bool inRotation = round > 0 && round % 2 == 0;
        const int afterFile = inRotation ? 1 + int(rng.bounded(quint32(fileCount() / 2))) : 0;
        while (round == 0 || inRotation) {
            if (inRotation ? seen.count("file ") >= afterFile : seen.contains("changed"))
                break;
            if (!writer.waitForReadyRead(30000))
                break;
            seen += writer.readAll();
        }
        const qint64 changedAt = t.elapsed();
        int delay = 0;
        if (inRotation) {
            if (writer.state() != QProcess::NotRunning) {
                writer.kill(); // SIGKILL
                QVERIFY(writer.waitForFinished(10000));
            }
        } else if (round == 0) {
            QVERIFY(writer.waitForFinished(60000));
            span = t.elapsed();
            rotationSpan = span - changedAt;
            QVERIFY2(writer.exitCode() == 0, writer.readAllStandardError().constData());
        } else {
            delay = int(rng.bounded(quint32(span + 1)));
            QTest::qWait(delay);
            if (writer.state() != QProcess::NotRunning) { // it may have finished just before
                writer.kill(); // SIGKILL
                QVERIFY(writer.waitForFinished(10000));
            }
        }
        const QString out = QString::fromLatin1(seen + writer.readAllStandardOutput());
        const bool changed = out.contains(QLatin1String("changed"));
        const int files = int(out.count(QLatin1String("file ")));
        finished += out.contains(QLatin1String("finished")) ? 1 : 0;
        killedDuringRotation += files > 0 && files < fileCount() ? 1 : 0;

        // Exactly one of the two passphrases opens the store (the new one once "changed" was said).
        Store s(m_path);
        const Status withNew = s.unlock(next);
        if (!withNew) {
            QCOMPARE(withNew.error().code, Error::WrongPassphrase);
            QVERIFY2(!changed, "the change was reported, but the new passphrase does not open the store");
            QVERIFY(s.unlock(current));
        } else {
            current = next;
        }
        QCOMPARE(s.connection().scalar("PRAGMA integrity_check")->toString(), QStringLiteral("ok"));
        verifyAllReadBack(s);
        if (QTest::currentTestFailed())
            return;
        // The next unlock finishes what the kill cut off.
        const QByteArray previous = keyOf(s, "content_key_previous");
        if (s.contentKeyRotationPending()) {
            QCOMPARE(previous.size(), 32);
            ContentKeyRotation rest(s);
            QVERIFY(rest.run());
            QVERIFY(s.finishContentKeyRotation(rest));
            QCOMPARE(openableWith(previous), 0);
        }
        QVERIFY(!s.contentKeyRotationPending());
        verifyAllReadBack(s);
        if (QTest::currentTestFailed())
            return;
        table << QStringLiteral("round %1: %2, %3 files re-encrypted by the writer, %4")
                     .arg(round, 2)
                     .arg(round == 0      ? QStringLiteral("ran to the end")
                             : inRotation ? QStringLiteral("killed after the writer's file %1").arg(afterFile, 2)
                                          : QStringLiteral("killed %1 ms after the unlock").arg(delay, 4))
                     .arg(files, 2)
                     .arg(withNew ? QStringLiteral("new passphrase") : QStringLiteral("old passphrase"));
    }
    qInfo().noquote() << "a whole change took" << span << "ms, the re-encryption of" << fileCount() << "files"
                      << rotationSpan << "ms\n"
                      << table.join(QLatin1Char('\n'));
    QVERIFY(finished >= 1);
    QVERIFY2(killedDuringRotation >= 2, "no kill landed in the middle of the re-encryption");
}

QTEST_GUILESS_MAIN(TestStorePassphrase)
#include "tst_store_passphrase.moc"
