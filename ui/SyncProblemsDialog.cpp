#include "SyncProblemsDialog.h"

#include "core/domain/Json.h"
#include "core/store/DocumentCache.h"
#include "core/store/Store.h"
#include "models/DateText.h"
#include "models/RefusalNames.h"
#include "models/StatusNames.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace clerk {

namespace {

QString requestOf(Store& store, const Mutation& m)
{
    if (m.kind == QLatin1String("request"))
        return m.targetId;
    if (m.kind == QLatin1String("note"))
        return m.data.value(QLatin1String("request_id")).toString();
    if (m.kind == QLatin1String("annotation")) {
        auto doc = DocumentCache(store).document(m.data.value(QLatin1String("document_id")).toString());
        return doc ? doc->requestId : QString();
    }
    return {};
}

QString referenceOf(Store& store, const QString& requestId)
{
    auto r = store.request(requestId);
    return r ? r->reference : requestId;
}

} // namespace

// ---------------------------------------------------------------------------------------------
ConflictCompareDialog::ConflictCompareDialog(Store& store, const Mutation& change, QWidget* parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("conflictCompareDialog"));
    setWindowTitle(tr("Compare your change with the server"));
    auto* layout = new QVBoxLayout(this);
    const QString requestId = requestOf(store, change);
    auto mine = store.request(requestId);
    auto theirs = json::decodeRequest(change.serverState);
    auto* intro = new QLabel(change.state == Mutation::State::Conflict
            ? tr("<b>%1</b> was changed on the server while you worked on it. Your change: "
                 "<b>%2</b>. Rows marked ≠ differ.")
                  .arg(referenceOf(store, requestId).toHtmlEscaped(), StatusNames::change(change).toHtmlEscaped())
            : tr("The city backend refused your change <b>%1</b> to <b>%2</b>: %3. Rows marked ≠ "
                 "differ.")
                  .arg(StatusNames::change(change).toHtmlEscaped(), referenceOf(store, requestId).toHtmlEscaped(),
                      RefusalNames::text(change).toHtmlEscaped()),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    m_table = new QTreeWidget(this);
    m_table->setObjectName(QStringLiteral("compareTable"));
    m_table->setAccessibleName(tr("Your version and the server's version"));
    m_table->setRootIsDecorated(false);
    m_table->setHeaderLabels({ QString(), tr("Field"), tr("On this computer (yours)"), tr("On the server") });
    auto add = [&](const QString& field, const QString& a, const QString& b) {
        auto* item = new QTreeWidgetItem(m_table, { a == b ? QString() : QStringLiteral("≠"), field, a, b });
        if (a != b) {
            QFont bold = item->font(2);
            bold.setBold(true);
            for (int c = 0; c < 4; ++c)
                item->setFont(c, bold);
            item->setToolTip(0, tr("Differs"));
        }
    };
    if (mine && theirs) {
        const Request& a = mine.value();
        const Request& b = theirs.value();
        add(tr("Status"), StatusNames::status(a.status), StatusNames::status(b.status));
        add(tr("Assignee"), a.assignee.isEmpty() ? tr("nobody") : a.assignee,
            b.assignee.isEmpty() ? tr("nobody") : b.assignee);
        add(tr("Due"), datetext::date(a.dueDate), datetext::date(b.dueDate));
        add(tr("Applicant"), a.applicant.name, b.applicant.name);
        add(tr("Version"), QString::number(a.version), QString::number(b.version));
    } else {
        add(tr("Change"), StatusNames::change(change), tr("(not known on this computer)"));
    }
    auto* yours
        = new QTreeWidgetItem(m_table, { QString(), tr("Your change"), StatusNames::change(change), QString() });
    QFont italic = yours->font(2);
    italic.setItalic(true);
    yours->setFont(1, italic);
    yours->setFont(2, italic);
    m_table->resizeColumnToContents(0);
    m_table->resizeColumnToContents(1);
    m_table->setColumnWidth(2, 220);
    layout->addWidget(m_table, 1);

    auto* buttons = new QDialogButtonBox(this);
    if (change.state == Mutation::State::Conflict) {
        auto* keep = buttons->addButton(tr("&Keep mine"), QDialogButtonBox::AcceptRole);
        keep->setObjectName(QStringLiteral("compareKeepMine"));
        connect(keep, &QPushButton::clicked, this, [this] { done(KeepMine); });
    }
    auto* take
        = buttons->addButton(change.state == Mutation::State::Conflict ? tr("&Take theirs") : tr("&Discard my change"),
            QDialogButtonBox::DestructiveRole);
    take->setObjectName(QStringLiteral("compareTakeTheirs"));
    connect(take, &QPushButton::clicked, this, [this] { done(TakeTheirs); });
    buttons->addButton(QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(640, 340);
}

// ---------------------------------------------------------------------------------------------
SyncProblemsDialog::SyncProblemsDialog(Store& store, QWidget* parent)
    : QDialog(parent)
    , m_store(store)
{
    setObjectName(QStringLiteral("syncProblemsDialog"));
    setWindowTitle(tr("Changes not yet at the city backend"));
    auto* layout = new QVBoxLayout(this);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("syncProblemsSummary"));
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);

    m_list = new QTreeWidget(this);
    m_list->setObjectName(QStringLiteral("syncProblemsList"));
    m_list->setAccessibleName(tr("Changes not yet at the city backend"));
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setHeaderLabels({ tr("Request"), tr("Change"), tr("State"), tr("Sent"), tr("Since"), tr("Last error") });
    m_list->header()->setStretchLastSection(true);
    layout->addWidget(m_list, 1);

    auto* row = new QHBoxLayout;
    auto button = [&](const QString& text, const char* name, const QString& help) {
        auto* b = new QPushButton(text, this);
        b->setObjectName(QLatin1String(name));
        b->setToolTip(help);
        b->setAccessibleDescription(help);
        row->addWidget(b);
        return b;
    };
    m_retry = button(
        tr("&Retry"), "problemRetry", tr("Send a refused change again, e.g. after the data on the server was fixed."));
    m_keepMine = button(tr("&Keep mine"), "problemKeepMine", tr("Apply your change on top of the server's version."));
    m_discard
        = button(tr("&Discard my change"), "problemDiscard", tr("Drop your change and take the server's version."));
    m_compare = button(tr("&Compare…"), "problemCompare", tr("Show your version and the server's side by side."));
    m_open = button(tr("&Open request"), "problemOpen", tr("Show the request in the main window."));
    row->addStretch(1);
    m_syncNow = button(tr("&Sync now"), "problemSyncNow", tr("Send what is waiting now."));
    layout->addLayout(row);
    auto* close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(close);

    connect(m_retry, &QPushButton::clicked, this, &SyncProblemsDialog::retry);
    connect(m_keepMine, &QPushButton::clicked, this, &SyncProblemsDialog::keepMine);
    connect(m_discard, &QPushButton::clicked, this, &SyncProblemsDialog::discard);
    connect(m_compare, &QPushButton::clicked, this, &SyncProblemsDialog::compare);
    connect(m_open, &QPushButton::clicked, this, [this] {
        const QString id = requestOf(m_store, current());
        if (!id.isEmpty())
            Q_EMIT openRequest(id);
    });
    connect(m_syncNow, &QPushButton::clicked, this, &SyncProblemsDialog::syncRequested);
    connect(m_list, &QTreeWidget::currentItemChanged, this, &SyncProblemsDialog::updateButtons);
    connect(m_list, &QTreeWidget::itemActivated, this, [this] {
        const Mutation m = current();
        if (m.state == Mutation::State::Conflict || m.state == Mutation::State::Rejected)
            compare();
    });
    connect(&m_store, &Store::requestsChanged, this, &SyncProblemsDialog::reload);
    reload();
    resize(900, 420);
}

