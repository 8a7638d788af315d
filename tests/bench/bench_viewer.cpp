// ./dev bench viewer [--pages N] [--scans M]: the e-file viewer on a text PDF of N pages (default
// 500) and a scanned-image PDF of M pages (default 50), in a real window (offscreen):
//   - open to first visible page (DocumentViewer::open until page 1 is rendered sharp),
//   - one page at 150 dpi by our renderer (pdf::PageRaster: Qt PDF, or the direct JPEG path for a scanned
//     page; Qt PDF alone beside it) against `pdftoppm -r 150` (poppler) on the same
//     page in the same run: single page (process start included, as a clerk's tool would run it)
//     and per page over ten pages (start-up amortised),
//   - scrolling through all pages a screen at a time: ms per page until it is sharp, and the
//     longest the GUI thread was blocked while scrolling (a 1 ms probe timer),
//   - peak RSS of each phase.
// Figures only; no assertions.
#include "BenchUtil.h"
#include "core/pdf/PageRaster.h"
#include "core/pdf/PdfExport.h"
#include "core/pdf/PdfLoad.h"
#include "core/pdf/SimplePdf.h"
#include "ui/DocumentViewer.h"
#include "ui/GuiProcess.h"
#include "ui/PageRenderer.h"
#include "ui/PageView.h"

#include <QApplication>
#include <QBuffer>
#include <QElapsedTimer>
#include <QFile>
#include <QPainter>
#include <QPdfDocument>
#include <QProcess>
#include <QScrollBar>
#include <QTemporaryDir>
#include <QTimer>
#include <cstdio>
#include <qpdf/Buffer.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFWriter.hh>

using namespace clerk;
using namespace clerk::bench;

