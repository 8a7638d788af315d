// "Vorgang → An andere Behörde abgeben…" (offscreen, German): the dialog asks for the receiving
// authority and shows the sender from the settings; the hand-over runs as a job from a real
// SQLCipher store and leaves the xdomea ZIP. CLERKDESK_SCREENSHOT=FILE saves the dialog over the
// window at 1366×768 as PNG (docs/screenshots/handover-de.png).
#include "core/Settings.h"
#include "core/jobs/JobRunner.h"
#include "core/jobs/XdomeaJobs.h"
#include "core/pdf/SimplePdf.h"
#include "core/store/DocumentCache.h"
#include "core/store/Store.h"
#include "ui/HandOverCommands.h"
#include "ui/MainWindow.h"
#include "ui/SettingsDialog.h"
#include "ui/Translations.h"

#include <KZip>
#include <QBuffer>
#include <QCryptographicHash>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMainWindow>
#include <QMenu>
#include <QPainter>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

using namespace clerk;

namespace { } // namespace

class TestHandOver : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void dialogAsksForTheReceivingAuthority();
    void withoutSenderNothingCanBeHandedOver();
    void handOverRunsAsAJob();
    void settingsDialogShowsTheAuthorityLockedByPolicy();
    void requestMenuOffersTheHandOver();

private:
    QTemporaryDir m_dir;
    xdomea::Authority m_sender { QStringLiteral("Landeshauptstadt Stuttgart"), QStringLiteral("LHS Stuttgart"),
        QStringLiteral("ags:"), QStringLiteral("08111000"), {} };
};

void TestHandOver::initTestCase()
{
    QCOMPARE(installTranslations(QStringLiteral("de")), QStringLiteral("de"));
}

void TestHandOver::dialogAsksForTheReceivingAuthority()
{
    // The window the clerk works in, at 1366×768, with three requests chosen for the hand-over.
    Store store(m_dir.filePath(QStringLiteral("window.db")));
    QVERIFY(store.create("handover-passphrase"));
    QList<Request> requests;
    for (int i = 1; i <= 3; ++i) {
        Request r;
        r.id = QStringLiteral("0a1b2c3d-0000-4000-8000-00000000010%1").arg(i);
        r.reference = QStringLiteral("STU-2026-00010%1").arg(i);
        r.fileNumber = QStringLiteral("32.30-010%1/2026").arg(i);
        r.serviceId = QStringLiteral("sondernutzung");
        r.teamId = QStringLiteral("ordnung");
        r.channel = QStringLiteral("portal");
        r.submittedAt = QDateTime(QDate(2026, 11, 2 + i), QTime(9, 15), QTimeZone::UTC);
        r.dueDate = QDate(2026, 12, 1 + i);
        r.status = QStringLiteral("in_progress");
        r.assignee = QStringLiteral("m.yilmaz");
        r.applicant.name = QList<QString> { QStringLiteral("Jürgen Weiß"), QStringLiteral("Ayşe Öztürk"),
            QStringLiteral("Bäckerei Groß GmbH") }
                               .at(i - 1);
        requests << r;
    }
    Service service;
    service.id = QStringLiteral("sondernutzung");
    service.nameDe = QStringLiteral("Sondernutzungserlaubnis");
    service.nameEn = QStringLiteral("Special use permit");
    service.office = QStringLiteral("32");
    service.teamId = QStringLiteral("ordnung");
    service.states = { QStringLiteral("received"), QStringLiteral("in_progress") };
    QVERIFY(store.upsertServices({ service }));
    QVERIFY(store.upsertRequests(requests));
    Settings settings(m_dir.filePath(QStringLiteral("window.conf")), { m_dir.filePath(QStringLiteral("none.conf")) });
    MainWindow window(settings);
    window.attachWorkspace(store, nullptr, QStringLiteral("m.yilmaz"));
    window.resize(1366, 768);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_COMPARE(window.inboxView()->model()->rowCount(), 3);
    window.inboxView()->selectAll();

    HandOverDialog dialog(m_sender, 3, &window);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QCOMPARE(dialog.windowTitle(), QStringLiteral("An andere Behörde abgeben"));
    auto* ok = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
    QVERIFY(!ok->isEnabled()); // no receiver yet
    QCOMPARE(dialog.findChild<QLabel*>(QStringLiteral("handOverSender"))->text(),
        QStringLiteral("Landeshauptstadt Stuttgart (ags:08111000)"));
    // (keyClicks types ASCII only; an umlaut comes in as an input method would insert it.)
    QTest::keyClicks(dialog.findChild<QLineEdit*>(QStringLiteral("receiverName")), QStringLiteral("Landratsamt B"));
    dialog.findChild<QLineEdit*>(QStringLiteral("receiverName"))->insert(QStringLiteral("öblingen"));
    QTest::keyClicks(dialog.findChild<QLineEdit*>(QStringLiteral("receiverShortName")), QStringLiteral("LRA BB"));
    QTest::keyClicks(dialog.findChild<QLineEdit*>(QStringLiteral("receiverId")), QStringLiteral("ags:08115000"));
    QVERIFY(ok->isEnabled());
    QCOMPARE(ok->text(), QStringLiteral("&Abgeben…"));
    const xdomea::Authority r = dialog.receiver();
    QCOMPARE(r.name, QStringLiteral("Landratsamt Böblingen"));
    QCOMPARE(r.shortName, QStringLiteral("LRA BB"));
    QCOMPARE(r.idPrefix, QStringLiteral("ags:"));
    QCOMPARE(r.id, QStringLiteral("08115000"));
    // The words the clerk reads are German.
    bool intro = false;
    for (const QLabel* l : dialog.findChildren<QLabel*>())
        intro |= l->text().startsWith(QStringLiteral("3 Vorgänge werden mit allen Dokumenten"));
    QVERIFY(intro);
    // The dialog over the window as the clerk sees it (docs/screenshots/handover-de.png).
    QTest::qWait(100);
    QPixmap shot = window.grab();
    QCOMPARE(shot.size(), QSize(1366, 768));
    {
        QPainter p(&shot);
        p.fillRect(shot.rect(), QColor(0, 0, 0, 60));
        const QPixmap d = dialog.grab();
        QVERIFY(d.width() < shot.width() && d.height() < shot.height());
        p.drawPixmap((shot.width() - d.width()) / 2, (shot.height() - d.height()) / 2, d);
    }
    const QString out = qEnvironmentVariable("CLERKDESK_SCREENSHOT");
    if (!out.isEmpty())
        QVERIFY(shot.save(out));
}

