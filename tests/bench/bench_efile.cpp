// ./dev bench efile [--documents N] [--mib-per-document M]: an e-file of N documents (default 200
// of 2.5 MiB, ~500 MB) exported from an encrypted store and imported into another, MB/s and peak
// RSS of each phase, side by side with Info-ZIP `zip -0` and `unzip` on the same files in the same
// run; and the same request handed over as xdomea 0401 (core/xdomea) and imported into a third
// store. Figures only; no assertions.
#include "BenchUtil.h"
#include "core/archive/EFilePackage.h"
#include "core/store/Checkpointer.h"
#include "core/store/DocumentCache.h"
#include "core/store/Store.h"
#include "core/xdomea/XdomeaExport.h"
#include "core/xdomea/XdomeaPackage.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QThread>
#include <cstdio>

using namespace clerk;

namespace {

double timed(const std::function<bool()>& f, bool* ok)
{
    QElapsedTimer t;
    t.start();
    *ok = f();
    return double(t.nsecsElapsed()) / 1e9;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    int documents = 200;
    double mib = 2.5;
    const QStringList args = app.arguments();
    if (const qsizetype i = args.indexOf(QStringLiteral("--documents")); i > 0 && i + 1 < args.size())
        documents = args.at(i + 1).toInt();
    if (const qsizetype i = args.indexOf(QStringLiteral("--mib-per-document")); i > 0 && i + 1 < args.size())
        mib = args.at(i + 1).toDouble();
    const qint64 size = qint64(mib * 1024 * 1024);
    QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/clerkdesk-bench-efile-XXXXXX"));
    std::printf("bench efile: %d documents of %.1f MiB; temp %s\n", documents, mib, qPrintable(dir.path()));
    std::fflush(stdout);

    Store source(dir.filePath(QStringLiteral("source.db")));
    if (!source.create("bench-efile-passphrase"))
        return 1;
    Request r;
    r.id = QStringLiteral("7c2a1d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e");
    r.reference = QStringLiteral("STU-2026-100000");
    r.serviceId = QStringLiteral("baumfaellung");
    r.teamId = QStringLiteral("gruenflaechen");
    r.submittedAt = QDateTime::currentDateTimeUtc();
    r.status = QStringLiteral("in_progress");
    r.applicant.name = QStringLiteral("Große Akte");
    r.version = 1;
    (void)source.upsertRequests({ r });
    DocumentCache cache(source);
    QDir().mkpath(dir.filePath(QStringLiteral("files")));
    QRandomGenerator g(9);
    qint64 total = 0;
    for (int i = 0; i < documents; ++i) {
        QByteArray bytes(size, Qt::Uninitialized);
        for (qint64 k = 0; k + 4 <= size; k += 4)
            *reinterpret_cast<quint32*>(bytes.data() + k) = g.generate();
        Document d;
        d.id = QUuid::createUuidV5(QUuid::fromString(r.id), QString::number(i)).toString(QUuid::WithoutBraces);
        d.requestId = r.id;
        d.title = QStringLiteral("Anlage %1").arg(i + 1);
        d.kind = QStringLiteral("attachment");
        d.mimeType = QStringLiteral("application/pdf");
        d.size = size;
        d.sha256 = QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
        (void)cache.upsertDocuments({ d });
        QBuffer b(&bytes);
        b.open(QIODevice::ReadOnly);
        if (!cache.putContent(d.id, b))
            return 1;
        QFile plain(dir.filePath(QStringLiteral("files/%1.pdf").arg(d.id)));
        if (!plain.open(QIODevice::WriteOnly) || plain.write(bytes) != bytes.size())
            return 1;
        total += size;
    }
    const double mb = double(total) / 1e6;
    std::printf("prepared %.0f MB in the encrypted store and as plain files\n", mb);
    std::fflush(stdout);

    bool ok = false;
    const QString package = dir.filePath(QStringLiteral("efile.zip"));
    bench::resetPeak();
    const double exportSecs = timed([&] { return efile::exportRequest(source, r.id, package).ok(); }, &ok);
    const double exportRss = double(bench::statusKb("VmHWM:")) / 1024;
    if (!ok)
        return 1;
    Store target(dir.filePath(QStringLiteral("target.db")));
    if (!target.create("bench-efile-passphrase"))
        return 1;
    bench::resetPeak();
    const double importSecs = timed(
        [&] {
            auto res = efile::importPackage(target, package, efile::IfExists::Refuse, QStringLiteral("bench"));
            if (!res)
                std::fprintf(stderr, "%s %s\n", qPrintable(res.errorString()), qPrintable(res.error().detail));
            return res.ok();
        },
        &ok);
    const double importRss = double(bench::statusKb("VmHWM:")) / 1024;
    if (!ok)
        return 1;
    // The WAL is copied into the database file on the store's checkpoint thread after the commit;
    // the peers run only once that is done, so that it does not slow them down.
    double checkpointSecs = 0;
    {
        QElapsedTimer t;
        t.start();
        while (target.checkpointer() && target.checkpointer()->busy())
            QThread::msleep(10);
        checkpointSecs = double(t.nsecsElapsed()) / 1e9;
    }

    // The same request as an xdomea hand-over (0401), imported into a third store (every file read
    // twice there: hashed before the transaction, stored inside it).
    const QString processId = xdomea::newProcessId();
    const QString xdomeaPackage = dir.filePath(xdomea::abgabeZipName(processId));
    const xdomea::Authority sender { QStringLiteral("Landeshauptstadt Stuttgart"), {}, QStringLiteral("ags:"),
        QStringLiteral("08111000"), {} };
    const xdomea::Authority receiver { QStringLiteral("Landratsamt Böblingen"), {}, QStringLiteral("ags:"),
        QStringLiteral("08115000"), {} };
    bench::resetPeak();
    const double xExportSecs = timed(
        [&] {
            auto res = xdomea::exportAbgabe(source, { r.id }, sender, receiver, processId, xdomeaPackage);
            if (!res)
                std::fprintf(stderr, "%s %s\n", qPrintable(res.errorString()), qPrintable(res.error().detail));
            return res.ok();
        },
        &ok);
    const double xExportRss = double(bench::statusKb("VmHWM:")) / 1024;
    if (!ok)
        return 1;
    Store third(dir.filePath(QStringLiteral("xdomea.db")));
    if (!third.create("bench-efile-passphrase"))
        return 1;
    bench::resetPeak();
    const double xImportSecs = timed(
        [&] {
            auto res = xdomea::importPackage(third, xdomeaPackage, { QStringLiteral("bench"), {}, {} });
            if (!res)
                std::fprintf(stderr, "%s %s\n", qPrintable(res.errorString()), qPrintable(res.error().detail));
            return res.ok();
        },
        &ok);
    const double xImportRss = double(bench::statusKb("VmHWM:")) / 1024;
    if (!ok)
        return 1;
    while (third.checkpointer() && third.checkpointer()->busy())
        QThread::msleep(10);

    // The peers: Info-ZIP on the same plain files (no encryption, no checks).
    const double zipSecs = timed(
        [&] {
            QProcess zip;
            zip.setWorkingDirectory(dir.filePath(QStringLiteral("files")));
            zip.start(QStringLiteral("zip"),
                { QStringLiteral("-0"), QStringLiteral("-q"), QStringLiteral("-r"),
                    dir.filePath(QStringLiteral("peer.zip")), QStringLiteral(".") });
            return zip.waitForFinished(600000) && zip.exitCode() == 0;
        },
        &ok);
    const double unzipSecs = timed(
        [&] {
            QProcess unzip;
            unzip.start(QStringLiteral("unzip"),
                { QStringLiteral("-q"), QStringLiteral("-o"), dir.filePath(QStringLiteral("peer.zip")),
                    QStringLiteral("-d"), dir.filePath(QStringLiteral("out")) });
            return unzip.waitForFinished(600000) && unzip.exitCode() == 0;
        },
        &ok);

    std::printf("\n| %-44s | %10s | %10s | %7s | %-8s |\n", "measure", "ClerkDesk", "Info-ZIP", "ratio", "target");
    std::printf("|----------------------------------------------|------------|------------|---------|----------|\n");
    std::printf("| %-44s | %10.1f | %10.1f | %7.2f | %-8s |\n", "export (encrypted store -> ZIP), MB/s",
        mb / exportSecs, mb / zipSecs, zipSecs / exportSecs, ">= 0.8");
    std::printf("| %-44s | %10.1f | %10.1f | %7.2f | %-8s |\n", "import (checks + store), MB/s", mb / importSecs,
        mb / unzipSecs, unzipSecs / importSecs, ">= 0.8");
    std::printf("| %-44s | %10.1f | %10s | %7s | %-8s |\n", "peak RSS during export, MiB", exportRss, "", "", "<= 150");
    std::printf("| %-44s | %10.1f | %10s | %7s | %-8s |\n", "peak RSS during import, MiB", importRss, "", "", "<= 150");
    std::printf("| %-44s | %10.1f | %10.1f | %7.2f | %-8s |\n", "xdomea 0401 export (store -> ZIP), MB/s",
        mb / xExportSecs, mb / zipSecs, zipSecs / xExportSecs, ">= 0.8");
    std::printf("| %-44s | %10.1f | %10.1f | %7.2f | %-8s |\n", "xdomea 0401 import (checks + store), MB/s",
        mb / xImportSecs, mb / unzipSecs, unzipSecs / xImportSecs, ">= 0.8");
    std::printf(
        "| %-44s | %10.1f | %10s | %7s | %-8s |\n", "peak RSS during xdomea export, MiB", xExportRss, "", "", "<= 150");
    std::printf(
        "| %-44s | %10.1f | %10s | %7s | %-8s |\n", "peak RSS during xdomea import, MiB", xImportRss, "", "", "<= 150");
    std::printf(
        "(the import's WAL checkpoint ran on the store's checkpoint thread after the commit for another %.1f s;\n"
        " the peers ran after it)\n",
        checkpointSecs);
    return 0;
}
