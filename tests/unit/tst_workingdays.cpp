#include "core/domain/WorkingDays.h"

#include <QTest>

using namespace clerk::workingdays;

class TestWorkingDays : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void easter_data()
    {
        QTest::addColumn<int>("year");
        QTest::addColumn<QDate>("sunday");
        QTest::addRow("2024") << 2024 << QDate(2024, 3, 31);
        QTest::addRow("2025") << 2025 << QDate(2025, 4, 20);
        QTest::addRow("2026") << 2026 << QDate(2026, 4, 5);
        QTest::addRow("2027") << 2027 << QDate(2027, 3, 28);
    }
    void easter()
    {
        QFETCH(int, year);
        QFETCH(QDate, sunday);
        QCOMPARE(easterSunday(year), sunday);
    }
    void holidays2026()
    {
        const QList<QDate> h = holidays(2026);
        QCOMPARE(h.size(), 12);
        QVERIFY(h.contains(QDate(2026, 4, 3))); // Karfreitag
        QVERIFY(h.contains(QDate(2026, 4, 6))); // Ostermontag
        QVERIFY(h.contains(QDate(2026, 5, 14))); // Christi Himmelfahrt
        QVERIFY(h.contains(QDate(2026, 5, 25))); // Pfingstmontag
        QVERIFY(h.contains(QDate(2026, 6, 4))); // Fronleichnam
        QVERIFY(h.contains(QDate(2026, 11, 1))); // Allerheiligen
        QVERIFY(!h.contains(QDate(2026, 11, 18))); // Buß- und Bettag: Saxony only
    }
    void deadlines()
    {
        // Thursday 24 Dec 2026 + 2 working days: Christmas and Boxing Day and the weekend are skipped.
        QCOMPARE(addWorkingDays(QDate(2026, 12, 24), 2), QDate(2026, 12, 29));
        // Around Easter 2026: Thursday 2 April + 1 → Tuesday 7 April.
        QCOMPARE(addWorkingDays(QDate(2026, 4, 2), 1), QDate(2026, 4, 7));
        QCOMPARE(workingDaysBetween(QDate(2026, 4, 2), QDate(2026, 4, 7)), 1);
        QCOMPARE(workingDaysBetween(QDate(2026, 4, 7), QDate(2026, 4, 2)), -1);
        QVERIFY(!isWorkingDay(QDate(2026, 1, 6)));
        QVERIFY(isWorkingDay(QDate(2026, 11, 26)));
        QCOMPARE(permitFictionDate(QDate(2026, 11, 30)), QDate(2027, 2, 28));
    }
};

QTEST_GUILESS_MAIN(TestWorkingDays)
#include "tst_workingdays.moc"
