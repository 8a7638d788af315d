// Full-text search with German spelling variants, prefixes, notes and document text.
#include "../common/TestData.h"
#include "core/store/DocumentCache.h"
#include "core/store/SearchIndex.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace clerk;

class TestSearch : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        m_store.reset(new Store(m_dir.filePath(QStringLiteral("s.db"))));
        QVERIFY(m_store->create("search-passphrase"));
        QVERIFY(m_store->upsertRequests({
            testdata::request(1, QStringLiteral("Jürgen Müller"), QStringLiteral("Hauptstätter Straße 4")),
            testdata::request(2, QStringLiteral("Petra Mueller"), QStringLiteral("Olgastraße 7")),
            testdata::request(3, QStringLiteral("Ömer Yılmaz"), QStringLiteral("Tübinger Straße 1")),
            testdata::request(4, QStringLiteral("Sabine Schmidt"), QStringLiteral("Marktstraße 2")),
            testdata::request(5, QStringLiteral("Thomas Weiss"), QStringLiteral("Pragstraße 88")),
            testdata::request(6, QStringLiteral("Andrea Weiß"), QStringLiteral("Neckarstraße 5")),
        }));
    }

    void fold_data()
    {
        QTest::addColumn<QString>("in");
        QTest::addColumn<QString>("out");
        QTest::addRow("umlaut") << "Müller" << "muller";
        QTest::addRow("ue spelling") << "MUELLER" << "muller";
        QTest::addRow("sharp s") << "Straße" << "strasse";
        QTest::addRow("capital sharp s") << "STRAẞE" << "strasse";
        QTest::addRow("oe") << "Böblinger" << "boblinger";
    }
    void fold()
    {
        QFETCH(QString, in);
        QFETCH(QString, out);
        QCOMPARE(SearchIndex::fold(in), out);
    }

    // Stores indexed by earlier builds were folded by a chain of replacements; the single pass
    // must give the same words, or such a store would stop finding what it holds.
    void foldMatchesTheEarlierReplacementChain()
    {
        auto chain = [](const QString& text) {
            QString s = text.toCaseFolded();
            s.replace(QChar(0x00DF), QLatin1String("ss"));
            s.replace(QChar(0x1E9E), QLatin1String("ss"));
            s.replace(QChar(0x00E4), QLatin1Char('a'));
            s.replace(QChar(0x00F6), QLatin1Char('o'));
            s.replace(QChar(0x00FC), QLatin1Char('u'));
            s.replace(QLatin1String("ae"), QLatin1String("a"));
            s.replace(QLatin1String("oe"), QLatin1String("o"));
            s.replace(QLatin1String("ue"), QLatin1String("u"));
            return s;
        };
        const QString letters = QStringLiteral("aoueEAOUäöüÄÖÜßẞsx 1");
        QRandomGenerator g(7);
        for (int i = 0; i < 50000; ++i) {
            QString word;
            for (int n = int(g.bounded(1, 9)); n > 0; --n)
                word += letters.at(int(g.bounded(letters.size())));
            QCOMPARE(SearchIndex::fold(word), chain(word));
        }
        for (const char* text :
            { "Hauptstätter Straße 4", "Qualitätsprüfung", "Aeneas Oe Ue", "queue", "Poesie", "Bauer" })
            QCOMPARE(SearchIndex::fold(QString::fromUtf8(text)), chain(QString::fromUtf8(text)));
    }

    void finds_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QStringList>("expected"); // references, any order
        QTest::addRow("umlaut finds both spellings")
            << "Müller" << QStringList { "STU-2026-000001", "STU-2026-000002" };
        QTest::addRow("ue finds both spellings") << "mueller" << QStringList { "STU-2026-000001", "STU-2026-000002" };
        QTest::addRow("plain u finds both") << "muller" << QStringList { "STU-2026-000001", "STU-2026-000002" };
        QTest::addRow("ß and ss") << "weiss" << QStringList { "STU-2026-000005", "STU-2026-000006" };
        QTest::addRow("ß typed") << "Weiß" << QStringList { "STU-2026-000005", "STU-2026-000006" };
        QTest::addRow("prefix as you type") << "Schm" << QStringList { "STU-2026-000004" };
        QTest::addRow("turkish letters") << "yılmaz" << QStringList { "STU-2026-000003" };
        QTest::addRow("street, two words") << "tübinger str" << QStringList { "STU-2026-000003" };
        QTest::addRow("reference") << "STU-2026-000004" << QStringList { "STU-2026-000004" };
        QTest::addRow("form value, word finished")
            << "S-CD 5 " << QStringList { "STU-2026-000005", "STU-2026-000006" }; // 6: Neckarstraße 5
        QTest::addRow("e-mail") << "antrag6@example" << QStringList { "STU-2026-000006" };
        QTest::addRow("no match") << "Zeppelin" << QStringList {};
        QTest::addRow("fts syntax is just text") << "\"NEAR( OR *" << QStringList {};
    }
    void finds()
    {
        QFETCH(QString, typed);
        QFETCH(QStringList, expected);
        auto hits = m_store->search(typed);
        QVERIFY2(hits.ok(), qPrintable(hits.error().detail));
        QStringList refs;
        for (qint64 rid : hits.value()) {
            auto q = m_store->connection().query("SELECT reference FROM requests WHERE rid = ?1");
            q.bindAll(rid);
            QVERIFY(q.next());
            refs << q.text(0);
        }
        refs.sort();
        expected.sort();
        QCOMPARE(refs, expected);
    }

    void singleLetterIsNoPrefix()
    {
        // FTS5 keeps prefix indexes for two and three letters; one letter is matched as a word.
        QVERIFY(!SearchIndex::matchExpression(QStringLiteral("S")).contains(QLatin1Char('*')));
        QVERIFY(SearchIndex::matchExpression(QStringLiteral("Sc")).endsWith(QLatin1Char('*')));
        QVERIFY(SearchIndex::matchExpression(QStringLiteral("Müller S")).endsWith(QLatin1String("\"s\"")));
        QVERIFY(m_store->search(QStringLiteral("S")).ok());
    }
    void notesAndDocumentTextAreSearchable()
    {
        QVERIFY(m_store->search(QStringLiteral("Halteverbotszone"))->isEmpty());
        QVERIFY(m_store
                ->addNote(
                    QStringLiteral("req-000004"), QStringLiteral("Halteverbotszone beantragt"), QStringLiteral("x"))
                .ok());
        QCOMPARE(m_store->search(QStringLiteral("halteverbot"))->size(), 1);
        DocumentCache docs(*m_store);
        QVERIFY(docs.upsertDocuments({ Document { QStringLiteral("d1"), QStringLiteral("req-000002"),
            QStringLiteral("Gutachten Linde"), QStringLiteral("attachment"), QStringLiteral("application/pdf"), 3,
            QCryptographicHash::hash("abc", QCryptographicHash::Sha256).toHex(), 1 } }));
        QCOMPARE(m_store->search(QStringLiteral("Gutachten"))->size(), 1);
        QVERIFY(docs.setExtractedText(QStringLiteral("d1"), QStringLiteral("Stammumfang 143 cm, Kronenschäden")));
        QCOMPARE(m_store->search(QStringLiteral("kronenschaden"))->size(), 1);
    }

    void commonTermRanksOnlyAWindow()
    {
        // 1500 requests all matching "Stuttgart": the search returns a page, best of the newest window.
        QList<Request> many;
        for (int i = 100; i < 1600; ++i)
            many << testdata::request(i, QStringLiteral("Person %1").arg(i));
        QVERIFY(m_store->upsertRequests(many));
        auto hits = SearchIndex(m_store->connection()).search(QStringLiteral("stuttgart"), 50, 1000);
        QVERIFY(hits.ok());
        QCOMPARE(hits->size(), 50);
        // Not ranked: the newest 50 matches, newest first.
        const qint64 maxRid = m_store->connection().scalar("SELECT max(rid) FROM requests")->toLongLong();
        QCOMPARE(hits->first(), maxRid);
        QCOMPARE(hits->last(), maxRid - 49);
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;
};

QTEST_GUILESS_MAIN(TestSearch)
#include "tst_search.moc"
