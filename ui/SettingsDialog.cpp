#include "SettingsDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace clerk {

SettingsDialog::SettingsDialog(Settings& settings, QWidget* parent)
    : QDialog(parent)
    , m_settings(settings)
{
    setObjectName(QStringLiteral("SettingsDialog"));
    setWindowTitle(tr("Settings"));
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    layout->addLayout(form);

    auto* language = new QComboBox(this);
    language->addItem(tr("System language"), QString());
    language->addItem(QStringLiteral("Deutsch"), QStringLiteral("de"));
    language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    language->setCurrentIndex(qMax(0, language->findData(settings.string(Settings::Key::Language))));
    addRow(form, Settings::Key::Language, tr("&Language (after restart):"), language);

    auto* backend = new QLineEdit(settings.string(Settings::Key::BackendUrl), this);
    backend->setPlaceholderText(QStringLiteral("https://clerkdesk.stadt.example/"));
    addRow(form, Settings::Key::BackendUrl, tr("&Backend address:"), backend);

    auto* ca = new QLineEdit(settings.string(Settings::Key::CaBundle), this);
    ca->setPlaceholderText(tr("System certificates only"));
    addRow(form, Settings::Key::CaBundle, tr("City &CA bundle (PEM):"), ca);

    auto* idle = new QSpinBox(this);
    idle->setRange(1, 240);
    idle->setSuffix(tr(" min"));
    idle->setValue(settings.integer(Settings::Key::IdleLockMinutes));
    addRow(form, Settings::Key::IdleLockMinutes, tr("Lock after &idle time:"), idle);

    auto* budget = new QSpinBox(this);
    budget->setRange(100, 100000);
    budget->setSingleStep(100);
    budget->setSuffix(tr(" MB"));
    budget->setValue(settings.integer(Settings::Key::CacheBudgetMb));
    addRow(form, Settings::Key::CacheBudgetMb, tr("Document cache &budget:"), budget);

    auto* retention = new QSpinBox(this);
    retention->setRange(1, 3650);
    retention->setSuffix(tr(" days"));
    retention->setValue(settings.integer(Settings::Key::RetentionDays));
    addRow(form, Settings::Key::RetentionDays, tr("Keep closed requests for:"), retention);

    // The authority named as sender when requests are handed over to another one (xdomea).
    auto* authority = new QLineEdit(settings.string(Settings::Key::AuthorityName), this);
    addRow(form, Settings::Key::AuthorityName, tr("Your au&thority (for hand-overs):"), authority);
    auto* shortName = new QLineEdit(settings.string(Settings::Key::AuthorityShortName), this);
    addRow(form, Settings::Key::AuthorityShortName, tr("Authority short na&me:"), shortName);
    auto* authorityId = new QLineEdit(settings.string(Settings::Key::AuthorityId), this);
    authorityId->setPlaceholderText(QStringLiteral("ags:08111000"));
    addRow(form, Settings::Key::AuthorityId, tr("Authority i&dentifier:"), authorityId);
    auto* unit = new QLineEdit(settings.string(Settings::Key::AuthorityUnit), this);
    addRow(form, Settings::Key::AuthorityUnit, tr("Organisational &unit:"), unit);

    m_passphrase = new QPushButton(tr("Change passphrase…"), this);
    m_passphrase->setObjectName(QStringLiteral("changePassphraseButton"));
    m_passphrase->setAccessibleName(tr("Change passphrase"));
    m_passphrase->setAccessibleDescription(tr("Choose a new passphrase for your encrypted profile on this computer."));
    m_passphrase->setAutoDefault(false);
    connect(m_passphrase, &QPushButton::clicked, this, &SettingsDialog::changePassphraseRequested);
    auto* passphraseLabel = new QLabel(tr("Profile passphrase:"), this);
    passphraseLabel->setBuddy(m_passphrase);
    auto* passphraseRow = new QHBoxLayout;
    passphraseRow->addWidget(m_passphrase);
    passphraseRow->addStretch();
    form->addRow(passphraseLabel, passphraseRow);
    setPassphraseChangeAvailable(false);

    setMinimumWidth(560);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

void SettingsDialog::addRow(QFormLayout* form, Settings::Key key, const QString& label, QWidget* editor)
{
    editor->setObjectName(Settings::info(key).name);
    auto* labelWidget = new QLabel(label, this);
    labelWidget->setBuddy(editor);
    editor->setAccessibleName(QString(label).remove(QLatin1Char('&')).remove(QLatin1Char(':')));
    if (m_settings.isLocked(key)) {
        editor->setEnabled(false);
        const QString why = tr("Set by your administrator (machine policy).");
        editor->setToolTip(why);
        editor->setAccessibleDescription(why);
        // Not a padlock glyph: the fonts of many city desktops have none.
        labelWidget->setText(label + QLatin1Char(' ') + tr("(set by policy)"));
    }
    form->addRow(labelWidget, editor);
    m_editors.insert(key, editor);
}

void SettingsDialog::setPassphraseChangeAvailable(bool available)
{
    m_passphrase->setEnabled(available);
    m_passphrase->setToolTip(available ? QString() : tr("Available while your profile is unlocked."));
}

void SettingsDialog::accept()
{
    for (auto it = m_editors.cbegin(); it != m_editors.cend(); ++it) {
        if (m_settings.isLocked(it.key()))
            continue;
        QVariant v;
        if (auto* c = qobject_cast<QComboBox*>(it.value()))
            v = c->currentData();
        else if (auto* l = qobject_cast<QLineEdit*>(it.value()))
            v = l->text().trimmed();
        else if (auto* s = qobject_cast<QSpinBox*>(it.value()))
            v = s->value();
        m_settings.remember(it.key(), v);
    }
    m_settings.sync();
    QDialog::accept();
}

} // namespace clerk
