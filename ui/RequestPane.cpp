#include "RequestPane.h"

#include "Highlight.h"
#include "NotesBox.h"
#include "SyncProblemsDialog.h"
#include "UiLogging.h"
#include "WrappedLabel.h"
#include "core/store/Store.h"
#include "models/DateText.h"
#include "models/DocumentListModel.h"
#include "models/RefusalNames.h"
#include "models/StatusNames.h"
#include "models/TimelineModel.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QJsonArray>
#include <QLabel>
#include <QListView>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QTimer>

namespace clerk {

namespace {
QString formatValue(const FormField& f, const QJsonValue& v)
{
    const QLocale locale;
    if (f.type == QLatin1String("date"))
        return datetext::date(QDate::fromString(v.toString(), Qt::ISODate));
    if (f.type == QLatin1String("amount"))
        return locale.toCurrencyString(v.toDouble(), QStringLiteral("€"));
    if (f.type == QLatin1String("number"))
        return locale.toString(v.toDouble(), 'g', 12);
    if (f.type == QLatin1String("bool"))
        return v.toBool() ? RequestPane::tr("yes") : RequestPane::tr("no");
    if (v.isArray()) {
        QStringList items;
        for (const QJsonValue& i : v.toArray())
            items << i.toString();
        return items.join(QStringLiteral(", "));
    }
    return v.toString();
}
} // namespace

RequestPane::RequestPane(Store& store, QWidget* parent)
    : QWidget(parent)
    , m_store(store)
{
    setObjectName(QStringLiteral("RequestPane"));
    setAccessibleName(tr("Request details"));
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setAccessibleName(tr("Request details"));
    outer->addWidget(scroll);
    auto* body = new QWidget(scroll);
    scroll->setWidget(body);
    auto* layout = new QVBoxLayout(body);

    m_title = new WrappedLabel(body);
    m_title->setObjectName(QStringLiteral("requestTitle"));
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.35);
    big.setBold(true);
    m_title->setFont(big);
    m_title->setTextFormat(Qt::PlainText); // a reference from another authority's message is never markup
    layout->addWidget(m_title);
    m_subtitle = new QLabel(body); // (not selectable: measured by font metrics, no text document)
    m_subtitle->setWordWrap(true);
    m_subtitle->setTextFormat(Qt::PlainText); // (a file number from another authority's message, too)
    layout->addWidget(m_subtitle);

    m_bannerBox = new QWidget(body);
    m_bannerBox->setObjectName(QStringLiteral("conflictBanner"));
    m_bannerBox->setStyleSheet(
        QStringLiteral("#conflictBanner { background: #fff4e5; border: 1px solid #e65100; border-radius: 4px; }"));
    // The explanation across the pane's width, the choices below it (the pane is narrow beside
    // the list on a laptop): two short ones side by side, the long one on a row of its own.
    auto* bannerLayout = new QGridLayout(m_bannerBox);
    m_banner = new QLabel(m_bannerBox);
    m_banner->setTextFormat(Qt::PlainText); // server and package texts are shown as they are, never as markup
    m_banner->setWordWrap(true);
    m_banner->setAccessibleName(tr("Sync problem"));
    m_keepMine = new QPushButton(tr("&Keep mine"), m_bannerBox);
    m_keepMine->setObjectName(QStringLiteral("bannerKeepMine"));
    m_takeTheirs = new QPushButton(tr("&Take theirs"), m_bannerBox);
    m_takeTheirs->setObjectName(QStringLiteral("bannerTakeTheirs"));
    m_retry = new QPushButton(tr("&Retry"), m_bannerBox);
    m_retry->setObjectName(QStringLiteral("bannerRetry"));
    m_compare = new QPushButton(tr("C&ompare…"), m_bannerBox);
    m_compare->setObjectName(QStringLiteral("bannerCompare"));
    bannerLayout->addWidget(m_banner, 0, 0, 1, 3);
    bannerLayout->addWidget(m_keepMine, 1, 0);
    bannerLayout->addWidget(m_retry, 1, 0);
    bannerLayout->addWidget(m_compare, 1, 1);
    bannerLayout->setColumnStretch(2, 1);
    bannerLayout->addWidget(m_takeTheirs, 2, 0, 1, 2);
    connect(m_keepMine, &QPushButton::clicked, this, [this] { resolve(true); });
    connect(m_takeTheirs, &QPushButton::clicked, this, [this] { resolve(false); });
    connect(m_compare, &QPushButton::clicked, this, &RequestPane::compare);
    connect(m_retry, &QPushButton::clicked, this, [this] {
        if (Status s = m_store.retryMutation(m_conflictId); !s)
            Q_EMIT actionFailed(s.errorString());
        Q_EMIT syncRequested();
    });
    m_bannerBox->hide();
    layout->addWidget(m_bannerBox);

