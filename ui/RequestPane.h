// One request, as the clerk works it: applicant, the service's form rendered from its schema,
// documents, notes and the timeline, with the triage actions (claim, status along the workflow,
// note) and a banner when the server disagreed with the clerk's change.
#pragma once

#include "NotesBox.h"

#include <QHash>
#include <QJsonObject>
#include <QWidget>

class QComboBox;
class QFormLayout;
class QLabel;
class QListView;
class QPlainTextEdit;
class QPushButton;
class QVBoxLayout;

namespace clerk {

class NoteDraftKeeper;

class DocumentListModel;
struct Request;
struct Service;
class Store;
class TimelineModel;

class RequestPane : public QWidget
{
    Q_OBJECT
public:
    RequestPane(Store& store, QWidget* parent = nullptr);

    void setClerk(const QString& login);
    void showRequest(const QString& requestId);
    QString requestId() const { return m_requestId; }
    // The note being typed, kept as the request's draft.
    NoteDraftKeeper* noteDrafts() const { return m_notes->drafts(); }

    QPushButton* claimButton() const { return m_claim; }
    QComboBox* statusBox() const { return m_statusBox; }
    QPushButton* statusButton() const { return m_statusButton; }
    QPlainTextEdit* noteEdit() const { return m_notes->editor(); }
    QPushButton* noteButton() const { return m_notes->addButton(); }
    QLabel* banner() const { return m_banner; }
    QListView* documentList() const { return m_documents; }
    QListView* timelineList() const { return m_timeline; }

Q_SIGNALS:
    void actionFailed(const QString& message);
    // The clerk asked to send again (after "Keep mine" or "Retry").
    void syncRequested();
    void documentActivated(const QString& documentId);

private:
    // One row of the form shown: a group's heading, or a field's name and value; `key` names the
    // value's label (the xdomea rows').
    struct FormRow
    {
        bool isHeading = false;
        QString text; // the heading, or the field's name
        QString value, key;
        bool sameShape(const FormRow& o) const { return isHeading == o.isHeading && text == o.text && key == o.key; }
    };
    void reload();
    QList<FormRow> formRows(const Request& r, const Service* service) const;
    void addXdomeaRows(const QJsonObject& form, QList<FormRow>& rows) const;
    void showForm(const QList<FormRow>& rows);
    void showNextStates(const QList<QPair<QString, QString>>& states);
    void claim();
    void changeStatus();

public:
    // Asks the applicant for missing documents (an editable, templated message).
    void requestDocuments();
    // Words to mark in the applicant and form (the inbox search): marked in place, only the labels
    // whose marks change are set again (the form is not rebuilt).
    void setHighlight(const QStringList& terms);

private:
    void resolve(bool keepMine);
    void compare();
    // Shows `text` in `label`, the current search's hits marked; kept in m_marked, so that
    // setHighlight marks it again in place.
    void showMarked(QLabel* label, const QString& text);
    QLabel* valueLabel(const QString& text); // a form value's label, marked, selectable
    void clearRequest(); // nothing of the request stays shown, nor its actions (locked, or gone)

    Store& m_store;
    QString m_clerk;
    QString m_requestId;
    QLabel* m_title = nullptr;
    QLabel* m_subtitle = nullptr;
    QLabel* m_banner = nullptr;
    QWidget* m_bannerBox = nullptr;
    QPushButton* m_keepMine = nullptr;
    QPushButton* m_takeTheirs = nullptr;
    QPushButton* m_compare = nullptr;
    QPushButton* m_retry = nullptr;
    QLabel* m_applicant = nullptr;
    QFormLayout* m_form = nullptr;
    // The rows the form shows, and each row's value label (nullptr for a heading): a request of the
    // same shape (the same service's fields) only sets the values, nothing is laid out anew.
    QList<FormRow> m_formRows;
    QList<QLabel*> m_formValues;
    QWidget* m_formBox = nullptr;
    DocumentListModel* m_documentModel = nullptr;
    QListView* m_documents = nullptr;
    NotesBox* m_notes = nullptr;
    TimelineModel* m_timelineModel = nullptr;
    QListView* m_timeline = nullptr;
    QPushButton* m_claim = nullptr;
    QPushButton* m_requestDocs = nullptr;
    QComboBox* m_statusBox = nullptr;
    QPushButton* m_statusButton = nullptr;
    QStringList m_highlight;
    // The labels that show the request's own text (applicant, form values), with that text:
    // emptied when the form is rebuilt and when the store locks.
    QHash<QLabel*, QString> m_marked;
    bool m_requestGone = false; // the request shown is no longer in the store
    QString m_conflictId; // a conflict or a refusal shown in the banner
    bool m_conflictIsRefusal = false;
};

} // namespace clerk
