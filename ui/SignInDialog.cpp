#include "SignInDialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

namespace clerk {

SignInDialog::SignInDialog(const QString& backend, const QString& login, const QString& message, QWidget* parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("SignInDialog"));
    setWindowTitle(tr("Sign in to the city backend"));
    auto* layout = new QVBoxLayout(this);
    auto* where = new QLabel(tr("Backend: %1").arg(backend), this);
    where->setWordWrap(true);
    layout->addWidget(where);
    if (!message.isEmpty()) {
        auto* m = new QLabel(message, this);
        m->setWordWrap(true);
        m->setStyleSheet(QStringLiteral("color: #b71c1c;"));
        layout->addWidget(m);
    }
    auto* form = new QFormLayout;
    m_login = new QLineEdit(login, this);
    m_login->setAccessibleName(tr("Login"));
    form->addRow(tr("&Login:"), m_login);
    m_password = new QLineEdit(this);
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setAccessibleName(tr("Password"));
    form->addRow(tr("&Password:"), m_password);
    layout->addLayout(form);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    (login.isEmpty() ? m_login : m_password)->setFocus();
}

QString SignInDialog::login() const
{
    return m_login->text().trimmed();
}

QString SignInDialog::password() const
{
    return m_password->text();
}

} // namespace clerk
