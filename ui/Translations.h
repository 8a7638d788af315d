// Loads the UI language: German by default, English second. Choice order: the explicit request
// (--lang or the setting), then the system locale if it is one we ship, then German.
#pragma once

#include <QString>
#include <QStringList>

namespace clerk {

// Installs ClerkDesk's and Qt's own translators into the running application and returns the
// language code it chose ("de" or "en").
QString installTranslations(const QString& requested, const QStringList& allowed = {});
QStringList shippedLanguages();

} // namespace clerk
