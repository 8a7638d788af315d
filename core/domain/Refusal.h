// Why the city backend refused a change or did not apply it: the reason code and its parameters
// as the server sent them (openapi.yaml, MutationResult), kept in the outbox's last-error text so
// that the client words it in the clerk's language when it is shown (models/RefusalNames), not
// when it arrived.
#pragma once

#include <QJsonObject>
#include <QString>
#include <optional>

namespace clerk {

struct Refusal
{
    QString reason; // not_found, invalid_transition, …, version_changed
    QJsonObject params;
    QString detail; // the server's English words: shown only when the reason cannot be worded

    // The outbox text: a compact JSON object marked as a coded refusal.
    QString encode() const;
    // The refusal in an outbox text, or nothing for a plain text (a send failure's message, an
    // answer of a server older than the codes, an outbox written before them).
    static std::optional<Refusal> decode(const QString& lastError);
};

} // namespace clerk
