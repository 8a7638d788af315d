// Fuzz target: the JSON that arrives from the city backend (a changes page, mutation replies) goes
// through the same decoders as in sync. Any input must give a value or an error, never a crash.
#include "core/domain/Json.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QJsonDocument doc
        = QJsonDocument::fromJson(QByteArray::fromRawData(reinterpret_cast<const char*>(data), qsizetype(size)));
    const QJsonObject root = doc.object();
    QJsonArray items = root.value(QLatin1String("items")).toArray();
    if (items.isEmpty() && doc.isArray())
        items = doc.array();
    if (items.isEmpty())
        items.append(root);
    for (const QJsonValue& v : items) {
        const QJsonObject item = v.toObject();
        const QJsonObject d
            = item.value(QLatin1String("data")).isObject() ? item.value(QLatin1String("data")).toObject() : item;
        (void)clerk::json::decodeRequest(d);
        (void)clerk::json::decodeDocument(d);
        (void)clerk::json::decodeAnnotation(d);
        (void)clerk::json::decodeNote(d);
        (void)clerk::json::decodeMutation(d);
        (void)clerk::json::decodeTimelineEntry(d);
        if (auto s = clerk::json::decodeService(d)) {
            for (const QString& st : s->states)
                (void)s->nextStates(st);
        }
    }
    return 0;
}