    // Two short rows rather than one long one: the pane is narrow beside the list on a laptop.
    // The next status and its button together; claiming and asking for documents below.
    m_claim = new QPushButton(tr("&Claim"), body);
    m_claim->setObjectName(QStringLiteral("claimButton"));
    m_claim->setToolTip(tr("Take over this request (Ctrl+Shift+C)"));
    connect(m_claim, &QPushButton::clicked, this, &RequestPane::claim);
    m_statusBox = new QComboBox(body);
    m_statusBox->setObjectName(QStringLiteral("statusBox"));
    m_statusBox->setAccessibleName(tr("Next status"));
    // Narrow panes: the box gives way (its list still shows the whole names) rather than the buttons.
    m_statusBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_statusBox->setMinimumContentsLength(10);
    m_statusButton = new QPushButton(tr("Change &status"), body);
    m_statusButton->setObjectName(QStringLiteral("statusButton"));
    connect(m_statusButton, &QPushButton::clicked, this, &RequestPane::changeStatus);
    m_requestDocs = new QPushButton(tr("Request &documents…"), body);
    m_requestDocs->setObjectName(QStringLiteral("requestDocumentsButton"));
    m_requestDocs->setToolTip(tr("Ask the applicant for missing documents (Ctrl+Shift+D)"));
    connect(m_requestDocs, &QPushButton::clicked, this, &RequestPane::requestDocuments);
    auto* statusRow = new QHBoxLayout;
    statusRow->addWidget(m_statusBox, 1);
    statusRow->addWidget(m_statusButton);
    layout->addLayout(statusRow);
    auto* more = new QHBoxLayout;
    more->addWidget(m_claim);
    more->addWidget(m_requestDocs);
    more->addStretch(1);
    layout->addLayout(more);

    auto* applicantBox = new QGroupBox(tr("Applicant"), body);
    auto* al = new QVBoxLayout(applicantBox);
    m_applicant = new WrappedLabel(applicantBox);
    m_applicant->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    al->addWidget(m_applicant);
    layout->addWidget(applicantBox);

    m_formBox = new QGroupBox(tr("Form"), body);
    m_form = new QFormLayout(m_formBox);
    layout->addWidget(m_formBox);

    auto* docs = new QGroupBox(tr("Documents"), body);
    auto* dl = new QVBoxLayout(docs);
    m_documentModel = new DocumentListModel(m_store, this);
    m_documents = new QListView(docs);
    m_documents->setObjectName(QStringLiteral("documentList"));
    m_documents->setModel(m_documentModel);
    m_documents->setAccessibleName(tr("Documents"));
    m_documents->setMaximumHeight(110);
    m_documents->setToolTip(tr("Enter or double-click opens the document"));
    m_documents->setEditTriggers(QAbstractItemView::NoEditTriggers);
    connect(m_documents, &QListView::activated, this, [this](const QModelIndex& index) {
        Q_EMIT documentActivated(index.data(DocumentListModel::DocumentIdRole).toString());
    });
    dl->addWidget(m_documents);
    layout->addWidget(docs);

    m_notes = new NotesBox(m_store, body);
    connect(m_notes, &NotesBox::actionFailed, this, &RequestPane::actionFailed);
    layout->addWidget(m_notes);

    auto* history = new QGroupBox(tr("Timeline"), body);
    auto* hl = new QVBoxLayout(history);
    m_timelineModel = new TimelineModel(m_store, this);
    m_timeline = new QListView(history);
    m_timeline->setObjectName(QStringLiteral("timelineList"));
    m_timeline->setModel(m_timelineModel);
    m_timeline->setAccessibleName(tr("Timeline"));
    m_timeline->setMaximumHeight(180);
    m_timeline->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_timeline->setWordWrap(true); // a colleague's message to the applicant can be long
    m_timeline->setResizeMode(QListView::Adjust); // wrapped again when the pane's width changes
    hl->addWidget(m_timeline);
    layout->addWidget(history);
    layout->addStretch(1);

    connect(&m_store, &Store::locked, this, [this] {
        m_title->clear();
        clearRequest(); // (the documents and the timeline empty themselves; the editor: NoteDraftKeeper)
    });
    connect(&m_store, &Store::unlocked, this, [this] {
        if (!m_requestId.isEmpty())
            reload();
    });
    connect(&m_store, &Store::requestsChanged, this, [this](const QStringList& ids) {
        if (!m_requestId.isEmpty() && (ids.isEmpty() || ids.contains(m_requestId)))
            reload(); // the half-typed note stays: reload() never touches the editor
    });
}

