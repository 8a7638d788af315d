// The note being typed in the request pane's editor, kept as the request's draft in the encrypted
// store (core/store/NoteDrafts): a second after the last keystroke, when another request or clerk
// is shown, and when the store is about to lock; while locked the editor is empty. A draft the
// store refuses (a full disk, the file busy past NoteDrafts::kBusyTimeoutMs) is held here by request and clerk,
// shown from here, and written again every kRetryMs and at the lock until the store takes it or
// its request is gone; only held drafts stay in memory through a lock. Words typed for a request that
// is gone (purged by the sync) are handed to the clerk in a message to copy, never counted as kept.
#pragma once

#include "core/Result.h"

#include <QHash>
#include <QObject>
#include <QPair>
#include <QString>
#include <QTimer>

class QPlainTextEdit;

namespace clerk {

class Store;

class NoteDraftKeeper : public QObject
{
    Q_OBJECT
public:
    static constexpr int kDelayMs = 1000;
    static constexpr int kRetryMs = 10000;

    NoteDraftKeeper(Store& store, QPlainTextEdit* editor, QObject* parent = nullptr);

    // Keeps the editor's text as the draft of the request and clerk shown so far, then shows the
    // draft of these. False: the text shown so far is held (keepFailed()).
    bool show(const QString& requestId, const QString& clerk);
    // Keeps the editor's text now; false: it is held (keepFailed()).
    bool keep();
    // The note was added: its draft is gone from the store (Notes::add) and from here.
    void noteAdded();
    // The request shown is gone from the store: nothing is kept for it, its held draft goes, and
    // the editor takes no typing (its text can still be copied) until a request is shown.
    void setRequestGone(bool gone);
    // Writes every held draft; those written go, those of a request gone are handed to the clerk.
    void retryHeld();
    // At quit: keeps what is typed and writes what is held; a draft the store still refuses would
    // be lost with the window, so the clerk is asked first, and one just handed over (its request
    // gone) keeps the window open for its message. False: the window stays open.
    bool mayClose();
    qsizetype heldCount() const { return m_held.size(); }
    bool retryPending() const { return m_retry.isActive(); }

Q_SIGNALS:
    void keepFailed();
    // A note typed for a request that is gone (purged while it was typed, or shown as gone and
    // left) cannot be kept: its words, for the clerk to copy before they go.
    void draftOfGoneRequest(const QString& text);
    // The request's draft could not be read: the editor takes no typing until the request is
    // shown again (what was typed would replace a draft the clerk has not seen).
    void readFailed();

private:
    using Key = QPair<QString, QString>; // request, clerk
    Status write(const Key& key, const QString& text);
    void showDraft();
    // Nothing can keep it any more: the clerk gets the words (a blank text goes quietly).
    void handOver(const Key& key, const QString& text);

    Store& m_store;
    QPlainTextEdit* m_editor;
    QString m_requestId, m_clerk;
    bool m_gone = false;
    bool m_unread = false; // the shown request's draft could not be read
    QString m_kept; // the editor's text as last kept or read: only a change is written
    QString m_handedOverText; // the text of the request shown last handed over
    int m_handedOver = 0; // messages shown
    QTimer m_idle, m_retry;
    QHash<Key, QString> m_held;
};

} // namespace clerk
