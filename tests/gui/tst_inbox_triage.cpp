// The inbox in the real main window, filled by a real sync from the reference server: views that
// filter and count, keyboard-only triage (one request and many), live updates that keep the
// selection, facets and flags.
#include "../common/TestData.h"
#include "../common/Waiting.h"
#include "InboxFixture.h"
#include "core/Settings.h"
#include "core/inbox/InboxCounts.h"
#include "core/store/DocumentCache.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"
#include "models/InboxModel.h"
#include "models/StatusNames.h"
#include "models/ViewsModel.h"
#include "server/Accounts.h"
#include "server/ApiServer.h"
#include "server/Seeder.h"
#include "server/SqlCityStore.h"
#include "ui/EFileCommands.h"
#include "ui/MainWindow.h"
#include "ui/NoteDraftKeeper.h"
#include "ui/RequestPane.h"
#include "ui/Translations.h"

#include <QAbstractItemModelTester>
#include <QAccessible>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScopeGuard>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>
#include <QUuid>

using namespace clerk;
using namespace clerk::inboxtest;

class TestInboxTriage : public InboxFixture
{
    Q_OBJECT
    // "All requests" in the sidebar, with its rows listed.
    bool showAllRequests();
    // Selects `row` of the list and waits until the request pane shows its request.
    bool showRow(int row);
private Q_SLOTS:
    void viewsFilterAndCount();
    void keyboardTriage();
    void liveUpdateKeepsSelection();
    void aHalfTypedNoteWaitsForItsRequest();
    void aDraftThatCannotBeWrittenIsHeld();
    void aDraftWaitsQuietlyForABusyStore();
    void aRefusedDraftIsNotLostAtQuit();
    void aDraftThatCannotBeReadIsNotOverwritten();
    void facetsAndFlags();
    void bulkTriageByKeyboard();
    void countsKeepOddTextsApart();
    void aStoppedCountGivesNoTotals();
    void theColumnMenuHidesAColumnAndKeepsIt();
};

bool TestInboxTriage::showAllRequests()
{
    MainWindow& w = *m_window;
    w.viewsSidebar()->setCurrentIndex(w.viewsSidebar()->model()->index(5, 0));
    return QTest::qWaitFor([&w] { return w.inboxModel()->rowCount() > 5; });
}

bool TestInboxTriage::showRow(int row)
{
    MainWindow& w = *m_window;
    w.inboxView()->selectRow(row);
    return QTest::qWaitFor([&w, row] { return w.requestPane()->requestId() == w.inboxModel()->requestIdAt(row); });
}

void TestInboxTriage::viewsFilterAndCount()
{
    InboxModel model(*m_store);
    model.setClerk(m_clerk);
    const int all = m_store->connection().scalar("SELECT count(*) FROM requests")->toInt();
    model.setView(ViewsModel::View::All);
    QCOMPARE(model.rowCount(), all);
    model.setView(ViewsModel::View::Mine);
    QVERIFY(model.rowCount() > 0);
    for (int r = 0; r < model.rowCount(); ++r)
        QCOMPARE(model.index(r, InboxModel::Assignee).data().toString(), m_clerk);
    model.setView(ViewsModel::View::Overdue);
    for (int r = 0; r < model.rowCount(); ++r)
        QCOMPARE(model.index(r, 0).data(InboxModel::DueStateRole).toInt(), 2);
    // The sidebar's one-pass counts equal the per-view counts.
    model.setView(ViewsModel::View::All);
    int compared = 0;
    const auto counts = model.sidebarCounts();
    QVERIFY2(counts, qPrintable(counts.error().detail));
    for (const auto& [spec, n] : counts.value()) {
        QCOMPARE(n, model.countFor(spec));
        ++compared;
    }
    QVERIFY(compared >= 7 + 3);
    // Sorted by due date ascending: never decreasing.
    model.setView(ViewsModel::View::All);
    model.sort(InboxModel::Received, Qt::AscendingOrder);
    qint64 last = 0;
    for (int r = 0; r < model.rowCount(); ++r) {
        const auto req = m_store->request(model.requestIdAt(r));
        QVERIFY(req->submittedAt.toSecsSinceEpoch() >= last);
        last = req->submittedAt.toSecsSinceEpoch();
    }
}

