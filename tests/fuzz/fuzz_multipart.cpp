// Fuzz target: the intake endpoint's multipart reader. The first line is the Content-Type header,
// the rest the body.
#include "server/Multipart.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray all(reinterpret_cast<const char*>(data), qsizetype(size));
    const qsizetype nl = all.indexOf('\n');
    const QByteArray type = nl < 0 ? QByteArray("multipart/form-data; boundary=b") : all.left(nl);
    const QByteArray body = nl < 0 ? all : all.mid(nl + 1);
    auto parts = clerk::server::parseMultipart(type, body);
    if (parts) {
        qsizetype total = 0;
        for (const auto& p : parts.value())
            total += p.data.size();
        if (total > body.size())
            __builtin_trap(); // parts can never hold more than the body
    }
    return 0;
}
