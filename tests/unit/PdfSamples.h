// The sample the tst_pdf_* tests work on: a three-page PDF with a secret line, one annotation of
// every type on it, its pages rendered on white paper as the viewer shows them, and a copy
// locked with a password by qpdf (a peer tool).
#pragma once

#include "../common/PeerTools.h"
#include "core/pdf/Annotations.h"
#include "core/pdf/PdfLoad.h"
#include "core/pdf/SimplePdf.h"

#include <QBuffer>
#include <QFile>
#include <QImage>
#include <QPainter>
#include <QPdfDocument>
#include <QTemporaryDir>
#include <QTimeZone>
#include <QUuid>

namespace clerk::pdf::samples {

inline constexpr double H = SimplePdf::kA4Height;

// Three pages; page 1 has a secret line and a visible line, pages 2 and 3 plain text.
inline QByteArray sample()
{
    SimplePdf p;
    p.setTitle(QStringLiteral("Bauantrag Müller"));
    p.newPage();
    p.text(72, 100, QStringLiteral("Bauvorhaben Gartenhaus"), 12);
    p.text(72, 200, QStringLiteral("GEHEIMNIS Kontonummer"), 12);
    p.text(72, 400, QStringLiteral("Sichtbar bleibt das"), 12);
    p.newPage();
    p.text(72, 100, QStringLiteral("Zweite Seite Lageplan"), 12);
    p.newPage();
    p.text(72, 100, QStringLiteral("Dritte Seite Vollmacht"), 12);
    return p.toPdf();
}

// Mean absolute difference per channel of two page pictures, each laid on white paper.
inline double meanDifference(const QImage& a, const QImage& b)
{
    auto onWhite = [](const QImage& img) {
        QImage out(img.size(), QImage::Format_RGB32);
        out.fill(Qt::white);
        QPainter p(&out);
        p.drawImage(0, 0, img);
        return out;
    };
    const QImage x = onWhite(a), y = onWhite(b);
    double sum = 0;
    for (int row = 0; row < x.height(); ++row) {
        const auto* l = reinterpret_cast<const QRgb*>(x.constScanLine(row));
        const auto* r = reinterpret_cast<const QRgb*>(y.constScanLine(row));
        for (int col = 0; col < x.width(); ++col)
            sum += std::abs(qRed(l[col]) - qRed(r[col])) + std::abs(qGreen(l[col]) - qGreen(r[col]))
                + std::abs(qBlue(l[col]) - qBlue(r[col]));
    }
    return sum / (3.0 * x.width() * x.height());
}

// The PDF-space box of a line of 12 pt text written at SimplePdf y (from the top).
inline QRectF lineBox(double yFromTop, double width = 150)
{
    const double baseline = H - yFromTop;
    return QRectF(QPointF(70, baseline - 3), QPointF(70 + width, baseline + 11));
}

inline Annotation make(AnnotationType type, int page = 0)
{
    Annotation a;
    a.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    a.documentId = QStringLiteral("doc-1");
    a.page = page;
    a.type = type;
    a.color = annotationColor(type);
    a.author = QStringLiteral("mkeller");
    a.createdAt = a.modifiedAt = QDateTime(QDate(2026, 11, 26), QTime(10, 30), QTimeZone::UTC);
    return a;
}

// One of every type, on page 1.
inline QList<Annotation> everyType()
{
    QList<Annotation> all;
    Annotation h = make(AnnotationType::Highlight);
    Geometry::setQuads(h, { Geometry::quadOf(lineBox(100)) });
    all << h;
    Annotation u = make(AnnotationType::Underline);
    Geometry::setQuads(u, { Geometry::quadOf(lineBox(400, 100)) });
    all << u;
    Annotation s = make(AnnotationType::StrikeOut, 1);
    Geometry::setQuads(s, { Geometry::quadOf(lineBox(100, 120)) });
    all << s;
    Annotation n = make(AnnotationType::Note);
    Geometry::setRect(n, QRectF(400, 700, 20, 20));
    n.text = QStringLiteral("Bitte Nachweis anfordern");
    all << n;
    Annotation f = make(AnnotationType::FreeText);
    Geometry::setRect(f, QRectF(300, 500, 200, 40));
    f.text = QStringLiteral("Rückfrage an Antragstellerin");
    all << f;
    Annotation i = make(AnnotationType::Ink);
    Geometry::setInk(
        i, { QPolygonF { { 100, 300 }, { 150, 320 }, { 200, 300 } }, QPolygonF { { 100, 280 }, { 200, 280 } } }, 2);
    all << i;
    Annotation r = make(AnnotationType::Rect);
    Geometry::setRect(r, QRectF(60, 150, 220, 40));
    all << r;
    Annotation st = make(AnnotationType::Stamp, 2);
    Geometry::setRect(st, QRectF(350, 600, 180, 60));
    st.text = stampLabel(QStringLiteral("approved"));
    all << st;
    return all;
}

// Qt PDF leaves the paper transparent; the tests look at it on white, as the viewer shows it.
inline QImage onWhite(const QImage& rendered)
{
    QImage out(rendered.size(), QImage::Format_RGB32);
    out.fill(Qt::white);
    QPainter p(&out);
    p.drawImage(0, 0, rendered);
    return out;
}

inline QImage renderWithAnnotations(const QByteArray& pdf, int page, double scale = 1.0)
{
    QBuffer buffer;
    buffer.setData(pdf);
    buffer.open(QIODevice::ReadOnly);
    QPdfDocument doc;
    if (!loadAndWait(doc, &buffer))
        return {};
    QPdfDocumentRenderOptions options;
    options.setRenderFlags(QPdfDocumentRenderOptions::RenderFlag::Annotations);
    return onWhite(doc.render(page, (doc.pagePointSize(page) * scale).toSize(), options));
}

inline QColor pixelAt(const QImage& image, QPointF pdfPoint, double scale = 1.0)
{
    const QPointF p = Geometry::toView(QRectF(0, 0, SimplePdf::kA4Width, H), 0, scale).map(pdfPoint);
    return image.pixelColor(p.toPoint());
}

// The PDF encrypted by qpdf (a peer tool) with the user password "geheim", written beside it in
// `dir`; empty on failure.
inline QByteArray lockedCopy(const QTemporaryDir& dir, const QByteArray& pdf, const QString& stem)
{
    using clerk::test::run;
    using clerk::test::tool;
    const QString in = dir.filePath(stem + QStringLiteral(".pdf")),
                  locked = dir.filePath(stem + QStringLiteral("-locked.pdf"));
    int rc = -1;
    if (!clerk::test::writeFile(in, pdf))
        return {};
    run(tool(QStringLiteral("qpdf")),
        { QStringLiteral("--encrypt"), QStringLiteral("geheim"), QStringLiteral("owner"), QStringLiteral("256"),
            QStringLiteral("--"), in, locked },
        &rc);
    QFile f(locked);
    return rc == 0 && f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace clerk::pdf::samples
