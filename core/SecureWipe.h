// Overwrites a buffer we own before it is freed; used for passphrases and keys in every layer.
#pragma once

#include <QByteArray>
#include <QString>

namespace clerk {

void secureWipe(QByteArray& bytes);
void secureWipe(QString& text);

} // namespace clerk
