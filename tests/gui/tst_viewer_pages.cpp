// The document viewer on real PDFs in a real window (offscreen): pages and search hits,
// password-protected, damaged and empty PDFs, images, scanned letters upright at every rotation,
// and the screen sizes clerks have.
#include "../common/ScanPdf.h"
#include "ViewerScenes.h"
#include "core/jobs/JobRunner.h"
#include "core/jobs/PdfJobs.h"
#include "core/pdf/AnnotationHistory.h"
#include "core/pdf/Annotations.h"
#include "core/pdf/PdfExport.h"
#include "core/pdf/PdfLoad.h"
#include "core/pdf/SimplePdf.h"
#include "core/pdf/Xfdf.h"
#include "core/store/Store.h"
#include "ui/DocumentExports.h"
#include "ui/DocumentViewer.h"
#include "ui/PageRenderer.h"
#include "ui/PageView.h"
#include "ui/PrintJob.h"
#include "ui/RedactionPreview.h"
#include "ui/Translations.h"

#include <QAction>
#include <QApplication>
#include <QBuffer>
#include <QDir>
#include <QImage>
#include <QLineEdit>
#include <QListWidget>
#include <QPdfDocument>
#include <QPrinter>
#include <QProcess>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>
#include <QToolButton>
#include <QUndoStack>

using namespace clerk;
using namespace clerk::viewertest;

class TestViewerPages : public ViewerFixture
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void showsPagesAndFindsText();
    void passwordProtectedPdfAsksForThePassword();
    void damagedAndEmptyPdfsSaySo();
    void showsImages();
    void scannedLettersShowUprightAtEveryRotation();
    void fitsTheScreensClerksHave();
    void renderThreadEndsWhenTheViewerGoes();
    void aHiddenRendererRendersNoThumbnails();
    void aHiddenRendererLetsGoOfItsDocument();
};

void TestViewerPages::initTestCase()
{
    openStore();
}

