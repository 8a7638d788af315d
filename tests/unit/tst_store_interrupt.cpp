// A worker connection interrupted from another thread (as the window does when the store locks):
// the statement that runs stops with Error::Cancelled instead of running to its end, and so does
// every statement started after the interrupt (sqlite3_interrupt alone would not stop those).
// On a real SQLCipher file.
#include "core/store/Sql.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>
#include <thread>

using namespace clerk;

namespace {

// A statement that runs for seconds (a count to 3·10⁷ through a recursive CTE), far longer than the
// 100 ms after which it is interrupted.
constexpr char kLong[] = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 30000000) "
                         "SELECT count(*) FROM c";

} // namespace

class TestStoreInterrupt : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_dir.reset(new QTemporaryDir);
        sql::Connection::Options o;
        o.path = m_dir->filePath(QStringLiteral("interrupt.db"));
        o.passphrase = QByteArrayLiteral("Korrekt-Pferd-Batterie-42");
        o.create = true;
        o.interruptible = true;
        auto c = sql::Connection::open(o);
        QVERIFY2(c, qPrintable(c.errorString()));
        m_conn = std::move(c.value());
        QVERIFY(m_conn->exec("CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER); INSERT INTO t VALUES (1, 7)"));
    }
    void cleanup() { m_conn.reset(); }

    void runningStatementStops()
    {
        QVERIFY(!m_conn->isInterrupted());
        Result<QVariant> result = QVariant();
        QElapsedTimer took;
        took.start();
        std::thread worker([&] { result = m_conn->scalar(kLong); });
        QTest::qWait(100); // it runs
        m_conn->interrupt(); // from this thread, while the worker's statement runs
        worker.join();
        qInfo("the statement stopped %lld ms after it started (interrupted after 100 ms)", took.elapsed());
        QVERIFY(!result);
        QCOMPARE(result.error().code, Error::Cancelled);
        QVERIFY(m_conn->isInterrupted());
    }

    void laterStatementsStopToo()
    {
        m_conn->interrupt(); // nothing runs: sqlite3_interrupt alone would be forgotten
        auto q = m_conn->query("SELECT v FROM t WHERE id = 1");
        QVERIFY(!q.next());
        QCOMPARE(q.error().code, Error::Cancelled);
        auto again = m_conn->scalar(kLong);
        QVERIFY(!again);
        QCOMPARE(again.error().code, Error::Cancelled);
    }

    void uninterruptedConnectionIsUntouched()
    {
        auto v = m_conn->scalar("SELECT v FROM t WHERE id = 1");
        QVERIFY(v);
        QCOMPARE(v->toInt(), 7);
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<sql::Connection> m_conn;
};

QTEST_GUILESS_MAIN(TestStoreInterrupt)
#include "tst_store_interrupt.moc"
