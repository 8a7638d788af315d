// The progress of long work in the real main window (offscreen, German): the status bar shows
// what runs, its percentage and "Abbrechen", and "Abbrechen" cancels the job.
#include "core/Settings.h"
#include "core/jobs/Job.h"
#include "core/jobs/JobRunner.h"
#include "ui/JobProgress.h"
#include "ui/MainWindow.h"
#include "ui/Translations.h"

#include <QLabel>
#include <QProgressBar>
#include <QScopeGuard>
#include <QSemaphore>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace clerk;

namespace {

// Five steps; each waits until the test lets it go, so the test sees every percentage.
class GatedJob : public Job
{
public:
    GatedJob()
        : Job(QStringLiteral("Vorgang exportieren"))
    { }
    QSemaphore go;

protected:
    Status run() override
    {
        for (int i = 1; i <= 5; ++i) {
            go.acquire();
            if (!step(i, 5))
                return cancelledError();
        }
        return {};
    }
};

} // namespace

class TestJobProgress : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QCOMPARE(installTranslations(QStringLiteral("de")), QStringLiteral("de"));
    }

    void showsPercentageAndCancels()
    {
        Settings settings(m_dir.filePath(QStringLiteral("user.conf")), { m_dir.filePath(QStringLiteral("none.conf")) });
        MainWindow w(settings);
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto* progress = w.statusBar()->findChild<JobProgress*>(QStringLiteral("jobProgress"));
        QVERIFY(progress);
        QVERIFY(!progress->isVisible()); // nothing runs

        auto* job = new GatedJob;
        bool cancelled = false, finished = false;
        connect(job, &Job::finished, this, [&] {
            finished = true;
            cancelled = job->wasCancelled();
        });
        w.jobs()->start(job);
        auto release = qScopeGuard([job, &finished] {
            if (!finished)
                job->go.release(5); // a failed check never leaves the worker waiting
        });
        QTRY_VERIFY(progress->isVisible());
        QCOMPARE(progress->text(), QStringLiteral("Vorgang exportieren"));
        job->go.release(2);
        QTRY_COMPARE(progress->bar()->value(), 40);
        QCOMPARE(progress->bar()->text(), QStringLiteral("40 %"));
        QCOMPARE(progress->cancelButton()->text(), QStringLiteral("Abbrechen"));
        QVERIFY(progress->cancelButton()->isEnabled());

        QTest::mouseClick(progress->cancelButton(), Qt::LeftButton);
        QVERIFY(!progress->cancelButton()->isEnabled()); // stopping
        job->go.release(3); // the job reaches its next step and sees the cancel there
        QTRY_VERIFY(finished);
        QVERIFY(cancelled);
        QTRY_VERIFY(!progress->isVisible());
        QVERIFY(w.jobs()->running().isEmpty());
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestJobProgress)
#include "tst_job_progress.moc"
