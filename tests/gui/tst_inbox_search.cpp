// The inbox search off the GUI thread: the model keeps what it shows until the worker's answer
// comes, then resets once to the results; an older search's answer is dropped when a newer one was
// typed meanwhile; locking the store while a search runs leaves an empty list; a live change while
// a search is shown updates the rows in place (the selection stays); a search that fails on the
// worker is reported and leaves an empty list. Every model here runs under QAbstractItemModelTester.
// The saved searches of a large store are counted with the sidebar, on its worker connection.
#include "../common/ProcStatus.h"
#include "core/Clock.h"
#include "core/ThreadPriority.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"
#include "models/InboxModel.h"
#include "models/InboxSearchWorker.h"
#include "models/SidebarCounts.h"
#include "models/ViewsModel.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUuid>

using namespace clerk;

class TestInboxSearch : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void answerArrivesAndIsRight();
    void newerSearchDropsTheOlder();
    void rowsOfAPendingSearchAreNotActedOn();
    void lockWhileSearchingEmptiesTheList();
    void lockStopsALongSearchAtOnce();
    void liveChangeWhileSearchingKeepsTheSelection();
    void failedSearchIsReportedWithAnEmptyList();
    void savedSearchesAreCountedOnTheWorker();
    void countsOfAPassEndedBeforeTheLockAreNotShown();
    void changesDuringTheRestAreCountedAfterIt();
    void backgroundCountingRunsBelowTheWindow();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;
};

namespace {

const QString kPassphrase = QStringLiteral("search-test-passphrase");
const QStringList kNames { QStringLiteral("Özdemir"), QStringLiteral("Müller"), QStringLiteral("Schmidt"),
    QStringLiteral("Bauer") };

Request requestNumber(int i)
{
    static const QStringList statuses { QStringLiteral("received"), QStringLiteral("in_progress"),
        QStringLiteral("waiting"), QStringLiteral("approved"), QStringLiteral("closed") };
    Request r;
    r.id = QUuid::createUuidV5(QUuid(), QStringLiteral("search-%1").arg(i)).toString(QUuid::WithoutBraces);
    r.reference = QStringLiteral("STU-2026-%1").arg(200000 + i);
    r.serviceId = QStringLiteral("hundesteuer");
    r.teamId = QStringLiteral("team");
    r.channel = QStringLiteral("portal");
    r.submittedAt = QDateTime(QDate(2026, 10, 1).addDays(i % 40), QTime(8, 0), QTimeZone::UTC);
    r.dueDate = i % 5 == 0 ? QDate() : QDate(2026, 11, 1).addDays(i % 30);
    r.status = statuses.at(i % 5);
    r.assignee = i % 4 == 0 ? QString() : QStringLiteral("clerk%1").arg(i % 3);
    r.applicant.name = kNames.at((i / 2) % 4);
    r.version = 1;
    return r;
}

// The applicants of every row of the list.
QStringList applicants(InboxModel& model)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out << model.index(row, InboxModel::Applicant).data().toString();
    return out;
}

int hitsOf(Store& store, const QString& typed)
{
    auto hits = store.search(typed, InboxModel::kSearchHits);
    return hits ? int(hits->size()) : -1;
}

} // namespace

void TestInboxSearch::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_store = std::make_unique<Store>(m_dir.filePath(QStringLiteral("search.db")));
    QVERIFY(m_store->create(kPassphrase.toUtf8()));
    QList<Request> requests;
    for (int i = 0; i < 400; ++i)
        requests << requestNumber(i);
    QVERIFY(m_store->upsertRequests(requests));
    QCOMPARE(hitsOf(*m_store, QStringLiteral("Müller")), 100);
    QCOMPARE(hitsOf(*m_store, QStringLiteral("Bauer")), 100);
}

