// The document viewer on real PDFs made with qpdf, in a real window (offscreen): pages, search
// hits, zoom, rotation, thumbnails; annotations drawn with the mouse into a real encrypted store
// (every type, with screenshots), moved, undone and redone; exports, XFDF import, printing to a
// PDF file; password-protected, damaged and empty PDFs; images.
#include "../common/ScanPdf.h"
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

namespace {
constexpr double H = SimplePdf::kA4Height;

QByteArray threePages()
{
    SimplePdf pdf;
    pdf.setTitle(QStringLiteral("Gutachten"));
    for (int p = 1; p <= 3; ++p) {
        pdf.newPage();
        pdf.text(56, 80, QStringLiteral("Seite %1 – Gutachten zur Standsicherheit").arg(p), 14, true);
        if (p != 2)
            pdf.paragraph(
                56, 120, 480, QStringLiteral("Nach der Baumschutzsatzung ist die Fällung genehmigungspflichtig."));
    }
    return pdf.toPdf();
}

void saveShot(QWidget& w, const QString& name)
{
    if (const QString dir = qEnvironmentVariable("CLERKDESK_SCREENSHOT_DIR"); !dir.isEmpty())
        w.grab().save(dir + QLatin1Char('/') + name);
}

// Waits until the visible pages are rendered (ink on the viewport).
bool pagesRendered(PageView* view)
{
    const QImage shot = view->viewport()->grab().toImage();
    int dark = 0;
    for (int y = 0; y < shot.height(); y += 2)
        for (int x = 0; x < shot.width(); x += 2)
            dark += qGray(shot.pixel(x, y)) < 100;
    return dark > 50;
}

QPoint at(PageView* view, int page, QPointF user)
{
    return view->pageToViewport(page).map(user).toPoint();
}

void drag(PageView* view, QPoint from, QPoint to)
{
    QWidget* vp = view->viewport();
    QTest::mousePress(vp, Qt::LeftButton, {}, from);
    for (int i = 1; i <= 8; ++i)
        QTest::mouseMove(vp, from + (to - from) * i / 8);
    QTest::mouseRelease(vp, Qt::LeftButton, {}, to);
}

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
    QByteArray pdf = "%PDF-1.7\n";
    QList<qsizetype> offsets;
    for (int i = 0; i < objects.size(); ++i) {
        offsets << pdf.size();
        pdf += QByteArray::number(i + 1) + " 0 obj\n" + objects.at(i) + "\nendobj\n";
    }
    const qsizetype xref = pdf.size();
    pdf += "xref\n0 " + QByteArray::number(objects.size() + 1) + "\n0000000000 65535 f \n";
    for (qsizetype o : offsets)
        pdf += QByteArray::number(o).rightJustified(10, '0') + " 00000 n \n";
    pdf += "trailer\n<< /Size " + QByteArray::number(objects.size() + 1) + " /Root 1 0 R >>\nstartxref\n"
        + QByteArray::number(xref) + "\n%%EOF\n";
    return pdf;
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

class TestViewer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void showsPagesAndFindsText();
    void drawsEveryAnnotationTypeIntoTheStore();
    void annotationsStayOnTheirWordsAtEveryZoomAndRotation();
    void moveUndoRedoDelete();
    void exportsImportsAndPrints();
    void cancelledPrintAndCopyLeaveNoFile();
    void redactionPreviewSaysWhatWasRemoved();
    void redactionLandsWhereDrawnOnAShiftedOrRotatedPage();
    void passwordProtectedPdfAsksForThePassword();
    void damagedAndEmptyPdfsSaySo();
    void showsImages();
    void scannedLettersShowUprightAtEveryRotation();
    void chosenColourAppliesToNewAnnotations();
    void fitsTheScreensClerksHave();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;
};

void TestViewer::initTestCase()
{
    m_store = std::make_unique<Store>(m_dir.filePath(QStringLiteral("profile.db")));
    QVERIFY(m_store->create("correct horse battery staple"));
}

void TestViewer::showsPagesAndFindsText()
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

