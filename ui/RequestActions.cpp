#include "RequestActions.h"

#include "MainWindow.h"
#include "RequestPane.h"
#include "UiLogging.h"
#include "core/store/Store.h"
#include "models/DocumentListModel.h"
#include "models/InboxModel.h"
#include "models/StatusNames.h"

#include <QAction>
#include <QComboBox>
#include <QInputDialog>
#include <QListView>
#include <QPlainTextEdit>
#include <QSet>
#include <QStatusBar>
#include <QTableView>
#include <algorithm>

namespace clerk {

RequestActions::RequestActions(MainWindow& window)
    : QObject(&window)
    , m_window(window)
{
    setObjectName(QStringLiteral("requestActions"));
    auto separator = [this] {
        auto* s = new QAction(this);
        s->setSeparator(true);
        m_actions << s;
    };
    add(tr("&Claim"), "claimAction", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C), &RequestActions::claim);
    add(tr("&Assign to…"), "assignAction", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A), &RequestActions::assign);
    add(tr("Change &status…"), "statusAction", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S),
        &RequestActions::changeStatus);
    add(tr("Add &note…"), "noteAction", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N), &RequestActions::addNote);
    add(tr("Request &documents…"), "requestDocumentsAction", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D),
        &RequestActions::requestDocuments);
    add(tr("&Open document"), "openDocumentAction", QKeySequence(Qt::CTRL | Qt::Key_O), &RequestActions::openDocument);
    separator();
    add(tr("Mark &read / unread"), "readAction", QKeySequence(Qt::CTRL | Qt::Key_U), &RequestActions::toggleRead);
    add(tr("&Flag / unflag"), "flagAction", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F),
        &RequestActions::toggleFlag);
}

QAction* RequestActions::add(
    const QString& text, const char* name, const QKeySequence& keys, void (RequestActions::*slot)())
{
    auto* a = new QAction(text, this);
    a->setObjectName(QLatin1String(name));
    a->setShortcut(keys);
    a->setEnabled(false); // enabled when requests are selected
    connect(a, &QAction::triggered, this, slot);
    m_actions << a;
    return a;
}

void RequestActions::attach(Store& store, const QString& clerk)
{
    m_store = &store;
    m_clerk = clerk;
}

void RequestActions::report(int done, const QStringList& errors, const QString& what)
{
    if (errors.isEmpty())
        m_window.statusBar()->showMessage(what, 8000);
    else
        m_window.statusBar()->showMessage(
            tr("%1 done, %2 not: %3").arg(done).arg(errors.size()).arg(errors.first()), 15000);
}

void RequestActions::changeEach(const QStringList& ids, const std::function<Result<Mutation>(const QString&)>& change,
    const std::function<QString(int)>& success)
{
    int done = 0;
    QStringList errors;
    for (const QString& id : ids) {
        if (auto m = change(id))
            ++done;
        else
            errors << m.errorString();
    }
    report(done, errors, success(done));
}

void RequestActions::claim()
{
    if (!m_store)
        return;
    QStringList ids;
    for (const QString& id : m_window.selectedRequestIds())
        if (auto r = m_store->request(id); !r || r->assignee != m_clerk)
            ids << id;
    changeEach(
        ids, [this](const QString& id) { return m_store->claim(id, m_clerk); },
        [](int n) { return tr("%n request(s) claimed.", nullptr, n); });
}

void RequestActions::assign()
{
    const QStringList ids = m_window.selectedRequestIds();
    if (ids.isEmpty() || !m_store)
        return;
    QStringList colleagues;
    QSet<QString> teams;
    for (const QString& id : ids)
        if (auto r = m_store->request(id))
            teams.insert(r->teamId);
    for (const QString& team : std::as_const(teams))
        for (const QString& c : m_store->requests().colleaguesOf(team).valueOrEmpty(lcUi, "reading the colleagues"))
            if (!colleagues.contains(c))
                colleagues << c;
    if (!colleagues.contains(m_clerk))
        colleagues.prepend(m_clerk);
    const QString nobody = tr("(nobody)");
    colleagues << nobody;
    const QString who = choose(tr("Assign to a colleague"),
        tr("Assign %n request(s) to (a login of the team):", nullptr, int(ids.size())), colleagues, true);
    if (who.trimmed().isEmpty())
        return;
    const QString login = who == nobody ? QString() : who.trimmed();
    changeEach(
        ids, [&](const QString& id) { return m_store->assign(id, login, m_clerk); },
        [](int n) { return tr("%n request(s) assigned.", nullptr, n); });
}

