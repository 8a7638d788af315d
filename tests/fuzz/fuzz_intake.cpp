// Fuzz target: a portal's intake JSON checked against every service's form schema.
#include "server/Catalogue.h"
#include "server/Intake.h"

#include <QJsonDocument>
#include <QTimeZone>
#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static const QList<clerk::Service> services = clerk::server::catalogue::services();
    const QJsonObject payload
        = QJsonDocument::fromJson(QByteArray::fromRawData(reinterpret_cast<const char*>(data), qsizetype(size)))
              .object();
    const QDateTime now(QDate(2026, 11, 26), QTime(9, 0), QTimeZone::UTC);
    for (const clerk::Service& s : services)
        (void)clerk::server::intake::buildRequest(s, payload, now);
    return 0;
}
