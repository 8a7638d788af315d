// The clerk's own settings. Keys that a machine policy sets are shown but locked, with a note
// saying so; the dialog never writes them.
#pragma once

#include "core/Settings.h"

#include <QDialog>
#include <QHash>

class QFormLayout;
class QPushButton;
class QWidget;

namespace clerk {

class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SettingsDialog(Settings& settings, QWidget* parent = nullptr);

    QWidget* editor(Settings::Key key) const { return m_editors.value(key); }
    QPushButton* passphraseButton() const { return m_passphrase; }
    // "Change passphrase…" works while a profile is open (not in the demo, not while locked).
    void setPassphraseChangeAvailable(bool available);

Q_SIGNALS:
    void changePassphraseRequested();

public Q_SLOTS:
    void accept() override;

private:
    void addRow(QFormLayout* form, Settings::Key key, const QString& label, QWidget* editor);

    Settings& m_settings;
    QHash<Settings::Key, QWidget*> m_editors;
    QPushButton* m_passphrase = nullptr;
};

} // namespace clerk