void TestInboxSearch::answerArrivesAndIsRight()
{
    ManualClock clock; // 26.11.2026
    InboxModel model(*m_store, nullptr, InboxModel::Counting::Exact, clock);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 400);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy started(&model, &InboxModel::searchStarted);
    QSignalSpy finished(&model, &InboxModel::searchFinished);
    model.setSearch(QStringLiteral("Müller"));
    // Asked for: the list shows what it had until the answer comes (from the event loop).
    QVERIFY(model.searchPending());
    QCOMPARE(started.size(), 1);
    QCOMPARE(model.rowCount(), 400);
    QCOMPARE(resets.size(), 0);
    QTRY_VERIFY(!model.searchPending());
    QCOMPARE(resets.size(), 1);
    QCOMPARE(finished.size(), 1);
    QVERIFY(finished.first().at(0).toString().isEmpty());
    QCOMPARE(model.rowCount(), 100);
    QCOMPARE(applicants(model), QStringList(100, QStringLiteral("Müller")));
    // In the list's order (due date going up, no due date first).
    for (int row = 1; row < model.rowCount(); ++row) {
        const QDate a = m_store->request(model.requestIdAt(row - 1))->dueDate;
        const QDate b = m_store->request(model.requestIdAt(row))->dueDate;
        QVERIFY2(!b.isValid() ? !a.isValid() : !a.isValid() || a <= b, qPrintable(QString::number(row)));
    }
    // All of the search's rows are at hand: nothing more is read while it is scrolled.
    QCOMPARE(model.cachedRows(), 100);
    // Another view with the search: again from the worker, only the overdue hits.
    model.setView(ViewsModel::View::Overdue);
    QVERIFY(model.searchPending());
    QTRY_VERIFY(!model.searchPending());
    QCOMPARE(resets.size(), 2);
    QVERIFY(model.rowCount() > 0);
    QVERIFY(model.rowCount() < 100);
    for (int row = 0; row < model.rowCount(); ++row) {
        QCOMPARE(model.index(row, InboxModel::Applicant).data().toString(), QStringLiteral("Müller"));
        QCOMPARE(model.index(row, 0).data(InboxModel::DueStateRole).toInt(), 2);
    }
    // The search cleared: the view at once, without waiting for anything.
    model.setSearch(QString());
    QVERIFY(!model.searchPending());
    QCOMPARE(model.rowCount(), model.countFor(ViewsModel::View::Overdue));
}

