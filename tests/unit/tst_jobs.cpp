// Long work as jobs: a job runs on a worker thread and reports progress and its result on the
// GUI thread; a cancelled e-file export leaves no file and a cancelled import no rows (a real
// SQLCipher store, a real ZIP package).
#include "core/archive/EFilePackage.h"
#include "core/jobs/EFileJobs.h"
#include "core/jobs/Job.h"
#include "core/jobs/JobRunner.h"
#include "core/jobs/StoreAccess.h"
#include "core/jobs/StoreJob.h"
#include "core/store/ContentFiles.h"
#include "core/store/DatabaseAccess.h"
#include "core/store/DocumentCache.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimeZone>
#include <QUuid>
#include <atomic>

using namespace clerk;

namespace {

// Counts to `steps`, one step at a time; its result is the sum.
class CountingJob : public Job
{
public:
    explicit CountingJob(int steps)
        : Job(QStringLiteral("counting"))
        , m_steps(steps)
    { }
    int sum = 0;
    QThread* ranOn = nullptr;

protected:
    Status run() override
    {
        ranOn = QThread::currentThread();
        for (int i = 1; i <= m_steps; ++i) {
            if (!step(i, m_steps, QStringLiteral("step %1").arg(i)))
                return cancelledError();
            sum += i;
        }
        return {};
    }

private:
    int m_steps;
};

// Runs until cancelled.
class EndlessJob : public Job
{
public:
    explicit EndlessJob(std::atomic_bool& running)
        : Job(QStringLiteral("endless"))
        , m_running(running)
    { }

protected:
    Status run() override
    {
        m_running = true;
        while (step(0, 1))
            QThread::msleep(1);
        m_running = false;
        return cancelledError();
    }

private:
    std::atomic_bool& m_running;
};

// Runs one statement on its own store that would take a minute or more; a cancel interrupts it
// as it does the product's store jobs' statements (StoreJob::interruptWork → StoreAccess).
class LongStatementJob : public StoreJob
{
public:
    LongStatementJob(const Store& store, std::atomic_bool& running)
        : StoreJob(QStringLiteral("long statement"), store)
        , m_running(running)
    { }

protected:
    Status run() override
    {
        auto store = access().open();
        if (!store)
            return store.error();
        m_running = true;
        auto n = storeConnection(*store.value())
                     .scalar("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 1000000000) "
                             "SELECT count(*) FROM c");
        if (!n)
            return n.error();
        return {};
    }

private:
    std::atomic_bool& m_running;
};

const QString kRequestId = QStringLiteral("8e1d2c3b-4a59-4687-9a0b-1c2d3e4f5a6b");

// A request with documents of several store chunks each, so that export and import report
// progress many times.
bool addRequest(Store& store)
{
    Request r;
    r.id = kRequestId;
    r.reference = QStringLiteral("STU-2026-009001");
    r.serviceId = QStringLiteral("sondernutzung");
    r.teamId = QStringLiteral("tiefbau");
    r.submittedAt = QDateTime(QDate(2026, 11, 3), QTime(8, 0), QTimeZone::UTC);
    r.status = QStringLiteral("received");
    r.applicant.name = QStringLiteral("Baustelle Königstraße GmbH");
    r.version = 1;
    if (!store.upsertRequests({ r }))
        return false;
    DocumentCache cache(store);
    for (int i = 0; i < 6; ++i) {
        const qint64 size = DocumentCache::kChunkSize * 2 + i;
        QByteArray bytes(size, Qt::Uninitialized);
        for (qint64 k = 0; k < size; ++k)
            bytes[k] = char((k * 31 + i * 7) & 0xff);
        Document d {
            QUuid::createUuidV5(QUuid::fromString(kRequestId), QString::number(i)).toString(QUuid::WithoutBraces),
            kRequestId, QStringLiteral("Plan %1").arg(i + 1), QStringLiteral("attachment"),
            QStringLiteral("application/pdf"), size,
            QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex(), 1
        };
        QBuffer b(&bytes);
        b.open(QIODevice::ReadOnly);
        if (!cache.upsertDocuments({ d }) || !cache.putContent(d.id, b))
            return false;
    }
    return true;
}

int count(Store& store, const char* table)
{
    return store.connection().scalar((QByteArray("SELECT count(*) FROM ") + table).constData())->toInt();
}

} // namespace

