#include "SimplePdf.h"

#include <QStringList>
#include <qpdf/Buffer.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFWriter.hh>

namespace clerk {

namespace {
QByteArray number(double v)
{
    return QByteArray::number(v, 'f', 2);
}

QByteArray escapeLiteral(const QByteArray& raw)
{
    QByteArray out("(");
    for (char c : raw) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '(' || c == ')' || c == '\\') {
            out += '\\';
            out += c;
        } else if (u < 0x20 || u >= 0x80) {
            out += '\\' + QByteArray::number(u, 8).rightJustified(3, '0');
        } else {
            out += c;
        }
    }
    return out + ')';
}
} // namespace

QByteArray SimplePdf::literal(const QString& text)
{
    return escapeLiteral(winAnsi(text));
}

QByteArray SimplePdf::winAnsi(const QString& text)
{
    QByteArray out;
    out.reserve(text.size());
    for (QChar ch : text) {
        const char16_t u = ch.unicode();
        switch (u) {
        case u'€':
            out += char(0x80);
            continue;
        case u'‚':
            out += char(0x82);
            continue;
        case u'„':
            out += char(0x84);
            continue;
        case u'…':
            out += char(0x85);
            continue;
        case u'‘':
            out += char(0x91);
            continue;
        case u'’':
            out += char(0x92);
            continue;
        case u'“':
            out += char(0x93);
            continue;
        case u'”':
            out += char(0x94);
            continue;
        case u'•':
            out += char(0x95);
            continue;
        case u'–':
            out += char(0x96);
            continue;
        case u'—':
            out += char(0x97);
            continue;
        case u'ı':
            out += 'i';
            continue;
        default:
            break;
        }
        if (u < 0x100) {
            out += char(u);
            continue;
        }
        // Drop the accent: č → c, ş → s, ğ → g.
        const QString base = QString(ch).normalized(QString::NormalizationForm_D);
        out += (!base.isEmpty() && base.at(0).unicode() < 0x80) ? char(base.at(0).unicode()) : '?';
    }
    return out;
}

double SimplePdf::textWidth(const QString& text, double size)
{
    // Helvetica's average advance is about 0.5 em; good enough for wrapping synthetic text.
    return text.size() * size * 0.5;
}

void SimplePdf::newPage()
{
    m_pages.append(QByteArray());
}

void SimplePdf::text(double x, double y, const QString& s, double size, bool bold)
{
    if (m_pages.isEmpty())
        newPage();
    m_pages.last() += "BT /" + QByteArray(bold ? "F2" : "F1") + ' ' + number(size) + " Tf " + number(x) + ' '
        + number(kA4Height - y) + " Td " + literal(s) + " Tj ET\n";
}

double SimplePdf::paragraph(double x, double y, double width, const QString& s, double size)
{
    const QStringList words = s.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    QString line;
    const double lineHeight = size * 1.35;
    for (const QString& w : words) {
        const QString candidate = line.isEmpty() ? w : line + QLatin1Char(' ') + w;
        if (!line.isEmpty() && textWidth(candidate, size) > width) {
            text(x, y, line, size);
            y += lineHeight;
            line = w;
        } else {
            line = candidate;
        }
    }
    if (!line.isEmpty()) {
        text(x, y, line, size);
        y += lineHeight;
    }
    return y;
}

void SimplePdf::line(double x1, double y1, double x2, double y2, double width)
{
    if (m_pages.isEmpty())
        newPage();
    m_pages.last() += number(width) + " w " + number(x1) + ' ' + number(kA4Height - y1) + " m " + number(x2) + ' '
        + number(kA4Height - y2) + " l S\n";
}

void SimplePdf::rect(const QRectF& r, double gray, double width)
{
    if (m_pages.isEmpty())
        newPage();
    QByteArray& p = m_pages.last();
    const QByteArray box = number(r.x()) + ' ' + number(kA4Height - r.y() - r.height()) + ' ' + number(r.width()) + ' '
        + number(r.height()) + " re ";
    if (gray >= 0)
        p += "q " + number(gray) + " g " + box + "f Q\n";
    p += number(width) + " w " + box + "S\n";
}

QByteArray SimplePdf::toPdf() const
{
    QPDF pdf;
    pdf.emptyPDF();
    auto makeFont = [&](const char* name) {
        auto f = QPDFObjectHandle::newDictionary();
        f.replaceKey("/Type", QPDFObjectHandle::newName("/Font"));
        f.replaceKey("/Subtype", QPDFObjectHandle::newName("/Type1"));
        f.replaceKey("/BaseFont", QPDFObjectHandle::newName(name));
        f.replaceKey("/Encoding", QPDFObjectHandle::newName("/WinAnsiEncoding"));
        return pdf.makeIndirectObject(f);
    };
    auto fonts = QPDFObjectHandle::newDictionary();
    fonts.replaceKey("/F1", makeFont("/Helvetica"));
    fonts.replaceKey("/F2", makeFont("/Helvetica-Bold"));
    auto resources = QPDFObjectHandle::newDictionary();
    resources.replaceKey("/Font", fonts);

    QPDFPageDocumentHelper pages(pdf);
    const QList<QByteArray> content = m_pages.isEmpty() ? QList<QByteArray> { QByteArray() } : m_pages;
    for (const QByteArray& c : content) {
        auto page = QPDFObjectHandle::newDictionary();
        page.replaceKey("/Type", QPDFObjectHandle::newName("/Page"));
        page.replaceKey(
            "/MediaBox", QPDFObjectHandle::newArray(QPDFObjectHandle::Rectangle(0, 0, kA4Width, kA4Height)));
        page.replaceKey("/Resources", resources);
        page.replaceKey("/Contents", QPDFObjectHandle::newStream(&pdf, c.toStdString()));
        pages.addPage(QPDFPageObjectHelper(pdf.makeIndirectObject(page)), false);
    }
    if (!m_title.isEmpty()) {
        auto info = QPDFObjectHandle::newDictionary();
        info.replaceKey("/Title", QPDFObjectHandle::newUnicodeString(m_title.toStdString()));
        info.replaceKey("/Producer", QPDFObjectHandle::newUnicodeString("ClerkDesk"));
        pdf.getTrailer().replaceKey("/Info", pdf.makeIndirectObject(info));
    }
    QPDFWriter w(pdf);
    w.setOutputMemory();
    w.setDeterministicID(true);
    w.setCompressStreams(true);
    w.write();
    auto buffer = w.getBufferSharedPointer();
    return QByteArray(reinterpret_cast<const char*>(buffer->getBuffer()), qsizetype(buffer->getSize()));
}

} // namespace clerk
