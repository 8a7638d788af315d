#include "NoteDraftKeeper.h"

#include "UiLogging.h"
#include "core/store/Store.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalBlocker>

namespace clerk {

NoteDraftKeeper::NoteDraftKeeper(Store& store, QPlainTextEdit* editor, QObject* parent)
    : QObject(parent)
    , m_store(store)
    , m_editor(editor)
{
    m_idle.setSingleShot(true);
    m_idle.setInterval(kDelayMs);
    m_retry.setInterval(kRetryMs); // (repeats while a draft is held)
    connect(&m_idle, &QTimer::timeout, this, &NoteDraftKeeper::keep);
    connect(&m_retry, &QTimer::timeout, this, &NoteDraftKeeper::retryHeld);
    connect(m_editor, &QPlainTextEdit::textChanged, &m_idle, qOverload<>(&QTimer::start));
    connect(&m_store, &Store::aboutToLock, this, [this] {
        keep();
        retryHeld();
    });
    // While locked nothing can be kept, and what is typed then (behind the unlock dialog, while the
    // keyring is asked) would be replaced by the draft at the unlock: the editor takes no typing.
    connect(&m_store, &Store::locked, this, [this] {
        m_idle.stop();
        m_retry.stop();
        const QSignalBlocker quiet(m_editor);
        m_editor->clear();
        m_editor->setReadOnly(true);
        m_kept.clear();
    });
    connect(&m_store, &Store::unlocked, this, [this] {
        showDraft();
        if (!m_held.isEmpty())
            m_retry.start();
    });
}

bool NoteDraftKeeper::show(const QString& requestId, const QString& clerk)
{
    if (requestId == m_requestId && clerk == m_clerk)
        return true;
    // A request shown as gone: what its editor still holds goes now (the pane told the clerk to
    // copy it; they get it once more).
    if (m_gone && m_editor->toPlainText() != m_handedOverText)
        handOver({ m_requestId, m_clerk }, m_editor->toPlainText());
    const bool kept = keep();
    m_requestId = requestId;
    m_clerk = clerk;
    m_gone = false;
    m_handedOverText.clear();
    showDraft();
    return kept;
}

bool NoteDraftKeeper::keep()
{
    m_idle.stop();
    // Not for a request that is gone: its note can no longer be added (the purge took its draft);
    // nor over a draft that could not be read.
    if (m_requestId.isEmpty() || m_clerk.isEmpty() || m_gone || m_unread || !m_store.isUnlocked())
        return true;
    const Key key { m_requestId, m_clerk };
    const QString typed = m_editor->toPlainText();
    if (typed == m_kept && !m_held.contains(key))
        return true; // (nothing is written for a request looked at without typing)
    if (Status s = write(key, typed); !s) {
        if (s.error().code == Error::NotFound) {
            handOver(key, typed); // purged by the sync a moment ago (the pane has not heard of it yet)
            return true;
        }
        const bool heldBefore = m_held.contains(key);
        m_held.insert(key, typed);
        m_retry.start();
        // A store busy with a sync's write takes it at the retry, unseen by the clerk; refused
        // again, or for another reason (a full disk), the clerk is told.
        if (s.error().code != Error::Busy || heldBefore)
            Q_EMIT keepFailed();
        return false;
    }
    m_held.remove(key);
    m_kept = typed;
    return true;
}

void NoteDraftKeeper::retryHeld()
{
    if (!m_store.isUnlocked())
        return;
    const Key shown { m_requestId, m_clerk };
    for (auto it = m_held.begin(); it != m_held.end();) {
        // A draft of a request gone goes to the clerk. A refusal stops the round: the next write
        // would wait out the same busy store or fail on the same full disk.
        if (Status s = write(it.key(), it.value()); !s) {
            if (s.error().code != Error::NotFound)
                break;
            const QString text = it.value();
            const Key key = it.key();
            it = m_held.erase(it);
            handOver(key, text);
            continue;
        }
        if (it.key() == shown)
            m_kept = it.value();
        it = m_held.erase(it);
    }
    if (m_held.isEmpty())
        m_retry.stop();
}

bool NoteDraftKeeper::mayClose()
{
    // A note found to be of a request gone just now is in a message: the window stays open for the
    // clerk to copy it (the next try to close goes on: it is not handed over twice).
    const int handedOver = m_handedOver;
    keep();
    retryHeld();
    if (m_handedOver != handedOver)
        return false;
    if (m_held.isEmpty())
        return true;
    QMessageBox box(QMessageBox::Warning, tr("Unsaved notes"),
        tr("%n note(s) being written could not be saved: the local database refuses them (disk full?). "
           "If you quit now, they are lost.",
            "", int(m_held.size())),
        QMessageBox::Discard | QMessageBox::Cancel, m_editor->window());
    box.setInformativeText(tr("Cancel, copy the note from its request, and quit then."));
    box.button(QMessageBox::Discard)->setText(tr("&Quit and lose them"));
    box.setDefaultButton(QMessageBox::Cancel);
    return box.exec() == QMessageBox::Discard;
}

void NoteDraftKeeper::noteAdded()
{
    m_idle.stop();
    m_held.remove({ m_requestId, m_clerk });
    const QSignalBlocker quiet(m_editor);
    m_editor->clear();
    m_kept.clear();
}

void NoteDraftKeeper::setRequestGone(bool gone)
{
    m_gone = gone;
    if (gone)
        m_held.remove({ m_requestId, m_clerk });
    // What is typed for a request gone could not be kept: its editor takes no more (what it holds
    // can still be copied; the pane says so). Back if the request is (a server's move undone).
    m_editor->setReadOnly(m_gone || m_unread || !m_store.isUnlocked());
}

Status NoteDraftKeeper::write(const Key& key, const QString& text)
{
    Status s = m_store.noteDrafts().keep(key.first, key.second, text);
    if (!s && s.error().code == Error::NotFound)
        qCInfo(lcUi) << "a draft of a note was not kept:" << s.error().detail;
    else if (!s)
        qCWarning(lcUi) << "keeping the draft of a note failed:" << s.error().detail;
    return s;
}

void NoteDraftKeeper::handOver(const Key& key, const QString& text)
{
    m_held.remove(key);
    if (key.first == m_requestId && key.second == m_clerk) {
        m_kept = text; // (not written again)
        m_handedOverText = text; // (nor handed over again when the clerk leaves the request)
        m_gone = true; // (what is typed on would be lost too: the editor takes no more)
        m_editor->setReadOnly(true);
    }
    if (text.trimmed().isEmpty())
        return;
    // Not modal (the clerk goes on working); closed at the lock with everything else of a request
    // (what is typed for a request gone is lost at the lock, as the pane says).
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Note not saved"),
        tr("A note you began could not be saved: its request was removed from this computer while you wrote "
           "(it was closed and deleted, or handed to another team). Copy the words now if you still need them; "
           "they are gone when you close this message."),
        QMessageBox::Close, m_editor->window());
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setObjectName(QStringLiteral("goneDraftBox"));
    box->setDetailedText(text);
    QPushButton* copy = box->addButton(tr("&Copy the note and close"), QMessageBox::AcceptRole);
    box->setDefaultButton(copy);
    connect(box, &QMessageBox::buttonClicked, box, [copy, text](QAbstractButton* clicked) {
        if (clicked == copy)
            QGuiApplication::clipboard()->setText(text);
    });
    connect(&m_store, &Store::locked, box, &QWidget::close);
    box->setWindowModality(Qt::NonModal);
    box->show();
    ++m_handedOver;
    Q_EMIT draftOfGoneRequest(text);
}

void NoteDraftKeeper::showDraft()
{
    m_idle.stop();
    m_unread = false;
    QString draft;
    if (const auto held = m_held.constFind({ m_requestId, m_clerk }); held != m_held.cend()) {
        draft = held.value();
        m_kept.clear(); // (written yet: keep() and the retry do)
    } else if (!m_requestId.isEmpty() && !m_clerk.isEmpty() && m_store.isUnlocked()) {
        auto read = m_store.noteDrafts().of(m_requestId, m_clerk);
        if (read) {
            draft = std::move(read).value();
        } else {
            qCWarning(lcUi) << "reading the draft of a note failed:" << read.error().detail;
            m_unread = true;
        }
        m_kept = draft;
    } else {
        m_kept.clear();
    }
    const QSignalBlocker quiet(m_editor); // (read, not typed: nothing to keep)
    m_editor->setPlainText(draft);
    m_editor->setReadOnly(m_unread || !m_store.isUnlocked());
    if (m_unread)
        Q_EMIT readFailed();
}

} // namespace clerk