void TestViewer::drawsEveryAnnotationTypeIntoTheStore()
{
    DocumentViewer v;
    v.setStore(m_store.get(), QStringLiteral("mkeller"));
    QStringList texts { QStringLiteral("Nachweis fehlt"), QStringLiteral("Rückfrage beim Bauamt") };
    v.setTextProvider([&texts](const QString&, const QString&) -> std::optional<QString> { return texts.takeFirst(); });
    v.resize(1100, 900);
    v.show();
    QVERIFY(v.open(
        QStringLiteral("Gutachten"), QStringLiteral("application/pdf"), threePages(), QStringLiteral("doc-draw")));
    PageView* view = v.pageView();
    QVERIFY(v.findChild<QWidget*>(QStringLiteral("annotationTools"))->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(pagesRendered(view), 10000);
    auto use = [&](const char* tool) {
        QAction* a = v.toolAction(QLatin1String(tool));
        QVERIFY(a);
        a->trigger();
    };
    // Highlight: the first words of the paragraph (by text selection).
    use("highlight");
    drag(view, at(view, 0, { 50, H - 120 + 4 }), at(view, 0, { 200, H - 120 + 4 }));
    // Underline and strike-out on the heading.
    use("underline");
    drag(view, at(view, 0, { 50, H - 80 + 5 }), at(view, 0, { 150, H - 80 + 5 }));
    use("strikeout");
    drag(view, at(view, 0, { 200, H - 80 + 5 }), at(view, 0, { 330, H - 80 + 5 }));
    // A sticky note and a text box (their text comes from the provider).
    use("note");
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, at(view, 0, { 480, H - 60 }));
    use("freetext");
    drag(view, at(view, 0, { 300, H - 200 }), at(view, 0, { 520, H - 240 }));
    // A drawing, a rectangle, a stamp and a redaction mark.
    use("ink");
    drag(view, at(view, 0, { 80, H - 300 }), at(view, 0, { 250, H - 340 }));
    use("rect");
    drag(view, at(view, 0, { 60, H - 360 }), at(view, 0, { 260, H - 420 }));
    v.findChild<QAction*>(QStringLiteral("stamp_approved"))->trigger();
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, at(view, 0, { 420, H - 500 }));
    use("redact");
    drag(view, at(view, 0, { 60, H - 560 }), at(view, 0, { 300, H - 580 }));

    const QList<Annotation> stored = m_store->annotations().of(QStringLiteral("doc-draw")).value();
    QStringList types;
    for (const Annotation& a : stored)
        types << QString(annotationKey(a.type));
    types.sort();
    QCOMPARE(types,
        QStringList({ "freetext", "highlight", "ink", "note", "rect", "redact", "stamp", "strikeout", "underline" }));
    for (const Annotation& a : stored) {
        QCOMPARE(a.author, QStringLiteral("mkeller"));
        QCOMPARE(a.page, 0);
        QVERIFY2(pdf::Geometry::problem(a).isEmpty(), qPrintable(QString(annotationKey(a.type))));
        if (a.type == AnnotationType::Highlight) {
            QVERIFY2(a.text.contains(QLatin1String("Baumschutz")), qPrintable(a.text)); // the marked words
            const QRectF r = pdf::Geometry::rect(a);
            QVERIFY2(r.top() < H - 120 + 1 && r.bottom() > H - 120 + 6,
                qPrintable(QStringLiteral("%1 %2").arg(r.top()).arg(r.bottom())));
        }
        if (a.type == AnnotationType::Stamp)
            QCOMPARE(a.text, QStringLiteral("Genehmigt"));
        if (a.type == AnnotationType::Note)
            QCOMPARE(a.text, QStringLiteral("Nachweis fehlt"));
        if (a.type == AnnotationType::FreeText)
            QCOMPARE(a.text, QStringLiteral("Rückfrage beim Bauamt"));
    }
    // Each is an outbox change for the server.
    int creates = 0;
    for (const Mutation& m : m_store->outbox().all().value())
        creates += m.kind == QLatin1String("annotation") && m.op == QLatin1String("create");
    QVERIFY(creates >= 9);
    // The list panel names each with author.
    QCOMPARE(v.annotationList()->model()->rowCount(), 9);
    QVERIFY(v.annotationList()->model()->index(0, 0).data().toString().contains(QLatin1String("mkeller")));
    // On screen: the highlight is yellow over the text, the redaction mark is hatched red.
    const Annotation highlight = *std::find_if(
        stored.cbegin(), stored.cend(), [](const Annotation& a) { return a.type == AnnotationType::Highlight; });
    const QRectF hr = view->pageToViewport(0).mapRect(pdf::Geometry::rect(highlight));
    QImage shot = view->viewport()->grab().toImage();
    int yellow = 0;
    for (int x = int(hr.left()) + 2; x < int(hr.right()) - 2; ++x) {
        const QColor c = shot.pixelColor(x, int(hr.top()) + 2);
        yellow += c.red() > 200 && c.green() > 170 && c.blue() < 90;
    }
    QVERIFY2(yellow > 20, qPrintable(QString::number(yellow)));
    v.findChild<QTabWidget*>(QStringLiteral("viewerSidePanel"))->setCurrentIndex(2);
    QTRY_VERIFY_WITH_TIMEOUT(view->isRendered(0), 10000);
    saveShot(v, QStringLiteral("viewer-annotations.png"));

    // The annotated copy carries all nine, read back by qpdf-based extraction.
    auto copy = v.annotatedCopy(false);
    QVERIFY(copy);
    auto back = pdf::PdfExport::readAnnotations(copy.value());
    QVERIFY(back);
    QCOMPARE(back->size(), 9);
}

