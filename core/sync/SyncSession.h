// One clerk's sync with the city backend, on a store connection of its own: sign in, push the
// outbox in order, pull the changes feed into the store (items and cursor in one transaction),
// fetch documents resumably. Each call returns at once and runs as a chain of steps, each started
// from the network answer of the one before (no nested event loop); it reports once, through its
// callback, on the session's thread. One call at a time: a second one while another runs is
// refused with Error::Busy. stop() ends the running call with Error::Cancelled.
// Parts: SyncSession.cpp (the call machinery, sign-in, the pass, documents), SyncPush.cpp,
// SyncPull.cpp.
#pragma once

#include "BackendClient.h"
#include "core/Result.h"
#include "core/store/Store.h"

#include <QJsonObject>
#include <QObject>
#include <functional>
#include <memory>
#include <optional>

namespace clerk {

struct SyncReport
{
    int pushed = 0, applied = 0, conflicts = 0, rejected = 0;
    int pulled = 0;
    int purged = 0; // requests the archive took over, removed from this computer (Aussonderung)
    QStringList released, withdrawn; // files for the archive (0501, 0503) released or withdrawn
    QStringList held; // why a file for the archive whose answers came stays held (for the clerk)
    bool fullResync = false;
    bool servicesChanged = false; // a service was new or differed (names, forms, workflow)
    QDateTime at; // when the pass ended, by the store's clock
};

struct PullState; // SyncPull.h
struct DecodedPage;
struct FetchState;

class SyncSession
{
    Q_DECLARE_TR_FUNCTIONS(clerk::SyncSession)
public:
    template <class T> using Done = std::function<void(Result<T>)>;
    using StatusDone = std::function<void(Status)>;

    // `store` must be unlocked and is used from the calling thread only.
    SyncSession(Store& store, const QUrl& backend, const QString& caBundle = {});
    // A running call is dropped without its callback.
    ~SyncSession();

    void signIn(const QString& login, const QString& password, StatusDone done);
    void setToken(const QByteArray& token) { m_client.setToken(token); }
    QByteArray token() const { return m_client.token(); }
    bool signedIn() const { return !m_client.token().isEmpty(); }
    const QJsonObject& clerk() const { return m_clerk; }

    // Services, push, pull.
    void syncOnce(Done<SyncReport> done);
    void push(Done<int> done);
    void pull(Done<int> done);
    // Downloads a document's bytes into the store, continuing where an interrupted download
    // stopped. `stopAfter` > 0 interrupts on purpose (tests).
    void fetchDocument(const QString& documentId, StatusDone done, qint64 stopAfter = 0);

    // Whether a call is running.
    bool running() const { return m_step != Step::Idle; }
    // Ends the running call at once: its pending request is aborted, an open page transaction is
    // rolled back (the cursor still points at the first page not applied), and its callback gets
    // Error::Cancelled before this returns. Outbox states already written stay as they are, as
    // after a failed send.
    void stop();

    BackendClient& client() { return m_client; }
    void setPageSize(int n) { m_pageSize = n; }
    // Whether a first sync builds the search index before it returns (the default) or leaves it
    // to Store::indexSearchSlice() (the sync engine, so that the inbox is ready sooner).
    void setSearchIndexing(Store::SearchIndexing when) { m_searchIndexing = when; }
    // A changes page's own fields, read without decoding its items (see SyncPull.cpp); nullopt
    // when the body is anything but a plain object (it is parsed in full then).
    struct PageHead
    {
        QString cursor, fingerprint;
        bool more = false;
        bool operator==(const PageHead&) const = default;
    };
    static std::optional<PageHead> scanPageHead(const QByteArray& body);
    // Called after every page pushed or pulled with the running totals of this pass.
    void setProgress(std::function<void(int pushed, int pulled)> progress) { m_progress = std::move(progress); }

private:
    enum class Step { Idle, SigningIn, Services, Pushing, Pulling, Fetching };
    static constexpr int kPushBatch = 100; // changes per POST /v1/mutations

    // Starts a call at `step`, or refuses it (Busy) when one is running; `end` reports it.
    bool begin(Step step, StatusDone end);
    // Ends the running call: drops its pending requests and state, then reports `outcome`.
    void finish(Status outcome);
    // Wraps a step's network callback so that it runs only while its call is still the running one.
    template <class F> auto live(F f)
    {
        return [this, generation = m_generation, f = std::move(f)](auto result) {
            if (generation == m_generation)
                f(std::move(result));
        };
    }

    // The pass: services, then push, then pull.
    void servicesAnswered(Result<QJsonObject> services);
    void passPushed(Status pushed);
    void passPulled(Status pulled);
    void continueWith(Status outcome) { std::exchange(m_then, nullptr)(std::move(outcome)); }
    // Push (SyncPush.cpp): one batch after another; m_then gets the outcome of the whole push.
    void pushNextBatch();
    void batchAnswered(const QList<Mutation>& batch, Result<QJsonObject> reply);
    // Pull (SyncPull.cpp): m_then gets the outcome of the whole pull.
    Status startPull();
    void pageArrived(Result<QByteArray> body);
    void requestPage(const QString& from);
    Status writePending();
    Status endPull();
    // Removes the requests the archive took over once the server holds them archived (the clerk's
    // own archive step applied, or a colleague's from the feed); a failure is logged, the next
    // pass or start tries again.
    void purgeArchived();
    // The held files for the archive (0501, 0503) released or withdrawn where the server has
    // answered their steps (ArchivingRecords::settleDeliveries); a failure is logged, the next pass
    // tries again. Run after answers to archiving steps and at the end of each pass (syncOnce), so a
    // file that could not take its name once is released by a later pass with nothing to send.
    void settleDeliveries();
    // After answers to archiving steps: settleDeliveries(), then purgeArchived().
    void settleArchiving();
    void downloaded(Result<BackendClient::Download> got);

    static DecodedPage decodeItems(const QJsonArray& items);
    Status writeItems(const DecodedPage& page, bool bulk);
    // Between two slices of a page: commits what is written if the window waits for the store.
    Status letTheWindowWrite();

    Store& m_store;
    QObject m_context; // on the session's thread: answers that need no request are queued here
    BackendClient m_client;
    QJsonObject m_clerk;
    int m_pageSize = 1000;
    Store::SearchIndexing m_searchIndexing = Store::SearchIndexing::Now;
    std::function<void(int, int)> m_progress;

    Step m_step = Step::Idle;
    quint64 m_generation = 0; // counts calls; answers of a call that ended are dropped
    StatusDone m_end; // reports the running call
    // What the running push or pull continues with when it is done (the pass's next step, or the
    // end of a push() or pull() call).
    StatusDone m_then;
    SyncReport m_report; // of the running call
    std::unique_ptr<PullState> m_pull;
    std::unique_ptr<FetchState> m_fetch;
};

} // namespace clerk
