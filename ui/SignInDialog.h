// Sign-in to the city backend: login and password, with the backend address shown (and locked
// when a machine policy sets it).
#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;

namespace clerk {

class SignInDialog : public QDialog
{
    Q_OBJECT
public:
    SignInDialog(const QString& backend, const QString& login, const QString& message, QWidget* parent = nullptr);
    QString login() const;
    QString password() const;

private:
    QLineEdit* m_login = nullptr;
    QLineEdit* m_password = nullptr;
};

} // namespace clerk