class TestJobs : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_source = newStore(QStringLiteral("source.db"));
        QVERIFY(m_source);
        QVERIFY(addRequest(*m_source));
    }

    // A job's own Store leaves the window's store its work: no removal of a re-encryption copy
    // being written, no checkpointing thread of its own.
    void jobStoreLeavesTheOwnersWork()
    {
        const QString rekey = m_source->path() + QStringLiteral(".rekey");
        {
            QFile copy(rekey);
            QVERIFY(copy.open(QIODevice::WriteOnly));
            copy.write("the window's store is re-encrypting into this copy");
        }
        // A document file another connection has written and not committed yet (an import).
        const QString pending = m_source->path() + QStringLiteral(".content/import-in-progress");
        QVERIFY(QDir().mkpath(m_source->path() + QStringLiteral(".content")));
        {
            QFile f(pending);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("an encrypted document an import is about to name");
        }
        QVERIFY(m_source->checkpointer());
        StoreAccess access(*m_source);
        auto worker = access.open();
        QVERIFY(worker.ok());
        QVERIFY(worker.value()->isUnlocked());
        QVERIFY(QFile::exists(rekey));
        QVERIFY(QFile::exists(pending));
        QVERIFY(!worker.value()->checkpointer());
        QVERIFY(worker.value()->request(kRequestId).ok()); // and it reads the store
        QVERIFY(QFile::remove(rekey));
        QVERIFY(QFile::remove(pending));
    }

    // A lock cancels the jobs and waits for them: a job in the middle of a long statement on its own
    // store is interrupted there, not after the statement (a minute or more here), and its store is closed.
    void cancelInterruptsAJobsStatement()
    {
        JobRunner runner;
        std::atomic_bool running { false };
        auto* job = new LongStatementJob(*m_source, running);
        Status outcome;
        connect(job, &Job::finished, this, [&] { outcome = job->status(); });
        QSignalSpy finished(&runner, &JobRunner::finished);
        runner.start(job);
        QTRY_VERIFY(running.load());
        QThread::msleep(50); // inside the statement
        runner.cancelAll();
        // (Without the interrupt the statement runs on for a minute or more after the cancel.)
        QVERIFY2(finished.wait(20000), "the statement ran on after the cancel");
        QCOMPARE(outcome.error().code, Error::Cancelled);
    }

    // After the interrupt a job's connection commits nothing more: what it began is undone.
    void interruptedConnectionCommitsNothing()
    {
        StoreAccess access(*m_source);
        {
            auto store = access.open();
            QVERIFY(store.ok());
            sql::Connection& c = storeConnection(*store.value());
            QVERIFY(c.exec("BEGIN IMMEDIATE"));
            QVERIFY(c.exec("CREATE TABLE written_before_the_interrupt (x)"));
            access.interrupt();
            const Status commit = c.exec("COMMIT");
            QVERIFY(!commit);
            QCOMPARE(commit.error().code, Error::Cancelled);
            QVERIFY(c.exec("ROLLBACK"));
        }
        auto left = storeConnection(*m_source).scalar(
            "SELECT count(*) FROM sqlite_schema WHERE name = 'written_before_the_interrupt'");
        QVERIFY(left.ok());
        QCOMPARE(left->toInt(), 0);
    }

    // A job waiting for the write lock another connection holds gives up when interrupted, not
    // after the busy timeout (5 s): a lock does not wait for it.
    void interruptEndsAWaitForTheWriteLock()
    {
        sql::Connection& owner = storeConnection(*m_source);
        StoreAccess access(*m_source);
        std::atomic_bool waiting { false };
        Status outcome;
        std::unique_ptr<QThread> worker(QThread::create([&] {
            auto store = access.open();
            if (!store) {
                outcome = store.error();
                return;
            }
            waiting = true;
            outcome = storeConnection(*store.value()).exec("BEGIN IMMEDIATE");
        }));
        auto joined = qScopeGuard([&worker] { worker->wait(); }); // (after the owner's lock went, below)
        QVERIFY(owner.exec("BEGIN IMMEDIATE"));
        auto release = qScopeGuard([&owner] { QVERIFY(owner.exec("ROLLBACK")); });
        worker->start();
        QTRY_VERIFY(waiting.load());
        QThread::msleep(100); // in the busy handler
        access.interrupt();
        // The owner holds its lock until the worker has returned (or 3 s have passed): a wait that
        // ignored the interrupt would still be waiting.
        QVERIFY2(worker->wait(3000), "the wait for the write lock went on after the interrupt");
        QVERIFY(!outcome);
        QCOMPARE(outcome.error().code, Error::Busy);
    }

    void interruptedAccessOpensNothing()
    {
        StoreAccess access(*m_source);
        access.interrupt();
        auto store = access.open();
        QVERIFY(!store);
        QCOMPARE(store.error().code, Error::Cancelled);
    }

    void jobReportsProgressAndResult()
    {
        JobRunner runner;
        auto* job = new CountingJob(5);
        QSignalSpy progressed(job, &Job::progressed);
        QSignalSpy finished(job, &Job::finished);
        QSignalSpy runnerFinished(&runner, &JobRunner::finished);
        int sum = -1;
        QThread* ranOn = nullptr;
        bool ok = false;
        connect(job, &Job::finished, this, [&] { // on this thread, before the runner deletes the job
            sum = job->sum;
            ranOn = job->ranOn;
            ok = job->status().ok();
        });
        runner.start(job);
        QCOMPARE(runner.running().size(), 1);
        QTRY_COMPARE(runnerFinished.size(), 1);
        QCOMPARE(finished.size(), 1);
        QVERIFY(ok);
        QCOMPARE(sum, 15);
        QVERIFY(ranOn && ranOn != QThread::currentThread());
        // 20 %, 40 % … 100 %, each with its text, in order.
        QCOMPARE(progressed.size(), 5);
        QCOMPARE(progressed.first().at(0).toInt(), 20);
        QCOMPARE(progressed.last().at(0).toInt(), 100);
        QCOMPARE(progressed.last().at(1).toString(), QStringLiteral("step 5"));
        QVERIFY(runner.running().isEmpty());
    }

    void cancelledJobStopsBetweenSteps()
    {
        JobRunner runner;
        auto* job = new CountingJob(1000);
        bool cancelled = false;
        int sum = -1;
        // On the worker thread, at the third step: the job notices it at that step.
        connect(
            job, &Job::progressed, job,
            [job](int, const QString& text) {
                if (text == QLatin1String("step 3"))
                    job->cancel();
            },
            Qt::DirectConnection);
        connect(job, &Job::finished, this, [&] {
            cancelled = job->wasCancelled();
            sum = job->sum;
        });
        QSignalSpy done(&runner, &JobRunner::finished);
        runner.start(job);
        QTRY_COMPARE(done.size(), 1);
        QVERIFY(cancelled);
        QCOMPARE(sum, 1 + 2);
    }

    void cancelledExportLeavesNoFile()
    {
        const QString path = m_dir.filePath(QStringLiteral("out/cancelled.zip"));
        QVERIFY(QDir().mkpath(QFileInfo(path).path()));
        JobRunner runner;
        auto* job = new EFileExportJob(*m_source, kRequestId, path);
        int reports = 0;
        bool midway = false;
        connect(
            job, &Job::progressed, job,
            [&, job] {
                if (++reports == 4) { // midway: the package is being written
                    midway = true; // (KZip writes <path>.part through QSaveFile: an unnamed file until it closes)
                    job->cancel();
                }
            },
            Qt::DirectConnection);
        bool cancelled = false;
        connect(job, &Job::finished, this, [&] { cancelled = job->wasCancelled(); });
        QSignalSpy done(&runner, &JobRunner::finished);
        runner.start(job);
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 30000);
        QVERIFY(cancelled);
        QVERIFY(midway);
        QVERIFY(!QFile::exists(path));
        QVERIFY(QDir(QFileInfo(path).path()).isEmpty()); // no .part either
    }

    void exportThenImportAsJobs()
    {
        const QString package = exportPackage(QStringLiteral("whole.zip"));
        QVERIFY(!package.isEmpty());
        auto target = newStore(QStringLiteral("import-ok.db"));
        JobRunner runner;
        auto* job = new EFileImportJob(*target, package, efile::IfExists::Refuse, QStringLiteral("k.becker"));
        Status status;
        efile::ImportResult result;
        connect(job, &Job::finished, this, [&] {
            status = job->status();
            result = job->result();
        });
        QSignalSpy done(&runner, &JobRunner::finished);
        runner.start(job);
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 30000);
        QVERIFY2(status.ok(), qPrintable(status.errorString()));
        QCOMPARE(result.requestId, kRequestId);
        QCOMPARE(result.documents, 6);
        // Written on the job's own connection, committed: this connection reads it.
        QCOMPARE(count(*target, "requests"), 1);
        QCOMPARE(DocumentCache(*target).documentsOf(kRequestId).size(), 6);
    }

    void cancelledImportLeavesNoRows()
    {
        const QString package = exportPackage(QStringLiteral("to-cancel.zip"));
        QVERIFY(!package.isEmpty());
        auto target = newStore(QStringLiteral("import-cancel.db"));
        JobRunner runner;
        auto* job = new EFileImportJob(*target, package, efile::IfExists::Refuse, QStringLiteral("k.becker"));
        connect(
            job, &Job::progressed, job,
            [job](int percent) {
                if (percent >= 50) // half the documents are in the (open) transaction
                    job->cancel();
            },
            Qt::DirectConnection);
        bool cancelled = false;
        connect(job, &Job::finished, this, [&] { cancelled = job->wasCancelled(); });
        QSignalSpy done(&runner, &JobRunner::finished);
        runner.start(job);
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 30000);
        QVERIFY(cancelled);
        QCOMPARE(count(*target, "requests"), 0);
        QCOMPARE(count(*target, "documents"), 0);
        QCOMPARE(count(*target, "document_chunks"), 0);
        QVERIFY(QDir(target->contentFiles()->folder()).isEmpty());
    }

    void runnerCancelsAndWaitsOnDestruction()
    {
        // A job that only ends when cancelled: the runner's destructor cancels it, waits for it and
        // deletes it (were it not cancelled, this test would hang until ctest's timeout).
        std::atomic_bool running { false };
        {
            JobRunner runner;
            runner.start(new EndlessJob(running));
            QTRY_VERIFY(running.load());
        }
        QVERIFY(!running.load());
    }

private:
    std::unique_ptr<Store> newStore(const QString& name)
    {
        auto s = std::make_unique<Store>(m_dir.filePath(name));
        if (!s->create("jobs-test-passphrase"))
            return nullptr;
        return s;
    }

    QString exportPackage(const QString& name)
    {
        const QString path = m_dir.filePath(name);
        JobRunner runner;
        auto* job = new EFileExportJob(*m_source, kRequestId, path);
        bool ok = false;
        connect(job, &Job::finished, this, [&] { ok = job->status().ok(); });
        QSignalSpy done(&runner, &JobRunner::finished);
        runner.start(job);
        if (!done.wait(30000) || !ok)
            return {};
        return path;
    }

    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_source;
};

QTEST_GUILESS_MAIN(TestJobs)
#include "tst_jobs.moc"
