// The window at the sizes clerks have (1366×768 laptops, 1920×1080 desks): a document opens in a
// tab of its own and is drawn at a legible width; the inbox list, one keystroke away, shows the
// reference, applicant and due date of each request; documents open, switch and close from the
// keyboard; the trainer's dock folds away while a document is read; a document in a tab not shown
// keeps no pictures of its pages, nor thumbnails; at most DocumentTabs::kMaxDocuments are open;
// locking closes them all. The real window, offscreen.
#include "../common/PurgeBehind.h"
#include "../common/TestData.h"
#include "core/Settings.h"
#include "core/pdf/SimplePdf.h"
#include "core/store/DocumentCache.h"
#include "core/store/Store.h"
#include "models/InboxModel.h"
#include "ui/DocumentTabs.h"
#include "ui/DocumentViewer.h"
#include "ui/MainWindow.h"
#include "ui/PageRenderer.h"
#include "ui/PageView.h"
#include "ui/RequestPane.h"
#include "ui/Translations.h"

#include <QApplication>
#include <QBuffer>
#include <QCryptographicHash>
#include <QDockWidget>
#include <QHeaderView>
#include <QListView>
#include <QListWidget>
#include <QTabBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace clerk;

namespace {
const QString kRequest = QStringLiteral("req-000001");

QByteArray applicationPdf(int n)
{
    SimplePdf pdf;
    pdf.setTitle(QStringLiteral("Antrag %1").arg(n));
    pdf.newPage();
    pdf.text(56, 80, QStringLiteral("Bewohnerparkausweis – Antrag %1").arg(n), 16, true);
    pdf.paragraph(56, 120, 480,
        QStringLiteral("Hiermit beantrage ich einen Bewohnerparkausweis für die Parkzone S-West 3. "
                       "Das Fahrzeug ist auf mich zugelassen."));
    for (int page = 2; page <= 3; ++page) {
        pdf.newPage();
        pdf.text(56, 80, QStringLiteral("Anlage %1").arg(page - 1), 16, true);
    }
    return pdf.toPdf();
}

// applicationPdf(n) as the document `id` of `requestId`, its bytes in the store.
bool addPdf(DocumentCache& cache, const QString& id, const QString& requestId, const QString& title, int n)
{
    const QByteArray pdf = applicationPdf(n);
    if (!cache.upsertDocuments(
            { Document { id, requestId, title, QStringLiteral("application"), QStringLiteral("application/pdf"),
                pdf.size(), QCryptographicHash::hash(pdf, QCryptographicHash::Sha256).toHex(), 1 } }))
        return false;
    QBuffer in;
    in.setData(pdf);
    return in.open(QIODevice::ReadOnly) && cache.putContent(id, in);
}

// The column shows in full inside the list's viewport.
bool columnShows(QTableView* view, int column)
{
    const QHeaderView* header = view->horizontalHeader();
    const int left = header->sectionViewportPosition(column);
    return !header->isSectionHidden(column) && left >= 0
        && left + header->sectionSize(column) <= view->viewport()->width();
}

// Where each column is, for a failure message.
QString columnsOf(QTableView* view)
{
    const QHeaderView* header = view->horizontalHeader();
    QStringList out { QStringLiteral("viewport %1:").arg(view->viewport()->width()) };
    for (int c = 0; c < header->count(); ++c)
        out << QStringLiteral("%1@%2+%3").arg(c).arg(header->sectionViewportPosition(c)).arg(header->sectionSize(c));
    return out.join(QLatin1Char(' '));
}

// The window on the clerk's store at a laptop's size, shown.
bool showAtLaptopSize(MainWindow& w, Store& store)
{
    w.attachWorkspace(store, nullptr, QStringLiteral("a.koch"));
    w.resize(1366, 768);
    w.show();
    return QTest::qWaitForWindowExposed(&w);
}

// Screenshots for the docs and the review, when asked for (the folder must exist).
void saveShot(QWidget& w, const QString& name)
{
    if (const QString dir = qEnvironmentVariable("CLERKDESK_SCREENSHOT_DIR"); !dir.isEmpty())
        if (!w.grab().save(dir + QLatin1Char('/') + name))
            qWarning("could not save the screenshot %s", qPrintable(name));
}
} // namespace

class TestWindowLayout : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void documentGetsTheWindow_data();
    void documentGetsTheWindow();
    void boundedAndClosedOnLock();
    void olderTabsSleepAndWakeWhereTheyWere();
    void tabsOfAPurgedRequestCloseAsleepOrAwake();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;
    QStringList m_documents; // of kRequest
};