void TestViewer::annotationsStayOnTheirWordsAtEveryZoomAndRotation()
{
    DocumentViewer v;
    v.setStore(m_store.get(), QStringLiteral("mkeller"));
    v.resize(1000, 900);
    v.show();
    QVERIFY(v.open(
        QStringLiteral("Gutachten"), QStringLiteral("application/pdf"), threePages(), QStringLiteral("doc-zoom")));
    Annotation rect;
    rect.type = AnnotationType::Rect;
    rect.page = 0;
    rect.documentId = QStringLiteral("doc-zoom");
    rect.color = QStringLiteral("#d12f1f");
    pdf::Geometry::setRect(rect, QRectF(100, H - 300, 200, 100));
    QVERIFY(v.history()->add(rect));
    PageView* view = v.pageView();
    for (double zoom : { 0.5, 1.0, 2.0 })
        for (int turns = 0; turns < 4; ++turns) {
            view->setZoom(zoom);
            while (view->rotation() != turns * 90)
                v.rotateClockwise();
            view->goToPage(0, QPointF(100, H - 200));
            QTRY_VERIFY_WITH_TIMEOUT(view->isRendered(0), 10000);
            // The rectangle's left edge (in PDF space x = 100 + 1) is drawn where the mapping says.
            const QTransform t = view->pageToViewport(0);
            const QPointF edge = t.map(QPointF(101, H - 250));
            // The reddest pixel next to it (a thin line at small zoom is antialiased over two pixels).
            const QImage shot = view->viewport()->grab().toImage();
            QColor c = Qt::white;
            for (int dx = -1; dx <= 1; ++dx)
                for (int dy = -1; dy <= 1; ++dy) {
                    const QColor k = shot.pixelColor(edge.toPoint() + QPoint(dx, dy));
                    if (k.red() - k.green() > c.red() - c.green())
                        c = k;
                }
            QVERIFY2(c.red() > 150 && c.green() < 150,
                qPrintable(QStringLiteral("zoom %1 rotation %2: %3 at %4,%5")
                        .arg(zoom)
                        .arg(turns * 90)
                        .arg(c.name())
                        .arg(edge.x())
                        .arg(edge.y())));
            // And the mapping goes back to the same PDF point.
            const QPointF back = t.inverted().map(edge);
            QVERIFY(qAbs(back.x() - 101) < 1e-6 && qAbs(back.y() - (H - 250)) < 1e-6);
        }
    v.rotateClockwise();
    QCOMPARE(view->rotation(), 0);
    // Ctrl+wheel zooms around the cursor.
    const double before = view->zoom();
    QWheelEvent wheel(QPointF(200, 200), view->viewport()->mapToGlobal(QPointF(200, 200)), {}, QPoint(0, 120),
        Qt::NoButton, Qt::ControlModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(view->viewport(), &wheel);
    QVERIFY(view->zoom() > before);
}

void TestViewer::moveUndoRedoDelete()
{
    DocumentViewer v;
    v.setStore(m_store.get(), QStringLiteral("mkeller"));
    v.resize(1000, 900);
    v.show();
    v.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&v));
    QVERIFY(v.open(
        QStringLiteral("Gutachten"), QStringLiteral("application/pdf"), threePages(), QStringLiteral("doc-move")));
    PageView* view = v.pageView();
    v.toolAction(QStringLiteral("rect"))->trigger();
    drag(view, at(view, 0, { 100, H - 300 }), at(view, 0, { 300, H - 400 }));
    QCOMPARE(m_store->annotations().of(QStringLiteral("doc-move")).value().size(), 1);
    const QRectF placed = pdf::Geometry::rect(m_store->annotations().of(QStringLiteral("doc-move")).value().first());
    // Select tool: drag the rectangle 50 points right (by its edge).
    v.toolAction(QStringLiteral("select"))->trigger();
    const QPoint grip = at(view, 0, { 100.5, H - 350 });
    drag(view, grip, grip + (at(view, 0, { 150, 0 }) - at(view, 0, { 100, 0 })));
    const QRectF moved = pdf::Geometry::rect(m_store->annotations().of(QStringLiteral("doc-move")).value().first());
    QVERIFY2(qAbs(moved.left() - placed.left() - 50) < 2, qPrintable(QString::number(moved.left() - placed.left())));
    QVERIFY(qAbs(moved.width() - placed.width()) < 0.01);
    // Resize with the handle at the bottom right.
    const QRectF viewRect = view->pageToViewport(0).mapRect(moved);
    drag(view, viewRect.bottomRight().toPoint(), viewRect.bottomRight().toPoint() + QPoint(40, 40));
    const QRectF resized = pdf::Geometry::rect(m_store->annotations().of(QStringLiteral("doc-move")).value().first());
    QVERIFY2(resized.width() > moved.width() + 10, qPrintable(QString::number(resized.width())));
    // Ctrl+Z twice: back where it was; Ctrl+Shift+Z: moved again.
    view->setFocus();
    QCOMPARE(v.history()->stack()->index(), 3);
    QTest::keySequence(&v, QKeySequence::Undo);
    QCOMPARE(v.history()->stack()->index(), 2);
    QTest::keySequence(&v, QKeySequence::Undo);
    QCOMPARE(pdf::Geometry::rect(m_store->annotations().of(QStringLiteral("doc-move")).value().first()), placed);
    QTest::keySequence(&v, QKeySequence::Redo);
    QCOMPARE(pdf::Geometry::rect(m_store->annotations().of(QStringLiteral("doc-move")).value().first()), moved);
    // Alt+Right nudges by a point (keyboard users).
    view->selectAnnotation(m_store->annotations().of(QStringLiteral("doc-move")).value().first().id);
    QTest::keyClick(view, Qt::Key_Right, Qt::AltModifier);
    QCOMPARE(pdf::Geometry::rect(m_store->annotations().of(QStringLiteral("doc-move")).value().first()).left(),
        moved.left() + 1);
    // Delete removes it; undo brings the same annotation back.
    const QString id = view->selectedAnnotation();
    QTest::keyClick(view, Qt::Key_Delete);
    QVERIFY(m_store->annotations().of(QStringLiteral("doc-move")).value().isEmpty());
    QCOMPARE(v.annotationList()->model()->rowCount(), 0);
    QTest::keySequence(&v, QKeySequence::Undo);
    QCOMPARE(m_store->annotations().of(QStringLiteral("doc-move")).value().size(), 1);
    QCOMPARE(m_store->annotations().of(QStringLiteral("doc-move")).value().first().id, id);
}

