#include "Settings.h"

#include "Logging.h"

#include <QDir>
#include <QFileInfo>
#include <QMetaEnum>
#include <QSettings>
#include <QStandardPaths>

namespace clerk {

Settings::KeyInfo Settings::info(Key key)
{
    switch (key) {
    case Key::Language:
        return { QStringLiteral("language"), Scope::User, QString() };
    case Key::AllowedLanguages:
        return { QStringLiteral("allowedLanguages"), Scope::PolicyOnly, QStringLiteral("de,en") };
    case Key::BackendUrl:
        return { QStringLiteral("backendUrl"), Scope::User, QString() };
    case Key::CaBundle:
        return { QStringLiteral("caBundle"), Scope::User, QString() };
    case Key::IdleLockMinutes:
        return { QStringLiteral("idleLockMinutes"), Scope::User, 10 };
    case Key::CacheBudgetMb:
        return { QStringLiteral("cacheBudgetMb"), Scope::User, 2048 };
    case Key::RetentionDays:
        return { QStringLiteral("retentionDays"), Scope::User, 90 };
    case Key::DemoAllowed:
        return { QStringLiteral("demoAllowed"), Scope::PolicyOnly, true };
    case Key::RememberKey:
        return { QStringLiteral("rememberKey"), Scope::User, false };
    case Key::WindowGeometry:
        return { QStringLiteral("ui/windowGeometry"), Scope::UiState, QByteArray() };
    case Key::WindowState:
        return { QStringLiteral("ui/windowState"), Scope::UiState, QByteArray() };
    case Key::SplitterState:
        return { QStringLiteral("ui/splitterState"), Scope::UiState, QByteArray() };
    case Key::InboxColumns:
        return { QStringLiteral("ui/inboxColumns"), Scope::UiState, QByteArray() };
    // Empty until city IT sets its authority by policy (docs/ADMIN.md): no city hands a case over
    // under another's name. The demo uses its own city's (useDemoAuthority()).
    case Key::AuthorityName:
        return { QStringLiteral("authorityName"), Scope::User, QString() };
    case Key::AuthorityShortName:
        return { QStringLiteral("authorityShortName"), Scope::User, QString() };
    case Key::AuthorityId:
        return { QStringLiteral("authorityId"), Scope::User, QString() };
    case Key::AuthorityUnit:
        return { QStringLiteral("authorityUnit"), Scope::User, QString() };
    }
    Q_UNREACHABLE_RETURN({});
}

QList<Settings::Key> Settings::allKeys()
{
    QList<Key> keys;
    const QMetaEnum e = QMetaEnum::fromType<Key>();
    for (int i = 0; i < e.keyCount(); ++i)
        keys << static_cast<Key>(e.value(i));
    return keys;
}

QStringList Settings::defaultPolicyFiles()
{
#ifdef Q_OS_WIN
    return { QStringLiteral("HKEY_LOCAL_MACHINE\\Software\\Policies\\ClerkDesk"),
        QStringLiteral("HKEY_CURRENT_USER\\Software\\Policies\\ClerkDesk") };
#else
    // XDG_CONFIG_DIRS, most important first; never the user's own config dir.
    QString dirs = qEnvironmentVariable("XDG_CONFIG_DIRS");
    if (dirs.isEmpty())
        dirs = QStringLiteral("/etc/xdg");
    QStringList files;
    for (const QString& d : dirs.split(QLatin1Char(':'), Qt::SkipEmptyParts))
        files << QDir(d).filePath(QStringLiteral("ClerkDesk/policy.conf"));
    return files;
#endif
}

Settings::Settings(const QString& userFile, const QStringList& policyFiles, QObject* parent)
    : QObject(parent)
{
    if (userFile.isEmpty()) {
        const QString dir = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation);
        m_user = std::make_unique<QSettings>(
            QDir(dir).filePath(QStringLiteral("ClerkDesk/clerkdesk.conf")), QSettings::IniFormat);
    } else {
        m_user = std::make_unique<QSettings>(userFile, QSettings::IniFormat);
    }
    loadPolicies(policyFiles.isEmpty() ? defaultPolicyFiles() : policyFiles);
}

Settings::~Settings() = default;

void Settings::loadPolicies(const QStringList& sources)
{
    // The first source that sets a key wins (machine before user policy, first XDG dir first).
    for (const QString& src : sources) {
#ifdef Q_OS_WIN
        const bool registry = src.startsWith(QLatin1String("HKEY_"));
#else
        const bool registry = false;
#endif
        if (!registry && !QFileInfo::exists(src))
            continue;
        QSettings s(src, registry ? QSettings::NativeFormat : QSettings::IniFormat);
        for (Key k : allKeys()) {
            const KeyInfo ki = info(k);
            if (ki.scope == Scope::UiState || m_policy.contains(k))
                continue;
            const QVariant v = s.value(ki.name);
            if (v.isValid() && !v.toString().isEmpty()) {
                m_policy.insert(k, v);
                m_policySource.insert(k, src);
                qCInfo(lcSettings) << "policy" << ki.name << "=" << v << "from" << src;
            }
        }
    }
}

QVariant Settings::value(Key key) const
{
    const KeyInfo ki = info(key);
    if (const auto it = m_policy.constFind(key); it != m_policy.cend()) {
        QVariant v = *it;
        if (ki.defaultValue.isValid() && v.canConvert(ki.defaultValue.metaType()))
            v.convert(ki.defaultValue.metaType());
        return v;
    }
    if (ki.scope == Scope::PolicyOnly)
        return ki.defaultValue;
    QVariant v = m_user->value(ki.name, m_demoDefaults.value(key, ki.defaultValue));
    if (ki.defaultValue.isValid() && v.metaType() != ki.defaultValue.metaType()
        && v.canConvert(ki.defaultValue.metaType()))
        v.convert(ki.defaultValue.metaType());
    return v;
}

bool Settings::isLocked(Key key) const
{
    return m_policy.contains(key) || info(key).scope == Scope::PolicyOnly;
}

QString Settings::policySource(Key key) const
{
    return m_policySource.value(key);
}

bool Settings::setValue(Key key, const QVariant& value)
{
    if (isLocked(key))
        return false;
    const KeyInfo ki = info(key);
    if (m_user->value(ki.name, ki.defaultValue) == value)
        return true;
    m_user->setValue(ki.name, value);
    Q_EMIT changed(key);
    return true;
}

void Settings::useDemoAuthority()
{
    m_demoDefaults.insert(Key::AuthorityName, QStringLiteral("Landeshauptstadt Stuttgart"));
    m_demoDefaults.insert(Key::AuthorityShortName, QStringLiteral("LHS Stuttgart"));
    m_demoDefaults.insert(Key::AuthorityId, QStringLiteral("ags:08111000"));
}

void Settings::remember(Key key, const QVariant& value)
{
    if (!setValue(key, value))
        qCInfo(lcSettings) << "not saved:" << info(key).name << "is set by policy" << policySource(key);
}

void Settings::reset(Key key)
{
    if (isLocked(key))
        return;
    m_user->remove(info(key).name);
    Q_EMIT changed(key);
}

void Settings::sync()
{
    m_user->sync();
}

QString Settings::userFileName() const
{
    return m_user->fileName();
}

} // namespace clerk
