// clerkdesk-cli: the core's e-file package and PDF code for scripts of city IT. No GUI.
//
//   clerkdesk-cli efile verify FILE                 check a package as import would; print a summary
//   clerkdesk-cli efile list FILE                   the same, then one line per document
//   clerkdesk-cli efile export --db PROFILE.db REQUEST FILE
//   clerkdesk-cli efile export --format xdomea --db PROFILE.db --request REF --out DIR --receiver NAME …
//                                                   (XdomeaCommands.cpp; verify also reads xdomea)
//   clerkdesk-cli efile import --db PROFILE.db FILE [--merge | --keep-both]
//   clerkdesk-cli profile create --db PROFILE.db    an empty encrypted profile (ProfileCommands.cpp)
//   clerkdesk-cli sync --db PROFILE.db --server URL --login NAME [--ca FILE] [--documents REF …]
//
// The profile's passphrase comes from CLERKDESK_PASSPHRASE or the first line of standard input.
// The PDF commands (pdf info|render|annotate|redact|xfdf) are described in PdfCommands.cpp.
//
// Exit codes: 0 done; 1 usage or unreadable file; 2 package refused (hostile or damaged; the
// reason on stderr); 3 profile cannot be unlocked or request not found; 4 the request exists
// already (choose --merge or --keep-both).
#include "PdfCommands.h"
#include "Printable.h"
#include "ProfileCommands.h"
#include "Secret.h"
#include "XdomeaCommands.h"
#include "XdomeaImportCommand.h"
#include "core/SecureWipe.h"
#include "core/archive/EFilePackage.h"
#include "core/store/Store.h"

#include <QCoreApplication>
#include <QFile>
#include <QTextStream>
#include <algorithm>
#include <cstdio>

using namespace clerk;

