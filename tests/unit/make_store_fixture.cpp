// Writes tests/data/store-v1.db: a database at schema v1 with a few requests and one outbox entry.
// Run once when a new schema version is added (see tests/data/README.md); not a test.
#include "../common/TestData.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"

#include <QCoreApplication>
#include <QFile>
#include <cstdio>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: make_store_fixture OUT.db\n");
        return 2;
    }
    const QString out = QString::fromLocal8Bit(argv[1]);
    QFile::remove(out);
    clerk::Store s(out);
    if (!s.unlockAndMigrateTo("fixture-passphrase-v1", 1))
        return 1;
    using namespace clerk::testdata;
    if (!s.upsertServices({ parkingService() }))
        return 1;
    if (!s.upsertRequests({ request(1, QStringLiteral("Klaus Becker")), request(2, QStringLiteral("Fatma Demir")),
            request(3, QStringLiteral("Hannelore Schäfer")) }))
        return 1;
    if (!s.changeStatus(QStringLiteral("req-000001"), QStringLiteral("in_progress"), QStringLiteral("fixture")))
        return 1;
    (void)s.connection().exec("PRAGMA wal_checkpoint(TRUNCATE)");
    (void)s.connection().exec("PRAGMA journal_mode = DELETE");
    std::printf("schema %d written to %s\n", s.schemaVersion(), argv[1]);
    return 0;
}
