#include "SchemaMigrations.h"

#include "ServerLogging.h"

namespace clerk::server {

int SchemaMigrations::latest(const QList<Migration>& steps)
{
    return steps.isEmpty() ? 0 : steps.constLast().version;
}

Status SchemaMigrations::bringForward(MigrationTarget& target, const QList<Migration>& steps, const QString& database)
{
    for (qsizetype i = 0; i < steps.size(); ++i)
        if (steps.at(i).version != int(i) + 1)
            return Error { Error::Internal, tr("The server's list of database migrations is out of order."),
                QStringLiteral("migration %1 at position %2").arg(steps.at(i).version).arg(i + 1) };
    auto current = target.version();
    if (!current)
        return current.error();
    const int newest = latest(steps);
    if (current.value() > newest)
        return Error { Error::SchemaTooNew,
            tr("The database %1 was written by a newer ClerkDesk server (schema %2; this version knows up to %3). "
               "Start the newer server again, or restore a backup made before the upgrade; the database was left "
               "untouched.")
                .arg(database)
                .arg(current.value())
                .arg(newest),
            database };
    for (const Migration& step : steps) {
        if (step.version <= current.value())
            continue;
        if (Status s = target.apply(step); !s) {
            qCCritical(lcServer).noquote() << QStringLiteral("migration to schema %1 (%2) failed, the database stays "
                                                             "at schema %3: %4")
                                                  .arg(step.version)
                                                  .arg(QString::fromUtf8(step.name))
                                                  .arg(step.version - 1)
                                                  .arg(s.error().detail);
            return s;
        }
        qCInfo(lcServer).noquote() << QStringLiteral("database migrated to schema %1 (%2)")
                                          .arg(step.version)
                                          .arg(QString::fromUtf8(step.name));
    }
    return {};
}

} // namespace clerk::server
