// Annotations in the viewer's PDF core: geometry at every zoom and rotation, annotated copies
// read back by Qt PDF and by poppler (a peer implementation), flattening, reading annotations
// back from a PDF, and undo/redo on a real encrypted store.
#include "PdfSamples.h"
#include "core/pdf/AnnotationHistory.h"
#include "core/pdf/PdfExport.h"
#include "core/store/Store.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>

using namespace clerk;
using namespace clerk::pdf;
using namespace clerk::pdf::samples;
using namespace clerk::test;

class TestPdfAnnotations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void geometryRoundTripsAtEveryZoomAndRotation();
    void annotatedCopyIsReadByQtPdfAndPoppler();
    void flattenedCopyKeepsTheMarksInThePage();
    void readAnnotationsGivesBackWhatWasWritten();
    void undoRedoChangesTheStoreAndTheOutbox();

private:
    QTemporaryDir m_dir;
};

void TestPdfAnnotations::geometryRoundTripsAtEveryZoomAndRotation()
{
    const QRectF box(0, 0, 595.28, 841.89);
    const QRectF shifted(20, 30, 500, 700); // a CropBox that does not start at the origin
    const QPointF point(123.4, 567.8);
    for (const QRectF& b : { box, shifted })
        for (double zoom : { 0.25, 0.5, 1.0, 1.5, 2.0, 4.0 })
            for (int rotation : { 0, 90, 180, 270, 360 + 90 }) {
                const QTransform t = Geometry::toView(b, rotation, zoom);
                bool invertible = false;
                const QTransform back = t.inverted(&invertible);
                QVERIFY(invertible);
                const QPointF there = back.map(t.map(point));
                QVERIFY2(qAbs(there.x() - point.x()) < 1e-9 && qAbs(there.y() - point.y()) < 1e-9,
                    qPrintable(QStringLiteral("zoom %1 rotation %2").arg(zoom).arg(rotation)));
                // The page's corners land on the corners of the shown page.
                const QSizeF shown = (rotation % 180 ? QSizeF(b.height(), b.width()) : b.size()) * zoom;
                const QRectF mapped = t.mapRect(b);
                QVERIFY(qAbs(mapped.left()) < 1e-9 && qAbs(mapped.top()) < 1e-9);
                QVERIFY(qAbs(mapped.width() - shown.width()) < 1e-6 && qAbs(mapped.height() - shown.height()) < 1e-6);
            }
    // Concretely: at 0° the top left of the page is the top left of the view; at 90° clockwise the
    // page's top left goes to the view's top right.
    QCOMPARE(Geometry::toView(box, 0, 1).map(QPointF(0, box.height())), QPointF(0, 0));
    const QPointF turned = Geometry::toView(box, 90, 1).map(QPointF(0, box.height()));
    QVERIFY(qAbs(turned.x() - box.height()) < 1e-9 && qAbs(turned.y()) < 1e-9);

    // Moving and resizing keep the shape: quads and strokes follow the box.
    Annotation ink = make(AnnotationType::Ink);
    Geometry::setInk(ink, { QPolygonF { { 100, 100 }, { 200, 200 } } }, 2);
    Geometry::translate(ink, 10, -5);
    QCOMPARE(Geometry::ink(ink).first().first(), QPointF(110, 95));
    Geometry::fitInto(ink, QRectF(0, 0, 404, 404));
    // The box was grown by half the line width (109..211 after the move): 210 lands at 101 * 404 / 102.
    QVERIFY(qAbs(Geometry::ink(ink).first().last().x() - 101.0 * 404 / 102) < 1e-6);
    QVERIFY(Geometry::problem(ink).isEmpty());
    Annotation bad = make(AnnotationType::Highlight);
    Geometry::setRect(bad, QRectF(0, 0, 10, 10));
    QVERIFY(!Geometry::problem(bad).isEmpty()); // a highlight needs its quads
}

