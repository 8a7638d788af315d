// The connection's statement cache on a real SQLCipher file: it stays bounded however many
// distinct texts run, evicts only statements no Query holds, and every result stays right.
#include "core/store/Sql.h"

#include <QTemporaryDir>
#include <QTest>

using namespace clerk;

class TestSqlStatements : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_dir.reset(new QTemporaryDir);
        sql::Connection::Options o;
        o.path = m_dir->filePath(QStringLiteral("cache.db"));
        o.passphrase = QByteArrayLiteral("Korrekt-Pferd-Batterie-42");
        o.create = true;
        auto c = sql::Connection::open(o);
        QVERIFY2(c, qPrintable(c.errorString()));
        m_conn = std::move(c.value());
        QVERIFY(m_conn->exec("CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER)"));
        for (int i = 1; i <= 100; ++i) {
            auto q = m_conn->query("INSERT INTO t(id, v) VALUES (?1, ?2)");
            QVERIFY(q.bindAll(i, i * 7).exec());
        }
    }
    void cleanup() { m_conn.reset(); }

    void thousandDistinctTextsStayBounded()
    {
        const int limit = m_conn->statementCacheLimit();
        QVERIFY(limit >= 64 && limit <= 128);
        for (int i = 0; i < 1000; ++i) {
            // A value written into the text, as a list of ids or a LIMIT once was: each text differs.
            auto q = m_conn->query(QStringLiteral("SELECT v FROM t WHERE id = %1").arg(i % 100 + 1));
            auto distinct = m_conn->query(QStringLiteral("SELECT v + %1 FROM t WHERE id = ?1").arg(i));
            QVERIFY(q.next());
            QCOMPARE(q.int64(0), qint64((i % 100 + 1) * 7));
            QVERIFY(distinct.bindAll(3).next());
            QCOMPARE(distinct.int64(0), qint64(21 + i));
            QVERIFY(m_conn->cachedStatementCount() <= limit);
        }
        QCOMPARE(m_conn->cachedStatementCount(), limit);
    }

    void heldStatementIsNeverEvicted()
    {
        m_conn->setStatementCacheLimit(2);
        auto held = m_conn->query("SELECT id FROM t ORDER BY id");
        QVERIFY(held.next());
        QCOMPARE(held.int64(0), qint64(1));
        // Many other texts pass while `held` is half-read: it must go on where it was.
        for (int i = 0; i < 50; ++i) {
            auto q = m_conn->query(QStringLiteral("SELECT %1").arg(i));
            QVERIFY(q.next());
            QCOMPARE(q.int64(0), qint64(i));
            QVERIFY(m_conn->cachedStatementCount() <= 2);
        }
        m_conn->clearStatementCache(); // held: finalized only when `held` ends
        qint64 expected = 2;
        while (held.next())
            QCOMPARE(held.int64(0), expected++);
        QVERIFY(!held.error());
        QCOMPARE(expected, qint64(101));
    }

    void nestedReadOfTheSameTextGetsItsOwnStatement()
    {
        const char* text = "SELECT v FROM t WHERE id = ?1";
        auto outer = m_conn->query(text);
        QVERIFY(outer.bindAll(2).next());
        {
            auto inner = m_conn->query(text);
            QVERIFY(inner.bindAll(3).next());
            QCOMPARE(inner.int64(0), qint64(21));
        }
        QCOMPARE(outer.int64(0), qint64(14)); // the inner read did not reset it
        QVERIFY(!outer.next());
        QVERIFY(!outer.error());
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<sql::Connection> m_conn;
};

QTEST_GUILESS_MAIN(TestSqlStatements)
#include "tst_store_statements.moc"
