// The counts of the views sidebar (built-in views and the service, status and channel facets)
// from one pass over the store. A small store (the usual case: a clerk's teams) is counted at
// once; a large one on a worker connection of its own, off the GUI thread, and countsChanged
// follows when the pass is done. Changes while a pass runs, or in the rest after it, are counted
// after that rest, which lasts as long as the pass counted (at most kLongestRestMs): a clerk who
// triages one request after another (each action marks, claims or closes one) keeps the counting
// at most half of one core busy instead of all of it (1,000,000 requests: about a second a pass, so
// the counts follow a change within about two seconds; docs/PERFORMANCE.md, "The GUI thread's
// stalls"). The saved searches are counted with them (their hits in the search index), on the
// same connection.
#pragma once

#include "ViewsModel.h"
#include "core/Clock.h"

#include <QFutureWatcher>
#include <QObject>
#include <QThreadPool>
#include <QTimer>
#include <memory>

namespace clerk {

namespace inbox {
class CountingConnection;
}

class Store;

class SidebarCounts : public QObject
{
    Q_OBJECT
public:
    using Counts = QList<QPair<ViewsModel::Spec, int>>;

    SidebarCounts(Store& store, const QString& clerk, QObject* parent = nullptr, Clock& clock = Clock::system());
    ~SidebarCounts() override;

    // Stores with at least this many requests are counted on a worker thread (tests set 0).
    static void setBackgroundFrom(qint64 requests) { s_backgroundFrom = requests; }
    // Whether the store is that large (one look at the highest row id).
    bool isLarge() const;
    // The saved searches' texts, counted with the views from the next update() on, each as
    // { View::Saved, text } (its hits, at most kSavedSearchHits, as the inbox's search finds them).
    void setSavedSearches(const QStringList& texts) { m_saved = texts; }
    static constexpr int kSavedSearchHits = 500;
    static constexpr int kLongestRestMs = 10000;
    // Counts again: at once, or on the worker for a large store.
    void update();
    // While the store's file is replaced under a new key (passphrase change): the worker
    // connection (opened with the old key) is closed and none is opened; releasing counts again
    // through a new one.
    void hold(bool hold);
    // The store locked: a running pass stops (interrupted; its counts are not used), then its
    // connection (and key) goes, before this returns.
    void drop();
    // Whether the worker connection (and with it a copy of the store's key) is open.
    bool hasConnection() const { return m_connection != nullptr; }
    // Whether a background pass runs now; whether the next one waits for the rest after the last.
    bool isCounting() const { return m_watcher && m_watcher->isRunning(); }
    bool isResting() const { return m_rest.isActive(); }
    const Counts& counts() const { return m_counts; }

Q_SIGNALS:
    void countsChanged(const QList<QPair<ViewsModel::Spec, int>>& counts);

private:
    void apply(const Counts& counts);
    void startPass(const QDate& today);

    Store& m_store;
    Clock& m_clock;
    QString m_clerk;
    QStringList m_saved;
    Counts m_counts;
    // The running pass uses it; it is interrupted and closed only on this (the GUI) thread.
    std::unique_ptr<inbox::CountingConnection> m_connection;
    struct Pass
    {
        Counts counts;
        bool discard = false; // interrupted or failed: the sidebar keeps its last counts
        bool failed = false; // a read failed: counted again after the longest rest
        qint64 countingMs = 0;
    };
    // One thread of its own (named "ClerkDesk counts"), below the window's priority (ThreadPriority.h).
    QThreadPool m_pool;
    QFutureWatcher<Pass>* m_watcher = nullptr;
    bool m_again = false;
    bool m_held = false;
    QTimer m_rest; // after a pass, before the next one; single shot, as long as that pass counted
    static inline qint64 s_backgroundFrom = 50000;
};

} // namespace clerk