void TestPdfAnnotations::annotatedCopyIsReadByQtPdfAndPoppler()
{
    const QByteArray original = sample();
    const QList<Annotation> all = everyType();
    auto copy = PdfExport::annotated(original, all);
    QVERIFY2(copy, qPrintable(copy.errorString()));
    QVERIFY(copy->size() > original.size());

    auto info = PdfExport::info(copy.value());
    QVERIFY(info);
    QCOMPARE(info->pages, 3);
    QCOMPARE(info->annotations, all.size());

    // Qt PDF (PDFium) draws the appearance streams where they belong.
    const QImage page1 = renderWithAnnotations(copy.value(), 0);
    QVERIFY(!page1.isNull());
    const QColor highlight = pixelAt(page1, lineBox(100).center() + QPointF(40, 3)); // between letters
    QVERIFY2(highlight.red() > 200 && highlight.green() > 170 && highlight.blue() < 80, qPrintable(highlight.name()));
    const QColor frame = pixelAt(page1, QPointF(60 + 1, 170)); // left edge of the rectangle
    QVERIFY2(frame.red() > 150 && frame.green() < 100, qPrintable(frame.name()));
    const QColor untouched = pixelAt(page1, QPointF(500, 100));
    QCOMPARE(untouched, QColor(Qt::white));
    const QImage page3 = renderWithAnnotations(copy.value(), 2);
    const QColor stamp = pixelAt(page3, QPointF(350 + 1.5, 630)); // the stamp's frame
    QVERIFY2(stamp.green() > stamp.red() + 40, qPrintable(stamp.name()));

    // Without the annotation flag the page is exactly as before: the original content is untouched.
    {
        auto plain = [](const QByteArray& pdf) {
            QBuffer b;
            b.setData(pdf);
            b.open(QIODevice::ReadOnly);
            QPdfDocument doc;
            return loadAndWait(doc, &b) ? onWhite(doc.render(0, doc.pagePointSize(0).toSize())) : QImage();
        };
        const QImage before = plain(original), after = plain(copy.value());
        QVERIFY(!before.isNull());
        QCOMPARE(after, before);
    }

    // poppler, a peer implementation, reads the copy: text, pages, and the highlight rendered.
    const QString pdftoppm = tool(QStringLiteral("pdftoppm")), pdftotext = tool(QStringLiteral("pdftotext")),
                  pdfinfo = tool(QStringLiteral("pdfinfo")), qpdf = tool(QStringLiteral("qpdf"));
    QVERIFY2(
        !pdftoppm.isEmpty() && !pdftotext.isEmpty() && !pdfinfo.isEmpty() && !qpdf.isEmpty(), "poppler-utils and qpdf");
    const QString path = m_dir.filePath(QStringLiteral("annotated.pdf"));
    QVERIFY(writeFile(path, copy.value()));
    const QString pdfinfoOut = run(pdfinfo, { path });
    QVERIFY2(pdfinfoOut.contains(QRegularExpression(QStringLiteral("Pages:\\s+3"))), qPrintable(pdfinfoOut));
    QVERIFY(run(pdftotext, { path, QStringLiteral("-") }).contains(QLatin1String("Bauvorhaben Gartenhaus")));
    int rc = -1;
    const QString check = run(qpdf, { QStringLiteral("--check"), path }, &rc);
    QVERIFY2(rc == 0, qPrintable(check));
    run(pdftoppm,
        { QStringLiteral("-r"), QStringLiteral("72"), QStringLiteral("-f"), QStringLiteral("1"), QStringLiteral("-l"),
            QStringLiteral("1"), QStringLiteral("-png"), QStringLiteral("-singlefile"), path,
            m_dir.filePath(QStringLiteral("poppler")) });
    QImage poppler(m_dir.filePath(QStringLiteral("poppler.png")));
    QVERIFY(!poppler.isNull());
    const QColor popplerHighlight
        = pixelAt(poppler.convertToFormat(QImage::Format_RGB32), lineBox(100).center() + QPointF(40, 3));
    QVERIFY2(popplerHighlight.red() > 200 && popplerHighlight.blue() < 80, qPrintable(popplerHighlight.name()));
    const QColor popplerFrame = pixelAt(poppler.convertToFormat(QImage::Format_RGB32), QPointF(61, 170));
    QVERIFY2(popplerFrame.red() > 150 && popplerFrame.green() < 100, qPrintable(popplerFrame.name()));

    // An annotation on a page that does not exist is refused, not dropped silently.
    Annotation stray = make(AnnotationType::Rect, 7);
    Geometry::setRect(stray, QRectF(0, 0, 10, 10));
    auto refused = PdfExport::annotated(original, { stray });
    QVERIFY(!refused);
    QVERIFY(refused.error().message.contains(QLatin1String("8")));
}

void TestPdfAnnotations::flattenedCopyKeepsTheMarksInThePage()
{
    auto flat = PdfExport::annotated(sample(), everyType(), true);
    QVERIFY2(flat, qPrintable(flat.errorString()));
    auto info = PdfExport::info(flat.value());
    QVERIFY(info);
    QCOMPARE(info->annotations, 0);
    // Rendered without annotations, the marks are part of the page now.
    QBuffer b;
    b.setData(flat.value());
    b.open(QIODevice::ReadOnly);
    QPdfDocument doc;
    QVERIFY(loadAndWait(doc, &b));
    const QImage plain = onWhite(doc.render(0, doc.pagePointSize(0).toSize()));
    const QColor highlight = pixelAt(plain, lineBox(100).center() + QPointF(40, 3));
    QVERIFY2(highlight.red() > 200 && highlight.blue() < 80, qPrintable(highlight.name()));
    // Text stays text.
    QVERIFY(doc.getAllText(0).text().contains(QLatin1String("Bauvorhaben")));
}

