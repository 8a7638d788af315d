#include "Refusal.h"

#include <QJsonDocument>

namespace clerk {

namespace {
// Marks the text as a coded refusal: a plain message never starts with it.
const QLatin1String kMark("refusal:");
} // namespace

QString Refusal::encode() const
{
    const QJsonObject o { { QStringLiteral("reason"), reason }, { QStringLiteral("params"), params },
        { QStringLiteral("detail"), detail } };
    return kMark + QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

std::optional<Refusal> Refusal::decode(const QString& lastError)
{
    if (!lastError.startsWith(kMark))
        return std::nullopt;
    const QJsonDocument doc = QJsonDocument::fromJson(lastError.mid(kMark.size()).toUtf8());
    if (!doc.isObject())
        return std::nullopt;
    const QJsonObject o = doc.object();
    return Refusal { o.value(QLatin1String("reason")).toString(), o.value(QLatin1String("params")).toObject(),
        o.value(QLatin1String("detail")).toString() };
}

} // namespace clerk
