// What leaves the document viewer: exports, XFDF import and printing to a PDF file, cancelled
// print and copy jobs that leave no file, and redacted copies (the preview's count of what was
// removed, marks that land where they were drawn on a shifted or rotated page).
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

namespace {

// A one-page PDF written by hand (with a correct xref) whose page box does not start at 0,0:
// /CropBox [20 30 520 730] on a 600 x 800 MediaBox, /Rotate `rotation`; the word GEHEIMWORT at
// (100, 400) in PDF user space and "Sichtbar" at (300, 650).
QByteArray shiftedPage(int rotation)
{
    const QByteArray content = "BT /F1 14 Tf 100 400 Td (GEHEIMWORT) Tj ET\nBT /F1 14 Tf 300 650 Td (Sichtbar) Tj ET\n";
    const QList<QByteArray> objects { "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /CropBox [20 30 520 730] /Rotate "
            + QByteArray::number(rotation) + " /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        "<< /Length " + QByteArray::number(content.size()) + " >>\nstream\n" + content + "endstream" };
    return clerk::test::pdfOfObjects(objects);
}

// `pdf` decompressed by qpdf (--qdf --object-streams=disable), every stream in the clear; empty on failure.
QByteArray decompressed(const QTemporaryDir& dir, const QByteArray& pdf, const QString& name)
{
    const QString in = dir.filePath(name + QStringLiteral(".pdf")), out = dir.filePath(name + QStringLiteral(".qdf"));
    QFile f(in);
    if (!f.open(QIODevice::WriteOnly) || f.write(pdf) != pdf.size())
        return {};
    f.close();
    QProcess qpdf;
    qpdf.start(QStandardPaths::findExecutable(QStringLiteral("qpdf")),
        { QStringLiteral("--qdf"), QStringLiteral("--object-streams=disable"), in, out });
    if (!qpdf.waitForFinished() || (qpdf.exitCode() != 0 && qpdf.exitCode() != 3)) // 3: warnings
        return {};
    QFile clear(out);
    return clear.open(QIODevice::ReadOnly) ? clear.readAll() : QByteArray();
}

} // namespace

class TestViewerExports : public ViewerFixture
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void exportsImportsAndPrints();
    void cancelledPrintAndCopyLeaveNoFile();
    void redactionPreviewSaysWhatWasRemoved();
    void redactionLandsWhereDrawnOnAShiftedOrRotatedPage();
};

void TestViewerExports::initTestCase()
{
    openStore();
}

