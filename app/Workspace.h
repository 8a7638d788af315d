// The production start-up and lock cycle: open the clerk's encrypted profile (key from the OS
// keyring, or the passphrase), attach it to the main window, sign in and sync with the backend
// from settings/policy, and lock after idle time: sync stops, the store closes, key material is
// wiped, and unlocking brings the clerk back to the request they had open.
#pragma once

#include "core/IdleLock.h"
#include "core/Keyring.h"

#include <QObject>

#include <memory>

namespace clerk {

class MainWindow;
class Settings;
class Store;
class SyncEngine;

class Workspace : public QObject
{
    Q_OBJECT
public:
    Workspace(Settings& settings, MainWindow& window, QString profile, QObject* parent = nullptr);
    ~Workspace() override;

    // Returns false when the clerk cancelled.
    bool open();
    void lock();
    static QString profilePath(const QString& profile);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    bool unlockInteractively();
    void startSync();
    void keepCacheInBounds();
    void askSignIn(const QString& message);

    Settings& m_settings;
    MainWindow& m_window;
    QString m_profile;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<SyncEngine> m_sync;
    Keyring m_keyring;
    bool m_keyringUsable = true;
    IdleLock m_idle;
    bool m_attached = false;
    bool m_locking = false;
};

} // namespace clerk
