#include "AboutDialog.h"

#include "core/StackVersions.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QVBoxLayout>

namespace clerk {

AboutDialog::AboutDialog(QWidget* parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("AboutDialog"));
    setWindowTitle(tr("About ClerkDesk"));
    const StackVersions v = StackVersions::loaded();
    auto* layout = new QVBoxLayout(this);
    auto* title = new QLabel(QStringLiteral("<h2>ClerkDesk %1</h2>").arg(v.clerkdesk), this);
    layout->addWidget(title);
    auto* what = new QLabel(tr("The workstation for processing online requests: one inbox, the e-file, "
                               "and an encrypted offline cache."),
        this);
    what->setWordWrap(true);
    layout->addWidget(what);
    m_versions = new QLabel(this);
    m_versions->setObjectName(QStringLiteral("versionsLabel"));
    m_versions->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_versions->setText(tr("Libraries in use:") + QLatin1Char('\n') + v.toText());
    m_versions->setAccessibleName(tr("Library versions"));
    layout->addWidget(m_versions);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

QString AboutDialog::versionsText() const
{
    return m_versions->text();
}

} // namespace clerk
