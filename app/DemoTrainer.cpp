#include "DemoTrainer.h"

#include "DemoCity.h"
#include "core/Logging.h"
#include "core/pdf/Annotations.h"
#include "core/store/Store.h"
#include "core/sync/SyncEngine.h"
#include "ui/MainWindow.h"
#include "ui/RequestPane.h"
#include "ui/TrainerPanel.h"

#include <QApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QStatusBar>

namespace clerk {

DemoTrainer::DemoTrainer(DemoCity& city, Store& store, SyncEngine& sync, MainWindow& window, QString login,
    QStringList restartArguments, QObject* parent)
    : QObject(parent)
    , m_city(city)
    , m_store(store)
    , m_sync(sync)
    , m_window(window)
    , m_login(std::move(login))
    , m_restartArguments(std::move(restartArguments))
{
    m_panel = new TrainerPanel(&window);
    window.addDockWidget(Qt::LeftDockWidgetArea, m_panel);
    m_panel->addExercise(QStringLiteral("claim"), tr("Claim the oldest overdue unassigned request of your team"));
    m_panel->addExercise(QStringLiteral("note"), tr("Add an internal note to a request"));
    m_panel->addExercise(QStringLiteral("documents"), tr("Request a missing document from an applicant"));
    m_panel->addExercise(QStringLiteral("approve"),
        tr("Stamp a document of a request \"Genehmigt\" (viewer: Stamp) and approve the request"));
    m_panel->addExercise(QStringLiteral("conflict"), tr("Resolve a sync conflict (use the button below)"));
    m_panel->addExercise(QStringLiteral("export"), tr("Export a request's e-file (Request → Export e-file…)"));
    connect(
        &m_window, &MainWindow::efileExported, m_panel, [this] { m_panel->setDone(QStringLiteral("export"), true); });
    connect(&m_store, &Store::requestsChanged, this, &DemoTrainer::evaluate);
    connect(&m_store, &Store::documentsChanged, this, &DemoTrainer::evaluate); // annotations
    connect(&m_city, &DemoCity::requestArrived, this, [this](const QString& reference) {
        m_panel->setArrivals(m_city.arrivals());
        m_window.statusBar()->showMessage(tr("New request arrived: %1").arg(reference), 8000);
    });
    connect(m_panel, &TrainerPanel::newRequestWanted, &m_city, &DemoCity::fileOneRequest);
    connect(
        m_panel, &TrainerPanel::pauseToggled, this, [this](bool paused) { m_city.setArrivalSeconds(paused ? 0 : 45); });
    connect(m_panel, &TrainerPanel::conflictWanted, this, &DemoTrainer::provokeConflict);
    connect(m_panel, &TrainerPanel::restartWanted, this, [this] {
        // A fresh process is the cleanest fresh city: the old one's folder goes at exit. From an AppImage
        // the program runs through the bundled loader, so AppRun names what to start again.
        const QString restart = qEnvironmentVariable("CLERKDESK_RESTART");
        if (!QProcess::startDetached(
                restart.isEmpty() ? QCoreApplication::applicationFilePath() : restart, m_restartArguments))
            qCWarning(lcCore) << "could not start the demo again";
        m_window.close();
    });
}

void DemoTrainer::evaluate()
{
    if (!m_store.isUnlocked())
        return;
    if (m_overdueTarget.isEmpty())
        m_overdueTarget = m_store.requests()
                              .oldestOverdueUnassigned(m_city.clock().now().toLocalTime().date())
                              .valueOrEmpty(lcCore, "finding the trainer's overdue request");
    bool claimed = false, note = false, documents = false, conflict = false;
    QSet<QString> approvedRequests;
    const QList<Mutation> changes
        = m_store.outbox().all(100000).valueOrEmpty(lcCore, "reading the outbox for the trainer");
    for (const Mutation& m : changes) {
        claimed |= m.op == QLatin1String("claim") && m.targetId == m_overdueTarget;
        note |= m.kind == QLatin1String("note");
        documents |= m.op == QLatin1String("request_documents");
        if (m.op == QLatin1String("status")
            && m.data.value(QLatin1String("status")).toString() == QLatin1String("approved")
            && m.state != Mutation::State::Rejected)
            approvedRequests.insert(m.targetId);
        conflict |= m.state == Mutation::State::Conflict;
    }
    // Stamp and approve: an approved request with a "Genehmigt" stamp of this clerk on one of its
    // documents (still there, not undone).
    bool approved = false;
    for (const QString& requestId : std::as_const(approvedRequests)) {
        const QList<Annotation> annotations
            = m_store.annotations().ofRequest(requestId).valueOrEmpty(lcCore, "reading the trainer's stamps");
        for (const Annotation& a : annotations)
            approved = approved
                || (a.type == AnnotationType::Stamp && a.text == pdf::stampLabel(QStringLiteral("approved"))
                    && a.author == m_login);
    }
    m_panel->setDone(QStringLiteral("claim"), claimed);
    m_panel->setDone(QStringLiteral("note"), note);
    m_panel->setDone(QStringLiteral("documents"), documents);
    m_panel->setDone(QStringLiteral("approve"), approved);
    if (m_conflictProvoked && !conflict && !changes.isEmpty())
        m_panel->setDone(QStringLiteral("conflict"), true);
}

void DemoTrainer::provokeConflict()
{
    QString id = m_window.requestPane() ? m_window.requestPane()->requestId() : QString();
    if (id.isEmpty()) {
        m_window.statusBar()->showMessage(tr("Open a request first; the colleague will change that one."), 8000);
        return;
    }
    // The trainee and a colleague change the same request at the same moment: the colleague's
    // change reaches the server first, the trainee's arrives on the old version.
    auto local = m_store.request(id);
    auto svc = local ? m_store.service(local->serviceId) : Result<Service>(Error {});
    const QStringList next = svc ? svc->nextStates(local->status) : QStringList();
    if (Status s = m_city.colleagueChanges(id); !s) {
        m_window.statusBar()->showMessage(s.errorString(), 8000);
        return;
    }
    const bool changed = next.size() >= 2
        ? m_store.changeStatus(id, next.at(1), m_login).ok()
        : m_store.addNote(id, tr("Note written at the same time as a colleague's change"), m_login).ok();
    if (next.size() < 2 && changed) {
        // A note never conflicts: claim on the old version instead.
        if (auto claimed = m_store.claim(id, m_login); !claimed)
            qCWarning(lcCore) << "the trainer's conflict could not claim" << id << ":" << claimed.error().detail;
    }
    m_conflictProvoked = true;
    m_sync.syncNow();
}

} // namespace clerk
