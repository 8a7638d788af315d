// clerkdesk-cli pdf …: the viewer's core PDF code for city IT and the benchmark.
//
//   pdf info FILE                           version, pages and sizes, metadata, annotations
//   pdf render FILE PAGE OUT.png [--dpi N]  one page (1-based) as PNG, default 150 dpi
//   pdf annotate FILE XFDF OUT.pdf [--flatten]
//   pdf redact FILE XFDF OUT.pdf [--dpi N]  applies the redaction marks of the XFDF (default 200 dpi) and
//                                           says what else the copy left behind (form fields, attachments …)
//   pdf xfdf FILE.pdf [OUT.xfdf]            the annotations the PDF carries, as XFDF (stdout without OUT)
//
// Exit codes: 0 done; 1 usage or a file cannot be read or written; 2 the PDF or XFDF is refused
// (damaged, password-protected, not valid), with the reason on stderr.
#include "PdfCommands.h"

#include "core/pdf/PageRaster.h"
#include "core/pdf/PdfExport.h"
#include "core/pdf/Xfdf.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QPainter>
#include <QSaveFile>
#include <QTextStream>
#include <cstdio>

namespace clerk::cli {

namespace {
int usage()
{
    std::fputs("usage:\n"
               "  clerkdesk-cli pdf info FILE\n"
               "  clerkdesk-cli pdf render FILE PAGE OUT.png [--dpi N]\n"
               "  clerkdesk-cli pdf annotate FILE XFDF OUT.pdf [--flatten]\n"
               "  clerkdesk-cli pdf redact FILE XFDF OUT.pdf [--dpi N]\n"
               "  clerkdesk-cli pdf xfdf FILE.pdf [OUT.xfdf]\n"
               "exit codes: 0 done, 1 usage/unreadable/unwritable, 2 PDF or XFDF refused\n",
        stderr);
    return 1;
}

int fail(int code, const QString& message, const QString& detail = {})
{
    std::fprintf(stderr, "clerkdesk-cli: %s\n", qPrintable(message));
    if (!detail.isEmpty())
        std::fprintf(stderr, "clerkdesk-cli: (%s)\n", qPrintable(detail));
    return code;
}

int fail(int code, const Error& e)
{
    return fail(code, e.message, e.detail);
}

bool readFile(const QString& path, QByteArray& out, int* rc)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *rc = fail(1, QStringLiteral("cannot read %1: %2").arg(path, f.errorString()));
        return false;
    }
    out = f.readAll();
    return true;
}

int writeFile(const QString& path, const QByteArray& data)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(data) != data.size() || !f.commit())
        return fail(1, QStringLiteral("cannot write %1: %2").arg(path, f.errorString()));
    return 0;
}

int takeDpi(QStringList& args, int fallback)
{
    const qsizetype i = args.indexOf(QStringLiteral("--dpi"));
    if (i < 0 || i + 1 >= args.size())
        return fallback;
    bool ok = false;
    const int dpi = args.at(i + 1).toInt(&ok);
    args.remove(i, 2);
    return ok && dpi >= 36 && dpi <= 1200 ? dpi : -1;
}
} // namespace