namespace {

int usage()
{
    std::fputs("usage:\n"
               "  clerkdesk-cli efile verify FILE\n"
               "  clerkdesk-cli efile list FILE\n"
               "  clerkdesk-cli efile export --db PROFILE.db REQUEST-ID|REFERENCE FILE\n"
               "  clerkdesk-cli efile export --format xdomea --db PROFILE.db --request REF [--request REF …]\n"
               "                --out DIR --receiver NAME [--receiver-id PREFIX:KEY] [--receiver-short NAME]\n"
               "  clerkdesk-cli efile import --db PROFILE.db FILE [--merge | --keep-both]\n"
               "  clerkdesk-cli efile import --db PROFILE.db XDOMEA.zip [--service SERVICE-ID]  (xdomea 0401/0503)\n"
               "  clerkdesk-cli pdf info|render|annotate|redact|xfdf …  (clerkdesk-cli pdf for details)\n"
               "  clerkdesk-cli profile create --db PROFILE.db\n"
               "  clerkdesk-cli sync --db PROFILE.db --server URL --login NAME [--ca FILE] [--documents REF …]\n"
               "passphrase: CLERKDESK_PASSPHRASE or the first line of standard input\n"
               "backend password (sync): CLERKDESK_PASSWORD or the next line of standard input\n"
               "exit codes: 0 done, 1 usage/unreadable, 2 package refused, 3 profile/request, 4 request exists,\n"
               "            5 sign-in refused, 6 backend unreachable, 7 TLS not trustworthy, 8 sync failed\n",
        stderr);
    return 1;
}

int fail(int code, const Error& e)
{
    std::fprintf(stderr, "clerkdesk-cli: %s\n", qPrintable(cli::printable(e.message)));
    if (!e.detail.isEmpty())
        std::fprintf(stderr, "clerkdesk-cli: (%s)\n", qPrintable(cli::printable(e.detail)));
    return code;
}

std::unique_ptr<Store> openProfile(const QString& path, int* rc)
{
    QByteArray passphrase = cli::readSecret("CLERKDESK_PASSPHRASE", "Passphrase of the profile: ");
    auto store = std::make_unique<Store>(path);
    const Status s = store->unlock(passphrase);
    secureWipe(passphrase);
    if (!s) {
        *rc = fail(3, s.error());
        return nullptr;
    }
    return store;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments().mid(1);
    if (!args.isEmpty() && args.first() == QLatin1String("pdf"))
        return cli::runPdf(args.mid(1));
    if (!args.isEmpty() && args.first() == QLatin1String("profile"))
        return cli::runProfile(args.mid(1));
    if (!args.isEmpty() && args.first() == QLatin1String("sync"))
        return cli::runSync(args.mid(1));
    if (args.size() < 2 || args.at(0) != QLatin1String("efile"))
        return usage();
    const QString command = args.at(1);
    args = args.mid(2);
    QString db;
    if (const qsizetype i = args.indexOf(QStringLiteral("--db")); i >= 0 && i + 1 < args.size()) {
        db = args.at(i + 1);
        args.remove(i, 2);
    }
    QTextStream out(stdout);
    if (command == QLatin1String("verify") || command == QLatin1String("list")) {
        if (args.size() != 1)
            return usage();
        if (!QFile::exists(args.first()))
            return fail(1, Error { Error::NotFound, QStringLiteral("no such file: %1").arg(args.first()) });
        if (command == QLatin1String("verify") && cli::looksLikeXdomea(args.first())) {
            // Our summary of any xdomea message (also a 0402, or a message without its ZIP) ...
            const int rc = cli::runXdomeaVerify(args.first());
            if (rc != 0 || !cli::isImportablePackage(args.first()))
                return rc;
            // ... and, for a package the import reads (0401, 0503), every check of the import.
            return cli::runXdomeaPackageVerify(args.first());
        }
        if (cli::isXdomeaPackage(args.first()))
            return cli::runXdomeaPackageVerify(args.first());
        auto p = efile::verify(args.first());
        if (!p)
            return fail(2, p.error());
        qint64 bytes = 0;
        for (const auto& d : p->documents)
            bytes += d.document.size;
        out << "ok: " << cli::printable(p->request.reference) << " (" << cli::printable(p->request.id) << "), "
            << p->documents.size() << " document(s), " << bytes << " bytes, " << p->notes.size() << " note(s), "
            << p->annotations.size() << " annotation(s)\n";
        if (command == QLatin1String("list"))
            for (const auto& d : p->documents)
                out << cli::printable(d.file) << '\t' << cli::printable(d.document.mimeType) << '\t' << d.document.size
                    << '\t' << cli::printable(QString::fromLatin1(d.document.sha256)) << '\t'
                    << cli::printable(d.document.title) << '\n';
        return 0;
    }
    if (db.isEmpty())
        return usage();
    int rc = 0;
    if (command == QLatin1String("export") && args.contains(QStringLiteral("--format"))) {
        const qsizetype i = args.indexOf(QStringLiteral("--format"));
        const QString format = args.value(i + 1);
        args.remove(i, qMin<qsizetype>(2, args.size() - i));
        if (format == QLatin1String("xdomea"))
            return cli::runXdomeaExport(args, [&db](int* rc) { return openProfile(db, rc); });
        if (format != QLatin1String("efile"))
            return usage();
    }
    if (command == QLatin1String("export")) {
        if (args.size() != 2)
            return usage();
        auto store = openProfile(db, &rc);
        if (!store)
            return rc;
        QString id = args.at(0);
        if (!store->requests().request(id)) {
            auto byReference = store->requests().idOfReference(args.at(0));
            if (!byReference && byReference.error().code == Error::NotFound)
                return fail(
                    3, Error { Error::NotFound, QStringLiteral("no request %1 in this profile").arg(args.at(0)) });
            if (!byReference)
                return fail(1, byReference.error());
            id = byReference.value();
        }
        if (Status s = efile::exportRequest(*store, id, args.at(1)); !s)
            return fail(s.error().code == Error::NotFound ? 3 : 1, s.error());
        out << "exported " << args.at(0) << " to " << args.at(1) << '\n';
        return 0;
    }
    if (command == QLatin1String("import")) {
        if (std::any_of(args.cbegin(), args.cend(), cli::isXdomeaPackage))
            return cli::runXdomeaImport(db, args); // an xdomea message: XdomeaImportCommand.cpp
        efile::IfExists mode = efile::IfExists::Refuse;
        if (args.removeAll(QStringLiteral("--merge")))
            mode = efile::IfExists::Merge;
        if (args.removeAll(QStringLiteral("--keep-both")))
            mode = efile::IfExists::KeepBoth;
        if (args.size() != 1)
            return usage();
        auto store = openProfile(db, &rc);
        if (!store)
            return rc;
        auto r = efile::importPackage(*store, args.first(), mode, QStringLiteral("clerkdesk-cli"));
        if (!r)
            return fail(r.error().code == Error::AlreadyExists ? 4
                    : r.error().code == Error::Invalid         ? 2
                                                               : 1,
                r.error());
        out << "imported " << cli::printable(r->requestId) << ": " << r->documents << " document(s), " << r->notes
            << " note(s), " << r->annotations << " annotation(s)\n";
        return 0;
    }
    return usage();
}
