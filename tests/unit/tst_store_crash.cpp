// SIGKILL in the middle of writing, 20 times at random points: the database opens, passes
// integrity_check, every committed round survived, and no outbox entry exists without its local
// effect (or the other way round).
#include "core/store/Sql.h"
#include "core/store/Store.h"

#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace clerk;

class TestStoreCrash : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void killedWriterLosesNothingCommitted()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("crash.db"));
        QByteArray key;
        {
            Store s(path);
            QVERIFY(s.create("crash-test-passphrase"));
            key = s.rawKey();
        }
        QRandomGenerator rng(20261126);
        int lastCommitted = 0;
        QStringList table;
        for (int kill = 1; kill <= 20; ++kill) {
            QProcess writer;
            writer.start(QStringLiteral(CLERKDESK_CRASH_WRITER), { path });
            QVERIFY(writer.waitForStarted());
            writer.write(key.toHex() + '\n');
            writer.closeWriteChannel();
            QVERIFY(writer.waitForReadyRead(30000));
            const int delay = 20 + int(rng.bounded(300));
            QTest::qWait(delay);
            writer.kill(); // SIGKILL
            QVERIFY(writer.waitForFinished(10000));
            const QStringList lines
                = QString::fromLatin1(writer.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
            for (const QString& l : lines)
                if (l.startsWith(QLatin1String("committed ")))
                    lastCommitted = qMax(lastCommitted, l.mid(10).toInt());

            Store s(path);
            const Status open = s.unlockWithKey(key);
            QVERIFY2(open.ok(), qPrintable(open.error().detail));
            QCOMPARE(s.connection().scalar("PRAGMA integrity_check")->toString(), QStringLiteral("ok"));
            const int outbox = s.connection().scalar("SELECT count(*) FROM outbox")->toInt();
            const int notes = s.connection().scalar("SELECT count(*) FROM notes")->toInt();
            const int orphans = s.connection()
                                    .scalar("SELECT count(*) FROM outbox o LEFT JOIN notes n ON n.id = o.target_id "
                                            "WHERE n.id IS NULL")
                                    ->toInt();
            QCOMPARE(outbox, notes);
            QCOMPARE(orphans, 0);
            QVERIFY2(notes >= lastCommitted,
                qPrintable(QStringLiteral("kill %1: %2 notes, %3 reported committed")
                        .arg(kill)
                        .arg(notes)
                        .arg(lastCommitted)));
            table << QStringLiteral("kill %1 after %2 ms: %3 rounds committed, integrity ok")
                         .arg(kill, 2)
                         .arg(delay, 3)
                         .arg(notes);
        }
        qInfo().noquote() << table.join(QLatin1Char('\n'));
        QVERIFY(lastCommitted > 20); // the writer really got work done between kills
    }
};

QTEST_GUILESS_MAIN(TestStoreCrash)
#include "tst_store_crash.moc"
