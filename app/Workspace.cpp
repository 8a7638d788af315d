#include "Workspace.h"

#include "core/Logging.h"
#include "core/SecureWipe.h"
#include "core/Settings.h"
#include "core/store/DocumentCache.h"
#include "core/store/RequestPurge.h"
#include "core/store/Store.h"
#include "core/sync/SyncEngine.h"
#include "ui/ChangePassphraseDialog.h"
#include "ui/MainWindow.h"
#include "ui/RequestPane.h"
#include "ui/SignInDialog.h"
#include "ui/UnlockDialog.h"

#include <QApplication>
#include <QDir>
#include <QEvent>
#include <QLoggingCategory>
#include <QPointer>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTimer>
#include <memory>

namespace clerk {

namespace {
Q_LOGGING_CATEGORY(lcWorkspace, "clerk.app.workspace", QtInfoMsg)
}

Workspace::Workspace(
    Settings& settings, MainWindow& window, QString profile, QObject* parent, std::unique_ptr<Keyring> keyring)
    : QObject(parent)
    , m_settings(settings)
    , m_window(window)
    , m_profile(std::move(profile))
    , m_keyring(keyring ? std::move(keyring) : std::make_unique<Keyring>())
{
    m_idle.setTimeoutMinutes(settings.integer(Settings::Key::IdleLockMinutes));
    connect(&m_settings, &Settings::changed, this, [this](Settings::Key k) {
        if (k == Settings::Key::IdleLockMinutes)
            m_idle.setTimeoutMinutes(m_settings.integer(k));
    });
    connect(&m_idle, &IdleLock::lockRequested, this, &Workspace::lock);
    connect(&m_window, &MainWindow::lockRequested, this, &Workspace::lock);
    connect(&m_window, &MainWindow::changePassphraseRequested, this, &Workspace::changePassphrase);
    qApp->installEventFilter(this);
}

Workspace::~Workspace()
{
    qApp->removeEventFilter(this);
    m_sync.reset();
    if (m_store)
        m_store->lock();
}

QString Workspace::profilePath(const QString& profile)
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/profiles");
    QDir().mkpath(dir);
    return dir + QLatin1Char('/') + profile + QStringLiteral(".db");
}

bool Workspace::eventFilter(QObject* watched, QEvent* event)
{
    if (IdleLock::isClerkInput(event))
        m_idle.activity();
    return QObject::eventFilter(watched, event);
}

void Workspace::unlockInteractively(std::function<void(bool)> done)
{
    if (!m_store->exists() || !m_keyringUsable) {
        askPassphrase(done);
        return;
    }
    // The keyring first, quietly; then the passphrase. A keyring that has not answered in time (a
    // hung Secret Service) does not hold the clerk: the passphrase is asked for, and its late
    // answer is ignored.
    auto settled = std::make_shared<bool>(false);
    QTimer::singleShot(m_keyringTimeoutMs, this, [this, settled, done] {
        if (*settled)
            return;
        *settled = true;
        qCWarning(lcWorkspace) << "the keyring did not answer; asking for the passphrase";
        m_window.statusBar()->showMessage(tr("The keyring did not answer; please enter your passphrase."), 15000);
        askPassphrase(done);
    });
    m_keyring->readKey(m_profile, [this, settled, done](Result<QByteArray> key) {
        if (*settled) {
            if (key)
                secureWipe(key.value());
            return;
        }
        *settled = true;
        if (key) {
            const Status unlocked = m_store->unlockWithKey(key.value());
            secureWipe(key.value());
            if (unlocked) {
                done(true);
                return;
            }
            // A key that no longer opens the profile (the passphrase was changed elsewhere, or the
            // keyring update after a change failed) goes; a busy or unreadable file keeps it.
            const Error::Code code = unlocked.error().code;
            if (code == Error::WrongPassphrase || code == Error::Invalid) {
                qCInfo(lcWorkspace) << "the remembered key no longer opens the profile; removed from the keyring";
                m_keyring->removeKey(m_profile, [](Status removed) {
                    if (!removed)
                        qCWarning(lcWorkspace)
                            << "removing the stale key from the keyring failed:" << removed.error().detail;
                });
            }
        }
        if (!key && key.error().code == Error::Unsupported) {
            m_keyringUsable = false;
            m_window.statusBar()->showMessage(key.errorString(), 15000);
        }
        askPassphrase(done);
    });
}

