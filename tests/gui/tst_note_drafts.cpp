// The note a clerk is writing in the real main window (filled by a real sync from the reference
// server): kept as a draft per request and clerk, through a switch of request, a lock and a restart;
// held when the store refuses it, written quietly after a busy moment, not overwritten when it cannot
// be read, not lost at quit without a question, and put before the clerk when its request goes.
#include "../common/PurgeBehind.h"
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
#include <QClipboard>
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
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextCursor>
#include <QTimer>
#include <QTreeWidget>
#include <QUuid>

using namespace clerk;
using namespace clerk::inboxtest;

// With CLERKDESK_SCREENSHOT_DIR set, the window at a 1366x768 laptop's size saved there as `name`
// (and given its size back); true when saved or not asked for.
static bool saveAtLaptopSize(QWidget& w, const QString& name)
{
    const QString out = qEnvironmentVariable("CLERKDESK_SCREENSHOT_DIR");
    if (out.isEmpty())
        return true;
    const QSize before = w.size();
    w.resize(1366, 768);
    const bool saved = w.grab().save(out + QLatin1Char('/') + name);
    w.resize(before);
    return saved;
}

class TestNoteDrafts : public InboxFixture
{
    Q_OBJECT
    // "All requests" in the sidebar, with its rows listed.
    bool showAllRequests();
    // Selects `row` of the list and waits until the request pane shows its request.
    bool showRow(int row);
private Q_SLOTS:
    void aHalfTypedNoteWaitsForItsRequest();
    void aDraftThatCannotBeWrittenIsHeld();
    void aDraftWaitsQuietlyForABusyStore();
    void aRefusedDraftIsNotLostAtQuit();
    void aDraftThatCannotBeReadIsNotOverwritten();
    void aNoteTooLongIsNotAdded();
    void aNoteOfARequestPurgedMeanwhileGoesToTheClerk();
};

bool TestNoteDrafts::showAllRequests()
{
    MainWindow& w = *m_window;
    w.viewsSidebar()->setCurrentIndex(w.viewsSidebar()->model()->index(5, 0));
    return QTest::qWaitFor([&w] { return w.inboxModel()->rowCount() > 5; });
}

bool TestNoteDrafts::showRow(int row)
{
    MainWindow& w = *m_window;
    w.inboxView()->selectRow(row);
    return QTest::qWaitFor([&w, row] { return w.requestPane()->requestId() == w.inboxModel()->requestIdAt(row); });
}

void TestNoteDrafts::aHalfTypedNoteWaitsForItsRequest()
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
void TestNoteDrafts::aDraftThatCannotBeWrittenIsHeld()
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
    QVERIFY(saveAtLaptopSize(w, QStringLiteral("draft-held-de.png")));
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
void TestNoteDrafts::aDraftWaitsQuietlyForABusyStore()
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
void TestNoteDrafts::aRefusedDraftIsNotLostAtQuit()
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
void TestNoteDrafts::aDraftThatCannotBeReadIsNotOverwritten()
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
    saveAtLaptopSize(w, QStringLiteral("draft-unread-de.png"));
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

// Near the limit the pane counts; over it, "Add note" is off and the pane says why (the store and
// the server would refuse it; the server used to cut it to fit).
void TestNoteDrafts::aNoteTooLongIsNotAdded()
{
    MainWindow& w = *m_window;
    RequestPane* pane = w.requestPane();
    QPlainTextEdit* editor = pane->noteEdit();
    auto* length = pane->findChild<QLabel*>(QStringLiteral("noteLength"));
    QVERIFY(length);
    const auto tidy = qScopeGuard([&] {
        editor->clear();
        pane->noteDrafts()->keep();
    });
    QVERIFY(showAllRequests());
    QVERIFY(showRow(2));
    editor->setPlainText(QStringLiteral("Kurz"));
    QVERIFY(pane->noteButton()->isEnabled());
    QVERIFY(length->isHidden());
    editor->setPlainText(QString(18000, QLatin1Char('a')) + QStringLiteral("\n "));
    QVERIFY(length->isHidden()); // (counted from 18,001 on, trimmed as it would be added)
    editor->setPlainText(QString(18001, QLatin1Char('a')));
    QVERIFY(!length->isHidden());
    QCOMPARE(length->text(), QStringLiteral("18.001 von höchstens 20.000 Zeichen"));
    editor->setPlainText(QString(kMaxNoteLength, QLatin1Char('a')));
    QVERIFY(pane->noteButton()->isEnabled());
    QVERIFY(!length->isHidden());
    QCOMPARE(length->text(), QStringLiteral("20.000 von höchstens 20.000 Zeichen"));
    editor->moveCursor(QTextCursor::End);
    QTest::keyClick(editor, Qt::Key_B);
    QVERIFY(!pane->noteButton()->isEnabled());
    QCOMPARE(length->text(), QStringLiteral("Zu lang für einen Vermerk: 20.001 von höchstens 20.000 Zeichen"));
    if (auto* scroll = pane->findChild<QScrollArea*>()) // (the pane scrolled to its notes, for the picture)
        scroll->ensureWidgetVisible(length);
    QVERIFY(saveAtLaptopSize(w, QStringLiteral("note-too-long-de.png")));
    QTest::keyClick(editor, Qt::Key_Backspace);
    QVERIFY(pane->noteButton()->isEnabled());
    editor->appendPlainText(QStringLiteral("  ")); // (trailing blanks are not added: it still fits)
    QVERIFY(pane->noteButton()->isEnabled());
    editor->clear();
    QVERIFY(length->isHidden());
}

