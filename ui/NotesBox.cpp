#include "NotesBox.h"

#include "NoteDraftKeeper.h"
#include "core/store/Store.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace clerk {

NotesBox::NotesBox(Store& store, QWidget* parent)
    : QGroupBox(tr("Internal notes"), parent)
    , m_store(store)
{
    auto* layout = new QVBoxLayout(this);
    m_list = new QListWidget(this);
    m_list->setAccessibleName(tr("Internal notes"));
    m_list->setMaximumHeight(110);
    m_list->setWordWrap(true);
    layout->addWidget(m_list);
    m_editor = new QPlainTextEdit(this);
    m_editor->setObjectName(QStringLiteral("noteEdit"));
    m_editor->setAccessibleName(tr("New note"));
    m_editor->setPlaceholderText(tr("Write an internal note…"));
    m_editor->setMaximumHeight(70);
    m_editor->setTabChangesFocus(true);
    layout->addWidget(m_editor);
    m_drafts = new NoteDraftKeeper(m_store, m_editor, this);
    connect(m_drafts, &NoteDraftKeeper::readFailed, this, [this] {
        Q_EMIT actionFailed(tr("The note begun on this request could not be read; show the request again to retry."));
    });
    connect(m_drafts, &NoteDraftKeeper::keepFailed, this, [this] {
        Q_EMIT actionFailed(tr("Your note could not be saved (disk full?). It stays here and is saved again "
                               "shortly; copy it before you close ClerkDesk."));
    });
    m_add = new QPushButton(tr("Add &note"), this);
    m_add->setObjectName(QStringLiteral("noteButton"));
    connect(m_add, &QPushButton::clicked, this, &NotesBox::addNote);
    m_length = new QLabel(this);
    m_length->setObjectName(QStringLiteral("noteLength"));
    m_length->setTextFormat(Qt::PlainText);
    m_length->setWordWrap(true); // (never wider than the pane)
    m_length->hide();
    connect(m_editor, &QPlainTextEdit::textChanged, this, &NotesBox::updateAddButton);
    auto* row = new QHBoxLayout;
    row->addWidget(m_length, 1);
    row->addWidget(m_add);
    layout->addLayout(row);
}

void NotesBox::showNotes(const QStringList& lines)
{
    if (lines == m_lines)
        return;
    m_lines = lines;
    m_list->clear();
    m_list->addItems(lines);
}

void NotesBox::showRequest(const QString& requestId, const QString& clerk)
{
    m_drafts->show(requestId, clerk);
    m_requestId = requestId;
    m_clerk = clerk;
}

void NotesBox::setOpen(bool open)
{
    m_open = open;
    updateAddButton();
}

void NotesBox::setRequestGone(bool gone)
{
    m_drafts->setRequestGone(gone);
}

bool NotesBox::hasTypedText() const
{
    return !m_editor->toPlainText().trimmed().isEmpty();
}

void NotesBox::addNote()
{
    const QString text = m_editor->toPlainText().trimmed();
    if (text.isEmpty())
        return;
    if (auto m = m_store.addNote(m_requestId, text, m_clerk); !m) {
        Q_EMIT actionFailed(m.errorString()); // the text stays in the editor
        return;
    }
    m_drafts->noteAdded();
}

void NotesBox::updateAddButton()
{
    // Counted as the store and the server count what addNote() sends: the trimmed text's UTF-16
    // code units (QString::size).
    const qsizetype length = m_editor->toPlainText().trimmed().size();
    const bool tooLong = length > kMaxNoteLength;
    m_add->setEnabled(m_open && !tooLong);
    const bool counted = length > kLengthShownFrom;
    m_length->setVisible(counted);
    if (!counted)
        return;
    const QLocale locale;
    m_length->setText(tooLong
            ? tr("Too long for a note: %1 of at most %2 characters")
                  .arg(locale.toString(length), locale.toString(kMaxNoteLength))
            : tr("%1 of at most %2 characters").arg(locale.toString(length), locale.toString(kMaxNoteLength)));
    m_length->setStyleSheet(tooLong ? QStringLiteral("color: #b00020; font-weight: bold") : QString());
}

} // namespace clerk
