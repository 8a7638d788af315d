// The server's schema as numbered, forward-only migrations, as the client's (core/store/Schema.h).
// Backend-neutral: a backend lists its steps in its own SQL dialect and says how it reads and
// records its version (MigrationTarget); bringForward() checks the list, refuses a database newer
// than the program and applies each missing step in a transaction of its own together with the
// record of its version. SqlCityStore's list and target are in SqlCitySchema.cpp; a PostgreSQL
// backend would bring its own list (same version numbers, its dialect) and target.
#pragma once

#include "core/Result.h"

#include <QCoreApplication>
#include <QList>

namespace clerk::server {

struct Migration
{
    int version; // 1, 2, 3, …: each step once, in this order
    const char* name; // what it does, for the log and the version table
    const char* sql; // in the backend's dialect
};

class MigrationTarget
{
public:
    virtual ~MigrationTarget() = default;
    // The highest version the database has recorded; 0 for an empty one.
    virtual Result<int> version() = 0;
    // Runs the step and records its version, in one transaction: either both or neither.
    virtual Status apply(const Migration& step) = 0;
};

class SchemaMigrations
{
    Q_DECLARE_TR_FUNCTIONS(clerk::server::SchemaMigrations)
public:
    // The newest version in `steps`.
    static int latest(const QList<Migration>& steps);
    // Applies the steps the database lacks, oldest first. A database whose version is newer than
    // the list's newest is refused with Error::SchemaTooNew before anything is written; `database`
    // names it in the messages.
    static Status bringForward(MigrationTarget& target, const QList<Migration>& steps, const QString& database);
};

} // namespace clerk::server