void TestWindowLayout::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_store = std::make_unique<Store>(m_dir.filePath(QStringLiteral("profile.db")));
    QVERIFY(m_store->create("layout-test-passphrase"));
    QVERIFY(m_store->upsertServices({ testdata::parkingService() }));
    const QStringList names { QStringLiteral("Anna Koch"), QStringLiteral("Bernd Hoffmann"),
        QStringLiteral("Carla Nowak"), QStringLiteral("Dieter Schäfer-Wiedemann"), QStringLiteral("Elif Yılmaz") };
    QList<Request> requests;
    for (int n = 1; n <= 40; ++n) {
        requests << testdata::request(n, names.at(n % names.size()));
        requests.last().assignee = QStringLiteral("a.koch"); // in "Meine Vorgänge", the view it opens with
    }
    QVERIFY(m_store->upsertRequests(requests));
    DocumentCache cache(*m_store);
    for (int n = 1; n <= DocumentTabs::kMaxDocuments + 1; ++n) {
        const QString id = QStringLiteral("doc-%1").arg(n);
        QVERIFY(addPdf(cache, id, kRequest, QStringLiteral("Antrag %1.pdf").arg(n), n));
        m_documents << id;
    }
}

void TestWindowLayout::documentGetsTheWindow_data()
{
    QTest::addColumn<QSize>("size");
    QTest::addColumn<int>("minPageWidth");
    QTest::addRow("1366x768") << QSize(1366, 768) << 700;
    QTest::addRow("1920x1080") << QSize(1920, 1080) << 1000;
}

