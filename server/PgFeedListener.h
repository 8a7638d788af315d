// PgCityStore's ear for live updates: a connection of its own that LISTENs on the channel every
// writer of the changes feed NOTIFYs in its transaction (PgCityRequests.cpp, writeChanges), on a
// thread of its own, so that connecting (blocking in libpq) never holds up the HTTP thread. What it
// hears is handed to `heard` on `receiver`'s thread: the newest sequence number in a burst, or 0
// after (re)connecting, when it cannot know what it missed. A dropped connection is noticed at
// once (the socket says so) or by a probe every 30 s, and opened again with growing pauses
// (0.25 s, 0.5 s, … 10 s).
#pragma once

#include <QObject>
#include <QThread>
#include <functional>

namespace clerk::server {

class PgFeedListener
{
public:
    static constexpr const char* kChannel = "clerkdesk_feed";

    PgFeedListener(QString conninfo, std::function<void(qint64 seq)> heard, QObject* receiver);
    // Stops listening; nothing is handed over after this returns.
    ~PgFeedListener();
    PgFeedListener(const PgFeedListener&) = delete;
    PgFeedListener& operator=(const PgFeedListener&) = delete;

private:
    class Ear;
    QThread m_thread;
    Ear* m_ear = nullptr; // lives on m_thread
};

} // namespace clerk::server