void TestViewerPages::showsPagesAndFindsText()
{
    DocumentViewer v;
    v.resize(1100, 800);
    v.show();
    QVERIFY(v.open(QStringLiteral("Gutachten"), QStringLiteral("application/pdf"), threePages()));
    QCOMPARE(v.pageCount(), 3);
    QVERIFY(v.message().isEmpty());
    v.search(QStringLiteral("Baumschutzsatzung"));
    QTRY_COMPARE(v.searchHits(), 2);
    auto* hits = v.findChild<QListWidget*>(QStringLiteral("hitList"));
    QTRY_COMPARE(hits->count(), 2);
    QVERIFY(hits->item(1)->text().contains(QLatin1String("3"))); // the second hit is on page 3
    v.nextHit();
    v.nextHit();
    QCOMPARE(hits->currentRow(), 1);
    QCOMPARE(v.pageView()->currentPage(), 2);
    const double before = v.pageView()->zoom();
    v.zoomIn();
    QVERIFY(v.pageView()->zoom() > before);
    QCOMPARE(v.pageView()->fit(), PageView::Fit::None);
    v.fitWidth();
    QCOMPARE(v.pageView()->fit(), PageView::Fit::Width);
    QVERIFY(qAbs(v.pageView()->pageRect(0).width() - (v.pageView()->viewport()->width() - 32)) <= 1);
    v.fitPage();
    QVERIFY(v.pageView()->pageRect(0).height() <= v.pageView()->viewport()->height());
    v.fitWidth();
    // Page jump
    v.findChild<QSpinBox*>(QStringLiteral("pageJump"))->setValue(2);
    QCOMPARE(v.pageView()->currentPage(), 1);
    // Pages render in the background; thumbnails too.
    QTRY_VERIFY_WITH_TIMEOUT(pagesRendered(v.pageView()), 10000);
    auto* thumbs = v.findChild<QListWidget*>(QStringLiteral("thumbnails"));
    QCOMPARE(thumbs->count(), 3);
    QTRY_VERIFY_WITH_TIMEOUT(!thumbs->item(0)->icon().isNull(), 10000);
    // Text selection and copy: drag over the first line of page 1.
    v.pageView()->goToPage(0);
    const QPoint from = at(v.pageView(), 0, { 50, H - 120 + 4 }), to = at(v.pageView(), 0, { 300, H - 120 + 4 });
    drag(v.pageView(), from, to);
    QVERIFY2(v.pageView()->selectedText().contains(QLatin1String("Baumschutzsatzung")),
        qPrintable(v.pageView()->selectedText()));
    v.search(QStringLiteral("Baumschutzsatzung"));
    QTRY_COMPARE(v.searchHits(), 2);
    v.nextHit();
    QTRY_VERIFY_WITH_TIMEOUT(v.pageView()->isRendered(0), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(pagesRendered(v.pageView()), 10000);
    saveShot(v, QStringLiteral("viewer.png"));
}

void TestViewerPages::passwordProtectedPdfAsksForThePassword()
{
    const QString in = m_dir.filePath(QStringLiteral("open.pdf")),
                  locked = m_dir.filePath(QStringLiteral("locked.pdf"));
    {
        QFile f(in);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(threePages());
    }
    QProcess qpdf;
    qpdf.start(QStandardPaths::findExecutable(QStringLiteral("qpdf")),
        { QStringLiteral("--encrypt"), QStringLiteral("geheim"), QStringLiteral("owner"), QStringLiteral("256"),
            QStringLiteral("--"), in, locked });
    QVERIFY(qpdf.waitForFinished());
    QCOMPARE(qpdf.exitCode(), 0);
    QFile f(locked);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray encrypted = f.readAll();

    DocumentViewer v;
    QList<int> attempts;
    QStringList answers { QStringLiteral("falsch"), QStringLiteral("geheim") };
    v.setPasswordProvider([&](int attempt) -> std::optional<QString> {
        attempts << attempt;
        return answers.takeFirst();
    });
    QVERIFY(v.open(QStringLiteral("Geschützt"), QStringLiteral("application/pdf"), encrypted));
    QCOMPARE(attempts, QList<int>({ 0, 1 }));
    QCOMPARE(v.pageCount(), 3);
    QVERIFY(!v.canSleep()); // its tab would ask for the password again when it wakes
    // The pages are drawn, not just counted: the render thread opens the file with the password too.
    v.resize(900, 700);
    v.show();
    QTRY_VERIFY_WITH_TIMEOUT(v.pageView()->isRendered(0), 10000);
    // Cancelled: a clear message, and the viewer keeps working.
    v.setPasswordProvider([](int) -> std::optional<QString> { return std::nullopt; });
    QVERIFY(!v.open(QStringLiteral("Geschützt"), QStringLiteral("application/pdf"), encrypted));
    QVERIFY2(v.message().contains(QLatin1String("password")), qPrintable(v.message()));
    QVERIFY(!v.canSleep()); // (a message, no document)
    QVERIFY(v.open(QStringLiteral("Gutachten"), QStringLiteral("application/pdf"), threePages()));
    QVERIFY(v.canSleep());
}

void TestViewerPages::damagedAndEmptyPdfsSaySo()
{
    DocumentViewer v;
    QByteArray broken = threePages();
    broken.truncate(broken.size() / 3);
    broken.replace(200, 200, QByteArray(200, '\0'));
    QVERIFY(!v.open(QStringLiteral("Kaputt"), QStringLiteral("application/pdf"), broken));
    QVERIFY2(v.message().contains(QLatin1String("damaged")), qPrintable(v.message()));
    QCOMPARE(v.pageCount(), 0);
    QVERIFY(!v.open(QStringLiteral("Leer"), QStringLiteral("application/pdf"), QByteArray()));
    QVERIFY(!v.message().isEmpty());
    // Zero pages (written by qpdf): said so, not an empty grey area.
    const QString zero = m_dir.filePath(QStringLiteral("zero.pdf"));
    const QString qpdfPath = QStandardPaths::findExecutable(QStringLiteral("qpdf"));
    QVERIFY2(!qpdfPath.isEmpty(), "qpdf is needed to write a PDF without pages");
    QProcess qpdf;
    // (The page range "1-0" this used to pass is refused by qpdf, so the check below never ran.)
    qpdf.start(qpdfPath, { QStringLiteral("--empty"), zero });
    QVERIFY(qpdf.waitForFinished());
    QVERIFY2(qpdf.exitCode() == 0 || qpdf.exitCode() == 3, qpdf.readAllStandardError().constData()); // 3: warnings
    QFile z(zero);
    QVERIFY(z.open(QIODevice::ReadOnly));
    QVERIFY(!v.open(QStringLiteral("Leer"), QStringLiteral("application/pdf"), z.readAll()));
    QVERIFY2(v.message().contains(QLatin1String("no pages")), qPrintable(v.message()));
    // And the viewer still works afterwards.
    QVERIFY(v.open(QStringLiteral("Gutachten"), QStringLiteral("application/pdf"), threePages()));
    QCOMPARE(v.pageCount(), 3);
}

void TestViewerPages::showsImages()
{
    QImage img(200, 100, QImage::Format_RGB32);
    img.fill(Qt::darkGreen);
    QByteArray png;
    QBuffer b(&png);
    b.open(QIODevice::WriteOnly);
    img.save(&b, "PNG");
    DocumentViewer v;
    QVERIFY(v.open(QStringLiteral("Foto"), QStringLiteral("image/png"), png));
    QCOMPARE(v.pageCount(), 1);
    QVERIFY(!v.open(QStringLiteral("Foto"), QStringLiteral("image/png"), QByteArray("not an image")));
    QVERIFY(!v.message().isEmpty());
}

void TestViewerPages::scannedLettersShowUprightAtEveryRotation()
{
    // Two scanned pages (the direct JPEG path): the second turned by its own /Rotate.
    const QSize size(827, 1170);
    QList<test::ImagePage> pages(2);
    for (auto& page : pages) {
        page.imageDict = test::jpegDict(size, false);
        page.imageData = test::scanJpeg(size, false);
    }
    pages[1].pageExtra = "/Rotate 90";
    DocumentViewer v;
    v.resize(1000, 800);
    v.show();
    QVERIFY(v.open(QStringLiteral("Eingescannter Brief"), QStringLiteral("application/pdf"), test::imagePdf(pages)));
    QCOMPARE(v.pageCount(), 2);
    PageView* view = v.pageView();
    // Red lies top left of the letter, blue bottom right (user space: y up), whichever way it is turned.
    auto colourAt
        = [&](int page, QPointF user) { return view->viewport()->grab().toImage().pixel(at(view, page, user)); };
    auto red = [](QRgb c) { return qRed(c) > 150 && qBlue(c) < 90; };
    auto blue = [](QRgb c) { return qBlue(c) > 150 && qRed(c) < 90; };
    for (int turn = 0; turn < 4; ++turn) {
        for (int page = 0; page < 2; ++page) {
            view->goToPage(page);
            QTRY_VERIFY_WITH_TIMEOUT(view->isRendered(page), 10000);
            const QRgb topLeft = colourAt(page, { 60, 780 }), bottomRight = colourAt(page, { 530, 60 });
            QVERIFY2(red(topLeft),
                qPrintable(QStringLiteral("turn %1, page %2: %3").arg(turn * 90).arg(page).arg(topLeft, 0, 16)));
            QVERIFY2(blue(bottomRight),
                qPrintable(QStringLiteral("turn %1, page %2: %3").arg(turn * 90).arg(page).arg(bottomRight, 0, 16)));
        }
        if (turn == 1) {
            view->goToPage(0);
            QTRY_VERIFY_WITH_TIMEOUT(view->isRendered(0), 10000);
            saveShot(v, QStringLiteral("viewer-scan.png"));
        }
        view->rotate(90);
    }
}

void TestViewerPages::fitsTheScreensClerksHave()
{
    // In German, at the sizes clerks' screens have: every tool shows its whole word (what does not
    // fit folds into the tool bar's menu), and the thumbnails are as wide as their column.
    installTranslations(QStringLiteral("de"));
    for (const QSize size : { QSize(1366, 768), QSize(1920, 1080), QSize(700, 700) }) {
        DocumentViewer v;
        v.setStore(m_store.get(), QStringLiteral("mkeller"));
        v.resize(size);
        v.show();
        QVERIFY(QTest::qWaitForWindowExposed(&v));
        QVERIFY(v.open(QStringLiteral("Gutachten.pdf"), QStringLiteral("application/pdf"), threePages(),
            QStringLiteral("doc-draw")));
        QTRY_VERIFY_WITH_TIMEOUT(v.pageView()->isRendered(v.pageView()->currentPage()), 10000);
        for (auto* bar : v.findChildren<QToolBar*>()) {
            bool folded = false;
            for (auto* button : bar->findChildren<QToolButton*>()) {
                if (!button->isVisible() || button->parentWidget() != bar)
                    continue;
                if (button->objectName() == QLatin1String("qt_toolbar_ext_button")) {
                    folded = true;
                    continue;
                }
                QVERIFY2(button->width() >= button->sizeHint().width(),
                    qPrintable(QStringLiteral("%1: \"%2\" is %3 px wide, needs %4")
                            .arg(bar->objectName(), button->text())
                            .arg(button->width())
                            .arg(button->sizeHint().width())));
            }
            if (size.width() >= 1366)
                QVERIFY2(!folded || bar->objectName() != QLatin1String("annotationTools"),
                    "at 1366 px every annotation tool has room");
        }
        auto* thumbs = v.findChild<QListWidget*>(QStringLiteral("thumbnails"));
        QTRY_VERIFY_WITH_TIMEOUT(!thumbs->item(0)->icon().isNull(), 10000);
        // The pages fill the panel's width, in as many columns as keep each at most 200 px.
        const int panel = thumbs->viewport()->width();
        const int columns = std::max(1, (panel + 199) / 200);
        const int thumb = thumbs->iconSize().width();
        QVERIFY2(thumb <= 200 && thumb * columns <= panel && thumb * columns > panel - columns * 40,
            qPrintable(QStringLiteral("%1 px pages in %2 columns of %3 px").arg(thumb).arg(columns).arg(panel)));
        // Every action of the top bar is on a button or in its menu.
        auto* top = v.findChild<QToolBar*>(QStringLiteral("viewerToolBar"));
        bool hidden = false;
        for (QAction* a : top->actions())
            if (QWidget* w = top->widgetForAction(a); w && !w->isVisible() && !a->isSeparator())
                hidden = true;
        if (hidden) {
            auto* more = top->findChild<QToolButton*>(QStringLiteral("qt_toolbar_ext_button"));
            QVERIFY2(more && more->isVisible(), "what does not fit is in the tool bar's menu");
        }
        QTest::qWait(300); // the sharp render after the quick one
        saveShot(v, QStringLiteral("viewer-%1x%2.png").arg(size.width()).arg(size.height()));
    }
    installTranslations(QStringLiteral("en"));
}

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    installTranslations(QStringLiteral("en"));
    TestViewerPages t;
    return QTest::qExec(&t, argc, argv);
}

