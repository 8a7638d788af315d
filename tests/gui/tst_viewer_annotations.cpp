// Annotations drawn with the mouse in the document viewer into a real encrypted store: every
// type (with screenshots), on their words at every zoom and rotation, moved, undone and redone,
// deleted, and in the colour the clerk chose.
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

class TestViewerAnnotations : public ViewerFixture
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void drawsEveryAnnotationTypeIntoTheStore();
    void annotationsStayOnTheirWordsAtEveryZoomAndRotation();
    void moveUndoRedoDelete();
    void chosenColourAppliesToNewAnnotations();
};

void TestViewerAnnotations::initTestCase()
{
    openStore();
}

void TestViewerAnnotations::drawsEveryAnnotationTypeIntoTheStore()
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

void TestViewerAnnotations::annotationsStayOnTheirWordsAtEveryZoomAndRotation()
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

void TestViewerAnnotations::moveUndoRedoDelete()
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

void TestViewerAnnotations::chosenColourAppliesToNewAnnotations()
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

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    installTranslations(QStringLiteral("en"));
    TestViewerAnnotations t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_viewer_annotations.moc"
