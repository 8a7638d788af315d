#include "Translations.h"

#include "UiLogging.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace clerk {

QStringList shippedLanguages()
{
    return { QStringLiteral("de"), QStringLiteral("en") };
}

static void removeOldTranslators()
{
    for (QTranslator* t : QCoreApplication::instance()->findChildren<QTranslator*>(QStringLiteral("clerkTranslator"))) {
        QCoreApplication::removeTranslator(t);
        delete t;
    }
}

QString installTranslations(const QString& requested, const QStringList& allowed)
{
    const QStringList usable = allowed.isEmpty() ? shippedLanguages() : allowed;
    QString lang;
    if (usable.contains(requested))
        lang = requested;
    if (lang.isEmpty()) {
        const QString system = QLocale::system().name().section(QLatin1Char('_'), 0, 0);
        if (usable.contains(system))
            lang = system;
    }
    if (lang.isEmpty())
        lang = usable.contains(QStringLiteral("de")) ? QStringLiteral("de") : usable.value(0, QStringLiteral("de"));

    removeOldTranslators();
    auto* own = new QTranslator(QCoreApplication::instance());
    own->setObjectName(QStringLiteral("clerkTranslator"));
    if (own->load(QStringLiteral(":/i18n/clerkdesk_%1.qm").arg(lang)))
        QCoreApplication::installTranslator(own);
    else
        qCWarning(lcUi) << "no ClerkDesk translation for" << lang;

    auto* qt = new QTranslator(QCoreApplication::instance());
    qt->setObjectName(QStringLiteral("clerkTranslator"));
    if (qt->load(QStringLiteral("qtbase_%1").arg(lang), QLibraryInfo::path(QLibraryInfo::TranslationsPath))
        || qt->load(QStringLiteral("qtbase_%1").arg(lang),
            QCoreApplication::applicationDirPath() + QStringLiteral("/../share/clerkdesk/translations")))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    QLocale::setDefault(QLocale(lang == QLatin1String("de") ? QLocale::German : QLocale::English,
        lang == QLatin1String("de") ? QLocale::Germany : QLocale::UnitedKingdom));
    return lang;
}

} // namespace clerk
