// The annotation type's traits table: every type keeps its stored key (profiles and the server read
// them), travels through JSON, XFDF and an exported PDF (read back from qpdf's own output) as
// itself, and gets the colour the clerk chose, or its default when none was chosen.
#include "core/domain/Json.h"
#include "core/pdf/Annotations.h"
#include "core/pdf/PdfExport.h"
#include "core/pdf/SimplePdf.h"
#include "core/pdf/Xfdf.h"

#include <QJsonArray>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace clerk;

namespace clerk {
// QCOMPARE prints a type by its key.
char* toString(AnnotationType type)
{
    return qstrdup(QByteArray(annotationKey(type).data(), annotationKey(type).size()).constData());
}
} // namespace clerk

namespace {
QByteArray onePage()
{
    SimplePdf p;
    p.newPage();
    p.text(72, 100, QStringLiteral("Bauvorhaben Gartenhaus"), 12);
    return p.toPdf();
}

// One annotation of `type` with the geometry its gesture makes.
Annotation sampleOf(AnnotationType type)
{
    Annotation a;
    a.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    a.documentId = QStringLiteral("doc-1");
    a.type = type;
    a.color = annotationColor(type);
    a.author = QStringLiteral("mkeller");
    a.text = QStringLiteral("Vermerk");
    const QRectF box(100, 500, 160, 40);
    switch (traitsOf(type).gesture) {
    case AnnotationGesture::MarkText:
        pdf::Geometry::setQuads(a, { pdf::Geometry::quadOf(box) });
        break;
    case AnnotationGesture::Freehand:
        pdf::Geometry::setInk(a, { QPolygonF { box.topLeft(), box.center(), box.bottomRight() } }, 2);
        break;
    default:
        pdf::Geometry::setRect(a, box);
        break;
    }
    return a;
}

// `pdf` as qpdf writes it uncompressed (every object in the clear); empty on failure.
QByteArray qdf(const QTemporaryDir& dir, const QByteArray& pdf)
{
    const QString in = dir.filePath(QStringLiteral("in.pdf")), out = dir.filePath(QStringLiteral("out.pdf"));
    QFile f(in);
    if (!f.open(QIODevice::WriteOnly) || f.write(pdf) != pdf.size())
        return {};
    f.close();
    QProcess qpdf;
    qpdf.start(QStandardPaths::findExecutable(QStringLiteral("qpdf")),
        { QStringLiteral("--qdf"), QStringLiteral("--object-streams=disable"), in, out });
    if (!qpdf.waitForFinished() || (qpdf.exitCode() != 0 && qpdf.exitCode() != 3))
        return {};
    QFile clear(out);
    return clear.open(QIODevice::ReadOnly) ? clear.readAll() : QByteArray();
}
} // namespace

class TestAnnotationTypes : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyTypeRoundTrips_data();
    void everyTypeRoundTrips();
    void chosenColourApplies_data();
    void chosenColourApplies();
    void unknownNamesAreRefused();
};

void TestAnnotationTypes::everyTypeRoundTrips_data()
{
    QTest::addColumn<AnnotationType>("type");
    QTest::addColumn<QString>("key"); // as stored in profiles and sent to the server since release 1
    QTest::addColumn<QString>("xfdf");
    QTest::addColumn<QByteArray>("subtype");
    QTest::addRow("highlight") << AnnotationType::Highlight << "highlight" << "highlight" << QByteArray("/Highlight");
    QTest::addRow("underline") << AnnotationType::Underline << "underline" << "underline" << QByteArray("/Underline");
    QTest::addRow("strikeout") << AnnotationType::StrikeOut << "strikeout" << "strikeout" << QByteArray("/StrikeOut");
    QTest::addRow("note") << AnnotationType::Note << "note" << "text" << QByteArray("/Text");
    QTest::addRow("freetext") << AnnotationType::FreeText << "freetext" << "freetext" << QByteArray("/FreeText");
    QTest::addRow("ink") << AnnotationType::Ink << "ink" << "ink" << QByteArray("/Ink");
    QTest::addRow("rect") << AnnotationType::Rect << "rect" << "square" << QByteArray("/Square");
    QTest::addRow("stamp") << AnnotationType::Stamp << "stamp" << "stamp" << QByteArray("/Stamp");
    QTest::addRow("redact") << AnnotationType::Redact << "redact" << "redact" << QByteArray("/Redact");
}