void TestViewer::exportsImportsAndPrints()
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
    QVERIFY(v.exports()->print(std::move(printer)));
    QTRY_COMPARE_WITH_TIMEOUT(printDone.size(), 1, 30000);
    QCOMPARE(printDone.first().at(1).toString(), QString()); // no error
    QFile printed(out);
    QVERIFY(printed.open(QIODevice::ReadOnly));
    auto info = pdf::PdfExport::info(printed.readAll());
    QVERIFY2(info, qPrintable(info.errorString()));
    QCOMPARE(info->pages, 3);
}

void TestViewer::cancelledPrintAndCopyLeaveNoFile()
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

void TestViewer::redactionPreviewSaysWhatWasRemoved()
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

void TestViewer::redactionLandsWhereDrawnOnAShiftedOrRotatedPage()
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

void TestViewer::passwordProtectedPdfAsksForThePassword()
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
    // The pages are drawn, not just counted: the render thread opens the file with the password too.
    v.resize(900, 700);
    v.show();
    QTRY_VERIFY_WITH_TIMEOUT(v.pageView()->isRendered(0), 10000);
    // Cancelled: a clear message, and the viewer keeps working.
    v.setPasswordProvider([](int) -> std::optional<QString> { return std::nullopt; });
    QVERIFY(!v.open(QStringLiteral("Geschützt"), QStringLiteral("application/pdf"), encrypted));
    QVERIFY2(v.message().contains(QLatin1String("password")), qPrintable(v.message()));
    QVERIFY(v.open(QStringLiteral("Gutachten"), QStringLiteral("application/pdf"), threePages()));
}

