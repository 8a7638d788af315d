// The production start-up and lock cycle: open the clerk's encrypted profile (key from the OS
// keyring, or the passphrase), attach it to the main window, sign in and sync with the backend
// from settings/policy, and lock after idle time: sync stops, the store closes, key material is
// wiped, and unlocking brings the clerk back to the request they had open.
#pragma once

#include "core/IdleLock.h"
#include "core/Keyring.h"

#include <QObject>
#include <functional>
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
    // `keyring`: the OS keyring by default (tests pass a stand-in: their machines have none).
    Workspace(Settings& settings, MainWindow& window, QString profile, QObject* parent = nullptr,
        std::unique_ptr<Keyring> keyring = nullptr);
    ~Workspace() override;

    // Opens the profile: the key remembered in the OS keyring first, quietly, then the passphrase.
    // Returns at once; `done` gets false when the clerk cancelled the unlock.
    void open(std::function<void(bool opened)> done);
    void lock();
    // Settings → "Change passphrase…": sync paused, the dialog, the remembered key replaced.
    void changePassphrase(QWidget* parent);
    static QString profilePath(const QString& profile);
    // The open profile's store (null before open()).
    Store* store() const { return m_store.get(); }
    // How long the keyring may take to answer before the passphrase is asked for instead (30 s:
    // it may show a prompt of its own to be unlocked first); tests shorten it.
    void setKeyringTimeout(int ms) { m_keyringTimeoutMs = ms; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    // `done(true)` once the profile is unlocked, `done(false)` when the clerk cancelled. The
    // keyring answers later; the window goes on meanwhile.
    void unlockInteractively(std::function<void(bool unlocked)> done);
    void askPassphrase(const std::function<void(bool unlocked)>& done);
    // The window and sync again after the passphrase change.
    void resumeAfterChange();
    void startSync();
    void keepCacheInBounds();
    void askSignIn(const QString& message);
    // After an unlock: a re-encryption of the document files that was cut off is finished first.
    void finishKeyRotation();
    // The raw key in the OS keyring, if one is remembered there, replaced by the new one; `done`
    // gets what the clerk must know when that failed (empty when all is well).
    void rememberNewKey(std::function<void(const QString& note)> done);

    Settings& m_settings;
    MainWindow& m_window;
    QString m_profile;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<SyncEngine> m_sync;
    std::unique_ptr<Keyring> m_keyring;
    bool m_keyringUsable = true;
    int m_keyringTimeoutMs = 30000;
    IdleLock m_idle;
    bool m_attached = false;
    bool m_locking = false;
};

} // namespace clerk