void TestHandOver::withoutSenderNothingCanBeHandedOver()
{
    HandOverDialog dialog(xdomea::Authority {}, 1);
    QTest::keyClicks(dialog.findChild<QLineEdit*>(QStringLiteral("receiverName")), QStringLiteral("Landratsamt"));
    QVERIFY(!dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->isEnabled());
    QVERIFY(
        dialog.findChild<QLabel*>(QStringLiteral("handOverSender"))->text().contains(QLatin1String("Einstellungen")));
}

void TestHandOver::handOverRunsAsAJob()
{
    Store store(m_dir.filePath(QStringLiteral("profile.db")));
    QVERIFY(store.create("handover-passphrase"));
    Request r;
    r.id = QStringLiteral("0a1b2c3d-0000-4000-8000-000000000404");
    r.reference = QStringLiteral("STU-2026-000404");
    r.fileNumber = QStringLiteral("32.30-0404/2026");
    r.serviceId = QStringLiteral("sondernutzung");
    r.teamId = QStringLiteral("ordnung");
    r.submittedAt = QDateTime(QDate(2026, 11, 2), QTime(9, 15), QTimeZone::UTC);
    r.status = QStringLiteral("new");
    r.applicant.name = QStringLiteral("Jürgen Weiß");
    QVERIFY(store.upsertRequests({ r }));
    SimplePdf pdf;
    pdf.text(72, 760, QStringLiteral("Antrag auf Sondernutzung"), 14, true);
    const QByteArray bytes = pdf.toPdf();
    DocumentCache cache(store);
    const Document d { QStringLiteral("0c000000-0000-4000-8000-000000000404"), r.id, QStringLiteral("Antrag"),
        QStringLiteral("application"), QStringLiteral("application/pdf"), bytes.size(),
        QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex(), 1 };
    QVERIFY(cache.upsertDocuments({ d }));
    QBuffer b;
    b.setData(bytes);
    QVERIFY(b.open(QIODevice::ReadOnly));
    QVERIFY(cache.putContent(d.id, b));

    QMainWindow window;
    JobRunner jobs;
    Settings settings(m_dir.filePath(QStringLiteral("user.conf")), { m_dir.filePath(QStringLiteral("none.conf")) });
    settings.useDemoAuthority(); // (a city's own comes from policy; this one is the demo's)
    HandOverCommands commands(window, jobs, settings);
    commands.attach(&store);
    QSignalSpy done(&commands, &HandOverCommands::handedOver);
    const QString pid = xdomea::newProcessId();
    const QString path = m_dir.filePath(xdomea::abgabeZipName(pid));
    XdomeaExportJob* job = commands.handOver({ r.id },
        { QStringLiteral("Landratsamt Böblingen"), {}, QStringLiteral("ags:"), QStringLiteral("08115000"), {} }, pid,
        path);
    QVERIFY(job);
    QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 60000);
    QCOMPARE(done.first().first().toString(), path);
    KZip zip(path);
    QVERIFY(zip.open(QIODevice::ReadOnly));
    QVERIFY(zip.directory()->file(xdomea::abgabeXmlName(pid)));
    QCOMPARE(zip.directory()->file(xdomea::primaryFileName(d))->data(), bytes);
    QVERIFY(zip.directory()->file(xdomea::abgabeXmlName(pid))->data().contains("Landeshauptstadt Stuttgart"));
    QVERIFY(
        window.statusBar()->currentMessage().contains(QStringLiteral("1 Vorgang an Landratsamt Böblingen abgegeben")));
}

