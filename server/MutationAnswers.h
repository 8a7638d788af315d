// The answers a city store gives to a clerk's mutation, shared by SqlCityMutations,
// PgCityMutations and ArchivingRules so that both stores answer alike.
#pragma once

#include "CityStore.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <optional>

namespace clerk::server::answers {

inline QString compact(const QJsonObject& o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

// A refusal: its code and parameters for the client to word in the clerk's language, the English
// detail for the server's log (and for clients older than the codes, which show it as it is).
inline MutationResult rejected(
    const Mutation& m, const QString& reason, const QJsonObject& params, const QString& detail)
{
    MutationResult r;
    r.mutationId = m.mutationId;
    r.status = QStringLiteral("rejected");
    r.reason = reason;
    r.params = params;
    r.detail = detail;
    return r;
}

// A note of more than kMaxNoteLength characters: refused whole, never cut to fit (the clerk's words
// arrive whole or not at all). Null when it fits.
inline std::optional<MutationResult> noteTooLong(const Mutation& m, const QString& text)
{
    if (text.size() <= kMaxNoteLength)
        return std::nullopt;
    return rejected(m, QStringLiteral("invalid_data"),
        { { QStringLiteral("field"), QStringLiteral("note") },
            { QStringLiteral("problem"), QStringLiteral("too_long") }, { QStringLiteral("max"), kMaxNoteLength } },
        QStringLiteral("The note is longer than %1 characters.").arg(kMaxNoteLength));
}

inline QJsonObject kindParam(const char* kind)
{
    return { { QStringLiteral("kind"), QLatin1String(kind) } };
}

inline MutationResult conflict(const Mutation& m, const QJsonObject& current)
{
    MutationResult r;
    r.mutationId = m.mutationId;
    r.status = QStringLiteral("conflict");
    r.entity = current;
    r.version = current.value(QLatin1String("version")).toInteger();
    r.reason = QStringLiteral("version_changed");
    r.params = { { QStringLiteral("base_version"), m.baseVersion }, { QStringLiteral("version"), r.version } };
    r.detail = QStringLiteral("Changed by someone else in the meantime (version %1, the change was based on %2).")
                   .arg(r.version)
                   .arg(m.baseVersion);
    return r;
}

// What the SQL layers report when the storage itself failed (Sql.cpp errorFor, PgConnection), as
// opposed to a missing or unreadable entity.
inline bool storageFault(const Error& e)
{
    return e.code == Error::Busy || e.code == Error::DiskFull || e.code == Error::Io || e.code == Error::Corrupt
        || e.code == Error::Internal;
}

// The store could not do its part (busy, disk full, I/O): not an answer about the change. The
// caller rolls the whole batch back and the client sends it again later.
inline MutationResult failed(const Mutation& m, const Error& error)
{
    MutationResult r = rejected(m, QStringLiteral("storage"), {}, error.message);
    r.failure = error.code ? error : Error { Error::Internal, error.message, error.detail };
    return r;
}

// A conditional write (`… AND version = $n`) found another version than the one read. The batch
// holds its rows from the start (PgCityStore::lockRowsOf), so this means a writer that did not
// take them: the store failed its guarantee, and the batch is rolled back and sent again (busy),
// rather than one clerk's change silently overwriting another's.
inline Error concurrentChange(const QString& kind, const QString& id)
{
    return Error { Error::Busy, QStringLiteral("Changed at the same time by another call; send again."),
        kind + QLatin1Char(' ') + id };
}

inline Error concurrentChange(const Mutation& m)
{
    return concurrentChange(m.kind, m.targetId);
}

inline MutationResult applied(const Mutation& m, qint64 version, const QJsonObject& entity)
{
    MutationResult r;
    r.mutationId = m.mutationId;
    r.status = QStringLiteral("applied");
    r.version = version;
    r.entity = entity;
    return r;
}

} // namespace clerk::server::answers
