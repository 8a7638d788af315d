// Request → Offer to the archive… in the real main window (offscreen, German): the menu entries,
// and the dialog that lists the chosen requests with why each may or may not be offered; with none
// that qualifies it says so and offers nothing. A real SQLCipher profile on a clock years after
// the requests were closed.
// CLERKDESK_SCREENSHOT_DIR: the dialog at the window's 1366×768, as aussonderung-de.png; the window after a
// purge of the request it showed, as purged-request-de.png.
#include "core/Settings.h"
#include "core/store/ArchivingRecords.h"
#include "core/store/DocumentCache.h"
#include "core/store/RequestPurge.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"
#include "core/xdomea/XdomeaAussonderung.h"
#include "ui/AussonderungDialog.h"
#include "ui/MainWindow.h"
#include "ui/NoteDraftKeeper.h"
#include "ui/RequestPane.h"
#include "ui/Translations.h"

#include <QAction>
#include <QApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QTranslator>
#include <QTreeWidget>

using namespace clerk;

namespace {

const QString kWithdrawn = QStringLiteral("3f2b9c1e-0000-4000-8000-000000000404");

// The German of strings not yet in clerkdesk_de.ts (translations/pending-aussonderung.tsv, merged
// into the .ts by the lead): so that the screenshot shows what the clerk will see.
class PendingTranslator : public QTranslator
{
public:
    explicit PendingTranslator(const QString& tsv)
    {
        QFile f(tsv);
        if (!f.open(QIODevice::ReadOnly))
            return;
        for (const QByteArray& line : f.readAll().split('\n')) {
            const QList<QByteArray> parts = line.split('\t');
            if (parts.size() == 2)
                m_german.insert(unescape(parts.at(0)), unescape(parts.at(1)));
        }
    }
    bool isEmpty() const override { return m_german.isEmpty(); }
    QString translate(const char*, const char* source, const char*, int n) const override
    {
        const QString german = m_german.value(QString::fromUtf8(source));
        if (german.isEmpty() || !german.contains(QLatin1Char('|')))
            return german;
        return german.section(QLatin1Char('|'), n == 1 ? 0 : 1, n == 1 ? 0 : 1);
    }

private:
    static QString unescape(const QByteArray& s)
    {
        return QString::fromUtf8(s).replace(QStringLiteral("\\n"), QStringLiteral("\n"));
    }
    QHash<QString, QString> m_german;
};

} // namespace

class TestAussonderungWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void menusOfferAndImport();
    void dialogSaysWhichQualify();
    void noneQualifiesNothingOffered();
    void thePaneLetsGoOfAPurgedRequest();

private:
    Request request(const QString& id, const QString& reference, const QString& status);
    ManualClock m_clock { QDateTime(QDate(2030, 1, 7), QTime(9, 0), QTimeZone::UTC) };
    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<MainWindow> m_window;
    xdomea::Authority m_us { QStringLiteral("Landeshauptstadt Stuttgart"), {}, {}, {}, {} };
};

Request TestAussonderungWindow::request(const QString& id, const QString& reference, const QString& status)
{
    Request r;
    r.id = id;
    r.reference = reference;
    r.serviceId = QStringLiteral("bewohnerparken");
    r.teamId = QStringLiteral("parkraum");
    r.channel = QStringLiteral("portal");
    r.submittedAt = QDateTime(QDate(2026, 3, 2), QTime(8, 0), QTimeZone::UTC);
    r.status = status;
    r.applicant.name = QStringLiteral("Ayşe Yılmaz");
    r.version = 3;
    return r;
}