void TestPdfAnnotations::readAnnotationsGivesBackWhatWasWritten()
{
    const QList<Annotation> all = everyType();
    auto copy = PdfExport::annotated(sample(), all);
    QVERIFY(copy);
    auto back = PdfExport::readAnnotations(copy.value(), QStringLiteral("doc-1"));
    QVERIFY2(back, qPrintable(back.errorString()));
    QCOMPARE(back->size(), all.size());
    for (const Annotation& a : all) {
        auto it = std::find_if(back->cbegin(), back->cend(), [&](const Annotation& b) { return b.id == a.id; });
        QVERIFY2(it != back->cend(), qPrintable(QString(annotationKey(a.type))));
        QCOMPARE(it->type, a.type);
        QCOMPARE(it->page, a.page);
        QCOMPARE(it->author, a.author);
        QCOMPARE(it->text, a.text);
        QCOMPARE(it->createdAt, a.createdAt);
        QCOMPARE(QColor::fromString(it->color), colorOf(a));
        const QRectF r1 = Geometry::rect(a), r2 = Geometry::rect(*it);
        QVERIFY2(qAbs(r1.left() - r2.left()) < 0.01 && qAbs(r1.bottom() - r2.bottom()) < 0.01,
            qPrintable(QString(annotationKey(a.type))));
        QCOMPARE(Geometry::quads(*it).size(), Geometry::quads(a).size());
        QCOMPARE(Geometry::ink(*it).size(), Geometry::ink(a).size());
    }
}

void TestPdfAnnotations::undoRedoChangesTheStoreAndTheOutbox()
{
    Store store(m_dir.filePath(QStringLiteral("profile.db")));
    QVERIFY(store.create("correct horse battery staple"));
    AnnotationHistory history(store, QStringLiteral("mkeller"));
    QSignalSpy changed(&history, &AnnotationHistory::annotationsChanged);
    auto outboxCount = [&] { return store.outbox().all().value().size(); };

    Annotation a = make(AnnotationType::Rect);
    a.id.clear();
    Geometry::setRect(a, QRectF(10, 10, 100, 50));
    auto added = history.add(a);
    QVERIFY2(added, qPrintable(added.errorString()));
    QCOMPARE(added->author, QStringLiteral("mkeller"));
    QCOMPARE(added->version, 1);
    QCOMPARE(store.annotations().of(QStringLiteral("doc-1")).value().size(), 1);
    QCOMPARE(outboxCount(), 1);

    Annotation moved = added.value();
    Geometry::translate(moved, 5, 5);
    moved.color = QStringLiteral("#00aa00");
    QVERIFY(history.change(added.value(), moved));
    QCOMPARE(
        Geometry::rect(store.annotations().of(QStringLiteral("doc-1")).value().first()).topLeft(), QPointF(15, 15));
    QCOMPARE(store.annotation(added->id)->version, 2);

    QVERIFY(history.remove(store.annotation(added->id).value()));
    QVERIFY(store.annotations().of(QStringLiteral("doc-1")).value().isEmpty());
    QCOMPARE(history.stack()->count(), 3);

    history.stack()->undo(); // the delete: it is back, moved
    QCOMPARE(store.annotations().of(QStringLiteral("doc-1")).value().size(), 1);
    QCOMPARE(
        Geometry::rect(store.annotations().of(QStringLiteral("doc-1")).value().first()).topLeft(), QPointF(15, 15));
    history.stack()->undo(); // the move
    QCOMPARE(
        Geometry::rect(store.annotations().of(QStringLiteral("doc-1")).value().first()).topLeft(), QPointF(10, 10));
    QCOMPARE(
        store.annotations().of(QStringLiteral("doc-1")).value().first().color, annotationColor(AnnotationType::Rect));
    history.stack()->undo(); // the add
    QVERIFY(store.annotations().of(QStringLiteral("doc-1")).value().isEmpty());
    history.stack()->redo(); // same annotation, same id, back again
    QCOMPARE(store.annotations().of(QStringLiteral("doc-1")).value().size(), 1);
    QCOMPARE(store.annotations().of(QStringLiteral("doc-1")).value().first().id, added->id);
    history.stack()->redo();
    QCOMPARE(
        Geometry::rect(store.annotations().of(QStringLiteral("doc-1")).value().first()).topLeft(), QPointF(15, 15));

    // Every step, undo and redo included, is a change for the server, in order, with the base
    // version each change will find there.
    const QList<Mutation> outbox = store.outbox().all().value();
    QCOMPARE(outbox.size(), 8);
    QStringList ops;
    QList<qint64> bases;
    for (const Mutation& m : outbox) {
        QCOMPARE(m.kind, QStringLiteral("annotation"));
        QCOMPARE(m.targetId, added->id);
        ops << m.op;
        bases << m.baseVersion;
    }
    QCOMPARE(ops, QStringList({ "create", "update", "delete", "update", "update", "delete", "update", "update" }));
    QCOMPARE(bases, QList<qint64>({ 0, 1, 2, 3, 4, 5, 6, 7 }));
    QVERIFY(changed.size() >= 8);

    // A step the store refuses is not pushed and says why.
    Annotation broken = make(AnnotationType::Highlight);
    Geometry::setRect(broken, QRectF(0, 0, 1, 1));
    broken.page = 100001; // beyond any document the store takes
    const int before = history.stack()->index(); // pushing drops the one undone step above it
    auto refused = history.add(broken);
    QVERIFY(!refused);
    QCOMPARE(history.stack()->count(), before);
    QCOMPARE(history.stack()->index(), before);
    QCOMPARE(store.outbox().all().value().size(), 8);
}

QTEST_MAIN(TestPdfAnnotations)
#include "tst_pdf_annotations.moc"
