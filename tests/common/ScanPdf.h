// Scanned letters for the viewer's tests: hand-written PDFs whose pages each show one image
// XObject, as scanners write them, with a correct xref; and a JPEG that shows which way is up.
#pragma once

#include <QBuffer>
#include <QByteArray>
#include <QColor>
#include <QImage>
#include <QList>
#include <QPainter>

namespace clerk::test {

// A PDF of the given objects (object i + 1 is objects[i]; the first the catalog), with a
// correct xref.
inline QByteArray pdfOfObjects(const QList<QByteArray>& objects)
{
    QByteArray out = "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n";
    QList<qsizetype> offsets;
    for (int i = 0; i < objects.size(); ++i) {
        offsets << out.size();
        out += QByteArray::number(i + 1) + " 0 obj\n" + objects.at(i) + "\nendobj\n";
    }
    const qsizetype xref = out.size();
    out += "xref\n0 " + QByteArray::number(objects.size() + 1) + "\n0000000000 65535 f \n";
    for (qsizetype o : offsets)
        out += QByteArray::number(o).rightJustified(10, '0') + " 00000 n \n";
    out += "trailer\n<< /Size " + QByteArray::number(objects.size() + 1) + " /Root 1 0 R >>\nstartxref\n"
        + QByteArray::number(xref) + "\n%%EOF\n";
    return out;
}

// A hand-written PDF whose pages each show one image XObject (a scanned letter, as scanners
// write it): content, image dictionary and page attributes per page, with a correct xref.
struct ImagePage
{
    QByteArray content = "q 595 0 0 842 0 0 cm /Im0 Do Q";
    QByteArray imageDict; // without /Length
    QByteArray imageData;
    QByteArray pageExtra; // e.g. "/Rotate 90"
};

inline QByteArray imagePdf(const QList<ImagePage>& pages)
{
    QList<QByteArray> objects; // object i+1
    objects << "<< /Type /Catalog /Pages 2 0 R >>" << QByteArray(); // pages tree filled below
    QByteArray kids;
    for (const ImagePage& page : pages) {
        const int pageObj = int(objects.size()) + 1;
        kids += QByteArray::number(pageObj) + " 0 R ";
        objects << "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 "
                + QByteArray::number(pageObj + 2) + " 0 R >> >> /Contents " + QByteArray::number(pageObj + 1) + " 0 R "
                + page.pageExtra + " >>";
        objects << "<< /Length " + QByteArray::number(page.content.size()) + " >>\nstream\n" + page.content
                + "\nendstream";
        objects << "<< " + page.imageDict + " /Length " + QByteArray::number(page.imageData.size()) + " >>\nstream\n"
                + page.imageData + "\nendstream";
    }
    objects[1] = "<< /Type /Pages /Kids [" + kids + "] /Count " + QByteArray::number(pages.size()) + " >>";
    return pdfOfObjects(objects);
}

// A scan-like picture that shows which way is up: red top left, blue bottom right, text lines.
inline QByteArray scanJpeg(QSize size, bool gray)
{
    QImage img(size, QImage::Format_RGB32);
    img.fill(QColor(250, 248, 240));
    QPainter p(&img);
    p.fillRect(QRect(0, 0, size.width() / 3, size.height() / 4), QColor(200, 30, 30));
    p.fillRect(
        QRect(size.width() * 2 / 3, size.height() * 3 / 4, size.width() / 3, size.height() / 4), QColor(30, 30, 200));
    for (int y = size.height() / 3; y < size.height() * 2 / 3; y += size.height() / 20)
        p.fillRect(QRect(size.width() / 8, y, size.width() * 3 / 4, size.height() / 60), QColor(40, 40, 40));
    p.end();
    if (gray)
        img = img.convertToFormat(QImage::Format_Grayscale8);
    QByteArray jpeg;
    QBuffer b(&jpeg);
    b.open(QIODevice::WriteOnly);
    img.save(&b, "JPEG", 90);
    return jpeg;
}

inline QByteArray jpegDict(QSize size, bool gray)
{
    return "/Type /XObject /Subtype /Image /Width " + QByteArray::number(size.width()) + " /Height "
        + QByteArray::number(size.height()) + (gray ? " /ColorSpace /DeviceGray" : " /ColorSpace /DeviceRGB")
        + " /BitsPerComponent 8 /Filter /DCTDecode";
}

} // namespace clerk::test