int runPdf(QStringList args)
{
    if (args.isEmpty())
        return usage();
    const QString command = args.takeFirst();
    QTextStream out(stdout);
    int rc = 0;
    QByteArray pdf;

    if (command == QLatin1String("info")) {
        if (args.size() != 1 || !readFile(args.first(), pdf, &rc))
            return rc ? rc : usage();
        auto info = pdf::PdfExport::info(pdf);
        if (!info)
            return fail(2, info.error());
        if (info->encrypted && info->pages == 0) {
            out << "encrypted: yes (password needed)\n";
            return 2;
        }
        out << "version: " << info->version << "\npages: " << info->pages
            << "\nencrypted: " << (info->encrypted ? "yes" : "no") << "\ntitle: " << info->title
            << "\nauthor: " << info->author << "\nproducer: " << info->producer
            << "\nxmp: " << (info->hasXmp ? "yes" : "no") << "\nannotations: " << info->annotations << '\n';
        for (int i = 0; i < info->pages; ++i)
            out << "page " << i + 1 << ": " << info->pageSizes.at(i).width() << " x " << info->pageSizes.at(i).height()
                << " pt, rotate " << info->rotations.at(i) << '\n';
        return 0;
    }
    if (command == QLatin1String("render")) {
        const int dpi = takeDpi(args, 150);
        if (dpi < 0)
            return fail(1, QStringLiteral("--dpi wants a number from 36 to 1200"));
        if (args.size() != 3 || !readFile(args.at(0), pdf, &rc))
            return rc ? rc : usage();
        bool ok = false;
        const int page = args.at(1).toInt(&ok) - 1;
        if (!ok)
            return usage();
        pdf::PageRaster raster;
        if (!raster.load(pdf))
            return fail(2,
                raster.needsPassword() ? QStringLiteral("the PDF is protected by a password")
                                       : QStringLiteral("the PDF is damaged or not a PDF"));
        if (page < 0 || page >= raster.pageCount())
            return fail(1,
                QStringLiteral("page %1 does not exist; the PDF has %2 page(s)").arg(page + 1).arg(raster.pageCount()));
        QElapsedTimer timer;
        timer.start();
        const QSizeF points = raster.pagePointSize(page);
        const QImage drawn = raster.render(page, (points * dpi / 72.0).toSize());
        const qint64 ms = timer.elapsed();
        // On white paper, as printed: PDFium leaves unpainted paper transparent.
        QImage image;
        if (!drawn.isNull()) {
            image = QImage(drawn.size(), QImage::Format_RGB32);
            image.fill(Qt::white);
            QPainter painter(&image);
            painter.drawImage(0, 0, drawn);
        }
        if (image.isNull())
            return fail(2, QStringLiteral("page %1 could not be rendered").arg(page + 1));
        QSaveFile f(args.at(2));
        if (!f.open(QIODevice::WriteOnly) || !image.save(&f, "PNG") || !f.commit())
            return fail(1, QStringLiteral("cannot write %1").arg(args.at(2)));
        out << image.width() << 'x' << image.height() << " px, rendered in " << ms << " ms\n";
        return 0;
    }
    if (command == QLatin1String("annotate") || command == QLatin1String("redact")) {
        const bool flatten = args.removeAll(QStringLiteral("--flatten")) > 0;
        const int dpi = takeDpi(args, 200);
        if (dpi < 0)
            return fail(1, QStringLiteral("--dpi wants a number from 36 to 1200"));
        QByteArray xfdf;
        if (args.size() != 3 || !readFile(args.at(0), pdf, &rc) || !readFile(args.at(1), xfdf, &rc))
            return rc ? rc : usage();
        auto annotations = pdf::Xfdf::read(xfdf, QStringLiteral("document"));
        if (!annotations)
            return fail(2, annotations.error());
        if (command == QLatin1String("annotate")) {
            auto result = pdf::PdfExport::annotated(pdf, annotations.value(), flatten);
            if (!result)
                return fail(2, result.error());
            if (int w = writeFile(args.at(2), result.value()); w)
                return w;
            out << annotations->size() << " annotation(s) written" << (flatten ? " and flattened" : "") << '\n';
            return 0;
        }
        auto result = pdf::PdfExport::redacted(pdf, annotations.value(), dpi);
        if (!result)
            return fail(2, result.error());
        if (int w = writeFile(args.at(2), result->pdf); w)
            return w;
        out << result->removed.marks << " redaction mark(s) applied\n";
        // The same sentence as the viewer's preview ("3 form fields, 1 attachment … removed").
        if (const QString removed = pdf::PdfExport::removedSummary(result->removed); !removed.isEmpty())
            out << removed << '\n';
        return 0;
    }
    if (command == QLatin1String("xfdf")) {
        if (args.isEmpty() || args.size() > 2 || !readFile(args.at(0), pdf, &rc))
            return rc ? rc : usage();
        auto annotations = pdf::PdfExport::readAnnotations(pdf, QStringLiteral("document"));
        if (!annotations)
            return fail(2, annotations.error());
        const QByteArray xml = pdf::Xfdf::write(annotations.value(), QFileInfo(args.at(0)).fileName());
        if (args.size() == 2)
            return writeFile(args.at(1), xml);
        out.flush();
        std::fwrite(xml.constData(), 1, size_t(xml.size()), stdout);
        return 0;
    }
    return usage();
}

} // namespace clerk::cli