void SyncProblemsDialog::reload()
{
    const QString keep = current().mutationId;
    m_changes.clear();
    m_list->clear();
    // Read by state (the outbox's index): decisions first, then the oldest waiting changes; the
    // counts come from SQL, so a bulk change of thousands does not fill the list with all of them.
    auto needDecision = m_store.outboxPart(Store::OutboxPart::Decisions, kListed);
    auto unsent = m_store.outboxPart(Store::OutboxPart::Unsent, kListed);
    auto counts = m_store.outboxCounts();
    if (!needDecision || !unsent || !counts) {
        const Error& e = !needDecision ? needDecision.error() : !unsent ? unsent.error() : counts.error();
        m_summary->setText(tr("The list of your changes could not be read: %1").arg(e.message));
        updateButtons();
        return;
    }
    m_changes = needDecision.value() + unsent.value();
    // Decisions first, then refusals, then what simply waits.
    std::stable_sort(m_changes.begin(), m_changes.end(), [](const Mutation& a, const Mutation& b) {
        auto rank = [](Mutation::State s) {
            return s == Mutation::State::Conflict ? 0 : s == Mutation::State::Rejected ? 1 : 2;
        };
        return rank(a.state) < rank(b.state);
    });
    QTreeWidgetItem* select = nullptr;
    for (const Mutation& m : std::as_const(m_changes)) {
        auto* item = new QTreeWidgetItem(m_list,
            { referenceOf(m_store, requestOf(m_store, m)), StatusNames::change(m), StatusNames::changeState(m.state),
                QString::number(m.attempts), datetext::dateTime(m.createdAt), RefusalNames::text(m) });
        item->setData(0, Qt::UserRole, m.mutationId);
        item->setToolTip(5, RefusalNames::text(m));
        if (m.state == Mutation::State::Conflict || m.state == Mutation::State::Rejected) {
            QFont bold = item->font(2);
            bold.setBold(true);
            item->setFont(2, bold);
        }
        if (m.mutationId == keep)
            select = item;
    }
    if (m_changes.isEmpty()) {
        m_summary->setText(tr("Everything you changed has reached the city backend."));
    } else {
        QString text = tr("%1 waiting to be sent · %2 need your decision · %3 refused by the city backend. "
                          "Nothing here is lost: it stays on this computer until it has arrived or you discard it.")
                           .arg(counts->unsent)
                           .arg(counts->conflicts)
                           .arg(counts->rejected);
        if (counts->unsent > kListed || counts->decisions() > kListed)
            text += QLatin1Char(' ') + tr("The list shows the oldest %1 of each kind.").arg(kListed);
        m_summary->setText(text);
    }
    for (int c = 0; c < 5; ++c)
        m_list->resizeColumnToContents(c);
    m_list->setCurrentItem(select ? select : m_list->topLevelItem(0));
    updateButtons();
}

