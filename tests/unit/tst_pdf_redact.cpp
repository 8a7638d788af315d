// Redacted copies that really remove the covered text (checked with poppler, a peer), on upright
// and rotated pages; and damaged, truncated, encrypted and empty PDFs that get a clear error.
#include "PdfSamples.h"
#include "core/pdf/PdfExport.h"

#include <QRegularExpression>
#include <QTest>

using namespace clerk;
using namespace clerk::pdf;
using namespace clerk::pdf::samples;
using namespace clerk::test;

class TestPdfRedact : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void redactionRemovesTheCoveredText();
    void redactionOnARotatedPageCoversTheMarkedArea();
    void damagedPdfsGetClearErrors();

private:
    QTemporaryDir m_dir;
};

void TestPdfRedact::redactionRemovesTheCoveredText()
{
    const QByteArray original = sample();
    Annotation mark = make(AnnotationType::Redact);
    Geometry::setQuads(mark, { Geometry::quadOf(lineBox(200, 160)) });
    auto result = PdfExport::redacted(original, { mark }, 200);
    QVERIFY2(result, qPrintable(result.errorString()));

    const QString path = m_dir.filePath(QStringLiteral("redacted.pdf"));
    QVERIFY(writeFile(path, result->pdf));
    const QString pdftotext = tool(QStringLiteral("pdftotext")), pdfinfo = tool(QStringLiteral("pdfinfo"));
    QVERIFY2(!pdftotext.isEmpty() && !pdfinfo.isEmpty(), "pdftotext and pdfinfo (poppler-utils) are needed");
    // The covered words are gone from the file (the whole page is a picture now) …
    const QString all = run(pdftotext, { path, QStringLiteral("-") });
    QVERIFY2(!all.contains(QLatin1String("GEHEIMNIS")), qPrintable(all));
    QVERIFY(!all.contains(QLatin1String("Kontonummer")));
    QVERIFY(!result->pdf.contains("GEHEIMNIS"));
    // … other pages keep their text …
    QVERIFY(all.contains(QLatin1String("Zweite Seite Lageplan")));
    QVERIFY(all.contains(QLatin1String("Dritte Seite Vollmacht")));
    // … and the metadata is gone.
    int rc = -1;
    const QString info = run(pdfinfo, { path }, &rc);
    QVERIFY2(rc == 0 && info.contains(QRegularExpression(QStringLiteral("Pages:\\s+3"))), qPrintable(info));
    QVERIFY2(!info.contains(QLatin1String("Bauantrag")), qPrintable(info));
    auto parsed = PdfExport::info(result->pdf);
    QVERIFY(parsed);
    QVERIFY(parsed->title.isEmpty());
    QVERIFY(!parsed->hasXmp);
    QCOMPARE(parsed->pages, 3);

    // The page still shows the uncovered lines, and the covered area is black.
    QBuffer b;
    b.setData(result->pdf);
    b.open(QIODevice::ReadOnly);
    QPdfDocument doc;
    QVERIFY(loadAndWait(doc, &b));
    const QImage page = onWhite(doc.render(0, doc.pagePointSize(0).toSize() * 2));
    QCOMPARE(pixelAt(page, lineBox(200).center(), 2), QColor(Qt::black));
    int dark = 0;
    const QRectF visible = lineBox(400, 110);
    for (double x = visible.left(); x < visible.right(); x += 0.5)
        dark += pixelAt(page, QPointF(x, visible.center().y()), 2).lightness() < 128;
    QVERIFY2(dark > 10 && dark < 200, qPrintable(QString::number(dark))); // letters, not a black bar
    QVERIFY(doc.getAllText(0).text().trimmed().isEmpty());
    QVERIFY(doc.getAllText(1).text().contains(QLatin1String("Zweite")));
}

void TestPdfRedact::redactionOnARotatedPageCoversTheMarkedArea()
{
    // Turn page 1 by 90° with qpdf (a peer), mark the secret line, apply.
    const QString in = m_dir.filePath(QStringLiteral("plain.pdf")),
                  rotated = m_dir.filePath(QStringLiteral("rotated.pdf"));
    QVERIFY(writeFile(in, sample()));
    const QString qpdf = tool(QStringLiteral("qpdf"));
    QVERIFY2(!qpdf.isEmpty(), "qpdf is needed");
    int rc = -1;
    const QString out = run(qpdf, { in, QStringLiteral("--rotate=+90:1"), rotated }, &rc);
    QVERIFY2(rc == 0, qPrintable(out));
    QFile f(rotated);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray turned = f.readAll();
    auto info = PdfExport::info(turned);
    QVERIFY(info);
    QCOMPARE(info->rotations.first(), 90);
    Annotation mark = make(AnnotationType::Redact);
    Geometry::setRect(mark, lineBox(200, 160));
    auto result = PdfExport::redacted(turned, { mark }, 150);
    QVERIFY2(result, qPrintable(result.errorString()));
    QVERIFY(!result->pdf.contains("GEHEIMNIS"));
    auto after = PdfExport::info(result->pdf);
    QVERIFY(after);
    QCOMPARE(after->rotations.first(), 0);
    QCOMPARE(after->pageSizes.first().toSize(), QSizeF(H, SimplePdf::kA4Width).toSize()); // shown landscape
    // The black box sits where the secret line is shown on the turned page.
    QBuffer b;
    b.setData(result->pdf);
    b.open(QIODevice::ReadOnly);
    QPdfDocument doc;
    QVERIFY(loadAndWait(doc, &b));
    const QImage page = onWhite(doc.render(0, doc.pagePointSize(0).toSize()));
    const QRectF original(0, 0, SimplePdf::kA4Width, H);
    const QPointF shown = Geometry::toView(original, 90, 1).map(lineBox(200).center());
    QCOMPARE(page.pixelColor(shown.toPoint()), QColor(Qt::black));
    const QPointF elsewhere = Geometry::toView(original, 90, 1).map(QPointF(500, 100));
    QCOMPARE(page.pixelColor(elsewhere.toPoint()), QColor(Qt::white));
}

