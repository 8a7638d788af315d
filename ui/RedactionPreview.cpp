#include "RedactionPreview.h"

#include "PageView.h"
#include "core/pdf/PdfLoad.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QVBoxLayout>

namespace clerk {

RedactionPreview::RedactionPreview(const pdf::Redaction& redaction, QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Preview of the redacted copy"));
    resize(760, 820);
    auto* layout = new QVBoxLayout(this);
    QString text = tr("%n area(s) blacked out. Pages with a redaction are now pictures without text.", nullptr,
        redaction.removed.marks);
    // "3 Formularfelder, 1 Anhang, 2 Lesezeichen entfernt."
    if (const QString removed = pdf::PdfExport::removedSummary(redaction.removed); !removed.isEmpty())
        text += QLatin1Char(' ') + removed + QLatin1Char('.');
    text += QLatin1Char(' ') + tr("The copy keeps only the pages; check every page before you save.");
    m_summary = new QLabel(text, this);
    m_summary->setWordWrap(true);
    m_summary->setObjectName(QStringLiteral("redactionSummary"));
    layout->addWidget(m_summary);

    m_buffer.setData(redaction.pdf);
    m_buffer.open(QIODevice::ReadOnly);
    pdf::loadAndWait(m_doc, &m_buffer);
    m_pages = new PageView(this);
    QList<QRectF> boxes;
    for (int i = 0; i < m_doc.pageCount(); ++i)
        boxes << QRectF(QPointF(0, 0), m_doc.pagePointSize(i));
    m_pages->setDocument(&m_doc, redaction.pdf, boxes, QList<int>(boxes.size(), 0));
    m_pages->setFit(PageView::Fit::Page); // whole pages: the clerk checks each one entirely
    layout->addWidget(m_pages, 1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

RedactionPreview::~RedactionPreview()
{
    delete m_pages; // before the document it shows
}

QString RedactionPreview::summary() const
{
    return m_summary->text();
}

} // namespace clerk
