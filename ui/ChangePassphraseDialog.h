// Settings → "Change passphrase…": the current passphrase, the new one twice. Checks them (the
// current one against the open profile without touching it), re-encrypts the database under the
// new one (Store::changePassphrase), then the document files under a new key with a progress bar
// (ContentKeyRotation on a worker thread: the window keeps repainting while gigabytes of documents
// are rewritten). The application stops the sync engine while the dialog is open and updates the
// key remembered in the OS keyring when passphraseChanged() arrives.
#pragma once

#include "core/Result.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;

namespace clerk {

class Store;

class ChangePassphraseDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ChangePassphraseDialog(Store& store, QWidget* parent = nullptr);

    QLineEdit* currentField() const { return m_current; }
    QLineEdit* newField() const { return m_new; }
    QLineEdit* repeatField() const { return m_repeat; }
    QLabel* messageLabel() const { return m_message; }
    QProgressBar* progressBar() const { return m_progress; }
    // Shown with the outcome (e.g. the keyring could not be updated).
    void addNote(const QString& note);

    // After an unlock: finishes the re-encryption of the document files that a crash or power cut
    // interrupted, behind a progress dialog (no cancel: it protects against a leaked old passphrase).
    static Status finishRotation(Store& store, QWidget* parent);

Q_SIGNALS:
    // The database opens with the new passphrase only (its raw key changed): sent before the
    // document files are re-encrypted.
    void passphraseChanged();

public Q_SLOTS:
    void accept() override;
    void reject() override;

private:
    void fail(const QString& message, QLineEdit* focus);
    void finish(const QString& message);

    Store& m_store;
    QLineEdit* m_current = nullptr;
    QLineEdit* m_new = nullptr;
    QLineEdit* m_repeat = nullptr;
    QLabel* m_message = nullptr;
    QLabel* m_progressLabel = nullptr;
    QProgressBar* m_progress = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    QStringList m_notes;
    bool m_running = false;
    bool m_done = false;
};

} // namespace clerk
