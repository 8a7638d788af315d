#include "PdfText.h"

#include "PdfLoad.h"

#include <QBuffer>
#include <QPdfDocument>

namespace clerk {

Result<QString> PdfText::extract(const QByteArray& pdf, int maxChars)
{
    if (!pdf.startsWith("%PDF-"))
        return Error { Error::Unsupported, tr("This document is not a PDF."), {} };
    QBuffer buffer;
    buffer.setData(pdf);
    buffer.open(QIODevice::ReadOnly);
    QPdfDocument doc;
    pdf::loadAndWait(doc, &buffer);
    if (doc.status() != QPdfDocument::Status::Ready)
        return Error { Error::Corrupt, tr("The PDF could not be read (damaged or password-protected)."),
            QStringLiteral("QPdfDocument error %1").arg(int(doc.error())) };
    QString text;
    for (int page = 0; page < doc.pageCount() && text.size() < maxChars; ++page)
        text += doc.getAllText(page).text() + QLatin1Char('\n');
    return text.left(maxChars);
}

} // namespace clerk
