#include "SecureWipe.h"

namespace clerk {

void secureWipe(QByteArray& bytes)
{
    if (bytes.isEmpty())
        return;
    bytes.detach();
    volatile char* p = bytes.data();
    for (qsizetype i = 0; i < bytes.size(); ++i)
        p[i] = 0;
    bytes.clear();
}

void secureWipe(QString& text)
{
    if (text.isEmpty())
        return;
    text.detach();
    volatile char16_t* p = reinterpret_cast<char16_t*>(text.data());
    for (qsizetype i = 0; i < text.size(); ++i)
        p[i] = 0;
    text.clear();
}

} // namespace clerk