void TestViewer::damagedAndEmptyPdfsSaySo()
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

void TestViewer::showsImages()
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

void TestViewer::scannedLettersShowUprightAtEveryRotation()
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

void TestViewer::chosenColourAppliesToNewAnnotations()
{
    // Green chosen in the palette: a sticky note, an underline made from selected text and a
    // rectangle are green; the redaction mark keeps its own colour.
    DocumentViewer v;
    v.setStore(m_store.get(), QStringLiteral("mkeller"));
    v.setTextProvider(
        [](const QString&, const QString&) -> std::optional<QString> { return QStringLiteral("Vermerk"); });
    v.resize(1100, 900);
    v.show();
    const QString id = QStringLiteral("doc-colour");
    QVERIFY(v.open(QStringLiteral("Gutachten"), QStringLiteral("application/pdf"), threePages(), id));
    PageView* view = v.pageView();
    QTRY_VERIFY_WITH_TIMEOUT(pagesRendered(view), 10000);
    auto* green = v.findChild<QAction*>(QStringLiteral("colour_2ea043"));
    QVERIFY(green);
    green->trigger();
    v.toolAction(QStringLiteral("note"))->trigger();
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, at(view, 0, { 480, H - 60 }));
    v.toolAction(QStringLiteral("select"))->trigger();
    drag(view, at(view, 0, { 50, H - 120 + 4 }), at(view, 0, { 200, H - 120 + 4 }));
    QVERIFY(!view->selectedText().isEmpty());
    v.toolAction(QStringLiteral("underline"))->trigger(); // marks the selected text at once
    v.toolAction(QStringLiteral("rect"))->trigger();
    drag(view, at(view, 0, { 60, H - 360 }), at(view, 0, { 260, H - 420 }));
    v.toolAction(QStringLiteral("redact"))->trigger();
    drag(view, at(view, 0, { 60, H - 560 }), at(view, 0, { 300, H - 580 }));
    const QList<Annotation> stored = m_store->annotations().of(id).value();
    QCOMPARE(stored.size(), 4);
    for (const Annotation& a : stored)
        QCOMPARE(a.color,
            a.type == AnnotationType::Redact ? QString(traitsOf(AnnotationType::Redact).defaultColor)
                                             : QStringLiteral("#2ea043"));
}

void TestViewer::fitsTheScreensClerksHave()
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
    TestViewer t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_viewer.moc"