void Workspace::askPassphrase(const std::function<void(bool)>& done)
{
    UnlockDialog dialog(*m_store, m_keyringUsable ? m_keyring.get() : nullptr, m_profile, &m_window);
    dialog.setKeyringTimeout(m_keyringTimeoutMs);
    const bool unlocked = dialog.exec() == QDialog::Accepted && m_store->isUnlocked();
    done(unlocked);
}

void Workspace::open(std::function<void(bool)> done)
{
    m_store = std::make_unique<Store>(profilePath(m_profile));
    unlockInteractively([this, done = std::move(done)](bool unlocked) {
        if (!unlocked) {
            done(false);
            return;
        }
        m_window.attachWorkspace(*m_store, nullptr,
            m_store->meta()
                .value(QStringLiteral("clerk_login"))
                .valueOrEmpty(lcWorkspace, "reading the clerk's login"));
        m_attached = true;
        finishKeyRotation();
        keepCacheInBounds();
        m_idle.start();
        startSync();
        done(true);
    });
}

void Workspace::keepCacheInBounds()
{
    // Data protection: closed cases leave this computer after the retention period; documents
    // of closed requests go first when the cache is over its budget. Both are in the timeline.
    DocumentCache cache(*m_store);
    RequestPurge purge(*m_store);
    auto purged = purge.purgeClosed(m_settings.integer(Settings::Key::RetentionDays));
    // And those the archive took over (Aussonderung), on whichever computer confirmed it.
    if (auto archived = purge.purgeArchived(); !archived)
        qCWarning(lcWorkspace) << "removing archived requests:" << archived.error().message;
    auto evicted = cache.enforceBudget(qint64(m_settings.integer(Settings::Key::CacheBudgetMb)) * 1024 * 1024);
    if ((purged && purged.value() > 0) || (evicted && evicted.value() > 0))
        m_window.statusBar()->showMessage(tr("%1 closed request(s) removed after the retention period, %2 document(s) "
                                             "removed from the cache.")
                                              .arg(purged ? purged.value() : 0)
                                              .arg(evicted ? evicted.value() : 0),
            15000);
}

void Workspace::startSync()
{
    const QString backend = m_settings.string(Settings::Key::BackendUrl);
    if (backend.isEmpty()) {
        m_window.setConnectionState(MainWindow::ConnectionState::Offline,
            tr("No city backend is configured (Settings, or your administrator's policy)."));
        return;
    }
    m_sync = std::make_unique<SyncEngine>(*m_store, QUrl(backend), m_settings.string(Settings::Key::CaBundle));
    // Documents of the clerk's open requests come ahead of time, within half of the cache budget.
    m_sync->setPrefetchBudget(qint64(m_settings.integer(Settings::Key::CacheBudgetMb)) * 1024 * 1024 / 2);
    connect(m_sync.get(), &SyncEngine::stateChanged, this, [this](SyncEngine::State s, const QString& message) {
        if (s == SyncEngine::State::SignedOut)
            askSignIn(message);
    });
    connect(m_sync.get(), &SyncEngine::signInFailed, this, &Workspace::askSignIn);
    connect(m_sync.get(), &SyncEngine::signedIn, this,
        [this](const QString& login) { m_window.requestPane()->setClerk(login); });
    m_window.attachSync(m_sync.get());
    m_sync->resume();
}

void Workspace::askSignIn(const QString& message)
{
    SignInDialog dialog(m_settings.string(Settings::Key::BackendUrl),
        m_store->meta().value(QStringLiteral("clerk_login")).valueOrEmpty(lcWorkspace, "reading the clerk's login"),
        message, &m_window);
    if (dialog.exec() == QDialog::Accepted && m_sync)
        m_sync->signIn(dialog.login(), dialog.password());
}