void TestAussonderungWindow::initTestCase()
{
    m_store = std::make_unique<Store>(m_dir.filePath(QStringLiteral("profile.db")), m_clock);
    QVERIFY(m_store->create("aussonderung-window-passphrase"));
    Service parking;
    parking.id = QStringLiteral("bewohnerparken");
    parking.nameDe = QStringLiteral("Bewohnerparkausweis");
    parking.nameEn = QStringLiteral("Residential parking permit");
    parking.office = QStringLiteral("32");
    parking.teamId = QStringLiteral("parkraum");
    parking.retentionYears = 3;
    parking.states = { QStringLiteral("received"), QStringLiteral("approved"), QStringLiteral("closed") };
    QVERIFY(m_store->upsertServices({ parking }));
    QVERIFY(m_store->upsertRequests(
        { request(QStringLiteral("r-2026-1"), QStringLiteral("STU-2026-000101"), QStringLiteral("closed")),
            request(QStringLiteral("r-2029-2"), QStringLiteral("STU-2026-000202"), QStringLiteral("closed")),
            request(QStringLiteral("r-open-3"), QStringLiteral("STU-2026-000303"), QStringLiteral("received")),
            request(QStringLiteral("r-2026-4"), QStringLiteral("STU-2026-000404"), QStringLiteral("closed")) }));
    // Closed in 2026 (kept until 31.12.2029: over) and in 2028 (kept until 31.12.2031).
    for (const auto& [id, year] : { std::pair { "r-2026-1", 2026 }, { "r-2029-2", 2028 }, { "r-2026-4", 2026 } }) {
        TimelineEvent e;
        e.requestId = QLatin1String(id);
        e.at = QDateTime(QDate(year, 6, 1), QTime(10, 0), QTimeZone::UTC);
        e.actor = QStringLiteral("m.yilmaz");
        e.kind = QStringLiteral("status_changed");
        e.params = { { QStringLiteral("from"), QStringLiteral("approved") },
            { QStringLiteral("to"), QStringLiteral("closed") } };
        QVERIFY(m_store->addTimeline(e));
    }
    // r-2026-4 was offered by this clerk in an Aussonderung whose offer list was withdrawn (the server
    // refused another request of it): offered again, it leaves that one.
    ArchivingState offered;
    offered.requestId = QStringLiteral("r-2026-4");
    offered.teamId = QStringLiteral("parkraum");
    offered.state = QStringLiteral("offered");
    offered.processId = kWithdrawn;
    offered.changedBy = QStringLiteral("m.yilmaz");
    offered.version = 1;
    QVERIFY(ArchivingRecords(*m_store).upsert({ offered }));
    QVERIFY(m_store->setMeta(QStringLiteral("xdomea_withdrawn:") + kWithdrawn, QStringLiteral("2030-01-06")));
    m_settings = std::make_unique<Settings>(
        m_dir.filePath(QStringLiteral("user.conf")), QStringList { m_dir.filePath(QStringLiteral("none")) });
    m_window = std::make_unique<MainWindow>(*m_settings);
    m_window->attachWorkspace(*m_store, nullptr, QStringLiteral("m.yilmaz"));
    m_window->resize(1366, 768);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestAussonderungWindow::menusOfferAndImport()
{
    auto* offer = m_window->findChild<QAction*>(QStringLiteral("offerToArchiveAction"));
    QVERIFY(offer);
    QVERIFY(m_window->findChild<QMenu*>(QStringLiteral("requestMenu"))->actions().contains(offer));
    QCOMPARE(offer->text(), QStringLiteral("Zur &Archivierung anbieten…"));
    auto* fileMenu = m_window->findChild<QMenu*>(QStringLiteral("fileMenu"));
    for (const char* name : { "importAssessmentAction", "importConfirmationAction" }) {
        auto* a = m_window->findChild<QAction*>(QLatin1String(name));
        QVERIFY2(a && fileMenu->actions().contains(a), name);
        QVERIFY(a->isEnabled());
    }
    QCOMPARE(m_window->findChild<QAction*>(QStringLiteral("importAssessmentAction"))->text(),
        QStringLiteral("&Bewertung des Archivs importieren…"));
}

void TestAussonderungWindow::dialogSaysWhichQualify()
{
    auto candidates = xdomea::offerCandidates(*m_store,
        { QStringLiteral("r-2026-1"), QStringLiteral("r-2029-2"), QStringLiteral("r-open-3"),
            QStringLiteral("r-2026-4") });
    QVERIFY(candidates);
    AussonderungDialog dialog(m_us, candidates.value(), m_window.get());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QCOMPARE(dialog.offerable(), (QStringList { QStringLiteral("r-2026-1"), QStringLiteral("r-2026-4") }));
    auto* list = dialog.findChild<QTreeWidget*>(QStringLiteral("aussonderungList"));
    QCOMPARE(list->topLevelItemCount(), 4);
    QCOMPARE(list->topLevelItem(0)->text(3), QStringLiteral("ja"));
    QCOMPARE(list->topLevelItem(3)->text(3), QStringLiteral("ja, erneut"));
    QVERIFY2(list->topLevelItem(3)->toolTip(3).contains(kWithdrawn), qPrintable(list->topLevelItem(3)->toolTip(3)));
    QCOMPARE(list->topLevelItem(0)->text(2), QStringLiteral("31.12.2029"));
    QCOMPARE(list->topLevelItem(1)->text(3), QStringLiteral("STU-2026-000202 ist bis 31.12.2031 aufzubewahren."));
    QVERIFY2(list->topLevelItem(2)->text(3).contains(QStringLiteral("nicht abgeschlossen")),
        qPrintable(list->topLevelItem(2)->text(3)));
    auto* ok = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
    QVERIFY(!ok->isEnabled()); // no archive named yet
    QTest::keyClicks(
        dialog.findChild<QLineEdit*>(QStringLiteral("archiveName")), QStringLiteral("Stadtarchiv Stuttgart"));
    QVERIFY(ok->isEnabled());
    QCOMPARE(dialog.archive().name, QStringLiteral("Stadtarchiv Stuttgart"));

    // The dialog over the window as the clerk sees it at 1366×768.
    QTest::qWait(100);
    QPixmap shot = m_window->grab();
    QVERIFY(!shot.isNull());
    {
        QPainter p(&shot);
        p.fillRect(shot.rect(), QColor(0, 0, 0, 60));
        const QPixmap d = dialog.grab();
        p.drawPixmap((shot.width() - d.width()) / 2, (shot.height() - d.height()) / 2, d);
    }
    const QString out = qEnvironmentVariable("CLERKDESK_SCREENSHOT_DIR");
    if (!out.isEmpty())
        QVERIFY(shot.save(out + QStringLiteral("/aussonderung-de.png")));
}

void TestAussonderungWindow::noneQualifiesNothingOffered()
{
    auto candidates = xdomea::offerCandidates(*m_store, { QStringLiteral("r-2029-2"), QStringLiteral("r-open-3") });
    QVERIFY(candidates);
    AussonderungDialog dialog(m_us, candidates.value(), m_window.get());
    QVERIFY(dialog.offerable().isEmpty());
    const QString intro = dialog.findChild<QLabel*>(QStringLiteral("aussonderungIntro"))->text();
    QVERIFY2(intro.startsWith(QStringLiteral("Keiner der gewählten Vorgänge")), qPrintable(intro));
    QVERIFY(!dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->isEnabled());
    QVERIFY(!dialog.findChild<QLineEdit*>(QStringLiteral("archiveName"))->isEnabled());
    // And offering them anyway is refused in words, with no file written.
    auto r = xdomea::offer(*m_store, { QStringLiteral("r-2029-2") }, m_us,
        xdomea::Authority { QStringLiteral("Stadtarchiv"), {}, {}, {}, {} }, xdomea::newProcessId(), m_dir.path());
    QVERIFY(!r);
    QVERIFY2(r.errorString().contains(QStringLiteral("31.12.2031")), qPrintable(r.errorString()));
    QCOMPARE(QDir(m_dir.path()).entryList({ QStringLiteral("*.zip") }), QStringList());
}

void TestAussonderungWindow::thePaneLetsGoOfAPurgedRequest()
{
    // The clerk has a closed request open, and one of its documents, when the archive's take-over
    // removes it from the profile: nothing of the applicant stays on screen, no action is offered on
    // it and the document's tab closes; a note being typed stays in its editor.
    const QString id = QStringLiteral("r-2026-5"); // its own: the other tests' requests stay
    const QString other = QStringLiteral("r-2026-6"); // with a note begun for it, purged too
    QVERIFY(m_store->upsertRequests({ request(id, QStringLiteral("STU-2026-000505"), QStringLiteral("closed")),
        request(other, QStringLiteral("STU-2026-000606"), QStringLiteral("closed")) }));
    RequestPane* pane = m_window->requestPane();
    m_window->showRequest(other);
    QTRY_COMPARE(pane->requestId(), other);
    pane->noteEdit()->setPlainText(QStringLiteral("Entwurf zu 606"));
    m_window->showRequest(id);
    QTRY_COMPARE(pane->requestId(), id);
    QCOMPARE(
        m_store->connection().scalar("SELECT count(*) FROM note_drafts WHERE request_id = 'r-2026-6'")->toInt(), 1);
    auto shown = [pane](const QString& text) {
        for (QLabel* l : pane->findChildren<QLabel*>())
            if (l->text().contains(text))
                return true;
        return false;
    };
    // One of its documents open in a tab of its own (not on this computer yet: the tab says so).
    Document letter;
    letter.id = QStringLiteral("doc-r-2026-5");
    letter.requestId = id;
    letter.title = QStringLiteral("Bescheid Bewohnerparken");
    letter.kind = QStringLiteral("letter");
    letter.mimeType = QStringLiteral("application/pdf");
    letter.version = 1;
    QVERIFY(DocumentCache(*m_store).upsertDocuments({ letter }));
    auto* tabs = m_window->findChild<QTabWidget*>(QStringLiteral("documentTabs"));
    QVERIFY(tabs);
    m_window->openDocument(letter.id);
    QCOMPARE(tabs->count(), 2);
    QCOMPARE(tabs->tabText(1), letter.title);
    auto* notes = pane->findChild<QPlainTextEdit*>(QStringLiteral("noteEdit"));
    QVERIFY(notes);
    notes->setPlainText(QStringLiteral("Rückfrage Archiv"));
    const QStringList actions { QStringLiteral("claimButton"), QStringLiteral("requestDocumentsButton"),
        QStringLiteral("noteButton") };
    QVERIFY(shown(QStringLiteral("Ayşe Yılmaz")));
    for (const QString& name : actions)
        QVERIFY2(pane->findChild<QWidget*>(name)->isEnabled(), qPrintable(name));

    ArchivingState archived;
    archived.requestId = id;
    archived.teamId = QStringLiteral("parkraum");
    archived.state = QStringLiteral("archived");
    archived.processId = QStringLiteral("3f2b9c1e-0000-4000-8000-000000000777");
    archived.decision = QStringLiteral("A");
    archived.version = 2;
    ArchivingState archivedOther = archived;
    archivedOther.requestId = other;
    QVERIFY(ArchivingRecords(*m_store).upsert({ archived, archivedOther }));
    auto purged = RequestPurge(*m_store).purgeArchived();
    QVERIFY2(purged.ok(), qPrintable(purged.errorString()));
    QCOMPARE(purged.value(), 2);

    QTRY_COMPARE(
        pane->findChild<QLabel*>(QStringLiteral("requestTitle"))->text(), QStringLiteral("Vorgang nicht gefunden"));
    QVERIFY(!shown(QStringLiteral("Ayşe Yılmaz")));
    QVERIFY(!shown(QStringLiteral("STU-2026-000505")));
    for (const QString& name : actions)
        QVERIFY2(!pane->findChild<QWidget*>(name)->isEnabled(), qPrintable(name));
    QCOMPARE(notes->toPlainText(), QStringLiteral("Rückfrage Archiv"));
    // It can still be copied, not added to: the clerk is told, and the editor takes no more typing.
    QVERIFY(shown(QStringLiteral("Kopieren Sie ihn jetzt: Beim Sperren oder Beenden von ClerkDesk geht er verloren")));
    QVERIFY(notes->isReadOnly());
    QCOMPARE(tabs->count(), 1); // the document's tab closed with it: only the inbox
    if (const QString out = qEnvironmentVariable("CLERKDESK_SCREENSHOT_DIR"); !out.isEmpty())
        QVERIFY(m_window->grab().save(out + QStringLiteral("/purged-request-de.png")));
    // The note begun for the other purged request went with it: it can no longer be saved.
    QCOMPARE(
        m_store->connection().scalar("SELECT count(*) FROM note_drafts WHERE request_id = 'r-2026-6'")->toInt(), 0);
    // Another request shown: the words begun on the purged one are given once more, to copy.
    QSignalSpy handed(pane->noteDrafts(), &NoteDraftKeeper::draftOfGoneRequest);
    m_window->showRequest(other);
    QTRY_COMPARE(pane->requestId(), other);
    QCOMPARE(handed.size(), 1);
    QCOMPARE(handed.first().at(0).toString(), QStringLiteral("Rückfrage Archiv"));
    for (QWidget* top : QApplication::topLevelWidgets())
        if (top->objectName() == QLatin1String("goneDraftBox"))
            top->close();
    QCOMPARE(pane->noteEdit()->toPlainText(), QString());
    QVERIFY(!shown(QStringLiteral("Kopieren Sie ihn jetzt"))); // (nothing begun on this one)
}

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    installTranslations(QStringLiteral("de"));
    PendingTranslator pending(QStringLiteral(CLERKDESK_SOURCE_DIR "/translations/pending-aussonderung.tsv"));
    if (!pending.isEmpty())
        QCoreApplication::installTranslator(&pending);
    TestAussonderungWindow t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_aussonderung_window.moc"
