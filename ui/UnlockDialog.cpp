#include "UnlockDialog.h"

#include "UiLogging.h"
#include "core/Keyring.h"
#include "core/SecureWipe.h"
#include "core/store/Store.h"

#include <QApplication>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>
#include <memory>

namespace clerk {

UnlockDialog::UnlockDialog(Store& store, Keyring* keyring, const QString& profile, QWidget* parent)
    : QDialog(parent)
    , m_store(store)
    , m_keyring(keyring)
    , m_profile(profile)
    , m_create(!store.exists())
{
    setObjectName(QStringLiteral("UnlockDialog"));
    setWindowTitle(m_create ? tr("Create your encrypted profile") : tr("Unlock ClerkDesk"));
    auto* layout = new QVBoxLayout(this);
    auto* intro
        = new QLabel(m_create ? tr("ClerkDesk keeps the requests you work on encrypted on this computer. Choose "
                                   "a passphrase of at least 8 characters; without it the data cannot be read.")
                              : tr("Enter your passphrase to open profile \"%1\".").arg(profile),
            this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto* form = new QFormLayout;
    m_passphrase = new QLineEdit(this);
    m_passphrase->setObjectName(QStringLiteral("passphraseField"));
    m_passphrase->setEchoMode(QLineEdit::Password);
    m_passphrase->setAccessibleName(tr("Passphrase"));
    form->addRow(tr("&Passphrase:"), m_passphrase);
    if (m_create) {
        m_repeat = new QLineEdit(this);
        m_repeat->setObjectName(QStringLiteral("repeatField"));
        m_repeat->setEchoMode(QLineEdit::Password);
        m_repeat->setAccessibleName(tr("Repeat passphrase"));
        form->addRow(tr("&Repeat:"), m_repeat);
    }
    layout->addLayout(form);
    m_remember = new QCheckBox(tr("Re&member on this computer (OS keyring)"), this);
    m_remember->setObjectName(QStringLiteral("rememberBox"));
    if (!m_keyring) {
        m_remember->setEnabled(false);
        m_remember->setToolTip(
            tr("This computer has no keyring that ClerkDesk can use; please enter your passphrase."));
    }
    layout->addWidget(m_remember);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("unlockMessage"));
    m_message->setWordWrap(true);
    m_message->setStyleSheet(QStringLiteral("color: #b71c1c;"));
    m_message->setAccessibleName(tr("Message"));
    m_message->hide();
    layout->addWidget(m_message);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(m_create ? tr("&Create") : tr("&Unlock"));
    connect(buttons, &QDialogButtonBox::accepted, this, &UnlockDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    m_passphrase->setFocus();
}

void UnlockDialog::accept()
{
    QByteArray passphrase = m_passphrase->text().toUtf8();
    auto fail = [this](const QString& message) {
        m_message->setText(message);
        m_message->show();
        adjustSize(); // the whole message, wrapped: the dialog grows by its lines
        m_passphrase->selectAll();
        m_passphrase->setFocus();
    };
    if (m_create && m_repeat->text() != m_passphrase->text()) {
        fail(tr("The two passphrases differ."));
        return;
    }
    QApplication::setOverrideCursor(Qt::WaitCursor);
    const Status s = m_create ? m_store.create(passphrase) : m_store.unlock(passphrase);
    QApplication::restoreOverrideCursor();
    secureWipe(passphrase);
    m_passphrase->clear();
    if (m_repeat)
        m_repeat->clear();
    if (!s) {
        fail(s.errorString());
        return;
    }
    if (m_remember->isChecked() && m_keyring) {
        // The keyring answers later; the dialog closes then (unlocked all the same if it refuses),
        // or when it has not answered in time: whichever comes first, the other is ignored.
        setEnabled(false);
        auto settled = std::make_shared<bool>(false);
        auto close = [dialog = QPointer(this), settled](const QString& message) {
            if (!dialog || *settled)
                return;
            *settled = true;
            if (!message.isEmpty())
                dialog->m_message->setText(message);
            dialog->setEnabled(true);
            dialog->QDialog::accept();
        };
        QTimer::singleShot(m_keyringTimeoutMs, this, [close] {
            qCWarning(lcUi) << "the keyring did not answer; the key is not remembered";
            close(tr("The keyring did not answer in time, so your key may not be remembered on this computer; "
                     "ClerkDesk then asks for your passphrase next time."));
        });
        QByteArray key = m_store.rawKey();
        m_keyring->storeKey(m_profile, key, [close](Status k) { close(k ? QString() : k.errorString()); });
        secureWipe(key);
        return;
    }
    QDialog::accept();
}

} // namespace clerk
