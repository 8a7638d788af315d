// The request pane's internal notes (Vermerke): the request's notes, and the one being typed, kept
// as the request's draft (NoteDraftKeeper), counted near kMaxNoteLength and added with "Add note".
#pragma once

#include "core/domain/Domain.h"

#include <QGroupBox>
#include <QStringList>

class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;

namespace clerk {

class NoteDraftKeeper;
class Store;

class NotesBox : public QGroupBox
{
    Q_OBJECT
public:
    // The count shows from this length on.
    static constexpr int kLengthShownFrom = kMaxNoteLength * 9 / 10;

    NotesBox(Store& store, QWidget* parent = nullptr);

    void showNotes(const QStringList& lines);
    // The note typed so far stays its request's draft; this request's own is shown.
    void showRequest(const QString& requestId, const QString& clerk);
    // A request is shown that takes notes (not while none is, nor when it is gone).
    void setOpen(bool open);
    // The request shown is gone from the store (NoteDraftKeeper::setRequestGone).
    void setRequestGone(bool gone);
    bool hasTypedText() const;

    NoteDraftKeeper* drafts() const { return m_drafts; }
    QPlainTextEdit* editor() const { return m_editor; }
    QPushButton* addButton() const { return m_add; }

Q_SIGNALS:
    void actionFailed(const QString& message);

private:
    void addNote();
    // "Add note" only for a request that takes notes and a note that fits; the length near the limit.
    void updateAddButton();

    Store& m_store;
    QString m_requestId, m_clerk;
    QStringList m_lines;
    QListWidget* m_list = nullptr;
    QPlainTextEdit* m_editor = nullptr;
    QLabel* m_length = nullptr;
    QPushButton* m_add = nullptr;
    NoteDraftKeeper* m_drafts = nullptr;
    bool m_open = false;
};

} // namespace clerk
