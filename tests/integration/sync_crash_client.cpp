// Helper for tst_sync_crash and tst_crash_loop: a client that writes notes and pushes them (with
// --sync: pushes and pulls), round after round, until it is killed. Arguments: backend URL, store
// path [--sync | --pull-halfway]. Standard input: raw key (hex), login, password.
//
// With --pull-halfway it pulls one large page on a worker store while its window (this store)
// writes between the page's slices; the first write that finds part of the page stored without
// its cursor kills the process while it holds the write, so the pull stops between two slices.
#include "../common/Waiting.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"

#include <QCoreApplication>
#include <QTextStream>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>
#include <unistd.h>

namespace {

int pullUntilHalfway(
    clerk::Store& window, const QByteArray& key, const QUrl& url, const QString& login, const QString& password)
{
    clerk::Store worker(window.path());
    if (!worker.unlockAsWorker(key))
        return 1;
    clerk::WaitingSession sync(worker, url);
    if (!sync.signIn(login, password))
        return 3;
    sync.setPageSize(5000); // one page of many slices
    clerk::sql::Connection& c = window.connection();
    const QString cursor = window.meta().value(QStringLiteral("cursor")).value();
    const auto before = c.scalar("SELECT count(*) FROM requests");
    if (cursor.isEmpty() || !before)
        return 5;
    std::atomic<bool> stop { false };
    std::thread writer([&] {
        while (!stop.load()) {
            // (Waits for the pull's slice, which then lets it through.)
            if (clerk::Status begun = c.exec("BEGIN IMMEDIATE"); !begun) {
                std::fprintf(stderr, "the window's write did not begin: %s\n", qPrintable(begun.errorString()));
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
                continue;
            }
            const auto now = c.scalar("SELECT count(*) FROM requests");
            const auto at = c.scalar("SELECT value FROM meta WHERE key = 'cursor'");
            if (now && at && now->toInt() > before->toInt() && at->toString() == cursor) {
                std::printf("halfway: %d of the page's requests stored\n", now->toInt() - before->toInt());
                std::fflush(stdout);
                ::kill(::getpid(), SIGKILL); // holding the write: no further slice is stored
            }
            if (clerk::Status done = c.exec("COMMIT"); !done)
                std::fprintf(stderr, "the window's write did not commit: %s\n", qPrintable(done.errorString()));
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    });
    const auto pulled = sync.pull();
    stop = true;
    writer.join();
    std::printf(
        "the pull ended before a write saw it halfway: %s\n", pulled ? "pulled" : qPrintable(pulled.error().detail));
    return 4;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 3 && argc != 4)
        return 2;
    const bool fullSync = argc == 4 && qstrcmp(argv[3], "--sync") == 0;
    const bool pullHalfway = argc == 4 && qstrcmp(argv[3], "--pull-halfway") == 0;
    QTextStream in(stdin);
    const QByteArray key = QByteArray::fromHex(in.readLine().toLatin1());
    const QString login = in.readLine(), password = in.readLine();
    clerk::Store store(QString::fromLocal8Bit(argv[2]));
    if (!store.unlockWithKey(key))
        return 1;
    const QUrl url(QString::fromLocal8Bit(argv[1]));
    if (pullHalfway)
        return pullUntilHalfway(store, key, url, login, password);
    clerk::WaitingSession sync(store, url);
    if (!sync.signIn(login, password))
        return 3;
    const QString requestId = store.meta().value(QStringLiteral("crash_request")).value();
    std::printf("ready\n");
    std::fflush(stdout);
    for (int round = 1;; ++round) {
        for (int i = 0; i < 3; ++i)
            (void)store.addNote(requestId,
                QStringLiteral("kill-test %1.%2 by pid %3").arg(round).arg(i).arg(QCoreApplication::applicationPid()),
                login);
        if (fullSync)
            (void)sync.syncOnce();
        else
            (void)sync.push();
    }
}
