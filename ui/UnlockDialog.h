// Opens the clerk's encrypted profile: a new passphrase (twice) for a new profile, or the
// passphrase for an existing one. "Remember on this computer" keeps the raw key in the OS
// keyring; where there is none, the box is off and says so. A wrong passphrase says so and
// changes nothing. A keyring that does not answer the "remember" within keyringTimeout() (a hung
// Secret Service) does not hold the clerk: the dialog closes unlocked, the key perhaps not remembered.
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
    // How long "remember on this computer" waits for the keyring (30 s: it may show a prompt of
    // its own to be unlocked first); tests shorten it.
    int keyringTimeout() const { return m_keyringTimeoutMs; }
    void setKeyringTimeout(int ms) { m_keyringTimeoutMs = ms; }

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
    int m_keyringTimeoutMs = 30000;
};

} // namespace clerk
