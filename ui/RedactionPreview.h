// The redacted copy as the clerk sees it before saving: every page of the copy, what was blacked out,
// and what else the copy left behind ("3 Formularfelder, 1 Anhang, 2 Lesezeichen entfernt").
#pragma once

#include "core/pdf/PdfExport.h"

#include <QBuffer>
#include <QDialog>
#include <QPdfDocument>

class QLabel;

namespace clerk {

class PageView;

class RedactionPreview : public QDialog
{
    Q_OBJECT
public:
    explicit RedactionPreview(const pdf::Redaction& redaction, QWidget* parent = nullptr);
    ~RedactionPreview() override;

    // The sentence above the pages (for tests).
    QString summary() const;
    PageView* pages() const { return m_pages; }

private:
    QBuffer m_buffer;
    QPdfDocument m_doc;
    QLabel* m_summary = nullptr;
    PageView* m_pages = nullptr;
};

} // namespace clerk