void TestHandOver::settingsDialogShowsTheAuthorityLockedByPolicy()
{
    QTemporaryDir dir;
    const QString policy = dir.filePath(QStringLiteral("policy.conf"));
    {
        QSettings p(policy, QSettings::IniFormat);
        p.setValue(QStringLiteral("authorityName"), QStringLiteral("Große Kreisstadt Bietigheim-Bissingen"));
    }
    Settings settings(dir.filePath(QStringLiteral("user.conf")), { policy });
    SettingsDialog dialog(settings);
    auto* name = dialog.findChild<QLineEdit*>(QStringLiteral("authorityName"));
    auto* id = dialog.findChild<QLineEdit*>(QStringLiteral("authorityId"));
    QVERIFY(name && id);
    QCOMPARE(name->text(), QStringLiteral("Große Kreisstadt Bietigheim-Bissingen"));
    QVERIFY(!name->isEnabled());
    QVERIFY(id->isEnabled());
    QCOMPARE(id->text(), QString()); // no authority key until one is set (never another city's)
    id->setText(QStringLiteral("ags:08118079"));
    dialog.accept();
    QCOMPARE(xdomea::senderFromSettings(settings).id, QStringLiteral("08118079"));
    QCOMPARE(xdomea::senderFromSettings(settings).name, QStringLiteral("Große Kreisstadt Bietigheim-Bissingen"));
}

void TestHandOver::requestMenuOffersTheHandOver()
{
    QTemporaryDir dir;
    Settings settings(dir.filePath(QStringLiteral("user.conf")), { dir.filePath(QStringLiteral("none.conf")) });
    MainWindow window(settings);
    auto* action = window.findChild<QAction*>(QStringLiteral("handOverAction"));
    auto* efile = window.findChild<QAction*>(QStringLiteral("exportEFileAction"));
    QVERIFY(action && efile);
    QCOMPARE(action->text(), QStringLiteral("An andere Behörde &abgeben…"));
    QVERIFY(!action->isEnabled()); // no request selected (no profile open)
    // In the Request menu, beside "Export e-file…".
    bool besideExport = false;
    for (QObject* o : action->associatedObjects())
        if (auto* menu = qobject_cast<QMenu*>(o))
            besideExport |= menu->actions().contains(efile);
    QVERIFY(besideExport);
}

QTEST_MAIN(TestHandOver)
#include "tst_handover.moc"