void TestWindowLayout::documentGetsTheWindow()
{
    QFETCH(QSize, size);
    QFETCH(int, minPageWidth);
    const QString tag = QString::fromLatin1(QTest::currentDataTag());
    Settings settings(m_dir.filePath(tag + QStringLiteral(".conf")), { m_dir.filePath(QStringLiteral("none")) });
    MainWindow w(settings);
    w.attachWorkspace(*m_store, nullptr, QStringLiteral("a.koch"));
    auto* trainer = new QDockWidget(QStringLiteral("Schulung"), &w); // as the demo's TrainerPanel
    trainer->setObjectName(QStringLiteral("TrainerPanel"));
    auto* exercises = new QWidget(trainer);
    exercises->setMinimumWidth(280); // as wide as the demo's exercise list
    trainer->setWidget(exercises);
    w.addDockWidget(Qt::LeftDockWidgetArea, trainer);
    trainer->hide(); // (the clerk's window has none; it folds away below)
    w.resize(size);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.activateWindow(); // (its shortcuts are the clerk's way around)
    QVERIFY(QTest::qWaitForWindowActive(&w));
    QCOMPARE(w.size(), size);

    // The list: reference, applicant and due date in full, beside the sidebar and the request.
    w.showRequest(kRequest);
    QCOMPARE(w.requestPane()->requestId(), kRequest);
    QVERIFY(w.requestPane()->isVisible());
    QVERIFY(w.viewsSidebar()->isVisible());
    for (int column : { int(InboxModel::Reference), int(InboxModel::Applicant), int(InboxModel::Due) })
        QVERIFY2(columnShows(w.inboxView(), column), qPrintable(columnsOf(w.inboxView())));
    saveShot(w, QStringLiteral("layout-list-%1.png").arg(tag));

    // Ctrl+O opens the request's first document in a tab of its own, over the whole window.
    QTest::keyClick(&w, Qt::Key_O, Qt::ControlModifier);
    DocumentTabs* tabs = w.documentTabs();
    QCOMPARE(tabs->documentCount(), 1);
    QVERIFY(tabs->showsDocument());
    DocumentViewer* viewer = w.documentViewer();
    QVERIFY(viewer && viewer->isVisible());
    QVERIFY(!w.inboxView()->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(viewer->pageCount() > 0 && viewer->pageView()->isRendered(0), 10000);
    QVERIFY2(viewer->width() >= size.width() - 40, qPrintable(QString::number(viewer->width())));
    QVERIFY2(viewer->pageView()->pageRect(0).width() >= minPageWidth,
        qPrintable(QString::number(viewer->pageView()->pageRect(0).width())));
    saveShot(w, QStringLiteral("layout-document-%1.png").arg(tag));

    // Back to the list (Ctrl+1): it is as it was; the document stays open in its tab, without the
    // pictures of its pages (megabytes each; drawn again when it shows).
    // Nor of its thumbnails: the side panel's icons go, and come back when it shows.
    QVERIFY(viewer->pageView()->renderer()->cacheBytes() > 0);
    auto* thumbnails = viewer->findChild<QListWidget*>(QStringLiteral("thumbnails"));
    QVERIFY(thumbnails && thumbnails->count() > 0);
    QTRY_VERIFY_WITH_TIMEOUT(!thumbnails->item(0)->icon().isNull(), 10000);
    QTest::keyClick(&w, Qt::Key_1, Qt::ControlModifier);
    QVERIFY(!tabs->showsDocument());
    QCOMPARE(viewer->pageView()->renderer()->cacheBytes(), 0);
    for (int i = 0; i < thumbnails->count(); ++i)
        QVERIFY(thumbnails->item(i)->icon().isNull());
    QVERIFY(w.inboxView()->isVisible());
    QCOMPARE(w.requestPane()->requestId(), kRequest);
    for (int column : { int(InboxModel::Reference), int(InboxModel::Applicant), int(InboxModel::Due) })
        QVERIFY(columnShows(w.inboxView(), column));
    // Opening it again shows its tab; Ctrl+PageDown moves there from the keyboard too.
    w.openDocument(viewer->documentId());
    QCOMPARE(tabs->documentCount(), 1);
    QVERIFY(tabs->showsDocument());
    QTest::keyClick(&w, Qt::Key_1, Qt::ControlModifier);
    QTest::keyClick(&w, Qt::Key_PageDown, Qt::ControlModifier);
    QCOMPARE(w.documentViewer(), viewer);
    QVERIFY(tabs->showsDocument());
    QTRY_VERIFY_WITH_TIMEOUT(viewer->pageView()->isRendered(0), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!thumbnails->item(0)->icon().isNull(), 10000);
    saveShot(w, QStringLiteral("layout-document-again-%1.png").arg(tag));

    // The trainer's dock folds away while a document is read, and comes back with the inbox.
    QTest::keyClick(&w, Qt::Key_1, Qt::ControlModifier);
    trainer->show();
    QVERIFY(trainer->isVisible());
    // With the trainer's dock beside it too, the list keeps reference, applicant and due date.
    QTRY_VERIFY(w.viewsSidebar()->x() >= 280 || w.viewsSidebar()->mapTo(&w, QPoint()).x() >= 280);
    for (int column : { int(InboxModel::Reference), int(InboxModel::Applicant), int(InboxModel::Due) })
        QVERIFY2(columnShows(w.inboxView(), column), qPrintable(columnsOf(w.inboxView())));
    saveShot(w, QStringLiteral("layout-trainer-%1.png").arg(tag));
    QTest::keyClick(&w, Qt::Key_PageDown, Qt::ControlModifier);
    QVERIFY(!trainer->isVisible());
    QTest::keyClick(&w, Qt::Key_1, Qt::ControlModifier);
    QVERIFY(trainer->isVisible());

    // Ctrl+W closes the document: the list again.
    QTest::keyClick(&w, Qt::Key_PageDown, Qt::ControlModifier);
    QTest::keyClick(&w, Qt::Key_W, Qt::ControlModifier);
    QCOMPARE(tabs->documentCount(), 0);
    QVERIFY(w.inboxView()->isVisible());
    QVERIFY(trainer->isVisible());
}

void TestWindowLayout::boundedAndClosedOnLock()
{
    Settings settings(m_dir.filePath(QStringLiteral("bounded.conf")), { m_dir.filePath(QStringLiteral("none")) });
    MainWindow w(settings);
    QVERIFY(showAtLaptopSize(w, *m_store));
    w.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    DocumentTabs* tabs = w.documentTabs();
    for (const QString& id : std::as_const(m_documents)) {
        w.openDocument(id);
        // Each drawn before the next opens (otherwise the hidden ones might never have held a page).
        QTRY_VERIFY_WITH_TIMEOUT(w.documentViewer()->pageView()->isRendered(0), 10000);
        QVERIFY(w.documentViewer()->pageView()->renderer()->cacheBytes() > 0);
    }
    // One more than the bound: the one looked at longest ago (the first) went.
    QCOMPARE(tabs->documentCount(), DocumentTabs::kMaxDocuments);
    QVERIFY(!tabs->viewerOf(m_documents.first()));
    QVERIFY(tabs->viewerOf(m_documents.last()));
    QCOMPARE(w.documentViewer(), tabs->viewerOf(m_documents.last()));
    // Only the document shown holds pictures of its pages.
    for (const QString& id : std::as_const(m_documents))
        if (DocumentViewer* v = tabs->viewerOf(id); v && v != w.documentViewer())
            QCOMPARE(v->pageView()->renderer()->cacheBytes(), 0);
    // The viewer's own way back (Escape) closes its document and shows the request.
    QTest::keyClick(w.documentViewer(), Qt::Key_Escape);
    QTRY_COMPARE(tabs->documentCount(), DocumentTabs::kMaxDocuments - 1); // (a shortcut's click is animated)
    QVERIFY(!tabs->showsDocument());
    // Locked: no document stays open.
    m_store->lock();
    QCOMPARE(tabs->documentCount(), 0);
    QVERIFY(m_store->unlock("layout-test-passphrase"));
}

// Only the documents looked at last keep a viewer; an older tab sleeps and, chosen again, shows its
// document where the clerk left it (page, zoom, rotation), while the one looked at longest ago
// of the awake ones goes to sleep in its place.
void TestWindowLayout::olderTabsSleepAndWakeWhereTheyWere()
{
    Settings settings(m_dir.filePath(QStringLiteral("sleep.conf")), { m_dir.filePath(QStringLiteral("none")) });
    MainWindow w(settings);
    QVERIFY(showAtLaptopSize(w, *m_store));
    DocumentTabs* tabs = w.documentTabs();
    const int open = DocumentTabs::kAwakeDocuments + 2;
    double zoomBefore = 0;
    for (int n = 0; n < open; ++n) {
        w.openDocument(m_documents.at(n));
        QTRY_VERIFY_WITH_TIMEOUT(w.documentViewer()->pageView()->isRendered(0), 10000);
        if (n == 0) { // the first one read on its third page, turned and zoomed
            DocumentViewer* first = w.documentViewer();
            first->rotateClockwise();
            first->zoomIn();
            first->pageView()->goToPage(2);
            QCOMPARE(first->pageView()->currentPage(), 2);
            zoomBefore = first->pageView()->zoom();
        }
    }
    QCOMPARE(tabs->documentCount(), open);
    QCOMPARE(tabs->findChildren<DocumentViewer*>().size(), DocumentTabs::kAwakeDocuments);
    for (int n = 0; n < open; ++n)
        QCOMPARE(tabs->isAsleep(m_documents.at(n)), n < open - DocumentTabs::kAwakeDocuments);
    QVERIFY(!tabs->viewerOf(m_documents.first()));
    const int firstTab = tabs->indexOfDocument(m_documents.first());
    QCOMPARE(tabs->tabText(firstTab), QStringLiteral("Antrag 1.pdf")); // a sleeping tab keeps its title
    saveShot(w, QStringLiteral("sleeping-tabs-1366x768.png"));
    // Chosen again: it wakes where it was; the oldest of the awake ones sleeps.
    tabs->setCurrentIndex(firstTab);
    DocumentViewer* woken = tabs->viewerOf(m_documents.first());
    QVERIFY(woken);
    QCOMPARE(w.documentViewer(), woken);
    QCOMPARE(tabs->indexOfDocument(m_documents.first()), firstTab); // in its place
    QCOMPARE(woken->pageCount(), 3);
    QCOMPARE(woken->pageView()->currentPage(), 2);
    QCOMPARE(woken->pageView()->rotation(), 90);
    QCOMPARE(woken->pageView()->fit(), PageView::Fit::None);
    QCOMPARE(woken->pageView()->zoom(), zoomBefore);
    QTRY_VERIFY_WITH_TIMEOUT(woken->pageView()->isRendered(2), 10000);
    QCOMPARE(tabs->findChildren<DocumentViewer*>().size(), DocumentTabs::kAwakeDocuments);
    QVERIFY(tabs->isAsleep(m_documents.at(open - DocumentTabs::kAwakeDocuments)));
    // Opening a sleeping document from the request wakes its tab; none is opened twice.
    w.openDocument(m_documents.at(1));
    QCOMPARE(tabs->documentCount(), open);
    QCOMPARE(w.documentViewer(), tabs->viewerOf(m_documents.at(1)));
    // Closing a sleeping tab and locking work as for the others.
    const QString asleep = m_documents.at(open - DocumentTabs::kAwakeDocuments);
    QVERIFY(tabs->isAsleep(asleep));
    QWidget* closeButton = tabs->tabBar()->tabButton(tabs->indexOfDocument(asleep), QTabBar::RightSide);
    QVERIFY(closeButton);
    QTest::mouseClick(closeButton, Qt::LeftButton);
    QCOMPARE(tabs->documentCount(), open - 1);
    QCOMPARE(tabs->indexOfDocument(asleep), -1);
    QCOMPARE(tabs->viewerOf(m_documents.at(1))->pageView()->fit(), PageView::Fit::Width); // as it was
    // The document shown closed with a sleeping one to its left: that one wakes and is shown, and
    // no stand-in is left behind (nor a viewer put to sleep on its way out).
    const QString last = m_documents.at(open - 1), left = m_documents.at(open - 2);
    tabs->setCurrentIndex(tabs->indexOfDocument(last));
    QVERIFY(tabs->isAsleep(left));
    QCOMPARE(tabs->indexOfDocument(left), tabs->currentIndex() - 1);
    QVERIFY(tabs->closeCurrentDocument());
    QCOMPARE(w.documentViewer(), tabs->viewerOf(left));
    QCOMPARE(tabs->documentCount(), open - 2);
    QCOMPARE(tabs->findChildren<QWidget*>(QStringLiteral("sleepingDocument")).size(), 0);
    QCOMPARE(tabs->findChildren<DocumentViewer*>().size(), open - 2);
    m_store->lock();
    QCOMPARE(tabs->documentCount(), 0);
    QVERIFY(m_store->unlock("layout-test-passphrase"));
}

// The sync purges requests whose documents are open in sleeping tabs (closed past their retention
// period, or taken by the archive): the tab of the one the window hears of closes; the tab of one it
// has not heard of yet closes when the clerk chooses it. Nothing of either stays, the others go on.
void TestWindowLayout::tabsOfAPurgedRequestCloseAsleepOrAwake()
{
    // Two requests of their own, one document each (the other tests keep kRequest's).
    QStringList purged, documents;
    DocumentCache cache(*m_store);
    for (int n : { 41, 42 }) {
        Request r = testdata::request(n, QStringLiteral("Frieda Abgelaufen"));
        r.assignee = QStringLiteral("a.koch");
        QVERIFY(m_store->upsertRequests({ r }));
        const QString id = QStringLiteral("doc-of-%1").arg(n);
        QVERIFY(addPdf(cache, id, r.id, QStringLiteral("Bescheid %1.pdf").arg(n), n));
        purged << r.id;
        documents << id;
    }
    Settings settings(m_dir.filePath(QStringLiteral("purge.conf")), { m_dir.filePath(QStringLiteral("none")) });
    MainWindow w(settings);
    QVERIFY(showAtLaptopSize(w, *m_store));
    DocumentTabs* tabs = w.documentTabs();
    for (const QString& id : documents + m_documents.mid(0, DocumentTabs::kAwakeDocuments)) {
        w.openDocument(id);
        QTRY_VERIFY_WITH_TIMEOUT(w.documentViewer()->pageView()->isRendered(0), 10000);
    }
    const int open = int(documents.size()) + DocumentTabs::kAwakeDocuments;
    QCOMPARE(tabs->documentCount(), open);
    QVERIFY(tabs->isAsleep(documents.at(0)));
    QVERIFY(tabs->isAsleep(documents.at(1)));

    // Heard of: its sleeping tab closes; the document shown stays shown.
    DocumentViewer* shown = w.documentViewer();
    QVERIFY(testing::purgeBehindTheWindow(*m_store, purged.at(0)));
    m_store->notifyChanged({ purged.at(0) });
    QTRY_COMPARE(tabs->documentCount(), open - 1);
    QCOMPARE(tabs->indexOfDocument(documents.at(0)), -1);
    QCOMPARE(w.documentViewer(), shown);
    // Not heard of yet: chosen, it cannot wake and closes; the clerk sees the tab to its left.
    QVERIFY(testing::purgeBehindTheWindow(*m_store, purged.at(1)));
    tabs->setCurrentIndex(tabs->indexOfDocument(documents.at(1)));
    QTRY_COMPARE(tabs->documentCount(), open - 2);
    QCOMPARE(tabs->indexOfDocument(documents.at(1)), -1);
    QCOMPARE(tabs->findChildren<QWidget*>(QStringLiteral("sleepingDocument")).size(), 0);
    QCOMPARE(tabs->findChildren<DocumentViewer*>().size(), DocumentTabs::kAwakeDocuments);
    for (const QString& id : m_documents.mid(0, DocumentTabs::kAwakeDocuments))
        QVERIFY(tabs->viewerOf(id));
    QVERIFY(!DocumentCache(*m_store).hasContent(documents.at(1))); // (its bytes went with it)
}

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    installTranslations(QStringLiteral("de"));
    TestWindowLayout t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_window_layout.moc"