void TestInboxTriage::keyboardTriage()
{
    MainWindow& w = *m_window;
    // Search: Ctrl+F, type a name that exists.
    // QTest types ASCII only: search for a reference.
    const QString last
        = m_store->connection().scalar("SELECT reference FROM requests WHERE status = 'received' LIMIT 1")->toString();
    QTest::keyClick(&w, Qt::Key_F, Qt::ControlModifier);
    QTRY_VERIFY(w.searchField()->hasFocus());
    QTest::keyClicks(w.searchField(), last);
    QTRY_COMPARE(w.inboxModel()->search(), last);
    QTRY_VERIFY(!w.inboxModel()->searchPending()); // the search's answer comes from a worker thread
    QTRY_VERIFY(w.inboxModel()->rowCount() > 0);
    QTRY_COMPARE(w.inboxModel()->rowCount(), 1);
    QCOMPARE(w.inboxModel()->index(0, InboxModel::Reference).data().toString(), last);
    // Into the list, first row.
    w.inboxView()->setFocus();
    QTest::keyClick(w.inboxView(), Qt::Key_Home);
    QTest::keyClick(w.inboxView(), Qt::Key_Down);
    QTest::keyClick(w.inboxView(), Qt::Key_Up);
    QTRY_VERIFY(!w.requestPane()->requestId().isEmpty());
    const QString id = w.requestPane()->requestId();
    const int outboxBefore = m_store->outbox().all(10000).value().size();
    // Claim by shortcut.
    if (w.requestPane()->claimButton()->isEnabled()) {
        QTest::keyClick(&w, Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_COMPARE(m_store->request(id)->assignee, m_clerk);
    }
    // Status along the workflow: the combo offers only allowed transitions.
    QComboBox* status = w.requestPane()->statusBox();
    QVERIFY(status->count() > 0);
    auto svc = m_store->service(m_store->request(id)->serviceId);
    for (int i = 0; i < status->count(); ++i)
        QVERIFY(svc->allows(m_store->request(id)->status, status->itemData(i).toString()));
    const QString next = status->itemData(0).toString();
    status->setFocus();
    QTest::keyClick(w.requestPane()->statusButton(), Qt::Key_Space);
    QTRY_COMPARE(m_store->request(id)->status, next);
    // A note, typed.
    w.requestPane()->noteEdit()->setFocus();
    QTest::keyClicks(w.requestPane()->noteEdit(), QStringLiteral("Rueckfrage per Telefon geklaert"));
    QTest::keyClick(w.requestPane()->noteButton(), Qt::Key_Space);
    QTRY_COMPARE(m_store->notes().of(id).value().last().text, QStringLiteral("Rueckfrage per Telefon geklaert"));
    QVERIFY(w.requestPane()->noteEdit()->toPlainText().isEmpty());
    QVERIFY(m_store->outbox().all(10000).value().size() >= outboxBefore + 2);
    QCOMPARE(m_store->outboxPart(Store::OutboxPart::Unsent, 10000)->last().kind, QStringLiteral("note"));
    w.searchField()->clear();
    QTRY_COMPARE(w.inboxModel()->rowCount(), w.inboxModel()->countFor(w.inboxModel()->view()));
}

void TestInboxTriage::liveUpdateKeepsSelection()
{
    MainWindow& w = *m_window;
    w.viewsSidebar()->setCurrentIndex(w.viewsSidebar()->model()->index(5, 0)); // all requests
    QTRY_VERIFY(w.inboxModel()->rowCount() > 5);
    w.inboxView()->selectRow(3);
    QTRY_VERIFY(!w.requestPane()->requestId().isEmpty());
    const QString selected = w.requestPane()->requestId();
    w.requestPane()->noteEdit()->setPlainText(QStringLiteral("halb getippt"));
    // Sync brings a change to another request and a new one.
    auto other = m_store->request(w.inboxModel()->requestIdAt(0)).value();
    other.applicant.name = QStringLiteral("Geändert Live");
    other.version += 1;
    QVERIFY(m_store->upsertRequests({ other }));
    QTRY_COMPARE(w.inboxModel()->requestIdAt(w.inboxView()->currentIndex().row()), selected);
    QCOMPARE(w.requestPane()->requestId(), selected);
    QCOMPARE(w.requestPane()->noteEdit()->toPlainText(), QStringLiteral("halb getippt"));
    w.requestPane()->noteEdit()->clear();
}

void TestInboxTriage::aHalfTypedNoteWaitsForItsRequest()
{
    MainWindow& w = *m_window;
    const auto tidy = qScopeGuard([&] { // (a failure leaves the fixture as the next test needs it)
        if (!m_store->isUnlocked())
            QVERIFY(m_store->unlock("inbox-test-passphrase"));
        w.requestPane()->setClerk(m_clerk);
    });
    w.viewsSidebar()->setCurrentIndex(w.viewsSidebar()->model()->index(5, 0)); // all requests
    QTRY_VERIFY(w.inboxModel()->rowCount() > 5);
    QPlainTextEdit* editor = w.requestPane()->noteEdit();
    w.inboxView()->selectRow(2);
    QTRY_COMPARE(w.requestPane()->requestId(), w.inboxModel()->requestIdAt(2));
    const QString first = w.requestPane()->requestId();
    const int notesBefore = int(m_store->notes().of(first).value().size());
    editor->setPlainText(QStringLiteral("Rückruf am Montag,\nnoch nicht fertig"));
    // Another request: its editor starts empty, and its own draft stays with it.
    w.inboxView()->selectRow(3);
    QTRY_COMPARE(w.requestPane()->requestId(), w.inboxModel()->requestIdAt(3));
    QVERIFY(editor->toPlainText().isEmpty());
    editor->setPlainText(QStringLiteral("Zweiter Entwurf"));
    // Back to the first: the clerk's words are there again, nothing was saved as a note.
    w.inboxView()->selectRow(2);
    QTRY_COMPARE(w.requestPane()->requestId(), first);
    QCOMPARE(editor->toPlainText(), QStringLiteral("Rückruf am Montag,\nnoch nicht fertig"));
    QCOMPARE(int(m_store->notes().of(first).value().size()), notesBefore);
    const QString second = w.inboxModel()->requestIdAt(3);
    QCOMPARE(m_store->noteDrafts().of(second, m_clerk).value(), QStringLiteral("Zweiter Entwurf"));
    // Saved: it is the store's note now, the editor is empty and no draft is left.
    QTest::keyClick(w.requestPane()->noteButton(), Qt::Key_Space);
    QTRY_COMPARE(int(m_store->notes().of(first).value().size()), notesBefore + 1);
    QVERIFY(editor->toPlainText().isEmpty());
    QCOMPARE(m_store->noteDrafts().of(first, m_clerk).value(), QString());
    // Typed and left alone: kept a moment later (a killed window loses no more than that moment).
    editor->setPlainText(QStringLiteral("Nur für die erste Sachbearbeiterin"));
    QTRY_COMPARE_WITH_TIMEOUT(m_store->noteDrafts().of(first, m_clerk).value(),
        QStringLiteral("Nur für die erste Sachbearbeiterin"), 5 * NoteDraftKeeper::kDelayMs);
    {
        RequestPane restarted(*m_store); // the window after a restart
        restarted.setClerk(m_clerk);
        restarted.showRequest(first);
        QCOMPARE(restarted.noteEdit()->toPlainText(), QStringLiteral("Nur für die erste Sachbearbeiterin"));
    }
    // Locked: the editor is empty (nothing of it waits in memory) and takes no typing (it would be
    // replaced at the unlock); unlocked, the note is back and can be written on.
    editor->setPlainText(QStringLiteral("Vor der Sperre getippt"));
    m_store->lock();
    QVERIFY(editor->toPlainText().isEmpty());
    QVERIFY(editor->isReadOnly());
    QVERIFY(m_store->unlock("inbox-test-passphrase"));
    QTRY_COMPARE(editor->toPlainText(), QStringLiteral("Vor der Sperre getippt"));
    QVERIFY(!editor->isReadOnly());
    QTRY_VERIFY(w.inboxModel()->rowCount() > 5);
    // Another clerk signs in (the session had expired): the note in the editor stays the first
    // clerk's draft, not theirs to finish; neither is the first clerk's draft on the second request.
    editor->setPlainText(QStringLiteral("Vor und nach der Sperre getippt"));
    w.requestPane()->setClerk(QStringLiteral("jemand.anderes"));
    QVERIFY(editor->toPlainText().isEmpty());
    QCOMPARE(m_store->noteDrafts().of(first, m_clerk).value(), QStringLiteral("Vor und nach der Sperre getippt"));
    w.inboxView()->selectRow(3);
    QTRY_COMPARE(w.requestPane()->requestId(), second);
    QVERIFY(editor->toPlainText().isEmpty());
    // The first clerk back: their draft on the request shown.
    w.requestPane()->setClerk(m_clerk);
    QCOMPARE(editor->toPlainText(), QStringLiteral("Zweiter Entwurf"));
    editor->clear();
    QVERIFY(w.requestPane()->noteDrafts()->keep());
    QCOMPARE(m_store->noteDrafts().of(second, m_clerk).value(), QString());
    QVERIFY(m_store->noteDrafts().keep(first, m_clerk, {}));
}

// The store refuses the draft (a full disk; here a trigger): the clerk is told, may look at another
// request, and finds the words again; once the store takes them they are written.
void TestInboxTriage::aDraftThatCannotBeWrittenIsHeld()
{
    MainWindow& w = *m_window;
    RequestPane* pane = w.requestPane();
    NoteDraftKeeper* drafts = pane->noteDrafts();
    const auto tidy = qScopeGuard([&] {
        QVERIFY(m_store->connection().exec("DROP TRIGGER IF EXISTS full_disk"));
        pane->noteEdit()->clear();
        drafts->keep();
    });
    QVERIFY(showAllRequests());
    QVERIFY(showRow(4));
    const QString first = pane->requestId();
    QVERIFY(m_store->connection().exec("CREATE TEMP TRIGGER full_disk BEFORE INSERT ON note_drafts "
                                       "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"));
    QSignalSpy failed(pane, &RequestPane::actionFailed);
    pane->noteEdit()->setPlainText(QStringLiteral("Festplatte voll, Text bleibt"));
    // Another request: the clerk is told, the words are held, and tried again in a while.
    QVERIFY(showRow(5));
    QCOMPARE(failed.size(), 1);
    QVERIFY(failed.first().at(0).toString().contains(QStringLiteral("Datenträger")));
    if (const QString out = qEnvironmentVariable("CLERKDESK_SCREENSHOT_DIR"); !out.isEmpty()) {
        const QSize before = w.size();
        w.resize(1366, 768);
        QVERIFY(w.grab().save(out + QStringLiteral("/draft-held-de.png")));
        w.resize(before);
    }
    QVERIFY(pane->noteEdit()->toPlainText().isEmpty());
    QCOMPARE(m_store->noteDrafts().of(first, m_clerk).value(), QString());
    QCOMPARE(drafts->heldCount(), 1);
    QVERIFY(drafts->retryPending());
    QVERIFY(showRow(4));
    QCOMPARE(pane->noteEdit()->toPlainText(), QStringLiteral("Festplatte voll, Text bleibt"));
    QVERIFY(showRow(5)); // (refused again: still held)
    QCOMPARE(drafts->heldCount(), 1);
    // The store takes it again: the retry writes it, though another request is shown.
    QVERIFY(m_store->connection().exec("DROP TRIGGER full_disk"));
    QTRY_COMPARE_WITH_TIMEOUT(m_store->noteDrafts().of(first, m_clerk).value(),
        QStringLiteral("Festplatte voll, Text bleibt"), NoteDraftKeeper::kRetryMs + 5000); // (the retry's timer)
    QCOMPARE(drafts->heldCount(), 0);
    QVERIFY(!drafts->retryPending());
    // Held, then added as a note: it does not come back as a draft.
    QVERIFY(showRow(4));
    QVERIFY(m_store->connection().exec("CREATE TEMP TRIGGER full_disk BEFORE UPDATE ON note_drafts "
                                       "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"));
    pane->noteEdit()->setPlainText(QStringLiteral("Gleich als Vermerk"));
    QVERIFY(!drafts->keep());
    QTest::keyClick(pane->noteButton(), Qt::Key_Space);
    QTRY_VERIFY(pane->noteEdit()->toPlainText().isEmpty());
    QCOMPARE(drafts->heldCount(), 0);
    QVERIFY(showRow(5));
    QVERIFY(showRow(4));
    QVERIFY(pane->noteEdit()->toPlainText().isEmpty());
    QCOMPARE(m_store->noteDrafts().of(first, m_clerk).value(), QString());
}

// The sync writes a page (here: another connection holds the write lock): keeping the draft does
// not stop the window for the connection's 5 s, and the clerk is not alarmed for a
// moment's wait; the draft is held and the retry writes it when the lock is free. Refused again
// at the next switch, the clerk is told.
void TestInboxTriage::aDraftWaitsQuietlyForABusyStore()
{
    MainWindow& w = *m_window;
    RequestPane* pane = w.requestPane();
    NoteDraftKeeper* drafts = pane->noteDrafts();
    sql::Connection::Options o;
    o.path = m_store->path();
    o.rawKey = m_store->rawKey();
    auto sync = sql::Connection::open(o);
    QVERIFY2(sync.ok(), qPrintable(sync.error().detail));
    const auto tidy = qScopeGuard([&] { // (a failure leaves the lock free and no draft behind)
        if (sync.value()->inTransaction() && !sync.value()->exec("ROLLBACK"))
            qWarning("the other connection's transaction could not be rolled back");
        pane->noteEdit()->clear();
        drafts->keep();
    });
    QVERIFY(showAllRequests());
    QVERIFY(showRow(2));
    const QString first = pane->requestId();
    QSignalSpy failed(pane, &RequestPane::actionFailed);
    QVERIFY(sync.value()->exec("BEGIN IMMEDIATE"));
    pane->noteEdit()->setPlainText(QStringLiteral("Während der Synchronisation getippt"));
    QElapsedTimer keeping;
    keeping.start();
    QVERIFY(!drafts->keep()); // (what the pause in typing and a switch of request do)
    QVERIFY2(keeping.elapsed() < 2500, qPrintable(QString::number(keeping.elapsed()))); // not the 5 s
    QCOMPARE(failed.size(), 0);
    QCOMPARE(drafts->heldCount(), 1);
    QVERIFY(drafts->retryPending());
    QVERIFY(!drafts->keep()); // refused again: now the clerk hears of it
    QCOMPARE(failed.size(), 1);
    QVERIFY(sync.value()->exec("COMMIT"));
    QTRY_COMPARE_WITH_TIMEOUT(m_store->noteDrafts().of(first, m_clerk).value(),
        QStringLiteral("Während der Synchronisation getippt"), NoteDraftKeeper::kRetryMs + 5000);
    QCOMPARE(drafts->heldCount(), 0);
}

// The store refuses the draft (a full disk) and the clerk quits: asked first, "Abbrechen" keeps
// the window and the words; only an explicit "Beenden und verwerfen" lets them go.
void TestInboxTriage::aRefusedDraftIsNotLostAtQuit()
{
    MainWindow& w = *m_window;
    RequestPane* pane = w.requestPane();
    NoteDraftKeeper* drafts = pane->noteDrafts();
    const auto tidy = qScopeGuard([&] {
        if (!m_store->connection().exec("DROP TRIGGER IF EXISTS full_disk"))
            qWarning("the test's trigger could not be dropped");
        drafts->retryHeld();
        pane->noteEdit()->clear();
        drafts->keep();
    });
    QVERIFY(showAllRequests());
    QVERIFY(showRow(3));
    QVERIFY(m_store->connection().exec("CREATE TEMP TRIGGER full_disk BEFORE INSERT ON note_drafts "
                                       "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"));
    const QString words = QStringLiteral("Vor dem Beenden getippt");
    pane->noteEdit()->setPlainText(words);
    // Answers the question with `button`, once; what it asked is kept.
    QString asked;
    QObject answering; // (its pollers go with the test, answered or not)
    auto answer = [&](QMessageBox::StandardButton button) {
        asked.clear();
        auto* poll = new QTimer(&answering);
        poll->setInterval(10);
        connect(poll, &QTimer::timeout, poll, [&asked, poll, button] {
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            if (!box)
                return;
            asked = box->text();
            if (const QString out = qEnvironmentVariable("CLERKDESK_SCREENSHOT_DIR"); !out.isEmpty())
                box->grab().save(out + QStringLiteral("/quit-unsaved-note-de.png"));
            box->button(button)->click();
            poll->deleteLater();
        });
        poll->start();
    };
    answer(QMessageBox::Cancel);
    QVERIFY(!w.close());
    QVERIFY(asked.contains(QStringLiteral("Vermerk")));
    QVERIFY(w.isVisible());
    QCOMPARE(pane->noteEdit()->toPlainText(), words);
    QCOMPARE(drafts->heldCount(), 1);
    answer(QMessageBox::Discard);
    QVERIFY(drafts->mayClose());
    QVERIFY(!asked.isEmpty());
    // Nothing refused: no question.
    QVERIFY(m_store->connection().exec("DROP TRIGGER full_disk"));
    asked.clear();
    QVERIFY(drafts->mayClose());
    QVERIFY(asked.isEmpty());
    QCOMPARE(drafts->heldCount(), 0);
    QCOMPARE(m_store->noteDrafts().of(pane->requestId(), m_clerk).value(), words);
    // The questions took the window's focus: it is given back for the tests that type.
    w.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&w));
}

