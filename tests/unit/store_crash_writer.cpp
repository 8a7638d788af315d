// Helper for tst_store_crash: writes to a store until it is killed. Each round is one clerk
// change (a note: local effect + outbox entry in one transaction) plus a batch of synced
// requests; after each commit it prints the round number. The raw key arrives on stdin.
#include "../common/TestData.h"
#include "core/store/Store.h"

#include <QCoreApplication>
#include <QTextStream>
#include <cstdio>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 2)
        return 2;
    QTextStream in(stdin);
    const QByteArray key = QByteArray::fromHex(in.readLine().toLatin1());
    clerk::Store store(QString::fromLocal8Bit(argv[1]));
    if (const clerk::Status s = store.unlockWithKey(key); !s) {
        std::fprintf(stderr, "unlock: %s\n", qPrintable(s.error().detail));
        return 1;
    }
    int round = store.outbox().all(1000000).value().size();
    std::printf("ready %d\n", round);
    std::fflush(stdout);
    while (true) {
        ++round;
        QList<clerk::Request> batch;
        for (int i = 0; i < 40; ++i)
            batch << clerk::testdata::request(round * 100 + i, QStringLiteral("Absturz Test %1").arg(round));
        if (!store.upsertRequests(batch))
            return 3;
        const auto m = store.addNote(batch.first().id, QStringLiteral("Runde %1").arg(round), QStringLiteral("writer"));
        if (!m.ok())
            return 4;
        std::printf("committed %d\n", round);
        std::fflush(stdout);
    }
}
