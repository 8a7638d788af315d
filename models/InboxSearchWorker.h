// The inbox's search on a worker thread (core/inbox/InboxSearch.h): one search at a time, on a
// connection of its own to the store's file, so that the window goes on drawing while the index is
// searched. A search asked for while one runs waits for it; of those waiting only the newest runs.
// Every answer carries the number it was asked with: the model drops answers it no longer wants (a
// newer search, view or sort meanwhile). When the store locks, a running search is interrupted
// (sqlite3_interrupt) instead of waited for: the lock does not stall the window, and no answer comes.
#pragma once

#include "core/inbox/InboxQuery.h"
#include "core/inbox/InboxSearch.h"

#include <QFutureWatcher>
#include <QObject>
#include <memory>
#include <optional>

namespace clerk {

class Store;

class InboxSearchWorker : public QObject
{
    Q_OBJECT
public:
    struct Ask
    {
        quint64 number = 0;
        QString typed;
        inbox::Filter filter;
        inbox::Order order;
        int hitLimit = 0;
        int rows = 0;
    };

    explicit InboxSearchWorker(Store& store, QObject* parent = nullptr);
    ~InboxSearchWorker() override;

    // Runs `ask` now, or after the search that runs (replacing one that waits).
    void start(const Ask& ask);
    // A search runs or waits.
    bool isBusy() const;
    // The store locked (as SidebarCounts::drop): nothing waiting runs, a running search stops
    // (interrupted; no answer comes), then the connection and its key go, before this returns.
    void drop();
    // While the store's file is replaced under a new key (passphrase change): a running search
    // stops, the connection closes, and searches wait until the hold ends; then the stopped one
    // runs again (unless a newer one waits).
    void hold(bool hold);
    // Whether the worker connection (and with it a copy of the store's key) is open.
    bool hasConnection() const { return m_connection != nullptr; }

Q_SIGNALS:
    // `error`: empty, or what went wrong (the answer is empty then).
    void answered(quint64 number, const inbox::SearchAnswer& answer, const QString& error);
    // The search asked with `number` was stopped before its end (lock or hold): no answer comes.
    void stopped(quint64 number);

private:
    struct Outcome
    {
        quint64 number = 0;
        inbox::SearchAnswer answer;
        QString error;
        bool cancelled = false;
    };
    void run();
    void finished();
    // Interrupts the running search, waits for it and takes its outcome (answered, or, stopped
    // while held, asked again after the hold); then closes the connection.
    void stop(bool answer);

    Store& m_store;
    // The running search uses it; it is interrupted and closed only on this (the GUI) thread,
    // after the search ended (sqlite3_interrupt is allowed only on an open connection).
    std::unique_ptr<inbox::SearchConnection> m_connection;
    QFutureWatcher<Outcome>* m_watcher = nullptr;
    std::optional<Ask> m_waiting;
    Ask m_runningAsk;
    // From setFuture() until its finished() is handled (not the future's own state: a new future
    // set before that would drop the answer of the one that ended).
    bool m_running = false;
    bool m_held = false;
};

} // namespace clerk
