// ./dev bench week [--rows N] [--server-requests M] [--only A,B,...]: a compressed working week in the real main window
// (offscreen) over an encrypted store of N requests (default 1,000,000): M of them (default 2,000)
// synced from the reference server (a separate process on loopback, like bench sync), the rest
// synthetic. Five days of, in all, 5,000 searches typed into the search field, 10,000 triage actions
// through the Request menu's actions (claim, status, assign, flag, read/unread; single and bulk),
// 2,000 live updates (another clerk changes a request on the server; the window's sync engine
// pulls it while a request is selected; selection and scroll position are checked after each),
// 1,000 document opens with an annotation each, 20 e-file exports. Printed: RSS at the start and
// end of each day, the GUI thread's longest stall (a 5 ms timer's lateness), selection and scroll
// losses, and each evening the sync pass that pushes 1,000 changes. Figures only: it exits
// non-zero on a functional failure (no store, no server), never on a timing.
// CLERKDESK_WEEK_SCALE=0.1 scales the activities (not the store) for quick runs. The synthetic
// store is generated once (by a process of its own) into build/<preset>/bench-week-cache/ and copied for every run.
// The search field's 150 ms debounce is shortened to 1 ms (typing is instantaneous here; the
// wait would be idle time only).
// --only runs some of the activities (search, triage, open, export, update, evening; e.g. --only
// open,export): the others are left out, the days keep their slots (to profile one activity in
// minutes). CLERKDESK_WEEK_STALL_STACKS=<file> writes the GUI thread's stacks during stalls
// (WeekStallStacks.h). CLERKDESK_WEEK_SMAPS=<folder> writes the memory map at each day's start, end
// and after its trim (WeekReport.h). CLERKDESK_WEEK_PAINT_CENSUS=1 counts each activity's paints,
// moves and resizes per widget (WeekPaintCensus.h).
#include "../common/Waiting.h"
#include "BenchUtil.h"
#include "Synthetic.h"
#include "WeekAdapters.h"
#include "WeekHarness.h"
#include "WeekReport.h"
#include "core/MemoryTrim.h"
#include "core/Settings.h"
#include "core/archive/EFilePackage.h"
#include "core/store/DocumentCache.h"
#include "core/store/Store.h"
#include "core/sync/SyncEngine.h"
#include "models/InboxModel.h"
#include "server/Catalogue.h"
#include "ui/DocumentViewer.h"
#include "ui/EFileCommands.h"
#include "ui/GuiProcess.h"
#include "ui/MainWindow.h"
#include "ui/RequestPane.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QKeyEvent>
#include <QLineEdit>
#include <QListView>
#include <QProcess>
#include <QScrollBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <QUuid>
#include <algorithm>
#include <cstdio>

using namespace clerk;
using namespace clerk::bench;

namespace {

// The adapters (adapt::, every touch point of the window, the store and the models) are in
// WeekAdapters.h.

// ---------------------------------------------------------------------------------------------

int fail(const QString& what)
{
    std::fprintf(stderr, "bench week: %s\n", qPrintable(what));
    return 1;
}

double scaleFromEnv()
{
    bool ok = false;
    const double s = qEnvironmentVariable("CLERKDESK_WEEK_SCALE").toDouble(&ok);
    return ok && s > 0 ? s : 1.0;
}

QString argValue(const QStringList& args, const char* name, const QString& fallback)
{
    const qsizetype i = args.indexOf(QLatin1String(name));
    return i > 0 && i + 1 < args.size() ? args.at(i + 1) : fallback;
}

// A search a clerk might type: names, streets, words of the reasons, references, file numbers.
QString searchWords(QRandomGenerator& g)
{
    switch (g.bounded(7)) {
    case 0:
        return kLast.at(int(g.bounded(kLast.size())));
    case 1:
        return kFirst.at(int(g.bounded(kFirst.size()))) + QLatin1Char(' ') + kLast.at(int(g.bounded(kLast.size())));
    case 2:
        return kStreets.at(int(g.bounded(kStreets.size())));
    case 3:
        return g.bounded(2) ? kMedium : kRare;
    case 4:
        return QStringLiteral("STU-2026-%1").arg(g.bounded(1000000), 7, 10, QLatin1Char('0'));
    case 5:
        return QStringLiteral("32.30-%1").arg(g.bounded(10000), 4, 10, QLatin1Char('0'));
    default:
        return kLast.at(int(g.bounded(kLast.size()))).left(3 + int(g.bounded(3)));
    }
}

// The week's activities in the window, one method each; every figure lands in the current Day.
class Week
{
public:
    Week(MainWindow& window, Store& store, SyncEngine& engine, OtherClerk& other, const QString& temp)
        : m_w(window)
        , m_store(store)
        , m_engine(engine)
        , m_other(other)
        , m_temp(temp)
    {
        QObject::connect(&engine, &SyncEngine::synced, &m_life, [this](const QDateTime&, int, int pushed, int) {
            ++m_passes;
            m_lastPushed = pushed;
        });
        QObject::connect(&window, &MainWindow::efileExported, &m_life, [this] { ++m_exported; });
    }
    int passes() const { return m_passes; }
    QStringList synced; // the server's requests: the top rows of the list, newest first
    QList<QPair<QString, QString>> documents; // (request, PDF document) with the bytes in the store