void RequestPane::setClerk(const QString& login)
{
    // Another clerk signed in (the session had expired): the note being typed stays the first
    // clerk's draft, and the editor shows the second clerk's own, if any.
    m_clerk = login;
    m_notes->showRequest(m_requestId, m_clerk);
}

void RequestPane::showRequest(const QString& requestId)
{
    const bool another = requestId != m_requestId;
    // The note being typed stays the request's draft; the next request's own comes back.
    m_notes->showRequest(requestId, m_clerk);
    m_requestId = requestId;
    m_documentModel->setRequest(requestId);
    m_timelineModel->setRequest(requestId);
    // Marked read once the event that showed it is done: the list refreshes then, and a selection
    // being extended with Shift+arrow is complete by that time.
    if (!requestId.isEmpty())
        QTimer::singleShot(0, this, [this, requestId] {
            if (!m_store.isUnlocked())
                return;
            if (Status s = m_store.setUnread(requestId, false); !s)
                qCWarning(lcUi) << "could not mark" << requestId << "read:" << s.error().detail;
        });
    reload();
    if (another && m_statusBox->count() > 0)
        m_statusBox->setCurrentIndex(0); // (a choice left for the request before is not this one's)
}

// The form's and the applicant's values are marked in place: a new search (or none) only changes
// the labels whose marks change, so clearing a search does not rebuild the form (nor lay out and
// repaint the window around it) when the request shown had no hit.
void RequestPane::setHighlight(const QStringList& terms)
{
    if (terms == m_highlight)
        return;
    m_highlight = terms;
    if (m_requestId.isEmpty() || !m_store.isUnlocked())
        return; // (locked: m_marked is empty, and unlocking reloads)
    for (auto it = m_marked.cbegin(); it != m_marked.cend(); ++it)
        showMarked(it.key(), it.value());
}

// A line break in a value stays one when it is marked (rich text would fold it into a space).
void RequestPane::showMarked(QLabel* label, const QString& text)
{
    m_marked.insert(label, text);
    if (containsAny(text, m_highlight)) {
        if (label->textFormat() != Qt::RichText) {
            label->clear(); // (setTextFormat takes the label's text in the new format: not the raw value)
            label->setTextFormat(Qt::RichText);
        }
        label->setText(markTerms(text, m_highlight).replace(QLatin1Char('\n'), QStringLiteral("<br>")));
    } else {
        label->setTextFormat(Qt::PlainText);
        label->setText(text);
    }
}

QLabel* RequestPane::valueLabel(const QString& text)
{
    auto* value = new WrappedLabel(m_formBox);
    showMarked(value, text);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    return value;
}

// A request taken over from an xdomea message: who sent it and what it was there (the values
// core/xdomea wrote into the form, under xdomea_* keys).
void RequestPane::addXdomeaRows(const QJsonObject& form, QList<FormRow>& rows) const
{
    const QList<QPair<const char*, QString>> fields { { "xdomea_title", tr("Subject") },
        { "xdomea_sender", tr("Sender") }, { "xdomea_sender_key", tr("Authority key") },
        { "xdomea_receiver", tr("Receiver") }, { "xdomea_file", tr("File (Akte)") }, { "xdomea_period", tr("Period") },
        { "xdomea_note", tr("Note from the sender") }, { "xdomea_message", tr("Message") },
        { "xdomea_process_id", tr("ProzessID") }, { "xdomea_object", tr("Object") },
        { "xdomea_sending_system", tr("Sending system") } };
    rows.append({ true, tr("Taken over from xdomea"), {}, {} });
    for (const auto& [key, label] : fields) {
        const QString text = form.value(QLatin1String(key)).toString();
        if (!text.isEmpty())
            rows.append({ false, label, text, QString::fromLatin1(key) });
    }
}

// The form's rows: the service's fields the request has, under their groups' headings; then what an
// xdomea message brought.
QList<RequestPane::FormRow> RequestPane::formRows(const Request& r, const Service* service) const
{
    QList<FormRow> rows;
    const bool german = QLocale().language() == QLocale::German;
    QString group;
    if (service) {
        for (const FormField& f : service->form) {
            if (!r.form.contains(f.key))
                continue;
            if (f.group != group) {
                group = f.group;
                rows.append({ true, group, {}, {} });
            }
            rows.append({ false, german || f.labelEn.isEmpty() ? f.labelDe : f.labelEn,
                formatValue(f, r.form.value(f.key)), {} });
        }
    }
    if (r.channel == QLatin1String("xdomea"))
        addXdomeaRows(r.form, rows);
    return rows;
}