Mutation SyncProblemsDialog::current() const
{
    const QTreeWidgetItem* item = m_list ? m_list->currentItem() : nullptr;
    if (!item)
        return {};
    const QString id = item->data(0, Qt::UserRole).toString();
    for (const Mutation& m : m_changes)
        if (m.mutationId == id)
            return m;
    return {};
}

void SyncProblemsDialog::updateButtons()
{
    const Mutation m = current();
    const bool conflict = m.state == Mutation::State::Conflict && !m.mutationId.isEmpty();
    const bool rejected = m.state == Mutation::State::Rejected;
    m_retry->setEnabled(rejected);
    m_keepMine->setEnabled(conflict);
    m_discard->setEnabled(conflict || rejected);
    m_compare->setEnabled((conflict || rejected) && !m.serverState.isEmpty());
    m_open->setEnabled(!m.mutationId.isEmpty());
}

void SyncProblemsDialog::report(const Status& s)
{
    if (!s)
        QMessageBox::warning(this, windowTitle(), s.errorString());
    reload();
}

void SyncProblemsDialog::retry()
{
    report(m_store.retryMutation(current().mutationId));
    Q_EMIT syncRequested();
}

void SyncProblemsDialog::keepMine()
{
    report(m_store.resolveConflict(current().mutationId, Store::Resolution::KeepMine));
    Q_EMIT syncRequested();
}

void SyncProblemsDialog::discard()
{
    report(m_store.discardMutation(current().mutationId));
}

void SyncProblemsDialog::compare()
{
    const Mutation m = current();
    ConflictCompareDialog dialog(m_store, m, this);
    const int outcome = dialog.exec();
    if (outcome == ConflictCompareDialog::KeepMine)
        keepMine();
    else if (outcome == ConflictCompareDialog::TakeTheirs)
        discard();
}

} // namespace clerk
