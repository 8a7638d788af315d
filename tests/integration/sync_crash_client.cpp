// Helper for tst_sync_crash and tst_crash_loop: a client that writes notes and pushes them (with
// --sync: pushes and pulls), round after round, until it is killed. Arguments: backend URL, store
// path [--sync]. Standard input: raw key (hex), login, password.
#include "../common/Waiting.h"
#include "core/store/Store.h"

#include <QCoreApplication>
#include <QTextStream>
#include <cstdio>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 3 && argc != 4)
        return 2;
    const bool fullSync = argc == 4 && qstrcmp(argv[3], "--sync") == 0;
    QTextStream in(stdin);
    const QByteArray key = QByteArray::fromHex(in.readLine().toLatin1());
    const QString login = in.readLine(), password = in.readLine();
    clerk::Store store(QString::fromLocal8Bit(argv[2]));
    if (!store.unlockWithKey(key))
        return 1;
    clerk::WaitingSession sync(store, QUrl(QString::fromLocal8Bit(argv[1])));
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
