#include "PdfText.h"

#include <QBuffer>
#include <QEventLoop>
#include <QPdfDocument>
#include <QTimer>

namespace clerk {

Result<QString> PdfText::extract(const QByteArray& pdf, int maxChars)
{
    if (!pdf.startsWith("%PDF-"))
        return Error{Error::Unsupported, tr("This document is not a PDF."), {}};
    QBuffer buffer;
    buffer.setData(pdf);
    buffer.open(QIODevice::ReadOnly);
    QPdfDocument doc;
    QEventLoop loop;
    QObject::connect(&doc, &QPdfDocument::statusChanged, &loop, [&loop](QPdfDocument::Status s) {
        if (s == QPdfDocument::Status::Ready || s == QPdfDocument::Status::Error)
            loop.quit();
    });
    QTimer::singleShot(30000, &loop, &QEventLoop::quit);
    doc.load(&buffer);
    if (doc.status() == QPdfDocument::Status::Loading)
        loop.exec();
    if (doc.status() != QPdfDocument::Status::Ready)
        return Error{Error::Corrupt, tr("The PDF could not be read (damaged or password-protected)."),
                     QStringLiteral("QPdfDocument error %1").arg(int(doc.error()))};
    QString text;
    for (int page = 0; page < doc.pageCount() && text.size() < maxChars; ++page)
        text += doc.getAllText(page).text() + QLatin1Char('\n');
    return text.left(maxChars);
}

} // namespace clerk
