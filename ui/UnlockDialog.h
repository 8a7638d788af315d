// Opens the clerk's encrypted profile: a new passphrase (twice) for a new profile, or the
// passphrase for an existing one. "Remember on this computer" keeps the raw key in the OS
// keyring; where there is none, the box is off and says so. A wrong passphrase says so and
// changes nothing.
#pragma once

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;

namespace clerk {

class Keyring;
class Store;

class UnlockDialog : public QDialog
{
    Q_OBJECT
public:
    UnlockDialog(Store& store, Keyring* keyring, const QString& profile, QWidget* parent = nullptr);

    QLineEdit* passphraseField() const { return m_passphrase; }
    QLineEdit* repeatField() const { return m_repeat; }
    QLabel* messageLabel() const { return m_message; }
    QCheckBox* rememberBox() const { return m_remember; }

public Q_SLOTS:
    void accept() override;

private:
    Store& m_store;
    Keyring* m_keyring;
    QString m_profile;
    bool m_create;
    QLineEdit* m_passphrase = nullptr;
    QLineEdit* m_repeat = nullptr;
    QCheckBox* m_remember = nullptr;
    QLabel* m_message = nullptr;
};

} // namespace clerk