// The sync purges the request shown (closed past its retention, or handed to another team) while
// the clerk writes a note on it, and the clerk opens another request before the window has heard
// of it: the note cannot be kept, and its words are put before the clerk to copy instead of being
// counted as kept. The same when the pane has shown the request as gone and the clerk leaves it.
void TestNoteDrafts::aNoteOfARequestPurgedMeanwhileGoesToTheClerk()
{
    MainWindow& w = *m_window;
    RequestPane* pane = w.requestPane();
    NoteDraftKeeper* drafts = pane->noteDrafts();
    const auto tidy = qScopeGuard([&] {
        if (!m_store->isUnlocked() && !m_store->unlock("inbox-test-passphrase"))
            qWarning("the store stays locked for the tests after this one");
        m_store->notifyChanged({}); // (the list without the purged requests)
    });
    auto goneBoxes = [] {
        QList<QMessageBox*> boxes;
        for (QWidget* top : QApplication::topLevelWidgets())
            if (auto* box = qobject_cast<QMessageBox*>(top);
                box && box->objectName() == QLatin1String("goneDraftBox") && box->isVisible())
                boxes << box;
        return boxes;
    };
    QVERIFY(showAllRequests());
    QSignalSpy handed(drafts, &NoteDraftKeeper::draftOfGoneRequest);

    // Purged in the moment between the typing and the switch.
    QVERIFY(showRow(6));
    const QString purged = pane->requestId();
    const QString words = QStringLiteral("Rückfrage beim Ordnungsamt, Antwort steht aus");
    pane->noteEdit()->setPlainText(words);
    QVERIFY(testing::purgeBehindTheWindow(*m_store, purged));
    QVERIFY(showRow(7));
    QCOMPARE(handed.size(), 1);
    QCOMPARE(handed.first().at(0).toString(), words);
    QCOMPARE(goneBoxes().size(), 1);
    QMessageBox* box = goneBoxes().first();
    QCOMPARE(box->detailedText(), words);
    QVERIFY(box->text().contains(QStringLiteral("nicht gespeichert")));
    QVERIFY(saveAtLaptopSize(*box, QStringLiteral("note-of-purged-request-de.png")));
    QVERIFY(pane->noteEdit()->toPlainText().isEmpty()); // (the next request's own draft: none)
    QCOMPARE(drafts->heldCount(), 0);
    // Copied: the words are on the clipboard and the message goes.
    auto* copy = qobject_cast<QPushButton*>(box->defaultButton());
    QVERIFY(copy);
    QTest::mouseClick(copy, Qt::LeftButton);
    QTRY_VERIFY(goneBoxes().isEmpty());
    QCOMPARE(QGuiApplication::clipboard()->text(), words);

    // Kept as a draft, then purged; the pane learns of it and says so; leaving it hands the words
    // over once, and a lock takes the message away.
    QVERIFY(showRow(8));
    const QString second = pane->requestId();
    pane->noteEdit()->setPlainText(QStringLiteral("Zweiter Vermerk"));
    QVERIFY(drafts->keep());
    QCOMPARE(m_store->noteDrafts().of(second, m_clerk).value(), QStringLiteral("Zweiter Vermerk"));
    QVERIFY(testing::purgeBehindTheWindow(*m_store, second));
    m_store->notifyChanged({ second });
    QTRY_VERIFY(pane->noteEdit()->isReadOnly());
    QCOMPARE(handed.size(), 1);
    QVERIFY(showRow(9));
    QCOMPARE(handed.size(), 2);
    QCOMPARE(handed.last().at(0).toString(), QStringLiteral("Zweiter Vermerk"));
    QCOMPARE(goneBoxes().size(), 1);
    QVERIFY(goneBoxes().first()->windowModality() == Qt::NonModal); // (the clerk goes on working)
    // Found gone at quit: the window stays open for the message; asked again, it closes.
    QVERIFY(showRow(10));
    const QString third = pane->requestId();
    pane->noteEdit()->setPlainText(QStringLiteral("Dritter Vermerk"));
    QVERIFY(testing::purgeBehindTheWindow(*m_store, third));
    QVERIFY(!drafts->mayClose());
    QCOMPARE(handed.size(), 3);
    QCOMPARE(goneBoxes().size(), 2);
    QVERIFY(drafts->mayClose());
    QCOMPARE(handed.size(), 3);
    m_store->lock();
    QTRY_VERIFY(goneBoxes().isEmpty());
}

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    installTranslations(QStringLiteral("de"));
    TestNoteDrafts t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_note_drafts.moc"