void TestAnnotationTypes::everyTypeRoundTrips()
{
    QFETCH(AnnotationType, type);
    QFETCH(QString, key);
    QFETCH(QString, xfdf);
    QFETCH(QByteArray, subtype);
    QCOMPARE(allAnnotationTypes().count(type), 1);
    const Annotation a = sampleOf(type);
    QVERIFY2(pdf::Geometry::problem(a).isEmpty(), qPrintable(pdf::Geometry::problem(a)));

    // JSON (the profile's body column and the sync API): the key, and back.
    const QJsonObject json = json::encode(a);
    QCOMPARE(json.value(QLatin1String("type")).toString(), key);
    auto decoded = json::decodeAnnotation(json);
    QVERIFY2(decoded, qPrintable(decoded.errorString()));
    QCOMPARE(decoded->type, type);

    // XFDF: the element other programs expect, and back.
    const QByteArray xml = pdf::Xfdf::write({ a });
    QVERIFY2(xml.contains("<" + xfdf.toUtf8() + " "), xml.constData());
    auto read = pdf::Xfdf::read(xml, QStringLiteral("doc-1"));
    QVERIFY2(read, qPrintable(read.errorString()));
    QCOMPARE(read->size(), 1);
    QCOMPARE(read->first().type, type);

    // PDF: the /Subtype in qpdf's uncompressed output, and back through the export's reader.
    QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("qpdf")).isEmpty(), "qpdf is needed");
    auto copy = pdf::PdfExport::annotated(onePage(), { a });
    QVERIFY2(copy, qPrintable(copy.errorString()));
    QTemporaryDir dir;
    const QByteArray clear = qdf(dir, copy.value());
    QVERIFY(!clear.isEmpty());
    QVERIFY2(clear.contains("/Subtype " + subtype), subtype.constData());
    auto back = pdf::PdfExport::readAnnotations(copy.value(), QStringLiteral("doc-1"));
    QVERIFY2(back, qPrintable(back.errorString()));
    QCOMPARE(back->size(), 1);
    QCOMPARE(back->first().type, type);
    QCOMPARE(back->first().id, a.id);
}

void TestAnnotationTypes::chosenColourApplies_data()
{
    QTest::addColumn<AnnotationType>("type");
    QTest::addColumn<bool>("takesChosen");
    for (AnnotationType type : allAnnotationTypes())
        QTest::addRow("%s", annotationKey(type).data()) << type << (type != AnnotationType::Redact);
}

void TestAnnotationTypes::chosenColourApplies()
{
    QFETCH(AnnotationType, type);
    QFETCH(bool, takesChosen);
    const QString fallback = QString(traitsOf(type).defaultColor);
    QVERIFY(QColor::isValidColorName(fallback));
    // Nothing chosen: the type's default.
    QCOMPARE(annotationColor(type), fallback);
    QCOMPARE(annotationColor(type, QString()), fallback);
    // The clerk's choice applies to every type; a redaction mark keeps its own, so that it never
    // looks like an ordinary annotation.
    QCOMPARE(annotationColor(type, QStringLiteral("#2ea043")), takesChosen ? QStringLiteral("#2ea043") : fallback);
    QCOMPARE(annotationColor(type, QStringLiteral("#2EA043")), takesChosen ? QStringLiteral("#2ea043") : fallback);
    // Not a colour: the default.
    QCOMPARE(annotationColor(type, QStringLiteral("grün")), fallback);
    // An annotation stored without a colour is shown in the default.
    Annotation a = sampleOf(type);
    a.color.clear();
    QCOMPARE(pdf::colorOf(a), QColor::fromString(fallback));
}

void TestAnnotationTypes::unknownNamesAreRefused()
{
    QVERIFY(!annotationTypeFromKey(u"scribble"));
    QVERIFY(!annotationTypeFromKey(u"square")); // an XFDF name, not a key
    QVERIFY(!annotationTypeFromXfdf(u"circle"));
    QVERIFY(!annotationTypeFromPdfSubtype(u"/Link"));
    // Other programs' squiggly underline is shown as an underline.
    QVERIFY(annotationTypeFromXfdf(u"squiggly") == AnnotationType::Underline);
    QVERIFY(annotationTypeFromPdfSubtype(u"/Squiggly") == AnnotationType::Underline);
    QJsonObject json = json::encode(sampleOf(AnnotationType::Rect));
    json.insert(QStringLiteral("type"), QStringLiteral("scribble"));
    QVERIFY(!json::decodeAnnotation(json));
}

QTEST_GUILESS_MAIN(TestAnnotationTypes)
#include "tst_annotationtypes.moc"
