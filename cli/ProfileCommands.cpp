// clerkdesk-cli profile create and sync: a profile provisioned without the window, so that city IT
// can script an export (for example a hand-over with `efile export --format xdomea`).
//
//   clerkdesk-cli profile create --db PROFILE.db
//       makes an empty encrypted profile (SQLCipher, as the app makes one); refuses a file that exists
//   clerkdesk-cli sync --db PROFILE.db --server URL --login NAME [--ca FILE] [--documents REF …]
//       one sync pass through the app's own code (core/sync SyncSession: sign-in, services, push,
//       pull), then the documents of the requests named with --documents (resumable download, as
//       on open in the window); prints what was sent and received, and what the pass settled of an
//       Aussonderung (requests the archive took over removed, 0501/0503 files released or
//       withdrawn, with their paths; "held: …" for each file that stays held or was not released,
//       which does not change the exit code). Without --ca, the caBundle
//       setting (machine policy first) is used, as in the app.
//
// Secrets never go on the command line: the profile's passphrase comes from CLERKDESK_PASSPHRASE,
// else from the first line of standard input; the backend password from CLERKDESK_PASSWORD, else
// from the next line of standard input (so `printf '%s\n%s\n' "$PASS" "$PW" | clerkdesk-cli sync …`).
// Both are read by Secret.h (not echoed on a terminal, the variables removed once read).
//
// Exit codes: 0 done; 1 usage, or the profile exists already (create); 3 the profile cannot be
// unlocked or a request was not found; 5 the backend refused the sign-in (wrong login or
// password); 6 the backend cannot be reached; 7 the connection is not trustworthy (TLS) or the
// CA bundle cannot be read; 8 any other failure of the pass (the backend refused or is busy); 9 the
// pass went through, but the backend refused changes or found them in conflict (counted on stdout).
#include "ProfileCommands.h"

#include "Printable.h"
#include "Secret.h"
#include "core/SecureWipe.h"
#include "core/Settings.h"
#include "core/store/DocumentCache.h"
#include "core/store/Store.h"
#include "core/sync/SyncSession.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QTextStream>
#include <cstdio>