void TestViewerExports::exportsImportsAndPrints()
{
    DocumentViewer v;
    v.setStore(m_store.get(), QStringLiteral("mkeller"));
    v.resize(1000, 800);
    v.show();
    QVERIFY(v.open(
        QStringLiteral("Gutachten"), QStringLiteral("application/pdf"), threePages(), QStringLiteral("doc-export")));
    // XFDF from elsewhere: two annotations, one of them a redaction of the paragraph on page 1.
    Annotation mark;
    mark.id = QStringLiteral("ext-1");
    mark.type = AnnotationType::Redact;
    mark.page = 0;
    pdf::Geometry::setRect(mark, QRectF(QPointF(50, H - 125), QPointF(560, H - 108)));
    Annotation note;
    note.id = QStringLiteral("ext-2");
    note.type = AnnotationType::Note;
    note.page = 2;
    note.text = QStringLiteral("von der Bauaufsicht");
    note.author = QStringLiteral("extern");
    pdf::Geometry::setRect(note, QRectF(400, 700, 20, 20));
    auto added = v.importXfdf(pdf::Xfdf::write({ mark, note }));
    QVERIFY2(added, qPrintable(added.errorString()));
    QCOMPARE(added.value(), 2);
    QCOMPARE(m_store->annotations().of(QStringLiteral("doc-export")).value().size(), 2);
    // One undo step takes the whole import back.
    v.history()->stack()->undo();
    QCOMPARE(m_store->annotations().of(QStringLiteral("doc-export")).value().size(), 0);
    v.history()->stack()->redo();
    QCOMPARE(m_store->annotations().of(QStringLiteral("doc-export")).value().size(), 2);
    // Exported XFDF reads back; imported twice, the ids do not collide.
    QCOMPARE(pdf::Xfdf::read(v.xfdf()).value().size(), 2);
    QCOMPARE(v.importXfdf(v.xfdf()).value(), 2);
    QCOMPARE(m_store->annotations().of(QStringLiteral("doc-export")).value().size(), 4);
    // Hostile XFDF: refused, nothing added.
    QVERIFY(!v.importXfdf("<!DOCTYPE x [<!ENTITY a \"b\">]><xfdf/>"));
    QCOMPARE(m_store->annotations().of(QStringLiteral("doc-export")).value().size(), 4);

    // The redacted copy has lost the paragraph's words on page 1, kept page 3's.
    auto redacted = v.redactedCopy();
    QVERIFY2(redacted, qPrintable(redacted.errorString()));
    QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("qpdf")).isEmpty(), "qpdf is needed");
    const QByteArray clear = decompressed(m_dir, redacted->pdf, QStringLiteral("export-redacted"));
    QVERIFY(clear.size() > 100000); // the page picture, in the clear
    // Once: page 3's paragraph, kept as text (so the search does see the words); page 1's went with its picture.
    QCOMPARE(clear.count("Baumschutzsatzung"), 1);
    QBuffer b;
    b.setData(redacted->pdf);
    b.open(QIODevice::ReadOnly);
    QPdfDocument doc;
    QVERIFY(pdf::loadAndWait(doc, &b));
    QVERIFY(!doc.getAllText(0).text().contains(QLatin1String("Baumschutzsatzung")));
    QVERIFY(doc.getAllText(2).text().contains(QLatin1String("Baumschutzsatzung")));

    // Printing (to a PDF file here) gives every page.
    // (A job: the pages are rasterised and painted on a worker thread.)
    auto printer = std::make_unique<QPrinter>(QPrinter::HighResolution);
    printer->setOutputFormat(QPrinter::PdfFormat);
    printer->setResolution(150);
    const QString out = m_dir.filePath(QStringLiteral("printed.pdf"));
    printer->setOutputFileName(out);
    QSignalSpy printDone(v.exports(), &DocumentExports::done);
    QVERIFY(v.canSleep());
    QVERIFY(v.exports()->print(std::move(printer)));
    QVERIFY(!v.canSleep()); // its tab stays awake: the print's result is shown by this viewer
    QTRY_COMPARE_WITH_TIMEOUT(printDone.size(), 1, 30000);
    QCOMPARE(printDone.first().at(1).toString(), QString()); // no error
    QTRY_VERIFY(v.canSleep());
    QFile printed(out);
    QVERIFY(printed.open(QIODevice::ReadOnly));
    auto info = pdf::PdfExport::info(printed.readAll());
    QVERIFY2(info, qPrintable(info.errorString()));
    QCOMPARE(info->pages, 3);
}

void TestViewerExports::cancelledPrintAndCopyLeaveNoFile()
{
    DocumentViewer v;
    QVERIFY(v.open(QStringLiteral("Gutachten"), QStringLiteral("application/pdf"), threePages()));
    // Each job is cancelled from its worker thread at a chosen step (connected as the runner
    // starts it, before it can report anything).
    int steps = 0;
    std::function<bool(int percent)> cancelAt;
    connect(&v.exports()->jobs(), &JobRunner::started, this, [&](Job* job) {
        steps = 0;
        connect(
            job, &Job::progressed, job,
            [job, &steps, &cancelAt](int percent) {
                ++steps;
                if (cancelAt(percent))
                    job->cancel();
            },
            Qt::DirectConnection);
    });
    // Printing cancelled after its first page (of three): the print (to a file here) is dropped.
    auto printer = std::make_unique<QPrinter>(QPrinter::HighResolution);
    printer->setOutputFormat(QPrinter::PdfFormat);
    printer->setResolution(72);
    const QString out = m_dir.filePath(QStringLiteral("cancelled-print.pdf"));
    printer->setOutputFileName(out);
    QSignalSpy done(v.exports(), &DocumentExports::done);
    cancelAt = [](int percent) { return percent > 0; };
    QVERIFY(v.exports()->print(std::move(printer)));
    QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 30000);
    QVERIFY(!done.first().at(1).toString().isEmpty()); // cancelled: not a success
    QCOMPARE(steps, 2); // the start and page 1
    QVERIFY(!QFile::exists(out));
    // The annotated copy cancelled after it was written, before it is renamed into place: no
    // file, and no temporary beside it.
    const QString folder = m_dir.filePath(QStringLiteral("cancelled-copy"));
    QVERIFY(QDir().mkpath(folder));
    cancelAt = [](int percent) { return percent >= 66; };
    QVERIFY(v.exports()->saveAnnotatedCopy(false, folder + QStringLiteral("/copy.pdf")));
    QTRY_COMPARE_WITH_TIMEOUT(done.size(), 2, 30000);
    QVERIFY(!done.last().at(1).toString().isEmpty());
    QVERIFY(QDir(folder).isEmpty());
}

