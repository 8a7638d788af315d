// Internal to core/sync: the state of a running pull (SyncPull.cpp), kept by SyncSession between
// the answers of the changes feed.
#pragma once

#include "SyncSession.h"
#include "core/domain/Archiving.h"
#include "core/store/DatabaseAccess.h"

#include <QElapsedTimer>
#include <future>
#include <optional>

namespace clerk {

// Items of one page decoded into domain values.
struct DecodedPage
{
    QList<Request> requests;
    QList<Document> documents;
    QList<Note> notes;
    QList<Annotation> annotations;
    QList<TimelineEvent> timeline;
    QList<ArchivingState> archiving;
    int items = 0;
    Error error; // the first item that could not be read; nothing of the page is written then
    qint64 decodeNs = 0; // parsing and decoding, on the helper thread
};

struct PullState
{
    QString cursor; // the first page not applied yet
    QString from; // where the page awaited was asked from
    QString knownFingerprint;
    bool bulk = false, bulkStarted = false;
    // A page being decoded on a helper thread, written when the next one has arrived.
    struct Pending
    {
        std::future<DecodedPage> decoded;
        QString cursor, fingerprint;
        bool last = false;
    };
    std::optional<Pending> pending;
    // Items and cursor commit together; an open transaction rolls back when the pull ends early.
    std::optional<sql::Transaction> tx;
    int uncommitted = 0;
    int pulled = 0;
    int windowTurns = 0; // commits inside a page to let the window's connection write
    bool archived = false; // a request the archive took over came with the feed
    // Where a pull's time goes (logged at its end): waiting for and reading pages, decoding items
    // (helper thread), writing them, committing, and indexing after a first sync.
    QElapsedTimer phase, waiting;
    qint64 waitNs = 0, decodeNs = 0, storeNs = 0, commitNs = 0, indexNs = 0;

    ~PullState()
    {
        if (pending && pending->decoded.valid())
            pending->decoded.wait(); // its helper thread touches nothing shared; it only has to end
    }
};

} // namespace clerk