void RequestActions::changeStatus()
{
    const QStringList ids = m_window.selectedRequestIds();
    if (ids.isEmpty() || !m_store)
        return;
    // Only the transitions every selected request allows.
    QStringList common;
    bool first = true;
    for (const QString& id : ids) {
        auto r = m_store->request(id);
        auto svc = r ? m_store->service(r->serviceId) : Result<Service>(Error {});
        const QStringList next = svc ? svc->nextStates(r->status) : QStringList();
        if (first)
            common = next;
        else
            common.erase(
                std::remove_if(common.begin(), common.end(), [&](const QString& s) { return !next.contains(s); }),
                common.end());
        first = false;
    }
    if (common.isEmpty()) {
        m_window.statusBar()->showMessage(tr("The selected requests have no status change in common."), 10000);
        return;
    }
    QStringList names;
    for (const QString& k : std::as_const(common))
        names << StatusNames::status(k);
    const QString chosen
        = choose(tr("Change status"), tr("New status for %n request(s):", nullptr, int(ids.size())), names, false);
    if (chosen.isEmpty())
        return;
    const QString next = common.value(names.indexOf(chosen));
    changeEach(
        ids, [&](const QString& id) { return m_store->changeStatus(id, next, m_clerk); },
        [](int n) { return tr("Status changed for %n request(s).", nullptr, n); });
}

QString RequestActions::choose(const QString& title, const QString& label, const QStringList& items, bool editable)
{
    QPointer<QInputDialog>& chooser = m_choosers[editable ? 1 : 0];
    if (!chooser) {
        chooser = new QInputDialog(&m_window);
        chooser->setObjectName(QStringLiteral("requestChoice"));
        chooser->setInputMode(QInputDialog::TextInput);
        chooser->setComboBoxEditable(editable); // (once: see the header)
        if (auto* combo = chooser->findChild<QComboBox*>())
            combo->setSizeAdjustPolicy(QComboBox::AdjustToContents); // (as wide as each question's items)
    }
    chooser->setWindowTitle(title);
    chooser->setLabelText(label);
    chooser->setComboBoxItems(items);
    chooser->setTextValue(items.value(0));
    const bool accepted = chooser->exec() == QDialog::Accepted;
    const QString chosen = accepted ? chooser->textValue() : QString();
    chooser->setComboBoxItems({}); // (the logins and what was typed are not kept between questions)
    return chosen;
}

void RequestActions::addNote()
{
    const QStringList ids = m_window.selectedRequestIds();
    if (!m_store)
        return;
    if (ids.size() == 1 && m_window.requestPane()) {
        m_window.showRequest(ids.first());
        m_window.requestPane()->noteEdit()->setFocus(Qt::ShortcutFocusReason);
        return;
    }
    bool ok = false;
    const QString text = QInputDialog::getMultiLineText(
        &m_window, tr("Add a note"), tr("Internal note for %n request(s):", nullptr, int(ids.size())), QString(), &ok);
    if (!ok || text.trimmed().isEmpty())
        return;
    changeEach(
        ids, [&](const QString& id) { return m_store->addNote(id, text.trimmed(), m_clerk); },
        [](int n) { return tr("Note added to %n request(s).", nullptr, n); });
}

void RequestActions::requestDocuments()
{
    if (m_window.requestPane() && !m_window.requestPane()->requestId().isEmpty())
        m_window.requestPane()->requestDocuments();
}

void RequestActions::openDocument()
{
    RequestPane* pane = m_window.requestPane();
    if (!pane || pane->requestId().isEmpty())
        return;
    QListView* list = pane->documentList();
    const QModelIndex chosen = list->currentIndex().isValid() ? list->currentIndex() : list->model()->index(0, 0);
    if (!chosen.isValid()) {
        m_window.statusBar()->showMessage(tr("This request has no documents."), 5000);
        return;
    }
    m_window.openDocument(chosen.data(DocumentListModel::DocumentIdRole).toString());
}

void RequestActions::toggleRead()
{
    const QStringList ids = m_window.selectedRequestIds();
    InboxModel* inbox = m_window.inboxModel();
    if (ids.isEmpty() || !m_store || !inbox)
        return;
    // The first request's state as stored now (the list may be waiting for a search's answer).
    const auto first = inbox->currentRow(ids.first());
    if (!first)
        return;
    const bool unread = !first->unread;
    for (const QString& id : ids)
        if (Status s = m_store->setUnread(id, unread); !s) {
            m_window.statusBar()->showMessage(s.errorString(), 10000);
            return;
        }
    m_window.statusBar()->showMessage(unread ? tr("Marked as unread.") : tr("Marked as read."), 5000);
}

void RequestActions::toggleFlag()
{
    const QStringList ids = m_window.selectedRequestIds();
    InboxModel* inbox = m_window.inboxModel();
    if (ids.isEmpty() || !m_store || !inbox)
        return;
    const auto first = inbox->currentRow(ids.first());
    if (!first)
        return;
    const bool flag = !first->flagged;
    for (const QString& id : ids)
        if (Status s = m_store->setFlagged(id, flag); !s) {
            m_window.statusBar()->showMessage(s.errorString(), 10000);
            return;
        }
    m_window.statusBar()->showMessage(flag ? tr("Flagged for follow-up.") : tr("Flag removed."), 5000);
}

} // namespace clerk