void TestViewerExports::redactionPreviewSaysWhatWasRemoved()
{
    Annotation mark;
    mark.id = QStringLiteral("5a0e8c1e-3c1a-4b8e-9a52-c1e4f7d2a001");
    mark.type = AnnotationType::Redact;
    mark.page = 0;
    pdf::Geometry::setRect(mark, QRectF(50, H - 160, 500, 50));
    auto copy = pdf::PdfExport::redacted(threePages(), { mark });
    QVERIFY2(copy, qPrintable(copy.errorString()));
    QCOMPARE(copy->removed.metadata, 1); // the /Info title
    // As a filled form with an attachment and bookmarks would report it (tst_redaction plants them).
    copy->removed.formFields = 3;
    copy->removed.attachments = 1;
    copy->removed.bookmarks = 2;
    RedactionPreview preview(copy.value());
    preview.resize(1366, 768);
    preview.show();
    QVERIFY(QTest::qWaitForWindowExposed(&preview));
    preview.pages()->goToPage(0);
    QTRY_VERIFY(pagesRendered(preview.pages()));
    QCOMPARE(preview.pages()->fit(), PageView::Fit::Page);
    const QString said = preview.summary();
    QVERIFY2(said.contains(pdf::PdfExport::removedSummary(copy->removed) + QLatin1Char('.')), qPrintable(said));
    QVERIFY2(said.startsWith(RedactionPreview::tr(
                 "%n area(s) blacked out. Pages with a redaction are now pictures without text.", nullptr, 1)),
        qPrintable(said));
    QCOMPARE(preview.pages()->pageCount(), 3);
    QTest::qWait(800); // the sharp render after the quick one
    saveShot(preview, QStringLiteral("redaction-preview.png"));
    // Nothing else removed: the sentence does not mention it.
    pdf::Redaction plain = copy.value();
    plain.removed = pdf::RedactionReport {};
    plain.removed.marks = 2;
    RedactionPreview quiet(plain);
    QVERIFY(!quiet.summary().contains(QLatin1String("removed")));
}

