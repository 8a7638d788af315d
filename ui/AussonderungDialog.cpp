#include "AussonderungDialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace clerk {

namespace {
QString shown(const QDate& d)
{
    return d.isValid() ? d.toString(QStringLiteral("dd.MM.yyyy")) : QStringLiteral("–");
}
} // namespace

AussonderungDialog::AussonderungDialog(
    const xdomea::Authority& sender, const QList<xdomea::Candidate>& candidates, QWidget* parent)
    : QDialog(parent)
    , m_candidates(candidates)
    , m_senderMissing(sender.name.isEmpty())
{
    setObjectName(QStringLiteral("aussonderungDialog"));
    setWindowTitle(tr("Offer to the archive"));
    auto* layout = new QVBoxLayout(this);
    const int count = int(offerable().size());
    const auto offeredAs = [this](const xdomea::Candidate& c, bool tip) {
        if (c.replaces.isEmpty())
            return tip ? tr("Will be offered to the archive.") : tr("yes");
        return tip ? tr("Offered already in the Aussonderung %1, which the archive has not assessed; offered again, it "
                        "leaves that one. Send the archive only the new offer list.")
                         .arg(c.replaces)
                   : tr("yes, again");
    };
    auto* intro = new QLabel(this);
    intro->setObjectName(QStringLiteral("aussonderungIntro"));
    intro->setWordWrap(true);
    intro->setTextFormat(Qt::PlainText);
    if (count == 0)
        intro->setText(tr("None of the selected requests can be offered to the archive yet. A request is offered when "
                          "it is closed and its retention period (Aufbewahrungsfrist) has ended; the list says why "
                          "each one is not ready."));
    else
        intro->setText(tr("%n request(s) will be offered to the archive in an offer list (xdomea Anbieteverzeichnis "
                          "0501). The archive answers with its assessment; import it with File → Import the "
                          "archive's assessment…",
            nullptr, count));
    layout->addWidget(intro);

    auto* list = new QTreeWidget(this);
    list->setObjectName(QStringLiteral("aussonderungList"));
    list->setAccessibleName(tr("Selected requests"));
    list->setRootIsDecorated(false);
    list->setHeaderLabels({ tr("Request"), tr("Closed on"), tr("Kept until"), tr("Offer") });
    for (const xdomea::Candidate& c : candidates) {
        auto* item = new QTreeWidgetItem(
            list, { c.reference, shown(c.closed), shown(c.retentionEnd), c.offerable ? offeredAs(c, false) : c.why });
        item->setToolTip(3, c.offerable ? offeredAs(c, true) : c.why);
    }
    list->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    list->header()->setStretchLastSection(true);
    layout->addWidget(list, 1);

    auto* form = new QFormLayout;
    auto* from
        = new QLabel(sender.name.isEmpty() ? tr("(not set: enter your authority in the settings)") : sender.name, this);
    from->setTextFormat(Qt::PlainText);
    form->addRow(tr("Offered by:"), from);
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("archiveName"));
    m_name->setPlaceholderText(tr("e.g. Stadtarchiv Stuttgart"));
    m_name->setAccessibleName(tr("Archive"));
    auto* nameLabel = new QLabel(tr("&Archive:"), this);
    nameLabel->setBuddy(m_name);
    form->addRow(nameLabel, m_name);
    m_shortName = new QLineEdit(this);
    m_shortName->setObjectName(QStringLiteral("archiveShortName"));
    m_shortName->setAccessibleName(tr("Short name of the archive"));
    auto* shortLabel = new QLabel(tr("&Short name:"), this);
    shortLabel->setBuddy(m_shortName);
    form->addRow(shortLabel, m_shortName);
    layout->addLayout(form);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Offer…"));
    if (count == 0)
        m_buttons->button(QDialogButtonBox::Cancel)->setText(tr("Close"));
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_name, &QLineEdit::textChanged, this, &AussonderungDialog::updateButtons);
    m_name->setEnabled(count > 0);
    m_shortName->setEnabled(count > 0);
    updateButtons();
    resize(760, 420);
}

void AussonderungDialog::updateButtons()
{
    m_buttons->button(QDialogButtonBox::Ok)
        ->setEnabled(!m_senderMissing && !offerable().isEmpty() && !m_name->text().trimmed().isEmpty());
}

xdomea::Authority AussonderungDialog::archive() const
{
    xdomea::Authority a;
    a.name = m_name->text().trimmed();
    a.shortName = m_shortName->text().trimmed();
    return a;
}

QStringList AussonderungDialog::offerable() const
{
    QStringList ids;
    for (const xdomea::Candidate& c : m_candidates)
        if (c.offerable)
            ids << c.requestId;
    return ids;
}

} // namespace clerk
