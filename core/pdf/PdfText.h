// Extracts the text of a PDF with Qt PDF, from memory (the decrypted bytes never touch the disk),
// for the full-text index. Meant for the sync thread, never the GUI thread.
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QCoreApplication>

namespace clerk {

class PdfText
{
    Q_DECLARE_TR_FUNCTIONS(clerk::PdfText)
public:
    // `maxChars` bounds what one document adds to the index.
    static Result<QString> extract(const QByteArray& pdf, int maxChars = 200000);
};

} // namespace clerk
