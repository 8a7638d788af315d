// The notes a clerk has begun on a request and not yet added (Vermerk-Entwürfe), one per request
// and clerk, in the encrypted store: selecting another request, a lock or signing out loses none of
// them, a killed process at most the last second's typing (ui/NoteDraftKeeper::kDelayMs, which also
// holds in memory what the store refused, until it takes it). A draft is kept only for a request the store
// holds, goes with its request when the request is purged (RequestPurge), and with the note it
// became (Notes::add, in the note's transaction).
#pragma once

#include "core/Result.h"

#include <QString>

namespace clerk {

class Database;

class NoteDrafts
{
public:
    // A draft is kept from the GUI thread between keystrokes: it waits this long for another
    // connection's write (a sync's page), not the connection's seconds; then it fails with
    // Error::Busy and its keeper holds it and tries again.
    static constexpr int kBusyTimeoutMs = 100;

    explicit NoteDrafts(Database& db);
    // Keeps `text` as the clerk's draft on the request; a blank text removes the draft. For a
    // request the store does not hold (purged by the sync a moment ago) nothing is kept and a
    // text that is not blank fails with Error::NotFound: its keeper must not count it as kept.
    Status keep(const QString& requestId, const QString& clerk, const QString& text);
    // The clerk's draft on the request; empty when there is none.
    Result<QString> of(const QString& requestId, const QString& clerk);

private:
    Database& m_db;
};

} // namespace clerk