// The process's threads named as the page renderers name theirs.
static int renderThreads()
{
    int n = 0;
    const QDir tasks(QStringLiteral("/proc/self/task"));
    for (const QString& task : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile comm(tasks.filePath(task + QStringLiteral("/comm")));
        if (comm.open(QIODevice::ReadOnly) && comm.readAll().trimmed() == "clerk-render")
            ++n;
    }
    return n;
}

// A renderer that goes while its thread renders (a document tab closed) does not wait for the
// thread (the GUI thread would wait with it), and the thread still ends by itself.
void TestViewerPages::renderThreadEndsWhenTheViewerGoes()
{
    // The earlier tests' viewers are gone: their threads end by themselves too.
    QTRY_COMPARE_WITH_TIMEOUT(renderThreads(), 0, 10000);
    auto* renderer = new PageRenderer;
    QTRY_COMPARE(renderThreads(), 1);
    renderer->setDocument(threePages());
    for (int page = 0; page < 3; ++page)
        renderer->requestThumbnail(page, QSize(400, 566)); // queued, not rendered yet
    delete renderer;
    QTRY_COMPARE_WITH_TIMEOUT(renderThreads(), 0, 10000);
}

// A renderer whose view is hidden renders no thumbnail (asked for or queued before), and one it
// renders is handed over with its signal, not kept: a hidden document tab holds no pictures.
void TestViewerPages::aHiddenRendererRendersNoThumbnails()
{
    PageRenderer renderer;
    renderer.setDocument(threePages());
    QSignalSpy rendered(&renderer, &PageRenderer::thumbnailRendered);
    const QSize size(100, 141);
    renderer.setHidden(true);
    renderer.requestThumbnail(0, size); // hidden: not queued
    renderer.setHidden(false);
    renderer.requestThumbnail(1, size);
    renderer.requestThumbnail(2, size);
    QTRY_COMPARE_WITH_TIMEOUT(rendered.size(), 2, 10000); // (one render thread: in the order asked)
    QCOMPARE(rendered.at(0).at(0).toInt(), 1);
    QCOMPARE(rendered.at(1).at(0).toInt(), 2);
    QCOMPARE(rendered.at(0).at(1).toSize(), size);
    QVERIFY(!rendered.at(0).at(2).value<QImage>().isNull());
    QCOMPARE(renderer.cacheBytes(), 0); // (the receiver keeps it)
    // Asked for again: rendered again (nothing was kept; the request is not remembered as done).
    renderer.requestThumbnail(1, size);
    QTRY_COMPARE_WITH_TIMEOUT(rendered.size(), 3, 10000);
    QCOMPARE(rendered.at(2).at(0).toInt(), 1);
}

