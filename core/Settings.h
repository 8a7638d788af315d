// Typed settings. Every key has a name, a scope and a default. A machine policy (registry on
// Windows: HKLM then HKCU under Software\Policies\ClerkDesk; XDG config dirs on Linux:
// ClerkDesk/policy.conf) outranks the user's own value, and the UI shows such keys as locked.
#pragma once

#include <QObject>
#include <QStringList>
#include <QVariant>
#include <memory>

class QSettings;

namespace clerk {

class Settings : public QObject
{
    Q_OBJECT
public:
    enum class Key {
        Language, // "de", "en" or "" (follow the system)
        AllowedLanguages, // policy only: comma list
        BackendUrl,
        CaBundle, // path to an extra CA bundle (PEM) that the city trusts
        IdleLockMinutes,
        CacheBudgetMb,
        RetentionDays,
        DemoAllowed,
        RememberKey, // keep the raw key in the OS keyring
        WindowGeometry,
        WindowState,
        SplitterState,
        InboxColumns,
        // The authority this installation works for, as xdomea messages name the sender.
        AuthorityName, // e.g. "Landeshauptstadt Stuttgart"
        AuthorityShortName,
        AuthorityId, // Behördenkennung "<DVDV prefix>:<key>", e.g. "ags:08111000"
        AuthorityUnit, // Organisationseinheit, may be empty
    };
    Q_ENUM(Key)

    enum class Scope {
        User, // the user may change it; a policy may lock it
        PolicyOnly, // only a policy sets it; users see the default otherwise
        UiState, // window layout: never a policy
    };

    struct KeyInfo
    {
        QString name;
        Scope scope;
        QVariant defaultValue;
    };

    // userFile empty: the platform's per-user settings. policySources empty: the platform's
    // machine policy locations (see the class comment).
    explicit Settings(const QString& userFile = {}, const QStringList& policyFiles = {}, QObject* parent = nullptr);
    ~Settings() override;

    static KeyInfo info(Key key);
    static QList<Key> allKeys();

    QVariant value(Key key) const;
    QString string(Key key) const { return value(key).toString(); }
    int integer(Key key) const { return value(key).toInt(); }
    bool boolean(Key key) const { return value(key).toBool(); }

    // True where a machine policy sets the key; setValue() then refuses.
    bool isLocked(Key key) const;
    QString policySource(Key key) const;

    [[nodiscard]] bool setValue(Key key, const QVariant& value);
    // For what the program keeps on the user's behalf (window layout, columns): where a policy locks
    // the key, the policy's value stays and the log says so.
    void remember(Key key, const QVariant& value);
    // Demo mode: the demo city (Stuttgart) as the sending authority where neither the user nor a
    // policy set one; kept in memory only, never written to the user's settings.
    void useDemoAuthority();
    void reset(Key key);
    void sync();

    QString userFileName() const;
    static QStringList defaultPolicyFiles();

Q_SIGNALS:
    void changed(clerk::Settings::Key key);

private:
    void loadPolicies(const QStringList& files);

    std::unique_ptr<QSettings> m_user;
    QHash<Key, QVariant> m_policy;
    QHash<Key, QVariant> m_demoDefaults;
    QHash<Key, QString> m_policySource;
};

} // namespace clerk