void TestPdfRedact::damagedPdfsGetClearErrors()
{
    const QByteArray good = sample();
    const QString unreadable = PdfExport::tr("The PDF could not be read; it is damaged or not a PDF.");
    // Not a PDF, garbage after a header: every export refuses each with the error that names it.
    struct Case
    {
        const char* name;
        QByteArray bytes;
        Error::Code code;
        QString message;
    };
    const QList<Case> cases { { "not a pdf", QByteArray("hello"), Error::Unsupported,
                                  PdfExport::tr("This file is not a PDF.") },
        { "garbage", QByteArray("%PDF-1.7\n") + QByteArray(5000, 'x'), Error::Corrupt, unreadable } };
    for (const Case& c : cases) {
        auto info = PdfExport::info(c.bytes);
        auto copy = PdfExport::annotated(c.bytes, {});
        auto red = PdfExport::redacted(c.bytes, {});
        QVERIFY2(!info && !copy && !red, c.name);
        for (const Error& e : { info.error(), copy.error(), red.error() }) {
            QVERIFY2(e.code == c.code,
                qPrintable(QStringLiteral("%1: code %2").arg(QLatin1String(c.name)).arg(int(e.code))));
            QVERIFY2(
                e.message == c.message, qPrintable(QStringLiteral("%1: %2").arg(QLatin1String(c.name), e.message)));
        }
    }

    // Truncated after a third of the file (no cross-reference table, no trailer, page 3 cut off):
    // qpdf rebuilds what is whole and finds two pages, but Qt PDF cannot open it, so the viewer shows
    // nothing of it: a redacted copy would hold pages nobody could check, and is refused.
    const QByteArray truncated = good.left(good.size() / 3);
    QVERIFY(!truncated.contains("startxref"));
    auto partial = PdfExport::info(truncated);
    QVERIFY2(partial, qPrintable(partial.errorString()));
    QCOMPARE(partial->pages, 2);
    auto partialCopy = PdfExport::redacted(truncated, {});
    QVERIFY(!partialCopy);
    QCOMPARE(partialCopy.error().code, Error::Corrupt);
    QCOMPARE(partialCopy.error().message,
        PdfExport::tr("The viewer cannot show this PDF, so no redacted copy is made of pages nobody could check. "
                      "Ask the sender for an undamaged copy."));
    // A mark on a page the document does not have is refused, not dropped.
    QCOMPARE(PdfExport::info(good)->pages, 3);
    Annotation lost = make(AnnotationType::Redact, 3);
    Geometry::setRect(lost, QRectF(0, 0, 10, 10));
    auto refused = PdfExport::redacted(good, { lost });
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, Error::Invalid);
    QVERIFY2(refused.error().message.contains(QLatin1String("page 4, but the document has 3 pages")),
        qPrintable(refused.error().message));
    // Cut within the first page's objects: nothing left to recover.
    const QByteArray stub = good.left(200);
    for (const Error& e : { PdfExport::info(stub).error(), PdfExport::annotated(stub, {}).error(),
             PdfExport::redacted(stub, {}).error() })
        QVERIFY2(e.code == Error::Corrupt && !e.message.isEmpty(), qPrintable(e.message));

    // Password-protected (encrypted with qpdf, a peer tool).
    const QString qpdf = tool(QStringLiteral("qpdf"));
    QVERIFY2(!qpdf.isEmpty(), "qpdf is needed");
    const QByteArray encrypted = lockedCopy(m_dir, good, QStringLiteral("open"));
    QVERIFY(!encrypted.isEmpty());
    auto info = PdfExport::info(encrypted);
    QVERIFY(info);
    QVERIFY(info->encrypted);
    QCOMPARE(info->pages, 0);
    for (const Error& e : { PdfExport::annotated(encrypted, {}).error(), PdfExport::redacted(encrypted, {}).error() }) {
        QCOMPARE(e.code, Error::Locked);
        QCOMPARE(e.message, PdfExport::tr("This PDF is protected by a password."));
    }

    // Zero pages (qpdf --empty writes such a file): exports refuse marks on pages that are not there.
    const QString zeroPath = m_dir.filePath(QStringLiteral("zero.pdf"));
    int rc = -1;
    const QString made = run(qpdf, { QStringLiteral("--empty"), zeroPath }, &rc);
    QVERIFY2(rc == 0, qPrintable(made));
    QFile z(zeroPath);
    QVERIFY(z.open(QIODevice::ReadOnly));
    const QByteArray zero = z.readAll();
    auto zi = PdfExport::info(zero);
    QVERIFY(zi);
    QCOMPARE(zi->pages, 0);
    Annotation r = make(AnnotationType::Rect);
    Geometry::setRect(r, QRectF(0, 0, 10, 10));
    auto annotated = PdfExport::annotated(zero, { r });
    QVERIFY(!annotated);
    QCOMPARE(annotated.error().code, Error::Invalid);
    Annotation mark = make(AnnotationType::Redact);
    Geometry::setRect(mark, QRectF(0, 0, 10, 10));
    auto redacted = PdfExport::redacted(zero, { mark });
    QVERIFY(!redacted);
    QCOMPARE(redacted.error().code, Error::Invalid);
}

QTEST_MAIN(TestPdfRedact)
#include "tst_pdf_redact.moc"
