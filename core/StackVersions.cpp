#include "StackVersions.h"

#include <QCoreApplication>
#include <QStringList>
#include <karchive_version.h>
#include <qpdf/QPDF.hh>
#include <sodium.h>
#include <sqlcipher/sqlite3.h>

namespace clerk {

namespace {
QString pragmaText(sqlite3* db, const char* sql)
{
    sqlite3_stmt* stmt = nullptr;
    QString out;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
        out = QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
    sqlite3_finalize(stmt);
    return out;
}
} // namespace

StackVersions StackVersions::loaded()
{
    StackVersions v;
    v.clerkdesk = QStringLiteral(CLERKDESK_VERSION);
    v.qt = QString::fromLatin1(qVersion());
    v.sqlite = QString::fromLatin1(sqlite3_libversion());
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) == SQLITE_OK) {
        // The crypto provider is only named once a codec is attached.
        sqlite3_exec(db, "PRAGMA key = 'stack-versions'", nullptr, nullptr, nullptr);
        v.sqlcipher = pragmaText(db, "PRAGMA cipher_version");
        v.cryptoProvider = pragmaText(db, "PRAGMA cipher_provider") + QLatin1Char(' ')
            + pragmaText(db, "PRAGMA cipher_provider_version");
    }
    sqlite3_close(db);
    v.karchive = QStringLiteral(KARCHIVE_VERSION_STRING);
    v.qpdf = QString::fromStdString(QPDF::QPDFVersion());
    v.sodium = QString::fromLatin1(sodium_version_string());
    return v;
}

QString StackVersions::toText() const
{
    QStringList lines;
    lines << QStringLiteral("ClerkDesk %1").arg(clerkdesk) << QStringLiteral("Qt %1").arg(qt)
          << QStringLiteral("SQLCipher %1 (SQLite %2, %3)").arg(sqlcipher, sqlite, cryptoProvider.trimmed())
          << QStringLiteral("KArchive %1").arg(karchive) << QStringLiteral("qpdf %1").arg(qpdf)
          << QStringLiteral("libsodium %1").arg(sodium);
    return lines.join(QLatin1Char('\n'));
}

} // namespace clerk