namespace clerk::cli {

namespace {

int complain(int code, const QString& message, const QString& detail = {})
{
    std::fprintf(stderr, "clerkdesk-cli: %s\n", qPrintable(message));
    if (!detail.isEmpty())
        std::fprintf(stderr, "clerkdesk-cli: (%s)\n", qPrintable(detail));
    return code;
}

QString takeOption(QStringList& args, const QString& name)
{
    const qsizetype i = args.indexOf(name);
    if (i < 0 || i + 1 >= args.size())
        return {};
    const QString value = args.at(i + 1);
    args.remove(i, 2);
    return value;
}

// The exit code and words for a failed sign-in or pass.
int syncFailed(const Error& e)
{
    switch (e.code) {
    case Error::Unauthorized:
        return complain(5, QStringLiteral("sign-in refused: %1").arg(e.message), e.detail);
    case Error::Offline:
        return complain(6, QStringLiteral("the backend cannot be reached: %1").arg(e.message), e.detail);
    case Error::Io:
        return complain(7, QStringLiteral("no trustworthy connection to the backend: %1").arg(e.message), e.detail);
    default:
        return complain(8, QStringLiteral("sync failed: %1").arg(e.message), e.detail);
    }
}

// Runs one SyncSession call to its end (the CLI has no window: a local event loop waits for it).
template <class Call> Status wait(Call call)
{
    QEventLoop loop;
    Status outcome;
    bool done = false;
    call([&](Status s) {
        outcome = std::move(s);
        done = true;
        loop.quit();
    });
    if (!done)
        loop.exec();
    return outcome;
}

} // namespace

int runProfile(QStringList args)
{
    const QString db = takeOption(args, QStringLiteral("--db"));
    if (args != QStringList { QStringLiteral("create") } || db.isEmpty())
        return complain(1, QStringLiteral("usage: clerkdesk-cli profile create --db PROFILE.db"));
    if (QFileInfo::exists(db))
        return complain(1, QStringLiteral("%1 exists already; a profile is never made over a file").arg(db));
    if (!QFileInfo(db).absoluteDir().exists())
        return complain(1, QStringLiteral("no such folder: %1").arg(QFileInfo(db).absolutePath()));
    QByteArray passphrase = readSecret("CLERKDESK_PASSPHRASE", "Passphrase of the profile: ");
    if (passphrase.isEmpty())
        return complain(1, QStringLiteral("no passphrase: set CLERKDESK_PASSPHRASE or give it on standard input"));
    Store store(db);
    const Status made = store.create(passphrase);
    secureWipe(passphrase);
    if (!made)
        return complain(1, made.errorString(), made.error().detail);
    QTextStream(stdout) << "created an empty encrypted profile: " << QDir::toNativeSeparators(db) << '\n';
    return 0;
}

int runSync(QStringList args)
{
    const QString db = takeOption(args, QStringLiteral("--db"));
    const QUrl server(takeOption(args, QStringLiteral("--server")));
    const QString login = takeOption(args, QStringLiteral("--login"));
    QString ca = takeOption(args, QStringLiteral("--ca"));
    if (ca.isEmpty()) // the city's CA bundle as the app takes it (machine policy first)
        ca = Settings().string(Settings::Key::CaBundle).trimmed();
    QStringList documentRefs;
    for (QString ref; !(ref = takeOption(args, QStringLiteral("--documents"))).isEmpty();)
        documentRefs << ref;
    if (db.isEmpty() || !server.isValid() || server.host().isEmpty() || login.isEmpty() || !args.isEmpty())
        return complain(1,
            QStringLiteral("usage: clerkdesk-cli sync --db PROFILE.db --server URL --login NAME [--ca FILE] "
                           "[--documents REF …]"));
    if (!QFileInfo::exists(db))
        return complain(
            3, QStringLiteral("no profile %1 (make one with: clerkdesk-cli profile create --db %1)").arg(db));
    QByteArray passphrase = readSecret("CLERKDESK_PASSPHRASE", "Passphrase of the profile: ");
    Store store(db);
    const Status unlocked = store.unlock(passphrase);
    secureWipe(passphrase);
    if (!unlocked)
        return complain(3, unlocked.errorString(), unlocked.error().detail);
    QString password = QString::fromUtf8(readSecret("CLERKDESK_PASSWORD", "Password for the backend: "));
    if (password.isEmpty())
        return complain(1, QStringLiteral("no password: set CLERKDESK_PASSWORD or give it on standard input"));

    SyncSession session(store, server, ca);
    if (!session.client().caError().isEmpty())
        return complain(7, session.client().caError());
    if (Status usable = session.client().usable(); !usable)
        return complain(1, usable.errorString());
    const Status signedIn = wait([&](auto done) { session.signIn(login, password, done); });
    secureWipe(password);
    if (!signedIn)
        return syncFailed(signedIn.error());
    QTextStream out(stdout);
    out << "signed in as " << login << " (" << session.clerk().value(QLatin1String("name")).toString() << ")\n";
    out.flush();
    SyncReport report;
    const Status synced = wait([&](auto done) {
        session.syncOnce([&report, done](Result<SyncReport> r) {
            if (r)
                report = r.value();
            done(r ? Status {} : Status { r.error() });
        });
    });
    if (!synced)
        return syncFailed(synced.error());
    out << "sent: " << report.pushed << " change(s) (" << report.applied << " applied, " << report.conflicts
        << " conflict(s), " << report.rejected << " refused)\n";
    out << "received: " << report.pulled << " change(s)" << (report.fullResync ? " (full resync)" : "") << '\n';
    // The Aussonderung's outcome, when the pass settled any of it.
    if (report.purged > 0 || !report.released.isEmpty() || !report.withdrawn.isEmpty()) {
        out << "archive: " << report.purged << " request(s) taken over removed from this profile, "
            << report.released.size() << " file(s) for the archive released, " << report.withdrawn.size()
            << " withdrawn\n";
        for (const QString& path : std::as_const(report.released))
            out << "released: " << printable(QDir::toNativeSeparators(path)) << '\n';
        for (const QString& path : std::as_const(report.withdrawn))
            out << "withdrawn (do not send): " << printable(QDir::toNativeSeparators(path)) << '\n';
    }
    for (const QString& why : std::as_const(report.held))
        out << "held: " << printable(why) << '\n';
    out.flush();
    // The pass went through, but not everything this profile changed was taken: a script must see it.
    auto outcome = [&report] {
        if (report.rejected == 0 && report.conflicts == 0)
            return 0;
        return complain(9,
            QStringLiteral("the backend refused %1 and found %2 in conflict of the changes sent; the clerk sees them "
                           "in the window (Synchronisation)")
                .arg(report.rejected)
                .arg(report.conflicts));
    };
    if (documentRefs.isEmpty())
        return outcome();
    QStringList documentIds; // of the requests named, now that the pass has brought them
    for (const QString& ref : std::as_const(documentRefs)) {
        if (store.request(ref)) {
            documentIds << ref;
            continue;
        }
        auto byReference = store.requests().idOfReference(ref);
        if (!byReference)
            return complain(3, QStringLiteral("no request %1 in this profile (or not visible to %2)").arg(ref, login));
        documentIds << byReference.value();
    }
    DocumentCache cache(store, store.clock());
    int fetched = 0, kept = 0;
    qint64 bytes = 0;
    for (const QString& requestId : std::as_const(documentIds)) {
        const QList<Document> documents = cache.documentsOf(requestId);
        for (const Document& d : documents) {
            if (cache.hasContent(d.id)) {
                ++kept;
                continue;
            }
            const Status got = wait([&](auto done) { session.fetchDocument(d.id, done); });
            if (!got)
                return syncFailed(got.error());
            ++fetched;
            bytes += d.size;
        }
    }
    out << "documents: " << fetched << " fetched (" << bytes << " bytes), " << kept << " already here\n";
    return outcome();
}

} // namespace clerk::cli