void TestViewerExports::redactionLandsWhereDrawnOnAShiftedOrRotatedPage()
{
    // The clerk drags the Redact tool over a word on a page whose CropBox starts at (20, 30), upright
    // and turned by /Rotate 90: the black box of the copy covers that word, not a place 20/30 pt off.
    const QString pdftotext = QStandardPaths::findExecutable(QStringLiteral("pdftotext"));
    QVERIFY2(!pdftotext.isEmpty(), "pdftotext (poppler-utils) is needed");
    QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("qpdf")).isEmpty(), "qpdf is needed");
    const QRectF box(QPointF(20, 30), QPointF(520, 730));
    const QRectF word(QPointF(101, 401), QPointF(185, 409)); // inside the glyphs' box of GEHEIMWORT
    for (int rotation : { 0, 90 }) {
        const QString id = QStringLiteral("doc-shifted-%1").arg(rotation);
        DocumentViewer v;
        v.setStore(m_store.get(), QStringLiteral("mkeller"));
        v.resize(1000, 900);
        v.show();
        QVERIFY(v.open(QStringLiteral("Verschoben"), QStringLiteral("application/pdf"), shiftedPage(rotation), id));
        PageView* view = v.pageView();
        v.fitPage();
        QTRY_VERIFY_WITH_TIMEOUT(pagesRendered(view), 10000);
        // Where the clerk sees the word: the page picture fills pageRect(0), and Qt PDF draws the
        // CropBox's top left corner at its top left (computed here without the view's own mapping).
        const QSizeF shown = rotation ? box.size().transposed() : box.size();
        const QRect shownAt = view->pageRect(0);
        const QTransform onScreen = pdf::Geometry::toView(box, rotation, shownAt.width() / shown.width())
            * QTransform::fromTranslate(shownAt.left(), shownAt.top());
        const QRect wordOnScreen = onScreen.mapRect(word).toAlignedRect();
        const QImage screen = view->viewport()->grab().toImage();
        int ink = 0;
        for (int y = wordOnScreen.top(); y <= wordOnScreen.bottom(); ++y)
            for (int x = wordOnScreen.left(); x <= wordOnScreen.right(); ++x)
                ink += qGray(screen.pixel(x, y)) < 128;
        QVERIFY2(ink > wordOnScreen.width() * wordOnScreen.height() / 10, "the word is shown where it is expected");
        v.toolAction(QStringLiteral("redact"))->trigger();
        drag(view, onScreen.map(QPointF(92, 394)).toPoint(), onScreen.map(QPointF(200, 420)).toPoint());
        QCOMPARE(m_store->annotations().of(id).value().size(), 1);
        // Stored in PDF user space, as XFDF and the annotated copy take it.
        const QRectF stored = pdf::Geometry::rect(m_store->annotations().of(id).value().first());
        QVERIFY2(stored.contains(word),
            qPrintable(QStringLiteral("%1 %2 %3 %4")
                    .arg(stored.left())
                    .arg(stored.top())
                    .arg(stored.width())
                    .arg(stored.height())));

        // Marks made by text selection (Qt PDF's text positions) land in the same space.
        v.toolAction(QStringLiteral("highlight"))->trigger();
        drag(view, onScreen.map(QPointF(98, 405)).toPoint(), onScreen.map(QPointF(190, 405)).toPoint());
        QList<Annotation> marks = m_store->annotations().of(id).value();
        QCOMPARE(marks.size(), 2);
        const Annotation highlight = marks.at(0).type == AnnotationType::Highlight ? marks.at(0) : marks.at(1);
        const QRectF selected = pdf::Geometry::rect(highlight);
        QVERIFY2(selected.intersected(word).width() > word.width() * 0.8
                && selected.intersected(word).height() > word.height() * 0.8,
            qPrintable(QStringLiteral("%1 %2 %3 %4")
                    .arg(selected.left())
                    .arg(selected.top())
                    .arg(selected.width())
                    .arg(selected.height())));

        auto copy = v.redactedCopy();
        QVERIFY2(copy, qPrintable(copy.errorString()));
        const QByteArray clear = decompressed(m_dir, copy->pdf, id);
        QVERIFY(clear.size() > 10000);
        QVERIFY(!clear.contains("GEHEIMWORT"));
        QProcess text;
        text.start(pdftotext, { m_dir.filePath(id + QStringLiteral(".pdf")), QStringLiteral("-") });
        QVERIFY(text.waitForFinished());
        QCOMPARE(text.exitCode(), 0);
        QVERIFY(!text.readAllStandardOutput().contains("GEHEIMWORT"));

        // Rendered at 1 px per point: the word's place is black all over, the rest of the page is not.
        QBuffer b;
        b.setData(copy->pdf);
        b.open(QIODevice::ReadOnly);
        QPdfDocument doc;
        QVERIFY(pdf::loadAndWait(doc, &b));
        QCOMPARE(doc.pageCount(), 1);
        QCOMPARE(doc.pagePointSize(0).toSize(), shown.toSize());
        const QImage page = doc.render(0, shown.toSize()).convertToFormat(QImage::Format_ARGB32);
        const QTransform toPixels = pdf::Geometry::toView(box, rotation, 1.0);
        const QRect under = toPixels.mapRect(word).toAlignedRect().adjusted(1, 1, -1, -1);
        QVERIFY(!under.isEmpty());
        int notBlack = 0;
        for (int y = under.top(); y <= under.bottom(); ++y)
            for (int x = under.left(); x <= under.right(); ++x) {
                const QRgb px = page.pixel(x, y);
                notBlack += qAlpha(px) < 200 || qGray(px) > 60;
            }
        QVERIFY2(notBlack == 0,
            qPrintable(QStringLiteral("rotation %1: %2 of %3 pixels under the word are not black")
                    .arg(rotation)
                    .arg(notBlack)
                    .arg(under.width() * under.height())));
        const QPoint centre = toPixels.map(word.center()).toPoint();
        QCOMPARE(QColor(page.pixel(centre)), QColor(Qt::black));
        const QPoint away = toPixels.map(QPointF(450, 200)).toPoint();
        QVERIFY2(qGray(page.pixel(away)) > 200 || qAlpha(page.pixel(away)) < 50, "the page is not black everywhere");
    }
}

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    installTranslations(QStringLiteral("en"));
    TestViewerExports t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_viewer_exports.moc"