void Workspace::lock()
{
    if (m_locking || !m_store || !m_store->isUnlocked())
        return;
    m_locking = true;
    m_idle.stop();
    m_sync.reset(); // its connection and copy of the key go first
    m_store->lock();
    m_window.statusBar()->showMessage(tr("Locked. Unlock to continue where you were."));
    unlockInteractively([this](bool unlocked) {
        m_locking = false;
        if (!unlocked) {
            m_window.close();
            return;
        }
        finishKeyRotation();
        m_idle.start();
        startSync();
        m_window.statusBar()->clearMessage();
    });
}

void Workspace::finishKeyRotation()
{
    if (!m_store->contentKeyRotationPending())
        return;
    if (Status s = ChangePassphraseDialog::finishRotation(*m_store, &m_window); !s)
        m_window.statusBar()->showMessage(
            tr("Encrypting your documents under your new passphrase did not finish (%1). It continues the next time "
               "you unlock ClerkDesk; your documents stay readable.")
                .arg(s.errorString()),
            30000);
}

void Workspace::changePassphrase(QWidget* parent)
{
    if (m_locking || !m_store || !m_store->isUnlocked())
        return;
    // The database file is replaced and the document files are rewritten: nothing else may use
    // them meanwhile. The sync thread's connection would go on writing into the replaced file, so
    // sync stops (and starts again afterwards with the new key); the idle lock waits.
    // The same for every other connection opened with the old key: the window's background
    // counts (a worker connection on large stores) would read the replaced file with it.
    m_idle.stop();
    m_window.attachSync(nullptr);
    m_sync.reset();
    m_window.holdWorkerConnections(true);
    {
        ChangePassphraseDialog dialog(*m_store, parent ? parent : &m_window);
        connect(&dialog, &ChangePassphraseDialog::passphraseChanged, this, [this, shown = QPointer(&dialog)] {
            rememberNewKey([shown](const QString& note) {
                if (shown && !note.isEmpty())
                    shown->addNote(note);
            });
        });
        dialog.exec();
    }
    if (!m_store->isUnlocked()) { // the reopen after the change failed
        m_locking = true;
        m_window.statusBar()->showMessage(tr("Locked. Unlock to continue where you were."));
        unlockInteractively([this](bool unlocked) {
            m_locking = false;
            if (!unlocked) {
                m_window.close();
                return;
            }
            finishKeyRotation();
            resumeAfterChange();
        });
        return;
    }
    resumeAfterChange();
}

void Workspace::resumeAfterChange()
{
    m_window.holdWorkerConnections(false); // counts again, on a connection with the new key
    m_idle.start();
    startSync();
}

void Workspace::rememberNewKey(std::function<void(const QString&)> done)
{
    if (!m_keyringUsable) {
        done({});
        return;
    }
    m_keyring->readKey(m_profile, [this, done = std::move(done)](Result<QByteArray> remembered) mutable {
        if (!remembered) {
            const Error::Code code = remembered.error().code;
            if (code == Error::NotFound || code == Error::Unsupported) {
                done({}); // nothing remembered here: the next unlock asks for the passphrase anyway
                return;
            }
            // Whatever is remembered there is the old key: replaced anyway, or removed below.
            qCWarning(lcWorkspace) << "keyring unreadable after the passphrase change, replacing its key anyway:"
                                   << remembered.error().detail;
        } else {
            secureWipe(remembered.value());
        }
        QByteArray key = m_store->rawKey();
        m_keyring->storeKey(m_profile, key, [this, done = std::move(done)](Status stored) {
            if (stored) {
                done({});
                return;
            }
            qCWarning(lcWorkspace) << "keyring write after the passphrase change failed:" << stored.error().detail;
            // The old key opens nothing but old copies of the profile now: it goes too.
            m_keyring->removeKey(m_profile, [](Status removed) {
                if (!removed)
                    qCWarning(lcWorkspace) << "removing the old key from the keyring failed:" << removed.error().detail;
            });
            done(tr("The key remembered on this computer could not be replaced (%1). Next time ClerkDesk will ask for "
                    "your new passphrase; nothing is lost.")
                    .arg(stored.errorString()));
        });
        secureWipe(key);
    });
}

} // namespace clerk