    // Type words, see the hits, look at the first one, clear the field.
    void search(Day& day)
    {
        const QString words = searchWords(m_g);
        QElapsedTimer e;
        e.start();
        adapt::typeSearch(m_w, words);
        waitUntil([&] { return adapt::searchShown(m_w, words); }, 60000);
        day.search << double(e.nsecsElapsed()) / 1e6;
        if (adapt::inbox(m_w)->rowCount() > 0) {
            e.restart();
            adapt::list(m_w)->selectRow(0);
            day.select << double(e.nsecsElapsed()) / 1e6;
        }
        subPhase(QStringLiteral("search clearing"));
        adapt::typeSearch(m_w, QString());
        waitUntil([&] { return adapt::searchShown(m_w, QString()); }, 60000);
        subPhase(QStringLiteral("search"));
    }
    // The stall probe's activity names parts of one, to tell which part stalls.
    void setProbe(StallProbe* probe) { m_probe = probe; }
    void subPhase(const QString& name)
    {
        if (m_probe)
            m_probe->phase(name);
    }

    // One Request menu action on one request or a run of 2..8 among the synced ones at the top.
    void triage(Day& day)
    {
        static const char* kActions[] = { "claimAction", "claimAction", "statusAction", "statusAction", "flagAction",
            "flagAction", "readAction", "readAction", "assignAction", "assignAction" };
        const int top = int(synced.size());
        const int size = m_g.bounded(3) == 0 ? 2 + int(m_g.bounded(7)) : 1;
        const int first = int(m_g.bounded(qMax(1, top - size)));
        QTableView* view = adapt::list(m_w);
        InboxModel* model = adapt::inbox(m_w);
        view->scrollTo(model->index(first, 0));
        view->selectionModel()->setCurrentIndex(
            model->index(first, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        if (size > 1)
            view->selectionModel()->select(QItemSelection(model->index(first, 0), model->index(first + size - 1, 0)),
                QItemSelectionModel::Select | QItemSelectionModel::Rows);
        QCoreApplication::processEvents();
        QElapsedTimer e;
        e.start();
        m_answerer.on(true);
        const bool done = adapt::trigger(m_w, kActions[m_g.bounded(10)]);
        m_answerer.on(false);
        QCoreApplication::processEvents();
        if (done)
            day.triage << double(e.nsecsElapsed()) / 1e6;
        else
            ++day.triageSkipped;
    }

    // Open a document of a request, add an annotation, back to the request.
    void openDocument(Day& day)
    {
        const auto& [request, document] = documents.at(int(m_g.bounded(documents.size())));
        // The event loop runs between the clerk's steps (each is an event of its own in the
        // application; run back to back, they would make one stall of their sum).
        m_w.showRequest(request);
        QCoreApplication::processEvents();
        QElapsedTimer e;
        e.start();
        adapt::openDocument(m_w, document);
        if (!waitUntil([&] { return adapt::documentShown(m_w, document); }, 30000)) {
            ++day.opensFailed;
            return;
        }
        day.open << double(e.nsecsElapsed()) / 1e6;
        QCoreApplication::processEvents();
        if (!adapt::annotate(m_store, document, ++m_annotations))
            ++day.opensFailed;
        QCoreApplication::processEvents();
        adapt::closeDocument(m_w, request);
        QCoreApplication::processEvents();
    }

    void exportEFile(Day& day)
    {
        const QString request = documents.at(int(m_g.bounded(documents.size()))).first;
        const QString zip = QDir(m_temp).filePath(QStringLiteral("export.zip"));
        const int before = m_exported;
        QElapsedTimer e;
        e.start();
        m_answerer.on(true); // a refusal's message box
        const bool started = adapt::startEFileExport(m_w, request, zip);
        m_answerer.on(false);
        if (started && waitUntil([&] { return m_exported > before; }, 300000))
            day.exportMs << double(e.nsecsElapsed()) / 1e6;
        else
            ++day.exportsFailed;
        QFile::remove(zip);
    }

    // A request selected in a scrolled list; the other clerk changes one on the server (every fourth
    // time the selected one), this window's engine pulls it. Selection and scroll must stay.
    void liveUpdate(Day& day)
    {
        const int top = int(synced.size());
        QTableView* view = adapt::list(m_w);
        QScrollBar* bar = view->verticalScrollBar();
        view->clearSelection();
        bar->setValue(int(m_g.bounded(qMax(1, qMin(top - 40, bar->maximum())))));
        view->selectRow(qMax(0, view->rowAt(view->viewport()->height() / 3)));
        waitUntil([&] { return !adapt::shownRequest(m_w).isEmpty(); }, 5000);
        const QString selected = adapt::currentRequest(m_w);
        const QString shown = adapt::shownRequest(m_w);
        const int scroll = bar->value();
        const QString target = m_g.bounded(4) == 0 && !selected.startsWith(QLatin1Char('r'))
            ? selected
            : synced.at(int(m_g.bounded(top)));
        const QString to
            = adapt::assigneeOf(m_store, target) == QLatin1String("admin") ? QString() : QStringLiteral("admin");
        if (!m_other.assign(target, to)) {
            ++day.updatesNotArrived;
            return;
        }
        QElapsedTimer e;
        e.start();
        const int passes = m_passes;
        m_engine.syncNow();
        // (A change of this clerk's to the same request, not sent yet, may stand against it: then it
        // does not arrive as sent but as a conflict for the clerk to decide.)
        const bool arrived = waitUntil([&] { return m_passes > passes; }, 30000)
            && waitUntil([&] { return adapt::assigneeOf(m_store, target) == to; }, 300);
        day.update << double(e.nsecsElapsed()) / 1e6;
        if (!arrived)
            ++day.updatesNotArrived;
        if (adapt::currentRequest(m_w) != selected || adapt::shownRequest(m_w) != shown)
            ++day.selectionLost;
        if (bar->value() != scroll)
            ++day.scrollLost;
    }

    // 1,000 changes (notes), then the sync pass that sends them, timed.
    bool evening(Day& day)
    {
        waitUntil([] { return false; }, 200); // a pass asked for during the day ends first
        // (Written through a store object of their own, which the window's sync does not hear:
        // they go out in the timed pass, not one by one as they are made.)
        Store side(m_store.path());
        if (Status s = side.unlockWithKey(m_store.rawKey()); !s) {
            std::printf("the evening's store: %s\n", qPrintable(s.errorString()));
            return false;
        }
        for (int i = 0; i < 1000; ++i)
            if (!adapt::addNote(side, synced.at(i % synced.size()), QStringLiteral("Vermerk %1").arg(++m_notes)))
                return false;
        const int passes = m_passes;
        QElapsedTimer e;
        e.start();
        m_engine.syncNow();
        if (!waitUntil([&] { return m_passes > passes; }, 600000))
            return false;
        day.pushSecs = double(e.nsecsElapsed()) / 1e9;
        day.pushed = m_lastPushed;
        day.outbox = adapt::outboxSummary(m_store);
        return true;
    }

private:
    MainWindow& m_w;
    Store& m_store;
    SyncEngine& m_engine;
    OtherClerk& m_other;
    QString m_temp;
    DialogAnswerer m_answerer;
    QRandomGenerator m_g { 2026 };
    int m_passes = 0, m_lastPushed = 0, m_exported = 0, m_notes = 0, m_annotations = 0;
    StallProbe* m_probe = nullptr;
    QObject m_life; // the connections above end with this Week
};

// Where the synthetic store of `rows` requests is kept, in the build folder.
QString cachedStorePath(const QString& buildBin, int rows)
{
    return QDir(buildBin).absoluteFilePath(QStringLiteral("../bench-week-cache/week-%1.db").arg(rows));
}

// The synthetic store, generated once (bench_week --generate-store); "" and `error` set when that failed.
QString cachedStore(const QString& buildBin, int rows, QString* error)
{
    const QString cached = cachedStorePath(buildBin, rows);
    const QString cacheDir = QFileInfo(cached).absolutePath();
    if (QFile::exists(cached)) {
        std::printf("store of %d synthetic requests from %s\n", rows, qPrintable(cached));
        return cached;
    }
    QElapsedTimer t;
    t.start();
    QDir().mkpath(cacheDir);
    const QString partial = cached + QStringLiteral(".partial");
    QFile::remove(partial);
    {
        Store fill(partial);
        Status s = fill.create("bench-week-passphrase");
        if (s)
            s = adapt::fillSyntheticStore(fill, rows);
        if (!s) {
            *error = QStringLiteral("filling the store: ") + s.errorString();
            return {};
        }
        fill.lock();
    }
    QFile::remove(partial + QStringLiteral("-shm"));
    if (QFile::exists(partial + QStringLiteral("-wal")) // (closed cleanly, SQLite removes it)
        && !QFile::rename(partial + QStringLiteral("-wal"), cached + QStringLiteral("-wal"))) {
        *error = QStringLiteral("could not keep the store's WAL in ") + cacheDir;
        return {};
    }
    if (!QFile::rename(partial, cached)) {
        *error = QStringLiteral("could not keep the store in ") + cacheDir;
        return {};
    }
    std::printf("store of %d synthetic requests generated in %.1f s (kept in %s)\n", rows, double(t.elapsed()) / 1000,
        qPrintable(cached));
    return cached;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc == 4 && qstrcmp(argv[1], "--other-clerk") == 0)
        return otherClerkMain(argc, argv);
    if (argc == 3 && qstrcmp(argv[1], "--generate-store") == 0) {
        QCoreApplication generator(argc, argv);
        QString error;
        if (cachedStore(generator.applicationDirPath(), QByteArray(argv[2]).toInt(), &error).isEmpty())
            return fail(error);
        return 0;
    }
    qputenv("QT_QPA_PLATFORM", "offscreen");
    prepareGuiProcess(); // as the app does
    MemoryTrim::configureAllocator();
    TimedApplication app(argc, argv); // (a QApplication that times events with CLERKDESK_WEEK_PAINT_CENSUS=1)
    // The offscreen platform says this for every dialog the week answers (hundreds of lines).
    static const QtMessageHandler shown = qInstallMessageHandler(nullptr);
    qInstallMessageHandler([](QtMsgType type, const QMessageLogContext& context, const QString& text) {
        if (!text.contains(QLatin1String("does not support propagateSizeHints")))
            shown(type, context, text);
    });
    const QStringList args = app.arguments();
    const int rows = argValue(args, "--rows", QStringLiteral("1000000")).toInt();
    const int serverRequests = argValue(args, "--server-requests", QStringLiteral("2000")).toInt();
    const double scale = scaleFromEnv();
    if (!exitAtIsKnown())
        return fail(
            QStringLiteral("CLERKDESK_WEEK_EXIT_AT: not a point of the week (day1-start, day1-idle, ... day5-idle)"));
    const QStringList only = argValue(args, "--only", {}).split(QLatin1Char(','), Qt::SkipEmptyParts);
    static const char* kActivities[] = { "search", "triage", "open", "export", "update", "evening" };
    for (const QString& a : only)
        if (std::none_of(
                std::begin(kActivities), std::end(kActivities), [&a](const char* k) { return a == QLatin1String(k); }))
            return fail(QStringLiteral("--only: unknown activity %1").arg(a));
    auto runs = [&only](const char* activity) { return only.isEmpty() || only.contains(QLatin1String(activity)); };
    auto scaled = [scale](int n) { return qMax(1, int(n * scale + 0.5)); };
    const int slots = qMax(1, scaled(2000) / 5);
    auto scaledIf = [&](const char* activity, int n) { return runs(activity) ? scaled(n) : 0; };
    const int searches = scaledIf("search", 5000), triage = scaledIf("triage", 10000),
              updates = scaledIf("update", 2000), opens = scaledIf("open", 1000), exports = scaledIf("export", 20);
    QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/clerkdesk-bench-week-XXXXXX"));
    std::printf("bench week: offscreen, %d requests in the store (%d from the server), scale %.2f: %d searches, %d "
                "triage actions, %d live updates, %d document opens, %d e-file exports; temp %s\n",
        rows, serverRequests, scale, searches, triage, updates, opens, exports, qPrintable(dir.path()));
    std::fflush(stdout);

    // A store not generated yet is generated by a process of its own: the heap that filling a
    // million rows leaves behind would otherwise be this window's, and its first morning's RSS.
    if (QProcess::execute(app.applicationFilePath(), { QStringLiteral("--generate-store"), QString::number(rows) })
        != 0)
        return fail(QStringLiteral("the synthetic store could not be generated"));
    QString error;
    const QString cached = cachedStorePath(app.applicationDirPath(), rows);
    const QString path = dir.filePath(QStringLiteral("clerk.db"));
    if (!QFile::copy(cached, path)
        || (QFile::exists(cached + QStringLiteral("-wal"))
            && !QFile::copy(cached + QStringLiteral("-wal"), path + QStringLiteral("-wal"))))
        return fail(error.isEmpty() ? QStringLiteral("could not copy the store") : error);
    Store store(path);
    if (Status s = store.unlock("bench-week-passphrase"); !s)
        return fail(QStringLiteral("unlock: ") + s.errorString());
    QElapsedTimer t;
    t.start();
    ServerProcess server;
    if (!server.start(
            QStringLiteral(CLERKDESK_SERVER_PATH), dir.filePath(QStringLiteral("server")), serverRequests, &error))
        return fail(error);
    const double seedSecs = double(t.elapsed()) / 1000;

    // The window's sync engine signs in and pulls the server's requests into the big store.
    SyncEngine engine(store, server.url());
    engine.setIntervalMs(3600000); // passes only when asked (the live updates, the evening)
    int firstPasses = 0;
    auto first = QObject::connect(&engine, &SyncEngine::synced, [&firstPasses] { ++firstPasses; });
    t.restart();
    engine.signIn(QStringLiteral("admin"), QStringLiteral("demo"));
    if (!waitUntil([&] { return firstPasses > 0; }, 600000))
        return fail(QStringLiteral("the first sync did not finish"));
    QObject::disconnect(first);
    const double firstSyncSecs = double(t.elapsed()) / 1000;

    Settings settings(dir.filePath(QStringLiteral("user.conf")), { dir.filePath(QStringLiteral("none")) });
    MainWindow window(settings);
    window.attachWorkspace(store, &engine, QLatin1String(adapt::kClerk));
    window.resize(1600, 1000);
    window.show();
    adapt::shortenSearchDebounce(window);
    adapt::showAllRequestsNewestFirst(window);
    t.restart();
    if (!waitUntil([&] { return adapt::allCount(window) > 0; }, 600000))
        return fail(QStringLiteral("the sidebar's counts did not come"));
    const double countsSecs = double(t.elapsed()) / 1000;

    OtherClerk other;
    Week week(window, store, engine, other, dir.path());
    for (int r = 0; r < adapt::inbox(window)->rowCount() && week.synced.size() < serverRequests; ++r) {
        const QString id = adapt::requestAt(window, r);
        if (id.isEmpty() || id.startsWith(QLatin1Char('r'))) // the synthetic ones: r00000042
            break;
        week.synced << id;
    }
    if (week.synced.size() < 20)
        return fail(QStringLiteral("only %1 synced requests at the top of the list").arg(week.synced.size()));
    // Every document of some synced requests, fetched by the engine into the store (an e-file export
    // needs them all); the first PDF of each is opened during the week.
    for (int i = 0; i < week.synced.size() && week.documents.size() < 60; i += 7) {
        QString pdf;
        bool complete = true;
        for (const auto& [id, isPdf] : adapt::documentsOf(store, week.synced.at(i))) {
            bool fetched = false;
            auto c = QObject::connect(&engine, &SyncEngine::documentFetched,
                [&, id = id](const QString& doc, const QString& e) { fetched |= doc == id && e.isEmpty(); });
            engine.fetchDocument(id);
            waitUntil([&] { return fetched; }, 60000);
            QObject::disconnect(c);
            complete &= adapt::hasContent(store, id);
            if (isPdf && pdf.isEmpty() && adapt::hasContent(store, id))
                pdf = id;
        }
        if (complete && !pdf.isEmpty())
            week.documents << qMakePair(week.synced.at(i), pdf);
    }
    if (week.documents.isEmpty())
        return fail(QStringLiteral("no document could be fetched"));
    t.restart();
    if (!other.start(dir.filePath(QStringLiteral("other.db")), server.url()))
        return fail(QStringLiteral("the other clerk could not sync"));
    std::printf("setup: server seeded with %d requests and started in %.1f s; first sync into the big store %.1f s; "
                "sidebar counts %.1f s; %d synced requests on top; %d documents fetched; other clerk synced in %.1f s; "
                "server and other clerk (other machines) at niceness %d and %d, this process at %d\n",
        serverRequests, seedSecs, firstSyncSecs, countsSecs, int(week.synced.size()), int(week.documents.size()),
        double(t.elapsed()) / 1000, server.niceness(), other.niceness(), niceOf(QCoreApplication::applicationPid()));
    std::fflush(stdout);

    // The week: each day in slots of one live update, the other activities spread evenly over them.
    auto stopOthers = [&] {
        other.stop();
        server.stop();
        dir.remove();
    };
    PaintCensus::instance(); // (with CLERKDESK_WEEK_PAINT_CENSUS=1)
    StallProbe probe;
    week.setProbe(&probe);
    QList<Day> days;
    auto share = [slots](int total, int day, int slot) {
        const qint64 all = qint64(5) * slots, at = qint64(day) * slots + slot;
        return int(qint64(total) * (at + 1) / all - qint64(total) * at / all);
    };
    for (int d = 0; d < 5; ++d) {
        Day day;
        day.rssStartKb = statusKb("VmRSS:");
        day.anonStartKb = statusKb("RssAnon:");
        day.filesStartKb = statusKb("RssFile:");
        day.heapUsedStartKb = heapInUseKb();
        day.sqliteStart = sql::memoryUse();
        snapshotMemoryMap(QStringLiteral("day%1-start").arg(d + 1));
        exitIfAsked(QStringLiteral("day%1-start").arg(d + 1), stopOthers);
        probe.measure(true);
        for (int slot = 0; slot < slots; ++slot) {
            probe.phase(QStringLiteral("search"));
            for (int n = share(searches, d, slot); n > 0; --n)
                week.search(day);
            probe.phase(QStringLiteral("triage"));
            for (int n = share(triage, d, slot); n > 0; --n)
                week.triage(day);
            probe.phase(QStringLiteral("documents"));
            for (int n = share(opens, d, slot); n > 0; --n)
                week.openDocument(day);
            probe.phase(QStringLiteral("export"));
            for (int n = share(exports, d, slot); n > 0; --n)
                week.exportEFile(day);
            probe.phase(QStringLiteral("live update"));
            for (int n = share(updates, d, slot); n > 0; --n)
                week.liveUpdate(day);
        }
        day.stalls = probe.takeDay();
        day.ownStalls = probe.takeDayOwn();
        day.rssEndKb = statusKb("VmRSS:");
        day.heapUsedEndKb = heapInUseKb();
        day.anonEndKb = statusKb("RssAnon:");
        day.filesEndKb = statusKb("RssFile:");
        probe.measure(false);
        day.sqliteEnd = sql::memoryUse();
        snapshotMemoryMap(QStringLiteral("day%1-end").arg(d + 1)); // (not counted as a stall)
        // The clerk's day ends: the window's next trim (after work, or timed) gives back what the day freed.
        int trims = 0;
        auto trimmed = QObject::connect(window.findChild<MemoryTrim*>(), &MemoryTrim::trimmed, [&trims] { ++trims; });
        if (waitUntil([&trims] { return trims > 0; }, MemoryTrim::kDefaultIntervalMs + 10000)) {
            day.rssAfterTrimKb = statusKb("VmRSS:");
            day.heapUsedIdleKb = heapInUseKb();
            day.sqliteIdle = sql::memoryUse();
            snapshotMemoryMap(QStringLiteral("day%1-idle").arg(d + 1));
            exitIfAsked(QStringLiteral("day%1-idle").arg(d + 1), stopOthers);
        } else if (qEnvironmentVariable("CLERKDESK_WEEK_EXIT_AT") == QStringLiteral("day%1-idle").arg(d + 1)) {
            std::printf("no timed trim came after day %d: CLERKDESK_WEEK_EXIT_AT passed by\n", d + 1);
        }
        QObject::disconnect(trimmed);
        day.trimUs = MemoryTrim::trimNow();
        day.rssTrimmedKb = statusKb("VmRSS:");
        if (runs("evening") && !week.evening(day))
            return fail(QStringLiteral("the evening's changes could not be sent"));
        printDay(d + 1, day);
        days << day;
    }
    printWeek(days, probe);
    PaintCensus::instance().print();
    app.print();
    return 0;
}