// While hidden, the render thread closes its copy of the document (PDFium's parse, fonts, pictures: a
// tab nobody looks at holds them all day otherwise) and loads it again when a page is asked for.
void TestViewerPages::aHiddenRendererLetsGoOfItsDocument()
{
    PageRenderer renderer;
    renderer.setDocument(threePages());
    QSignalSpy rendered(&renderer, &PageRenderer::thumbnailRendered);
    const QSize size(100, 141);
    renderer.requestThumbnail(0, size);
    QTRY_COMPARE_WITH_TIMEOUT(rendered.size(), 1, 10000);
    QVERIFY(renderer.workerHoldsDocument());
    // Hidden and shown again within the delay (the inbox and back): kept.
    renderer.setUnloadDelay(300);
    renderer.setHidden(true);
    QTest::qWait(100);
    renderer.setHidden(false);
    QTest::qWait(500);
    QVERIFY(renderer.workerHoldsDocument());
    // Hidden longer: closed.
    renderer.setHidden(true);
    QTRY_VERIFY_WITH_TIMEOUT(!renderer.workerHoldsDocument(), 10000);
    renderer.setHidden(false);
    renderer.requestThumbnail(2, size);
    QTRY_COMPARE_WITH_TIMEOUT(rendered.size(), 2, 10000);
    QCOMPARE(rendered.at(1).at(0).toInt(), 2);
    QVERIFY(!rendered.at(1).at(2).value<QImage>().isNull()); // drawn from the document loaded again
    QVERIFY(renderer.workerHoldsDocument());
}

#include "tst_viewer_pages.moc"