// A form of the shape shown already (the same service, the same fields) keeps its labels and only
// shows the new values: the pane is neither rebuilt nor laid out anew when the clerk goes from one
// request to the next, or when the one shown is marked read (measured in ./dev bench week: showing
// a hit built, laid out and painted the whole pane twice).
void RequestPane::showForm(const QList<FormRow>& rows)
{
    const bool sameShape = rows.size() == m_formRows.size()
        && std::equal(rows.cbegin(), rows.cend(), m_formRows.cbegin(),
            [](const FormRow& a, const FormRow& b) { return a.sameShape(b); });
    if (!sameShape) {
        while (m_form->rowCount() > 0)
            m_form->removeRow(0);
        m_formValues.clear();
        for (const FormRow& row : rows) {
            if (row.isHeading) {
                m_form->addRow(new QLabel(QStringLiteral("<b>%1</b>").arg(row.text.toHtmlEscaped()), m_formBox));
                m_formValues << nullptr;
                continue;
            }
            QLabel* value = valueLabel(row.value);
            value->setObjectName(row.key);
            auto* name = new QLabel(row.text + QLatin1Char(':'), m_formBox);
            name->setTextFormat(Qt::PlainText); // (the service's definition comes from the server)
            m_form->addRow(name, value);
            m_formValues << value;
        }
    } else {
        for (qsizetype i = 0; i < rows.size(); ++i)
            if (QLabel* value = m_formValues.at(i))
                showMarked(value, rows.at(i).value);
    }
    m_formRows = rows;
}

void RequestPane::showNextStates(const QList<QPair<QString, QString>>& states)
{
    bool same = states.size() == m_statusBox->count();
    for (int i = 0; same && i < m_statusBox->count(); ++i)
        same = m_statusBox->itemText(i) == states.at(i).first
            && m_statusBox->itemData(i).toString() == states.at(i).second;
    if (same)
        return; // (and the clerk's choice in it stays)
    m_statusBox->clear();
    for (const auto& [text, state] : states)
        m_statusBox->addItem(text, state);
}

void RequestPane::clearRequest()
{
    m_subtitle->clear();
    m_applicant->clear();
    m_marked.clear();
    showForm({});
    m_notes->showNotes({});
    m_statusBox->clear();
    m_statusBox->setEnabled(false);
    m_statusButton->setEnabled(false);
    m_claim->setEnabled(false);
    m_requestDocs->setEnabled(false);
    m_notes->setOpen(false); // (a note typed for a request gone stays in its editor, to be copied)
    m_conflictId.clear();
    m_bannerBox->hide();
}

