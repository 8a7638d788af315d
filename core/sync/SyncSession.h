// One clerk's sync with the city backend, on a store connection of its own: sign in, push the
// outbox in order, pull the changes feed into the store (items and cursor in one transaction),
// fetch documents resumably. Each call is one blocking pass; SyncEngine runs them on its thread.
#pragma once

#include "BackendClient.h"
#include "core/Result.h"
#include "core/store/Store.h"

#include <QJsonObject>
#include <functional>
#include <optional>

namespace clerk {

struct SyncReport
{
    int pushed = 0, applied = 0, conflicts = 0, rejected = 0;
    int pulled = 0;
    bool fullResync = false;
    QDateTime at; // when the pass ended, by the store's clock
};

class SyncSession
{
    Q_DECLARE_TR_FUNCTIONS(clerk::SyncSession)
public:
    // `store` must be unlocked and is used from the calling thread only.
    SyncSession(Store& store, const QUrl& backend, const QString& caBundle = {});

    Status signIn(const QString& login, const QString& password);
    void setToken(const QByteArray& token) { m_client.setToken(token); }
    QByteArray token() const { return m_client.token(); }
    bool signedIn() const { return !m_client.token().isEmpty(); }
    const QJsonObject& clerk() const { return m_clerk; }

    Result<SyncReport> syncOnce();
    Result<int> push();
    Result<int> pull(SyncReport* report = nullptr);
    // Downloads a document's bytes into the store, continuing where an interrupted download
    // stopped. `stopAfter` > 0 interrupts on purpose (tests).
    Status fetchDocument(const QString& documentId, qint64 stopAfter = 0);

    BackendClient& client() { return m_client; }
    void setPageSize(int n) { m_pageSize = n; }
    // Whether a first sync builds the search index before it returns (the default) or leaves it
    // to Store::indexSearchSlice() (the sync engine, so that the inbox is ready sooner).
    void setSearchIndexing(Store::SearchIndexing when) { m_searchIndexing = when; }
    // A changes page's own fields, read without decoding its items (see the .cpp); nullopt when the
    // body is anything but a plain object (it is parsed in full then).
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
    static constexpr int kPushBatch = 100; // changes per POST /v1/mutations
    struct DecodedPage
    {
        QList<Request> requests;
        QList<Document> documents;
        QList<Note> notes;
        QList<Annotation> annotations;
        QList<TimelineEvent> timeline;
        int items = 0;
        Error error; // the first item that could not be read; nothing of the page is written then
        qint64 decodeNs = 0; // parsing and decoding, on the helper thread
    };
    static DecodedPage decodeItems(const QJsonArray& items);
    Status writeItems(const DecodedPage& page, bool bulk);

    Store& m_store;
    BackendClient m_client;
    QJsonObject m_clerk;
    int m_pageSize = 1000;
    Store::SearchIndexing m_searchIndexing = Store::SearchIndexing::Now;
    std::function<void(int, int)> m_progress;
    int m_pushedThisPass = 0;
};

} // namespace clerk
