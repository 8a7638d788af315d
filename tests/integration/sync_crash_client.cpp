// Helper for tst_sync_crash: a client that writes notes and pushes them, round after round, until
// it is killed. Arguments: backend URL, store path. Standard input: raw key (hex), login, password.
#include "core/store/Store.h"
#include "core/sync/SyncSession.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 3)
        return 2;
    QTextStream in(stdin);
    const QByteArray key = QByteArray::fromHex(in.readLine().toLatin1());
    const QString login = in.readLine(), password = in.readLine();
    clerk::Store store(QString::fromLocal8Bit(argv[2]));
    if (!store.unlockWithKey(key))
        return 1;
    clerk::SyncSession sync(store, QUrl(QString::fromLocal8Bit(argv[1])));
    if (!sync.signIn(login, password))
        return 3;
    const QString requestId = store.meta(QStringLiteral("crash_request"));
    std::printf("ready\n");
    std::fflush(stdout);
    for (int round = 1;; ++round) {
        for (int i = 0; i < 3; ++i)
            (void)store.addNote(requestId, QStringLiteral("kill-test %1.%2 by pid %3").arg(round).arg(i).arg(QCoreApplication::applicationPid()), login);
        (void)sync.push();
    }
}
