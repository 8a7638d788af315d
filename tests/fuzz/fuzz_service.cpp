// Fuzz target: a service's definition with its form schema and workflow, as the city backend's
// catalogue sends it. Whatever decodes must work everywhere a schema is used: a filled-in form is
// checked against it (intake), the application summary PDF is composed from it, and the workflow
// answers for every state. Any input gives a service or an error, never a crash.
#include "core/domain/Json.h"
#include "server/Intake.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTimeZone>
#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace clerk;
    const QJsonObject o
        = QJsonDocument::fromJson(QByteArray::fromRawData(reinterpret_cast<const char*>(data), qsizetype(size)))
              .object();
    auto service = json::decodeService(o);
    if (!service)
        return 0;
    for (const QString& s : service->states)
        for (const QString& next : service->nextStates(s))
            (void)service->allows(s, next);
    (void)json::decodeService(json::encode(service.value()));
    // A form filled in by the schema itself: every field with a value of its type.
    QJsonObject form;
    for (const FormField& f : service->form) {
        if (f.type == QLatin1String("bool"))
            form.insert(f.key, true);
        else if (f.type == QLatin1String("number") || f.type == QLatin1String("amount"))
            form.insert(f.key, 12.5);
        else if (f.type == QLatin1String("date"))
            form.insert(f.key, QStringLiteral("2026-11-26"));
        else if (f.type == QLatin1String("choice"))
            form.insert(f.key, f.choices.value(0));
        else
            form.insert(f.key, f.labelDe.left(40));
    }
    const QJsonObject payload { { QStringLiteral("service_id"), service->id },
        { QStringLiteral("channel"), QStringLiteral("portal") },
        { QStringLiteral("applicant"),
            QJsonObject { { QStringLiteral("name"), QStringLiteral("Erika Muster") },
                { QStringLiteral("email"), QStringLiteral("e@example.org") } } },
        { QStringLiteral("form"), form } };
    auto request = server::intake::buildRequest(
        service.value(), payload, QDateTime(QDate(2026, 11, 26), QTime(9, 0), QTimeZone::UTC));
    if (request && service->form.size() <= 200)
        (void)server::intake::applicationSummaryPdf(service.value(), request.value());
    return 0;
}