// The store cannot read a request's draft (here its table is renamed away for a moment): the clerk
// is told, the editor takes no typing, and nothing written then replaces the draft the clerk has
// not seen; shown again once the store reads, the draft is back.
void TestInboxTriage::aDraftThatCannotBeReadIsNotOverwritten()
{
    MainWindow& w = *m_window;
    RequestPane* pane = w.requestPane();
    NoteDraftKeeper* drafts = pane->noteDrafts();
    QPlainTextEdit* editor = pane->noteEdit();
    bool away = false;
    const auto tidy = qScopeGuard([&] {
        if (away && !m_store->connection().exec("ALTER TABLE note_drafts_away RENAME TO note_drafts"))
            qWarning("the drafts' table could not be renamed back");
        editor->clear();
        drafts->keep();
    });
    QVERIFY(showAllRequests());
    QVERIFY(showRow(2));
    const QString first = pane->requestId();
    const QString stored = QStringLiteral("Gespeicherter Entwurf");
    editor->setPlainText(stored);
    QVERIFY(drafts->keep());
    QVERIFY(showRow(3));
    QVERIFY(m_store->connection().exec("ALTER TABLE note_drafts RENAME TO note_drafts_away"));
    away = true;
    QSignalSpy failed(pane, &RequestPane::actionFailed);
    QVERIFY(showRow(2));
    QCOMPARE(failed.size(), 1);
    QVERIFY(failed.first().at(0).toString().contains(QStringLiteral("nicht lesen")));
    if (const QString out = qEnvironmentVariable("CLERKDESK_SCREENSHOT_DIR"); !out.isEmpty()) {
        const QSize before = w.size();
        w.resize(1366, 768);
        w.grab().save(out + QStringLiteral("/draft-unread-de.png"));
        w.resize(before);
    }
    QVERIFY(editor->toPlainText().isEmpty());
    QVERIFY(editor->isReadOnly());
    editor->setPlainText(QStringLiteral("darf den Entwurf nicht ersetzen"));
    QVERIFY(drafts->keep()); // (nothing written)
    QVERIFY(showRow(3));
    QVERIFY(m_store->connection().exec("ALTER TABLE note_drafts_away RENAME TO note_drafts"));
    away = false;
    QCOMPARE(m_store->noteDrafts().of(first, m_clerk).value(), stored);
    QVERIFY(showRow(2));
    QCOMPARE(editor->toPlainText(), stored);
    QVERIFY(!editor->isReadOnly());
}

