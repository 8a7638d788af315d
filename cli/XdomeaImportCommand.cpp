// clerkdesk-cli efile verify|import for xdomea packages: a ZIP that holds an xdomea message
// ({ProzessID}_Abgabe.Abgabe.0401.xml, {ProzessID}_Aussonderung.Aussonderung.0503.xml) instead of
// our efile.xml is recognised by `efile verify` and `efile import` and handled here.
//
//   clerkdesk-cli efile verify FILE                      version, message type, ProzessID, sender, objects
//   clerkdesk-cli efile import --db PROFILE.db FILE [--service SERVICE-ID]
//       a hand-over (0401) imported is acknowledged: {ProzessID}_Abgabe.ImportBestaetigen.0402.xml
//       is written beside FILE, in the name of the authority configured (authorityName, authorityId);
//       when that fails, a warning says so and the exit code stays 0 (the import is complete)
//
// The imported requests are assigned to the profile's clerk (the login of its last sign-in), if
// any. The passphrase and the exit codes are those of the other efile commands: 0 done; 1 usage or
// unreadable file; 2 message refused (the reason on stderr); 3 profile cannot be unlocked; 4 the
// message was imported into this profile before.
#include "XdomeaImportCommand.h"

#include "Printable.h"
#include "Secret.h"
#include "core/SecureWipe.h"
#include "core/Settings.h"
#include "core/archive/EFilePackage.h"
#include "core/archive/ZipScan.h"
#include "core/store/Store.h"
#include "core/xdomea/XdomeaAcknowledgement.h"
#include "core/xdomea/XdomeaPackage.h"
#include "core/xdomea/XdomeaReader.h"

#include <QFile>
#include <QTextStream>
#include <cstdio>

namespace clerk::cli {

namespace {

int fail(int code, const Error& e)
{
    std::fprintf(stderr, "clerkdesk-cli: %s\n", qPrintable(printable(e.message)));
    if (!e.detail.isEmpty())
        std::fprintf(stderr, "clerkdesk-cli: (%s)\n", qPrintable(printable(e.detail)));
    return code;
}

int refusedCode(const Error& e)
{
    if (e.code == Error::AlreadyExists)
        return 4;
    return e.code == Error::Invalid ? 2 : 1;
}

// The passphrase as the other efile commands take it: CLERKDESK_PASSPHRASE or the first line of
// standard input.
std::unique_ptr<Store> openProfile(const QString& path, int* rc)
{
    QByteArray passphrase = readSecret("CLERKDESK_PASSPHRASE", "Passphrase of the profile: ");
    auto store = std::make_unique<Store>(path);
    const Status s = store->unlock(passphrase);
    secureWipe(passphrase);
    if (!s) {
        *rc = fail(3, s.error());
        return nullptr;
    }
    return store;
}

void describe(QTextStream& out, const xdomea::Package& p)
{
    const xdomea::Message& m = p.message;
    out << "xdomea " << xdomea::versionText(m.version) << ' ' << m.rootName << "\n"
        << "ProzessID: " << printable(m.processId) << "\n"
        << "sender: " << printable(m.sender.display()) << (m.sender.authorityKey.isEmpty() ? "" : " (")
        << printable(m.sender.authorityKey) << (m.sender.authorityKey.isEmpty() ? "" : ")") << "\n"
        << "receiver: " << printable(m.receiver.display()) << "\n";
    for (const xdomea::Record& r : m.records) {
        int files = 0;
        for (const xdomea::DocumentInfo& d : r.documents)
            files += int(d.files.size());
        out << "object: " << printable(r.id) << '\t' << printable(r.fileNumber) << '\t' << printable(r.title) << '\t'
            << files << " file(s)\n";
    }
}

} // namespace

bool isXdomeaPackage(const QString& path)
{
    return xdomea::looksLikeXdomea(path);
}

bool isImportablePackage(const QString& path)
{
    QFile raw(path);
    if (!raw.open(QIODevice::ReadOnly))
        return false;
    auto entries = zipscan::centralDirectory(raw, efile::Limits {}.maxEntries);
    if (!entries)
        return false;
    for (const zipscan::RawEntry& e : entries.value()) {
        const QString name = QString::fromUtf8(e.name);
        if (xdomea::isMessageFileName(name)
            && (name.endsWith(QLatin1String(".0401.xml")) || name.endsWith(QLatin1String(".0503.xml"))))
            return true;
    }
    return false;
}

int runXdomeaPackageVerify(const QString& path)
{
    auto p = xdomea::verify(path);
    if (!p)
        return fail(refusedCode(p.error()), p.error());
    QTextStream out(stdout);
    out << "ok: ";
    describe(out, p.value());
    return 0;
}

int runXdomeaImport(const QString& db, QStringList args)
{
    xdomea::ImportOptions options;
    options.actor = QStringLiteral("clerkdesk-cli");
    if (const qsizetype i = args.indexOf(QStringLiteral("--service")); i >= 0) {
        if (i + 1 >= args.size())
            return 1;
        options.serviceId = args.at(i + 1);
        args.remove(i, 2);
    }
    if (args.size() != 1 || db.isEmpty()) {
        std::fputs("usage: clerkdesk-cli efile import --db PROFILE.db XDOMEA.zip [--service SERVICE-ID]\n", stderr);
        return 1;
    }
    int rc = 0;
    auto store = openProfile(db, &rc);
    if (!store)
        return rc;
    if (!options.serviceId.isEmpty() && !store->requests().service(options.serviceId))
        return fail(
            1, Error { Error::NotFound, QStringLiteral("no service %1 in this profile").arg(options.serviceId) });
    auto clerk = store->meta().value(QStringLiteral("clerk_login"));
    if (!clerk)
        return fail(1, clerk.error());
    options.assignee = clerk.value();
    auto r = xdomea::importPackage(*store, args.first(), options);
    if (!r)
        return fail(refusedCode(r.error()), r.error());
    QTextStream out(stdout);
    out << "imported xdomea message " << printable(r->processId) << ": " << r->requestIds.size() << " request(s), "
        << r->documents << " document(s), " << r->timelineEntries << " timeline entries, " << r->annotations
        << " annotation(s)\n";
    for (const QString& skipped : std::as_const(r->skipped)) // (also in the request's Verlauf)
        std::fprintf(stderr, "clerkdesk-cli: warning: %s\n", qPrintable(printable(skipped)));
    for (const QString& id : std::as_const(r->requestIds))
        out << id << '\n';
    if (r->messageType != QLatin1String("0401"))
        return 0; // (a 0503's answer is the archive's 0506: XdomeaAcknowledgement.h)
    // The sender's acknowledgement (0402) beside the message, in the configured authority's name.
    auto ack = xdomea::writeAcknowledgement(
        r.value(), xdomea::senderFromSettings(Settings()), args.first(), store->clock().now());
    if (!ack) {
        out.flush();
        std::fprintf(stderr, "clerkdesk-cli: warning: %s\n", qPrintable(ack.errorString()));
        return 0;
    }
    out << "acknowledgement (xdomea " << xdomea::versionText(ack->version) << " 0402, " << ack->objects
        << " object(s)): " << printable(ack->path) << '\n';
    if (!ack->note.isEmpty()) {
        out.flush();
        std::fprintf(stderr, "clerkdesk-cli: warning: %s\n", qPrintable(printable(ack->note)));
    }
    return 0;
}

} // namespace clerk::cli