void TestInboxSearch::newerSearchDropsTheOlder()
{
    InboxModel model(*m_store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto* worker = model.findChild<InboxSearchWorker*>();
    QVERIFY(worker);
    QSignalSpy answers(worker, &InboxSearchWorker::answered);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    model.setSearch(QStringLiteral("Müller"));
    model.setSearch(QStringLiteral("Bauer")); // typed before the first answer came
    QTRY_VERIFY(!model.searchPending());
    QTRY_VERIFY(!worker->isBusy());
    // The first search ran (it had started) and its answer came, but only the second's is shown.
    QCOMPARE(answers.size(), 2);
    QCOMPARE(resets.size(), 1);
    QCOMPARE(model.search(), QStringLiteral("Bauer"));
    QCOMPARE(model.rowCount(), 100);
    QCOMPARE(applicants(model), QStringList(100, QStringLiteral("Bauer")));
}

void TestInboxSearch::rowsOfAPendingSearchAreNotActedOn()
{
    InboxModel model(*m_store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSearch(QStringLiteral("Müller"));
    QTRY_VERIFY(!model.searchPending());
    QCOMPARE(model.rowCount(), 100);
    const QString shown = model.requestIdAt(3);
    QVERIFY(!shown.isEmpty());
    QCOMPARE(model.rowOf(shown, 3), 3);
    QCOMPARE(model.rowOf(shown), 3);
    const bool unread = model.index(3, 0).data(InboxModel::UnreadRole).toBool();
    // A newer search is asked for; until its answer comes the Müllers stay on screen, but their
    // row numbers mean nothing any more (the reset gives the list to the Bauers).
    model.setSearch(QStringLiteral("Bauer"));
    QVERIFY(model.searchPending());
    QCOMPARE(model.rowOf(shown, 3), -1);
    QCOMPARE(model.rowOf(shown), -1);
    // What an action needs of a selected request comes from the store meanwhile.
    const auto now = model.currentRow(shown);
    QVERIFY(now.has_value());
    QCOMPARE(now->id, shown);
    QCOMPARE(now->unread, unread);
    QVERIFY(!model.currentRow(QStringLiteral("no-such-request")).has_value());
    QTRY_VERIFY(!model.searchPending());
    QCOMPARE(model.rowOf(shown), -1); // not a Bauer
    const QString bauer = model.requestIdAt(0);
    QCOMPARE(model.rowOf(bauer), 0);
}

void TestInboxSearch::lockWhileSearchingEmptiesTheList()
{
    InboxModel model(*m_store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto* worker = model.findChild<InboxSearchWorker*>();
    QVERIFY(worker);
    QSignalSpy answers(worker, &InboxSearchWorker::answered);
    model.setSearch(QStringLiteral("Müller"));
    QVERIFY(model.searchPending());
    m_store->lock();
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.searchPending());
    // The running search stopped (or had ended): no answer comes, the connection is closed.
    QVERIFY(!worker->isBusy());
    QVERIFY(!worker->hasConnection());
    QTest::qWait(50);
    QCOMPARE(answers.size(), 0);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.requestIdAt(0), QString());
    // Unlocked again: the search runs again and shows its results.
    QVERIFY(m_store->unlock(kPassphrase.toUtf8()));
    QVERIFY(model.searchPending());
    QTRY_VERIFY(!model.searchPending());
    QCOMPARE(applicants(model), QStringList(100, QStringLiteral("Müller")));
}

void TestInboxSearch::lockStopsALongSearchAtOnce()
{
    // A store large enough that a search takes a while: every applicant's name is four words of
    // its own with the same beginning, so that the prefix "Muster" (longer than FTS5's prefix
    // indexes) merges the lists of 240,000 words.
    Store store(m_dir.filePath(QStringLiteral("large.db")));
    QVERIFY(store.create(kPassphrase.toUtf8()));
    QList<Request> requests;
    for (int i = 0; i < 60000; ++i) {
        Request r = requestNumber(i);
        r.applicant.name = QStringLiteral("Mustermann%1 Musterfrau%1 Musterkind%1 Musterhaus%1").arg(i);
        requests << r;
    }
    QVERIFY(store.beginBulkImport());
    QVERIFY(store.bulkImport(requests));
    QVERIFY(store.finishBulkImport(Store::SearchIndexing::Now));
    requests.clear();
    SidebarCounts::setBackgroundFrom(0); // the sidebar's pass on its worker connection too
    auto restore = qScopeGuard([] { SidebarCounts::setBackgroundFrom(50000); });
    SidebarCounts counts(store, QStringLiteral("clerk1"));
    InboxModel model(store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto* worker = model.findChild<InboxSearchWorker*>();
    QVERIFY(worker);
    QSignalSpy answers(worker, &InboxSearchWorker::answered);
    QSignalSpy counted(&counts, &SidebarCounts::countsChanged);

    // How long the search takes when left alone.
    QElapsedTimer alone;
    alone.start();
    model.setSearch(QStringLiteral("Muster"));
    QTRY_VERIFY_WITH_TIMEOUT(!model.searchPending(), 60000);
    qInfo("the search alone took %lld ms and found %d requests", alone.elapsed(), model.rowCount());
    QCOMPARE(model.rowCount(), InboxModel::kSearchHits);
    QCOMPARE(answers.size(), 1);

    // Again (the same words), and the store locks while it runs (the sidebar counting meanwhile too).
    model.setSearch(QStringLiteral("muster"));
    counts.update();
    QVERIFY(model.searchPending());
    QVERIFY(worker->hasConnection());
    QVERIFY(counts.hasConnection());
    QSignalSpy stopped(worker, &InboxSearchWorker::stopped);
    QElapsedTimer lock;
    lock.start();
    store.lock();
    qInfo("the lock took %lld ms with a search and a count running", lock.elapsed());
    // The search was interrupted, or (on a fast machine) it was inside FTS5's merge of the prefix's
    // word lists, which no interrupt reaches, until its end: either way no answer comes (below). That
    // an interrupt stops a running statement is tst_store_interrupt's, with a statement of seconds.
    qInfo("the running search was %s", stopped.isEmpty() ? "at its end already" : "interrupted");
    QVERIFY(stopped.size() <= 1);
    // Everything of the worker connections went before lock() returned: their keys too.
    QVERIFY(!worker->isBusy());
    QVERIFY(!worker->hasConnection());
    QVERIFY(!counts.hasConnection());
    QVERIFY(!model.searchPending());
    QCOMPARE(model.rowCount(), 0);
    // No answer and no counts come for the stopped work, and no error either.
    QSignalSpy finished(&model, &InboxModel::searchFinished);
    QTest::qWait(200);
    QCOMPARE(answers.size(), 1);
    QCOMPARE(counted.size(), 0);
    QCOMPARE(finished.size(), 0);

    // Unlocked: the search runs again, to its end.
    QVERIFY(store.unlock(kPassphrase.toUtf8()));
    QTRY_VERIFY_WITH_TIMEOUT(!model.searchPending(), 60000);
    QCOMPARE(answers.size(), 2);
    QVERIFY(model.rowCount() > 0);
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.first().at(0).toString(), QString());
}

void TestInboxSearch::liveChangeWhileSearchingKeepsTheSelection()
{
    InboxModel model(*m_store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSearch(QStringLiteral("Schmidt"));
    QTRY_VERIFY(!model.searchPending());
    QCOMPARE(model.rowCount(), 100);
    QTableView view;
    view.setModel(&model);
    view.setSelectionBehavior(QAbstractItemView::SelectRows);
    view.resize(900, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.selectionModel()->setCurrentIndex(
        model.index(50, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    const QString selected = model.requestIdAt(50);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    // Sync brings a request whose applicant is a Schmidt now: the search finds it too.
    Request joins = m_store->request(requestNumber(8).id).value(); // an Özdemir
    QCOMPARE(joins.applicant.name, QStringLiteral("Özdemir"));
    joins.applicant.name = QStringLiteral("Schmidt");
    joins.version += 1;
    QVERIFY(m_store->upsertRequests({ joins }));
    QVERIFY(model.searchPending()); // searched again on the worker
    QTRY_VERIFY(!model.searchPending());
    QCOMPARE(model.rowCount(), 101);
    QVERIFY(applicants(model).count(QStringLiteral("Schmidt")) == 101);
    // And a Schmidt that is one no more leaves the list (not the selected one).
    const QString leavingId
        = model.requestIdAt(50) == model.requestIdAt(0) ? model.requestIdAt(1) : model.requestIdAt(0);
    QVERIFY(leavingId != selected);
    Request leaves = m_store->request(leavingId).value();
    leaves.applicant.name = QStringLiteral("Bauer");
    leaves.version += 1;
    QVERIFY(m_store->upsertRequests({ leaves }));
    QTRY_VERIFY(!model.searchPending());
    QCOMPARE(model.rowCount(), 100);
    QCOMPARE(applicants(model), QStringList(100, QStringLiteral("Schmidt")));
    // No reset: the selected request is still selected, wherever its row is now.
    QCOMPARE(resets.size(), 0);
    QCOMPARE(model.requestIdAt(view.currentIndex().row()), selected);
    QVERIFY(view.selectionModel()->isRowSelected(view.currentIndex().row(), {}));
    // Back as they were (the other tests count on 100 of each name).
    joins.applicant.name = QStringLiteral("Özdemir");
    joins.version += 1;
    leaves.applicant.name = QStringLiteral("Schmidt");
    leaves.version += 1;
    QVERIFY(m_store->upsertRequests({ joins, leaves }));
    QTRY_VERIFY(!model.searchPending());
    QCOMPARE(model.rowCount(), 100);
}

void TestInboxSearch::failedSearchIsReportedWithAnEmptyList()
{
    // A store of its own whose search index is gone: the worker's query fails.
    Store store(m_dir.filePath(QStringLiteral("broken.db")));
    QVERIFY(store.create(kPassphrase.toUtf8()));
    QList<Request> requests;
    for (int i = 0; i < 20; ++i)
        requests << requestNumber(i);
    QVERIFY(store.upsertRequests(requests));
    QVERIFY(store.connection().exec("DROP TABLE request_fts"));
    InboxModel model(store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 20);
    QSignalSpy finished(&model, &InboxModel::searchFinished);
    model.setSearch(QStringLiteral("Müller"));
    QTRY_VERIFY(!model.searchPending());
    QCOMPARE(finished.size(), 1);
    QVERIFY(!finished.first().at(0).toString().isEmpty());
    QCOMPARE(model.rowCount(), 0);
    // The search cleared: the list is back.
    model.setSearch(QString());
    QCOMPARE(model.rowCount(), 20);
}

void TestInboxSearch::savedSearchesAreCountedOnTheWorker()
{
    // As with a million requests: the sidebar's pass runs on a worker connection, and the saved
    // searches are counted there too (not on the GUI thread after every change).
    SidebarCounts::setBackgroundFrom(0);
    auto restore = qScopeGuard([] { SidebarCounts::setBackgroundFrom(50000); });
    SidebarCounts counts(*m_store, QStringLiteral("clerk1"));
    QVERIFY(counts.isLarge());
    counts.setSavedSearches({ QStringLiteral("Müller"), QStringLiteral("Bauer Schmidt") });
    QSignalSpy changed(&counts, &SidebarCounts::countsChanged);
    counts.update();
    QCOMPARE(changed.size(), 0); // on the worker: the counts follow from the event loop
    QTRY_COMPARE(changed.size(), 1);
    QHash<QString, int> saved;
    int all = -1;
    for (const auto& [spec, n] : counts.counts()) {
        if (spec.kind == ViewsModel::View::Saved)
            saved.insert(spec.param, n);
        if (spec.kind == ViewsModel::View::All)
            all = n;
    }
    QCOMPARE(all, 400);
    QCOMPARE(saved.size(), 2);
    QCOMPARE(saved.value(QStringLiteral("Müller")), 100);
    QCOMPARE(saved.value(QStringLiteral("Bauer Schmidt"), -1), 0); // every word must match
}

void TestInboxSearch::countsOfAPassEndedBeforeTheLockAreNotShown()
{
    // The sidebar's pass ended on its worker just before the lock; its answer is still queued for
    // this thread. After the lock nothing of it is shown (the counts are the locked profile's).
    SidebarCounts::setBackgroundFrom(0);
    auto restore = qScopeGuard([] { SidebarCounts::setBackgroundFrom(50000); });
    SidebarCounts counts(*m_store, QStringLiteral("clerk1"));
    QSignalSpy changed(&counts, &SidebarCounts::countsChanged);
    counts.update();
    auto* watcher = counts.findChild<QFutureWatcherBase*>();
    QVERIFY(watcher);
    const QDeadlineTimer deadline(30000);
    while (watcher->isRunning() && !deadline.hasExpired())
        QThread::msleep(1); // no events handled here: the pass's answer stays queued
    QVERIFY(watcher->isFinished());
    QCOMPARE(changed.size(), 0);
    m_store->lock();
    QTest::qWait(100); // the queued answer is delivered now
    QCOMPARE(changed.size(), 0);
    QVERIFY(m_store->unlock(kPassphrase.toUtf8()));
}

void TestInboxSearch::changesDuringTheRestAreCountedAfterIt()
{
    // After a pass on the worker the counting rests as long as the pass took; a change meanwhile
    // starts no pass at once, and is counted when the rest is over.
    SidebarCounts::setBackgroundFrom(0);
    auto restore = qScopeGuard([] { SidebarCounts::setBackgroundFrom(50000); });
    SidebarCounts counts(*m_store, QStringLiteral("clerk1"));
    counts.setSavedSearches({ QStringLiteral("Schmidt") });
    auto schmidts = [&counts] {
        for (const auto& [spec, n] : counts.counts())
            if (spec.kind == ViewsModel::View::Saved)
                return n;
        return -1;
    };
    Request joins = m_store->request(requestNumber(8).id).value(); // an Özdemir
    auto backAsItWas = qScopeGuard([this, &joins] { // (the other tests count on 100 of each name)
        joins.applicant.name = QStringLiteral("Özdemir");
        joins.version += 1;
        QVERIFY(m_store->upsertRequests({ joins }));
    });
    int passes = 0;
    bool restingAfterTheFirst = false, passDuringTheRest = true;
    connect(&counts, &SidebarCounts::countsChanged, this, [&] {
        if (++passes != 1)
            return;
        QCOMPARE(schmidts(), 100);
        restingAfterTheFirst = counts.isResting();
        // The store changes (as when the clerk triages) before the rest is over.
        joins.applicant.name = QStringLiteral("Schmidt");
        joins.version += 1;
        QVERIFY(m_store->upsertRequests({ joins }));
        counts.update();
        passDuringTheRest = counts.isCounting();
    });
    counts.update();
    QTRY_COMPARE(passes, 2);
    QVERIFY(restingAfterTheFirst);
    QVERIFY(!passDuringTheRest);
    QCOMPARE(schmidts(), 101);
}

void TestInboxSearch::backgroundCountingRunsBelowTheWindow()
{
    // The counting's thread takes a lower priority than the window's (core/ThreadPriority.h), read
    // back from the system; the GUI thread keeps its own.
#if !defined(Q_OS_LINUX)
    QSKIP("the niceness of a thread is read on Linux only");
#endif
    const int gui = currentThreadNiceness();
    if (gui >= kBackgroundNiceness)
        QSKIP("the test runs at background priority already: nothing to tell apart");
    SidebarCounts::setBackgroundFrom(0);
    auto restore = qScopeGuard([] { SidebarCounts::setBackgroundFrom(50000); });
    SidebarCounts counts(*m_store, QStringLiteral("clerk1"));
    QSignalSpy counted(&counts, &SidebarCounts::countsChanged);
    counts.update();
    QVERIFY(counts.isCounting());
    QVERIFY(counted.wait(30000));
    // (The pool's thread stays a while after its work, under the pool's name.)
    QCOMPARE(clerk::testproc::nicenessOfThread("ClerkDesk counts"), std::optional<int>(kBackgroundNiceness));
    QCOMPARE(currentThreadNiceness(), gui);
}

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    TestInboxSearch t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_inbox_search.moc"