void TestInboxTriage::facetsAndFlags()
{
    MainWindow& w = *m_window;
    auto* views = qobject_cast<ViewsModel*>(w.viewsSidebar()->model());
    QVERIFY(views);
    // By service: the count is the number of open requests of that service, and choosing it filters.
    const QString service
        = m_store->connection()
              .scalar("SELECT service_id FROM requests WHERE closed = 0 GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
              ->toString();
    auto countOf = [this](const char* sql, const QString& arg) {
        auto q = m_store->connection().query(sql);
        q.bindAll(arg);
        return q.next() ? q.integer(0) : -1;
    };
    const int open = countOf("SELECT count(*) FROM requests WHERE closed = 0 AND service_id = ?1", service);
    const int row = views->rowOf(ViewsModel::Spec { ViewsModel::View::Service, service });
    QVERIFY(row > 0);
    QTRY_COMPARE(views->index(row).data(ViewsModel::CountRole).toInt(), open);
    w.viewsSidebar()->setCurrentIndex(views->index(row));
    QTRY_COMPARE(w.inboxModel()->rowCount(), open);
    for (int r = 0; r < w.inboxModel()->rowCount(); ++r)
        QCOMPARE(w.inboxModel()->index(r, 0).data(InboxModel::ServiceIdRole).toString(), service);
    // By status.
    const int received = views->rowOf(ViewsModel::Spec { ViewsModel::View::StatusIs, QStringLiteral("received") });
    w.viewsSidebar()->setCurrentIndex(views->index(received));
    QTRY_COMPARE(w.inboxModel()->rowCount(),
        m_store->connection().scalar("SELECT count(*) FROM requests WHERE status = 'received'")->toInt());
    // Flag two requests by keyboard; the flagged view and its count follow, and the flag shows as text.
    w.viewsSidebar()->setCurrentIndex(views->index(5)); // all
    QTRY_VERIFY(w.inboxModel()->rowCount() > 3);
    w.inboxView()->setFocus();
    w.inboxView()->selectionModel()->setCurrentIndex(
        w.inboxModel()->index(0, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QTest::keyClick(w.inboxView(), Qt::Key_Down, Qt::ShiftModifier);
    QCOMPARE(w.selectedRequestIds().size(), 2);
    QTest::keyClick(&w, Qt::Key_F, Qt::ControlModifier | Qt::ShiftModifier);
    const QStringList flagged = w.selectedRequestIds();
    for (const QString& id : flagged)
        QTRY_COMPARE(countOf("SELECT flagged FROM requests WHERE id = ?1", id), 1);
    QTRY_COMPARE(views->index(6).data(ViewsModel::CountRole).toInt(), 2);
    QCOMPARE(w.inboxModel()->index(0, InboxModel::Flag).data().toString(), QStringLiteral("⚑"));
    QCOMPARE(
        w.inboxModel()->index(0, InboxModel::Flag).data(Qt::AccessibleTextRole).toString(), QStringLiteral("Markiert"));
    w.viewsSidebar()->setCurrentIndex(views->index(6));
    QTRY_COMPARE(w.inboxModel()->rowCount(), 2);
    // Unflag both again (the shortcut toggles).
    w.inboxView()->setFocus();
    w.inboxView()->selectAll();
    QCOMPARE(w.selectedRequestIds().size(), 2);
    QVERIFY(w.findChild<QAction*>(QStringLiteral("flagAction"))->isEnabled());
    QTest::keyClick(&w, Qt::Key_F, Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_COMPARE(w.inboxModel()->rowCount(), 0);
    w.viewsSidebar()->setCurrentIndex(views->index(5));
}

void TestInboxTriage::bulkTriageByKeyboard()
{
    MainWindow& w = *m_window;
    auto* views = qobject_cast<ViewsModel*>(w.viewsSidebar()->model());
    w.viewsSidebar()->setCurrentIndex(
        views->index(views->rowOf(ViewsModel::Spec { ViewsModel::View::StatusIs, QStringLiteral("received") })));
    QTRY_VERIFY(w.inboxModel()->rowCount() >= 3);
    // j/k move; Enter opens into the request's first action.
    w.inboxView()->setFocus();
    w.inboxView()->selectionModel()->setCurrentIndex(
        w.inboxModel()->index(0, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QTest::keyClick(w.inboxView(), Qt::Key_J);
    QCOMPARE(w.inboxView()->currentIndex().row(), 1);
    QTest::keyClick(w.inboxView(), Qt::Key_K);
    QCOMPARE(w.inboxView()->currentIndex().row(), 0);
    QTest::keyClick(w.inboxView(), Qt::Key_Return);
    QTRY_VERIFY(w.requestPane()->isAncestorOf(QApplication::focusWidget()));
    // Back to the list, select three with Shift+Down, assign them to a colleague.
    w.inboxView()->setFocus();
    QTest::keyClick(w.inboxView(), Qt::Key_Down, Qt::ShiftModifier);
    QTest::keyClick(w.inboxView(), Qt::Key_Down, Qt::ShiftModifier);
    const QStringList three = w.selectedRequestIds();
    QCOMPARE(three.size(), 3);
    const QString team = m_store->request(three.first())->teamId;
    QString colleague;
    for (const QString& c : m_store->requests().colleaguesOf(team).value())
        if (c != m_clerk)
            colleague = c;
    QVERIFY(!colleague.isEmpty());
    const int outboxBefore = int(m_store->outbox().all(100000).value().size());
    // The assign dialog: type the colleague's login, Enter.
    QTimer::singleShot(0, this, [colleague] {
        QTRY_VERIFY(qobject_cast<QInputDialog*>(QApplication::activeModalWidget()));
        auto* dialog = qobject_cast<QInputDialog*>(QApplication::activeModalWidget());
        auto* combo = dialog->findChild<QComboBox*>();
        combo->lineEdit()->selectAll();
        QTest::keyClicks(combo->lineEdit(), colleague);
        QTest::keyClick(combo, Qt::Key_Return);
    });
    QTest::keyClick(&w, Qt::Key_A, Qt::ControlModifier | Qt::ShiftModifier);
    for (const QString& id : three)
        QTRY_COMPARE(m_store->request(id)->assignee, colleague);
    const QList<Mutation> out = m_store->outbox().all(100000).value();
    QCOMPARE(int(out.size()), outboxBefore + 3);
    for (int i = outboxBefore; i < out.size(); ++i) {
        QCOMPARE(out.at(i).op, QStringLiteral("assign"));
        QCOMPARE(out.at(i).data.value(QLatin1String("assignee")).toString(), colleague);
    }
    // Bulk status: only transitions common to all are offered; pick the first. Three received
    // requests of one service (one workflow).
    QStringList same;
    {
        auto q = m_store->connection().query(
            "SELECT id FROM requests WHERE status = 'received' AND service_id = (SELECT service_id FROM requests "
            "WHERE status = 'received' GROUP BY service_id HAVING count(*) >= 3 LIMIT 1) LIMIT 3");
        while (q.next())
            same << q.text(0);
    }
    QCOMPARE(same.size(), 3);
    w.inboxView()->setFocus();
    w.inboxView()->selectionModel()->clearSelection();
    for (const QString& id : same) {
        const int row = w.inboxModel()->rowOf(id);
        QVERIFY(row >= 0);
        w.inboxView()->selectionModel()->select(
            w.inboxModel()->index(row, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
    QCOMPARE(w.selectedRequestIds().size(), 3);
    QString offered;
    QTimer::singleShot(0, this, [&offered] {
        QTRY_VERIFY(qobject_cast<QInputDialog*>(QApplication::activeModalWidget()));
        auto* dialog = qobject_cast<QInputDialog*>(QApplication::activeModalWidget());
        offered = dialog->findChild<QComboBox*>()->currentText();
        QTest::keyClick(dialog->findChild<QComboBox*>(), Qt::Key_Return);
    });
    // (A closed modal dialog leaves no active window under the offscreen platform: shortcuts of
    // the window need it active again, as a desktop would make it.)
    QAction* statusAction = w.findChild<QAction*>(QStringLiteral("statusAction"));
    QVERIFY(statusAction->isEnabled());
    QCOMPARE(statusAction->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    statusAction->trigger(); // (QTest's Ctrl+Shift+S does not reach the shortcut map under offscreen)
    QTRY_VERIFY(!offered.isEmpty());
    for (const QString& id : same) {
        QTRY_VERIFY(m_store->request(id)->status != QLatin1String("received"));
        QCOMPARE(offered, StatusNames::status(m_store->request(id)->status));
    }
    w.viewsSidebar()->setCurrentIndex(views->index(5));
}

void TestInboxTriage::countsKeepOddTextsApart()
{
    // A backend's status and channel are texts it chose: two rows whose texts would run together
    // ("received" + separator + "x" against "received" and "x" + separator) are counted apart.
    QList<Request> odd { testdata::request(9001, QStringLiteral("Anna Koch")),
        testdata::request(9002, QStringLiteral("Bernd Hoffmann")) };
    odd[0].status = QStringLiteral("received\x1f"
                                   "x");
    odd[0].channel = QStringLiteral("y");
    odd[1].status = QStringLiteral("received");
    odd[1].channel = QStringLiteral("x\x1f"
                                    "y");
    QVERIFY(m_store->upsertRequests(odd));
    auto remove = qScopeGuard([this] {
        QVERIFY(m_store->connection().exec("DELETE FROM requests WHERE id IN ('req-009001', 'req-009002')"));
    });
    InboxModel model(*m_store);
    model.setClerk(m_clerk);
    int compared = 0;
    const auto counts = model.sidebarCounts();
    QVERIFY2(counts, qPrintable(counts.error().detail));
    for (const auto& [spec, n] : counts.value()) {
        QCOMPARE(n, model.countFor(spec));
        ++compared;
    }
    QVERIFY(compared >= 7 + 3);
}

void TestInboxTriage::aStoppedCountGivesNoTotals()
{
    // A counting pass that cannot read the rows (here: stopped, as when the window locks) is an
    // error, not totals of the rows it did read: the sidebar keeps the counts it showed.
    auto connection = inbox::CountingConnection::open(*m_store);
    QVERIFY2(connection, qPrintable(connection.error().detail));
    QVERIFY((*connection)->countAll(m_clerk, QDate::currentDate()));
    (*connection)->interrupt();
    const auto counts = (*connection)->countAll(m_clerk, QDate::currentDate());
    QVERIFY(!counts);
    QCOMPARE(counts.error().code, Error::Cancelled);
}

void TestInboxTriage::theColumnMenuHidesAColumnAndKeepsIt()
{
    // A right click on the list's header: a menu of the columns; unticking one hides it, and the
    // choice is kept in the settings.
    QHeaderView* header = m_window->inboxView()->horizontalHeader();
    QVERIFY(!header->isSectionHidden(InboxModel::Applicant));
    const QString applicant = m_window->inboxModel()->headerData(InboxModel::Applicant, Qt::Horizontal).toString();
    auto show = qScopeGuard([header] { header->setSectionHidden(InboxModel::Applicant, false); });
    bool menuShown = false, wasTicked = false, unticked = false;
    QTimer::singleShot(0, this, [&] { // (inside the menu's loop: it always closes, whatever it holds)
        auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget());
        if (!menu)
            return;
        menuShown = true;
        for (QAction* a : menu->actions())
            if (a->text() == applicant) {
                wasTicked = a->isChecked();
                a->trigger();
                unticked = true;
            }
        menu->close();
    });
    Q_EMIT header->customContextMenuRequested(QPoint(20, 5));
    QVERIFY(menuShown);
    QVERIFY(wasTicked);
    QVERIFY(unticked);
    QVERIFY(header->isSectionHidden(InboxModel::Applicant));
    QHeaderView kept(Qt::Horizontal);
    kept.setModel(m_window->inboxModel());
    QVERIFY(kept.restoreState(m_settings->value(Settings::Key::InboxColumns).toByteArray()));
    QVERIFY(kept.isSectionHidden(InboxModel::Applicant));
}

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    installTranslations(QStringLiteral("de"));
    TestInboxTriage t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_inbox_triage.moc"
