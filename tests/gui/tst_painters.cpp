// One painter per annotation type: each paints its annotation inside the annotation's rectangle on
// the page, and nothing outside it, at two zooms.
#include "core/pdf/Annotations.h"
#include "ui/painters/AnnotationPainter.h"

#include <QImage>
#include <QPainter>
#include <QSet>
#include <QTest>

using namespace clerk;

namespace {
const QRectF kPage(0, 0, 600, 800);

Annotation sampleOf(AnnotationType type)
{
    Annotation a;
    a.id = QStringLiteral("a-1");
    a.type = type;
    a.color = annotationColor(type);
    a.author = QStringLiteral("mkeller");
    a.text = type == AnnotationType::Stamp ? QStringLiteral("Genehmigt") : QStringLiteral("Rückfrage beim Bauamt");
    switch (traitsOf(type).gesture) {
    case AnnotationGesture::MarkText:
        pdf::Geometry::setQuads(
            a, { pdf::Geometry::quadOf(QRectF(100, 500, 200, 14)), pdf::Geometry::quadOf(QRectF(100, 480, 150, 14)) });
        break;
    case AnnotationGesture::Freehand:
        pdf::Geometry::setInk(a, { QPolygonF { { 110, 420 }, { 180, 470 }, { 280, 430 } } }, 2);
        break;
    case AnnotationGesture::Click:
        pdf::Geometry::setRect(a, type == AnnotationType::Note ? QRectF(300, 600, 20, 20) : QRectF(300, 600, 180, 60));
        break;
    case AnnotationGesture::DragBox:
        pdf::Geometry::setRect(a, QRectF(100, 300, 220, 80));
        break;
    }
    return a;
}
} // namespace

class TestPainters : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyTypeHasItsOwnPainter();
    void paintsInsideTheRectangle_data();
    void paintsInsideTheRectangle();
};

void TestPainters::everyTypeHasItsOwnPainter()
{
    QSet<const AnnotationPainter*> painters;
    for (AnnotationType type : allAnnotationTypes())
        painters.insert(&AnnotationPainter::of(type));
    QCOMPARE(painters.size(), allAnnotationTypes().size());
}

void TestPainters::paintsInsideTheRectangle_data()
{
    QTest::addColumn<int>("type");
    QTest::addColumn<double>("scale");
    for (AnnotationType type : allAnnotationTypes())
        for (double scale : { 1.0, 2.0 })
            QTest::addRow("%s at %g", annotationKey(type).data(), scale) << int(type) << scale;
}

void TestPainters::paintsInsideTheRectangle()
{
    QFETCH(int, type);
    QFETCH(double, scale);
    const Annotation a = sampleOf(AnnotationType(type));
    const QTransform toView = pdf::Geometry::toView(kPage, 0, scale);
    QImage page((kPage.size() * scale).toSize(), QImage::Format_ARGB32_Premultiplied);
    page.fill(Qt::white);
    {
        QPainter p(&page);
        AnnotationPainter::paintAnnotation(p, a, { toView, scale, QFont() });
    }
    const QRect inside = toView.mapRect(pdf::Geometry::rect(a)).toAlignedRect();
    const QRect margin = inside.adjusted(-3, -3, 3, 3); // antialiased edges and line caps
    int in = 0, out = 0;
    for (int y = 0; y < page.height(); ++y)
        for (int x = 0; x < page.width(); ++x) {
            if (page.pixel(x, y) == qRgb(255, 255, 255))
                continue;
            if (margin.contains(x, y))
                in += inside.contains(x, y);
            else
                ++out;
        }
    QVERIFY2(in > inside.width() * inside.height() / 100 + 10,
        qPrintable(QStringLiteral("%1 painted pixels in %2x%3").arg(in).arg(inside.width()).arg(inside.height())));
    QCOMPARE(out, 0);
}

QTEST_MAIN(TestPainters)
#include "tst_painters.moc"