namespace {

QByteArray textPdf(int pages)
{
    static const QStringList words { QStringLiteral("Bauantrag"), QStringLiteral("Gartenhaus"),
        QStringLiteral("Grundstück"), QStringLiteral("Flurstück"), QStringLiteral("Baugenehmigung"),
        QStringLiteral("Abstandsfläche"), QStringLiteral("Nachbarschaft"), QStringLiteral("Stellungnahme"),
        QStringLiteral("Bebauungsplan"), QStringLiteral("gemäß"), QStringLiteral("Landesbauordnung"),
        QStringLiteral("und"), QStringLiteral("die") };
    SimplePdf pdf;
    pdf.setTitle(QStringLiteral("Gutachten (Benchmark)"));
    for (int p = 0; p < pages; ++p) {
        pdf.newPage();
        pdf.text(
            56, 60, QStringLiteral("Seite %1 von %2 – Gutachten zur Standsicherheit").arg(p + 1).arg(pages), 14, true);
        double y = 100;
        for (int line = 0; line < 48; ++line) {
            QString s;
            for (int w = 0; w < 11; ++w)
                s += words.at((p * 7 + line * 3 + w * 5) % words.size()) + QLatin1Char(' ');
            pdf.text(56, y, s, 10);
            y += 14;
        }
    }
    return pdf.toPdf();
}

// Pages that are pictures (a scan at 200 dpi, JPEG), as scanned letters arrive.
QByteArray scannedPdf(int pages)
{
    QPDF q;
    q.emptyPDF();
    QPDFPageDocumentHelper helper(q);
    const QSize px(1654, 2339);
    for (int p = 0; p < pages; ++p) {
        QImage img(px, QImage::Format_RGB888);
        img.fill(QColor(250, 248, 240));
        QPainter painter(&img);
        QFont f = painter.font();
        f.setPixelSize(34);
        painter.setFont(f);
        painter.setPen(QColor(30, 30, 30));
        for (int line = 0; line < 45; ++line)
            painter.drawText(140, 200 + line * 46,
                QStringLiteral("Eingescannter Brief, Seite %1, Zeile %2: Stellungnahme der Nachbarschaft")
                    .arg(p + 1)
                    .arg(line + 1));
        painter.end();
        QByteArray jpeg;
        QBuffer b(&jpeg);
        b.open(QIODevice::WriteOnly);
        img.save(&b, "JPEG", 80);
        auto image = QPDFObjectHandle::newStream(&q, jpeg.toStdString());
        auto d = image.getDict();
        d.replaceKey("/Type", QPDFObjectHandle::newName("/XObject"));
        d.replaceKey("/Subtype", QPDFObjectHandle::newName("/Image"));
        d.replaceKey("/Width", QPDFObjectHandle::newInteger(px.width()));
        d.replaceKey("/Height", QPDFObjectHandle::newInteger(px.height()));
        d.replaceKey("/ColorSpace", QPDFObjectHandle::newName("/DeviceRGB"));
        d.replaceKey("/BitsPerComponent", QPDFObjectHandle::newInteger(8));
        d.replaceKey("/Filter", QPDFObjectHandle::newName("/DCTDecode"));
        auto xobjects = QPDFObjectHandle::newDictionary();
        xobjects.replaceKey("/Im0", q.makeIndirectObject(image));
        auto res = QPDFObjectHandle::newDictionary();
        res.replaceKey("/XObject", xobjects);
        auto page = QPDFObjectHandle::newDictionary();
        page.replaceKey("/Type", QPDFObjectHandle::newName("/Page"));
        page.replaceKey("/MediaBox", QPDFObjectHandle::newArray(QPDFObjectHandle::Rectangle(0, 0, 595.28, 841.89)));
        page.replaceKey("/Resources", res);
        page.replaceKey("/Contents", QPDFObjectHandle::newStream(&q, "q 595.28 0 0 841.89 0 0 cm /Im0 Do Q\n"));
        helper.addPage(QPDFPageObjectHelper(q.makeIndirectObject(page)), false);
    }
    QPDFWriter w(q);
    w.setOutputMemory();
    w.write();
    auto buffer = w.getBufferSharedPointer();
    return QByteArray(reinterpret_cast<const char*>(buffer->getBuffer()), qsizetype(buffer->getSize()));
}

struct Figures
{
    double openMs = 0, qpdfInfoMs = 0, qtLoadMs = 0;
    bool scannedPage = false;
    double qtSingle = 0;
    double oursSingle = 0, popplerSingle = 0, popplerPng = 0, oursPerPage = 0, popplerPerPage = 0;
    double scrollPerPage = 0, scrollMaxBlock = 0, scrollP99Block = 0;
    qint64 rssKb = 0;
};

double waitUntil(const std::function<bool()>& done, int timeoutMs = 60000)
{
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    return double(t.nsecsElapsed()) / 1e6;
}

Figures measure(const QString& label, const QByteArray& pdf, const QString& path)
{
    Figures f;
    resetPeak();
    // The parts of opening, alone: page facts by qpdf, loading by Qt PDF.
    f.qpdfInfoMs = ms([&] { (void)pdf::PdfExport::info(pdf); });
    f.qtLoadMs = ms([&] {
        QBuffer b;
        b.setData(pdf);
        b.open(QIODevice::ReadOnly);
        QPdfDocument doc;
        pdf::loadAndWait(doc, &b);
    });
    // Open to first visible page.
    DocumentViewer viewer;
    viewer.resize(1280, 900);
    viewer.show();
    QCoreApplication::processEvents();
    QElapsedTimer t;
    t.start();
    viewer.open(label, QStringLiteral("application/pdf"), pdf);
    waitUntil([&] { return viewer.pageView()->isRendered(0); });
    f.openMs = double(t.nsecsElapsed()) / 1e6;

    // One page at 150 dpi: our renderer (pdf::PageRaster, what the render thread calls) in this
    // process against pdftoppm; Qt PDF alone beside it.
    const int page = std::min(3, viewer.pageCount() - 1);
    {
        pdf::PageRaster raster, pdfium;
        raster.load(pdf);
        pdfium.load(pdf);
        pdfium.setDirectPathEnabled(false);
        QBuffer b;
        b.setData(pdf);
        b.open(QIODevice::ReadOnly);
        QPdfDocument doc;
        pdf::loadAndWait(doc, &b);
        const QSize px = (doc.pagePointSize(page) * 150 / 72.0).toSize();
        f.scannedPage = raster.isScannedPage(page);
        (void)raster.render(page, px); // warm
        (void)pdfium.render(page, px);
        QList<double> single, qtOnly;
        for (int i = 0; i < 5; ++i) {
            single << ms([&] { (void)raster.render(page, px); });
            qtOnly << ms([&] { (void)pdfium.render(page, px); });
        }
        f.oursSingle = percentile(single, 0.5);
        f.qtSingle = percentile(qtOnly, 0.5);
        const int last = std::min(doc.pageCount(), page + 10);
        f.oursPerPage = ms([&] {
            for (int p = page; p < last; ++p)
                (void)raster.render(p, px);
        }) / (last - page);
        QTemporaryDir out;
        QList<double> poppler, popplerPng;
        for (int i = 0; i < 5; ++i) {
            // Raw PPM output: the least encoding work poppler can do (our side encodes nothing).
            poppler << ms([&] {
                QProcess::execute(QStringLiteral("pdftoppm"),
                    { QStringLiteral("-r"), QStringLiteral("150"), QStringLiteral("-f"), QString::number(page + 1),
                        QStringLiteral("-l"), QString::number(page + 1), path, out.filePath(QStringLiteral("p")) });
            });
            popplerPng << ms([&] {
                QProcess::execute(QStringLiteral("pdftoppm"),
                    { QStringLiteral("-r"), QStringLiteral("150"), QStringLiteral("-f"), QString::number(page + 1),
                        QStringLiteral("-l"), QString::number(page + 1), QStringLiteral("-png"), path,
                        out.filePath(QStringLiteral("p")) });
            });
        }
        f.popplerSingle = percentile(poppler, 0.5);
        f.popplerPng = percentile(popplerPng, 0.5);
        f.popplerPerPage = ms([&] {
            QProcess::execute(QStringLiteral("pdftoppm"),
                { QStringLiteral("-r"), QStringLiteral("150"), QStringLiteral("-f"), QString::number(page + 1),
                    QStringLiteral("-l"), QString::number(last), path, out.filePath(QStringLiteral("q")) });
        }) / (last - page);
    }

    // Scroll through everything, a screen at a time; each step waits until what is shown is sharp.
    PageView* view = viewer.pageView();
    QElapsedTimer probe;
    probe.start();
    qint64 lastTick = probe.nsecsElapsed();
    QList<double> gaps;
    QTimer tick;
    tick.setInterval(1);
    QObject::connect(&tick, &QTimer::timeout, [&] {
        const qint64 now = probe.nsecsElapsed();
        gaps << double(now - lastTick) / 1e6;
        lastTick = now;
    });
    tick.start();
    QScrollBar* bar = view->verticalScrollBar();
    QElapsedTimer scroll;
    scroll.start();
    lastTick = probe.nsecsElapsed();
    while (bar->value() < bar->maximum()) {
        bar->setValue(bar->value() + view->viewport()->height());
        const int current = view->currentPage();
        waitUntil([&] { return view->isRendered(current); }, 20000);
    }
    const double total = double(scroll.nsecsElapsed()) / 1e6;
    tick.stop();
    f.scrollPerPage = total / std::max(1, viewer.pageCount());
    f.scrollMaxBlock = gaps.isEmpty() ? 0 : *std::max_element(gaps.cbegin(), gaps.cend());
    f.scrollP99Block = percentile(gaps, 0.99);
    f.rssKb = statusKb("VmHWM:");
    return f;
}

} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    prepareGuiProcess(); // as the app does
    QApplication app(argc, argv);
    int pages = 500, scans = 50;
    const QStringList args = app.arguments();
    if (const qsizetype i = args.indexOf(QStringLiteral("--pages")); i > 0 && i + 1 < args.size())
        pages = args.at(i + 1).toInt();
    if (const qsizetype i = args.indexOf(QStringLiteral("--scans")); i > 0 && i + 1 < args.size())
        scans = args.at(i + 1).toInt();
    QTemporaryDir dir;
    std::printf("viewer benchmark: %d-page text PDF, %d-page scanned PDF; window 1280x900 offscreen\n", pages, scans);
    const QByteArray text = textPdf(pages);
    const QByteArray scanned = scannedPdf(scans);
    const QString textPath = dir.filePath(QStringLiteral("text.pdf")),
                  scanPath = dir.filePath(QStringLiteral("scan.pdf"));
    for (const auto& [path, bytes] : { std::pair { textPath, text }, { scanPath, scanned } }) {
        QFile f(path);
        f.open(QIODevice::WriteOnly);
        f.write(bytes);
    }
    std::printf("files: text %.1f MB, scanned %.1f MB\n", text.size() / 1e6, scanned.size() / 1e6);
    const Figures a = measure(QStringLiteral("text"), text, textPath);
    const Figures b = measure(QStringLiteral("scan"), scanned, scanPath);
    std::printf("\n| measure | text (%d p.) | scanned (%d p.) | target |\n|---|---|---|---|\n", pages, scans);
    std::printf("| open to first visible page, ms | %.1f | %.1f | <= 100 |\n", a.openMs, b.openMs);
    std::printf("| (alone: page facts by qpdf / loading by Qt PDF, ms) | %.1f / %.1f | %.1f / %.1f | |\n", a.qpdfInfoMs,
        a.qtLoadMs, b.qpdfInfoMs, b.qtLoadMs);
    std::printf("| page taken as a scan (direct JPEG path) | %s | %s | |\n", a.scannedPage ? "yes" : "no",
        b.scannedPage ? "yes" : "no");
    std::printf("| one page at 150 dpi, ours (PageRaster), ms | %.1f | %.1f | |\n", a.oursSingle, b.oursSingle);
    std::printf("| one page at 150 dpi, Qt PDF alone, ms | %.1f | %.1f | |\n", a.qtSingle, b.qtSingle);
    std::printf("| one page at 150 dpi, pdftoppm -r 150 (process, PPM out), ms | %.1f | %.1f | |\n", a.popplerSingle,
        b.popplerSingle);
    std::printf("| the same with -png, ms | %.1f | %.1f | |\n", a.popplerPng, b.popplerPng);
    std::printf("| ratio ours / pdftoppm, single page | %.2f | %.2f | <= 0.7 |\n", a.oursSingle / a.popplerSingle,
        b.oursSingle / b.popplerSingle);
    std::printf("| per page over 10 pages, ours / pdftoppm, ms | %.1f / %.1f | %.1f / %.1f | |\n", a.oursPerPage,
        a.popplerPerPage, b.oursPerPage, b.popplerPerPage);
    std::printf("| ratio per page over 10 pages | %.2f | %.2f | <= 0.7 |\n", a.oursPerPage / a.popplerPerPage,
        b.oursPerPage / b.popplerPerPage);
    std::printf(
        "| scroll through all pages, ms per page (until sharp) | %.1f | %.1f | |\n", a.scrollPerPage, b.scrollPerPage);
    std::printf("| longest GUI-thread block while scrolling, ms (p99) | %.1f (%.1f) | %.1f (%.1f) | <= 16 |\n",
        a.scrollMaxBlock, a.scrollP99Block, b.scrollMaxBlock, b.scrollP99Block);
    std::printf("| peak RSS, MiB | %.1f | %.1f | <= 400 (text) |\n", a.rssKb / 1024.0, b.rssKb / 1024.0);
    return 0;
}