void RequestPane::reload()
{
    if (!m_store.isUnlocked())
        return;
    auto r = m_store.request(m_requestId);
    m_requestGone = !r && r.error().code == Error::NotFound;
    m_notes->setRequestGone(m_requestGone);
    if (!r) {
        m_title->setText(tr("Request not found")); // (purged: nothing of it stays, nor its actions)
        clearRequest();
        // A note begun on it stays in its editor (which takes no more typing: NoteDraftKeeper) until
        // another request is shown (a message gives its words once more), the store locks or the
        // window closes: the clerk is told while it can still be copied.
        if (m_requestGone && m_notes->hasTypedText())
            m_subtitle->setText(tr("The note begun on this request can no longer be saved. Copy it now: it is lost "
                                   "when you lock ClerkDesk or quit."));
        return;
    }
    auto svc = m_store.service(r->serviceId);
    const bool german = QLocale().language() == QLocale::German;
    const QString serviceName = svc ? (german || svc->nameEn.isEmpty() ? svc->nameDe : svc->nameEn) : r->serviceId;
    m_title->setText(QStringLiteral("%1 – %2").arg(r->reference, serviceName));
    m_subtitle->setText(tr("Status: %1 · received %2 via %3 · due %4 · assigned to %5 · file number %6")
            .arg(svc ? StatusNames::status(r->status, *svc) : StatusNames::status(r->status),
                datetext::dateTime(r->submittedAt), StatusNames::channel(r->channel),
                r->dueDate.isValid() ? datetext::date(r->dueDate) : tr("no deadline"),
                r->assignee.isEmpty() ? tr("nobody") : r->assignee,
                r->fileNumber.isEmpty() ? tr("none") : r->fileNumber));
    const Applicant& a = r->applicant;
    const QString applicant
        = QStringLiteral("%1\n%2\n%3 %4\n%5 · %6").arg(a.name, a.street, a.postcode, a.city, a.email, a.phone);
    m_marked.clear(); // (the form's labels are marked again below)
    showMarked(m_applicant, applicant);
    showForm(formRows(*r, svc ? &svc.value() : nullptr));
    QStringList notes;
    for (const Note& n : m_store.notes().of(m_requestId).valueOrEmpty(lcUi, "reading the notes"))
        notes << QStringLiteral("%1, %2: %3").arg(n.author, datetext::dateTime(n.createdAt), n.text);
    m_notes->showNotes(notes);

    m_claim->setEnabled(r->assignee != m_clerk);
    m_requestDocs->setEnabled(true);
    m_notes->setOpen(true);
    QList<QPair<QString, QString>> states;
    if (svc)
        for (const QString& next : svc->nextStates(r->status))
            states.append({ StatusNames::status(next, *svc), next });
    showNextStates(states);
    m_statusBox->setEnabled(m_statusBox->count() > 0);
    m_statusButton->setEnabled(m_statusBox->count() > 0);

    m_conflictId.clear();
    m_bannerBox->hide();
    for (const Mutation& m : m_store.outbox().problemsOf(m_requestId).valueOrEmpty(lcUi, "reading the sync problems")) {
        m_conflictId = m.mutationId;
        m_conflictIsRefusal = m.state != Mutation::State::Conflict;
        if (!m_conflictIsRefusal) {
            m_banner->setText(tr("This request was changed on the server while you worked on it (now: %1, version %2). "
                                 "Your change: %3.")
                    .arg(StatusNames::status(m.serverState.value(QLatin1String("status")).toString()))
                    .arg(m.serverState.value(QLatin1String("version")).toInteger())
                    .arg(StatusNames::change(m)));
            m_takeTheirs->setText(tr("&Take theirs"));
        } else {
            m_banner->setText(tr("The city backend refused your change \"%1\": %2")
                    .arg(StatusNames::change(m), RefusalNames::text(m)));
            m_takeTheirs->setText(tr("&Discard my change"));
        }
        m_keepMine->setVisible(!m_conflictIsRefusal);
        m_retry->setVisible(m_conflictIsRefusal);
        m_compare->setVisible(!m.serverState.isEmpty());
        m_bannerBox->show();
        break;
    }
}

void RequestPane::claim()
{
    if (auto m = m_store.claim(m_requestId, m_clerk); !m)
        Q_EMIT actionFailed(m.errorString());
}

void RequestPane::changeStatus()
{
    const QString next = m_statusBox->currentData().toString();
    if (auto m = m_store.changeStatus(m_requestId, next, m_clerk); !m)
        Q_EMIT actionFailed(m.errorString());
}

void RequestPane::requestDocuments()
{
    auto r = m_store.request(m_requestId);
    if (!r)
        return;
    const QString text = tr("Dear %1,\n\nto decide on your request %2 we still need the following documents:\n\n- \n\n"
                            "Please upload them in the online portal within 14 days.\n\nKind regards")
                             .arg(r->applicant.name, r->reference);
    bool ok = false;
    const QString message = QInputDialog::getMultiLineText(
        this, tr("Request missing documents"), tr("Message to the applicant (editable):"), text, &ok);
    if (!ok)
        return;
    if (auto m = m_store.requestDocuments(m_requestId, message, m_clerk); !m)
        Q_EMIT actionFailed(m.errorString());
}

void RequestPane::resolve(bool keepMine)
{
    if (m_conflictId.isEmpty())
        return;
    if (Status s
        = m_store.resolveConflict(m_conflictId, keepMine ? Store::Resolution::KeepMine : Store::Resolution::TakeTheirs);
        !s)
        Q_EMIT actionFailed(s.errorString());
    else if (keepMine)
        Q_EMIT syncRequested();
}

void RequestPane::compare()
{
    for (const Mutation& m : m_store.outbox().problemsOf(m_requestId).valueOrEmpty(lcUi, "reading the sync problems")) {
        if (m.mutationId != m_conflictId)
            continue;
        ConflictCompareDialog dialog(m_store, m, this);
        const int outcome = dialog.exec();
        if (outcome == ConflictCompareDialog::KeepMine)
            resolve(true);
        else if (outcome == ConflictCompareDialog::TakeTheirs)
            resolve(false);
        return;
    }
}

} // namespace clerk
