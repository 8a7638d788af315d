// Helper for tst_store_passphrase: changes the passphrase of a store full of document files and
// re-encrypts them under a new key, until it is killed. The old and the new passphrase arrive on
// stdin (one line each); it prints "ready" after the unlock, "changed" after the database was
// replaced, "file N" after each document file, "finished" when the old key is gone.
#include "core/store/ContentKeyRotation.h"
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
    const QByteArray oldPass = in.readLine().toUtf8();
    const QByteArray newPass = in.readLine().toUtf8();
    clerk::Store store(QString::fromLocal8Bit(argv[1]));
    if (const clerk::Status s = store.unlock(oldPass); !s) {
        std::fprintf(stderr, "unlock: %s\n", qPrintable(s.error().detail));
        return 1;
    }
    std::printf("ready\n");
    std::fflush(stdout);
    if (const clerk::Status s = store.changePassphrase(newPass); !s) {
        std::fprintf(stderr, "change: %s\n", qPrintable(s.error().detail));
        return 3;
    }
    std::printf("changed\n");
    std::fflush(stdout);
    clerk::ContentKeyRotation rotation(store);
    int n = 0;
    const clerk::Status run = rotation.run([&n](qint64, qint64) {
        std::printf("file %d\n", ++n);
        std::fflush(stdout);
        return true;
    });
    if (!run) {
        std::fprintf(stderr, "rotation: %s\n", qPrintable(run.error().detail));
        return 4;
    }
    if (const clerk::Status s = store.finishContentKeyRotation(rotation); !s) {
        std::fprintf(stderr, "finish: %s\n", qPrintable(s.error().detail));
        return 5;
    }
    std::printf("finished\n");
    std::fflush(stdout);
    return 0;
}
