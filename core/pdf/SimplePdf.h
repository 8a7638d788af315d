// Composes plain PDF documents (application summaries, letters, site plans) with qpdf: text in
// the standard Helvetica fonts, lines and rectangles. Used by the seeder and demo mode to make
// realistic synthetic e-files. Output is deterministic for the same input.
//
// Text is encoded in WinAnsi: German umlauts and ß are kept; letters outside it (ı, ş, č …) are
// written without their accent, which is fine for synthetic data and keeps the PDF self-contained.
#pragma once

#include <QByteArray>
#include <QList>
#include <QRectF>
#include <QString>

namespace clerk {

class SimplePdf
{
public:
    static constexpr double kA4Width = 595.28;
    static constexpr double kA4Height = 841.89;

    void newPage();
    // y is measured from the top of the page, in points.
    void text(double x, double y, const QString& text, double size = 11, bool bold = false);
    // Wraps `text` into lines of at most `width` points; returns the y below the last line.
    double paragraph(double x, double y, double width, const QString& text, double size = 11);
    void line(double x1, double y1, double x2, double y2, double width = 0.8);
    void rect(const QRectF& r, double gray = -1, double width = 0.8); // gray in 0..1 fills
    void setTitle(const QString& title) { m_title = title; }

    int pageCount() const { return int(m_pages.size()); }
    QByteArray toPdf() const;

    static QByteArray winAnsi(const QString& text);
    // A PDF literal string "(…)" of `text` in WinAnsi, escaped.
    static QByteArray literal(const QString& text);
    static double textWidth(const QString& text, double size);

private:
    QList<QByteArray> m_pages;
    QString m_title;
};

} // namespace clerk
